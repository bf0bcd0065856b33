"""Turn files into raw tables: CSV in any usual dialect and encoding, every sheet of an .xlsx.

A raw table keeps every cell as the user typed it (text from CSV, typed values
from Excel) and knows the row number the user sees for each of its rows, so
that validation can point at "line 14" of "revues.csv".
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from concurrent.futures import Future
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pyarrow as pa

from kpi.errors import ReadError
from kpi.ingest.base import HEAD_ROWS, Layout, detect
from kpi.ingest.delimited import MAX_COLUMNS, SNIFF_CHARS, csv_rows, sniff_delimiter, utf8_cells
from kpi.ingest.generic import HEADER_SEARCH_ROWS, find_header
from kpi.ingest.mapping import Mapping
from kpi.ingest.source import Source, file_kind
from kpi.ingest.workbook import Sheet, read_sheets, short_reason
from kpi.settings import Settings



@dataclass
class RawTable:
    """One table as read: headers, cells, and the row number the user sees for each row."""

    file: str
    sheet: str | None
    headers: list[str]
    frame: pd.DataFrame  # columns are positions 0..n-1 (object dtype), one row per non-blank data row
    rows: pd.Series  # user-visible row number of each frame row (header row of a CSV = 1)
    header_row: int
    table: str | None = None
    forced: bool = False
    notes: list[tuple[str, dict]] = field(default_factory=list)  # (problem code, params) warnings
    layout: Layout | None = None  # a survey tool's layout when one was recognised (kpi.ingest)
    mapping: Mapping | None = None  # what the user settled for this file's shape (a profile)
    survey: object = None  # kpi.ingest.surveys.Canonical once a survey export was turned into answers
    excel_errors: bool = False  # some cells hold Excel error values (ExcelError)
    repeated: dict[int, int] = field(default_factory=dict)  # column of a repeated header → its first column
    row_problems: list[tuple[int, str, dict]] = field(default_factory=list)  # (frame position, code, params) errors

    @property
    def format(self) -> str:
        """The survey tool that wrote the file (`qualtrics`…), or `generic`."""
        return self.layout.format if self.layout else "generic"

    @property
    def header_rows(self) -> int:
        """How many header rows the file has above its data."""
        return self.layout.header_rows if self.layout else 1

    @property
    def where(self) -> str:
        """File name, with the sheet for workbooks: `book.xlsx [meetings]`."""
        return f"{self.file} [{self.sheet}]" if self.sheet else self.file


def read_source(source: Source, settings: Settings | None = None) -> list[RawTable]:
    """Every table of one file: one for a CSV, one per non-empty sheet of a workbook."""
    settings = settings or Settings()
    name, data = source.name, source.data
    limit_mb = settings["limits.upload_mb"]
    if not data:
        raise ReadError(name, "read_empty")
    if source.uploaded and len(data) > limit_mb * 1024 * 1024:
        raise ReadError(name, "read_too_big", size=f"{len(data) / 1048576:.0f}", limit=limit_mb)
    kind = file_kind(name, data)
    if kind in ("encrypted", "html", "xls"):
        raise ReadError(name, {"encrypted": "read_password", "html": "read_html", "xls": "read_xls"}[kind])
    ahead, source.ahead = source.ahead, None  # parsed already (`read_ahead`): taken, and let go of
    if kind == "ics":
        from kpi.ingest import ics  # a calendar is no grid
        tables = [ics.read(name, data, settings)]
    elif kind == "workbook":
        tables = _read_workbook(name, ahead.result() if ahead is not None else read_sheets(name, data, settings))
    else:
        tables = [_read_csv(name, data, ahead)]
    for table in tables:
        table.mapping = source.mapping
        if source.table:
            table.table, table.forced = source.table, True
    return tables


# ---------------------------------------------------------------- CSV


def decode(name: str, data: bytes) -> str:
    """Text of a CSV: UTF-16 or UTF-32 with a BOM (Excel's "Unicode text", Qualtrics, SurveyMonkey),
    UTF-16 without one, UTF-8 (with or without BOM), else Windows-1252."""
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _no_nul(name, data.decode(codec, errors="replace"))
    head = data[:4096]
    if b"\x00" in head:
        # Without a BOM, UTF-16 shows as a NUL beside nearly every ASCII character, always on the same side.
        odd, even = head[1::2].count(0), head[0::2].count(0)
        if min(odd, even) == 0 and max(odd, even) >= len(head) // 4:
            return _no_nul(name, data.decode("utf-16-le" if odd else "utf-16-be", errors="replace"))
        if head.count(0) > max(2, len(head) // 1000):  # a stray NUL in a name is a cell validation rejects
            raise ReadError(name, "read_binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(data):  # UTF-8 and Windows-1252 lines pasted together: read each as written
        return data.decode("utf-8-sig", errors="kpi_cp1252")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
codecs.register_error("kpi_cp1252", lambda exc: (exc.object[exc.start:exc.end].decode("cp1252", "replace"), exc.end))


def _no_nul(name: str, text: str) -> str:
    if "\x00" in text[:4096]:
        raise ReadError(name, "read_binary")
    return text


_NO_VALUES = re.compile(r'[\s,;|"\ufeff]*')
def _read_csv(name: str, data: bytes, ahead: Future | None = None) -> RawTable:
    """`ahead`: `kpi.ingest.delimited.utf8_cells` of the file, running or run already (`read_ahead`)."""
    return _read_utf8(name, data, ahead.result() if ahead is not None else _PARSE) or _read_text(name, data)


_PARSE = object()  # `_read_utf8` parses the file itself


_OPTIONS = dict(header=None, dtype=str, keep_default_na=False, skip_blank_lines=False, engine="c", quotechar='"')


def _read_utf8(name: str, data: bytes, parsed: tuple | None | object = _PARSE) -> RawTable | None:
    """The usual file, UTF-8 and well formed, parsed straight from its bytes; None for anything else.

    Same result as `_read_text`, without a decoded copy of the whole file (a Python string, and four bytes a
    character in StringIO): the checks before parsing read the first megabyte, the C parser decodes as it
    goes (and refuses bytes that are not UTF-8), and line numbers are counted on the bytes. Whatever would
    take another turn there (another encoding, a NUL, blank or separator-only text, unreadable or too wide
    first lines, sniffing that needs more than the first megabyte, ragged or broken records) returns None,
    and `_read_text` reads the file the careful way, raising the same errors as always. The checks and Arrow's
    parse are `kpi.ingest.delimited.utf8_cells`; `parsed` is what it returned already (read ahead), None when it
    refused the file.
    """
    found = utf8_cells(data) if parsed is _PARSE else parsed
    if not found:
        return None
    cells, delim = found
    frame = _grid(cells)
    lines = data.count(b"\n")
    if b"\r" in data:  # a search stops early and is cheap; counting CR LF pairs is a slow pass over every byte
        lines += data.count(b"\r") - data.count(b"\r\n")
    lines += 0 if data.endswith((b"\n", b"\r")) else 1
    # Records spanning lines (multi-line comments) shift line numbers: only then is the text read again.
    numbers = (pd.Series(range(1, len(frame) + 1)) if lines == len(frame)
               else _csv_line_numbers(data.decode("utf-8-sig"), delim, len(frame)))
    raw = _raw_from_grid(name, None, frame, numbers)
    raw.row_problems += _swallowed_rows(raw, delim)
    return raw


def _grid(table) -> pd.DataFrame:
    """Arrow's cells (`kpi.ingest.delimited.utf8_cells`) as a frame of text, in the Arrow strings pandas keeps
    text in: no column copied."""
    frame = table.to_pandas(types_mapper={pa.string(): _TEXT, pa.large_string(): _TEXT}.get)
    frame.columns = range(frame.shape[1])
    # The frame holds the table's own buffers, so the caller holding the table costs nothing. The parser's blocks
    # are freed but kept by Arrow's allocator for reuse, which validation (numpy's arrays) cannot reuse: hand them
    # back to the system (100 MB on a 300 MB file).
    pa.default_memory_pool().release_unused()
    return frame


_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # the `str` dtype of pandas 3: what `dtype=str` reads


def _read_text(name: str, data: bytes) -> RawTable:
    text = decode(name, data)
    if not text.strip():
        raise ReadError(name, "read_blank")
    if _NO_VALUES.fullmatch(text):
        raise ReadError(name, "read_no_values")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:2000])
    if printable < 0.9 * min(len(text), 2000):
        raise ReadError(name, "read_unreadable")
    delim = sniff_delimiter(text)
    options = dict(sep=delim, **_OPTIONS)
    if text.count(delim, 0, text.find("\n") if "\n" in text else SNIFF_CHARS) >= MAX_COLUMNS:
        raise ReadError(name, "read_too_many_columns", limit=f"{MAX_COLUMNS:,}")
    unclosed = False
    try:
        frame = pd.read_csv(io.StringIO(text), **options)
    except pd.errors.ParserError as exc:
        # Ragged rows (a title line above the header, an unquoted delimiter in a value): read them
        # all with as many columns as the widest row; validation reports cells beyond the header.
        # A quote never closed is closed at the very end, so that validation names the row it swallows.
        unclosed = "EOF inside string" in str(exc)
        text += '"' if unclosed else ""
        try:
            width = max((len(r) for r in csv_rows(io.StringIO(text, newline=""), delim)), default=1)
            if width > MAX_COLUMNS:
                raise ReadError(name, "read_too_many_columns", limit=f"{MAX_COLUMNS:,}")
            frame = pd.read_csv(io.StringIO(text), names=range(width), **options)
        except (pd.errors.ParserError, csv.Error) as exc:
            raise ReadError(name, "read_csv_broken", reason=short_reason(exc)) from None
    except pd.errors.EmptyDataError:
        raise ReadError(name, "read_no_rows") from None
    # Line numbers as the user sees them; multi-line quoted fields shift them, so count newlines per record.
    raw = _raw_from_grid(name, None, frame, _csv_line_numbers(text, delim, len(frame)))
    raw.row_problems += _swallowed_rows(raw, delim)
    if unclosed and len(raw.frame):  # the last record runs from its open quote to the end of the file
        raw.row_problems.append((len(raw.frame) - 1, "quote_never_closed", {}))
    return raw


def _swallowed_rows(raw: RawTable, delim: str) -> list[tuple[int, str, dict]]:
    """Records whose quoted cell spans lines that look like whole rows: a quote left open swallowed them.

    Real exports have multi-line comments, so a cell spanning lines is fine unless a line inside it
    holds as many delimiters as a row of the file: then rows were read as text, and the user must know.
    """
    spans = raw.rows.diff().shift(-1).fillna(1).to_numpy() > 1
    if not spans.any() or len(raw.headers) < 3:
        return []
    out = []
    for pos in np.flatnonzero(spans):
        for value in raw.frame.iloc[pos]:
            if not isinstance(value, str) or "\n" not in value:
                continue
            inner = [line for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")[1:] if line]
            rowlike = sum(line.count(delim) >= len(raw.headers) - 2 for line in inner)
            if rowlike:
                last = int(raw.rows.iloc[pos]) + value.count("\n")
                out.append((int(pos), "quote_swallows_rows", {"rows": rowlike, "last": last}))
                break
    return out


def _csv_line_numbers(text: str, delim: str, n_records: int) -> pd.Series:
    # A line ends at CR LF, LF or a lone CR, as for pandas and csv.
    lines = text.count("\n") + text.count("\r") - text.count("\r\n")
    lines += 0 if text.endswith(("\n", "\r")) else 1
    if lines == n_records:  # no record spans several lines: record i is line i
        return pd.Series(range(1, n_records + 1))
    starts, line = [], 1
    reader = csv_rows(io.StringIO(text, newline=""), delim)
    try:
        for _ in reader:
            starts.append(line)
            line = reader.line_num + 1
    except csv.Error:
        pass  # the rows after an unreadable record are numbered one per line below
    starts = starts[:n_records] + list(range(line, line + max(0, n_records - len(starts))))
    return pd.Series(starts)


# ---------------------------------------------------------------- Excel


def _read_workbook(name: str, sheets: list[Sheet]) -> list[RawTable]:
    """A raw table per sheet holding something (`kpi.ingest.workbook.read_sheets`)."""
    tables = []
    for sheet in sheets:
        frame = _sheet_frame(sheet)
        sheet.cells = None  # the frame holds them now
        raw = _raw_from_grid(name, sheet.name, frame, pd.Series(range(1, len(frame) + 1)))
        raw.excel_errors = sheet.excel_errors
        tables.append(raw)
    return tables


def _sheet_frame(sheet: Sheet) -> pd.DataFrame:
    """A sheet's cells as a frame, each cell as calamine typed it. On a long sheet, the columns holding only text
    get the text type a CSV's cells have: validation reads them as it reads a CSV's (Arrow's hashing, factorizations
    kept) instead of hashing Python strings. A short sheet is quick to read as it is; an Excel error value is text of
    a type of its own, which it must keep."""
    grid = np.array(sheet.cells, dtype=object)  # one 2-D array: calamine gives rows of equal length
    if grid.ndim != 2:  # rows of unequal length, which calamine never gives: padded with blank cells, as its are
        width = max(map(len, sheet.cells))
        grid = np.array([row + [""] * (width - len(row)) for row in sheet.cells], dtype=object)
    if len(grid) < TEXT_COLUMN_ROWS or sheet.excel_errors:
        return pd.DataFrame(grid, dtype=object, copy=False)
    columns = {}
    for col in range(grid.shape[1]):
        values = grid[:, col]
        try:  # straight, no check of each cell: a cell that is not text stops it
            arrow = pa.array(values, type=pa.large_string(), from_pandas=True)
        except pa.ArrowException:  # a date, a number, a yes/no: the column stays as calamine typed it
            columns[col] = pd.Series(values, dtype=object, copy=False)
        else:
            columns[col] = pd.Series(_TEXT.__from_arrow__(arrow))
    return pd.DataFrame(columns, copy=False)  # one frame made once: no column replaced in turn


TEXT_COLUMN_ROWS = 10_000


# ---------------------------------------------------------------- both


def _blank(frame: pd.DataFrame) -> pd.DataFrame:
    """True where a cell is empty or only spaces."""
    if frame.shape[1] > max(100, frame.shape[0]):  # a 100,000-column header: one pass per row, not per column
        return _blank(frame.T).T
    return frame.apply(_blank_cells)


def _blank_cells(cells: pd.Series) -> pd.Series:
    return cells.isna() | cells.astype("str").str.strip().eq("")


def _emptiness(body: pd.DataFrame, headers: list[str]) -> tuple[list[int], np.ndarray]:
    """The columns kept (those named, and the unnamed ones holding something), and which rows hold something."""
    unnamed = {i for i, h in enumerate(headers) if h.startswith("column_")}
    if body.shape[1] > max(100, body.shape[0]):
        blank = _blank(body)
        keep = [i for i in range(len(headers)) if i not in unnamed or not blank[i].all()]
        return keep, ~blank[keep].all(axis=1).to_numpy()
    empty = {i for i in unnamed if _blank_cells(body[i]).all()}
    keep = [i for i in range(len(headers)) if i not in empty]
    filled = np.zeros(len(body), dtype=bool)
    pending = np.arange(len(body))
    # A row is settled by its first filled cell: the first column usually settles them all, so the others
    # are looked at only where it is blank, not over the whole frame.
    for i in keep:
        if not len(pending):
            break
        cells = body[i] if len(pending) == len(body) else body[i].iloc[pending]
        hit = ~_blank_cells(cells).to_numpy(dtype=bool)
        filled[pending[hit]] = True
        pending = pending[~hit]
    return keep, filled


def _head(grid: pd.DataFrame, start: int) -> list[list[str]]:
    """The first rows from `start` as trimmed text, for a format to recognise itself."""
    top = grid.iloc[start:start + HEAD_ROWS]
    return [["" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).strip() for v in row]
            for row in top.itertuples(index=False)]


def _first_filled_row(grid: pd.DataFrame) -> int:
    for pos in range(min(HEADER_SEARCH_ROWS, len(grid))):
        if any(str(v).strip() for v in grid.iloc[pos] if v is not None and not (isinstance(v, float) and pd.isna(v))):
            return pos
    return 0


def _raw_from_grid(file: str, sheet: str | None, grid: pd.DataFrame, lines: pd.Series) -> RawTable:
    grid = grid.reset_index(drop=True)
    grid.columns = range(grid.shape[1])
    start = _first_filled_row(grid)
    layout = detect(_head(grid, start), sheet)
    if layout:
        header_pos, n_header = start, layout.header_rows
        header_cells = layout.headers
    else:
        header_pos, n_header = find_header(grid), 1
        header_cells = grid.iloc[header_pos].tolist()
    headers = _header_names(header_cells)
    body = grid.iloc[header_pos + n_header:]
    # Empty columns without a header carry nothing: drop them (trailing separators, Excel's formatted blanks).
    keep_cols, nonblank = _emptiness(body, headers)
    body = body if keep_cols == list(body.columns) else body[keep_cols]
    headers = [headers[i] for i in keep_cols]
    rows = lines.iloc[header_pos + n_header:].reset_index(drop=True)[nonblank].reset_index(drop=True)
    body = (body if nonblank.all() else body[nonblank]).reset_index(drop=True)
    body.columns = range(len(headers))
    raw = RawTable(file, sheet, headers, body, rows, header_row=int(lines.iloc[header_pos]),
                   layout=_kept(layout, keep_cols, headers), repeated=_repeated(header_cells, keep_cols))
    if layout:
        raw.table = layout.table
    if header_pos > 0:
        raw.notes.append(("rows_above_header", {"header": raw.header_row}))
    return raw


def _kept(layout: Layout | None, keep_cols: list[int], headers: list[str]) -> Layout | None:
    """The layout with its column positions renumbered after empty unnamed columns were dropped."""
    if layout is None:
        return None
    new = {old: i for i, old in enumerate(keep_cols)}
    codes = [layout.codes[i] for i in keep_cols if i < len(layout.codes)] if layout.codes else []
    return replace(layout, headers=headers, codes=codes,
                   roles={r: new[p] for r, p in layout.roles.items() if p in new},
                   metadata={new[p] for p in layout.metadata if p in new})


def _header_names(cells: list) -> list[str]:
    """Headers as text, blanks named `column_N`, a repeated header suffixed ` (2)` (see `repeated_headers`)."""
    names, seen = [], {}
    for i, cell in enumerate(cells):
        text = "" if cell is None or (isinstance(cell, float) and pd.isna(cell)) else str(cell).strip()
        text = text or f"column_{i + 1}"
        if text in seen:
            seen[text] += 1
            text = f"{text} ({seen[text]})"
        else:
            seen[text] = 1
        names.append(text)
    return names


def _repeated(cells: list, keep_cols: list[int]) -> dict[int, int]:
    """Position of each repeated (non-blank) header → position of its first occurrence, after `keep_cols`."""
    first, out = {}, {}
    new = {old: i for i, old in enumerate(keep_cols)}
    for i, cell in enumerate(cells):
        text = "" if cell is None or (isinstance(cell, float) and pd.isna(cell)) else str(cell).strip()
        if not text or i not in new:
            continue
        if text in first:
            out[new[i]] = new[first[text]]
        else:
            first[text] = i
    return out
