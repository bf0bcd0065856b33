"""Published data: each publish is a numbered version in a SQL database; readers see the latest.

An embedded SQLite file by default (`DEFAULT_DB_PATH`), any SQLAlchemy URL through
`KPI_DATABASE_URL` or `database_url` in the Streamlit secrets (see `database_url`).

A version holds the three clean tables of `kpi.schema.CLEAN_COLUMNS` exactly as they
were published, who published them, when, from which files, and how many rows each
table had (`None` when the table was not given at all, which scoring treats differently
from an empty table). Restoring an older version adds a new version that points at the
old rows, so history only grows and a version id always means the same data: callers may
cache anything derived from a version by its id.

The schema is created and upgraded by `Store()` itself: `kpi_meta.schema_version` says
how many of `MIGRATIONS` have run.
"""

from __future__ import annotations

import itertools
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from kpi.errors import StoreError
from kpi.schema import CLEAN_COLUMNS, TABLES, empty_clean
from kpi.settings import Settings, parse_settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "store" / "kpi.sqlite"
"""The embedded database used when no URL is configured."""

URL_ENV = "KPI_DATABASE_URL"
URL_SECRET = "database_url"

CHUNK_ROWS = 50_000
"""Rows per INSERT batch and per fetch: large enough to amortise the round trips, small enough
that the progress bar moves and a batch's Python objects stay a few tens of MB."""

BUSY_TIMEOUT_S = 60
"""How long an SQLite writer waits for another writer (two analysts publishing at once).
Readers never wait: the file is in WAL mode."""

WAL_SIZE_LIMIT = 64 * 1024 * 1024
"""A 1M-row publish grows the WAL file to hundreds of MB; truncate it back after checkpoints."""

def database_url(env: Mapping[str, str] = os.environ, secrets: Mapping[str, Any] | None = None) -> str:
    """The database to use: `KPI_DATABASE_URL` in `env`, else `database_url` in `secrets`, else the SQLite default.

    Empty values count as unset. The folder of an SQLite file is created by `Store`, on first use.
    """
    from_env = (env.get(URL_ENV) or "").strip()
    if from_env:
        return from_env
    from_secrets = str((secrets or {}).get(URL_SECRET) or "").strip()
    if from_secrets:
        return from_secrets
    return f"sqlite:///{DEFAULT_DB_PATH}"


# ---------------------------------------------------------------------------------------------
# Tables as the code reads and writes them today. The migrations below create frozen
# snapshots instead, so any change here (or in CLEAN_COLUMNS) needs a new migration; a test
# compares a freshly migrated database with these definitions and fails until one is written.

_SQL_TYPES: dict[str, Callable[[], sa.types.TypeEngine]] = {
    "str": sa.Text,
    "datetime64[ns]": sa.DateTime,
    "float64": sa.Double,
    "int64": sa.BigInteger,
    "bool": sa.Boolean,
    "boolean": sa.Boolean,
}
_NOT_NULL_DTYPES = ("int64", "bool")

DATA_TABLES: dict[str, str] = {"reviews": "kpi_reviews", "meetings": "kpi_meetings", "questions": "kpi_questions"}


