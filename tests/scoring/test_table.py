"""kpi.scoring.table: the score table's rows, columns and order, and its CSV view (METHODOLOGY §7)."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi.contracts.schema import empty_clean
from kpi.scoring.blind_spots import VIEW_COLUMNS
from kpi.scoring.table import (CSV_COLUMNS, REVIEW_COLUMNS_READ, TABLE_COLUMNS, score_table,
                               scores_csv_frame)
from kpi.settings import COMPONENTS, SCORES

from tests.scoring.helpers import BANK, CUSTOM, one_row
from tests.tables import NAN, meetings, reviews


# ---------------------------------------------------------------- partners and table shape

def test_partner_spelling_variants_are_one_partner_first_spelling_shown():
    r = reviews(("1", "2026-01-05", " agence  lumière ", "client", "INF1", 3),
                ("2", "2026-01-06", "Agence Lumière", "client", "INF1", 5))
    m = meetings(("2025-12-01", "AGENCE LUMIÈRE", "status"), ("2026-01-07", "Agence Lumière; Studio  Nord ", "status"))
    table = score_table(r, m, BANK)
    assert table["partner_key"].tolist() == ["agence lumière", "agence lumière", "studio nord"]
    assert table["partner"].tolist() == ["agence lumière", "agence lumière", "Studio Nord"]
    assert one_row(table, "agence lumière", "2026-H1")["n_reviews"] == 2


def test_score_table_columns_and_sort_order():
    r = reviews(("1", "2026-01-05", "Zeta", "client", "INF1", 3), ("2", "2025-01-05", "Zeta", "client", "INF1", 3),
                ("3", "2026-01-05", "alpha", "client", "INF1", 3))
    table = score_table(r, None, BANK)
    expected = ["partner", "period", "informed", "involved", "inspired", "interconnected", "improving", "overall",
                "delivery_gap", "n_reviews", "n_meetings", "low_confidence",
                "survey_informed", "agenda_rate", "survey_involved", "cadence", "survey_inspired", "workshops",
                "survey_interconnected", "joint", "survey_improving", "feedback", "follow_through"]
    assert table.columns.tolist()[:len(expected)] == expected
    assert {"partner_key", "self", "client_view", "gap_flag", "trend_overall"} <= set(table.columns)
    assert list(zip(table["partner"], table["period"])) == [("alpha", "2026-H1"), ("Zeta", "2025-H1"),
                                                            ("Zeta", "2026-H1")]


@pytest.mark.parametrize("r, m", [(None, None), (empty_clean("reviews"), empty_clean("meetings"))])
def test_score_table_with_no_data_is_empty_with_all_columns(r, m):
    table = score_table(r, m, BANK)
    assert len(table) == 0 and table.columns.tolist() == list(TABLE_COLUMNS)


def test_score_table_does_not_mutate_inputs():
    r = reviews(("1", "2026-01-05", "A", "client", "INF1", 3))
    m = meetings(("2026-01-05", "A; B", "qbr", True, 1, 1))
    r_before, m_before, q_before = r.copy(), m.copy(), BANK.copy()
    score_table(r, m, BANK)
    pd.testing.assert_frame_equal(r, r_before)
    pd.testing.assert_frame_equal(m, m_before)
    pd.testing.assert_frame_equal(BANK, q_before)


def test_score_table_reads_only_the_review_columns_it_names():
    r = reviews(("1", "2026-01-05", " agence  lumière ", "client", "X10", 3, 8),
                ("2", "2026-02-06", "Agence Lumière", "agency", "D5", 5), ("3", "2026-03-06", "Nord", "client", "R10", 2))
    m = meetings(("2026-01-05", "Agence Lumière; Nord", "qbr", True, 2, 1))
    pd.testing.assert_frame_equal(score_table(r[list(REVIEW_COLUMNS_READ)], m, CUSTOM), score_table(r, m, CUSTOM))


def test_custom_bank_with_a_one_to_ten_question():
    r = reviews(("1", "2026-01-05", "A", "client", "X10", 7), ("1", "2026-01-05", "A", "client", "R10", 4))
    row = one_row(score_table(r, None, CUSTOM), "a", "2026-H1")
    assert row["survey_informed"] == pytest.approx((100 * 6 / 9 + (100 - 100 * 3 / 9)) / 2)


# ---------------------------------------------------------------- CSV view (§7)

def test_scores_csv_frame_columns_rounding_and_types():
    r = reviews(("1", "2026-01-05", "b", "client", "INF1", 3), ("2", "2026-01-05", "A", "client", "INF1", 3))
    table = score_table(r, None, BANK)
    table = table.assign(informed=[62.25, 1.15], delivery_gap=[-12.25, NAN], n_reviews=table["n_reviews"] * 1.0)
    csv = scores_csv_frame(table)
    assert csv.columns.tolist() == list(CSV_COLUMNS)
    assert csv.columns.tolist()[:12] == ["partner", "period", *SCORES, "overall", "delivery_gap", "n_reviews",
                                         "n_meetings", "low_confidence"]
    assert csv.columns.tolist()[12:12 + len(COMPONENTS)] == list(COMPONENTS)
    assert csv.columns.tolist()[12 + len(COMPONENTS):] == list(VIEW_COLUMNS)   # METHODOLOGY §5.1, habit by habit
    assert csv["partner"].tolist() == ["A", "b"]
    assert csv["informed"].tolist() == [62.3, 1.2]
    assert csv["delivery_gap"].iloc[0] == -12.3 and pd.isna(csv["delivery_gap"].iloc[1])
    assert csv["n_reviews"].dtype == "int64" and csv["n_meetings"].dtype == "int64"
    assert csv["low_confidence"].dtype == bool
