"""The survey-export rules of METHODOLOGY §8, on tiny inline exports with hand-computed expectations."""

import csv
import io

import numpy as np
import pandas as pd
import pytest

from kpi.ingest.mapping import IGNORE, Mapping, Profile
from kpi.ingest.surveys import answer_scores, is_comment_header, is_side_header, match_question, side_of
from kpi.questions import default_questions
from kpi.ingest.files import Source
from kpi.scoring import score_table, scores_csv_frame
from kpi.validate.dataset import load

BANK = default_questions()
INF1 = "Briefs state goals, audience, budget and timeline up front."
DEL2 = "The partner delivers on time."
NPS = "How likely are you to recommend working with this partner?"


def csv_bytes(rows, sep=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def qualtrics(rows, questions=(("Q1", INF1), ("Q2", DEL2))):
    """A modern Qualtrics export: codes, texts, ImportId rows, then `rows` of
    (status, finished, response id, email, partner, side, *answers, comment)."""
    codes = ["StartDate", "EndDate", "Status", "Progress", "Finished", "RecordedDate", "ResponseId", "RecipientEmail",
             "DistributionChannel", "QP", "QS", *[c for c, _ in questions], "QC"]
    texts = ["Start Date", "End Date", "Response Type", "Progress", "Finished", "Recorded Date", "Response ID",
             "Recipient Email", "Distribution Channel", "Which agency are you rating?", "You are:",
             *[t for _, t in questions], "Any other comments?"]
    imports = ['{"ImportId":"%s"}' % c for c in codes]
    body = []
    for status, finished, rid, email, partner, side, *answers in rows:
        *scores, comment = answers
        body.append(["2026-03-01 10:00:00", "2026-03-01 10:05:00", status, "100", finished, "2026-03-01 10:05:01",
                     rid, email, "anonymous", partner, side, *scores, comment])
    return csv_bytes([codes, texts, imports, *body])


# ---------------------------------------------------------------- answers


@pytest.mark.parametrize("text, lo, hi, expected", [
    ("4", 1, 5, 4.0), ("4,5", 1, 5, 4.5), ("5 - Strongly agree", 1, 5, 5.0), ("10 = Extremely likely", 0, 10, 10.0),
    ("Strongly agree", 1, 5, 5.0), ("agree", 1, 5, 4.0), ("Neutral", 1, 5, 3.0), ("Strongly disagree", 1, 5, 1.0),
    ("Agree", 0, 10, 7.5), ("Tout à fait d'accord", 1, 5, 5.0), ("Plutôt pas d'accord", 1, 5, 2.0),
    ("Excellent", 1, 5, 5.0), ("Fair", 1, 5, 3.0), ("très mauvais", 1, 5, 1.0), ("Souvent", 1, 5, 4.0),
    ("Never", 1, 5, 1.0),
])
def test_answer_scores_reads_numbers_leading_numbers_and_labels(text, lo, hi, expected):
    scores, problem = answer_scores(pd.Series([text], dtype=object), lo, hi)
    assert scores.iloc[0] == expected
    assert problem.iloc[0] == ""


@pytest.mark.parametrize("text", ["N/A", "Not applicable", "Don't know", "Sans objet", "Ne sais pas",
                                  "Non concerné", "-99", "-1"])
def test_not_applicable_answers_are_blank_scores_not_errors(text):
    scores, problem = answer_scores(pd.Series([text], dtype=object), 1, 5)
    assert scores.iloc[0] is None
    assert problem.iloc[0] == ""


def test_an_unknown_text_is_a_problem_naming_the_columns_label_set():
    scores, problem = answer_scores(pd.Series(["Agree", "Aagree", "Disagree", None], dtype=object), 1, 5)
    assert scores.tolist()[:3] == [4.0, "Aagree", 2.0]
    assert problem.tolist() == ["", "not_a_label_agreement", "", ""]


def test_a_settled_label_wins_over_the_rules():
    scores, problem = answer_scores(pd.Series(["Aagree", "Agree"], dtype=object), 1, 5, {"aagree": 4})
    assert scores.tolist() == [4.0, 4.0]
    assert problem.tolist() == ["", ""]


@pytest.mark.parametrize("value, side", [
    ("Client (advertiser)", "client"), ("Annonceur", "client"), ("Brand side", "client"), ("Agency", "agency"),
    ("Agence partenaire", "agency"), ("I work at a supplier", "agency"), ("Client agency", "Client agency"),
    ("Other", "Other"),
])
def test_side_from_the_answer_to_a_role_question(value, side):
    assert side_of(pd.Series([value])).iloc[0] == side


@pytest.mark.parametrize("header, code, qid", [
    (INF1, "", "INF1"),
    ("Les briefs précisent dès le départ objectifs, cible, budget et calendrier.", "", "INF1"),
    (f"Rate each statement [{DEL2}]", "", "DEL2"),
    (f"How much do you agree? - {DEL2}", "", "DEL2"),
    ("INF1. Briefs are clear", "", "INF1"),
    ("inf1 - anything", "", "INF1"),
    ("Briefs are clear", "INF1", "INF1"),
    ("Briefs state goals, audience, budget a...", "", "INF1"),
    ("How likely are you to recommend…", "", "NPS"),
    ("Briefs state goals...", "", None),  # under 30 characters: too short to be sure
    ("What is your favourite colour?", "Q7", None),
])
def test_question_columns_match_the_bank_by_text_grid_row_id_or_prefix(header, code, qid):
    assert match_question(header, code, BANK) == qid


@pytest.mark.parametrize("header, comment", [
    ("Any other comments?", True), ("Comments", True), ("Comment on the brief", True), ("Comment:", True),
    ("Autres commentaires", True), ("Remarques", True), ("Anything else you'd like to tell us?", True),
    ("Comment évaluez-vous la livraison de l'agence ?", False), ("Comment jugez-vous nos réunions ?", False),
    ("Comment le partenaire a-t-il tenu les délais ?", False), ("Comment vous sentez-vous ?", False),
    ("Comment évaluez-vous l'agence ? Commentaires", True), ("Which agency are you rating?", False),
])
def test_comment_columns_are_free_text_not_french_how_questions(header, comment):
    assert is_comment_header(header) is comment


@pytest.mark.parametrize("header, side", [
    ("You are:", True), ("You are", True), ("ROLE. You are:", True), ("Q2 Vous êtes :", True),
    ("You are (select one)", True), ("You are a", True), ("Are you the client or the agency? You are…", True),
    ("What is your role?", True), ("Respondent type", True), ("Which company do you work for?", True),
    ("Votre rôle dans le projet", True),
    ("You are a client or an agency?", True), ("Vous êtes client ou agence ?", True),
    # Real LimeSurvey exports: "you are" inside questions about something else is no side question.
    ("Date you are born", False),
    ("Please indicate the number of questions you are happy to answer below.", False),
    ("Which agency are you rating?", False), ("How old are you?", False), ("You are happy with the agency?", False),
])
def test_side_questions_are_told_from_questions_that_merely_say_you_are(header, side):
    assert is_side_header(header) is side


def test_a_you_are_inside_another_question_is_no_side_column_and_leaves_its_rows_kept():
    # Mirrors a real LimeSurvey full-heading export: "Date you are born" was taken as the side question,
    # and the finished responses, blank in it, were dropped as empty.
    rows = [["Response ID", "Date submitted", "Last page", "How old are you?", "Date you are born"],
            ["1", "2021-09-24 11:39:34", "4", "31-40", ""], ["4", "", "3", "18-21", "2000-01-01"]]
    survey = load([Source("lime.csv", csv_bytes(rows))]).loads[0].raw.survey
    assert "respondent_side" not in survey.mapping
    assert survey.needs == ["partner", "respondent_side", "questions"]
    assert {reason: len(pos) for reason, pos in survey.dropped.items()} == {"unfinished": 1}


def test_a_response_answering_only_columns_still_to_settle_is_not_dropped_as_empty():
    rows = [["Timestamp", "Which agency are you rating?", "You are:", INF1, "Odd question"],
            ["2026/03/01 10:00:00", "", "", "", "Yes"], ["2026/03/01 11:00:00", "", "", "", ""]]
    survey = load([Source("form.csv", csv_bytes(rows))]).loads[0].raw.survey
    assert survey.unmatched == ["Odd question"]
    assert {reason: pos.tolist() for reason, pos in survey.dropped.items()} == {"empty": [1]}
    # Once the mapping ignores the column, nothing of the first response is left: it is empty too.
    ignored = Mapping(questions={"Odd question": IGNORE})
    survey = load([Source("form.csv", csv_bytes(rows), mapping=ignored)]).loads[0].raw.survey
    assert {reason: pos.tolist() for reason, pos in survey.dropped.items()} == {"empty": [0, 1]}


# ---------------------------------------------------------------- a whole export


def test_qualtrics_export_keeps_real_responses_and_counts_the_dropped_by_reason():
    data = qualtrics([
        ("0", "1", "R_1", "ann@brand.com", "Northwind", "Client (advertiser)", "Agree", "5", "Great"),
        ("1", "1", "R_2", "", "Northwind", "Agency", "Agree", "4", ""),          # Survey Preview
        ("Survey Test", "True", "R_3", "", "Northwind", "Agency", "4", "4", ""),  # test, as text
        ("0", "0", "R_4", "", "Northwind", "Agency", "4", "", ""),               # unfinished
        ("8", "1", "R_5", "", "Northwind", "Agency", "4", "4", ""),               # spam
        ("0", "1", "R_6", "", "", "", "", "", ""),                                # empty
        ("0", "1", "R_7", "bob@nw.com", "Northwind", "Agency", "Strongly agree", "N/A", ""),
    ])
    result = load([Source("q.csv", data)])
    (table,) = result.loads
    assert table.raw.format == "qualtrics" and table.raw.header_rows == 3
    assert table.rows_read == 7
    assert {r: len(p) for r, p in table.dropped.items()} == {"preview": 1, "test": 1, "unfinished": 1, "spam": 1,
                                                              "empty": 1}
    assert table.n_valid == 2 and table.n_rejected == 0
    assert table.rows_read == table.n_valid + table.n_rejected + table.n_dropped
    reviews = result.reviews
    assert reviews["review_id"].tolist() == ["R_1", "R_1", "R_7", "R_7"]
    # Rows as the user sees them: three header rows, so the first response is row 4 and R_7 row 10.
    assert reviews["source_row"].tolist() == [4, 4, 10, 10]
    assert reviews["respondent_side"].tolist() == ["client", "client", "agency", "agency"]
    assert reviews["respondent"].tolist() == ["ann@brand.com", "ann@brand.com", "bob@nw.com", "bob@nw.com"]
    assert reviews["score"].tolist()[:3] == [4.0, 5.0, 5.0] and np.isnan(reviews["score"].iloc[3])
    assert reviews["comment"].iloc[0] == "Great"
    dropped = result.dropped_rows()
    assert dropped["row"].tolist() == [5, 6, 7, 8, 9]
    assert dropped["reason"].tolist() == ["survey preview", "survey test", "unfinished", "spam", "empty"]
    notes = result.report()
    assert "1 survey preview response(s) left out (file rows: 5)" in notes["problem"].tolist()


def test_a_text_that_is_no_label_is_rejected_on_its_cell_with_the_row_the_user_sees():
    data = qualtrics([
        ("0", "1", "R_1", "", "Northwind", "Client", "Agree", "5", ""),
        ("0", "1", "R_2", "", "Northwind", "Client", "Aagree", "4", ""),
    ])
    result = load([Source("q.csv", data)])
    errors = result.report()
    errors = errors[errors["severity"] == "error"]
    assert errors[["row", "column", "value"]].values.tolist() == [[5, INF1, "Aagree"]]
    assert "not a label of the agreement scale" in errors["problem"].iloc[0]
    assert result.loads[0].n_rejected == 1


def test_no_partner_question_needs_a_mapping_then_a_constant_settles_it():
    rows = [["Timestamp", "Email Address", "You are:", INF1], ["2026/03/01 10:00:00", "a@b.com", "Client", "4"]]
    alone = load([Source("form.csv", csv_bytes(rows))])
    assert alone.loads[0].raw.format == "google_forms"
    assert alone.loads[0].raw.survey.needs == ["partner"]
    assert alone.loads[0].n_rejected == 1
    assert "no column names the partner" in alone.report()["problem"].iloc[0]
    settled = load([Source("form.csv", csv_bytes(rows), mapping=Mapping(partner="Northwind"))])
    assert settled.ok
    assert settled.reviews[["review_id", "partner", "question_id", "score"]].values.tolist() == [
        ["2", "Northwind", "INF1", 4.0]]


def test_a_response_that_answers_nothing_is_kept_and_its_cells_are_checked():
    # Found by tests/test_properties.py: it was neither kept, rejected nor dropped (§8 drops only responses
    # whose question, partner and side cells are all blank).
    rows = [["Timestamp", "Which agency are you rating?", "You are:", INF1],
            ["2026/03/01 10:00:00", "Northwind", "Client", ""], ["soon", "Kestrel", "Agency", ""]]
    data = load([Source("form.csv", csv_bytes(rows))])
    errors = data.report().query("severity == 'error'")
    assert errors[["row", "column", "value"]].values.tolist() == [[3, "Timestamp", "soon"]]
    assert data.summary().loc[0, ["rows_read", "valid", "rejected", "dropped"]].tolist() == [2, 1, 1, 0]
    assert data.reviews[["review_id", "partner", "question_id"]].values.tolist() == [["2", "Northwind", "INF1"]]
    assert data.reviews["score"].isna().all()


def test_an_export_where_no_column_is_a_bank_question_is_rejected_not_emptied():
    # Found by tests/test_properties.py: a long table whose first column is `timestamp` reads as Google Forms;
    # none of its columns is a question, so every response vanished without a word.
    rows = [["timestamp", "partner", "score", "respondent_side", "question_id", "review_id"],
            ["2026/03/01 10:00:00", "Northwind", "4", "client", "INF1", "R1"]]
    data = load([Source("form.csv", csv_bytes(rows))])
    assert data.loads[0].raw.format == "google_forms"
    errors = data.report().query("severity == 'error'")
    assert errors["problem"].tolist() == ["no column is a question of the bank, so no answer can be read: assign the "
                                          "question columns to bank questions in the mapping step on the Upload "
                                          "page (command line: --profile)"]
    assert data.summary().loc[0, ["rows_read", "valid", "rejected"]].tolist() == [1, 0, 1]


def test_a_saved_profile_applies_to_the_next_file_of_the_same_shape():
    rows = [["Timestamp", "Email Address", "Agence", "Rôle", "Odd question"],
            ["04/03/2026 10:00:00", "a@b.com", "Lumière", "Annonceur", "Bof"]]
    first = load([Source("a.csv", csv_bytes(rows))])
    raw = first.loads[0].raw
    assert "questions" in raw.survey.needs
    profile = Profile("forms", raw.layout.signature, Mapping(side_column="Rôle", questions={"Odd question": "INS1"},
                                                             labels={"Bof": 2}))
    second = load([Source("b.csv", csv_bytes(rows))], profiles=[profile])
    assert second.ok
    assert second.reviews[["partner", "respondent_side", "question_id", "score"]].values.tolist() == [
        ["Lumière", "client", "INS1", 2.0]]
    assert "the saved mapping 'forms' was applied" in " ".join(second.report()["problem"])


def test_comment_columns_are_joined():
    rows = [["Timestamp", "Which partner?", "You are", INF1, "Comments on briefs", "Anything else?"],
            ["2026-03-01", "Northwind", "Client", "4", "Clear", "Thanks"]]
    result = load([Source("form.csv", csv_bytes(rows))])
    assert result.reviews["comment"].tolist() == ["Clear / Thanks"]


def test_a_survey_export_scores_like_the_equivalent_long_table():
    export = qualtrics([
        ("0", "1", "R_1", "", "Northwind", "Client", "Agree", "5", ""),
        ("0", "1", "R_2", "", "Northwind", "Agency", "Strongly agree", "3", ""),
        ("1", "1", "R_3", "", "Northwind", "Agency", "Strongly disagree", "1", ""),  # preview: not counted
    ])
    long = csv_bytes([
        ["review_id", "review_date", "partner", "respondent_side", "question_id", "score"],
        ["R_1", "2026-03-01", "Northwind", "client", "INF1", "4"], ["R_1", "2026-03-01", "Northwind", "client", "DEL2", "5"],
        ["R_2", "2026-03-01", "Northwind", "agency", "INF1", "5"], ["R_2", "2026-03-01", "Northwind", "agency", "DEL2", "3"],
    ])
    a, b = load([Source("q.csv", export)]), load([Source("long.csv", long)])
    scores = [scores_csv_frame(score_table(d.reviews, d.meetings, d.questions)) for d in (a, b)]
    pd.testing.assert_frame_equal(scores[0], scores[1])
    # survey(informed) = mean of questionnaire means: (75 + 100) / 2; delivery gap = agency 50 − client 100.
    assert scores[0]["informed"].iloc[0] == 87.5
    assert scores[0]["delivery_gap"].iloc[0] == -50.0


def test_a_french_how_stem_is_a_question_and_a_tool_placeholder_is_nobody():
    stem = "Comment évaluez-vous la livraison ?"
    rows = [["Timestamp", "Email Address", "Which partner?", "You are", f"{stem} [{DEL2}]", "Comment jugez-vous le ton ?",
             "Commentaires"],
            ["2026-03-01", "anonymous", "Northwind", "Client", "4", "Bien", "Merci"]]
    result = load([Source("form.csv", csv_bytes(rows))])
    assert result.reviews[["question_id", "score", "comment"]].values.tolist() == [["DEL2", 4.0, "Merci"]]
    assert result.reviews["respondent"].isna().all()
    # A "Comment …-vous" stem that no bank text matches is a question to settle, not a comment.
    assert result.loads[0].raw.survey.unmatched == ["Comment jugez-vous le ton ?"]


def test_a_numeric_export_codes_partner_and_side_until_a_mapping_names_them():
    data = qualtrics([
        ("0", "1", "R_1", "", "1", "1", "4", "5", ""),
        ("0", "1", "R_2", "", "2", "2", "5", "3", ""),
    ])
    coded = load([Source("q.csv", data)])
    survey = coded.loads[0].raw.survey
    assert survey.needs == ["partner_values", "side_values"]
    assert (survey.partner_codes, survey.sides_unknown) == (["1", "2"], ["1", "2"])
    assert coded.loads[0].n_rejected == 2  # '1' is no side: each response is rejected on its cell
    named = Mapping(partner_values={"1": "Northwind", "2": "Lumière"}, side_values={"1": "client", "2": "agency"})
    settled = load([Source("q.csv", data, mapping=named)])
    assert settled.ok and settled.loads[0].raw.survey.needs == []
    assert settled.reviews[["review_id", "partner", "respondent_side"]].drop_duplicates().values.tolist() == [
        ["R_1", "Northwind", "client"], ["R_2", "Lumière", "agency"]]


def test_value_maps_travel_in_a_profile_toml():
    profile = Profile("numeric", "qualtrics:x", Mapping(partner_values={"1": "Northwind"}, side_values={"2": "agency"}))
    again = Profile.from_toml(profile.to_toml())
    assert again.mapping == profile.mapping
    with pytest.raises(Exception, match="client or agency"):
        Profile.from_toml('[mapping.side_values]\n"1" = "brand"\n')
