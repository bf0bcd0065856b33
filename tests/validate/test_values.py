import datetime as dt

import pandas as pd
import numpy as np
import pytest

from kpi.validate.values import (DateOrder, as_text, parse_category, parse_date, parse_integer, parse_number, parse_yesno,
                        proven_order)


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
    # what survey tools write
    ("2025/11/04 10:02:33 AM GMT+1", pd.Timestamp("2025-11-04 10:02:33")),  # Google Forms: zone dropped
    ("2025/11/04 10:02:33 pm EST", pd.Timestamp("2025-11-04 22:02:33")),
    ("2025/11/04 12:05:00 AM", pd.Timestamp("2025-11-04 00:05:00")),
    ("2025/11/04 12:05:00 PM", pd.Timestamp("2025-11-04 12:05:00")),
    ("11/04/2025 10:02:33 AM", pd.Timestamp("2025-04-11 10:02:33")),  # SurveyMonkey: day-first by default
    ("11/4/2025 10:02 PM", pd.Timestamp("2025-04-11 22:02:00")),
    ("2025-11-04 10:02:33", pd.Timestamp("2025-11-04 10:02:33")),  # Typeform, Qualtrics
    ("04/11/2025 10:02:33", pd.Timestamp("2025-11-04 10:02:33")),  # French Google Forms
    ("2025-11-04T10:02:33Z", pd.Timestamp("2025-11-04 10:02:33")),
    ("2025-11-04T10:02:33.250+01:00", pd.Timestamp("2025-11-04 09:02:33.250")),  # ISO offset: UTC, as before
    ("04.11.2025 10:02", pd.Timestamp("2025-11-04 10:02:00")),  # German
    ("4/11/25, 3:07 pm", pd.Timestamp("2025-11-04 15:07:00")),
])
def test_dates_day_first(cell, expected):
    parsed = parse_date(text(cell, cell))  # twice: distinct values are parsed once, then spread back
    assert parsed.values.tolist() == [expected] * 2
    assert parsed.problem.tolist() == ["", ""]


def test_month_first_dates():
    parsed = parse_date(text("03/15/2026", "5/4/2026", "11/04/2025 10:02:33 AM", "11/4/2025 10:02 PM"),
                        month_first=True)
    assert parsed.values.tolist() == [pd.Timestamp("2026-03-15"), pd.Timestamp("2026-05-04"),
                                      pd.Timestamp("2025-11-04 10:02:33"), pd.Timestamp("2025-11-04 22:02")]