class _UtcDateTime(sa.types.TypeDecorator):
    """Aware UTC datetimes in Python, naive UTC in the database (SQLite has no time zones)."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


def _build_tables(metadata: sa.MetaData, clean_columns: Mapping[str, Mapping[str, str]]) -> dict[str, sa.Table]:
    tables = {
        "meta": sa.Table(
            "kpi_meta", metadata,
            sa.Column("key", sa.String(64), primary_key=True),
            sa.Column("value", sa.Text, nullable=False),
        ),
        "versions": sa.Table(
            "kpi_versions", metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("created_at", _UtcDateTime, nullable=False),
            sa.Column("created_by", sa.Text, nullable=False),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("files", sa.Text, nullable=False),
            sa.Column("row_counts", sa.Text, nullable=False),
            sa.Column("note", sa.Text, nullable=False, server_default=""),
            # Filled in the same transaction as the insert (a publish needs its own id first).
            sa.Column("data_version", sa.Integer, sa.ForeignKey("kpi_versions.id"), nullable=True),
            sa.CheckConstraint("kind IN ('publish', 'restore')", name="ck_kpi_versions_kind"),
            # AUTOINCREMENT: ids are never reused, so a cache keyed by version id stays right forever.
            sqlite_autoincrement=True,
        ),
        "settings": sa.Table(
            "kpi_settings", metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("created_at", _UtcDateTime, nullable=False),
            sa.Column("created_by", sa.Text, nullable=False),
            sa.Column("toml", sa.Text, nullable=False),
            sqlite_autoincrement=True,
        ),
    }
    for table, sql_name in DATA_TABLES.items():
        tables[table] = sa.Table(
            sql_name, metadata,
            sa.Column("version_id", sa.Integer, sa.ForeignKey("kpi_versions.id"), nullable=False),
            # Keeps the published row order; with version_id it is the primary key, whose index
            # is the version_id index every load uses.
            sa.Column("row_no", sa.Integer, nullable=False),
            *(sa.Column(name, _SQL_TYPES[dtype](), nullable=dtype not in _NOT_NULL_DTYPES)
              for name, dtype in clean_columns[table].items()),
            sa.PrimaryKeyConstraint("version_id", "row_no", name=f"pk_{sql_name}"),
        )
    return tables


_METADATA = sa.MetaData()
_T = _build_tables(_METADATA, CLEAN_COLUMNS)
_VERSIONS, _SETTINGS, _META = _T["versions"], _T["settings"], _T["meta"]


# ---------------------------------------------------------------------------------------------
# Migrations: MIGRATIONS[i] takes the schema from version i to i + 1, inside one transaction.
# Never edit a released migration; append a new one.

_V1_CLEAN_COLUMNS: dict[str, dict[str, str]] = {
    "reviews": {
        "review_id": "str", "review_key": "str", "review_date": "datetime64[ns]",
        "partner": "str", "partner_key": "str", "respondent_side": "str", "respondent": "str",
        "question_id": "str", "score": "float64", "importance": "float64", "comment": "str",
        "source_file": "str", "source_row": "int64",
    },
    "meetings": {
        "meeting_id": "str", "date": "datetime64[ns]", "partner": "str", "meeting_type": "str",
        "duration_min": "float64", "agenda_shared": "boolean", "actions_opened": "float64",
        "actions_closed": "float64", "notes": "str", "source_file": "str", "source_row": "int64",
    },
    "questions": {
        "question_id": "str", "kpi": "str", "text": "str", "text_fr": "str",
        "scale_min": "float64", "scale_max": "float64", "reverse": "bool",
    },
}


def _v1_initial(conn: Connection) -> None:
    """Version 1: meta, versions, settings and the three data tables as first released."""
    # A literal copy of the first schema, not _build_tables: the live definitions will move on.
    metadata = sa.MetaData()
    sa.Table("kpi_meta", metadata,
             sa.Column("key", sa.String(64), primary_key=True),
             sa.Column("value", sa.Text, nullable=False))
    sa.Table("kpi_versions", metadata,
             sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("created_at", sa.DateTime, nullable=False),
             sa.Column("created_by", sa.Text, nullable=False),
             sa.Column("kind", sa.String(16), nullable=False),
             sa.Column("files", sa.Text, nullable=False),
             sa.Column("row_counts", sa.Text, nullable=False),
             sa.Column("note", sa.Text, nullable=False, server_default=""),
             sa.Column("data_version", sa.Integer, sa.ForeignKey("kpi_versions.id"), nullable=True),
             sa.CheckConstraint("kind IN ('publish', 'restore')", name="ck_kpi_versions_kind"),
             sqlite_autoincrement=True)
    sa.Table("kpi_settings", metadata,
             sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("created_at", sa.DateTime, nullable=False),
             sa.Column("created_by", sa.Text, nullable=False),
             sa.Column("toml", sa.Text, nullable=False),
             sqlite_autoincrement=True)
    types = {"str": sa.Text, "datetime64[ns]": sa.DateTime, "float64": sa.Double, "int64": sa.BigInteger,
             "bool": sa.Boolean, "boolean": sa.Boolean}
    for table, sql_name in (("reviews", "kpi_reviews"), ("meetings", "kpi_meetings"), ("questions", "kpi_questions")):
        sa.Table(sql_name, metadata,
                 sa.Column("version_id", sa.Integer, sa.ForeignKey("kpi_versions.id"), nullable=False),
                 sa.Column("row_no", sa.Integer, nullable=False),
                 *(sa.Column(name, types[dtype](), nullable=dtype not in ("int64", "bool"))
                   for name, dtype in _V1_CLEAN_COLUMNS[table].items()),
                 sa.PrimaryKeyConstraint("version_id", "row_no", name=f"pk_{sql_name}"))
    metadata.create_all(conn)


MIGRATIONS: list[Callable[[Connection], None]] = [_v1_initial]
SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this code writes and reads."""


