"""kpi.reports.excel: the formatted workbook (scores, components, gaps, importance–performance, notes)."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from kpi.reports.excel import scores_workbook
from kpi.scoring import CSV_COLUMNS, importance_performance, score_table, scores_csv_frame
from kpi.settings import SCORE_COMPONENTS, Settings

from tests.reports.helpers import BANK, CUSTOM, EVIL, REVIEWS, TABLE
from tests.tables import reviews

IPA = importance_performance(REVIEWS, BANK)


# ---------------------------------------------------------------- helpers

def open_book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def sheet_frame(data: bytes, name: str) -> pd.DataFrame:
    return pd.read_excel(io.BytesIO(data), sheet_name=name, engine="openpyxl")


# ---------------------------------------------------------------- the Excel workbook

BOOK = scores_workbook(TABLE, CUSTOM, IPA)


def test_fixture_table_has_both_partners_and_a_gap():
    assert TABLE["partner"].tolist() == [EVIL, "Agence Lumière", "Studio Nord"]
    assert TABLE["delivery_gap"].tolist()[1] == 100.0 - 50.0


def test_workbook_sheets():
    assert open_book(BOOK).sheetnames == ["scores", "components", "gaps", "importance_performance", "weights",
                                          "notes"]
    assert "importance_performance" not in open_book(scores_workbook(TABLE, CUSTOM)).sheetnames
    assert "importance_performance" not in open_book(scores_workbook(TABLE, CUSTOM, IPA.iloc[:0])).sheetnames


def test_scores_sheet_is_the_scores_csv():
    assert list(sheet_frame(BOOK, "scores").columns) == list(CSV_COLUMNS)
    pd.testing.assert_frame_equal(sheet_frame(BOOK, "scores"), scores_csv_frame(TABLE), check_dtype=False)


def test_no_cell_is_a_formula_and_a_formula_like_partner_stays_text():
    book = open_book(BOOK)
    formulas = [(ws.title, cell.coordinate) for ws in book for row in ws.iter_rows() for cell in row
                if cell.data_type == "f"]
    assert formulas == []
    evil_cells = [cell for ws in book for row in ws.iter_rows() for cell in row if cell.value == EVIL]
    assert {c.parent.title for c in evil_cells} == {"scores", "components"}
    assert all(c.data_type == "s" and c.value.startswith("=") for c in evil_cells)
    assert book["scores"]["A2"].value == EVIL and book["scores"]["A2"].data_type == "s"


@pytest.mark.parametrize("name", ["+A1", "-cmd", "@SUM(A1)", "http://example.com"])
def test_other_risky_partner_names_stay_plain_text(name):
    table = score_table(reviews(("R1", "2025-03-10", name, "client", "INF1", 4)), None, BANK)
    cell = open_book(scores_workbook(table, Settings()))["scores"]["A2"]
    assert (cell.value, cell.data_type, cell.hyperlink) == (name, "s", None)


def test_weights_sheet_shows_the_weights_in_force():
    weights = sheet_frame(BOOK, "weights")
    expected = pd.DataFrame([
        ("informed", "survey_informed", 0.8), ("informed", "agenda_rate", 0.2),
        ("involved", "survey_involved", 0.5), ("involved", "cadence", 0.5),
        ("inspired", "survey_inspired", 0.7), ("inspired", "workshops", 0.3),
        ("interconnected", "survey_interconnected", 0.6), ("interconnected", "joint", 0.4),
        ("improving", "survey_improving", 0.4), ("improving", "feedback", 0.0), ("improving", "follow_through", 0.3),
    ], columns=["score", "component", "weight"])
    pd.testing.assert_frame_equal(weights, expected, check_dtype=False)


def test_components_contributions_add_up_to_each_score():
    components = sheet_frame(BOOK, "components")
    assert len(components) == len(TABLE) * sum(len(c) for c in SCORE_COMPONENTS.values())
    sums = components.groupby(["partner", "period", "score"], sort=False).agg(
        total=("contribution", "sum"), score_value=("score_value", "first"))
    scored = sums[sums["score_value"].notna()]
    assert len(scored) > 0
    assert scored["total"].to_numpy() == pytest.approx(scored["score_value"].to_numpy())
    by_row = TABLE.set_index(["partner", "period"])
    for (partner, period, score), value in scored["score_value"].items():
        assert value == pytest.approx(by_row.loc[(partner, period), score])


def test_components_of_one_row_by_hand():
    # Agence Lumière 2025-H1: survey_informed 75, agenda_rate 100 × 1/2 = 50 with weights 0.8 / 0.2.
    components = sheet_frame(BOOK, "components")
    informed = components[(components["partner"] == "Agence Lumière") & (components["score"] == "informed")]
    assert informed["component"].tolist() == ["survey_informed", "agenda_rate"]
    assert informed["value"].tolist() == [75.0, 50.0]
    assert informed["contribution"].tolist() == pytest.approx([0.8 * 75, 0.2 * 50])
    assert informed["score_value"].tolist() == pytest.approx([0.8 * 75 + 0.2 * 50] * 2)


def test_gaps_sheet_only_rows_with_a_gap():
    gaps = sheet_frame(BOOK, "gaps")
    assert gaps.to_dict("records") == [{"partner": "Agence Lumière", "period": "2025-H1", "self": 100,
                                        "client_view": 50, "delivery_gap": 50, "gap_flag": "overpromise",
                                        "n_reviews": 2}]


def test_importance_performance_sheet_holds_the_points():
    sheet = sheet_frame(BOOK, "importance_performance")
    pd.testing.assert_frame_equal(sheet, IPA, check_dtype=False)
    # INF1: importance (5, 4) → (100, 75), mean 87.5; performance (4, 2) → (75, 25), mean 50.
    inf1 = sheet.set_index("question_id").loc["INF1"]
    assert (inf1["importance"], inf1["performance"], inf1["needs_gap"]) == (87.5, 50.0, 37.5)


def test_notes_sheet_names_the_settings_in_force():
    notes = sheet_frame(BOOK, "notes").set_index("item")["meaning"]
    assert notes["period"] == "half"
    assert notes["thresholds.low_confidence_reviews"] == "3"
    assert "cadence" in notes.index and "delivery_gap" in notes.index
    assert not any(name.startswith(("weights.", "limits.")) for name in notes.index)
    quarterly = open_book(scores_workbook(TABLE, Settings({"period": "quarter"})))
    assert ("period", "quarter") in {(r[0], r[1]) for r in quarterly["notes"].iter_rows(values_only=True)}


def test_workbook_of_an_empty_table_has_the_headers():
    book = open_book(scores_workbook(TABLE.iloc[:0], Settings()))
    assert [c.value for c in book["scores"][1]] == list(CSV_COLUMNS)
    assert book["scores"].max_row == 1


def test_scores_sheet_carries_the_habit_views_with_their_n_and_the_notes_explain_them():
    scores = sheet_frame(BOOK, "scores")
    for habit in ("informed", "improving"):
        assert {f"client_self_{habit}", f"partner_view_{habit}", f"habit_gap_{habit}", f"n_client_self_{habit}",
                f"n_partner_view_{habit}"} <= set(scores.columns)
    assert (scores.filter(like="n_partner_view_") >= 0).all().all()
    notes = sheet_frame(BOOK, "notes").set_index("item")["meaning"]
    assert "blind spot" in notes["habit_gap_<habit>"]
    assert notes["thresholds.habit_gap_flag"] == "10.0"


def test_the_french_workbook_names_its_sheets_headings_flags_and_notes_in_french():
    book = open_book(scores_workbook(TABLE, CUSTOM, IPA, lang="fr"))
    assert book.sheetnames == ["scores", "composantes", "écarts", "importance_performance", "pondérations", "notes"]
    english = open_book(BOOK)
    # The scores sheet is the scores CSV in either language: same columns, same values.
    assert [[c.value for c in row] for row in book["scores"].iter_rows()] == [
        [c.value for c in row] for row in english["scores"].iter_rows()]
    assert [c.value for c in book["écarts"][1]][:5] == ["partenaire", "période", "vue du partenaire", "vue du client",
                                                        "écart de livraison"]
    flags = {row[5] for row in book["écarts"].iter_rows(min_row=2, values_only=True)}
    assert "promet trop / livre moins" in flags and "overpromise" not in flags
    notes = {row[0]: row[1] for row in book["notes"].iter_rows(min_row=2, values_only=True)}
    assert notes["overall"] == "Moyenne des cinq scores non vides."
    assert [c.value for c in book["composantes"][1]][:3] == ["partenaire", "période", "score"]
