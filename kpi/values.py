"""Parse cells as typed by people: dates, numbers with a decimal comma, yes/no, category aliases.

Every parser takes a column of raw cells (text from CSV, typed values from Excel)
and returns the parsed values with a `Problem` mask: where a cell is filled but
cannot be read, the value is missing and the mask says why. Vectorised over the
column; category lookups work on distinct values only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpi.schema import NOT_APPLICABLE_FOLDED, VALUE_LOOKUP, fold_series

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_SLASH_DATE = (r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{2}|\d{4})"
               r"(?:[ T]+(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2}))?)?$")
_ISO_DATE = r"^\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"


@dataclass
class Parsed:
    """Parsed values, and where a filled cell could not be parsed: the problem code (else '')."""

    values: pd.Series
    problem: pd.Series  # str: '' when fine


def is_blank(cells: pd.Series) -> pd.Series:
    """True where a cell is empty, missing or only spaces."""
    if cells.dtype == object:
        kinds = cells.map(type)
        text_like = kinds.isin([str])
        out = cells.isna().to_numpy().copy()
        if text_like.any():
            out[text_like.to_numpy()] = cells[text_like].str.strip().eq("").to_numpy()
        return pd.Series(out, index=cells.index)
    return cells.isna() | cells.astype("str").str.strip().eq("")


def as_text(cells: pd.Series) -> pd.Series:
    """Cells as trimmed text; whole numbers from Excel lose their `.0`; blanks become missing."""
    blank = is_blank(cells)
    if cells.dtype == object:
        def one(v):
            if isinstance(v, float) and v.is_integer():
                return str(int(v))
            if isinstance(v, (dt.datetime, dt.date)):
                return v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat()
            return str(v)
        text = cells.map(one, na_action="ignore")
    else:
        text = cells.astype("str")
    text = text.astype("str").str.strip()
    return text.where(~blank, pd.NA).astype("str")


def original(cells: pd.Series) -> pd.Series:
    """The cells as the user sees them, for reports."""
    return as_text(cells).fillna("")


def distinct(text: pd.Series, parse):
    """Apply `parse` to the distinct values of a text column only, then spread the result back.

    Exports repeat the same few values (scores, dates, names) across a million rows: parsing
    each distinct value once is what keeps validation fast. `parse` takes and returns a Series
    (or a tuple of Series) indexed like its input.
    """
    codes, uniques = pd.factorize(text, use_na_sentinel=False)
    results = parse(pd.Series(uniques, dtype=text.dtype))
    spread = lambda r: pd.Series(r.to_numpy()[codes], index=text.index, dtype=r.dtype)  # noqa: E731
    return tuple(spread(r) for r in results) if isinstance(results, tuple) else spread(results)


def _numeric_text(text: pd.Series) -> pd.Series:
    """'1 234,5' → 1234.5; '4,5' → 4.5; '1,234.5' → 1234.5."""
    t = text.str.replace(r"[\s\u00a0\u202f']", "", regex=True)
    both = t.str.contains(",", regex=False) & t.str.contains(".", regex=False)
    comma_last = t.str.rfind(",") > t.str.rfind(".")
    t = t.mask(both & comma_last, t.str.replace(".", "", regex=False))
    t = t.mask(both & ~comma_last, t.str.replace(",", "", regex=False))
    t = t.str.replace(",", ".", regex=False)
    return pd.to_numeric(t, errors="coerce")


def parse_number(cells: pd.Series, not_applicable: bool = True) -> Parsed:
    """Numbers from numbers or text with a decimal comma; N/A words mean blank."""
    blank = is_blank(cells)
    values = pd.Series(np.nan, index=cells.index, dtype="float64")
    problem = pd.Series("", index=cells.index, dtype="str")
    if cells.dtype == object:
        kinds = cells.map(type)
        numeric = kinds.isin([int, float]) & ~blank
        values[numeric] = cells[numeric].astype("float64")
        booleans = kinds.eq(bool)
        problem[booleans] = "bad_number"
        textual = ~numeric & ~blank & ~booleans
    else:
        textual = ~blank
    if textual.any():
        text = as_text(cells[textual])
        parsed, na = distinct(text, lambda u: (_numeric_text(u), fold_series(u).isin(NOT_APPLICABLE_FOLDED)
                                               & not_applicable))
        values[textual] = parsed
        problem[textual] = np.where(parsed.isna() & ~na, "bad_number", "")
    return Parsed(values, problem)


def parse_integer(cells: pd.Series) -> Parsed:
    """Whole numbers; '2,5' is a problem, not 2."""
    parsed = parse_number(cells, not_applicable=False)
    fractional = parsed.values.notna() & (parsed.values % 1 != 0)
    problem = parsed.problem.mask(fractional, "not_whole")
    return Parsed(parsed.values.mask(fractional), problem)


def parse_date(cells: pd.Series, month_first: bool = False) -> Parsed:
    """Dates: ISO (with or without time), day-first slashes (optionally with time), Excel dates.

    Slash dates are read month-first when `month_first`. A date that matches a
    pattern but does not exist (31/02/2026) gets 'no_such_date', or 'date_order' when the other
    day/month order would give a real date (03/15/2026 read day-first).
    """
    blank = is_blank(cells)
    values = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns]")
    problem = pd.Series("", index=cells.index, dtype="str")
    textual = ~blank
    if cells.dtype == object:
        kinds = cells.map(type)
        dated = kinds.isin([dt.datetime, dt.date, pd.Timestamp]) & ~blank
        if dated.any():
            values[dated] = pd.to_datetime(cells[dated].map(lambda v: pd.Timestamp(v)), errors="coerce")
        serial = kinds.isin([int, float]) & ~blank
        if serial.any():
            num = cells[serial].astype("float64")
            ok = (num > 1) & (num < 2958466)
            values[serial] = (EXCEL_EPOCH + pd.to_timedelta(num.where(ok), unit="D")).dt.round("s")
            problem[serial] = np.where(ok, "", "bad_date")
        textual = ~blank & ~dated & ~serial
    if textual.any():
        out, problems = distinct(as_text(cells[textual]), lambda u: _text_dates(u, month_first))
        values[textual] = out
        problem[textual] = problems
    return Parsed(values, problem)


def _text_dates(text: pd.Series, month_first: bool) -> tuple[pd.Series, pd.Series]:
    iso = text.str.match(_ISO_DATE)
    parts = text.str.extract(_SLASH_DATE)
    slash = parts["a"].notna()
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    if iso.any():
        out[iso] = pd.to_datetime(text[iso], format="ISO8601", errors="coerce", utc=True).dt.tz_localize(None)
    if slash.any():
        p = parts[slash]
        day, month = (p["b"], p["a"]) if month_first else (p["a"], p["b"])
        year = p["y"].astype("int64")
        year = year.where(year >= 100, year + 2000)
        frame = pd.DataFrame({
            "year": year, "month": month.astype("int64"), "day": day.astype("int64"),
            "hour": p["H"].fillna("0").astype("int64"), "minute": p["M"].fillna("0").astype("int64"),
            "second": p["S"].fillna("0").astype("int64"),
        })
        out[slash] = pd.to_datetime(frame, errors="coerce")
        swapped = pd.to_datetime(frame.rename(columns={"day": "month", "month": "day"}), errors="coerce")
        # 03/15/2026 read day-first does not exist but month-first does: say which option fixes it.
        fits_other_order = pd.Series(False, index=text.index)
        fits_other_order[slash] = swapped.notna().to_numpy() & out[slash].isna().to_numpy()
    else:
        fits_other_order = pd.Series(False, index=text.index)
    matched = iso | slash
    problem = np.where(out.isna(), np.where(fits_other_order, "date_order", np.where(matched, "no_such_date",
                                                                                     "bad_date")), "")
    return out, pd.Series(problem, index=text.index, dtype="str")


def parse_category(cells: pd.Series, kind: str) -> Parsed:
    """Canonical values of a category (side, meeting_type, kpi, yesno) through the folded aliases."""
    blank = is_blank(cells)
    folded = fold_series(as_text(cells).fillna(""))
    values = folded.map(VALUE_LOOKUP[kind]).astype("object")
    values[blank] = None
    unknown = values.isna() & ~blank
    problem = pd.Series(np.where(unknown, f"unknown_{kind}", ""), index=cells.index, dtype="str")
    return Parsed(values.astype("str").where(~(blank | unknown), pd.NA).astype("str"), problem)


def parse_yesno(cells: pd.Series) -> Parsed:
    """yes/no, oui/non, true/false, 1/0, x → nullable boolean (blank = unknown)."""
    if cells.dtype == object:
        kinds = cells.map(type)
        if kinds.eq(bool).any():
            cells = cells.where(~kinds.eq(bool), cells.map(lambda v: "yes" if v is True else "no" if v is False else v))
    parsed = parse_category(cells, "yesno")
    values = parsed.values.map({"yes": True, "no": False}).astype("boolean")
    return Parsed(values, parsed.problem)
