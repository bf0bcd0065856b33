"""Parse cells as typed by people: dates, numbers with a decimal comma, yes/no, category aliases.

Every parser takes a column of raw cells (text from CSV, typed values from Excel)
and returns the parsed values with a `Problem` mask: where a cell is filled but
cannot be read, the value is missing and the mask says why. Vectorised over the
column; category lookups work on distinct values only.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa

from kpi.contracts.schema import NOT_APPLICABLE_FOLDED, VALUE_LOOKUP, fold_series

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_DATE_TEXT = (
    r"^(?:(?P<Y>\d{4})[/.\-](?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})"         # year first: ISO, Google Forms
    r"|(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{4}|\d{2}))"      # day and month, in either order
    r"(?:(?:[ T]+|,\s*)(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?"
    r"\s*(?P<P>[AaPp]\.?\s?[Mm]\.?)?"                                     # 10:02 PM
    r"(?:\s*(?P<Z>Z|[+-]\d{2}:?\d{2})"                                    # an ISO offset: read as UTC
    r"|\s+[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?)?)?$"                     # a zone name (GMT+1, EST): dropped
)
# What a datetime64[ns] holds, to the second: dates outside are one rejected cell, not an exception.
_FIRST_SECOND = np.datetime64(pd.Timestamp.min.ceil("s").to_datetime64(), "s")
_LAST_SECOND = np.datetime64((pd.Timestamp.max.floor("s") - pd.Timedelta(seconds=1)).to_datetime64(), "s")
_LAST_SERIAL = int((_LAST_SECOND - EXCEL_EPOCH.to_datetime64()) // np.timedelta64(1, "D"))
_PLAIN_ISO = r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?"
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


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
    if cells.dtype == object and len(cells) > 1_000:  # a sheet's column: a few hundred distinct dates and numbers
        codes, uniques = distinct_cells(cells)
        return spread_distinct(_as_text(uniques), codes, cells.index)
    return _as_text(cells)


def _text_of(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat()
    return str(v)


def _as_text(cells: pd.Series) -> pd.Series:
    blank = is_blank(cells)
    text = cells.map(_text_of, na_action="ignore") if cells.dtype == object else cells.astype("str")
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
    codes, uniques = distinct_cells(text)
    results = parse(uniques)
    return tuple(_as_read(text, codes, uniques, r) for r in results) if isinstance(results, tuple) else _as_read(
        text, codes, uniques, results)


def distinct_cells(cells: pd.Series, keep: bool = True, compact: bool = False) -> tuple[np.ndarray, pd.Series]:
    """The distinct cells of a column (a Series indexed 0…k-1, in order of first appearance) and, per cell,
    the position of its value among them; kept with a long text column (`_keep`) unless `keep` is false. With
    `compact`, the positions are of the smallest integer type that holds them, and may be read-only: for a
    caller that only reads them (a byte a row instead of eight, on the columns a million answers repeat).

    Cells that are equal but of different types stay apart when it matters: `True` and `1` are two cells to
    a parser (a yes, a number), though Python finds them equal; `1` and `1.0` are read alike and may share.
    """
    if cells.dtype != object:
        kept = _recall(cells, compact)
        if kept is not None:
            return kept
        codes, uniques = pd.factorize(cells, use_na_sentinel=False)
        uniques = pd.Series(uniques, dtype=cells.dtype)
        if keep:
            _keep(cells, codes, uniques)
        return codes.astype(_code_type(len(uniques))) if compact else codes, uniques
    values = cells.to_numpy()
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    if pd.api.types.infer_dtype(uniques, skipna=True) in ("string", "empty"):
        return codes, pd.Series(uniques, dtype=object)
    if not any(isinstance(u, (bool, np.bool_)) for u in uniques):
        # No yes/no cell: cells equal across types are numbers of equal value (1 and 1.0), read alike.
        return codes, pd.Series(uniques, dtype=object)
    # Typed cells with booleans (True == 1 == 1.0 in Python): tell them apart by type as well as value.
    kinds, kind_list = pd.factorize(np.fromiter(map(type, values), dtype=object, count=len(values)))
    codes = pd.factorize(codes.astype("int64") * len(kind_list) + kinds)[0]
    return codes, pd.Series(values[first_positions(codes)], dtype=object)


def factorize(cells: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """`pd.factorize(cells)` (missing cells coded -1, not among the uniques), from the column's kept
    factorization when it has one (see `_keep`)."""
    if _arrow_text(cells) is None:
        return pd.factorize(cells)
    codes, uniques = distinct_cells(cells)
    missing = np.flatnonzero(uniques.isna().to_numpy())
    if len(missing):  # one unique at most: the missing cells'
        at = int(missing[0])
        gone = codes == at
        codes[codes > at] -= 1
        codes[gone] = -1
        uniques = uniques.drop(index=uniques.index[at])
    return codes, pd.Index(uniques.array)


# ---------------------------------------------------------------- factorizations kept
#
# Validation and scoring group the same text columns again and again (the review id, the partner key, the question
# id): hashing a million strings each time is most of their cost. The factorization of an Arrow text column is kept
# while the column's Arrow data lives, keyed by that data, which every Series over the column shares (a column put
# in a frame, a Series built on its array); a column derived from another's distinct values (`spread_distinct`)
# gets its factorization from the other's, for the price of one take of small integers. The codes are kept in the
# smallest integer type that holds them (a byte a row for a column of under 256 values).

_KEEP_ROWS = 10_000  # shorter columns are quick to factorize again: not kept
_KEPT: dict[int, tuple[weakref.ref, np.ndarray, pd.Series]] = {}


def _arrow_text(cells: pd.Series) -> pa.ChunkedArray | None:
    """The Arrow data of a long text column, which identifies it; None for other columns."""
    dtype = cells.dtype
    if len(cells) < _KEEP_ROWS or not isinstance(dtype, pd.StringDtype) or dtype.storage != "pyarrow":
        return None
    return cells.array.__arrow_array__()


def _kept(cells: pd.Series) -> tuple[weakref.ref, np.ndarray, pd.Series] | None:
    """What is kept for `cells`' Arrow data (an entry of a column that died and whose id came back is not)."""
    data = _arrow_text(cells)
    kept = None if data is None else _KEPT.get(id(data))
    return kept if kept is not None and kept[0]() is data else None


