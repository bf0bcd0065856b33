"""Turn files into raw tables: CSV in any usual dialect and encoding, every sheet of an .xlsx.

A raw table keeps every cell as the user typed it (text from CSV, typed values
from Excel) and knows the row number the user sees for each of its rows, so
that validation can point at "line 14" of "revues.csv".
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd
import python_calamine

from kpi.errors import ReadError
from kpi.schema import COLUMNS, column_lookup, fold, table_from_sheet_name
from kpi.settings import Settings

DELIMITERS = (",", ";", "\t", "|")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
HEADER_SEARCH_ROWS = 15


@dataclass
class Source:
    """A file to read: a name to show the user and its bytes."""

    name: str
    data: bytes
    table: str | None = None  # forced table ("reviews", "meetings", "questions")
    uploaded: bool = False  # sent through the web app: capped at limits.upload_mb

    @classmethod
    def from_path(cls, path: str | Path, table: str | None = None) -> "Source":
        """Read a file from disk; an unreadable path raises ReadError."""
        path = Path(path)
        try:
            return cls(path.name, path.read_bytes(), table)
        except FileNotFoundError:
            raise ReadError(str(path), "read_missing") from None
        except IsADirectoryError:
            raise ReadError(str(path), "read_folder") from None
        except OSError as exc:
            raise ReadError(str(path), "read_unopenable", reason=exc.strerror) from None


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

    @property
    def where(self) -> str:
        """File name, with the sheet for workbooks: `book.xlsx [meetings]`."""
        return f"{self.file} [{self.sheet}]" if self.sheet else self.file


def read_source(source: Source, settings: Settings | None = None) -> list[RawTable]:
    """Every table of one file: one for a CSV, one per non-empty sheet of a workbook."""
    settings = settings or Settings()
    name, data = source.name, source.data
    suffix = Path(name).suffix.lower()
    limit_mb = settings["limits.upload_mb"]
    if not data:
        raise ReadError(name, "read_empty")
    if source.uploaded and len(data) > limit_mb * 1024 * 1024:
        raise ReadError(name, "read_too_big", size=f"{len(data) / 1048576:.0f}", limit=limit_mb)
    if suffix == ".xls" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ReadError(name, "read_xls")
    if suffix in EXCEL_SUFFIXES or data[:4] == b"PK\x03\x04":
        tables = _read_workbook(name, data, settings)
    else:
        tables = [_read_csv(name, data)]
    for table in tables:
        if source.table:
            table.table, table.forced = source.table, True
    return tables


# ---------------------------------------------------------------- CSV


def decode(name: str, data: bytes) -> str:
    """Text of a CSV: UTF-8 (with or without BOM), else Windows-1252."""
    if b"\x00" in data[:4096]:
        raise ReadError(name, "read_binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """The delimiter among `, ; tab |` that splits the first lines most consistently."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    if not lines:
        return ","
    sample = "\n".join(lines)
    best, best_key = ",", (0, 0, 0)
    for delim in DELIMITERS:
        counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delim)]
        if not counts or max(counts) < 2:
            continue
        mode = max(set(counts), key=counts.count)
        consistent = sum(c == mode for c in counts)
        key = (consistent, mode if mode > 1 else 0, -DELIMITERS.index(delim))
        if key > best_key:
            best, best_key = delim, key
    return best


def _read_csv(name: str, data: bytes) -> RawTable:
    text = decode(name, data)
    if not text.strip():
        raise ReadError(name, "read_blank")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:2000])
    if printable < 0.9 * min(len(text), 2000):
        raise ReadError(name, "read_unreadable")
    delim = sniff_delimiter(text)
    options = dict(sep=delim, header=None, dtype=str, keep_default_na=False, skip_blank_lines=False,
                   engine="c", quotechar='"')
    try:
        frame = pd.read_csv(io.StringIO(text), **options)
    except pd.errors.ParserError:
        # Ragged rows (a title line above the header, an unquoted delimiter in a value): read them
        # all with as many columns as the widest row; validation reports cells beyond the header.
        width = max((len(r) for r in csv.reader(io.StringIO(text), delimiter=delim)), default=1)
        try:
            frame = pd.read_csv(io.StringIO(text), names=range(width), **options)
        except pd.errors.ParserError as exc:
            raise ReadError(name, "read_csv_broken", reason=_short(exc)) from None
    except pd.errors.EmptyDataError:
        raise ReadError(name, "read_no_rows") from None
    # Line numbers as the user sees them; multi-line quoted fields shift them, so count newlines per record.
    return _raw_from_grid(name, None, frame, _csv_line_numbers(text, delim, len(frame)))


def _csv_line_numbers(text: str, delim: str, n_records: int) -> pd.Series:
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines == n_records:  # no record spans several lines: record i is line i
        return pd.Series(range(1, n_records + 1))
    starts, line = [], 1
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    starts = starts[:n_records] + list(range(line, line + max(0, n_records - len(starts))))
    return pd.Series(starts)


def _short(exc: Exception) -> str:
    return str(exc).strip().splitlines()[-1][:200]


# ---------------------------------------------------------------- Excel


