"""kpi.store: versions of the published tables in SQLite, exact round trips, restore, upgrades."""

import sqlite3
import threading
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

import kpi.store.versions as store_module
from kpi.errors import StoreError
from kpi.schema import CLEAN_COLUMNS, empty_clean
from kpi.settings import Settings
from kpi.store import DEFAULT_DB_PATH, PROJECT_ROOT, SCHEMA_VERSION, Store, database_url

# ---------------------------------------------------------------- tiny clean tables


def clean(table, **columns):
    frame = pd.DataFrame(columns).astype(CLEAN_COLUMNS[table])
    assert list(frame.columns) == list(CLEAN_COLUMNS[table])
    return frame


def reviews(n=3):
    partner = "Agence Étoile 🚀"
    rows = {
        "review_id": ["R1", "R1", None][:n],
        "review_key": ["a.csv#R1", "a.csv#R1", "a.csv#R2"][:n],
        "review_date": pd.to_datetime(["2026-03-15 14:30:05.123456", "2026-03-15 00:00:00", None][:n],
                                      format="ISO8601"),
        "partner": [partner, partner, "Acme"][:n],
        "partner_key": ["agence étoile 🚀", "agence étoile 🚀", "acme"][:n],
        "respondent_side": ["client", "client", "agency"][:n],
        "respondent": [None, "", "bob@x.fr"][:n],
        "question_id": ["Q1", "Q2", "Q1"][:n],
        "score": [4.0, np.nan, 0.1 + 0.2][:n],
        "importance": [np.nan, 5.0, 1e-300][:n],
        "comment": ['dit "oui"\nmais…', "", None][:n],
        "source_file": ["a.csv"] * n,
        "source_row": [2, 3, 2**40][:n],
    }
    return clean("reviews", **rows)


def meetings():
    return clean(
        "meetings",
        meeting_id=["M1", None, "M3"],
        date=pd.to_datetime(["2026-01-05 09:00", "2026-02-01", "2026-03-01 17:45:59"], format="ISO8601"),
        partner=["Acme", "Acme; Agence Étoile 🚀", "Acme"],
        meeting_type=["qbr", "workshop", "status"],
        duration_min=[60.0, np.nan, 30.5],
        agenda_shared=pd.array([True, pd.NA, False], dtype="boolean"),
        actions_opened=[3.0, np.nan, 0.0],
        actions_closed=[1.0, np.nan, 0.0],
        notes=["", None, "ligne 1\nligne 2"],
        source_file=["m.xlsx"] * 3,
        source_row=[2, 3, 4],
    )


def questions():
    return clean(
        "questions",
        question_id=["Q1", "Q2"],
        kpi=["informed", "delivery"],
        text=["We are kept informed", "They deliver"],
        text_fr=["Nous sommes informés", None],
        scale_min=[1.0, 0.0],
        scale_max=[5.0, 10.0],
        reverse=[False, True],
    )


def row_count(url, table):
    with sqlite3.connect(sa.make_url(url).database) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'kpi.sqlite'}"


@pytest.fixture
def store(url):
    opened = Store(url)
    yield opened
    opened.close()


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("direct", [True, False], ids=["sqlite-direct", "sqlalchemy-core"])
def test_publish_then_load_round_trips_every_dtype(store, monkeypatch, direct):
    monkeypatch.setattr(store_module, "_SQLITE_DIRECT", direct)
    version = store.publish(reviews(), meetings(), questions(), by="ann", files=["a.csv", "m.xlsx"])

    loaded = store.load()

    assert loaded.version == version and loaded.data_version == version
    pd.testing.assert_frame_equal(loaded.reviews, reviews())
    pd.testing.assert_frame_equal(loaded.meetings, meetings())
    pd.testing.assert_frame_equal(loaded.questions, questions())
    for table in ("reviews", "meetings", "questions"):
        frame = getattr(loaded, table)
        assert {c: str(t) for c, t in frame.dtypes.items()} == CLEAN_COLUMNS[table]


@pytest.mark.parametrize("write_direct, read_direct", [(True, False), (False, True)])
def test_both_write_paths_store_the_same_thing(store, monkeypatch, write_direct, read_direct):
    monkeypatch.setattr(store_module, "_SQLITE_DIRECT", write_direct)
    store.publish(reviews(), meetings(), questions(), by="ann", files=[])
    monkeypatch.setattr(store_module, "_SQLITE_DIRECT", read_direct)

    loaded = store.load()

    pd.testing.assert_frame_equal(loaded.reviews, reviews())
    pd.testing.assert_frame_equal(loaded.meetings, meetings())


