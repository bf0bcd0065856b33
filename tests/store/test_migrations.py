"""kpi.store.migrations: a new database is at the latest schema; older ones are upgraded once, keeping their data."""

import json

import pandas as pd
import pytest
import sqlalchemy as sa

from kpi.errors import StoreError
from kpi.ingest.mapping import Mapping, Profile
from kpi.settings import Settings
from kpi.store import SCHEMA_VERSION, Store, migrations, tables

from tests.store.data.make_released_v2 import second_wave
from tests.store.helpers import meetings, questions, reviews, source, sql, wave
from tests.store.released import released_database


# ---------------------------------------------------------------- schema


def test_a_new_database_is_at_the_latest_schema_and_matches_the_code(store, url):
    assert store.schema_version() == SCHEMA_VERSION
    engine = sa.create_engine(url)
    inspector = sa.inspect(engine)
    assert set(inspector.get_table_names()) == {table.name for table in tables.SQL_TABLES.values()}
    for table in tables.SQL_TABLES.values():
        assert [c["name"] for c in inspector.get_columns(table.name)] == [c.name for c in table.columns]
        assert ([c["name"] for c in inspector.get_columns(table.name) if not c["nullable"]]
                == [c.name for c in table.columns if not c.nullable])
        assert inspector.get_pk_constraint(table.name)["constrained_columns"] == [c.name for c in table.primary_key]
        assert ({i["name"] for i in inspector.get_indexes(table.name)}
                >= {i.name for i in table.indexes})
    engine.dispose()


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
    assert (upgraded.migrated, reopened.migrated) == ([SCHEMA_VERSION + 1], [])
    assert upgraded.schema_version() == reopened.schema_version() == SCHEMA_VERSION + 1
    assert "reviewed_by" in [c["name"] for c in sa.inspect(sa.create_engine(url)).get_columns("kpi_versions")]
    pd.testing.assert_frame_equal(reopened.load(first).reviews, reviews())
    upgraded.close()
    reopened.close()


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


def test_a_database_from_a_newer_app_is_refused(url):
    Store(url).close()
    sql(url, "UPDATE kpi_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 99, newer"):
        Store(url)


# ---------------------------------------------------------------- from the released version (rows) to sources


def test_a_database_made_by_the_released_version_keeps_every_version_as_sources(url):
    released_database(url)
    listed_before = [tuple(row) for row in sql(url, "SELECT id, kind, files, row_counts, note, data_version, "
                                                    "created_by FROM kpi_versions ORDER BY id")]

    store = Store(url)

    assert store.migrated == [3, 4] and store.schema_version() == SCHEMA_VERSION
    listed = store.versions()
    assert [(int(r.id), r.kind, r.data_version, r.created_by, r.note) for r in listed.itertuples()][::-1] == [
        (v[0], v[1], v[5], v[6], v[4]) for v in listed_before]
    assert listed["files"].tolist()[::-1] == [json.loads(v[2]) for v in listed_before]
    first, second, restored = store.load(1), store.load(2), store.load(3)
    pd.testing.assert_frame_equal(first.reviews, reviews())
    pd.testing.assert_frame_equal(first.meetings, meetings())
    pd.testing.assert_frame_equal(first.questions, questions())
    answers, log = second_wave()
    pd.testing.assert_frame_equal(second.reviews, answers)
    pd.testing.assert_frame_equal(second.meetings, log)
    pd.testing.assert_frame_equal(second.questions, questions().iloc[:1])
    pd.testing.assert_frame_equal(restored.reviews, reviews())
    assert (restored.kind, restored.data_version, restored.note) == ("restore", 1, "back")
    # One source per file of each published version; a restore lists the sources of what it restored.
    assert store.sources(1)["name"].tolist() == ["a.csv", "m.xlsx"]
    assert store.sources(2)["name"].tolist() == ["a.csv", "book.xlsx", "b.csv"]
    assert store.sources(2)["n_reviews"].tolist() == [2, 0, 1]
    assert store.sources(3)["id"].tolist() == store.sources(1)["id"].tolist()
    assert store.sources(1)["sha256"].isna().all()
    assert store.version_changes(2) == {"added": ["book.xlsx", "b.csv"], "replaced": [("a.csv", "a.csv")],
                                        "removed": ["m.xlsx"]}
    assert store.version_changes(3) == {"added": ["m.xlsx"], "replaced": [("a.csv", "a.csv")],
                                        "removed": ["book.xlsx", "b.csv"]}
    assert not sa.inspect(sa.create_engine(url)).has_table("kpi_reviews")
    # What else the released database held is still there; the next version gets the next id.
    assert store.load_settings() == Settings({"period": "quarter"})
    assert [p.name for p in store.profiles()] == ["Forms"]
    assert store.publish_sources([source("c.csv", wave("c.csv"))], by="dan") == 4
    assert store.sources()["name"].tolist() == ["a.csv", "m.xlsx", "c.csv"]
    store.close()


def test_a_version_1_database_is_upgraded_through_every_migration(url, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    Store(url).close()
    monkeypatch.undo()
    assert not sa.inspect(sa.create_engine(url)).has_table("kpi_profiles")

    upgraded = Store(url)

    assert upgraded.migrated == [2, 3, 4] and upgraded.is_empty()
    upgraded.save_profile(Profile("Qualtrics Q2", "qualtrics:q1|q2", Mapping(partner="Acme")), by="bob")
    assert [p.name for p in upgraded.profiles()] == ["Qualtrics Q2"]
    assert upgraded.publish(reviews(), None, questions(), by="ann", files=[]) == 1
    upgraded.close()