def _recall(cells: pd.Series, compact: bool = False) -> tuple[np.ndarray, pd.Series] | None:
    """The kept factorization of `cells`: codes of the platform's integer type, a copy the caller may change, or
    with `compact` the kept codes themselves (read-only, of the smallest type)."""
    kept = _kept(cells)
    if kept is None:
        return None
    return kept[1] if compact else kept[1].astype(np.intp), kept[2].copy(deep=False)


def _keep(cells: pd.Series, codes: np.ndarray, uniques: pd.Series) -> None:
    """Keep `codes, uniques` (`pd.factorize(cells, use_na_sentinel=False)`: codes numbered in order of first
    appearance, every unique appearing) for as long as the column's Arrow data lives."""
    data = _arrow_text(cells)
    if data is None or _kept(cells) is not None:
        return
    if len(uniques) > len(cells) // 4:  # mostly distinct (free text): little to gain, much to keep
        return
    key = id(data)
    # Codes of the smallest type are a copy: the caller may change its own. Shared by columns with the same ones.
    compact = codes if codes.dtype == _code_type(len(uniques)) and not codes.flags.writeable else codes.astype(
        _code_type(len(uniques)))
    compact.flags.writeable = False
    _KEPT[key] = (weakref.ref(data, partial(_forget, key)), compact,
                  uniques.copy(deep=False))  # a Series of its own: the caller may change the one it has


