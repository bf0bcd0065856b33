"""Tests of kpi.reports: CSV safe for spreadsheets and the formatted workbook."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from kpi.questions import default_questions
from kpi.reports import escape_formulas, scores_workbook, to_csv_bytes, to_csv_text
from kpi.scoring import CSV_COLUMNS, importance_performance, score_table, scores_csv_frame
from kpi.settings import SCORE_COMPONENTS, Settings

from tests.tables import NAN, meetings, reviews
BANK = default_questions()
EVIL = '=HYPERLINK("http://evil","x")'


# ---------------------------------------------------------------- helpers

# 1–5 scale: 2 → 25, 3 → 50, 4 → 75, 5 → 100. Two partners in 2025-H1 (a finished half-year: the
# July meeting moves the as-of date), one of them named like a spreadsheet formula.
REVIEWS = reviews(
    ("R1", "2025-03-10", "Agence Lumière", "client", "INF1", 4, 5),
    ("R1", "2025-03-10", "Agence Lumière", "client", "DEL1", 3, 3),
    ("R1", "2025-03-10", "Agence Lumière", "client", "IMP1", 5),
    ("R2", "2025-03-12", "Agence Lumière", "agency", "DEL1", 5),
    ("R3", "2025-02-01", EVIL, "client", "INF1", 2, 4),
)
MEETINGS = meetings(
    ("2025-01-15", "Agence Lumière", "qbr", True, 4, 3),
    ("2025-02-15", f"Agence Lumière; {EVIL}", "workshop", False, None, None),
    ("2025-07-01", "Studio Nord", "status", None, None, None),
)
CUSTOM = Settings({"weights.informed.survey_informed": 0.8, "weights.informed.agenda_rate": 0.2,
                   "weights.improving.feedback": 0.0})
TABLE = score_table(REVIEWS, MEETINGS, BANK, CUSTOM)    # the workbook is given the settings of its table
IPA = importance_performance(REVIEWS, BANK)


def open_book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def sheet_frame(data: bytes, name: str) -> pd.DataFrame:
    return pd.read_excel(io.BytesIO(data), sheet_name=name, engine="openpyxl")


# ---------------------------------------------------------------- escape_formulas

@pytest.mark.parametrize("text, escaped", [
    (EVIL, "'" + EVIL),
    ("+A1", "'+A1"), ("-2", "-2"), ("+1", "+1"), ("4,5", "4,5"),
    ("-cmd", "'-cmd"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ("Agence Lumière", "Agence Lumière"),
    ("a=b", "a=b"),                      # only a leading sign is risky
    ("", ""),
])
def test_escape_formulas_prefixes_risky_text(text, escaped):
    frame = pd.DataFrame({"partner": pd.Series([text], dtype="str")})
    assert escape_formulas(frame)["partner"].tolist() == [escaped]


def test_escape_formulas_leaves_numbers_booleans_blanks_and_the_input_alone():
    frame = pd.DataFrame({
        "partner": pd.Series(["-cmd", None], dtype="str"),
        "delivery_gap": [-12.5, NAN],
        "n_reviews": [-3, 2],
        "low_confidence": [True, False],
        "mixed": pd.Series([-4, "=1+1"], dtype=object),
    })
    before = frame.copy()
    out = escape_formulas(frame)
    assert out["delivery_gap"].tolist()[0] == -12.5 and pd.isna(out["delivery_gap"].iloc[1])
    assert out["n_reviews"].tolist() == [-3, 2]
    assert out["low_confidence"].tolist() == [True, False]
    assert out["mixed"].tolist() == [-4, "'=1+1"]            # a number in a text column stays a number
    assert out["partner"].iloc[0] == "'-cmd" and pd.isna(out["partner"].iloc[1])
    pd.testing.assert_frame_equal(frame, before)


# ---------------------------------------------------------------- to_csv_text / to_csv_bytes

FRAME = pd.DataFrame({
    "partner": pd.Series([EVIL, "+A1", "-cmd", "@SUM(A1)", "Agence Lumière"], dtype="str"),
    "delivery_gap": [-12.5, 62.5, NAN, 0.0, 10.0],
    "n_reviews": [1, 2, 3, 4, 5],
    "low_confidence": [True, False, True, False, True],
})


def test_to_csv_text_escapes_formulas_and_writes_plain_values():
    assert to_csv_text(FRAME) == (
        "partner,delivery_gap,n_reviews,low_confidence\r\n"
        "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",-12.5,1,true\r\n"
        "'+A1,62.5,2,false\r\n"
        "'-cmd,,3,true\r\n"
        "'@SUM(A1),0.0,4,false\r\n"
        "Agence Lumière,10.0,5,true\r\n"
    )


def test_to_csv_text_blank_cells_for_missing_values():
    frame = pd.DataFrame({"partner": pd.Series(["A", None], dtype="str"), "score": [NAN, 1.5],
                          "flag": pd.array([pd.NA, True], dtype="boolean")})
    assert to_csv_text(frame) == "partner,score,flag\r\nA,,\r\n,1.5,true\r\n"


@pytest.mark.parametrize("text", [EVIL, "\tcmd", "\rcmd", "line\rbreak", "two\nlines", "semi;colon", 'say "hi"'])
@pytest.mark.parametrize("french", [False, True])
def test_csv_reads_back_one_row_per_row(text, french):
    frame = pd.DataFrame({"partner": pd.Series([text, "next"], dtype="str"), "value": [1.5, 2.5]})
    data = to_csv_bytes(frame, french=french).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline=""), delimiter=";" if french else ","))
    expected_text = "'" + text if text[0] in "=\t\r" else text
    assert rows == [["partner", "value"], [expected_text, "1,5" if french else "1.5"],
                    ["next", "2,5" if french else "2.5"]]


def test_to_csv_bytes_utf8_with_bom():
    data = to_csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8") == to_csv_text(FRAME)
    assert "Agence Lumière".encode("utf-8") in data


def test_to_csv_bytes_french_semicolon_and_decimal_comma():
    text = to_csv_bytes(FRAME, french=True).decode("utf-8")
    lines = text.removeprefix("\ufeff").splitlines()
    assert lines[0] == "partner;delivery_gap;n_reviews;low_confidence"
    assert lines[1] == "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\";-12,5;1;true"
    assert lines[2] == "'+A1;62,5;2;false"
    assert lines[3] == "'-cmd;;3;true"


def test_scores_csv_frame_through_to_csv_text_matches_section_7():
    text = to_csv_text(scores_csv_frame(TABLE))
    header, *rows = text.splitlines()
    assert header == ",".join(CSV_COLUMNS)
    assert len(rows) == len(TABLE)
    assert all(row.count(",") == len(CSV_COLUMNS) - 1 for row in rows[1:])   # the escaped one is quoted


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
