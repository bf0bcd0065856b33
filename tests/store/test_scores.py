"""kpi.store.scores: a version's scores are computed once at publish and served only to readers asking for
the same settings and the same scoring code."""

import pandas as pd
import pytest

from kpi.scoring import score_table
from kpi.settings import Settings
from kpi.store import scores

from tests.store.helpers import bank, log, meetings, questions, reviews, source, wave


def test_the_scores_of_a_version_are_stored_at_publish(store):
    store.publish_sources([source("a.csv", wave("a.csv")), source("log.csv", meetings=log("log.csv"))], by="ann")
    loaded = store.load()

    stored = store.load_scores()

    pd.testing.assert_frame_equal(stored, score_table(loaded.reviews, loaded.meetings, loaded.questions))


def test_stored_scores_follow_the_settings_published_when_the_version_was(store):
    quarter = Settings({"period": "quarter"})
    store.save_settings(quarter, by="ann")
    version = store.publish(wave("a.csv"), None, bank(), by="ann", files=["a.csv"])
    loaded = store.load()

    assert store.load_scores(version, quarter) is not None
    pd.testing.assert_frame_equal(store.load_scores(version),  # the published settings by default
                                  score_table(loaded.reviews, None, loaded.questions, quarter))
    assert store.load_scores(version, Settings()) is None  # a what-if or other settings: score live


def test_saving_settings_stores_the_current_versions_scores_under_them(store):
    first = store.publish(wave("a.csv"), None, bank(), by="ann", files=["a.csv"])
    current = store.publish(wave("b.csv"), None, bank(), by="ann", files=["b.csv"])
    quarter = Settings({"period": "quarter"})
    store.save_settings(quarter, by="ann")
    loaded = store.load()
    # Every server's next view reads them: the current version is scored once, at the save.
    pd.testing.assert_frame_equal(store.load_scores(current),
                                  score_table(loaded.reviews, None, loaded.questions, quarter))
    assert store.load_scores(current, Settings()) is None  # made with other settings: not served for them
    assert store.load_scores(first) is None  # an older version scores live under the new settings, if opened


def test_scores_from_another_release_of_the_scoring_code_are_not_served(store, monkeypatch):
    store.publish(wave("a.csv"), None, bank(), by="ann", files=["a.csv"])
    assert store.load_scores() is not None
    monkeypatch.setattr(scores, "code_fingerprint", lambda: "another release")
    assert store.load_scores() is None


def test_a_restore_serves_scores_too(store):
    first = store.publish(wave("a.csv"), None, bank(), by="ann", files=["a.csv"])
    store.save_settings(Settings({"period": "quarter"}), by="ann")  # the first version's scores are stale now
    store.publish(wave("b.csv", score=1), None, bank(), by="ann", files=["b.csv"])

    store.restore(first, by="ann")

    loaded = store.load()
    pd.testing.assert_frame_equal(store.load_scores(), score_table(loaded.reviews, None, loaded.questions,
                                                                   Settings({"period": "quarter"})))


def test_data_that_cannot_be_scored_is_still_published_and_scored_by_its_readers(store):
    version = store.publish(reviews(), meetings(), questions(), by="ann", files=[])  # a blank date: no scores
    assert store.current_version() == version
    assert store.load_scores() is None


def test_the_code_fingerprint_covers_the_scoring_code_and_is_stable():
    assert scores.code_fingerprint() == scores.code_fingerprint() and len(scores.code_fingerprint()) == 16
    assert scores.scores_key(Settings({"period": "quarter"})) != scores.scores_key(Settings())


@pytest.mark.parametrize("pattern", scores.SCORING_CODE)
def test_every_pattern_of_the_scoring_code_names_files(pattern):
    assert list(scores._KPI.glob(pattern))