def _code_type(n: int) -> np.dtype:
    """The smallest integer type holding the codes of `n` distinct values (0 … n-1)."""
    return np.min_scalar_type(max(n - 1, 0))


def _forget(key: int, ref: weakref.ref) -> None:
    if _KEPT.get(key, (None,))[0] is ref:
        del _KEPT[key]


def spread_distinct(result: pd.Series, codes: np.ndarray, index: pd.Index, source: pd.Series | None = None
                    ) -> pd.Series:
    """`spread` where `codes` are a factorization's (`distinct_cells` of `source`): a text result keeps its
    factorization, derived from those codes instead of hashing every cell again."""
    out = spread(result, codes, index)
    _keep_derived(out, result, codes, source)
    return out


def _keep_derived(out: pd.Series, result: pd.Series, codes: np.ndarray, source: pd.Series | None = None) -> None:
    """Keep the factorization of `out`, which holds `result[codes]` for the factorization `codes` (of `source`)."""
    if _arrow_text(out) is None:
        return
    small, uniques = pd.factorize(result, use_na_sentinel=False)
    kept = _kept(source) if source is not None and len(uniques) == len(result) else None
    if kept is not None:  # one result per distinct cell (an id given a prefix): the same codes, shared, not copied
        _keep(out, kept[1], pd.Series(uniques, dtype=result.dtype))
        return
    # `codes` number the distinct cells in order of first appearance, and `small` numbers the results in the
    # same order: `small[codes]` numbers the new column's values in order of first appearance too.
    _keep(out, small.astype(_code_type(len(uniques)))[codes], pd.Series(uniques, dtype=result.dtype))


def distinct_side_by_side(columns: list[pd.Series]) -> list[tuple[np.ndarray, pd.Series] | None]:
    """`distinct_cells` of each long text column, found on every core at once (Arrow hashes a column without
    holding Python's interpreter); None for the other columns, which are quick to read one after the other."""
    long_text = [i for i, cells in enumerate(columns) if _arrow_text(cells) is not None]
    out: list[tuple[np.ndarray, pd.Series] | None] = [None] * len(columns)
    workers = min(len(long_text), os.cpu_count() or 1)
    if workers < 2:
        return out
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="distinct") as pool:
        for i, found in zip(long_text, pool.map(_compact_distinct_cells, [columns[i] for i in long_text])):
            out[i] = found
    return out


