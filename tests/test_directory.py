"""The partner directory (METHODOLOGY §1.8): a fourth table recognised like the others, checked, and used:
its aliases unify partner spellings in reviews and meetings, its domains and names find a calendar
event's partners."""

import pandas as pd
import pytest

from kpi.directory import Directory, phrase, split_list
from kpi.ingest.files import Source
from kpi.scoring import score_table, scores_csv_frame
from kpi.validate.dataset import load

DIRECTORY = ("partner,email_domains,aliases\n"
             "Kestrel PR,kestrel-pr.com; kestrel.fr,Kestrel; KPR\n"
             "Agence Lumière,lumiere-agence.fr,Lumière; AL\n")
REVIEWS = ("review_id,review_date,partner,respondent_side,question_id,score\n"
           "1,2026-03-01,KPR,client,INF1,4\n"
           "2,2026-03-02,Kestrel PR,agency,INF1,5\n"
           "3,2026-03-03,kestrel,client,INF1,3\n"
           "4,2026-03-04,Northwind,client,INF1,2\n")
MEETINGS = ("date,partner,meeting_type\n"
            "2026-03-05,KPR; lumière,workshop\n"
            "2026-03-06,Agence  Lumière,status\n"
            "2026-03-07,Northwind,qbr\n")


def _load(*files: tuple[str, str]):
    return load([Source(name, text.encode()) for name, text in files])


def test_the_directory_is_recognised_by_its_columns_in_english_and_french():
    for text in (DIRECTORY, "Partenaire;Domaines;Alias\nKestrel PR;kestrel-pr.com;KPR\n",
                 "Nom,Domaine email,Mots clés\nKestrel PR,kestrel-pr.com,KPR\n"):
        data = _load(("annuaire.csv", text))
        assert [load_.table for load_ in data.loads] == ["partners"]
        assert data.ok and data.partners["partner"].iloc[0] == "Kestrel PR"


def test_aliases_unify_partner_spellings_in_reviews_and_meetings():
    data = _load(("partners.csv", DIRECTORY), ("reviews.csv", REVIEWS), ("meetings.csv", MEETINGS))
    assert data.ok
    assert data.reviews["partner"].tolist() == ["Kestrel PR", "Kestrel PR", "Kestrel PR", "Northwind"]
    assert data.reviews["partner_key"].tolist() == ["kestrel pr", "kestrel pr", "kestrel pr", "northwind"]
    assert data.meetings["partner"].tolist() == ["Kestrel PR; Agence Lumière", "Agence Lumière", "Northwind"]
    scores = scores_csv_frame(score_table(data.reviews, data.meetings, data.questions))
    assert sorted(scores["partner"].unique()) == ["Agence Lumière", "Kestrel PR", "Northwind"]


def test_without_a_directory_nothing_is_unified():
    data = _load(("reviews.csv", REVIEWS))
    assert data.partners is None
    assert data.reviews["partner"].tolist() == ["KPR", "Kestrel PR", "kestrel", "Northwind"]


@pytest.mark.parametrize("rows, row, column, code, words", [
    ("Kestrel PR,kestrel-pr.com,\n kestrel  pr ,kpr.io,\n", 3, "partner", "duplicate_partner", "row 2"),
    ("Kestrel PR,kestrel pr.com,\n", 2, "email_domains", "bad_domain", "kestrel pr.com"),
    ("Kestrel PR,kestrel-pr.com,\nOther,Kestrel-PR.com,\n", 3, "email_domains", "domain_taken", "Kestrel PR"),
    ("Kestrel PR,,KPR\nOther,,kpr\n", 3, "aliases", "alias_taken", "Kestrel PR"),
    ("Kestrel PR,,\nOther,,Kestrel PR\n", 3, "aliases", "alias_taken", "Kestrel PR"),  # another's name
    (",kestrel-pr.com,\n", 2, "partner", "blank", "partner"),
])
def test_a_directory_row_that_breaks_a_rule_is_rejected_and_says_why(rows, row, column, code, words):
    data = _load(("partners.csv", "partner,email_domains,aliases\n" + rows))
    errors = data.errors
    assert errors[["row", "column", "code"]].values.tolist() == [[row, column, code]]
    assert words in data.report().loc[errors.index[0], "problem"]


def test_domains_as_people_write_them():
    assert split_list(" kestrel-pr.com ;kestrel.fr;; ") == ["kestrel-pr.com", "kestrel.fr"]
    directory = Directory.from_table(pd.DataFrame({"partner": ["Kestrel PR"], "email_domains": ["@Kestrel-PR.com."],
                                                   "aliases": [None]}))
    assert directory.partner_of_domain("kestrel-pr.com") == "Kestrel PR"
    assert directory.partner_of_domain("mail.Kestrel-PR.com") == "Kestrel PR"
    assert directory.partner_of_domain("kestrel-pr.com.evil.io") is None
    assert directory.by_addresses("Paul <paul@mail.kestrel-pr.com>; x@acme.com") == ["Kestrel PR"]


def test_phrases_are_whole_words_folded():
    assert phrase("Kestrel-PR, Paris!") == " kestrel pr paris "
    directory = Directory.from_table(pd.DataFrame({"partner": ["Agence Lumière"], "email_domains": [None],
                                                   "aliases": ["AL; Lumière"]}))
    assert directory.by_phrases("Point LUMIERE") == ["Agence Lumière"]
    assert directory.by_phrases("Alpha team") == []  # 'AL' is no word of 'Alpha'
    assert directory.unify(pd.Series(["al", "AGENCE lumiere", "x; Lumière", None], dtype="str")).tolist()[:3] == [
        "Agence Lumière", "Agence Lumière", "x; Agence Lumière"]


def test_an_analyst_adds_a_partner_a_domain_and_an_alias_checked_by_the_table_rules():
    from kpi.directory import checked, with_entry

    table = load([Source("partners.csv", DIRECTORY.encode())]).partners
    grown = with_entry(with_entry(with_entry(table, "Nouvelle Agence", domain="nouvelle.fr"),
                                  "kestrel pr", domain="@KPR.io"), "Kestrel PR", alias="Kestrel Paris")
    clean, problems = checked(grown)
    assert problems == [] and clean["partner"].tolist()[-1] == "Nouvelle Agence"
    assert with_entry(grown, "Kestrel PR", alias="kestrel paris").equals(grown)  # already there: unchanged
    kestrel = clean.set_index("partner").loc["Kestrel PR"]
    assert kestrel["email_domains"].endswith("@KPR.io") and kestrel["aliases"].endswith("Kestrel Paris")
    taken_domain = with_entry(table, "Nouvelle Agence", domain=table["email_domains"][0].split(";")[0])
    assert checked(taken_domain)[0] is None
    assert "already" in checked(taken_domain)[1][0]
    assert checked(with_entry(table, "x", domain="not a domain"))[0] is None
