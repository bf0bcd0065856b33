"""Habit blind spots (METHODOLOGY §5.1): the client's view of its own habits against the partner's view of it.

    questionnaire means of the habit questions → habit_views (client_self, partner_view, habit_gap, n) → habit_flag
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.contracts.compiled import SCORES_COLUMNS
from kpi.scoring.common import EPS, KEYS, by_partner_period
from kpi.settings import SCORES, Settings

HABIT_FLAGS = {"blind_spot": "blind spot", "hidden_strength": "hidden strength"}
"""Values of habit_flag and what they mean (METHODOLOGY §5.1)."""

VIEW_PARTS = ("client_self", "partner_view", "habit_gap", "n_client_self", "n_partner_view")
"""What habit_views gives for each habit `k`: columns `<part>_<k>`."""

VIEW_COLUMNS: tuple[str, ...] = tuple(c for c in SCORES_COLUMNS if c.startswith(tuple(f"{p}_" for p in VIEW_PARTS)))
"""The columns habit_views returns, habit by habit, in the order of the scores contract (`Scores`)."""

_SIDE_OF = {"client_self": "client", "partner_view": "agency"}


def habit_views(q_means: pd.DataFrame) -> pd.DataFrame:
    """habit_gap(k) = client_self(k) − partner_view(k), each averaged like survey(k) over one side's questionnaires.

    One row per partner-period with a scored habit answer, columns `VIEW_COLUMNS`:
    `client_self_<k>` (client side), `partner_view_<k>` (agency side), `habit_gap_<k>` (blank unless both
    sides have a value), and `n_client_self_<k>`, `n_partner_view_<k>`: the questionnaires of that side
    whose mean on k entered the average (those with at least one scored answer on k; 0 when none).
    """
    scored = q_means[q_means["kpi"].isin(SCORES) & q_means["normalised"].notna()]
    grouped = by_partner_period(scored, ["kpi", "respondent_side"])["normalised"]
    stats = pd.DataFrame({"mean": grouped.mean(), "n": grouped.count()}).reset_index()
    stats = stats.astype({k: "str" for k in (*KEYS, "kpi", "respondent_side")})
    index = pd.MultiIndex.from_frame(stats[KEYS].drop_duplicates(), names=KEYS)
    # One unstack, then a column per (stat, habit, side): twenty cuts of the long table cost more than the means.
    wide = stats.set_index([*KEYS, "kpi", "respondent_side"])[["mean", "n"]].unstack(["kpi", "respondent_side"])
    wide = wide.reindex(index)
    wide.columns = wide.columns.to_flat_index()  # (stat, kpi, side) tuples: a column taken without a MultiIndex made

    def side(stat: str, habit: str, which: str) -> pd.Series:
        if (stat, habit, which) in wide.columns:
            return wide[(stat, habit, which)].astype(float)
        return pd.Series(np.nan, index=index, dtype=float)

    columns = {}
    for habit in SCORES:
        client, agency = side("mean", habit, "client"), side("mean", habit, "agency")
        columns[f"client_self_{habit}"] = client.astype(float)
        columns[f"partner_view_{habit}"] = agency.astype(float)
        columns[f"habit_gap_{habit}"] = (client - agency).astype(float)
        for part in ("n_client_self", "n_partner_view"):
            which = _SIDE_OF[part.removeprefix("n_")]
            columns[f"{part}_{habit}"] = side("n", habit, which).fillna(0).astype("int64")
    return pd.DataFrame(columns, index=index)[list(VIEW_COLUMNS)]


def habit_flag(gap, settings: Settings) -> pd.Series:
    """'blind_spot' when habit_gap is at least `thresholds.habit_gap_flag`, 'hidden_strength' at most minus that."""
    gap = pd.Series(gap, dtype=float) if not isinstance(gap, pd.Series) else gap.astype(float)
    limit = float(settings["thresholds.habit_gap_flag"])
    values = gap.to_numpy()
    flag = np.select([values >= limit - EPS, values <= -limit + EPS], ["blind_spot", "hidden_strength"], "")
    return pd.Series(flag, index=gap.index, dtype="str", name="habit_flag")
