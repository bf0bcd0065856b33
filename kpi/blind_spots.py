"""What the pages show of the habit blind spots (METHODOLOGY §5.1), from the scores table.

    one partner-period row → habit_pairs        (Partner page: both views per habit, their n, gap, flag, note)
    a period of the table  → habit_gaps_long    (Gaps page: one row per partner and habit)
                           → habit_overrating   (Gaps page: per habit across partners, most over-rated first)

Values are rounded as the scores CSV rounds them, so a chart or table never disagrees with an export;
flags are read on the unrounded gap, as the scoring does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.scoring import round_half_up
from kpi.scoring.blind_spots import habit_flag
from kpi.settings import SCORES, Settings

NOTES = ("no_answers", "no_client", "no_partner", "thin", "")
"""Values of `note`: no side answered, the client side or the partner side is missing, a side rests on fewer
questionnaires than `thresholds.low_confidence_reviews` (a thin sample), or nothing to say."""

_VIEWS = ("client_self", "partner_view", "habit_gap")


def _note(client_n: np.ndarray, partner_n: np.ndarray, thin: int) -> np.ndarray:
    return np.select([(client_n == 0) & (partner_n == 0), client_n == 0, partner_n == 0,
                      (client_n < thin) | (partner_n < thin)], list(NOTES[:4]), "")


def _long(rows: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    frames = []
    for habit in SCORES:
        frame = pd.DataFrame({"partner": rows["partner"].to_numpy(), "partner_key": rows["partner_key"].to_numpy(),
                              "habit": habit})
        for view in _VIEWS:
            frame[view] = rows[f"{view}_{habit}"].to_numpy(dtype=float)
        for side in ("n_client_self", "n_partner_view"):
            frame[side] = rows[f"{side}_{habit}"].to_numpy(dtype="int64")
        frames.append(frame)
    columns = ["partner", "partner_key", "habit", *_VIEWS, "n_client_self", "n_partner_view"]
    long = pd.concat(frames, ignore_index=True) if frames and len(rows) else pd.DataFrame(columns=columns)
    thin = int(settings["thresholds.low_confidence_reviews"])
    long = long.assign(
        habit_flag=habit_flag(long["habit_gap"].astype(float), settings).to_numpy(),
        note=_note(long["n_client_self"].to_numpy(dtype="int64"), long["n_partner_view"].to_numpy(dtype="int64"),
                   thin),
    )
    rounded = {v: round_half_up(long[v].astype("float64")) for v in _VIEWS}
    return long.assign(**rounded)


def habit_pairs(row: pd.Series, settings: Settings) -> pd.DataFrame:
    """One partner-period's habits: client_self, n_client_self, partner_view, n_partner_view, habit_gap,
    habit_flag ('blind_spot', 'hidden_strength' or '') and note (see `NOTES`), in the order of the habits."""
    long = _long(row.to_frame().T, settings)
    return long[["habit", "client_self", "n_client_self", "partner_view", "n_partner_view", "habit_gap",
                 "habit_flag", "note"]].reset_index(drop=True)


def habit_gaps_long(table: pd.DataFrame, period: str, settings: Settings) -> pd.DataFrame:
    """Every partner × habit of a period with both views and their n, gap, flag and note, by partner then habit."""
    rows = table[table["period"] == period].sort_values("partner_key")
    return _long(rows, settings).reset_index(drop=True)


def habit_overrating(long: pd.DataFrame) -> pd.DataFrame:
    """Per habit across partners (rows of `habit_gaps_long` with a gap): mean_gap (each partner once),
    n_partners, blind_spots, hidden_strengths, thin (partners with a thin side), largest_gap and its partner;
    the habit the client over-rates most first, habits without any gap last."""
    gapped = long[long["habit_gap"].notna()]
    out = []
    for habit in SCORES:
        mine = gapped[gapped["habit"] == habit]
        top = mine.loc[mine["habit_gap"].idxmax()] if len(mine) else None
        out.append({
            "habit": habit,
            "mean_gap": float(mine["habit_gap"].astype(float).mean()) if len(mine) else np.nan,
            "n_partners": len(mine),
            "blind_spots": int((mine["habit_flag"] == "blind_spot").sum()),
            "hidden_strengths": int((mine["habit_flag"] == "hidden_strength").sum()),
            "thin": int((mine["note"] == "thin").sum()),
            "largest_gap": np.nan if top is None else float(top["habit_gap"]),
            "largest_partner": "" if top is None else str(top["partner"]),
        })
    frame = pd.DataFrame(out).sort_values("mean_gap", ascending=False, na_position="last", kind="stable")
    return frame.assign(mean_gap=round_half_up(frame["mean_gap"].astype("float64"))).reset_index(drop=True)
