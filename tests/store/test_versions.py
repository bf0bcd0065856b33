"""kpi.store.versions: publish, list, load and restore versions made of sources, all or nothing, retention,
concurrency, settings."""

import threading
import time
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pytest

from kpi.errors import StoreError
from kpi.settings import Settings
from kpi.store import Store, SourceData

from tests.store.helpers import bank, log, meetings, questions, reviews, row_count, source, sql, wave


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
    assert store.sources().empty and list(store.sources().columns)[:2] == ["id", "name"]
    assert store.has_bytes("0" * 64) is None
    with pytest.raises(StoreError, match="nothing has been published"):
        store.load()
    with pytest.raises(StoreError, match="nothing has been published"):
        store.load_scores()
    store.publish(None, None, questions(), by="ann", files=[])
    assert not store.is_empty()


def test_loading_an_unknown_version_raises(store):
    store.publish(reviews(), None, questions(), by="ann", files=[])
    for call in (store.load, store.sources, store.version_changes, store.load_scores):
        with pytest.raises(StoreError, match="no published version 42"):
            call(42)


# ---------------------------------------------------------------- sources


def test_publish_replaces_everything_and_cuts_the_rows_into_one_source_per_file(store):
    two_files = pd.concat([wave("a.csv"), wave("b.csv")], ignore_index=True)
    sheets = log("book.xlsx [meetings]")
    version = store.publish(two_files, sheets, bank(), by="ann", files=["a.csv", "b.csv", "book.xlsx", "bank.csv"])

    listed = store.sources()

    assert listed["name"].tolist() == ["a.csv", "b.csv", "book.xlsx", "bank.csv"]
    assert listed["n_reviews"].tolist() == [4, 4, 0, 0]
    assert listed["n_meetings"].tolist() == [0, 0, 1, 0]
    assert listed["sha256"].isna().all()  # the bytes were not given
    assert (listed["created_by"] == "ann").all() and (listed["format"] == "generic").all()
    pd.testing.assert_frame_equal(store.load(version).reviews, two_files)
    pd.testing.assert_frame_equal(store.load(version).meetings, sheets)


def test_a_wave_is_added_to_the_data_set_and_earlier_files_are_shared_not_copied(store, url):
    first = store.publish_sources([source("2025.csv", wave("2025.csv", date="2025-10-01")),
                                   source("log.csv", meetings=log("log.csv"))], by="ann")
    stored = row_count(url, "kpi_sources")

    second = store.publish_sources([source("2026.csv", wave("2026.csv"), rows_read=5, rows_rejected=1)], by="bob",
                                   note="spring wave")

    assert row_count(url, "kpi_sources") == stored + 1
    listed = store.sources(second)
    assert listed["name"].tolist() == ["2025.csv", "log.csv", "2026.csv"]
    assert listed["id"].tolist()[:2] == store.sources(first)["id"].tolist()
    assert listed["created_by"].tolist() == ["ann", "ann", "bob"]
    assert listed["n_reviews"].tolist() == [4, pd.NA, 4]
    assert listed["rows_read"].tolist() == [pd.NA, pd.NA, 5] and listed["rows_rejected"].tolist()[2] == 1
    loaded = store.load()
    pd.testing.assert_frame_equal(loaded.reviews, pd.concat([wave("2025.csv", date="2025-10-01"), wave("2026.csv")],
                                                            ignore_index=True))
    pd.testing.assert_frame_equal(loaded.meetings, log("log.csv"))
    assert loaded.files == ["2025.csv", "log.csv", "2026.csv"] and loaded.note == "spring wave"
    assert store.version_changes(second) == {"added": ["2026.csv"], "replaced": [], "removed": []}
    assert store.versions()["n_reviews"].tolist() == [8, 4]


def test_a_source_is_replaced_in_place_by_a_new_version_of_its_file(store):
    store.publish_sources([source("a.csv", wave("a.csv")), source("b.csv", wave("b.csv"))], by="ann")
    fixed = wave("a.csv", score=2)

    version = store.publish_sources(replace={"a.csv": source("a.csv", fixed, content="corrected")}, by="ann")

    assert store.sources()["name"].tolist() == ["a.csv", "b.csv"]
    pd.testing.assert_frame_equal(store.load().reviews, pd.concat([fixed, wave("b.csv")], ignore_index=True))
    assert store.version_changes(version) == {"added": [], "replaced": [("a.csv", "a.csv")], "removed": []}
    renamed = store.publish_sources(replace={"b.csv": source("b_v2.csv", wave("b_v2.csv"))}, by="ann")
    assert store.version_changes(renamed)["replaced"] == [("b.csv", "b_v2.csv")]


