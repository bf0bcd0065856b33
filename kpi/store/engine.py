"""Where the database is and how to connect to it: the URL, the engine, SQLite's WAL and write lock,
and write transactions that wait a bounded time for another writer, then say so."""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from kpi.errors import StoreBusy, StoreError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "store" / "kpi.sqlite"
"""The embedded database used when no URL is configured."""

URL_ENV = "KPI_DATABASE_URL"
URL_SECRET = "database_url"

BUSY_TIMEOUT_S = 60
"""How long a writer waits for another writer (analysts publishing at once) before StoreBusy.
Readers never wait: SQLite is in WAL mode, PostgreSQL readers take no lock."""

BUSY_ATTEMPT_S = 0.5
"""SQLite: how long one attempt at the write lock waits before the next attempt, so a writer that
waits can say so (`waiting`) instead of hanging silently. Other statements (opening the file in
WAL mode, reads) keep the driver's busy timeout of BUSY_TIMEOUT_S."""

BUSY_MESSAGE = "the database is busy: another publish is running; try again in a minute"

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


def _sqlite_on_connect(dbapi_connection, connection_record) -> None:
    # Let SQLAlchemy emit BEGIN (see _sqlite_on_begin): sqlite3's legacy mode autocommits DDL,
    # so a failed migration would leave half a schema, and never begins before a SELECT.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL: readers keep reading the last committed version while an analyst publishes.
    _wal(cursor)
    cursor.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _wal(cursor) -> None:
    """Put the database in WAL mode (it stays so, for every later connection).

    Switching the journal mode needs a lock that SQLite's busy handler does not wait for: several
    app processes opening a new database at once get `database is locked` at once. So the mode is
    read first (no lock needed once a process has set it) and the switch retried for a bounded time.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    pause = 0.01
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


def _sqlite_on_begin(conn: Connection) -> None:
    # Writers take the write lock up front: a deferred transaction that reads then writes fails
    # at once (SQLITE_BUSY, no waiting) when another writer committed in between.
    if not conn.get_execution_options().get("kpi_write", False):
        conn.exec_driver_sql("BEGIN")
        return
    # One short attempt at the write lock: `writing` repeats it, saying that it waits.
    conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(BUSY_ATTEMPT_S * 1000)}")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")


def create_engine(url: str) -> Engine:
    """An engine for `url`; on SQLite in WAL mode, with a busy timeout, and writers that lock up front."""
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


def _is_busy(exc: BaseException) -> bool:
    """Another writer holds the lock: SQLite's `database is locked`, PostgreSQL's lock timeout."""
    orig = getattr(exc, "orig", None)
    if orig is None:
        return False
    if type(orig).__name__ == "LockNotAvailable":  # psycopg: lock_timeout reached
        return True
    return "database is locked" in str(orig) or "database is busy" in str(orig)


@contextmanager
def db_errors(action: str) -> Iterator[None]:
    """Turn a database error inside the block into a StoreError saying what could not be done
    (StoreBusy when another writer held the lock too long)."""
    try:
        yield
    except sa.exc.SQLAlchemyError as exc:
        if _is_busy(exc):
            raise StoreBusy(BUSY_MESSAGE) from exc
        detail = getattr(exc, "orig", None) or exc
        raise StoreError(f"could not {action}: {detail}") from exc


@contextmanager
def writing(writer: Engine, action: str, waiting: Callable[[float], None] | None = None,
            timeout_s: float | None = None) -> Iterator[Connection]:
    """A write transaction on `writer` (committed at the end of the block, rolled back on any error).

    On SQLite the write lock is taken up front; while another writer holds it, the attempt is
    repeated with backoff, `waiting(seconds waited)` is called between attempts, and after
    `timeout_s` (BUSY_TIMEOUT_S) StoreBusy says the database is busy. On PostgreSQL a lock held
    longer than that (the version counter, kpi.store.versions) ends in the same StoreBusy.
    Database errors become StoreError naming `action`.
    """
    limit = BUSY_TIMEOUT_S if timeout_s is None else timeout_s
    started = time.monotonic()
    pause = 0.05
    while True:
        conn = writer.connect()
        try:
            with db_errors(action):
                transaction = conn.begin()  # SQLite: BEGIN IMMEDIATE, see _sqlite_on_begin
            break
        except StoreBusy:
            conn.close()
            waited = time.monotonic() - started
            if waited >= limit:
                raise
            if waiting is not None:
                waiting(waited)
            time.sleep(min(pause, max(0.0, limit - waited)))
            pause = min(pause * 2, 1.0)
        except BaseException:
            conn.close()
            raise
    with conn:
        try:
            with db_errors(action):
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(limit * 1000)}ms'")
                yield conn
                transaction.commit()
        except BaseException:
            if transaction.is_active:
                transaction.rollback()
            raise
