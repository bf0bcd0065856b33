"""Fixtures of the store tests: a fresh database per test, SQLite and, when `KPI_TEST_POSTGRES_URL` names a
PostgreSQL server (scripts/test_postgres.sh starts one), PostgreSQL too; and a Store opened on it."""

import os
import uuid

import pytest
import sqlalchemy as sa

from kpi.store import Store

POSTGRES_URL = os.environ.get("KPI_TEST_POSTGRES_URL", "").strip()
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def postgres_database():
    """A fresh schema on the test server, as a URL whose connections use it; dropped (and its
    connections ended) by the returned cleanup."""
    name = f"kpi_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {name}")
    url = sa.make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={name}",
                                                       "application_name": name})

    def cleanup():
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE application_name = :name AND pid <> pg_backend_pid()"), {"name": name})
            conn.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        admin.dispose()

    return url.render_as_string(hide_password=False), cleanup


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'kpi.sqlite'}"
        return
    database, cleanup = postgres_database()
    yield database
    cleanup()


@pytest.fixture
def sqlite_url(tmp_path):
    """For what only SQLite has (its file, WAL, its write lock)."""
    return f"sqlite:///{tmp_path / 'kpi.sqlite'}"


@pytest.fixture
def store(url):
    opened = Store(url)
    yield opened
    opened.close()