def test_a_source_is_removed(store):
    store.publish_sources([source("a.csv", wave("a.csv")), source("log.csv", meetings=log("log.csv"))], by="ann")

    version = store.publish_sources(remove=["log.csv"], by="ann")

    loaded = store.load()
    assert store.sources()["name"].tolist() == ["a.csv"]
    assert loaded.meetings is None  # no source holds meetings any more
    assert store.version_changes(version) == {"added": [], "replaced": [], "removed": ["log.csv"]}


def test_changes_of_a_whole_publish_and_of_a_restore_are_told_by_name(store):
    first = store.publish(wave("a.csv"), None, bank(), by="ann", files=["a.csv"])
    second = store.publish(pd.concat([wave("a.csv"), wave("b.csv")], ignore_index=True), None, bank(), by="ann",
                           files=["a.csv", "b.csv"])
    restored = store.restore(first, by="ann")

    assert store.version_changes(first) == {"added": ["a.csv"], "replaced": [], "removed": []}
    assert store.version_changes(second) == {"added": ["b.csv"], "replaced": [("a.csv", "a.csv")], "removed": []}
    assert store.version_changes(restored) == {"added": [], "replaced": [("a.csv", "a.csv")], "removed": ["b.csv"]}
    assert store.version_changes() == store.version_changes(restored)


def test_the_same_bytes_are_found_and_refused(store):
    store.publish_sources([source("book.xlsx", wave("book.xlsx"), content="workbook bytes")], by="ann")
    copy = source("book (1).xlsx", wave("book (1).xlsx"), content="workbook bytes")

    assert store.has_bytes(copy.sha256) == "book.xlsx"
    assert store.has_bytes(source("other.csv").sha256) is None
    with pytest.raises(StoreError, match="book \\(1\\).xlsx has the same bytes as book.xlsx, already in the data set"):
        store.publish_sources([copy], by="ann")
    store.publish_sources(remove=["book.xlsx"], by="ann")
    assert store.has_bytes(copy.sha256) is None  # only the data set now published counts
    assert store.has_bytes(copy.sha256, version_id=1) == "book.xlsx"
    store.publish_sources([copy], by="ann")


@pytest.mark.parametrize("change, problem", [
    ({"add": [source("a.csv", wave("a.csv"), content="other")]}, "a source named 'a.csv' is already in"),
    ({"add": [source("x.csv", wave("x.csv")), source("y.csv", wave("y.csv"), content="x.csv")]}, "same bytes as x.csv"),
    ({"replace": {"nope.csv": source("nope.csv")}}, "no source named 'nope.csv'.*sources: 'a.csv', 'b.csv'"),
    ({"remove": ["nope.csv"]}, "no source named 'nope.csv'"),
    ({"replace": {"a.csv": source("a.csv", wave("a.csv"))}}, "same bytes as the source 'a.csv' it would replace"),
    ({"replace": {"a.csv": source("b.csv", wave("b.csv"), content="new")}}, "'b.csv' is already in"),
    ({"replace": {"a.csv": source("a2.csv")}, "remove": ["a.csv"]}, "both removed and replaced"),
    ({}, "nothing to publish"),
    ({"add": [SourceData("", None)]}, "needs a name"),
    ({"add": [SourceData("n.csv", "ABC")]}, "64 lowercase hex"),
    ({"add": [source("n.csv", reviews().drop(columns="score"))]}, "missing columns \\['score'\\]"),
    ({"add": ["a.csv"]}, "expected a SourceData"),
])
def test_a_change_that_cannot_be_made_is_refused_and_nothing_is_stored(store, url, change, problem):
    store.publish_sources([source("a.csv", wave("a.csv")), source("b.csv", wave("b.csv"))], by="ann")
    stored = row_count(url, "kpi_sources")

    with pytest.raises(StoreError, match=problem):
        store.publish_sources(by="bob", **change)

    assert store.current_version() == 1 and row_count(url, "kpi_sources") == stored