def _compact_distinct_cells(cells: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """`distinct_cells` with the codes in the smallest integer type that holds them (a byte a row for a column of
    under 256 values): the codes of every column are held at once, until each is parsed. Not kept: a column read
    as written keeps them when it is parsed (`_as_read`)."""
    return distinct_cells(cells, keep=False, compact=True)  # a raw column: parsed once; its parsed form is kept


def first_positions(codes: np.ndarray) -> np.ndarray:
    """Where each code first appears, for codes numbered in order of first appearance (as `pd.factorize`
    numbers them): the positions where a code passes every code before it."""
    if not len(codes):
        return np.zeros(0, dtype="int64")
    new = np.empty(len(codes), dtype=bool)
    new[0] = True
    np.greater(codes[1:], np.maximum.accumulate(codes)[:-1], out=new[1:])
    return np.flatnonzero(new)


def spread(result: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """`result` (one value per distinct cell) back onto every cell: a take, whatever the dtype."""
    return pd.Series(result.array.take(codes), index=index, dtype=result.dtype)


def on_distinct(cells: pd.Series, parse, distinct: tuple[np.ndarray, pd.Series] | None = None) -> "Parsed":
    """`parse` (a parser of this module: one cell's result depends on that cell only) run on the distinct
    cells of the column, its values and problems spread back to every cell. `distinct`: the column's
    `distinct_cells`, when they were found already (`distinct_side_by_side`)."""
    codes, uniques = distinct if distinct is not None else distinct_cells(cells)
    codes = codes.astype(np.intp, copy=False)
    parsed = parse(uniques)
    fine = not parsed.problem.ne("").any()
    return Parsed(_as_read(cells, codes, uniques, parsed.values),
                  no_problems(cells.index) if fine else spread(parsed.problem, codes, cells.index))


def _as_read(cells: pd.Series, codes: np.ndarray, uniques: pd.Series, values: pd.Series) -> pd.Series:
    """`values` (one per distinct cell) spread back to every cell. Text read as written (ids, names, canonical
    spellings), blanks aside, is the column's own strings: the same arrow buffers, blanks marked missing,
    rather than a copy of a million strings."""
    if isinstance(cells.dtype, pd.StringDtype) and values.dtype == cells.dtype:
        missing = values.isna().to_numpy()
        if (values.eq(uniques).to_numpy(dtype=bool, na_value=False) | missing).all():
            if not missing.any():
                _keep(cells, codes, uniques)  # the same Arrow data, read again later (ids, names, sides)
                return pd.Series(cells.array, index=cells.index)
            out = _with_missing(cells, missing[codes])
            _keep_derived(out, values, codes, cells)
            return out
    return spread_distinct(values, codes, cells.index, cells)


def _with_missing(cells: pd.Series, missing: np.ndarray) -> pd.Series:
    """Arrow text `cells` with the cells where `missing` marked missing: new validity bits, the same offsets and
    characters."""
    chunks, start = [], 0
    column = cells.array.__arrow_array__()
    for chunk in column.chunks:
        valid = ~missing[start:start + len(chunk)]
        start += len(chunk)
        if chunk.null_count:
            valid &= chunk.is_valid().to_numpy(zero_copy_only=False)
        bits = np.packbits(np.concatenate([np.zeros(chunk.offset, dtype=bool), valid]), bitorder="little")
        chunks.append(pa.Array.from_buffers(chunk.type, len(chunk), [pa.py_buffer(bits), *chunk.buffers()[1:]],
                                            offset=chunk.offset))
    return pd.Series(pd.array(pa.chunked_array(chunks, column.type), dtype=cells.dtype), index=cells.index)


def no_problems(index: pd.Index) -> pd.Series:
    """A problem column saying '' for every cell."""
    return constant_text("", index)


def constant_text(value: str, index: pd.Index) -> pd.Series:
    """`value` in every row, as text (`str`), built from its bytes rather than from a million Python strings.
    Blank text costs nothing until read: offsets all zero, which the system hands out already zeroed."""
    n, data = len(index), value.encode("utf-8")
    if data:
        offsets = np.arange(n + 1, dtype="int64")
        offsets *= len(data)  # in place: no second array of a million offsets
    else:
        offsets = np.zeros(n + 1, dtype="int64")
    text = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data * n))
    return pd.Series(pd.array(text, dtype="str"), index=index)


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
    infinite = np.isinf(values.to_numpy())  # 'inf', '1e999': no duration, score or scale is infinite
    if infinite.any():
        values[infinite] = np.nan
        problem[infinite] = "bad_number"
    return Parsed(values, problem)


# C0 and C1 controls but tab and line ends (multi-line comments), and the bidi embeddings, overrides and
# isolates that make "evil\u202egpj.exe" read as "evilexe.jpg" (CVE-2021-42574).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Invisible characters a copy-paste leaves at either end of a name: zero-width space, joiners, direction
# marks, word joiner, byte-order mark. Inside a name they stay (an emoji sequence needs its joiner).
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"


