"""Periods (METHODOLOGY §2): half-years or quarters, their labels, the as-of date and prorated months."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

PERIOD_MONTHS = {"half": 6, "quarter": 3}
"""Calendar months in one period of each kind."""

PERIOD_LETTER = {"half": "H", "quarter": "Q"}

_LABEL = re.compile(r"^(\d{4})-([HQ])(\d)$")


def _month_index(dates: pd.Series) -> np.ndarray:
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    values = dates.to_numpy(dtype="datetime64[ns]")
    if np.isnat(values).any():
        raise ValueError("dates must not be blank: validate the table before scoring it")
    return values.astype("datetime64[M]").view(np.int64)  # months since 1970-01, one array (a million dates)


def _period_index(dates: pd.Series, period: str) -> np.ndarray:
    # Epoch 1970-01 starts both a half-year and a quarter, so integer division lands on periods.
    index = _month_index(dates)
    index //= PERIOD_MONTHS[period]
    return index


def _labels(index: np.ndarray, period: str) -> np.ndarray:
    size = PERIOD_MONTHS[period]
    first_month = np.asarray(index, dtype=np.int64) * size
    years = 1970 + first_month // 12
    numbers = (first_month % 12) // size + 1
    letter = PERIOD_LETTER[period]
    return np.array([f"{y}-{letter}{n}" for y, n in zip(years.tolist(), numbers.tolist())], dtype=object)


def _index_from_labels(labels, period: str) -> np.ndarray:
    size = PERIOD_MONTHS[period]
    out = []
    for label in labels:
        match = _LABEL.match(str(label))
        if not match or match.group(2) != PERIOD_LETTER[period] or not 1 <= int(match.group(3)) <= 12 // size:
            raise ValueError(f"'{label}' is not a {period} period label like 2026-{PERIOD_LETTER[period]}1")
        out.append(((int(match.group(1)) - 1970) * 12 + (int(match.group(3)) - 1) * size) // size)
    return np.array(out, dtype=np.int64)


def period_categorical(dates: pd.Series, period: str) -> pd.Categorical:
    """The period holding each date, as a categorical of every period from the first date's to the last's."""
    if len(dates) == 0:
        return pd.Categorical([], categories=pd.Index([], dtype="str"))
    index = _period_index(dates, period)
    low, high = int(index.min()), int(index.max())
    categories = pd.Index(_labels(np.arange(low, high + 1), period), dtype="str")
    index -= low
    return pd.Categorical.from_codes(index, categories=categories)


def period_label(dates: pd.Series, period: str) -> pd.Series:
    """The period holding each date: `2026-H1` (January–June) or `2026-Q3`; blank for a blank date."""
    present = dates.notna().to_numpy()
    out = np.full(len(dates), None, dtype=object)
    if present.any():
        index = _period_index(dates[present], period)
        uniques, inverse = np.unique(index, return_inverse=True)
        out[present] = _labels(uniques, period)[inverse]
    return pd.Series(out, index=dates.index, dtype="str", name="period")


def period_bounds(label: str, period: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First instant of the period and first instant after it: `start <= date < end`."""
    index = int(_index_from_labels([label], period)[0])
    start = pd.Timestamp(np.datetime64(index * PERIOD_MONTHS[period], "M"))
    return start, start + pd.DateOffset(months=PERIOD_MONTHS[period])


def as_of_date(reviews: pd.DataFrame | None, meetings: pd.DataFrame | None) -> pd.Timestamp:
    """Latest date in the data (review dates and meeting dates); NaT when there is none."""
    latest = [table[col].max() for table, col in ((reviews, "review_date"), (meetings, "date"))
              if table is not None and len(table)]
    latest = [d for d in latest if pd.notna(d)]
    return max(latest) if latest else pd.NaT


def period_calendar(labels, as_of: pd.Timestamp, period: str) -> pd.DataFrame:
    """`months` = months of the period up to the as-of month; `quarters` = ceil(months / 3).

    One row per distinct label, sorted. A period that starts after the as-of month
    cannot hold data, so asking for one raises ValueError.
    """
    periods = sorted(set(pd.Series(labels, dtype="str").dropna()))
    if not periods:
        return pd.DataFrame({"period": pd.Series([], dtype="str"), "months": pd.Series([], dtype="int64"),
                             "quarters": pd.Series([], dtype="int64")})
    size = PERIOD_MONTHS[period]
    first_month = _index_from_labels(periods, period) * size
    as_of_month = _month_index(pd.Series([pd.Timestamp(as_of)]))[0]
    months = np.minimum(as_of_month - first_month + 1, size)
    if (months < 1).any():
        late = [p for p, m in zip(periods, months) if m < 1]
        raise ValueError(f"period {late[0]} starts after the as-of date {pd.Timestamp(as_of):%Y-%m-%d}")
    return pd.DataFrame({"period": pd.Series(periods, dtype="str"), "months": months,
                         "quarters": -(-months // 3)})
