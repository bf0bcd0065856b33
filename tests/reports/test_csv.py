"""kpi.reports.csv: CSV safe for spreadsheets (formulas escaped, blank cells, UTF-8 with a BOM, French)."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from kpi.reports.csv import escape_formulas, to_csv_bytes, to_csv_text
from kpi.scoring import CSV_COLUMNS, scores_csv_frame

from tests.reports.helpers import EVIL, TABLE
from tests.tables import NAN


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