def _check_zip(name: str, data: bytes, settings: Settings) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReadError(name, "read_damaged") from None
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if len(infos) > 10_000:
        raise ReadError(name, "read_too_many_parts", n=len(infos))
    if total > settings["limits.xlsx_uncompressed_mb"] * 1048576 or total / packed > settings["limits.xlsx_ratio"]:
        raise ReadError(name, "read_zip_bomb")


def _read_workbook(name: str, data: bytes, settings: Settings) -> list[RawTable]:
    _check_zip(name, data, settings)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise ReadError(name, "read_password") from None
    except Exception as exc:  # calamine raises several types for damaged files
        raise ReadError(name, "read_workbook_broken", reason=_short(exc)) from None
    tables = []
    for meta in book.sheets_metadata:
        if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet"):
            continue
        try:
            cells = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise ReadError(name, "read_sheet_broken", sheet=meta.name, reason=_short(exc)) from None
        if not cells or not any(str(v).strip() for row in cells for v in row):
            continue
        frame = pd.DataFrame(cells, dtype=object)
        tables.append(_raw_from_grid(name, meta.name, frame, pd.Series(range(1, len(frame) + 1))))
    if not tables:
        raise ReadError(name, "read_no_sheet")
    return tables


# ---------------------------------------------------------------- both


def _blank(frame: pd.DataFrame) -> pd.DataFrame:
    """True where a cell is empty or only spaces."""
    return frame.apply(lambda col: col.isna() | col.astype("str").str.strip().eq(""))


@lru_cache(maxsize=1)
def _known_headers() -> frozenset[str]:
    from kpi.questions import bank_headers, default_questions

    aliases = {fold(alias) for cols in COLUMNS.values() for c in cols for alias in (c.name, *c.aliases)}
    return frozenset(aliases | bank_headers(default_questions()))


def _find_header(frame: pd.DataFrame) -> int:
    """Position of the header row: the first early row where two or more cells are known column names."""
    known = _known_headers()
    for pos in range(min(HEADER_SEARCH_ROWS, len(frame))):
        cells = [fold(v) for v in frame.iloc[pos] if str(v).strip()]
        if sum(c in known for c in cells) >= 2:
            return pos
    for pos in range(len(frame)):  # no known names: the first non-blank row
        if any(str(v).strip() for v in frame.iloc[pos]):
            return pos
    return 0


def _raw_from_grid(file: str, sheet: str | None, grid: pd.DataFrame, lines: pd.Series) -> RawTable:
    grid = grid.reset_index(drop=True)
    grid.columns = range(grid.shape[1])
    header_pos = _find_header(grid)
    headers = _header_names(grid.iloc[header_pos].tolist())
    body = grid.iloc[header_pos + 1:]
    blank = _blank(body)
    # Empty columns without a header carry nothing: drop them (trailing separators, Excel's formatted blanks).
    keep_cols = [i for i, h in enumerate(headers) if not h.startswith("column_") or not blank[i].all()]
    body = body[keep_cols]
    headers = [headers[i] for i in keep_cols]
    nonblank = ~blank[keep_cols].all(axis=1)
    rows = lines.iloc[header_pos + 1:].reset_index(drop=True)[nonblank.to_numpy()].reset_index(drop=True)
    body = body[nonblank].reset_index(drop=True)
    body.columns = range(len(headers))
    raw = RawTable(file, sheet, headers, body, rows, header_row=int(lines.iloc[header_pos]))
    if header_pos > 0:
        raw.notes.append(("rows_above_header", {"header": raw.header_row}))
    return raw


def _header_names(cells: list) -> list[str]:
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


# ---------------------------------------------------------------- recognition


def recognise(raw: RawTable, question_headers: Iterable[str] = ()) -> str | None:
    """Which table a raw table holds: by its sheet name, else by its columns; None if unclear.

    `question_headers` are folded question ids and texts, so that a wide-form
    questionnaire (one column per question) is recognised as reviews.
    """
    if raw.table:
        return raw.table
    if raw.sheet:
        by_name = table_from_sheet_name(raw.sheet)
        if by_name:
            return by_name
    folded = {fold(h) for h in raw.headers}
    found = {t: {column_lookup(t).get(h) for h in folded} - {None} for t in COLUMNS}
    questions_like = set(question_headers)
    n_question_cols = sum(h in questions_like for h in folded)
    if {"question_id", "kpi", "text"} <= found["questions"] and found["questions"] & {"scale_min", "scale_max"}:
        return "questions"
    if "meeting_type" in found["meetings"] and {"date", "partner"} <= found["meetings"]:
        return "meetings"
    if {"question_id", "score"} <= found["reviews"] and "partner" in found["reviews"]:
        return "reviews"
    if n_question_cols >= 1 and "partner" in found["reviews"]:
        return "reviews"
    # Otherwise the table whose own columns are clearly there, even with some missing:
    # validation then names what is missing instead of a vague "unknown table".
    own = {t: len(found[t] & cols) for t, cols in _DISTINCTIVE.items()}
    best = max(own, key=own.get)
    if own[best] >= 2 and list(own.values()).count(own[best]) == 1:
        return best
    return None


_DISTINCTIVE = {
    "reviews": {"review_id", "review_date", "respondent_side", "question_id", "score", "importance"},
    "meetings": {"meeting_type", "duration_min", "agenda_shared", "actions_opened", "actions_closed"},
    "questions": {"kpi", "scale_min", "scale_max", "text", "reverse"},
}