def _tidy(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip(_INVISIBLE).strip()


def parse_text(cells: pd.Series) -> Parsed:
    """Text as typed: trimmed of spaces and invisible marks at either end, in one Unicode form (NFC), so that
    `Lumière` typed on a Mac and on Windows is one name; a cell holding a control character (NUL, an escape,
    a right-to-left override) is a problem.

    "North\\x00wind" would otherwise be a partner of its own, and some databases refuse it.
    """
    text = as_text(cells)
    control = np.zeros(len(text), dtype=bool)
    # Printable ASCII, line ends and Latin-1 (French accents) are NFC and visible: only other text needs a look.
    odd = text.str.contains(r"[^\t\n\r -~\xa0-\xff]", regex=True).fillna(False).to_numpy(dtype=bool)
    if odd.any():
        codes, uniques = pd.factorize(text[odd])  # names repeat: tidy each distinct one once
        tidy = np.array([_tidy(value) for value in uniques], dtype=object)
        values = text.to_numpy(dtype=object, copy=True)
        values[odd] = tidy[codes]
        control[odd] = np.array([_CONTROL.search(value) is not None for value in tidy], dtype=bool)[codes]
        text = pd.Series(values, index=text.index, dtype="str")
    problem = pd.Series("", index=cells.index, dtype="str")
    if control.any():
        problem[control] = "control_character"
        text = text.where(~control, pd.NA).astype("str")
    return Parsed(text, problem)


def parse_integer(cells: pd.Series) -> Parsed:
    """Whole numbers; '2,5' is a problem, not 2."""
    parsed = parse_number(cells, not_applicable=False)
    fractional = parsed.values.notna() & (parsed.values % 1 != 0)
    problem = parsed.problem.mask(fractional, "not_whole")
    return Parsed(parsed.values.mask(fractional), problem)


def parse_date(cells: pd.Series, month_first: bool = False) -> Parsed:
    """Dates: ISO (with or without time), day-first slashes (optionally with time), Excel dates.

    Also what survey tools write: `2025/11/04 10:02:33 AM GMT+1` (the zone name is dropped, the local
    time kept), `11/4/2025 10:02 PM`, `04.11.2025 10:02`, `2025-11-04T10:02:33Z` (an ISO offset is read
    as UTC). Slash dates are read month-first when `month_first`. A date that matches a pattern but
    does not exist (31/02/2026) gets 'no_such_date', or 'date_order' when the other day/month order
    would give a real date (03/15/2026 read day-first); a real date outside what pandas holds
    (before 1677-09-22, after 2262-04-11) gets 'not_in_date_range'.
    """
    blank = is_blank(cells)
    values = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns]")
    problem = pd.Series("", index=cells.index, dtype="str")
    textual = ~blank
    if cells.dtype == object:
        kinds = cells.map(type)
        dated = kinds.isin([dt.datetime, dt.date, pd.Timestamp]) & ~blank
        if dated.any():
            stamps = distinct(cells[dated], lambda u: u.map(_to_datetime64))  # a sheet repeats its dates
            fits = stamps.notna()
            values[dated] = stamps.where(fits, None).astype("datetime64[ns]")
            problem[dated] = np.where(fits, "", "not_in_date_range")
        serial = kinds.isin([int, float]) & ~blank
        if serial.any():
            num = cells[serial].astype("float64")
            ok = (num > 1) & (num < 2958466)  # Excel's own range: 1900-01-01 to 9999-12-31
            fits = ok & (num < _LAST_SERIAL)
            values[serial] = (EXCEL_EPOCH + pd.to_timedelta(num.where(fits), unit="D")).dt.round("s")
            problem[serial] = np.where(fits, "", np.where(ok, "not_in_date_range", "bad_date"))
        textual = ~blank & ~dated & ~serial
    if textual.any():
        out, problems = distinct(as_text(cells[textual]), lambda u: _text_dates(u, month_first))
        values[textual] = out
        problem[textual] = problems
    return Parsed(values, problem)


def _to_datetime64(value) -> np.datetime64:
    """A Python or pandas date as datetime64[ns]; NaT when pandas cannot hold it (year 9999)."""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(None)
    try:
        return stamp.as_unit("ns").to_datetime64()
    except (OverflowError, pd.errors.OutOfBoundsDatetime):
        return np.datetime64("NaT", "ns")


