"""Helpers shared by the scoring tests: question banks, one row of a table, blank-aware comparison."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kpi.questions import default_questions
from kpi.contracts.schema import CLEAN_COLUMNS

from tests.tables import reviews

BANK = default_questions()


def bank(*rows) -> pd.DataFrame:
    """A custom question bank from (question_id, kpi, scale_min, scale_max, reverse)."""
    records = [{"question_id": q, "kpi": k, "text": f"Text of {q}", "text_fr": "", "scale_min": lo,
                "scale_max": hi, "reverse": rev} for q, k, lo, hi, rev in rows]
    return pd.DataFrame(records).astype(CLEAN_COLUMNS["questions"])


def one_row(table: pd.DataFrame, key: str, period: str) -> pd.Series:
    rows = table[(table["partner_key"] == key) & (table["period"] == period)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def close(actual, expected) -> bool:
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return actual is None or pd.isna(actual)
    return actual == pytest.approx(expected)


CUSTOM = bank(("X10", "informed", 1, 10, False), ("R10", "informed", 1, 10, True), ("D5", "delivery", 1, 5, False))


def ipa_reviews():
    """Client answers with importance for the importance–performance tests; comments give (x, y)."""
    return reviews(
        ("1", "2025-03-01", "Agence Lumière", "client", "INF1", 2, 5),    # x 100, y 25
        ("1", "2025-03-01", "Agence Lumière", "client", "INV1", 5, 5),    # x 100, y 100
        ("1", "2025-03-01", "Agence Lumière", "client", "INS1", 1, 1),    # x 0,   y 0
        ("1", "2025-03-01", "Agence Lumière", "client", "INT1", 5, 2),    # x 25,  y 100
        ("1", "2025-03-01", "Agence Lumière", "client", "INF3", 4, 4),    # reverse: x 75, y 25
        ("2", "2025-03-01", "Agence Lumière", "client", "INV1", 1),       # no importance: not in the pair
        ("2", "2025-03-01", "Agence Lumière", "client", "IMP1", 1),       # question without importance
        ("3", "2025-03-01", "Agence Lumière", "agency", "INS1", 5, 5),    # agency side: ignored
        ("4", "2025-09-01", "Studio Nord", "client", "INS1", 5, 5),
    )
