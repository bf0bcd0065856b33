"""kpi.scoring.needs: importance–performance analysis (METHODOLOGY §6)."""

from __future__ import annotations

from kpi.scoring.needs import importance_performance

from tests.scoring.helpers import BANK, ipa_reviews
from tests.tables import reviews


# ---------------------------------------------------------------- importance–performance (§6)

def test_importance_performance_quadrants():
    points = importance_performance(ipa_reviews(), BANK, period="2025-H1").set_index("question_id")
    assert sorted(points.index) == ["INF1", "INF3", "INS1", "INT1", "INV1"]
    assert points.loc["INF3", "importance"] == 75.0 and points.loc["INF3", "performance"] == 25.0
    assert points.loc["INV1", "performance"] == 100.0 and points.loc["INV1", "n_answers"] == 1
    # split at x = (100 + 100 + 0 + 25 + 75) / 5 = 60, y = (25 + 100 + 0 + 100 + 25) / 5 = 50
    assert points["quadrant"].to_dict() == {"INF1": "Concentrate here", "INF3": "Concentrate here",
                                            "INV1": "Keep up the good work", "INS1": "Low priority",
                                            "INT1": "Possible overkill"}
    assert points.loc["INF1", "needs_gap"] == 100 - 25
    assert points.attrs["split"] == {"importance": 60.0, "performance": 50.0}


def test_importance_performance_sorted_by_needs_gap_and_filters():
    points = importance_performance(ipa_reviews(), BANK, period="2025-H1")
    assert points["needs_gap"].is_monotonic_decreasing
    assert points.columns.tolist() == ["question_id", "kpi", "text", "importance", "performance", "needs_gap",
                                       "n_answers", "quadrant"]
    nord = importance_performance(ipa_reviews(), BANK, partner_key=" STUDIO nord")
    assert nord["question_id"].tolist() == ["INS1"] and nord["performance"].tolist() == [100.0]
    everyone = importance_performance(ipa_reviews(), BANK).set_index("question_id")
    assert everyone.loc["INS1", "n_answers"] == 2 and everyone.loc["INS1", "importance"] == 50.0


def test_importance_performance_tie_at_the_mean_counts_high():
    r = reviews(("1", "2025-03-01", "A", "client", "INF1", 1, 1), ("1", "2025-03-01", "A", "client", "INF2", 3, 3),
                ("1", "2025-03-01", "A", "client", "INV1", 5, 5))
    points = importance_performance(r, BANK).set_index("question_id")
    assert points.loc["INF2", "quadrant"] == "Keep up the good work"      # x = y = 50 = the means
    assert points.loc["INF1", "quadrant"] == "Low priority"
