"""Realistic exports (tests/fixtures, data/sample) read and validate as their README documents."""

from pathlib import Path

import pandas as pd
import pytest

from kpi.ingest.files import Source
from kpi.scoring import score_table, scores_csv_frame
from kpi.validate.dataset import load

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = ROOT / "data" / "sample"


def loaded(*names, folder=FIXTURES):
    return load([Source.from_path(folder / n) for n in names])


@pytest.mark.parametrize("name, table, rows", [
    ("fr_reviews_cp1252.csv", "reviews", 12), ("fr_meetings_cp1252.csv", "meetings", 7),
    ("reviews_utf8_bom.csv", "reviews", 9), ("reviews_tab.tsv", "reviews", 6),
    ("meetings_pipe.csv", "meetings", 7), ("reviews_wide_en.csv", "reviews", 4),
])
def test_good_exports_validate_completely(name, table, rows):
    data = loaded(name)
    assert data.ok, data.report().to_string()
    assert data.summary()[["table", "rows_read", "rejected"]].values.tolist() == [[table, rows, 0]]


def test_french_reviews_fixture_values():
    r = loaded("fr_reviews_cp1252.csv").reviews
    dates = set(r["review_date"])
    assert pd.Timestamp("2026-04-02") in dates and pd.Timestamp("2026-02-04") not in dates  # day-first
    assert sorted(r["importance"].dropna().unique().tolist()).count(4.5) == 1
    assert "Agence Lumière" in set(r["partner"]) and r["partner_key"].nunique() == 2
    assert r["score"].isna().sum() == 2  # 'Sans objet' and a blank: kept, not scored


def test_french_meetings_fixture_counts_per_partner():
    data = loaded("fr_meetings_cp1252.csv")
    table = score_table(None, data.meetings, data.questions)
    counts = dict(zip(table["partner"], table["n_meetings"]))
    assert counts == {"Agence Lumière": 3, "Kestrel PR": 4, "Studio Quartz": 3}


def test_wide_fixture_turns_into_long_answers():
    r = loaded("reviews_wide_en.csv").reviews
    assert r["review_id"].nunique() == 4
    assert {"INF1", "DEL2", "INV1", "NPS"} <= set(r["question_id"])


def test_workbook_with_its_own_bank_and_a_sheet_to_skip():
    data = loaded("workbook_all.xlsx")
    assert data.ok and data.bank_source == "uploaded"
    assert data.reviews["review_id"].iloc[0] == "007"
    assert "CUS1" in set(data.reviews["question_id"])
    assert data.meetings["agenda_shared"].isna().sum() == 1
    warnings = data.report().query("severity == 'warning'")["problem"]
    assert warnings.str.contains("sheet 'Notes'").any()


def test_bad_reviews_fixture_lines():
    data = loaded("bad_reviews.csv")
    errors = data.report().query("severity == 'error'")
    assert list(zip(errors["row"], errors["column"])) == [
        (3, "score"), (4, "partner"), (5, "question_id"), (6, "review_date"), (7, "respondent_side"),
        (9, "question_id")]
    s = data.summary().iloc[0]
    assert (s["rows_read"], s["valid"], s["rejected"]) == (10, 4, 6)


def test_bad_meetings_fixture_lines():
    data = loaded("bad_meetings.csv")
    errors = data.report().query("severity == 'error'")
    assert list(zip(errors["row"], errors["column"])) == [
        (3, "meeting_type"), (4, "actions_opened"), (5, "actions_closed"), (6, "duration_min")]
    assert len(data.meetings) == 2


def test_french_sample_scores_like_the_english_sample():
    english = loaded("reviews.csv", "meetings.csv", folder=SAMPLE)
    french = loaded("revues_fr.csv", "reunions_fr.csv", folder=SAMPLE / "fr")
    assert english.ok and french.ok
    a = scores_csv_frame(score_table(english.reviews, english.meetings, english.questions))
    b = scores_csv_frame(score_table(french.reviews, french.meetings, french.questions))
    pd.testing.assert_frame_equal(a, b)


def test_sample_workbook_and_csvs_agree():
    book = loaded("partnership_sample.xlsx", folder=SAMPLE)
    csvs = loaded("reviews.csv", "meetings.csv", folder=SAMPLE)
    a = scores_csv_frame(score_table(book.reviews, book.meetings, book.questions))
    b = scores_csv_frame(score_table(csvs.reviews, csvs.meetings, csvs.questions))
    pd.testing.assert_frame_equal(a, b)
    assert a["partner"].nunique() >= 5 and a["period"].nunique() >= 4
