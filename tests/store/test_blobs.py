"""kpi.store.blobs: exact round trips of every dtype through Parquet blobs, through a real publish on each
database, whatever characters a cell holds; damaged blobs are a StoreError."""

import pandas as pd
import pytest

from kpi.contracts.schema import CLEAN_COLUMNS, empty_clean
from kpi.errors import StoreError
from kpi.store import blobs

from tests.store.helpers import meetings, questions, reviews


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("table, frame", [("reviews", reviews()), ("meetings", meetings()),
                                          ("questions", questions()), ("reviews", empty_clean("reviews"))])
def test_a_blob_gives_back_the_very_table(table, frame):
    back = blobs.decode_clean([blobs.encode(blobs.storable(table, frame))], table, "test")

    pd.testing.assert_frame_equal(back, frame)
    assert {c: str(t) for c, t in back.dtypes.items()} == CLEAN_COLUMNS[table]


def test_blobs_decode_one_after_the_other_in_order():
    first, second = reviews(2), reviews(3).iloc[[2]]
    back = blobs.decode_clean([blobs.encode(first), blobs.encode(second)], "reviews", "test")
    pd.testing.assert_frame_equal(back, pd.concat([first, second], ignore_index=True))


def test_no_blob_is_an_empty_clean_table():
    pd.testing.assert_frame_equal(blobs.decode_clean([], "meetings", "test"), empty_clean("meetings"))


def test_publish_then_load_round_trips_every_dtype(store):
    version = store.publish(reviews(), meetings(), questions(), by="ann", files=["a.csv", "m.xlsx"])

    loaded = store.load()

    assert loaded.version == version and loaded.data_version == version
    pd.testing.assert_frame_equal(loaded.reviews, reviews())
    pd.testing.assert_frame_equal(loaded.meetings, meetings())
    pd.testing.assert_frame_equal(loaded.questions, questions())
    for table in ("reviews", "meetings", "questions"):
        assert {c: str(t) for c, t in getattr(loaded, table).dtypes.items()} == CLEAN_COLUMNS[table]


HOSTILE_TEXT = ["NUL\x00inside", "\x01\x02\x1b[31mred\x1b[0m", "bidi \u202eevil", "line\r\nbreak\ttab",
                "\ud7ff\ue000\U0010ffff", "'=HYPERLINK(\"x\")", "x" * 100_000]


def test_any_character_publishes_and_loads_back_identically(store):
    # A NUL in a workbook cell used to publish on SQLite and fail on PostgreSQL: it is data in a blob now.
    n = len(HOSTILE_TEXT)
    hostile = reviews(1).iloc[[0] * n].reset_index(drop=True).assign(
        comment=HOSTILE_TEXT, respondent=HOSTILE_TEXT, partner=HOSTILE_TEXT, source_row=range(2, 2 + n))
    store.publish(hostile, None, questions().assign(text_fr=["\x00", "\x7f\x9b"]), by="ann", files=["a.csv"])

    loaded = store.load()

    pd.testing.assert_frame_equal(loaded.reviews, hostile.astype(CLEAN_COLUMNS["reviews"]))
    assert loaded.questions["text_fr"].tolist() == ["\x00", "\x7f\x9b"]


def test_rows_come_back_in_published_order_whatever_the_index(store):
    shuffled = reviews().iloc[[2, 0, 1]]
    store.publish(shuffled, None, questions(), by="ann", files=[])

    pd.testing.assert_frame_equal(store.load().reviews, shuffled.reset_index(drop=True))


def test_an_empty_table_and_a_table_not_given_stay_distinct(store):
    first = store.publish(reviews(), empty_clean("meetings"), questions(), by="ann", files=["a.csv"])
    second = store.publish(None, meetings(), questions(), by="ann", files=["m.xlsx"])
    third = store.publish(None, empty_clean("meetings"), questions(), by="ann", files=[])

    pd.testing.assert_frame_equal(store.load(first).meetings, empty_clean("meetings"))
    assert store.load(second).reviews is None
    pd.testing.assert_frame_equal(store.load(third).meetings, empty_clean("meetings"))
    listed = store.versions().set_index("id")
    assert listed.loc[first, "n_meetings"] == 0
    assert pd.isna(listed.loc[second, "n_reviews"])


# ---------------------------------------------------------------- what cannot be stored or read


@pytest.mark.parametrize("bad, problem", [
    (reviews().assign(score=["4", "abc", "5"]), "reviews.score"),
    (reviews().drop(columns="partner_key"), "missing columns \\['partner_key'\\]"),
    (reviews().assign(extra=1), "unexpected columns \\['extra'\\]"),
    (reviews().assign(review_date=pd.Timestamp("2026-01-01 00:00:00.000000001")), "sub-microsecond"),
    ([1, 2], "expected a table"),
])
def test_a_table_that_cannot_be_stored_is_refused(bad, problem):
    with pytest.raises(StoreError, match=problem):
        blobs.storable("reviews", bad)


def test_a_damaged_blob_or_one_of_other_columns_is_a_store_error():
    with pytest.raises(StoreError, match="version 3, reviews is damaged"):
        blobs.decode_clean([b"PAR1 not really"], "reviews", "version 3, reviews")
    with pytest.raises(StoreError, match="holds the columns"):
        blobs.decode_clean([blobs.encode(meetings())], "reviews", "version 3, reviews")
