"""Tables in and out of the database as compressed columnar blobs (Parquet, zstd), with their exact dtypes.

A million answers make a blob of a few MB, written in a fraction of a second and read back as
fast: the same bytes on SQLite and PostgreSQL (any character a cell holds, NUL included, is
data inside the blob, never SQL text).
"""

from __future__ import annotations

import io
from typing import Iterable, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kpi.contracts.schema import CLEAN_COLUMNS, empty_clean
from kpi.errors import StoreError

COMPRESSION = "zstd"
COMPRESSION_LEVEL = 1
"""zstd level 1: measured as small as level 3 on clean tables (their text repeats, and Parquet's
dictionaries take most of it) and twice as fast to write."""


def storable(table: str, frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """`frame` as a clean table of exactly the stored dtypes, or StoreError saying why it cannot be stored."""
    if frame is None:
        return None
    if not isinstance(frame, pd.DataFrame):
        raise StoreError(f"{table}: expected a table (DataFrame), got {type(frame).__name__}")
    expected = CLEAN_COLUMNS[table]
    missing = [c for c in expected if c not in frame.columns]
    extra = [str(c) for c in frame.columns if c not in expected]
    if missing or extra or frame.columns.duplicated().any():
        raise StoreError(f"{table}: not a clean table; missing columns {missing}, unexpected columns {extra}")
    columns = {}
    for name, dtype in expected.items():
        try:
            columns[name] = frame[name].astype(dtype)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"{table}.{name}: cannot be stored as {dtype} ({exc})") from None
        if dtype.startswith("datetime64") and columns[name].dt.nanosecond.gt(0).any():  # NaT gives NaN: not > 0
            # The row stores of earlier versions kept microseconds at best: times stay comparable across versions.
            raise StoreError(f"{table}.{name}: has sub-microsecond times, which the store does not keep")
    return pd.DataFrame(columns).reset_index(drop=True)


def encode(frame: pd.DataFrame) -> bytes:
    """`frame` (its columns and rows, not its index) as Parquet bytes."""
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    buffer = io.BytesIO()
    pq.write_table(arrow, buffer, compression=COMPRESSION, compression_level=COMPRESSION_LEVEL)
    return buffer.getvalue()


def decode(blobs: Iterable[bytes], dtypes: Mapping[str, str], what: str) -> pd.DataFrame:
    """The blobs' rows one after the other, with exactly the columns and dtypes of `dtypes`.

    StoreError naming `what` when a blob is not Parquet or holds other columns.
    """
    try:
        parts = [pq.read_table(io.BytesIO(blob)) for blob in blobs]
    except (pa.ArrowException, OSError) as exc:
        raise StoreError(f"{what} is damaged: {exc}") from None
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=d) for c, d in dtypes.items()})
    names = list(dtypes)
    for part in parts:
        if part.column_names != names:
            raise StoreError(f"{what} holds the columns {part.column_names}, not {names}: it was stored by "
                             "another version of the app")
    # One Arrow table, then one conversion: far cheaper than converting and concatenating frames.
    arrow = parts[0] if len(parts) == 1 else pa.concat_tables(parts, promote_options="permissive")
    frame = arrow.to_pandas()
    return frame.astype(dict(dtypes)) if {c: str(t) for c, t in frame.dtypes.items()} != dict(dtypes) else frame


def decode_clean(blobs: Iterable[bytes], table: str, what: str) -> pd.DataFrame:
    """A clean table from its blobs (an empty clean table when there are none)."""
    blobs = list(blobs)
    if not blobs:
        return empty_clean(table)
    return decode(blobs, CLEAN_COLUMNS[table], what)
