"""kpi.store.rows: exact round trips of every dtype, on both write paths, in batches, in order."""

import pandas as pd
import pytest

from kpi.contracts.schema import CLEAN_COLUMNS, empty_clean
from kpi.store import rows

from tests.store.helpers import meetings, questions, reviews


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("direct", [True, False], ids=["sqlite-direct", "sqlalchemy-core"])
def test_publish_then_load_round_trips_every_dtype(store, monkeypatch, direct):
    monkeypatch.setattr(rows, "_SQLITE_DIRECT", direct)
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
    monkeypatch.setattr(rows, "_SQLITE_DIRECT", write_direct)
    store.publish(reviews(), meetings(), questions(), by="ann", files=[])
    monkeypatch.setattr(rows, "_SQLITE_DIRECT", read_direct)

    loaded = store.load()

    pd.testing.assert_frame_equal(loaded.reviews, reviews())
    pd.testing.assert_frame_equal(loaded.meetings, meetings())


@pytest.mark.parametrize("direct", [True, False], ids=["sqlite-direct", "sqlalchemy-core"])
def test_tables_longer_than_a_batch_round_trip(store, monkeypatch, direct):
    monkeypatch.setattr(rows, "_SQLITE_DIRECT", direct)
    monkeypatch.setattr(rows, "CHUNK_ROWS", 2)  # batches of 2: one ends on all-missing cells
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
