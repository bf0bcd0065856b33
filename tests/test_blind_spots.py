"""kpi.blind_spots: what the Partner and Gaps pages show of the habit blind spots (METHODOLOGY §5.1)."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi.blind_spots import habit_gaps_long, habit_overrating, habit_pairs
from kpi.scoring import score_table
from kpi.settings import SCORES, Settings

from tests.scoring.helpers import BANK, one_row
from tests.tables import reviews

# A: informed answered by both sides (client 3 questionnaires, agency 1), involved by the client only.
# B: informed by both sides, one questionnaire each; inspired by both.
R = reviews(
    ("c1", "2026-01-05", "A", "client", "INF1", 5), ("c2", "2026-01-05", "A", "client", "INF1", 5),
    ("c3", "2026-01-05", "A", "client", "INF1", 4), ("c1", "2026-01-05", "A", "client", "INV1", 4),
    ("a1", "2026-01-05", "A", "agency", "INF1", 4),
    ("c4", "2026-02-05", "B", "client", "INF1", 3), ("a2", "2026-02-05", "B", "agency", "INF1", 5),
    ("c4", "2026-02-05", "B", "client", "INS1", 4), ("a2", "2026-02-05", "B", "agency", "INS1", 4),
)
TABLE = score_table(R, None, BANK)


def test_habit_pairs_of_one_partner_period():
    pairs = habit_pairs(one_row(TABLE, "a", "2026-H1"), Settings()).set_index("habit")
    assert pairs.index.tolist() == list(SCORES)
    informed = pairs.loc["informed"]
    assert informed["client_self"] == pytest.approx(round((100 + 100 + 75) / 3, 1))     # 91.7
    assert (informed["n_client_self"], informed["partner_view"], informed["n_partner_view"]) == (3, 75.0, 1)
    assert informed["habit_gap"] == pytest.approx(16.7) and informed["habit_flag"] == "blind_spot"
    assert informed["note"] == "thin"                                     # the agency side: 1 questionnaire
    assert pairs.loc["involved", "note"] == "no_partner" and pd.isna(pairs.loc["involved", "habit_gap"])
    assert pairs.loc["involved", "habit_flag"] == ""
    assert pairs.loc["improving", "note"] == "no_answers"


def test_thin_is_the_low_confidence_threshold():
    pairs = habit_pairs(one_row(TABLE, "a", "2026-H1"), Settings({"thresholds.low_confidence_reviews": 1}))
    assert pairs.set_index("habit").loc["informed", "note"] == ""


def test_habit_overrating_ranks_habits_by_the_mean_gap_each_partner_once():
    long = habit_gaps_long(TABLE, "2026-H1", Settings())
    assert len(long) == 2 * len(SCORES)
    summary = habit_overrating(long).set_index("habit")
    assert summary.index.tolist() == ["inspired", "informed", "involved", "interconnected", "improving"]
    informed = summary.loc["informed"]
    assert informed["mean_gap"] == pytest.approx(-16.7)         # (A +16.7 + B −50) / 2 = −16.65, half away
    assert (informed["n_partners"], informed["blind_spots"], informed["hidden_strengths"]) == (2, 1, 1)
    assert informed["largest_gap"] == pytest.approx(16.7) and informed["largest_partner"] == "A"
    assert summary.loc["inspired", "mean_gap"] == 0.0 and summary.loc["inspired", "n_partners"] == 1
    assert summary.loc["involved", "n_partners"] == 0 and pd.isna(summary.loc["involved", "mean_gap"])


def test_an_empty_period_gives_empty_frames():
    long = habit_gaps_long(TABLE, "2031-H1", Settings())
    assert long.empty
    assert habit_overrating(long)["n_partners"].sum() == 0
