"""METHODOLOGY §1.6 across files: copies counted once (warnings), conflicting answers rejected (errors)."""

import numpy as np
import pandas as pd
import pytest

from kpi.validate.dataset import load
from kpi.validate.duplicates import against_published, find
from tests.validate.test_dataset import MEETINGS, REVIEWS, csv_source

R1 = [["R1", "2026-03-15", "Agence Lumière", "client", "INF1", "4", "5"],
      ["R1", "2026-03-15", "Agence Lumière", "client", "INF2", "3", ""]]
R2 = [["R2", "2026-03-16", "Kestrel PR", "agency", "INF1", "5", ""]]
R3 = [["R3", "2026-03-17", "Kestrel PR", "client", "DEL1", "2", ""]]


def reviews(name, rows):
    return csv_source(name, [REVIEWS, *rows])


def report(data, severity=None):
    shown = data.report()
    if severity:
        shown = shown[shown["severity"] == severity]
    return list(zip(shown["file"], shown["row"], shown["column"], shown["problem"]))


def counts(data):
    """Per file: rows read, valid, rejected, dropped; and the accounting holds."""
    summary = data.summary()
    assert (summary["rows_read"] == summary["valid"] + summary["rejected"] + summary["dropped"]).all()
    return {f: tuple(v) for f, *v in summary[["file", "rows_read", "valid", "rejected", "dropped"]].itertuples(
        index=False)}


def test_a_copied_questionnaire_is_kept_once_and_reported_at_the_copy():
    data = load([reviews("a.csv", R1), reviews("b.csv", R1)])
    assert data.ok
    assert data.reviews["source_file"].tolist() == ["a.csv", "a.csv"]
    assert counts(data) == {"a.csv": (2, 2, 0, 0), "b.csv": (2, 0, 0, 2)}
    assert report(data, "warning") == [(
        "b.csv", 2, "review_id",
        "questionnaire R1 (Agence Lumière, 2026-03-15, 2 answers) repeats, answer for answer, questionnaire R1 of "
        "a.csv, row 2: it is counted once, there. Nothing to do if the files overlap; if it is really another "
        "questionnaire, check its date, respondent and scores")]
    assert data.loads[1].dropped["duplicate"].tolist() == [0, 1]
    assert data.dropped_rows()["reason"].tolist() == ["duplicate (METHODOLOGY §1.6)"] * 2


def test_the_first_source_given_wins_and_row_order_does_not_matter():
    data = load([reviews("b.csv", R1[::-1]), reviews("a.csv", R1)])
    assert data.reviews["source_file"].tolist() == ["b.csv", "b.csv"]
    assert counts(data) == {"b.csv": (2, 2, 0, 0), "a.csv": (2, 0, 0, 2)}
    assert [row for _, row, _, _ in report(data, "warning")] == [2]


def test_copies_are_found_whatever_their_review_id_and_partner_spelling():
    copy = [["X9", "15/03/2026", "  agence  LUMIÈRE", "client", "inf1", "4", "5"],
            ["X9", "15/03/2026", "agence lumière", "client", "INF2", "3", ""]]
    data = load([reviews("a.csv", R1), reviews("b.csv", copy)])
    assert len(data.reviews) == 2
    assert "questionnaire X9 (agence LUMIÈRE, 2026-03-15, 2 answers) repeats, answer for answer, questionnaire R1" \
        in report(data, "warning")[0][3]


@pytest.mark.parametrize("changed", [
    (0, 5, "5"),  # another score
    (0, 6, ""),  # importance left blank
    (1, 1, "2026-03-16"),  # another date
])
def test_questionnaires_differing_anywhere_are_not_copies(changed):
    other = [list(row) for row in R1]
    row, column, value = changed
    other[row][column] = value
    other = [["R7", *r[1:]] for r in other]  # another id: no conflict either
    data = load([reviews("a.csv", R1), reviews("b.csv", other)])
    assert len(data.reviews) == 4 and data.ok and report(data) == []


