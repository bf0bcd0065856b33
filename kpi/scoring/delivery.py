"""Delivery gap (METHODOLOGY §5): the agency's view of its delivery minus the client's."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.contracts.schema import SIDES
from kpi.scoring.common import EPS, by_partner_period, plain_keys
from kpi.settings import Settings

GAP_FLAGS = {"overpromise": "overpromise / underdeliver", "underpromise": "underpromise / overdeliver"}
"""Values of `gap_flag` and what they mean (METHODOLOGY §5)."""


def delivery_gap(q_means: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """delivery_gap = self − client_view on delivery questions (questionnaire means first).

    Columns `self` (agency side), `client_view` (client side), `delivery_gap` (blank unless
    both are present) and `gap_flag`: 'overpromise' when the gap is at least
    `thresholds.delivery_gap_flag`, 'underpromise' when at most minus that, else ''.
    """
    delivery = q_means[q_means["kpi"] == "delivery"]
    by_side = plain_keys(by_partner_period(delivery, ["respondent_side"])["normalised"].mean()
                          .unstack("respondent_side"))
    by_side.columns = by_side.columns.astype("str")
    by_side = by_side.reindex(columns=list(SIDES))
    gap = by_side["agency"] - by_side["client"]
    limit = float(settings["thresholds.delivery_gap_flag"])
    flag = np.select([gap.to_numpy() >= limit - EPS, gap.to_numpy() <= -limit + EPS],
                     ["overpromise", "underpromise"], "")
    return pd.DataFrame({"self": by_side["agency"], "client_view": by_side["client"], "delivery_gap": gap,
                         "gap_flag": pd.Series(flag, index=gap.index, dtype="str")}).rename_axis(columns=None)
