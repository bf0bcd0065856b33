"""kpi.store.migrations: a new database is at the latest schema; older ones are upgraded once."""

import sqlite3

import pandas as pd
import pytest
import sqlalchemy as sa

from kpi.errors import StoreError
from kpi.ingest.mapping import Mapping, Profile
from kpi.contracts.schema import CLEAN_COLUMNS
from kpi.store import SCHEMA_VERSION, Store, migrations, tables

from tests.store.helpers import questions, reviews


# ---------------------------------------------------------------- schema


def test_a_new_database_is_at_the_latest_schema_and_matches_the_code(store, url):
    assert store.schema_version() == SCHEMA_VERSION
    inspector = sa.inspect(sa.create_engine(url))
    for table, sql_name in tables.DATA_TABLES.items():
        assert [c["name"] for c in inspector.get_columns(sql_name)] == ["version_id", "row_no",
                                                                        *CLEAN_COLUMNS[table]]
        assert inspector.get_pk_constraint(sql_name)["constrained_columns"] == ["version_id", "row_no"]
    for table in (tables.VERSIONS_TABLE, tables.SETTINGS_TABLE, tables.META_TABLE, tables.PROFILES_TABLE):
        assert [c["name"] for c in inspector.get_columns(table.name)] == [c.name for c in table.columns]


def upgrade_next(calls):
    def add_reviewed_column(conn):
        calls.append("next")
        conn.execute(sa.text("ALTER TABLE kpi_versions ADD COLUMN reviewed_by TEXT"))
    return add_reviewed_column


def test_a_database_is_upgraded_once_and_keeps_its_data(url, monkeypatch):
    old = Store(url)
    first = old.publish(reviews(), None, questions(), by="ann", files=[])
    old.close()
    assert Store(url).schema_version() == SCHEMA_VERSION
    calls = []
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, upgrade_next(calls)])

    upgraded = Store(url)
    reopened = Store(url)

    assert calls == ["next"]
    assert upgraded.schema_version() == reopened.schema_version() == SCHEMA_VERSION + 1
    assert "reviewed_by" in [c["name"] for c in sa.inspect(sa.create_engine(url)).get_columns("kpi_versions")]
    pd.testing.assert_frame_equal(reopened.load(first).reviews, reviews())


def test_a_failed_migration_leaves_the_database_as_it_was(url, monkeypatch):
    Store(url).close()

    def half_done(conn):
        conn.execute(sa.text("CREATE TABLE kpi_half_done (x INTEGER)"))
        raise RuntimeError("disk full")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, half_done])
    with pytest.raises(StoreError, match=f"schema to version {SCHEMA_VERSION + 1}: disk full"):
        Store(url)

    monkeypatch.undo()
    assert Store(url).schema_version() == SCHEMA_VERSION
    assert not sa.inspect(sa.create_engine(url)).has_table("kpi_half_done")


def test_a_version_1_database_gets_the_profiles_table_and_keeps_its_data(url, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    first_release = Store(url)
    published = first_release.publish(reviews(), None, questions(), by="ann", files=["a.csv"])
    first_release.close()
    assert not sa.inspect(sa.create_engine(url)).has_table("kpi_profiles")
    monkeypatch.undo()

    upgraded = Store(url)

    assert upgraded.schema_version() == 2
    assert upgraded.profiles() == []
    upgraded.save_profile(Profile("Qualtrics Q2", "qualtrics:q1|q2", Mapping(partner="Acme")), by="bob")
    assert [p.name for p in upgraded.profiles()] == ["Qualtrics Q2"]
    pd.testing.assert_frame_equal(upgraded.load(published).reviews, reviews())


def test_a_database_from_a_newer_app_is_refused(url):
    Store(url).close()
    with sqlite3.connect(sa.make_url(url).database) as conn:
        conn.execute("UPDATE kpi_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 99, newer"):
        Store(url)
