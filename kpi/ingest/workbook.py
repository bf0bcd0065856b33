"""The cells of every sheet of an .xlsx, read by calamine once the file is known to be safe to read.

Before any dense read, the archive is checked (parts, sizes, compression ratio) and each sheet's cells' actual
extent is read from its XML (calamine allocates a sheet's whole extent at once). Excel error values, which
calamine reads as blanks, are noted here and become `ExcelError` cells.

`read_sheets` does both: `check`, then calamine's `parse_sheets`. No pandas here: the command line checks a workbook
and starts its parse (`kpi.ingest.source.read_ahead`) before it imports what validation needs, and calamine parses
without holding Python's interpreter, so the parse and the imports run side by side.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import python_calamine
from defusedxml import ElementTree

from kpi.errors import ReadError
from kpi.settings import Settings


@dataclass
class Sheet:
    """One worksheet holding something: its rows of typed cells, as calamine reads them."""

    name: str
    cells: list[list] | None
    excel_errors: bool  # some cells hold Excel error values (as `ExcelError`)


def read_sheets(name: str, data: bytes, settings: Settings) -> list[Sheet]:
    """Every worksheet of a workbook that holds something; ReadError for a workbook that cannot be read safely
    or holds nothing."""
    return parse_sheets(name, data, check(name, data, settings))


def check(name: str, data: bytes, settings: Settings) -> dict[str, list[tuple[int, int, str]]]:
    """ReadError for a workbook calamine cannot read safely: a damaged archive, a zip bomb, a sheet spanning more
    cells than limits.xlsx_cells. Its Excel error values' cells, by sheet name, for `parse_sheets`."""
    return _check_cells(name, _check_zip(name, data, settings), settings)


def parse_sheets(name: str, data: bytes, error_cells: dict[str, list[tuple[int, int, str]]]) -> list[Sheet]:
    """calamine's cells of every worksheet holding something, once `check` passed; ReadError for a workbook that
    holds nothing or that calamine finds broken."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise ReadError(name, "read_password") from None
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # calamine raises several types for damaged files, and a Rust panic
        raise ReadError(name, "read_workbook_broken", reason=short_reason(exc)) from None
    sheets = []
    for meta in book.sheets_metadata:
        if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet"):
            continue
        try:
            cells = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except BaseException as exc:  # a Rust panic is a BaseException: never let it pass as a crash
            raise ReadError(name, "read_sheet_broken", sheet=meta.name, reason=short_reason(exc)) from None
        if not cells or not any(str(v).strip() for row in cells for v in row):
            continue
        for row, col, error in error_cells.get(meta.name, []):
            if row < len(cells) and col < len(cells[row]):
                cells[row][col] = ExcelError(error)
        sheets.append(Sheet(meta.name, cells, meta.name in error_cells))
    if not sheets:
        raise ReadError(name, "read_no_sheet")
    return sheets


def short_reason(exc: BaseException) -> str:
    """The last line of an exception's text: what calamine says is wrong."""
    return str(exc).strip().splitlines()[-1][:200] if str(exc).strip() else type(exc).__name__


def _check_zip(name: str, data: bytes, settings: Settings) -> zipfile.ZipFile:
    """The archive, once its parts' number, sizes and compression ratio are safe to read."""
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
    return archive


_COLUMN_REF = re.compile(rb"""\sr=["']([A-Z]+)[0-9]""")
_ROW_NUMBER = re.compile(rb"""\sr=["'][A-Z]*([0-9]+)["']""")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part in the archive → the sheet's name, from the workbook's own index."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # no index: calamine will say the workbook is broken
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet"):
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "").lstrip("/")
            out[target if target.startswith("xl/") else f"xl/{target}"] = sheet.get("name", "?")
    return out


class ExcelError(str):
    """A cell holding an Excel error value (`#REF!`, `#DIV/0!`, `#N/A`…): never a blank, never a value."""


