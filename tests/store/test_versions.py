"""kpi.store.versions: publish, list, load and restore versions, all or nothing, concurrency, settings."""

import sqlite3
import threading
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from kpi.errors import StoreError
from kpi.settings import Settings
from kpi.store import Store, rows

from tests.store.helpers import meetings, questions, reviews, row_count


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
    monkeypatch.setattr(rows, "CHUNK_ROWS", 1)
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
    real = rows._python_values

    def null_source_rows_in_meetings(values, dtype, sqlite_text):
        out = real(values, dtype, sqlite_text)
        return [None] * len(out) if values.name == "source_row" and dtype == "int64" and len(out) == 3 else out

    monkeypatch.setattr(rows, "_python_values", null_source_rows_in_meetings)
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
    monkeypatch.setattr(rows, "CHUNK_ROWS", 2)
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
