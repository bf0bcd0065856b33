"""kpi.scoring.scores: weighted scores, overall, low confidence and trend (METHODOLOGY §4)."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi.scoring.scores import habit_scores, informed, low_confidence, overall, trend, weighted_score
from kpi.scoring.table import score_table
from kpi.settings import SCORES, Settings

from tests.scoring.helpers import BANK, close, one_row
from tests.tables import NAN, meetings, reviews


# ---------------------------------------------------------------- weighted scores (§4)

@pytest.mark.parametrize("values, weights, expected", [
    ({"a": 62.5, "b": 50.0}, {"a": 0.7, "b": 0.3}, 0.7 * 62.5 + 0.3 * 50),
    ({"a": NAN, "b": 50.0}, {"a": 0.7, "b": 0.3}, 50.0),                  # weights rescaled
    ({"a": 80.0, "b": NAN, "c": 40.0}, {"a": 0.4, "b": 0.3, "c": 0.3}, (0.4 * 80 + 0.3 * 40) / (0.4 + 0.3)),
    ({"a": NAN, "b": NAN}, {"a": 0.7, "b": 0.3}, NAN),                    # blank, never 0
    ({"a": NAN, "b": 30.0}, {"a": 1.0, "b": 0.0}, NAN),                   # only a weightless one present
    ({"a": 0.0}, {"a": 0.5, "b": 0.5}, 0.0),                              # a missing column is blank
])
def test_weighted_score(values, weights, expected):
    result = weighted_score(pd.DataFrame([values]), weights)
    assert close(result.iloc[0], expected)


def test_scores_overall_and_components_of_a_full_partner_period():
    r = reviews(
        ("R1", "2025-03-10", "Agence Lumière", "client", "INF1", 4),
        ("R1", "2025-03-10", "Agence Lumière", "client", "INF2", 5),
        ("R1", "2025-03-10", "Agence Lumière", "client", "INF3", 2),
        ("R1", "2025-03-10", "Agence Lumière", "client", "INV1", 3),
        ("R1", "2025-03-10", "Agence Lumière", "client", "DEL1", 4),
        ("R2", "2025-04-02", "Agence Lumière", "client", "INF1", 2),
        ("R2", "2025-04-02", "Agence Lumière", "client", "INV1", 5),
        ("R3", "2025-05-01", "Agence Lumière", "agency", "INF1", 3),
        ("R3", "2025-05-01", "Agence Lumière", "agency", "DEL1", 5),
    )
    m = meetings(
        ("2025-01-15", "Agence Lumière", "status", True, 4, 2),
        ("2025-02-15", "agence lumière; Studio Nord", "workshop", False, None, 1),
        ("2025-04-15", "Agence Lumière", "qbr", None, 2, 2),
        ("2025-08-01", "Studio Nord", "status", True),
    )
    table = score_table(r, m, BANK)
    row = one_row(table, "agence lumière", "2025-H1")

    survey_informed = ((75 + 100 + (100 - 25)) / 3 + 25 + 50) / 3
    agenda, cadence, workshops, joint = 100 * 1 / 2, 50 * 3 / 6 + 50 * 1 / 2, 100 * 1 / 2, 100 * 1 / 2
    follow = 100 * (2 + 1 + 2) / (4 + 2)
    expected = {
        "informed": 0.7 * survey_informed + 0.3 * agenda,
        "involved": 0.5 * (50 + 100) / 2 + 0.5 * cadence,
        "inspired": workshops,
        "interconnected": joint,
        "improving": (0.3 * 100 + 0.3 * follow) / (0.3 + 0.3),
    }
    for name, value in expected.items():
        assert row[name] == pytest.approx(value), name
    assert row["overall"] == pytest.approx(sum(expected.values()) / 5)
    assert (row["n_reviews"], row["n_meetings"], row["low_confidence"]) == (3, 3, False)
    assert (row["self"], row["client_view"], row["delivery_gap"], row["gap_flag"]) == (100.0, 75.0, 25.0,
                                                                                       "overpromise")

    nord = one_row(table, "studio nord", "2025-H1")
    assert nord["informed"] == 0.0                      # agenda known and not shared
    assert nord["improving"] == 0.0                     # reviews given, no questionnaire: feedback 0
    assert pd.isna(nord["follow_through"]) and nord["low_confidence"]
    nord_h2 = one_row(table, "studio nord", "2025-H2")  # as-of August: 2 months, 1 quarter
    assert nord_h2["cadence"] == pytest.approx(50 * min(1, 1 / 2) + 50 * min(1, 0 / 1))


def test_custom_weights():
    r = reviews(("1", "2026-01-05", "A", "client", "INF1", 4))
    m = meetings(("2026-01-06", "A", "status", False))
    settings = Settings({"weights.informed.survey_informed": 0.5, "weights.informed.agenda_rate": 0.5})
    row = one_row(score_table(r, m, BANK, settings), "a", "2026-H1")
    assert row["informed"] == pytest.approx(0.5 * 75 + 0.5 * 0)


def test_score_blank_not_zero_when_no_component():
    r = reviews(("1", "2026-01-05", "A", "client", "DEL1", 4))
    row = one_row(score_table(r, None, BANK), "a", "2026-H1")
    for name in ("informed", "involved", "inspired", "interconnected"):
        assert pd.isna(row[name]), name
    assert row["improving"] == 50.0 and row["overall"] == 50.0      # feedback from one side only


@pytest.mark.parametrize("questionnaires, overrides, low", [(2, {}, True), (3, {}, False),
                                                             (2, {"thresholds.low_confidence_reviews": 2}, False)])
def test_low_confidence(questionnaires, overrides, low):
    r = reviews(*[(str(i), "2026-01-05", "A", "client", "INF1", 3) for i in range(questionnaires)])
    row = one_row(score_table(r, None, BANK, Settings(overrides)), "a", "2026-H1")
    assert bool(row["low_confidence"]) == low


def test_trend_skips_a_period_without_a_score():
    r = reviews(
        ("1", "2025-03-05", "A", "client", "INF1", 3),
        ("2", "2025-09-05", "A", "client", "INF1", None),   # the row exists, informed is blank
        ("3", "2026-02-05", "A", "client", "INF1", 4),
    )
    table = score_table(r, None, BANK)
    assert table["period"].tolist() == ["2025-H1", "2025-H2", "2026-H1"]
    assert close(table["informed"].iloc[1], NAN)
    assert [close(v, e) for v, e in zip(table["trend_informed"], [NAN, NAN, 75 - 50])] == [True] * 3
    overall = [(50 + 50) / 2, 50, (75 + 50) / 2]             # improving = one-side feedback 50 each period
    assert table["overall"].tolist() == pytest.approx(overall)
    assert [close(v, e) for v, e in zip(table["trend_overall"], [NAN, 0.0, 12.5])] == [True] * 3


def test_trend_is_per_partner():
    r = reviews(("1", "2025-03-05", "A", "client", "INF1", 3), ("2", "2025-09-05", "B", "client", "INF1", 5))
    table = score_table(r, None, BANK)
    assert table["trend_informed"].isna().all()


# ---------------------------------------------------------------- each score on its own

def test_habit_scores_weight_each_score_by_its_own_components():
    parts = pd.DataFrame([{"survey_informed": 80.0, "agenda_rate": 50.0, "survey_improving": 40.0,
                           "feedback": 100.0, "follow_through": NAN}])
    scores = habit_scores(parts, Settings())
    assert scores.columns.tolist() == list(SCORES)
    assert informed(parts, Settings()).iloc[0] == pytest.approx(0.7 * 80 + 0.3 * 50)
    assert scores["improving"].iloc[0] == pytest.approx((0.4 * 40 + 0.3 * 100) / (0.4 + 0.3))
    assert scores[["involved", "inspired", "interconnected"]].isna().all(axis=None)


@pytest.mark.parametrize("values, expected", [([50.0, NAN, 70.0, NAN, NAN], 60.0), ([NAN] * 5, NAN)])
def test_overall_is_the_mean_of_the_scores_present(values, expected):
    assert close(overall(pd.DataFrame([values], columns=list(SCORES))).iloc[0], expected)


def test_low_confidence_below_the_threshold():
    n_reviews = pd.Series([0, 2, 3])
    assert low_confidence(n_reviews, Settings()).tolist() == [True, True, False]
    assert low_confidence(n_reviews, Settings({"thresholds.low_confidence_reviews": 1})).tolist() == [True, False,
                                                                                                      False]


def test_trend_against_the_partners_latest_earlier_score():
    scores = pd.Series([50.0, NAN, 75.0, 10.0])
    result = trend(scores, pd.Series(["a", "a", "a", "b"]))
    assert [close(v, e) for v, e in zip(result, [NAN, NAN, 25.0, NAN])] == [True] * 4