def _date_parts(text: pd.Series) -> pd.DataFrame:
    """The numbers of each date text as floats (NaN where absent); `a`, `b` are the two numbers of
    `15/03/2026` before the year, in the file's order; `Y`, `m`, `d` those of a year-first date."""
    parts = text.str.extract(_DATE_TEXT)
    numeric = {c: pd.to_numeric(parts[c], errors="coerce").to_numpy(dtype="float64")
               for c in ("Y", "m", "d", "a", "b", "y", "H", "M", "S")}
    out = pd.DataFrame(numeric, index=text.index)
    out["y"] = np.where(out["y"] < 100, out["y"] + 2000, out["y"])
    return out.assign(F=parts["F"], P=parts["P"], Z=parts["Z"])


def _real_day(year, month, day) -> np.ndarray:
    """True where year-month-day is a day of the calendar (any year, leap years included)."""
    year, month, day = (np.nan_to_num(np.asarray(v, dtype="float64"), nan=0).astype("int64")
                        for v in (year, month, day))
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    ok_month = (month >= 1) & (month <= 12)
    last = _DAYS_IN_MONTH[np.clip(month, 0, 12)] + (leap & (month == 2))
    return ok_month & (day >= 1) & (day <= last)


def _slash_order_proof(p: pd.DataFrame) -> np.ndarray:
    """'day' where a slash date is a real date only day-first (31/03/2026), 'month' where only
    month-first (03/31/2026), '' where both orders or neither give one (05/04/2026, a year-first date)."""
    day_first = _real_day(p["y"], p["b"], p["a"])
    month_first = _real_day(p["y"], p["a"], p["b"])
    slash = p["a"].notna().to_numpy()
    return np.where(slash & day_first & ~month_first, "day",
                    np.where(slash & month_first & ~day_first, "month", ""))


def _text_dates(text: pd.Series, month_first: bool) -> tuple[pd.Series, pd.Series]:
    # Plain ISO texts (most exports) go through pandas' own parser; the regex below is far slower.
    plain = text.str.fullmatch(_PLAIN_ISO).fillna(False).astype("bool")
    stamps = pd.to_datetime(text.where(plain), format="ISO8601", errors="coerce")
    quick = plain & stamps.notna() & stamps.between(pd.Timestamp.min, pd.Timestamp.max)
    if quick.all():
        return stamps.astype("datetime64[ns]"), pd.Series("", index=text.index, dtype="str")
    values = stamps.where(quick).astype("datetime64[ns]")
    problem = pd.Series("", index=text.index, dtype="str")
    values[~quick], problem[~quick] = _patterned_dates(text[~quick], month_first)
    return values, problem


def _patterned_dates(text: pd.Series, month_first: bool) -> tuple[pd.Series, pd.Series]:
    p = _date_parts(text)
    year_first = p["Y"].notna().to_numpy()
    slash = p["a"].notna().to_numpy()
    day, month = (p["b"], p["a"]) if month_first else (p["a"], p["b"])
    year = np.where(year_first, p["Y"], p["y"])
    month = np.where(year_first, p["m"], month)
    day = np.where(year_first, p["d"], day)
    hour, minute, second = (p[c].fillna(0).to_numpy().astype("int64") for c in ("H", "M", "S"))
    meridian = p["P"].fillna("").str[:1].str.lower().to_numpy(dtype=object)
    twelve = meridian != ""
    hour_ok = np.where(twelve, hour <= 12, hour < 24)
    hour = np.where(twelve & (hour == 12), 0, hour) + np.where(meridian == "p", 12, 0)
    real = _real_day(year, month, day)
    time_ok = hour_ok & (minute < 60) & (second < 60)
    ok = real & time_ok
    safe = lambda v, fill: np.where(ok, np.nan_to_num(v, nan=fill), fill).astype("int64")  # noqa: E731
    months = ((safe(year, 1970) - 1970) * 12 + safe(month, 1) - 1).astype("datetime64[M]")
    days = months.astype("datetime64[D]") + (safe(day, 1) - 1).astype("timedelta64[D]")
    offset = p["Z"].fillna("").str.replace(r"[Z:]", "", regex=True)
    offset_seconds = np.where(offset.str[:1] == "-", -1, 1) * (
        pd.to_numeric(offset.str[1:3], errors="coerce").fillna(0).to_numpy().astype("int64") * 3600
        + pd.to_numeric(offset.str[3:5], errors="coerce").fillna(0).to_numpy().astype("int64") * 60)
    seconds = days.astype("datetime64[s]") + (hour * 3600 + minute * 60 + second - offset_seconds).astype(
        "timedelta64[s]")
    fits = ok & (seconds >= _FIRST_SECOND) & (seconds <= _LAST_SECOND)
    nanos = pd.to_numeric(p["F"].fillna("").str.ljust(9, "0").str[:9], errors="coerce").fillna(0)
    out = (np.where(fits, seconds, np.datetime64("NaT", "s")).astype("datetime64[ns]")
           + nanos.to_numpy().astype("int64").astype("timedelta64[ns]"))
    other_order = slash & ~real & _real_day(year, day, month)  # 03/15/2026 read day-first
    matched = year_first | slash
    problem = np.select([fits, ~matched, ok, other_order, matched],
                        ["", "bad_date", "not_in_date_range", "date_order", "no_such_date"], "")
    return pd.Series(out, index=text.index), pd.Series(problem, index=text.index, dtype="str")


