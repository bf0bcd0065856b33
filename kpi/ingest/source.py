"""A file to read: its name as the user sees it, its bytes, and what the user settled about it; what kind of
file it is (`file_kind`), and reading it ahead (`read_ahead`).

Light on purpose (no pandas): the command line makes its sources, and starts parsing the first of them, before
it imports what validation needs.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kpi.errors import ReadError
from kpi.ingest.mapping import Mapping
from kpi.settings import Settings

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Source:
    """A file to read: a name to show the user and its bytes."""

    name: str
    data: bytes
    table: str | None = None  # forced table ("reviews", "meetings", "questions")
    uploaded: bool = False  # sent through the web app: capped at limits.upload_mb
    mapping: Mapping | None = None  # settled by the user (mapping step, --profile, --partner, --side)
    # the file being parsed already (`read_ahead`): what its reader returns, taken by `read_source`
    ahead: Future | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_path(cls, path: str | Path, table: str | None = None, max_bytes: int | None = None) -> "Source":
        """Read a file from disk; an unreadable path raises ReadError. With `max_bytes`, reading stops past it
        (a pipe or a device says no size before it is read) and the file is refused as too big."""
        path = Path(path)
        try:
            with path.open("rb") as stream:
                data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
            if max_bytes is not None and len(data) > max_bytes:
                raise ReadError(str(path), "read_too_big_cli", size=f"> {max_bytes / 1_048_576:g}",
                                limit=f"{max_bytes / 1_048_576:g}")
            return cls(path.name, data, table)
        except FileNotFoundError:
            raise ReadError(str(path), "read_missing") from None
        except IsADirectoryError:
            raise ReadError(str(path), "read_folder") from None
        except OSError as exc:
            raise ReadError(str(path), "read_unopenable", reason=exc.strerror) from None


def file_kind(name: str, data: bytes) -> str:
    """How `kpi.ingest.files.read_source` takes a file: `encrypted` (a password-protected workbook), `html` (a web
    page saved as .xls), `xls` (the old binary format), `ics`, `workbook`, or `csv` (any delimited text)."""
    suffix = Path(name).suffix.lower()
    if data[:8] == OLE_MAGIC and "EncryptedPackage".encode("utf-16-le") in data:
        return "encrypted"  # an encrypted .xlsx is wrapped in the old binary container
    if re.match(rb"(?:\xef\xbb\xbf)?\s*<(?:!doctype html|html|table)", data[:512], re.IGNORECASE):
        return "html"  # an "Export to Excel" button's web page
    if suffix == ".xls" or data[:8] == OLE_MAGIC:
        return "xls"
    if suffix == ".ics" or data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").upper().startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    if suffix in EXCEL_SUFFIXES or data[:4] == b"PK\x03\x04":
        return "workbook"
    return "csv"


def read_ahead(source: Source, settings: Settings) -> None:
    """Start parsing a workbook or CSV `source` in a thread of its own: calamine and Arrow parse without holding
    Python's interpreter, so the command line runs its imports (pandas and kpi's modules: about 0.4 s) meanwhile.
    `read_source` takes the result, or raises the error, when it comes to the source. Other files are left
    alone. The parsers' modules are imported here, before the thread starts.

    A workbook's safety checks (`kpi.ingest.workbook.check`) run here, before the thread: calamine may not start
    before they pass, and they hold the interpreter (searches of the sheets' XML), which the imports would share.
    """
    if not source.data:
        return
    kind = file_kind(source.name, source.data)
    future: Future = Future()
    if kind == "workbook":
        from kpi.ingest import workbook
        try:
            checked = workbook.check(source.name, source.data, settings)
        except Exception as exc:  # raised where the file is read, as when it is read there
            future.set_exception(exc)
            source.ahead = future
            return
        parse = partial(workbook.parse_sheets, source.name, source.data, checked)
    elif kind == "csv":
        from kpi.ingest.delimited import utf8_cells
        parse = partial(utf8_cells, source.data)
    else:
        return

    def run() -> None:
        try:
            future.set_result(parse())
        except BaseException as exc:  # handed to the reader, which raises it where it would have
            future.set_exception(exc)

    source.ahead = future
    threading.Thread(target=run, name=f"read {source.name}", daemon=True).start()