_ERROR_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</")
_REF = re.compile(rb"""\sr=["']([A-Z]+)([0-9]+)["']""")


def _error_cells(text: bytes) -> list[tuple[int, int, str]]:
    """(row, column, error text) of the cells typed `t="e"` in a piece of sheet XML; they are rare."""
    out, pos = [], text.find(b't="e"')
    while pos >= 0:
        start, end = text.rfind(b"<", 0, pos), text.find(b"</c>", pos)
        ref, value = _REF.search(text, start, pos), _ERROR_VALUE.search(text, pos, end if end > 0 else None)
        if ref:
            error = value.group(1).decode("utf-8", "replace") if value else "#ERROR"
            out.append((int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1, error))
        pos = text.find(b't="e"', pos + 5)
    return out


# A cell reference beyond column Z or row 699,999. A sheet without one spans at most 26 × 699,999 cells, under the
# default limit: the exact extent (every reference parsed) is needed only for the sheets holding one. The match
# is loose (any attribute ending in `r`), which costs at worst the exact pass, never a missed reference.
_FAR_REF = re.compile(rb"""r=["'](?:[A-Z]{2}|[A-Z][0-9]{7}|[A-Z][7-9][0-9]{5}["'])""")
_NEAR_EXTENT = (699_999, 26)


def _xml_chunks(stream):
    """A sheet part's XML in pieces of 16 MB, each ending before a `<`: no reference is cut in two."""
    tail = b""
    while chunk := stream.read(1 << 24):
        text = tail + chunk
        cut = text.rfind(b"<")
        text, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
        yield text
    if tail:
        yield tail


def _cell_extent(open_part, limit: int) -> tuple[int, int, list[tuple[int, int, str]]]:
    """Rows × columns a dense read of one sheet part would allocate (its cells' actual extent, or a bound of it
    under `limit`), and its error cells. `open_part()` opens the part's XML stream."""
    errors: list[tuple[int, int, str]] = []
    far = False
    with open_part() as stream:
        for text in _xml_chunks(stream):
            far = far or _FAR_REF.search(text) is not None
            errors += _error_cells(text)
    if not far and _NEAR_EXTENT[0] * _NEAR_EXTENT[1] <= limit:
        return *_NEAR_EXTENT, errors
    max_row = max_col = 0
    with open_part() as stream:
        for text in _xml_chunks(stream):
            columns = set(_COLUMN_REF.findall(text))
            if columns:
                max_col = max(max_col, max(_column_number(c) for c in columns))
            rows = _ROW_NUMBER.findall(text)
            if rows:
                longest = max(map(len, rows))
                max_row = max(max_row, int(max(r for r in rows if len(r) == longest)))
    return max_row, max_col, errors


def _check_cells(name: str, archive: zipfile.ZipFile, settings: Settings
                 ) -> dict[str, list[tuple[int, int, str]]]:
    """Refuse a sheet whose cells span more than limits.xlsx_cells before any dense read; its error cells.

    calamine allocates a sheet's whole extent at once: one cell at XFD1048576 in a 2.5 KB file
    asks for ~17 billion cells and aborts the process, so the extent is read from the XML first.
    calamine also reads Excel error values as blanks, which would mean "not applicable": the same
    pass notes them, by sheet name, so they become rejected cells.
    """
    limit = settings["limits.xlsx_cells"]
    names = _sheet_parts(archive)
    errors = {}
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        try:
            rows, cols, found = _cell_extent(lambda: archive.open(info), limit)
        except Exception:  # a damaged part: bad CRC, broken deflate data, a header naming another part…
            raise ReadError(name, "read_damaged") from None
        sheet = names.get(info.filename, info.filename)
        if rows * cols > limit:
            raise ReadError(name, "read_too_many_cells", sheet=sheet, rows=f"{rows:,}", columns=f"{cols:,}",
                            limit=f"{limit:,}")
        if found:
            errors[sheet] = found
    return errors