@dataclass(frozen=True)
class DateOrder:
    """The day/month order a table's slash dates prove (METHODOLOGY §1.7), and where."""

    order: str | None = None  # "day", "month", or None when no date proves either
    at: tuple = ()  # (row position, number of the column in the list given) of the first date proving it
    value: str = ""  # that date as written
    conflict_at: tuple = ()  # the first date proving the other order, when the file proves both
    conflict_value: str = ""


def proven_order(cells: list[pd.Series]) -> DateOrder:
    """The order proven first, in file order, by the date columns `cells` (each indexed 0…n-1 by row).

    A slash date that is a real date in one order only proves it: `31/03/2026` day-first,
    `03/31/2026` month-first. Rows are scanned top to bottom, columns left to right within a row;
    a later date proving the other order is the conflict.
    """
    # Each column's distinct cells are read and tried once (a million dates hold a few hundred), and only the rows
    # holding a date that proves an order are looked at.
    texts, found = [], []
    for number, column in enumerate(cells):
        codes, uniques = distinct_cells(column)
        text = as_text(uniques)
        proofs = _order_proofs(text).to_numpy()
        texts.append((codes, text))
        at = np.flatnonzero(np.isin(codes, np.flatnonzero(proofs != "")))
        if len(at):
            found.append(pd.DataFrame({"row": column.index[at], "column": number, "proof": proofs[codes[at]],
                                       "_at": at}))
    if not found:
        return DateOrder()
    found = pd.concat(found, ignore_index=True).sort_values(["row", "column"], kind="stable")
    first = found.iloc[0]
    other = found[found["proof"].ne(first["proof"])]
    where = lambda r: (int(r["row"]), int(r["column"]))  # noqa: E731

    def written(r) -> str:
        codes, text = texts[int(r["column"])]
        return text.iloc[codes[int(r["_at"])]]

    if other.empty:
        return DateOrder(first["proof"], where(first), written(first))
    conflict = other.iloc[0]
    return DateOrder(first["proof"], where(first), written(first), where(conflict), written(conflict))


def _order_proofs(text: pd.Series) -> pd.Series:
    proofs = pd.Series("", index=text.index, dtype="str")
    # Only `dd/dd/…` can prove an order; skipping the rest spares the slow regex on year-first timestamps.
    slashed = text.str.match(r"\d{1,2}[/.\-]\d{1,2}[/.\-]").fillna(False).astype("bool")
    if slashed.any():
        proofs[slashed] = _slash_order_proof(_date_parts(text[slashed]))
    return proofs

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