@pytest.mark.parametrize("direct", [True, False], ids=["sqlite-direct", "sqlalchemy-core"])
def test_tables_longer_than_a_batch_round_trip(store, monkeypatch, direct):
    monkeypatch.setattr(store_module, "_SQLITE_DIRECT", direct)
    monkeypatch.setattr(store_module, "CHUNK_ROWS", 2)  # batches of 2: one ends on all-missing cells
    store.publish(reviews(), meetings(), questions(), by="ann", files=[])

    loaded = store.load()

    pd.testing.assert_frame_equal(loaded.reviews, reviews())
    pd.testing.assert_frame_equal(loaded.meetings, meetings())


def test_rows_come_back_in_published_order_whatever_the_index(store):
    shuffled = reviews().iloc[[2, 0, 1]]
    store.publish(shuffled, None, questions(), by="ann", files=[])

    pd.testing.assert_frame_equal(store.load().reviews, shuffled.reset_index(drop=True))


def test_an_empty_table_and_a_table_not_given_stay_distinct(store):
    first = store.publish(reviews(), empty_clean("meetings"), questions(), by="ann", files=["a.csv"])
    second = store.publish(None, meetings(), questions(), by="ann", files=["m.xlsx"])

    given_empty = store.load(first)
    not_given = store.load(second)

    pd.testing.assert_frame_equal(given_empty.meetings, empty_clean("meetings"))
    assert not_given.reviews is None
    listed = store.versions().set_index("id")
    assert listed.loc[first, "n_meetings"] == 0
    assert pd.isna(listed.loc[second, "n_reviews"])


# ---------------------------------------------------------------- versions


def test_versions_list_who_when_which_files_and_counts_newest_first(store):
    before = datetime.now(timezone.utc)
    first = store.publish(reviews(), None, questions(), by="ann", files=["a.csv"], note="first try")
    second = store.publish(reviews(2), meetings(), questions(), by="bob", files=["a.csv", "m.xlsx"])
    after = datetime.now(timezone.utc)

    listed = store.versions()

    assert list(listed.columns) == ["id", "created_at", "created_by", "kind", "files", "n_reviews",
                                    "n_meetings", "n_questions", "note", "data_version", "current"]
    assert listed["id"].tolist() == [second, first]
    assert listed["created_by"].tolist() == ["bob", "ann"]
    assert listed["kind"].tolist() == ["publish", "publish"]
    assert listed["files"].tolist() == [["a.csv", "m.xlsx"], ["a.csv"]]
    assert listed["n_reviews"].tolist() == [2, 3]
    assert listed["n_meetings"].tolist() == [3, pd.NA]
    assert listed["n_questions"].tolist() == [2, 2]
    assert listed["note"].tolist() == ["", "first try"]
    assert listed["data_version"].tolist() == [second, first]
    assert listed["current"].tolist() == [True, False]
    assert listed["created_at"].between(pd.Timestamp(before), pd.Timestamp(after)).all()
    assert str(listed["created_at"].dtype) == "datetime64[ns, UTC]"


def test_readers_get_the_latest_version_and_any_older_one_by_id(store):
    first = store.publish(reviews(3), None, questions(), by="ann", files=["old.csv"])
    second = store.publish(reviews(2), None, questions(), by="bob", files=["new.csv"])

    latest = store.load()
    older = store.load(np.int64(first))  # ids taken from versions() are numpy integers

    assert store.current_version() == second
    assert (latest.version, latest.created_by, latest.files, len(latest.reviews)) == (second, "bob", ["new.csv"], 2)
    assert (older.version, len(older.reviews)) == (first, 3)


def test_an_empty_store_says_so(store):
    assert store.is_empty()
    assert store.current_version() is None
    assert store.versions().empty
    with pytest.raises(StoreError, match="nothing has been published"):
        store.load()
    store.publish(None, None, questions(), by="ann", files=[])
    assert not store.is_empty()


def test_loading_an_unknown_version_raises(store):
    store.publish(reviews(), None, questions(), by="ann", files=[])
    with pytest.raises(StoreError, match="no published version 42"):
        store.load(42)


# ---------------------------------------------------------------- restore


def test_restore_makes_an_older_version_current_without_copying_rows(store, url):
    first = store.publish(reviews(3), None, questions(), by="ann", files=["old.csv"])
    store.publish(reviews(2), meetings(), questions(), by="bob", files=["new.csv"])
    rows_before = row_count(url, "kpi_reviews")

    restored = store.restore(first, by="carol")

    shown = store.load()
    assert store.current_version() == restored
    assert (shown.version, shown.data_version, shown.kind) == (restored, first, "restore")
    pd.testing.assert_frame_equal(shown.reviews, reviews(3))
    assert shown.meetings is None  # as in the restored version
    assert row_count(url, "kpi_reviews") == rows_before == 5
    newest = store.versions().iloc[0]
    assert (newest["kind"], newest["created_by"], newest["data_version"], newest["n_reviews"]) == (
        "restore", "carol", first, 3)
    assert newest["files"] == ["old.csv"]


