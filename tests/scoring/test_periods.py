"""kpi.scoring.periods: period labels, bounds, the as-of date and prorated months (METHODOLOGY §2)."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi.contracts.schema import empty_clean
from kpi.scoring.periods import as_of_date, period_calendar, period_label

from tests.tables import meetings, reviews


# ---------------------------------------------------------------- periods (§2)

@pytest.mark.parametrize("date, period, label", [
    ("2026-01-01", "half", "2026-H1"),
    ("2026-06-30 23:59", "half", "2026-H1"),
    ("2026-07-01", "half", "2026-H2"),
    ("2025-12-31", "half", "2025-H2"),
    ("2026-03-31", "quarter", "2026-Q1"),
    ("2026-04-01", "quarter", "2026-Q2"),
    ("2026-09-30", "quarter", "2026-Q3"),
    ("1969-12-31", "quarter", "1969-Q4"),
])
def test_period_label(date, period, label):
    assert period_label(pd.Series([pd.Timestamp(date)]), period).tolist() == [label]


def test_period_label_keeps_index_and_blank_dates():
    labels = period_label(pd.Series([pd.Timestamp("2026-02-01"), pd.NaT], index=[7, 9]), "half")
    assert labels.index.tolist() == [7, 9]
    assert labels.iloc[0] == "2026-H1" and pd.isna(labels.iloc[1])


@pytest.mark.parametrize("as_of, period, label, months, quarters", [
    ("2026-02-15", "half", "2026-H1", 2, 1),      # current half-year, prorated
    ("2026-04-01", "half", "2026-H1", 4, 2),
    ("2026-06-30", "half", "2026-H1", 6, 2),
    ("2026-02-15", "half", "2025-H2", 6, 2),      # finished periods are full
    ("2026-08-10", "quarter", "2026-Q3", 2, 1),
    ("2026-08-10", "quarter", "2026-Q2", 3, 1),
    ("2026-07-01", "quarter", "2026-Q3", 1, 1),
])
def test_period_calendar_prorates_the_current_period(as_of, period, label, months, quarters):
    calendar = period_calendar([label], pd.Timestamp(as_of), period)
    assert calendar.to_dict("records") == [{"period": label, "months": months, "quarters": quarters}]


def test_period_calendar_one_row_per_label_sorted():
    calendar = period_calendar(["2026-H1", "2025-H2", "2026-H1"], pd.Timestamp("2026-03-01"), "half")
    assert calendar["period"].tolist() == ["2025-H2", "2026-H1"]
    assert calendar["months"].tolist() == [6, 3]


@pytest.mark.parametrize("label, period", [("2026-H2", "half"), ("2026-Q2", "quarter"), ("2026-Q1", "half"),
                                           ("2026-H3", "half"), ("H1-2026", "half")])
def test_period_calendar_rejects_periods_after_as_of_or_malformed(label, period):
    with pytest.raises(ValueError):
        period_calendar([label], pd.Timestamp("2026-03-31"), period)


def test_as_of_date_is_latest_of_both_tables():
    r = reviews(("1", "2025-03-01", "A", "client", "INF1", 3))
    m = meetings(("2025-04-02 10:30", "A", "status"))
    assert as_of_date(r, m) == pd.Timestamp("2025-04-02 10:30")
    assert as_of_date(r, None) == pd.Timestamp("2025-03-01")
    assert as_of_date(None, empty_clean("meetings")) is pd.NaT