def test_the_question_bank_is_kept_until_a_new_one_is_given(store):
    store.publish_sources([source("a.csv", wave("a.csv"))], by="ann")
    pd.testing.assert_frame_equal(store.load().questions, bank())  # the default bank at first

    mine = bank().iloc[:5]
    store.publish_sources(questions=mine, by="ann")  # a new bank alone is a change
    store.publish_sources([source("b.csv", wave("b.csv"))], by="ann")

    pd.testing.assert_frame_equal(store.load().questions, mine.reset_index(drop=True))
    assert store.versions()["n_questions"].tolist() == [5, 5, len(bank())]


@pytest.mark.parametrize("change", [
    {"by": "ann\x00"}, {"by": "ann", "note": "a\x00b"}, {"by": "ann", "add": [SourceData("a\x00.csv", None)]},
    {"by": "ann", "add": [SourceData("a.csv", None, profile="p\x00")]},
])
def test_text_holding_nul_is_refused_alike_on_every_database(store, change):
    with pytest.raises(StoreError, match="NUL"):
        store.publish_sources(**{"add": [source("z.csv", wave("z.csv"))], **change})
    assert store.is_empty()


# ---------------------------------------------------------------- restore


def test_restore_makes_an_older_version_current_without_copying_sources(store, url):
    first = store.publish(reviews(3), None, questions(), by="ann", files=["old.csv"])
    store.publish(reviews(2), meetings(), questions(), by="bob", files=["new.csv"])
    stored = row_count(url, "kpi_sources")

    restored = store.restore(first, by="carol")

    shown = store.load()
    assert store.current_version() == restored
    assert (shown.version, shown.data_version, shown.kind) == (restored, first, "restore")
    pd.testing.assert_frame_equal(shown.reviews, reviews(3))
    assert shown.meetings is None  # as in the restored version
    assert row_count(url, "kpi_sources") == stored
    assert store.sources(restored)["id"].tolist() == store.sources(first)["id"].tolist()
    newest = store.versions().iloc[0]
    assert (newest["kind"], newest["created_by"], newest["data_version"], newest["n_reviews"]) == (
        "restore", "carol", first, 3)
    assert newest["files"] == ["old.csv"]


def test_restoring_a_restore_points_at_the_original_data(store):
    first = store.publish(reviews(3), None, questions(), by="ann", files=[])
    store.publish(reviews(2), None, questions(), by="ann", files=[])
    restore = store.restore(first, by="ann")
    store.publish(reviews(1), None, questions(), by="ann", files=[])

    again = store.restore(restore, by="ann")

    assert store.load(again).data_version == first
    pd.testing.assert_frame_equal(store.load(again).reviews, reviews(3))


def test_restoring_an_unknown_version_raises_and_changes_nothing(store):
    store.publish(reviews(), None, questions(), by="ann", files=[])
    with pytest.raises(StoreError, match="no published version 42"):
        store.restore(42, by="ann")
    assert len(store.versions()) == 1


# ---------------------------------------------------------------- retention


def test_only_the_newest_versions_are_kept_with_the_sources_they_list(store, url):
    store.save_settings(Settings({"store.keep_versions": 2}), by="ann")
    store.publish_sources([source("a.csv", wave("a.csv"))], by="ann")
    store.publish_sources([source("b.csv", wave("b.csv"))], by="ann")
    store.publish_sources(replace={"b.csv": source("b.csv", wave("b.csv", score=1), content="b2")}, by="ann")
    assert store.versions()["id"].tolist() == [3, 2]
    assert row_count(url, "kpi_sources") == 3  # a.csv, b.csv (listed by version 2), the new b.csv

    store.publish_sources(remove=["a.csv"], by="ann")

    assert store.versions()["id"].tolist() == [4, 3]
    assert sorted(r[0] for r in sql(url, "SELECT name FROM kpi_sources")) == ["a.csv", "b.csv"]
    with pytest.raises(StoreError, match="no published version 1 to restore"):
        store.restore(1, by="ann")
    assert store.restore(3, by="ann") == 5  # ids are never given twice
    pd.testing.assert_frame_equal(store.load().reviews, pd.concat([wave("a.csv"), wave("b.csv", score=1)],
                                                                  ignore_index=True))


