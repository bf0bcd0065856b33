"""Traceability: why a score row is what it is, and which input rows are behind it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.partners import split_partners
from kpi.contracts.schema import empty_clean
from kpi.scoring.common import as_partner_key, ratio
from kpi.scoring.periods import period_bounds
from kpi.settings import SCORES, Settings


def explain(table_row: pd.Series, settings: Settings | None = None) -> pd.DataFrame:
    """Why a score is what it is: per score and component, value, weight, rescaled weight, contribution.

    `contribution` = value × effective_weight, so a score's contributions add up to it.
    A blank component has effective weight 0 and no contribution; when every component
    of a score is blank, the score and all its effective weights are blank.
    """
    settings = settings if settings is not None else Settings()
    frames = []
    for score in SCORES:
        weights = settings.weights(score)
        values = np.array([float(table_row.get(c, np.nan)) for c in weights])
        w = np.array(list(weights.values()))
        present = ~np.isnan(values)
        effective = ratio(w * present, np.full(len(w), (w * present).sum()))
        frames.append(pd.DataFrame({
            "score": score, "component": list(weights), "value": values, "weight": w,
            "effective_weight": effective, "contribution": np.where(present, values * effective, np.nan),
            "score_value": float(table_row.get(score, np.nan)),
        }))
    return pd.concat(frames, ignore_index=True).astype({"score": "str", "component": "str"})


def rows_behind(reviews: pd.DataFrame | None, meetings: pd.DataFrame | None, partner_key: str, period: str,
                settings: Settings | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The input rows behind one score row: (review answers, meetings listing the partner), unchanged.

    `partner_key` may be given in any spelling. A table that was not given yields an empty one.
    """
    settings = settings if settings is not None else Settings()
    start, end = period_bounds(period, settings["period"])
    key = as_partner_key(partner_key)
    reviews = reviews if reviews is not None else empty_clean("reviews")
    meetings = meetings if meetings is not None else empty_clean("meetings")

    in_period = reviews["review_date"].ge(start) & reviews["review_date"].lt(end)
    answers = reviews[reviews["partner_key"].eq(key) & in_period]

    list_code, lists = pd.factorize(meetings["partner"])
    named = split_partners(pd.Series(lists, dtype="str"))
    lists_partner = np.isin(list_code, named.index[named["partner_key"].eq(key).to_numpy()].to_numpy())
    in_period = (meetings["date"].ge(start) & meetings["date"].lt(end)).to_numpy()
    return answers, meetings[lists_partner & in_period]