def _schema_version(conn: Connection) -> int:
    if not sa.inspect(conn).has_table(_META.name):
        return 0
    value = conn.execute(sa.select(_META.c.value).where(_META.c.key == "schema_version")).scalar_one_or_none()
    return int(value) if value is not None else 0


def _set_schema_version(conn: Connection, version: int) -> None:
    updated = conn.execute(sa.update(_META).where(_META.c.key == "schema_version").values(value=str(version)))
    if updated.rowcount == 0:
        conn.execute(sa.insert(_META).values(key="schema_version", value=str(version)))


def _upgrade(engine: Engine, writer: Engine) -> None:
    migrations = MIGRATIONS
    latest = len(migrations)
    # A read first: opening a Store must not queue behind a publish when nothing needs doing.
    with engine.connect() as conn:
        found = _schema_version(conn)
    if found > latest:
        raise StoreError(f"the database is at schema version {found}, newer than this app knows ({latest}): "
                         "upgrade the app before using this database")
    for target in range(found + 1, latest + 1):
        try:
            with writer.begin() as conn:
                # Read again under the write lock: another process may have upgraded meanwhile.
                if _schema_version(conn) >= target:
                    continue
                migrations[target - 1](conn)
                _set_schema_version(conn, target)
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"could not upgrade the database schema to version {target}: {exc}") from exc


# ---------------------------------------------------------------------------------------------
# Engine


def _sqlite_on_connect(dbapi_connection, connection_record) -> None:
    # Let SQLAlchemy emit BEGIN (see _sqlite_on_begin): sqlite3's legacy mode autocommits DDL,
    # so a failed migration would leave half a schema, and never begins before a SELECT.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL: readers keep reading the last committed version while an analyst publishes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    # Writers take the write lock up front: a deferred transaction that reads then writes fails
    # at once (SQLITE_BUSY, no waiting) when another writer committed in between.
    immediate = conn.get_execution_options().get("kpi_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _create_engine(url: str) -> Engine:
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise StoreError(f"the database URL is not a valid SQLAlchemy URL: {url!r}") from None
    try:
        if parsed.get_backend_name() != "sqlite":
            return sa.create_engine(parsed, pool_pre_ping=True)
        options: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": BUSY_TIMEOUT_S}}
        database = parsed.database or ""
        if database in ("", ":memory:"):
            # One shared connection, or every pooled connection would see its own empty database.
            options["poolclass"] = StaticPool
        elif not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, **options)
    except OSError as exc:
        raise StoreError(f"cannot create the database folder: {exc}") from None
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot use the database URL {parsed.render_as_string(hide_password=True)!r}: "
                         f"{exc}") from None
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


@contextmanager
def _db_errors(action: str) -> Iterator[None]:
    try:
        yield
    except sa.exc.SQLAlchemyError as exc:
        detail = getattr(exc, "orig", None) or exc
        raise StoreError(f"could not {action}: {detail}") from exc


# ---------------------------------------------------------------------------------------------
# Frames in and out


def _storable(table: str, frame: pd.DataFrame | None) -> pd.DataFrame | None:
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
            # Databases keep microseconds at best; refuse rather than silently change a value.
            raise StoreError(f"{table}.{name}: has sub-microsecond times, which the database cannot keep")
    return pd.DataFrame(columns).reset_index(drop=True)


_SQLITE_DIRECT = True
"""On SQLite, hand rows straight to the driver and read its cursor: measured 3x faster to publish
and 5x faster to load than Core, whose per-row parameter and result processing dominates at a
million rows. Other databases go through Core. Tests run both paths on SQLite."""

_SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"
"""What SQLAlchemy's SQLite DateTime writes, so both paths store the very same text."""


def _direct(conn: Connection) -> bool:
    return _SQLITE_DIRECT and conn.dialect.name == "sqlite"


