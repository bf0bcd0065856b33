import datetime as dt

import pandas as pd
import pytest

from kpi.values import as_text, parse_category, parse_date, parse_integer, parse_number, parse_yesno


def text(*cells):
    return pd.Series(cells, dtype="str")


def cells(*values):
    return pd.Series(values, dtype=object)


@pytest.mark.parametrize("cell, expected", [
    ("2026-03-15", pd.Timestamp("2026-03-15")),
    ("2026-03-15 14:30", pd.Timestamp("2026-03-15 14:30")),
    ("2026-03-15T14:30:05", pd.Timestamp("2026-03-15 14:30:05")),
    ("15/03/2026", pd.Timestamp("2026-03-15")),
    ("15/03/2026 14:30", pd.Timestamp("2026-03-15 14:30")),
    ("5/4/2026", pd.Timestamp("2026-04-05")),
    ("15.03.2026", pd.Timestamp("2026-03-15")),
    ("15/03/26", pd.Timestamp("2026-03-15")),
])
def test_dates_day_first(cell, expected):
    parsed = parse_date(text(cell))
    assert parsed.values.iloc[0] == expected
    assert parsed.problem.iloc[0] == ""


def test_month_first_dates():
    parsed = parse_date(text("03/15/2026", "5/4/2026"), month_first=True)
    assert parsed.values.tolist() == [pd.Timestamp("2026-03-15"), pd.Timestamp("2026-05-04")]


@pytest.mark.parametrize("cell, problem", [
    ("31/02/2026", "no_such_date"),
    ("2026-02-30", "no_such_date"),
    ("15/13/2026", "no_such_date"),
    ("next tuesday", "bad_date"),
    ("2026", "bad_date"),
])
def test_bad_dates(cell, problem):
    parsed = parse_date(text(cell))
    assert pd.isna(parsed.values.iloc[0])
    assert parsed.problem.iloc[0] == problem


def test_excel_dates_and_serials():
    parsed = parse_date(cells(dt.date(2026, 3, 15), dt.datetime(2026, 3, 15, 9, 30), 46096.0, ""))
    assert parsed.values.iloc[:3].tolist() == [
        pd.Timestamp("2026-03-15"), pd.Timestamp("2026-03-15 09:30"), pd.Timestamp("2026-03-15")]
    assert pd.isna(parsed.values.iloc[3]) and parsed.problem.iloc[3] == ""


@pytest.mark.parametrize("cell, expected", [
    ("4", 4.0), ("4,5", 4.5), ("4.5", 4.5), ("1 234,5", 1234.5), ("1.234,5", 1234.5), ("1,234.5", 1234.5),
    (" 3 ", 3.0), ("-2", -2.0), ("45\u00a0000", 45000.0),
])
def test_numbers_with_decimal_comma(cell, expected):
    parsed = parse_number(text(cell))
    assert parsed.values.iloc[0] == expected and parsed.problem.iloc[0] == ""


@pytest.mark.parametrize("cell", ["", "N/A", "n/a", "NA", "sans objet", "-", "NSP"])
def test_not_applicable_is_blank_not_a_problem(cell):
    parsed = parse_number(text(cell))
    assert pd.isna(parsed.values.iloc[0]) and parsed.problem.iloc[0] == ""


def test_unreadable_number():
    parsed = parse_number(cells("abc", 4.0, 7, True))
    assert parsed.problem.tolist() == ["bad_number", "", "", "bad_number"]
    assert parsed.values.iloc[1:3].tolist() == [4.0, 7.0]


def test_integers_refuse_fractions():
    parsed = parse_integer(text("2", "2,5", "x", ""))
    assert parsed.values.iloc[0] == 2.0
    assert parsed.problem.tolist() == ["", "not_whole", "bad_number", ""]


def test_sides_and_types_through_aliases():
    sides = parse_category(text("Annonceur", "AGENCE", " client ", "Prestataire", "robot", ""), "side")
    assert sides.values.iloc[:4].tolist() == ["client", "agency", "client", "agency"]
    assert sides.problem.tolist() == ["", "", "", "", "unknown_side", ""]
    types = parse_category(text("Revue trimestrielle", "Point hebdo", "Atelier", "Résolution de problèmes",
                                "Bilan", "Brief créatif", "karaoke"), "meeting_type")
    assert types.values.iloc[:6].tolist() == ["qbr", "status", "workshop", "problem_solving", "feedback", "briefing"]
    assert types.problem.iloc[6] == "unknown_meeting_type"


def test_yes_no():
    parsed = parse_yesno(cells("oui", "Non", "x", "", True, 0.0, "maybe"))
    assert parsed.values.iloc[:3].tolist() == [True, False, True]
    assert pd.isna(parsed.values.iloc[3])
    assert parsed.values.iloc[4] is True or parsed.values.iloc[4] == True  # noqa: E712
    assert parsed.values.iloc[5] == False  # noqa: E712
    assert parsed.problem.iloc[6] == "unknown_yesno"


def test_ids_stay_text():
    assert as_text(cells("007", 7.0, 7.5, " R1 ")).tolist() == ["007", "7", "7.5", "R1"]


def test_a_date_in_the_other_order_says_which_option_fixes_it():
    assert parse_date(text("03/15/2026", "31/02/2026")).problem.tolist() == ["date_order", "no_such_date"]
    assert parse_date(text("15/03/2026"), month_first=True).problem.tolist() == ["date_order"]
