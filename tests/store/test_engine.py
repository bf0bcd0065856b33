"""kpi.store.engine: where the database is, and URLs that cannot be used."""

import threading
import time

import pandas as pd
import pytest
import sqlalchemy as sa

from kpi.errors import StoreBusy, StoreError
from kpi.store import DEFAULT_DB_PATH, PROJECT_ROOT, SCHEMA_VERSION, Store, database_url, engine

from tests.store.helpers import questions, sql


# ---------------------------------------------------------------- where the database is


@pytest.mark.parametrize("env, secrets, expected", [
    ({"KPI_DATABASE_URL": "postgresql://env/db"}, {"database_url": "sqlite:///secrets.db"}, "postgresql://env/db"),
    ({"KPI_DATABASE_URL": "  "}, {"database_url": "sqlite:///secrets.db"}, "sqlite:///secrets.db"),
    ({}, {"database_url": "sqlite:///secrets.db"}, "sqlite:///secrets.db"),
    ({}, None, f"sqlite:///{DEFAULT_DB_PATH}"),
    ({"OTHER": "x"}, {"database_url": ""}, f"sqlite:///{DEFAULT_DB_PATH}"),
])
def test_database_url_env_then_secrets_then_default(env, secrets, expected):
    assert database_url(env, secrets) == expected


def test_the_default_database_sits_in_the_data_folder_next_to_the_app():
    assert DEFAULT_DB_PATH == PROJECT_ROOT / "data" / "store" / "kpi.sqlite"
    assert (PROJECT_ROOT / "kpi" / "store" / "__init__.py").is_file()


def test_an_in_memory_database_is_shared_by_all_calls():
    memory = Store("sqlite://")
    memory.publish(None, None, questions(), by="ann", files=[])
    assert memory.current_version() == 1
    pd.testing.assert_frame_equal(memory.load().questions, questions())


def test_the_sqlite_folder_is_created_on_first_use(tmp_path):
    path = tmp_path / "deep" / "er" / "kpi.sqlite"
    Store(f"sqlite:///{path}").close()
    assert path.is_file()


def test_an_unusable_url_is_a_store_error_that_hides_the_password():
    with pytest.raises(StoreError) as raised:
        Store("nosuchdb+driver://user:s3cret@host/db")
    assert "s3cret" not in str(raised.value)
    with pytest.raises(StoreError, match="not a valid"):
        Store("not a url")


# ---------------------------------------------------------------- a busy database, health


def hold_the_write_lock(url):
    """Another writer in the middle of a publish: SQLite's write lock, PostgreSQL's version counter."""
    engine = sa.create_engine(url)
    conn = engine.connect()
    if engine.dialect.name == "sqlite":
        conn.connection.driver_connection.isolation_level = None
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.begin()
        conn.exec_driver_sql("SELECT value FROM kpi_meta WHERE key = 'last_version_id' FOR UPDATE")

    def release():
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("ROLLBACK")
        else:
            conn.rollback()
        conn.close()
        engine.dispose()

    return release


def test_a_writer_waits_a_bounded_time_then_says_the_database_is_busy(store, url, monkeypatch):
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_S", 1.5)
    release = hold_the_write_lock(url)
    waited = []
    try:
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="the database is busy: another publish is running; try again in a minute"):
            store.publish(None, None, questions(), by="ann", files=[], waiting=waited.append)
        assert 1.0 < time.monotonic() - started < 10
    finally:
        release()
    if store._engine.dialect.name == "sqlite":  # PostgreSQL waits inside one statement: nothing to call meanwhile
        assert waited and waited == sorted(waited) and waited[-1] < 1.5
    assert store.is_empty()
    assert store.publish(None, None, questions(), by="ann", files=[]) == 1


def test_a_writer_that_waits_a_little_gets_through(store, url):
    release = hold_the_write_lock(url)
    threading.Timer(0.5, release).start()
    assert store.publish(None, None, questions(), by="ann", files=[]) == 1


def test_health_touches_the_database(store, url):
    assert store.health() == f"schema {SCHEMA_VERSION}, nothing published"
    store.publish(None, None, questions(), by="ann", files=[])
    assert store.health() == f"schema {SCHEMA_VERSION}, current version 1"
    sql(url, "UPDATE kpi_meta SET value = '2' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match=f"schema version 2, this app needs {SCHEMA_VERSION}"):
        store.health()