def test_identical_questionnaires_in_one_file_are_not_duplicates_of_each_other():
    twin = [["R9", *row[1:]] for row in R1]
    data = load([reviews("a.csv", R1 + twin)])
    assert len(data.reviews) == 4 and report(data) == []


def test_a_partial_overlap_counts_each_questionnaire_once():
    data = load([reviews("jan.csv", R1 + R2), reviews("feb.csv", R2 + R3)])
    assert data.ok
    assert data.reviews["review_id"].tolist() == ["R1", "R1", "R2", "R3"]
    assert counts(data) == {"jan.csv": (3, 3, 0, 0), "feb.csv": (2, 1, 0, 1)}
    assert [(f, row) for f, row, _, _ in report(data, "warning")] == [("feb.csv", 2)]


def test_a_conflicting_answer_rejects_both_rows_and_keeps_the_other_answers():
    other = [list(R1[0]), list(R1[1])]
    other[0][5] = "2"
    data = load([reviews("a.csv", R1), reviews("b.csv", other)])
    assert not data.ok and data.n_rejected == 2
    assert counts(data) == {"a.csv": (2, 1, 1, 0), "b.csv": (2, 1, 1, 0)}
    assert list(zip(data.reviews["source_file"], data.reviews["question_id"])) == [("a.csv", "INF2"), ("b.csv", "INF2")]
    assert report(data, "error") == [
        ("a.csv", 2, "score", "questionnaire R1 (Agence Lumière) answers question INF1 with 4 here but 2 in b.csv, "
         "row 2: both answers are left out until the wrong one is corrected (if these are two different "
         "questionnaires, give one of them another review_id)"),
        ("b.csv", 2, "score", "questionnaire R1 (Agence Lumière) answers question INF1 with 2 here but 4 in a.csv, "
         "row 2: both answers are left out until the wrong one is corrected (if these are two different "
         "questionnaires, give one of them another review_id)")]
    assert data.rejected_rows()["row"].tolist() == [2, 2]


def test_a_blank_score_conflicts_with_a_number():
    other = [["R1", *R1[0][1:5], "", "5"], R1[1]]
    data = load([reviews("a.csv", R1), reviews("b.csv", other)])
    assert [(f, row, p.split(":")[0]) for f, row, _, p in report(data, "error")] == [
        ("a.csv", 2, "questionnaire R1 (Agence Lumière) answers question INF1 with 4 here but n/a in b.csv, row 2"),
        ("b.csv", 2, "questionnaire R1 (Agence Lumière) answers question INF1 with n/a here but 4 in a.csv, row 2")]


def test_the_same_id_with_other_questions_is_counted_twice_and_said():
    data = load([reviews("a.csv", R1[:1]), reviews("b.csv", R1[1:])])
    assert data.ok and len(data.reviews) == 2
    assert report(data, "warning") == [(
        "b.csv", 2, "review_id",
        "questionnaire R1 (Agence Lumière) is also in a.csv, row 2, with other answers (1 here, 1 there, none "
        "contradicting): both are counted, as two questionnaires. If it is one questionnaire, keep all its answers "
        "in one file; if two, give one another review_id")]


def test_ids_made_from_row_numbers_never_conflict():
    header = ["review_date", "partner", "respondent_side", "INF1"]
    a = csv_source("a.csv", [header, ["2026-03-15", "Agence Lumière", "client", "4"]])
    b = csv_source("b.csv", [header, ["2026-06-15", "Agence Lumière", "client", "2"]])
    data = load([a, b])
    assert data.reviews["review_id"].tolist() == ["row 2", "row 2"]
    assert data.ok and report(data, "error") == [] and len(data.reviews) == 2
    copy = load([a, csv_source("c.csv", [header, ["2026-03-15", "Agence Lumière", "client", "4"]])])
    assert len(copy.reviews) == 1 and counts(copy)["c.csv"] == (1, 0, 0, 1)


