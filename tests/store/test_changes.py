"""kpi.store.changes: a publish before it is made (what it adds, replaces, removes; what the store would refuse;
the rows before and after; the tables it would publish), checked against what the store then does."""

import pandas as pd
import pytest

from kpi.store import Store
from kpi.store.changes import Change, change_from, next_tables, summary

from tests.store.helpers import bank, log, source, wave

CURRENT = ["a.csv", "b.csv", "m.csv"]


@pytest.mark.parametrize("uploads, remove, problems", [
    ([("new.csv", None)], [], []),
    ([("a2.csv", "a.csv")], ["b.csv"], []),
    ([("a.csv", None)], [], [("change_name_taken", {"name": "a.csv"})]),
    ([("a.csv", None)], ["a.csv"], []),  # removed, then added again: one source of that name
    ([("b.csv", "a.csv")], [], [("change_name_taken", {"name": "b.csv"})]),
    ([("x.csv", "a.csv"), ("y.csv", "a.csv")], [],
     [("change_replaced_twice", {"name": "a.csv", "first": "x.csv", "second": "y.csv"})]),
    ([("x.csv", "a.csv")], ["a.csv"], [("change_removed_and_replaced", {"name": "a.csv"})]),
    ([("x.csv", "gone.csv")], ["old.csv"], [("change_unknown_source", {"name": "gone.csv"}),
                                            ("change_unknown_source", {"name": "old.csv"})]),
])
def test_change_from_says_what_the_store_would_refuse(uploads, remove, problems):
    change, found = change_from([(source(name), target) for name, target in uploads], remove, CURRENT)
    assert found == problems


def test_change_from_sorts_uploads_into_added_and_replaced():
    change, problems = change_from([(source("new.csv"), None), (source("a2.csv"), "a.csv")], ["b.csv", "b.csv"],
                                   CURRENT)
    assert problems == []
    assert [s.name for s in change.add] == ["new.csv"]
    assert {old: s.name for old, s in change.replace.items()} == {"a.csv": "a2.csv"}
    assert change.remove == ("b.csv",)
    assert change and not Change()


def test_summary_and_next_tables_match_what_the_store_publishes(store):
    store.publish_sources([source("a.csv", reviews=wave("a.csv")), source("b.csv", reviews=wave("b.csv")),
                           source("m.csv", meetings=log("m.csv"))], by="ana", questions=bank())
    published = store.load()
    current = store.sources()
    change, problems = change_from(
        [(source("c.csv", reviews=wave("c.csv", date="2026-09-10")), None),
         (source("a2.csv", reviews=wave("a2.csv", score=2).head(2)), "a.csv")], ["m.csv"], current["name"].tolist())
    assert problems == []

    said = summary(current, change)
    tables = next_tables(published.reviews, published.meetings, current, change)
    store.publish_sources(change.add, change.replace, change.remove, by="ana")
    after = store.load()

    assert (said.added, said.replaced, said.removed) == (["c.csv"], [("a.csv", "a2.csv")], ["m.csv"])
    assert said.before == {"reviews": 8, "meetings": 1}
    assert said.after == {"reviews": 2 + 4 + 4, "meetings": None}
    assert store.version_changes() == {"added": said.added, "replaced": said.replaced, "removed": said.removed}
    pd.testing.assert_frame_equal(tables["reviews"], after.reviews)
    assert tables["meetings"] is None and after.meetings is None


def test_next_tables_before_anything_is_published():
    change, _ = change_from([(source("a.csv", reviews=wave("a.csv")), None)], [], [])
    tables = next_tables(None, None, Store("sqlite://").sources(), change)
    pd.testing.assert_frame_equal(tables["reviews"], wave("a.csv"))
    assert tables["meetings"] is None
