"""Where the database is and how to connect to it: the URL, the engine, SQLite's WAL and write lock."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from kpi.errors import StoreError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "store" / "kpi.sqlite"
"""The embedded database used when no URL is configured."""

URL_ENV = "KPI_DATABASE_URL"
URL_SECRET = "database_url"

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


@contextmanager
def db_errors(action: str) -> Iterator[None]:
    """Turn a database error inside the block into a StoreError saying what could not be done."""
    try:
        yield
    except sa.exc.SQLAlchemyError as exc:
        detail = getattr(exc, "orig", None) or exc
        raise StoreError(f"could not {action}: {detail}") from exc
