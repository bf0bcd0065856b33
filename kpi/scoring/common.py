"""What every scoring step shares: the (partner_key, period) key, a ratio that is blank on 0, float tolerance."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.partners import partner_key as _partner_key

KEYS = ["partner_key", "period"]
"""Every component is indexed by these two."""

EPS = 1e-9
"""Float noise (62.5 computed as 62.49999999) must not move a value across a flag or quadrant line."""


def ratio(numerator, denominator) -> np.ndarray:
    """numerator / denominator element by element; blank where the denominator is not above 0."""
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / denominator, np.nan)


def plain_keys(obj):
    """`obj` with its (partner_key, period) index levels as plain text."""
    # Grouping on categoricals is fast; the results are re-keyed on plain text to align with each other.
    arrays = [obj.index.get_level_values(k).astype("str") for k in KEYS]
    return obj.set_axis(pd.MultiIndex.from_arrays(arrays, names=KEYS), axis=0)


def by_partner_period(q_means: pd.DataFrame, by: list[str] | None = None):
    """Questionnaire means grouped by partner_key, period, then `by`, on the categories present only."""
    return q_means.groupby([*KEYS, *(by or [])], observed=True)


def as_partner_key(name: str) -> str:
    """The partner key of one partner name, in any spelling."""
    return str(_partner_key(pd.Series([name])).iloc[0])