@pytest.mark.parametrize("cell, problem", [
    ("31/02/2026", "no_such_date"),
    ("2026-02-30", "no_such_date"),
    ("15/13/2026", "no_such_date"),
    ("next tuesday", "bad_date"),
    ("2026", "bad_date"),
    ("04/11/2025 13:02 PM", "no_such_date"),
    ("2025/11/04 24:00", "no_such_date"),
    ("2025/02/29", "no_such_date"),
    ("2025/11/04 10:02:33 AM somewhere", "bad_date"),
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


@pytest.mark.parametrize("cell", ["9999-12-31", "0000-01-01", "1677-09-21", "2263-01-01", "31/12/9999",
                                  "2262-04-11 23:59:59"])
def test_dates_pandas_cannot_hold_are_one_rejected_cell(cell):
    parsed = parse_date(text("2026-03-15", cell))
    assert parsed.values.iloc[0] == pd.Timestamp("2026-03-15") and pd.isna(parsed.values.iloc[1])
    assert parsed.problem.tolist() == ["", "not_in_date_range"]


def test_the_last_dates_pandas_holds_are_read():
    parsed = parse_date(text("1677-09-22", "2262-04-11"))
    assert parsed.values.tolist() == [pd.Timestamp("1677-09-22"), pd.Timestamp("2262-04-11")]


def test_excel_dates_pandas_cannot_hold_are_one_rejected_cell():
    parsed = parse_date(cells(dt.datetime(9999, 12, 31), 2958465.0, dt.date(1, 1, 1), 46096.0, 0.5))
    assert parsed.problem.tolist() == ["not_in_date_range"] * 3 + ["", "bad_date"]
    assert parsed.values.isna().tolist() == [True, True, True, False, True]


# ---------------------------------------------------------------- the order a file proves (METHODOLOGY §1.7)

def test_no_date_proves_an_order():
    assert proven_order([text("05/04/2026", "2026-03-31", "", "31/02/2026")]) == DateOrder()
    assert proven_order([]) == DateOrder()


def test_a_first_number_above_12_proves_day_first():
    found = proven_order([text("05/04/2026", "", "31/03/2026 10:00", "13/01/2026")])
    assert found == DateOrder("day", (2, 0), "31/03/2026 10:00")


def test_a_second_number_above_12_proves_month_first():
    found = proven_order([text("05/04/2026", "11/13/2025 10:02:33 AM")])
    assert found == DateOrder("month", (1, 0), "11/13/2025 10:02:33 AM")


def test_the_order_proven_first_wins_and_the_first_contradiction_is_named():
    # Rows top to bottom, then columns left to right: row 1 proves day-first in the second column.
    first = text("05/04/2026", "03/13/2026", "04/14/2026")
    second = text("14/01/2026", "", "")
    assert proven_order([first, second]) == DateOrder("day", (0, 1), "14/01/2026", (1, 0), "03/13/2026")


@pytest.mark.parametrize("text", ["inf", "-inf", "Infinity", "1e999"])
def test_infinite_numbers_are_not_numbers(text):
    parsed = parse_number(pd.Series([text, "2,5"], dtype=object))
    assert parsed.problem.tolist() == ["bad_number", ""]
    assert np.isnan(parsed.values.iloc[0]) and parsed.values.iloc[1] == 2.5


def test_a_control_character_in_text_is_a_problem_not_a_new_name():
    from kpi.validate.values import parse_text

    parsed = parse_text(pd.Series(["North\x00wind", " Northwind ", "tab\there", None], dtype=object))
    assert parsed.problem.tolist() == ["control_character", "", "", ""]
    assert parsed.values.tolist()[1:3] == ["Northwind", "tab\there"]


@pytest.mark.parametrize("cell, read", [
    ("Lumie\u0300re", "Lumière"),                 # decomposed, as a Mac writes it: one form (NFC)
    ("\u200bLumière\u200b", "Lumière"),           # zero-width spaces a copy-paste leaves at the ends
    ("\ufeffLumière", "Lumière"),                 # a byte-order mark glued to the first cell
    ("\u200f Lumière \u200e", "Lumière"),         # direction marks and spaces at the ends
    ("Team 👩\u200d💻", "Team 👩\u200d💻"),           # a joiner inside an emoji sequence stays
    ("Ağ\u0131rl\u0131k", "Ağırlık"),
    ("a\tb\nc", "a\tb\nc"),                       # tabs and line ends are text (multi-line comments)
])
def test_text_is_read_in_one_unicode_form_without_invisible_ends(cell, read):
    from kpi.validate.values import parse_text

    parsed = parse_text(pd.Series([cell], dtype=object))
    assert parsed.values.tolist() == [read] and parsed.problem.tolist() == [""]


@pytest.mark.parametrize("cell", ["\x1b[2Jname", "bell\x07", "csi\x9b31m", "evil\u202egpj.exe", "a\u2066b\u2069",
                                  "Kestrel PR\u202e"])
def test_escapes_c1_controls_and_bidi_overrides_are_problems(cell):
    from kpi.validate.values import parse_text

    parsed = parse_text(pd.Series([cell, "fine"], dtype=object))
    assert parsed.problem.tolist() == ["control_character", ""]
    assert parsed.values.isna().tolist() == [True, False]


def test_distinct_cells_keep_a_yes_apart_from_the_number_one():
    from kpi.validate.values import distinct_cells

    cells = pd.Series([True, 1, 1.0, "1", None, 1, True], dtype=object)
    codes, uniques = distinct_cells(cells)
    assert codes[0] == codes[6] and codes[1] == codes[5]
    assert len({codes[0], codes[1], codes[3], codes[4]}) == 4  # True, 1, "1" and a blank: four cells to read
    assert uniques[codes[0]] is True and uniques[codes[3]] == "1"
    # Without a yes/no cell, 1 and 1.0 are one cell (read alike), dates and texts apart.
    codes, uniques = distinct_cells(pd.Series([1, 1.0, dt.date(2026, 1, 1), dt.datetime(2026, 1, 1), "1"],
                                              dtype=object))
    assert codes[0] == codes[1] and len(set(codes)) == 4


# ---------------------------------------------------------------- factorizations kept per column

def _long_text(values: list, repeat: int) -> pd.Series:
    return pd.Series(values * repeat, dtype="str")


def test_a_kept_factorization_is_what_pandas_gives():
    from kpi.validate.values import distinct_cells, factorize
    cells = _long_text(["b", None, "a", "b", "c"], 4_000)
    first = distinct_cells(cells)
    again = distinct_cells(cells)  # kept: the same answer
    expected_codes, expected_uniques = pd.factorize(cells, use_na_sentinel=False)
    for codes, uniques in (first, again):
        assert codes.tolist() == expected_codes.tolist()
        assert uniques.tolist()[:2] == ["b", None] or uniques.isna().tolist() == [False, True, False, False]
        assert uniques.dropna().tolist() == ["b", "a", "c"]
    codes, uniques = factorize(cells)
    pandas_codes, pandas_uniques = pd.factorize(cells)
    assert codes.tolist() == pandas_codes.tolist()  # the missing cells -1, the codes after them one less
    assert codes[:5].tolist() == [0, -1, 1, 0, 2]
    assert uniques.tolist() == pandas_uniques.tolist() == ["b", "a", "c"]


def test_a_caller_changing_the_codes_does_not_change_what_is_kept():
    from kpi.validate.values import distinct_cells
    cells = _long_text(["x", "y"], 6_000)
    codes, uniques = distinct_cells(cells)
    codes[:] = 7
    uniques[0] = "changed"
    codes, uniques = distinct_cells(cells)
    assert codes[:4].tolist() == [0, 1, 0, 1] and uniques.tolist() == ["x", "y"]


def test_a_series_sharing_the_column_shares_its_factorization_and_it_goes_with_the_column():
    from kpi.validate import values
    cells = _long_text(["p", "q", "r"], 5_000)
    values.distinct_cells(cells)
    frame = pd.DataFrame({"c": cells})
    assert values._recall(frame["c"]) is not None  # the same Arrow data in a frame
    assert values._recall(_long_text(["p", "q", "r"], 5_000)) is None  # equal cells, another column
    key = id(cells.array.__arrow_array__())
    assert key in values._KEPT
    del cells, frame
    import gc
    gc.collect()
    assert key not in values._KEPT


def test_a_column_derived_from_distinct_values_gets_the_factorization_pandas_would_give():
    from kpi.validate.values import distinct, distinct_cells
    # five spellings, three after folding, one blank that becomes missing, in an order that tests numbering
    cells = _long_text(["B ", "a", "b", "", "A", "c", "b"], 3_000)
    folded = distinct(cells, lambda u: u.str.strip().str.lower().replace("", None).astype("str"))
    kept_codes, kept_uniques = distinct_cells(folded)
    codes, uniques = pd.factorize(folded, use_na_sentinel=False)
    assert kept_codes.tolist() == codes.tolist()
    assert kept_uniques.tolist() == list(uniques)
    assert kept_codes[:7].tolist() == [0, 1, 0, 2, 1, 3, 0]


def test_mostly_distinct_text_is_not_kept():
    from kpi.validate import values
    cells = pd.Series([f"comment {i}" for i in range(20_000)], dtype="str")
    values.distinct_cells(cells)
    assert values._recall(cells) is None


def test_distinct_cells_found_side_by_side_are_those_found_one_by_one():
    from kpi.validate.values import distinct_cells, distinct_side_by_side
    columns = [_long_text(["b", "a", None, "b"], 4_000), pd.Series(np.arange(16_000) % 7, dtype="float64"),
               _long_text([f"id{i}" for i in range(300)], 50), pd.Series(["x", "y"], dtype="str")]
    found = distinct_side_by_side(columns)
    assert found[1] is None and found[3] is None  # not long text: read in their turn
    for cells, side in zip(columns, found):
        if side is None:
            continue
        codes, uniques = distinct_cells(cells)
        assert side[0].dtype.itemsize < codes.dtype.itemsize  # compact: a byte or two a row, not eight
        assert side[0].tolist() == codes.tolist() and side[1].tolist() == uniques.tolist()