def test_restoring_a_restore_points_at_the_original_rows(store):
    first = store.publish(reviews(3), None, questions(), by="ann", files=[])
    store.publish(reviews(2), None, questions(), by="ann", files=[])
    restore = store.restore(first, by="ann")
    store.publish(reviews(1), None, questions(), by="ann", files=[])

    again = store.restore(restore, by="ann")

    assert store.load(again).data_version == first


def test_restoring_an_unknown_version_raises_and_changes_nothing(store):
    store.publish(reviews(), None, questions(), by="ann", files=[])
    with pytest.raises(StoreError, match="no published version 42"):
        store.restore(42, by="ann")
    assert len(store.versions()) == 1


# ---------------------------------------------------------------- all or nothing


@pytest.mark.parametrize("fail_at_call", [1, 4], ids=["first-reviews-chunk", "a-meetings-chunk"])
def test_a_publish_that_fails_midway_leaves_no_version_and_no_rows(store, url, monkeypatch, fail_at_call):
    kept = store.publish(reviews(), meetings(), questions(), by="ann", files=[])
    monkeypatch.setattr(store_module, "CHUNK_ROWS", 1)
    calls = []

    def progress(fraction, table):
        calls.append(table)
        if len(calls) == fail_at_call:
            raise RuntimeError("connection lost")

    with pytest.raises(RuntimeError, match="connection lost"):
        store.publish(reviews(), meetings(), questions(), by="bob", files=[], progress=progress)

    assert calls[-1] == ("reviews" if fail_at_call == 1 else "meetings")
    assert store.versions()["id"].tolist() == [kept]
    assert [row_count(url, t) for t in ("kpi_reviews", "kpi_meetings", "kpi_questions")] == [3, 3, 2]
    pd.testing.assert_frame_equal(store.load().reviews, reviews())


def test_a_database_error_midway_is_a_store_error_and_rolls_back(store, url, monkeypatch):
    real = store_module._python_values

    def null_source_rows_in_meetings(values, dtype, sqlite_text):
        out = real(values, dtype, sqlite_text)
        return [None] * len(out) if values.name == "source_row" and dtype == "int64" and len(out) == 3 else out

    monkeypatch.setattr(store_module, "_python_values", null_source_rows_in_meetings)
    with pytest.raises(StoreError, match="could not publish.*NOT NULL"):
        store.publish(reviews(2), meetings(), questions(), by="ann", files=[])

    assert store.is_empty()
    assert row_count(url, "kpi_reviews") == 0


@pytest.mark.parametrize("bad_reviews, problem", [
    (reviews().assign(score=["4", "abc", "5"]), "reviews.score"),
    (reviews().drop(columns="partner_key"), "missing columns \\['partner_key'\\]"),
    (reviews().assign(extra=1), "unexpected columns \\['extra'\\]"),
    (reviews().assign(review_date=pd.Timestamp("2026-01-01 00:00:00.000000001")), "sub-microsecond"),
])
def test_a_table_that_cannot_be_stored_is_refused_before_writing(store, bad_reviews, problem):
    with pytest.raises(StoreError, match=problem):
        store.publish(bad_reviews, None, questions(), by="ann", files=[])
    assert store.is_empty()


def test_a_publish_needs_an_author_and_a_question_bank(store):
    with pytest.raises(StoreError, match="say who"):
        store.publish(reviews(), None, questions(), by="  ", files=[])
    with pytest.raises(StoreError, match="question bank"):
        store.publish(reviews(), None, None, by="ann", files=[])
    assert store.is_empty()


def test_progress_is_reported_after_each_chunk(store, monkeypatch):
    monkeypatch.setattr(store_module, "CHUNK_ROWS", 2)
    calls = []

    store.publish(reviews(), meetings(), questions(), by="ann", files=[], progress=lambda f, t: calls.append((f, t)))

    assert calls == [(2 / 8, "reviews"), (3 / 8, "reviews"), (5 / 8, "meetings"), (6 / 8, "meetings"),
                     (8 / 8, "questions")]


# ---------------------------------------------------------------- concurrency and restarts


