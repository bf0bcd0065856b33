"""The meeting components (METHODOLOGY §3): agenda_rate, cadence, workshops, joint, follow_through.

    meetings → meeting_partners → meeting_counts → agenda_rate, cadence, workshops, joint, follow_through
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.partners import split_partners
from kpi.scoring.common import KEYS, ratio
from kpi.scoring.periods import period_label
from kpi.settings import Settings
from kpi.validate.values import factorize


def meeting_partners(meetings: pd.DataFrame, period: str = "half") -> pd.DataFrame:
    """One row per (meeting, partner it lists); `joint` when it lists two or more distinct partners.

    A partner listed twice in one meeting counts once. Columns: meeting_row (position
    in `meetings`), partner, partner_key, period, meeting_type, agenda_shared,
    actions_opened, actions_closed, joint.
    """
    # A log repeats the same few partner lists, so split each distinct list once.
    list_code, lists = factorize(meetings["partner"])
    named = split_partners(pd.Series(lists, dtype="str"))
    named = (named.assign(list_code=named.index.to_numpy(dtype=np.int64))
             .drop_duplicates(["list_code", "partner_key"]).reset_index(drop=True))
    partners_per_list = np.bincount(named["list_code"], minlength=len(lists))
    # An inner merge keeps the order of the left keys: meetings stay in file order.
    listed = pd.DataFrame({"meeting_row": np.arange(len(meetings)), "list_code": list_code}).merge(
        named, on="list_code", how="inner")
    rows = listed["meeting_row"].to_numpy(dtype=np.int64)
    detail = meetings.iloc[rows][["meeting_type", "agenda_shared", "actions_opened", "actions_closed"]]
    return pd.DataFrame({
        "meeting_row": rows,
        "partner": listed["partner"].array,
        "partner_key": listed["partner_key"].array,
        "period": period_label(meetings["date"], period).array.take(rows),
        **{c: detail[c].array for c in detail.columns},
        "joint": partners_per_list[listed["list_code"].to_numpy(dtype=np.int64)] >= 2,
    }).astype({"partner": "str", "partner_key": "str", "period": "str"})


def meeting_counts(listed: pd.DataFrame) -> pd.DataFrame:
    """Per (partner_key, period): meetings, QBRs, workshops, joint meetings, agendas known and shared, actions.

    Blank action cells count as 0 in the sums.
    """
    flags = listed.assign(
        is_qbr=listed["meeting_type"].eq("qbr"),
        is_workshop=listed["meeting_type"].eq("workshop"),
        agenda_known=listed["agenda_shared"].notna(),
        agenda_yes=listed["agenda_shared"].fillna(False).astype(bool),
    )
    return flags.groupby(KEYS).agg(
        n_meetings=("meeting_row", "size"),
        n_qbr=("is_qbr", "sum"),
        n_workshop=("is_workshop", "sum"),
        n_joint=("joint", "sum"),
        agenda_known=("agenda_known", "sum"),
        agenda_yes=("agenda_yes", "sum"),
        actions_opened=("actions_opened", "sum"),
        actions_closed=("actions_closed", "sum"),
    ).astype({"actions_opened": float, "actions_closed": float})


def _per_row(calendar: pd.DataFrame, index: pd.MultiIndex, column: str) -> np.ndarray:
    return calendar.set_index("period")[column].reindex(index.get_level_values("period")).to_numpy(dtype=float)


def agenda_rate(counts: pd.DataFrame) -> pd.Series:
    """agenda_rate = 100 × meetings with agenda shared / meetings where it is known (blank if none known)."""
    return pd.Series(100.0 * ratio(counts["agenda_yes"], counts["agenda_known"]),
                     index=counts.index, name="agenda_rate")


def cadence(counts: pd.DataFrame, calendar: pd.DataFrame, settings: Settings) -> pd.Series:
    """cadence = 50 × min(1, meetings / (months × target)) + 50 × min(1, QBRs / (quarters × target))."""
    months = _per_row(calendar, counts.index, "months")
    quarters = _per_row(calendar, counts.index, "quarters")
    meetings = np.minimum(1.0, counts["n_meetings"] / (months * settings["targets.meetings_per_month"]))
    qbrs = np.minimum(1.0, counts["n_qbr"] / (quarters * settings["targets.qbrs_per_quarter"]))
    return (50.0 * meetings + 50.0 * qbrs).astype(float).rename("cadence")


def workshops(counts: pd.DataFrame, calendar: pd.DataFrame, settings: Settings) -> pd.Series:
    """workshops = 100 × min(1, workshop meetings / (quarters × target))."""
    quarters = _per_row(calendar, counts.index, "quarters")
    share = counts["n_workshop"] / (quarters * settings["targets.workshops_per_quarter"])
    return (100.0 * np.minimum(1.0, share)).astype(float).rename("workshops")


def joint(counts: pd.DataFrame, calendar: pd.DataFrame, settings: Settings) -> pd.Series:
    """joint = 100 × min(1, joint meetings / (quarters × target)); a joint meeting lists 2+ partners."""
    quarters = _per_row(calendar, counts.index, "quarters")
    share = counts["n_joint"] / (quarters * settings["targets.joint_per_quarter"])
    return (100.0 * np.minimum(1.0, share)).astype(float).rename("joint")


def follow_through(counts: pd.DataFrame) -> pd.Series:
    """follow_through = 100 × min(1, Σ actions_closed / Σ actions_opened) (blank if nothing opened)."""
    share = ratio(counts["actions_closed"], counts["actions_opened"])
    return pd.Series(100.0 * np.minimum(1.0, share), index=counts.index, name="follow_through")