def test_a_meeting_in_two_files_is_kept_once():
    a = csv_source("log.csv", [MEETINGS, ["2026-03-01 10:00", "Agence Lumière; Kestrel PR", "qbr", "60", "", "", ""],
                               ["2026-03-02 10:00", "Kestrel PR", "status", "", "", "", ""]])
    b = csv_source("calendar.csv", [MEETINGS, ["01/03/2026 10:00:40", "kestrel pr ;Agence Lumière", "QBR", "", "", "",
                                               ""],
                                    ["2026-03-01 10:01", "Kestrel PR; Agence Lumière", "qbr", "", "", "", ""],
                                    ["2026-03-02 10:00", "Kestrel PR", "workshop", "", "", "", ""]])
    data = load([a, b])
    assert data.ok
    assert list(zip(data.meetings["source_file"], data.meetings["source_row"])) == [
        ("log.csv", 2), ("log.csv", 3), ("calendar.csv", 3), ("calendar.csv", 4)]
    assert counts(data) == {"log.csv": (2, 2, 0, 0), "calendar.csv": (3, 2, 0, 1)}
    assert report(data, "warning") == [(
        "calendar.csv", 2, "date",
        "the qbr meeting of 2026-03-01 10:00 with kestrel pr ;Agence Lumière is also in log.csv, row 2: it is "
        "counted once, there. Nothing to do if the files overlap; if it is another meeting, correct its date and "
        "time")]


def test_a_sheet_and_its_csv_copy_score_alike():
    data = load([csv_source("a.csv", [REVIEWS, *R1, *R2]), reviews("b.csv", R1 + R2)])
    alone = load([csv_source("a.csv", [REVIEWS, *R1, *R2])])
    pd.testing.assert_frame_equal(data.reviews, alone.reviews)


def test_messages_read_in_french():
    data = load([reviews("a.csv", R1), reviews("b.csv", R1)])
    assert data.report("fr")["problem"].iloc[0].startswith(
        "le questionnaire R1 (Agence Lumière, 2026-03-15, 2 réponses) reprend réponse pour réponse le questionnaire R1 "
        "de a.csv, ligne 2 : il n'est compté qu'une fois, là-bas.")


# ---------------------------------------------------------------- against the published data


def test_an_upload_against_published_tables_leaves_out_only_its_own_rows():
    published = load([reviews("2025.csv", R1 + R2)])
    conflicting = [["R2", *R2[0][1:5], "1", ""]]
    upload = load([reviews("2026.csv", R1 + conflicting + R3)])
    assert upload.ok
    checked = against_published(upload, published.reviews, None)
    assert checked.reviews["review_id"].tolist() == ["R3"]
    assert counts(checked) == {"2026.csv": (4, 1, 1, 2)}
    assert [(f, row, code) for f, row, code in zip(checked.issues["file"], checked.issues["row"],
                                                    checked.issues["code"])] == [
        ("2026.csv", 2, "duplicate_questionnaire_published"), ("2026.csv", 4, "conflicting_answer_published")]
    assert report(checked, "error")[0][3].startswith(
        "questionnaire R2 (Kestrel PR) answers question INF1 with 1 here but 5 in the published 2025.csv, row 4: "
        "this answer is left out")
    assert not checked.ok and checked.n_rejected == 1


def test_nothing_published_changes_nothing():
    upload = load([reviews("a.csv", R1)])
    assert against_published(upload, None, None) is upload


def test_find_on_bare_tables_marks_rows_of_the_new_tables_only():
    published = load([reviews("a.csv", R1)]).reviews
    new = load([reviews("b.csv", R1 + R2)]).reviews
    found = find(new, None, published, None)
    assert found.copies["reviews"].tolist() == [True, True, False]
    assert not found.conflicts["reviews"].any()
    assert found.copies["meetings"].tolist() == []
    assert np.array_equal(find(published, None).copies["reviews"], [False, False])