def test_readers_see_the_previous_version_while_a_publish_is_in_progress(store, url):
    first = store.publish(reviews(), None, questions(), by="ann", files=[])
    reader = Store(url)
    seen = []

    def progress(fraction, table):
        seen.append((reader.current_version(), len(reader.load().reviews)))

    store.publish(reviews(1), None, questions(), by="bob", files=[], progress=progress)

    assert seen and set(seen) == {(first, 3)}
    assert reader.current_version() == first + 1
    with sqlite3.connect(sa.make_url(url).database) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reader.close()


def test_two_analysts_publishing_at_once_both_succeed(store):
    errors, ids = [], []

    def publish(name):
        try:
            ids.append(store.publish(reviews(), meetings(), questions(), by=name, files=[]))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=publish, args=(name,)) for name in ("ann", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(ids) == [1, 2]
    assert sorted(store.versions()["created_by"]) == ["ann", "bob"]


def test_a_restart_loses_nothing(url):
    before = Store(url)
    first = before.publish(reviews(), meetings(), questions(), by="ann", files=["a.csv"])
    before.publish(reviews(1), None, questions(), by="bob", files=["b.csv"])
    before.restore(first, by="carol")
    before.save_settings(Settings({"period": "quarter"}), by="ann")
    listed = before.versions()
    before.close()

    after = Store(url)

    pd.testing.assert_frame_equal(after.versions(), listed)
    pd.testing.assert_frame_equal(after.load().meetings, meetings())
    assert after.load_settings() == Settings({"period": "quarter"})
    after.close()


# ---------------------------------------------------------------- schema


def test_a_new_database_is_at_the_latest_schema_and_matches_the_code(store, url):
    assert store.schema_version() == SCHEMA_VERSION
    inspector = sa.inspect(sa.create_engine(url))
    for table, sql_name in store_module.DATA_TABLES.items():
        assert [c["name"] for c in inspector.get_columns(sql_name)] == ["version_id", "row_no",
                                                                        *CLEAN_COLUMNS[table]]
        assert inspector.get_pk_constraint(sql_name)["constrained_columns"] == ["version_id", "row_no"]
    for table in (store_module._VERSIONS, store_module._SETTINGS, store_module._META):
        assert [c["name"] for c in inspector.get_columns(table.name)] == [c.name for c in table.columns]


def upgrade_v2(calls):
    def add_reviewed_column(conn):
        calls.append("v2")
        conn.execute(sa.text("ALTER TABLE kpi_versions ADD COLUMN reviewed_by TEXT"))
    return add_reviewed_column


def test_a_version_1_database_is_upgraded_once_and_keeps_its_data(url, monkeypatch):
    old = Store(url)
    first = old.publish(reviews(), None, questions(), by="ann", files=[])
    old.close()
    assert Store(url).schema_version() == 1
    calls = []
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, upgrade_v2(calls)])

    upgraded = Store(url)
    reopened = Store(url)

    assert calls == ["v2"]
    assert upgraded.schema_version() == reopened.schema_version() == 2
    assert "reviewed_by" in [c["name"] for c in sa.inspect(sa.create_engine(url)).get_columns("kpi_versions")]
    pd.testing.assert_frame_equal(reopened.load(first).reviews, reviews())


def test_a_failed_migration_leaves_the_database_as_it_was(url, monkeypatch):
    Store(url).close()

    def half_done(conn):
        conn.execute(sa.text("CREATE TABLE kpi_half_done (x INTEGER)"))
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, half_done])
    with pytest.raises(StoreError, match="schema to version 2: disk full"):
        Store(url)

    monkeypatch.undo()
    assert Store(url).schema_version() == 1
    assert not sa.inspect(sa.create_engine(url)).has_table("kpi_half_done")


def test_a_database_from_a_newer_app_is_refused(url):
    Store(url).close()
    with sqlite3.connect(sa.make_url(url).database) as conn:
        conn.execute("UPDATE kpi_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 99, newer"):
        Store(url)


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


# ---------------------------------------------------------------- settings


def test_settings_default_until_saved_then_latest_wins_with_history(store):
    assert store.load_settings() == Settings()
    assert store.settings_history().empty

    quarter = Settings({"period": "quarter", "weights.informed.agenda_rate": 0.5})
    heavy = Settings({"targets.qbrs_per_quarter": 2.0})
    first = store.save_settings(quarter, by="ann")
    second = store.save_settings(heavy, by="bob")

    assert store.load_settings() == heavy
    history = store.settings_history()
    assert history["id"].tolist() == [second, first]
    assert history["created_by"].tolist() == ["bob", "ann"]
    assert history["current"].tolist() == [True, False]
    assert history["toml"].iloc[1] == quarter.to_toml()
