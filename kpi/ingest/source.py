"""A file to read: its name as the user sees it, its bytes, and what the user settled about it.

Light on purpose (no pandas): the command line makes its sources, and starts reading a workbook among them
(`kpi.ingest.workbook.read_ahead`), before it imports what validation needs.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from kpi.errors import ReadError
from kpi.ingest.mapping import Mapping


@dataclass
class Source:
    """A file to read: a name to show the user and its bytes."""

    name: str
    data: bytes
    table: str | None = None  # forced table ("reviews", "meetings", "questions")
    uploaded: bool = False  # sent through the web app: capped at limits.upload_mb
    mapping: Mapping | None = None  # settled by the user (mapping step, --profile, --partner, --side)
    # a workbook's sheets being read already (`kpi.ingest.workbook.read_ahead`): taken by `read_source`
    sheets_ahead: Future | None = field(default=None, repr=False, compare=False)

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
