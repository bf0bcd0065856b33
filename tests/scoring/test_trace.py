"""kpi.scoring.trace: the weights behind a score row and the input rows behind it."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi.scoring.table import score_table
from kpi.scoring.trace import explain, rows_behind
from kpi.settings import COMPONENTS

from tests.scoring.helpers import BANK, ipa_reviews, one_row
from tests.tables import meetings, reviews


# ---------------------------------------------------------------- traceability

def test_rows_behind_a_score_row():
    r = ipa_reviews()
    m = meetings(("2025-02-01", "Agence Lumière; Studio Nord", "status"), ("2025-08-01", "Studio Nord", "status"),
                 ("2025-05-01", "Other", "status"))
    answers, listed = rows_behind(r, m, "studio NORD", "2025-H1")
    assert len(answers) == 0
    assert listed["meeting_id"].tolist() == ["M0"]
    answers, listed = rows_behind(r, m, "Agence Lumière", "2025-H1")
    assert answers["review_id"].tolist() == ["1"] * 5 + ["2", "2", "3"]
    pd.testing.assert_frame_equal(answers, r.iloc[:8])
    _, listed = rows_behind(r, None, "studio nord", "2025-H2")
    assert len(listed) == 0


def test_explain_contributions_add_up_to_the_score():
    r = reviews(("1", "2026-01-05", "A", "client", "INF1", 4), ("1", "2026-01-05", "A", "client", "INV1", 2))
    m = meetings(("2026-01-06", "A", "qbr", True))
    row = one_row(score_table(r, m, BANK), "a", "2026-H1")
    why = explain(row)
    assert why["component"].tolist() == list(COMPONENTS)
    for score, part in why.groupby("score"):
        assert part["contribution"].sum(min_count=1) == pytest.approx(row[score], nan_ok=True), score
    informed = why[why["score"] == "informed"].set_index("component")
    assert informed.loc["agenda_rate", "contribution"] == pytest.approx(0.3 * 100)
    inspired = why[why["score"] == "inspired"].set_index("component")
    assert inspired.loc["survey_inspired", "effective_weight"] == 0.0           # blank: no weight
    assert inspired.loc["workshops", "effective_weight"] == 1.0                 # rescaled from 0.3
