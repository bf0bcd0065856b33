"""kpi.sample: the sample is deterministic, realistic, scales, and its files are what they claim to be."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kpi import sample
from kpi.errors import ConfigError
from kpi.partners import partner_key
from kpi.questions import default_questions
from kpi.contracts.schema import COLUMNS, MEETING_TYPES, NOT_APPLICABLE_FOLDED, VALUE_LOOKUP, column_lookup, fold

FIXTURES = Path(__file__).parent / "fixtures"
BANK = default_questions().set_index("question_id")
END = pd.Timestamp("2026-10-31")


@pytest.fixture(scope="module")
def tables():
    return sample.make_sample()


@pytest.fixture(scope="module")
def reviews(tables):
    return tables["reviews"]


@pytest.fixture(scope="module")
def meetings(tables):
    return tables["meetings"]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    return {p.name: p for p in sample.write_sample(out)}


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    out = tmp_path_factory.mktemp("fr")
    return {p.name: p for p in sample.write_french_sample(out)}


def half(dates: pd.Series) -> pd.Series:
    return dates.dt.year.astype(str) + np.where(dates.dt.month <= 6, "-H1", "-H2")


def numeric_scores(reviews: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(reviews["score"].where(reviews["score"] != "N/A"), errors="coerce")


def normalised(reviews: pd.DataFrame) -> pd.DataFrame:
    lo = reviews["question_id"].map(BANK["scale_min"])
    hi = reviews["question_id"].map(BANK["scale_max"])
    value = 100 * (numeric_scores(reviews) - lo) / (hi - lo)
    value = value.where(~reviews["question_id"].map(BANK["reverse"]).astype(bool), 100 - value)
    return reviews.assign(norm=value, kpi=reviews["question_id"].map(BANK["kpi"]), half=half(reviews["review_date"]))


def questionnaire_mean(frame: pd.DataFrame, by: list[str]) -> pd.Series:
    return frame.groupby([*by, "review_id"])["norm"].mean().groupby(level=list(range(len(by)))).mean()


# ---------------------------------------------------------------------------------------------
# determinism and shape


def test_same_seed_gives_identical_tables():
    a, b = sample.make_sample(seed=3), sample.make_sample(seed=3)
    for name in ("reviews", "meetings"):
        pd.testing.assert_frame_equal(a[name], b[name])


def test_another_seed_gives_other_tables():
    a, b = sample.make_sample(seed=3), sample.make_sample(seed=4)
    assert not a["reviews"].equals(b["reviews"])
    assert not a["meetings"].equals(b["meetings"])


def test_columns_are_the_canonical_names(reviews, meetings):
    assert list(reviews.columns) == [c.name for c in COLUMNS["reviews"]]
    assert list(meetings.columns) == list(sample.MEETING_COLUMNS)
    assert set(meetings.columns) == {c.name for c in COLUMNS["meetings"]}
    for table, frame in (("reviews", reviews), ("meetings", meetings)):
        lookup = column_lookup(table)
        assert all(lookup[fold(c)] == c for c in frame.columns)


def test_default_sample_spans_july_2024_to_october_2026_and_stays_small(reviews, meetings):
    assert reviews["review_date"].min() >= pd.Timestamp("2024-07-01")
    assert meetings["date"].min() >= pd.Timestamp("2024-07-01")
    assert reviews["review_date"].max() <= END
    assert meetings["date"].max() < END + pd.Timedelta(days=1)
    assert meetings["date"].max() >= pd.Timestamp("2026-10-01")
    assert 1_000 <= len(reviews) <= 5_000
    assert 300 <= len(meetings) <= 2_000


def test_partner_names_start_with_the_named_six_and_stay_distinct():
    names = sample.partner_names(400)
    assert names[:6] == ["Agence Lumière", "Northwind Media", "Blue Fjord Digital", "Studio Quartz",
                         "Kestrel PR", "Atelier Nova"]
    assert len(set(names)) == 400
    assert sample.partner_names(3) == names[:3]


@pytest.mark.parametrize("partners", [1, 2, 12])
def test_any_number_of_partners(partners):
    tables = sample.make_sample(partners=partners, seed=1)
    assert tables["reviews"]["partner"].nunique() == partners
    joint = tables["meetings"]["partner"].str.contains(";", regex=False)
    assert joint.any() == (partners > 1)


def test_every_questionnaire_answers_the_whole_bank_once(reviews):
    per_review = reviews.groupby("review_id")
    assert (per_review["question_id"].nunique() == len(BANK)).all()
    assert (per_review.size() == len(BANK)).all()
    for col in ("review_date", "partner", "respondent_side"):
        assert (per_review[col].nunique() == 1).all()
    assert reviews["respondent_side"].isin(["client", "agency"]).all()


def test_both_sides_review_every_partner_every_complete_half_year(reviews):
    sides = reviews.assign(half=half(reviews["review_date"])).groupby(["partner", "half"])["respondent_side"].nunique()
    complete = sides[sides.index.get_level_values("half") < "2026-H2"]
    assert (complete == 2).all()
    assert sides.index.get_level_values("partner").nunique() == 6
    first = reviews.groupby("partner")["review_date"].min()
    assert first["Atelier Nova"] >= pd.Timestamp("2025-01-01")  # joined later
    assert (first.drop("Atelier Nova") < pd.Timestamp("2024-12-31")).all()


def test_last_half_year_is_partial(reviews):
    last = reviews[reviews["review_date"] >= pd.Timestamp("2026-07-01")]
    assert 0 < last["partner"].nunique() < 6 or (last.groupby("partner")["respondent_side"].nunique() < 2).any()


def test_several_client_respondents_one_or_two_agency(reviews):
    full = reviews[reviews["review_date"] < pd.Timestamp("2026-07-01")]
    rounds = full.assign(half=half(full["review_date"])).groupby(["partner", "half", "respondent_side"])
    counts = rounds["review_id"].nunique().unstack("respondent_side")
    assert counts["client"].min() >= 2
    assert set(counts["agency"].unique()) <= {1, 2}
    assert counts["client"].mean() > counts["agency"].mean()
    # nobody answers twice about the same partner in one round
    heads = full.dropna(subset=["respondent"]).drop_duplicates("review_id")
    heads = heads.assign(half=half(heads["review_date"]))
    assert not heads.duplicated(["partner", "half", "respondent_side", "respondent"]).any()
    assert reviews["respondent"].isna().any()  # some anonymous client answers


# ---------------------------------------------------------------------------------------------
# answers


def test_scores_are_whole_numbers_inside_each_questions_scale(reviews):
    score = numeric_scores(reviews)
    given = score.notna()
    lo = reviews["question_id"].map(BANK["scale_min"])
    hi = reviews["question_id"].map(BANK["scale_max"])
    assert ((score[given] >= lo[given]) & (score[given] <= hi[given])).all()
    assert (score[given] % 1 == 0).all()
    nps = score[reviews["question_id"] == "NPS"]
    assert nps.max() > 5  # NPS is on 0-10
    text = reviews["score"][reviews["score"].map(lambda v: isinstance(v, str))]
    assert set(text) == {"N/A"}


def test_some_answers_are_not_applicable(reviews):
    missing = numeric_scores(reviews).isna()
    assert 0.01 <= missing.mean() <= 0.06
    assert reviews["score"].isna().any()  # blank cells
    assert (reviews["score"] == "N/A").any()  # and typed N/A
    assert fold("N/A") in NOT_APPLICABLE_FOLDED


def test_importance_only_on_client_answers_inside_the_scale(reviews):
    agency = reviews["respondent_side"] == "agency"
    assert reviews.loc[agency, "importance"].isna().all()
    client = reviews[~agency]
    given = client["importance"].notna()
    assert given.mean() > 0.8
    imp = client.loc[given, "importance"]
    assert (imp >= client.loc[given, "question_id"].map(BANK["scale_min"])).all()
    assert (imp <= client.loc[given, "question_id"].map(BANK["scale_max"])).all()
    assert (imp % 1 == 0.5).any()  # a few typed 4.5
    # delivery matters more to the client than brainstorms
    by_kpi = client.groupby(client["question_id"].map(BANK["kpi"]))["importance"].mean()
    assert by_kpi["delivery"] > by_kpi["inspired"]


def test_a_few_comments_in_english_and_french(reviews):
    comments = reviews["comment"].dropna()
    assert 0.005 <= len(comments) / len(reviews) <= 0.06
    french = {t for (_, _, fr), texts in sample._COMMENTS.items() if fr for t in texts}
    english = {t for (_, _, fr), texts in sample._COMMENTS.items() if not fr for t in texts}
    assert comments.isin(french).any() and comments.isin(english).any()


def test_partners_have_personalities(reviews):
    answers = normalised(reviews)
    delivery = questionnaire_mean(answers[answers["kpi"] == "delivery"], ["partner", "respondent_side"]).unstack()
    gap = delivery["agency"] - delivery["client"]
    assert gap["Northwind Media"] >= 15  # overpromises
    assert gap["Kestrel PR"] <= -5  # underpromises
    assert gap.idxmax() == "Northwind Media" and gap.idxmin() == "Kestrel PR"

    client = answers[answers["respondent_side"] == "client"]
    by_half = questionnaire_mean(client, ["partner", "half"]).unstack("half")
    assert by_half.loc["Blue Fjord Digital", "2024-H2"] - by_half.loc["Blue Fjord Digital", "2026-H1"] >= 5
    assert by_half.loc["Studio Quartz", "2026-H1"] - by_half.loc["Studio Quartz", "2024-H2"] >= 5
    overall = questionnaire_mean(client, ["partner"])
    assert overall.idxmax() == "Agence Lumière"

    informed = questionnaire_mean(client[client["kpi"] == "informed"], ["partner"])
    assert informed.idxmin() == "Kestrel PR"  # briefed poorly


# ---------------------------------------------------------------------------------------------
# meetings


def test_every_meeting_type_is_present(meetings):
    assert set(meetings["meeting_type"]) == set(MEETING_TYPES)


def test_joint_meetings_list_two_or_three_known_partners(meetings, reviews):
    joint = meetings.loc[meetings["partner"].str.contains(";", regex=False), "partner"]
    assert len(joint) >= 10
    names = joint.str.split("; ")
    assert names.map(len).between(2, 3).all()
    assert names.map(lambda n: len(set(n)) == len(n)).all()
    assert set(names.explode()) <= set(reviews["partner"])
    assert names.map(lambda n: "Atelier Nova" in n).sum() <= 3  # works alone


def test_actions_closed_never_exceed_opened(meetings):
    both = meetings.dropna(subset=["actions_opened", "actions_closed"])
    assert (both["actions_closed"] <= both["actions_opened"]).all()
    assert (meetings["actions_opened"].dropna() >= 0).all()
    assert meetings["actions_opened"].isna().any() and meetings["actions_closed"].isna().any()
    assert (both["actions_closed"] < both["actions_opened"]).any()


def test_agenda_durations_and_notes_look_typed(meetings):
    assert set(meetings["agenda_shared"].dropna()) == {"yes", "no"}
    assert meetings["agenda_shared"].isna().any()
    durations = meetings["duration_min"].dropna()
    assert (durations > 0).all() and meetings["duration_min"].isna().any()
    assert meetings.groupby("meeting_type")["duration_min"].median()["qbr"] > \
        meetings.groupby("meeting_type")["duration_min"].median()["status"]
    assert meetings["notes"].notna().mean() < 0.3
    assert meetings["meeting_id"].is_unique
    assert meetings["date"].is_monotonic_increasing
    assert (meetings["date"].dt.day_of_week < 5).all()


def test_meeting_cadences_differ_between_partners(meetings):
    per_partner = meetings["partner"].str.split("; ").explode().value_counts()
    assert per_partner["Agence Lumière"] > 1.5 * per_partner["Kestrel PR"]
    qbrs = meetings[meetings["meeting_type"] == "qbr"]["partner"].str.split("; ").explode().value_counts()
    assert qbrs["Agence Lumière"] >= 7  # about one a quarter over ten quarters


# ---------------------------------------------------------------------------------------------
# scaling


def test_answers_scale_the_sample_quickly():
    started = time.perf_counter()
    big = sample.make_sample(answers=200_000, seed=11)
    elapsed = time.perf_counter() - started
    reviews, meetings = big["reviews"], big["meetings"]
    assert 190_000 <= len(reviews) <= 210_000
    assert 0.01 <= len(meetings) / len(reviews) <= 0.04
    assert reviews["partner"].nunique() > 6
    assert set(meetings["meeting_type"]) == set(MEETING_TYPES)
    assert elapsed < 10, f"200k answers took {elapsed:.1f}s"


@pytest.mark.parametrize("kwargs", [{"partners": 0}, {"answers": 0}, {"start": "2026-01-01", "end": "2025-01-01"}])
def test_bad_arguments_are_config_errors(kwargs):
    with pytest.raises(ConfigError):
        sample.make_sample(**kwargs)


def test_unknown_format_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="pdf"):
        sample.write_sample(tmp_path, formats=("pdf",))


# ---------------------------------------------------------------------------------------------
# written files


def test_write_sample_writes_a_workbook_and_two_csv_files(written):
    assert list(written) == ["partnership_sample.xlsx", "reviews.csv", "meetings.csv"]
    assert all(p.stat().st_size < 1_000_000 for p in written.values())


def test_workbook_has_three_sheets_with_real_dates(written, reviews, meetings):
    sheets = pd.read_excel(written["partnership_sample.xlsx"], sheet_name=None, engine="calamine",
                           dtype={"review_id": str, "meeting_id": str})
    assert list(sheets) == ["reviews", "meetings", "questions"]
    assert len(sheets["reviews"]) == len(reviews) and len(sheets["meetings"]) == len(meetings)
    assert pd.api.types.is_datetime64_any_dtype(sheets["reviews"]["review_date"])
    assert pd.api.types.is_datetime64_any_dtype(sheets["meetings"]["date"])
    assert (sheets["meetings"]["date"].to_numpy() == meetings["date"].to_numpy()).all()
    bank = sheets["questions"]
    assert list(bank.columns) == list(sample.QUESTION_COLUMNS)
    assert bank["question_id"].tolist() == BANK.index.tolist()
    assert set(bank["reverse"]) == {"yes", "no"}
    with zipfile.ZipFile(written["partnership_sample.xlsx"]) as book:
        xml = "".join(book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml  # text is never written as a formula


def test_csv_files_are_utf8_commas_and_iso_dates(written, reviews):
    text = written["reviews.csv"].read_bytes().decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == ",".join(sample.REVIEW_COLUMNS)
    assert len(lines) == len(reviews) + 1
    frame = pd.read_csv(written["reviews.csv"], dtype=str, keep_default_na=False)
    assert frame["review_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert not frame["importance"].str.endswith(".0").any()  # typed as 4, not 4.0
    assert "N/A" in set(frame["score"]) and "" in set(frame["score"])
    meetings = pd.read_csv(written["meetings.csv"], dtype=str, keep_default_na=False)
    assert meetings["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}").all()
    assert not meetings["duration_min"].str.endswith(".0").any()
    assert csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter == ","


def test_csv_only_for_big_outputs(tmp_path):
    paths = sample.write_sample(tmp_path, partners=2, formats=("csv",))
    assert [p.name for p in paths] == ["reviews.csv", "meetings.csv"]


# ---------------------------------------------------------------------------------------------
# French export


def test_french_files_are_windows_1252_not_utf8(french):
    assert list(french) == ["revues_fr.csv", "reunions_fr.csv", "questionnaire_wide_fr.csv"]
    for path in french.values():
        data = path.read_bytes()
        data.decode("cp1252")
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert b"\r\n" in data
    assert b"\x92" in french["reunions_fr.csv"].read_bytes()  # ’: Windows-1252 only


def read_french(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)


def test_french_headers_map_to_the_canonical_columns(french):
    reviews, meetings = read_french(french["revues_fr.csv"]), read_french(french["reunions_fr.csv"])
    assert ";".join(reviews.columns) == ("Identifiant revue;Date de la revue;Agence;Côté;Répondant;Code question;"
                                         "Note;Importance de l'item;Commentaire")
    assert ";".join(meetings.columns) == ("Date de la réunion;Partenaires;Type de réunion;Durée (min);"
                                          "Ordre du jour partagé;Actions décidées;Actions clôturées;Compte rendu")
    for table, frame in (("reviews", reviews), ("meetings", meetings)):
        lookup = column_lookup(table)
        mapped = [lookup.get(fold(c)) for c in frame.columns]
        assert None not in mapped and len(set(mapped)) == len(mapped)


def test_french_values_fold_to_known_values(french):
    reviews, meetings = read_french(french["revues_fr.csv"]), read_french(french["reunions_fr.csv"])
    assert set(reviews["Côté"]) == {"Annonceur", "Agence"}
    assert {VALUE_LOOKUP["side"][fold(v)] for v in reviews["Côté"]} == {"client", "agency"}
    assert {VALUE_LOOKUP["meeting_type"][fold(v)] for v in meetings["Type de réunion"]} == set(MEETING_TYPES)
    agenda = meetings["Ordre du jour partagé"]
    assert set(agenda) == {"oui", "non", ""}
    assert "Sans objet" in set(reviews["Note"])
    assert fold("Sans objet") in NOT_APPLICABLE_FOLDED


def test_french_dates_are_day_first(french):
    reviews, meetings = read_french(french["revues_fr.csv"]), read_french(french["reunions_fr.csv"])
    assert reviews["Date de la revue"].str.fullmatch(r"\d{2}/\d{2}/\d{4}").all()
    assert meetings["Date de la réunion"].str.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}").all()
    assert (reviews["Date de la revue"].str[:2].astype(int) > 12).any()  # unambiguous: day comes first
    parsed = pd.to_datetime(meetings["Date de la réunion"], format="%d/%m/%Y %H:%M")
    assert parsed.min() >= pd.Timestamp("2024-07-01") and parsed.max() <= END + pd.Timedelta(days=1)


def test_french_numbers_use_a_decimal_comma(french):
    reviews, meetings = read_french(french["revues_fr.csv"]), read_french(french["reunions_fr.csv"])
    for column in (reviews["Importance de l'item"], meetings["Durée (min)"]):
        assert not column.str.contains(".", regex=False).any()
    assert reviews["Importance de l'item"].str.fullmatch(r"\d,5").any()
    assert meetings["Durée (min)"].str.fullmatch(r"\d+,5").any()


def test_french_partner_names_are_typed_unevenly_but_name_six_partners(french):
    reviews, meetings = read_french(french["revues_fr.csv"]), read_french(french["reunions_fr.csv"])
    assert reviews["Agence"].nunique() > 6
    assert {" agence  lumière ", "AGENCE LUMIÈRE"} & set(reviews["Agence"])
    keys = partner_key(reviews["Agence"])
    assert keys.nunique() == 6
    first_seen = reviews.groupby(keys, sort=False)["Agence"].first()
    assert set(first_seen) == set(sample.partner_names(6))
    joint = meetings["Partenaires"][meetings["Partenaires"].str.contains(";", regex=False)]
    assert len(joint) >= 10
    raw = french["reunions_fr.csv"].read_bytes().decode("cp1252")
    assert re.search(r';"[^";]+; [^"]+";', raw)  # joint lists are quoted: they hold the delimiter


def test_french_long_files_hold_the_english_sample(french, reviews, meetings):
    fr = read_french(french["revues_fr.csv"])
    assert fr["Identifiant revue"].tolist() == reviews["review_id"].tolist()
    assert fr["Code question"].tolist() == reviews["question_id"].tolist()
    english_scores = reviews["score"].map(lambda v: "" if v is None else ("Sans objet" if v == "N/A" else str(v)))
    assert fr["Note"].tolist() == english_scores.tolist()
    importance = pd.to_numeric(fr["Importance de l'item"].str.replace(",", "."), errors="coerce")
    pd.testing.assert_series_equal(importance, reviews["importance"], check_names=False)
    fr_meetings = read_french(french["reunions_fr.csv"])
    assert len(fr_meetings) == len(meetings)
    parsed = pd.to_datetime(fr_meetings["Date de la réunion"], format="%d/%m/%Y %H:%M")
    assert (parsed.to_numpy() == meetings["date"].to_numpy()).all()


def test_french_wide_questionnaire_has_one_column_per_question(french, reviews):
    wide = read_french(french["questionnaire_wide_fr.csv"])
    ids = ["Identifiant revue", "Date", "Agence", "Côté", "Répondant"]
    assert list(wide.columns[:5]) == ids
    lookup = column_lookup("reviews")
    assert [lookup[fold(c)] for c in ids] == ["review_id", "review_date", "partner", "respondent_side", "respondent"]
    by_text = {fold(t): q for q, t in BANK["text_fr"].items()}
    assert [by_text.get(fold(c)) for c in wide.columns[5:]] == BANK.index.tolist()
    assert "Le partenaire livre dans les délais." in wide.columns
    assert wide["Identifiant revue"].is_unique
    dates = pd.to_datetime(wide["Date"], format="%d/%m/%Y")
    assert dates.min() >= pd.Timestamp("2026-01-01") and dates.max() <= pd.Timestamp("2026-06-30")
    assert set(wide["Côté"]) == {"Annonceur", "Agence"}
    one = reviews[reviews["review_id"] == wide["Identifiant revue"].iloc[0]]
    assert wide.iloc[0, 5:].tolist() == [
        "" if v is None else ("Sans objet" if v == "N/A" else str(v)) for v in one["score"]]


# ---------------------------------------------------------------------------------------------
# reader fixtures (tests/fixtures): documented, and what they claim to be


def fixture_files() -> set[str]:
    return {p.name for p in FIXTURES.iterdir() if p.is_file() and p.name not in ("README.md", "make_fixtures.py")}


def test_every_fixture_is_documented_and_every_documented_fixture_exists():
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([\w.]+\.(?:csv|tsv|xlsx|xls))`", readme))
    assert fixture_files() == named


def test_fixtures_match_their_generator(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "HERE", tmp_path)
    module.main()
    assert {p.name for p in tmp_path.iterdir()} == fixture_files()
    for path in tmp_path.iterdir():
        assert path.read_bytes() == (FIXTURES / path.name).read_bytes(), path.name


@pytest.mark.parametrize("name", ["fr_reviews_cp1252.csv", "fr_meetings_cp1252.csv"])
def test_french_fixtures_are_windows_1252(name):
    data = (FIXTURES / name).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode("cp1252").splitlines()[0].count(";") >= 7
    assert b"\r\n" in data


@pytest.mark.parametrize("name,sep,table", [
    ("fr_reviews_cp1252.csv", ";", "reviews"), ("fr_meetings_cp1252.csv", ";", "meetings"),
    ("reviews_utf8_bom.csv", ",", "reviews"), ("reviews_tab.tsv", "\t", "reviews"),
    ("meetings_pipe.csv", "|", "meetings"), ("bad_reviews.csv", ",", "reviews"),
    ("bad_meetings.csv", ",", "meetings"),
])
def test_fixture_headers_map_to_canonical_columns(name, sep, table):
    data = (FIXTURES / name).read_bytes()
    encoding = "cp1252" if "cp1252" in name else "utf-8-sig"
    frame = pd.read_csv(io.BytesIO(data), sep=sep, encoding=encoding, dtype=str, keep_default_na=False)
    lookup = column_lookup(table)
    mapped = [lookup.get(fold(c)) for c in frame.columns]
    assert None not in mapped and len(set(mapped)) == len(mapped)
    assert len(frame) >= 4


def test_binary_and_broken_fixtures():
    assert (FIXTURES / "empty.csv").stat().st_size == 0
    assert (FIXTURES / "reviews_utf8_bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (FIXTURES / "not_a_spreadsheet.csv").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert (FIXTURES / "old_format.xls").read_bytes().startswith(bytes.fromhex("d0cf11e0a1b11ae1"))
    broken = (FIXTURES / "broken.xlsx").read_bytes()
    assert broken.startswith(b"PK\x03\x04")
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(broken))


def test_workbook_fixture_keeps_text_ids_and_a_notes_sheet():
    sheets = pd.read_excel(FIXTURES / "workbook_all.xlsx", sheet_name=None, engine="calamine",
                           dtype={"review_id": str, "meeting_id": str})
    assert list(sheets) == ["Notes", "reviews", "meetings", "questions"]
    assert sheets["reviews"]["review_id"].iloc[0] == "007"
    assert pd.api.types.is_datetime64_any_dtype(sheets["reviews"]["review_date"])
    assert pd.api.types.is_datetime64_any_dtype(sheets["meetings"]["date"])
    assert "CUS1" in set(sheets["questions"]["question_id"])
