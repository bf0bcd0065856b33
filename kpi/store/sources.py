"""Sources: the files (and their sheets) a published data set is made of, each with its clean rows.

A source is one uploaded file: its name, the sha256 of its bytes, the format it was read as, the
profile applied, row counts, and the rows of the clean tables whose `source_file` is that file
(`book.xlsx`, or one of its sheets, `book.xlsx [reviews]`). Versions list sources; a source is
stored once and shared by every version that lists it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Mapping

import numpy as np
import pandas as pd

from kpi.errors import StoreError

if TYPE_CHECKING:
    from kpi.validate.dataset import Dataset

DATA_TABLES = ("reviews", "meetings")
"""The clean tables a source holds rows of. The question bank belongs to a version, not to a file:
its rows carry no `source_file`, and validation decides which bank is in force."""


def sha256(data: bytes) -> str:
    """The hex sha256 of a file's bytes: what `Store.has_bytes` compares."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, eq=False)
class SourceData:
    """One file to publish: who it is, and its clean rows (None for a table it does not hold).

    `sha256` is None when the bytes are not known (data published before sources existed, or
    through `Store.publish`). `rows_read`, `rows_rejected`, `rows_dropped` are validation's
    accounting of the file, when the caller has it.
    """

    name: str
    sha256: str | None
    format: str = "generic"
    profile: str | None = None
    reviews: pd.DataFrame | None = None
    meetings: pd.DataFrame | None = None
    rows_read: int | None = None
    rows_rejected: int | None = None
    rows_dropped: int | None = None

    def table(self, name: str) -> pd.DataFrame | None:
        """The source's rows of one clean table (`reviews` or `meetings`)."""
        return {"reviews": self.reviews, "meetings": self.meetings}[name]


def file_of(source_file: str, files: Iterable[str]) -> str:
    """The file a clean row's `source_file` names: `book.xlsx [reviews]` → `book.xlsx` when that is one of `files`."""
    files = set(files)
    if source_file in files:
        return source_file
    if source_file.endswith("]") and " [" in source_file:
        base = source_file.rsplit(" [", 1)[0]
        if base in files:
            return base
    return source_file


def split_by_file(reviews: pd.DataFrame | None, meetings: pd.DataFrame | None,
                  files: Iterable[str]) -> list[SourceData]:
    """Clean tables cut into one source per file: each file of `files` (in that order, even without rows),
    then any other file the rows name. A table not given (None) stays None in every source; a given
    table is an empty table in the sources that hold none of its rows. Bytes unknown (sha256 None)."""
    named = list(dict.fromkeys(str(f) for f in files))
    given = {"reviews": reviews, "meetings": meetings}
    owners: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for table, frame in given.items():
        if frame is not None:
            # Each distinct source_file once: a million rows name a handful of files.
            codes, distinct = pd.factorize(frame["source_file"].fillna(""))
            files_of = np.array([file_of(str(value), named) for value in distinct], dtype=object)
            owners[table] = (codes, files_of)
            named += [f for f in files_of if f not in named]
    sources = []
    for name in dict.fromkeys(named):
        tables = {}
        for table, frame in given.items():
            if frame is None:
                tables[table] = None
                continue
            codes, files_of = owners[table]
            tables[table] = frame[np.isin(codes, np.flatnonzero(files_of == name))].reset_index(drop=True)
        sources.append(SourceData(name or "(no file name)", None, **tables))
    return sources


def sources_from(data: "Dataset", files: Mapping[str, bytes]) -> list[SourceData]:
    """The sources of a validated upload: one per file given to `load` (in that order), with the sha256 of
    its bytes (`files`: name → bytes), its format and profile, its clean rows and its row accounting.

    Rows of a table the upload did not hold are None; a file that gave no row of a table the upload
    holds gets an empty table.
    """
    from kpi.ingest.inspect import describe

    tables = {t["file"] + (f" [{t['sheet']}]" if t["sheet"] else ""): t for t in describe(data)}
    out = []
    for source in split_by_file(data.reviews, data.meetings, data.files):
        mine = [load for load in data.loads if load.raw.file == source.name]
        if source.name not in files:
            raise StoreError(f"{source.name}: its bytes were not given, so it cannot be published as a source")
        formats = [load.raw.format for load in mine]
        profiles = [tables[load.raw.where]["profile"] for load in mine if load.raw.where in tables]
        out.append(SourceData(
            source.name, sha256(files[source.name]),
            format=next((f for f in formats if f != "generic"), "generic"),
            profile=next((p for p in profiles if p), None),
            reviews=source.reviews, meetings=source.meetings,
            rows_read=sum(int(load.rows_read) for load in mine),
            rows_rejected=sum(int(load.n_rejected) for load in mine),
            rows_dropped=sum(int(load.n_dropped) for load in mine),
        ))
    return out