def _python_values(values: pd.Series, dtype: str, sqlite_text: bool) -> list:
    # DB drivers bind Python scalars only (sqlite3 rejects numpy.int64); missing values become None.
    if dtype.startswith("datetime64"):
        # Format each distinct time once: a review's answers share its date.
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        distinct = uniques.strftime(_SQLITE_DATETIME) if sqlite_text else uniques.to_pydatetime()
        lookup = np.append(np.asarray(distinct, dtype=object), None)  # code -1 (NaT) picks the None
        return lookup[codes].tolist()
    return values.to_numpy(dtype=object, na_value=None).tolist()


def _write_chunk(conn: Connection, table: str, chunk: pd.DataFrame, version: int, first_row: int) -> None:
    names = ["version_id", "row_no", *CLEAN_COLUMNS[table]]
    n = len(chunk)
    direct = _direct(conn)
    columns = [_python_values(chunk[name], dtype, direct) for name, dtype in CLEAN_COLUMNS[table].items()]
    rows = zip(itertools.repeat(version, n), range(first_row, first_row + n), *columns)
    if direct:
        quote = conn.dialect.identifier_preparer.quote
        sql = (f"INSERT INTO {quote(_T[table].name)} ({', '.join(quote(c) for c in names)}) "
               f"VALUES ({', '.join('?' * len(names))})")
        conn.exec_driver_sql(sql, list(rows))
    else:
        conn.execute(sa.insert(_T[table]), [dict(zip(names, row)) for row in rows])


def _frame_column(values: np.ndarray, dtype: str):
    # `values` is an object column as fetched: Python objects (Core) or the stored form
    # (SQLite direct: ISO text for times, 0/1 for booleans); None where missing.
    if dtype == "str":
        return pd.array(values, dtype="str")
    if dtype == "boolean":
        return pd.array(values, dtype="boolean")
    if dtype.startswith("datetime64"):
        # Parse each distinct time once: a review's answers share its date.
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        parsed = np.append(np.array(uniques, dtype=dtype), np.array(["NaT"], dtype=dtype))
        return parsed[codes]
    # numpy turns None into NaN itself.
    return np.array(values, dtype=dtype)


def _read_table(conn: Connection, table: str, data_version: int) -> pd.DataFrame:
    sql_table = _T[table]
    dtypes = CLEAN_COLUMNS[table]
    query = (sa.select(*(sql_table.c[name] for name in dtypes))
             .where(sql_table.c.version_id == data_version)
             .order_by(sql_table.c.row_no))
    # Batch by batch: a million fetched rows are ~13M Python objects (over 1 GB) if held at once.
    parts = [_frame_part(rows, dtypes) for rows in _fetch_batches(conn, query)]
    if not parts:
        return empty_clean(table)
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


def _fetch_batches(conn: Connection, query: sa.Select) -> Iterator[list]:
    batch_rows = CHUNK_ROWS
    if not _direct(conn):
        yield from conn.execute(query).partitions(batch_rows)
        return
    # The raw cursor of this same connection (same transaction, same snapshot), without
    # SQLAlchemy's per-row Row objects and per-value time parsing.
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    cursor = conn.connection.cursor()
    try:
        cursor.execute(str(compiled))
        while rows := cursor.fetchmany(batch_rows):
            yield rows
    finally:
        cursor.close()


def _frame_part(rows: list, dtypes: Mapping[str, str]) -> pd.DataFrame:
    grid = np.array(rows, dtype=object)  # one C pass; faster than zip(*rows)
    return pd.DataFrame({name: _frame_column(grid[:, i], dtype) for i, (name, dtype) in enumerate(dtypes.items())})


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _version_id(value: Any) -> int:
    # Ids often come from versions() as numpy.int64, which sqlite3 cannot bind.
    try:
        return int(value)
    except (TypeError, ValueError):
        raise StoreError(f"{value!r} is not a version number") from None


def _author(by: str) -> str:
    if not isinstance(by, str) or not by.strip():
        raise StoreError("say who does this: 'by' must be a non-empty name")
    return by.strip()


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Published:
    """One version as readers see it: the clean tables and where they came from.

    `reviews` / `meetings` are None when that table was not given at publish time.
    """

    version: int
    data_version: int
    reviews: pd.DataFrame | None
    meetings: pd.DataFrame | None
    questions: pd.DataFrame
    created_at: pd.Timestamp
    created_by: str
    files: list[str] = field(default_factory=list)
    kind: str = "publish"
    note: str = ""