@pytest.mark.parametrize("keep", [0, -1, 2.5])
def test_at_least_one_version_is_kept(keep):
    with pytest.raises(Exception, match="store.keep_versions"):
        Settings({"store.keep_versions": keep})


# ---------------------------------------------------------------- all or nothing


@pytest.mark.parametrize("fail_at_call", [1, 3], ids=["first-source", "after-the-version-row"])
def test_a_publish_that_fails_midway_leaves_nothing(store, url, fail_at_call):
    kept = store.publish(reviews(), meetings(), questions(), by="ann", files=["a.csv", "m.xlsx"])
    stored = row_count(url, "kpi_sources")
    calls = []

    def progress(fraction, table):
        calls.append(table)
        if len(calls) == fail_at_call:
            raise RuntimeError("connection lost")

    with pytest.raises(RuntimeError, match="connection lost"):
        store.publish(reviews(), meetings(), questions(), by="bob", files=["a.csv", "m.xlsx"], progress=progress)

    assert calls[-1] == ("reviews" if fail_at_call == 1 else "questions")
    assert store.versions()["id"].tolist() == [kept]
    assert row_count(url, "kpi_sources") == stored
    pd.testing.assert_frame_equal(store.load().reviews, reviews())
    assert store.publish(reviews(1), None, questions(), by="bob", files=[]) == kept + 1


def test_a_database_error_midway_is_a_store_error_and_rolls_back(store, url, monkeypatch):
    real = Store._insert_version

    def breaks_a_rule(conn, version, row):
        row.kind = "bogus"  # fails the kind CHECK constraint
        real(conn, version, row)

    monkeypatch.setattr(Store, "_insert_version", staticmethod(breaks_a_rule))
    with pytest.raises(StoreError, match="could not publish.*ck_kpi_versions_kind|could not publish.*CHECK"):
        store.publish(reviews(2), meetings(), questions(), by="ann", files=[])

    assert store.is_empty()
    assert row_count(url, "kpi_sources") == 0


def test_a_publish_needs_an_author_and_a_question_bank(store):
    with pytest.raises(StoreError, match="say who"):
        store.publish(reviews(), None, questions(), by="  ", files=[])
    with pytest.raises(StoreError, match="question bank"):
        store.publish(reviews(), None, None, by="ann", files=[])
    with pytest.raises(StoreError, match="say who"):
        store.publish_sources([source("a.csv")], by="")
    assert store.is_empty()


def test_progress_is_reported_after_each_source_then_at_the_end(store):
    calls = []

    store.publish(reviews(), meetings(), questions(), by="ann", files=["a.csv", "m.xlsx"],
                  progress=lambda f, t: calls.append((f, t)))

    assert calls == [(3 / 6, "reviews"), (6 / 6, "meetings"), (1.0, "questions")]


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
    reader.close()


def test_two_analysts_adding_files_at_once_both_land(store):
    errors, ids = [], []

    def publish(name):
        try:
            ids.append(store.publish_sources([source(f"{name}.csv", wave(f"{name}.csv"))], by=name))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=publish, args=(name,)) for name in ("ann", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(ids) == [1, 2]
    assert sorted(store.sources()["name"]) == ["ann.csv", "bob.csv"]  # the later one built on the other


def test_version_ids_follow_the_order_publishes_commit_in(store):
    # A slow publish that started first and a quick one: whichever commits last is the current version,
    # and holds the other's file too.
    finished = []
    started = threading.Event()

    def slow():
        def progress(fraction, table):
            if table != "questions":
                started.set()
                time.sleep(1.0)
        version = store.publish_sources([source("big.csv", wave("big.csv"))], by="ann", progress=progress)
        finished.append(("big", version))

    thread = threading.Thread(target=slow)
    thread.start()
    started.wait(10)
    quick = store.publish_sources([source("small.csv", wave("small.csv"))], by="bob")
    finished.append(("small", quick))
    thread.join()

    assert sorted(v for _, v in finished) == [1, 2]
    last_name, last_version = max(finished, key=lambda item: item[1])
    assert store.current_version() == last_version
    assert sorted(store.sources()["name"]) == ["big.csv", "small.csv"]
    assert store.version_changes()["added"] == [f"{last_name}.csv"]


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
