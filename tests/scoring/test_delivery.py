"""kpi.scoring.delivery: the delivery gap and its flags (METHODOLOGY §5)."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi.scoring.table import score_table
from kpi.settings import Settings

from tests.scoring.helpers import BANK, close, one_row
from tests.tables import NAN, reviews


# ---------------------------------------------------------------- delivery gap (§5)

@pytest.mark.parametrize("agency, client, gap, flag", [
    (8, 7, 80 - 70, "overpromise"),        # exactly +10
    (7, 8, 70 - 80, "underpromise"),       # exactly -10
    (7.5, 7, 75 - 70, ""),
    (9, None, NAN, ""),                    # the client side said N/A: no gap
])
def test_delivery_gap_and_flags_at_exactly_ten(agency, client, gap, flag):
    r = reviews(("1", "2026-01-05", "A", "agency", "NPS", agency), ("2", "2026-01-05", "A", "client", "NPS", client))
    row = one_row(score_table(r, None, BANK), "a", "2026-H1")
    assert close(row["delivery_gap"], gap)
    assert row["gap_flag"] == flag
    assert row["self"] == pytest.approx(agency * 10)


def test_delivery_gap_questionnaire_means_first_and_flag_threshold_from_settings():
    r = reviews(
        ("s1", "2026-01-05", "A", "agency", "DEL1", 5), ("s1", "2026-01-05", "A", "agency", "DEL2", 5),
        ("s1", "2026-01-05", "A", "agency", "DEL3", 1), ("s2", "2026-01-05", "A", "agency", "DEL1", 1),
        ("c1", "2026-01-05", "A", "client", "DEL1", 2),
    )
    expected_self = ((100 + 100 + 0) / 3 + 0) / 2
    table = score_table(r, None, BANK, Settings({"thresholds.delivery_gap_flag": 20.0}))
    row = one_row(table, "a", "2026-H1")
    assert row["self"] == pytest.approx(expected_self)
    assert row["client_view"] == pytest.approx(25.0)
    assert row["delivery_gap"] == pytest.approx(expected_self - 25)
    assert row["gap_flag"] == ""                     # 8.3 points: under the 20-point threshold


def test_delivery_gap_blank_when_only_one_side():
    r = reviews(("1", "2026-01-05", "A", "client", "DEL1", 5))
    row = one_row(score_table(r, None, BANK), "a", "2026-H1")
    assert pd.isna(row["delivery_gap"]) and pd.isna(row["self"]) and row["client_view"] == 100.0