class Store:
    """Versions of the published clean tables, and the published settings, in one SQL database.

    One Store per process is enough and is safe to share between threads: every call takes
    its own pooled connection and transaction.
    """

    def __init__(self, url: str | None = None):
        """Open (and create or upgrade) the database at `url`, by default `database_url()`."""
        url = url or database_url()
        self._engine = _create_engine(url)
        # Same pool, but transactions begun through it take the write lock up front on SQLite.
        self._writer = self._engine.execution_options(kpi_write=True)
        self.url = self._engine.url.render_as_string(hide_password=True)
        """The database URL, password hidden: safe to show."""
        try:
            with _db_errors("open the database"):
                _upgrade(self._engine, self._writer)
        except BaseException:
            self._engine.dispose()
            raise

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Close the pooled connections (the Store can still be used: it reconnects on demand)."""
        self._engine.dispose()

    # -- schema

    def schema_version(self) -> int:
        """The schema version the database is at (equal to SCHEMA_VERSION once opened)."""
        with _db_errors("read the schema version"), self._engine.connect() as conn:
            return _schema_version(conn)

    # -- versions

    def publish(
        self,
        reviews: pd.DataFrame | None,
        meetings: pd.DataFrame | None,
        questions: pd.DataFrame,
        *,
        by: str,
        files: list[str],
        note: str = "",
        progress: Callable[[float, str], None] | None = None,
    ) -> int:
        """Store the clean tables as a new version, in one transaction, and return its id.

        Pass None for a table that was not given (kept distinct from an empty table).
        `progress(fraction, table)` is called after each batch of rows, `table` being
        "reviews", "meetings" or "questions" (translate it in the page). If anything fails,
        including `progress` raising, no version and no row is stored.
        """
        if questions is None:
            raise StoreError("questions: a publish needs the question bank")
        author = _author(by)
        frames = {"reviews": _storable("reviews", reviews), "meetings": _storable("meetings", meetings),
                  "questions": _storable("questions", questions)}
        counts = {table: None if frame is None else len(frame) for table, frame in frames.items()}
        total = sum(n for n in counts.values() if n)
        chunk_rows = CHUNK_ROWS
        written = 0
        with _db_errors("publish"), self._writer.begin() as conn:
            version = conn.execute(sa.insert(_VERSIONS).values(
                created_at=_now(), created_by=author, kind="publish",
                files=json.dumps([str(f) for f in files], ensure_ascii=False),
                row_counts=json.dumps(counts), note=note or "",
            )).inserted_primary_key[0]
            conn.execute(sa.update(_VERSIONS).where(_VERSIONS.c.id == version).values(data_version=version))
            for table, frame in frames.items():
                if frame is None:
                    continue
                for start in range(0, len(frame), chunk_rows):
                    chunk = frame.iloc[start:start + chunk_rows]
                    _write_chunk(conn, table, chunk, version, start)
                    written += len(chunk)
                    if progress is not None:
                        progress(written / total, table)
        return int(version)

    def restore(self, version_id: int, *, by: str, note: str = "") -> int:
        """Make an older version current again: a new 'restore' version showing its rows (no copy)."""
        wanted = _version_id(version_id)
        author = _author(by)
        with _db_errors("restore"), self._writer.begin() as conn:
            target = conn.execute(sa.select(_VERSIONS).where(_VERSIONS.c.id == wanted)).one_or_none()
            if target is None:
                raise StoreError(f"there is no published version {wanted} to restore")
            version = conn.execute(sa.insert(_VERSIONS).values(
                created_at=_now(), created_by=author, kind="restore", files=target.files,
                row_counts=target.row_counts, note=note or "",
                # A restore of a restore still points at the rows themselves.
                data_version=target.data_version,
            )).inserted_primary_key[0]
        return int(version)

    def current_version(self) -> int | None:
        """The id of the version readers see (the newest), or None when nothing was published."""
        with _db_errors("read the versions"), self._engine.connect() as conn:
            newest = conn.execute(sa.select(sa.func.max(_VERSIONS.c.id))).scalar_one()
        return None if newest is None else int(newest)

    def is_empty(self) -> bool:
        """True until the first publish."""
        return self.current_version() is None

    def versions(self) -> pd.DataFrame:
        """Every version, newest first: id, created_at (UTC), created_by, kind, files (list),
        n_reviews, n_meetings, n_questions (NA when not given), note, data_version, current."""
        with _db_errors("read the versions"), self._engine.connect() as conn:
            rows = conn.execute(sa.select(_VERSIONS).order_by(_VERSIONS.c.id.desc())).all()
        counts = [json.loads(row.row_counts) for row in rows]
        return pd.DataFrame({
            "id": pd.array([row.id for row in rows], dtype="int64"),
            "created_at": pd.array([row.created_at for row in rows], dtype="datetime64[ns, UTC]"),
            "created_by": pd.array([row.created_by for row in rows], dtype="str"),
            "kind": pd.array([row.kind for row in rows], dtype="str"),
            "files": pd.Series([json.loads(row.files) for row in rows], dtype=object),
            **{f"n_{table}": pd.array([c.get(table) for c in counts], dtype="Int64") for table in TABLES},
            "note": pd.array([row.note for row in rows], dtype="str"),
            "data_version": pd.array([row.data_version for row in rows], dtype="int64"),
            "current": pd.array([i == 0 for i in range(len(rows))], dtype="bool"),
        })

    def load(self, version_id: int | None = None) -> Published:
        """The tables of one version (by default the current one), with the clean dtypes and row order."""
        with _db_errors("load the published data"), self._engine.connect() as conn:
            # One connection, one transaction: the version row and its rows come from the same snapshot.
            query = sa.select(_VERSIONS)
            if version_id is None:
                query = query.order_by(_VERSIONS.c.id.desc()).limit(1)
            else:
                query = query.where(_VERSIONS.c.id == _version_id(version_id))
            row = conn.execute(query).one_or_none()
            if row is None:
                raise StoreError("nothing has been published yet" if version_id is None
                                 else f"there is no published version {version_id}")
            counts = json.loads(row.row_counts)
            frames = {table: None if counts.get(table) is None else _read_table(conn, table, row.data_version)
                      for table in TABLES}
        for table, frame in frames.items():
            if frame is not None and len(frame) != counts[table]:
                raise StoreError(f"version {row.id} is damaged: {table} has {len(frame)} rows, "
                                 f"{counts[table]} were published")
        return Published(
            version=int(row.id), data_version=int(row.data_version),
            reviews=frames["reviews"], meetings=frames["meetings"], questions=frames["questions"],
            created_at=pd.Timestamp(row.created_at), created_by=row.created_by,
            files=json.loads(row.files), kind=row.kind, note=row.note,
        )

    # -- settings

    def save_settings(self, settings: Settings, *, by: str) -> int:
        """Publish `settings` (kept as TOML; earlier ones stay in the history) and return its id."""
        text = settings.to_toml()
        # Refuse what could not be read back: every reader would fail on it, not just this analyst.
        if parse_settings(text, "settings to publish") != settings:
            raise StoreError("these settings do not survive a save and reload; nothing was saved")
        with _db_errors("save the settings"), self._writer.begin() as conn:
            saved = conn.execute(sa.insert(_SETTINGS).values(
                created_at=_now(), created_by=_author(by), toml=text,
            )).inserted_primary_key[0]
        return int(saved)

    def load_settings(self) -> Settings:
        """The latest published settings; the defaults when none were ever saved."""
        with _db_errors("read the settings"), self._engine.connect() as conn:
            row = conn.execute(sa.select(_SETTINGS).order_by(_SETTINGS.c.id.desc()).limit(1)).one_or_none()
        if row is None:
            return Settings()
        return parse_settings(row.toml, f"published settings #{row.id}")

    def settings_history(self) -> pd.DataFrame:
        """Every saved settings, newest first: id, created_at (UTC), created_by, toml, current."""
        with _db_errors("read the settings"), self._engine.connect() as conn:
            rows = conn.execute(sa.select(_SETTINGS).order_by(_SETTINGS.c.id.desc())).all()
        return pd.DataFrame({
            "id": pd.array([row.id for row in rows], dtype="int64"),
            "created_at": pd.array([row.created_at for row in rows], dtype="datetime64[ns, UTC]"),
            "created_by": pd.array([row.created_by for row in rows], dtype="str"),
            "toml": pd.array([row.toml for row in rows], dtype="str"),
            "current": pd.array([i == 0 for i in range(len(rows))], dtype="bool"),
        })
