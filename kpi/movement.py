"""What changed: the latest period of a scores table against the one before it, as lines a reader can follow.

    moved            a partner's overall score moved by `thresholds.change_flag` points or more (either way)
    new_overpromise  a partner's delivery gap reached the flag (METHODOLOGY §5) and had not the period before
    new_blind_spot   a habit's gap between the client's view of itself and the partner's view reached the blind
                     spot flag (METHODOLOGY §5.1) and had not the period before (when the table has those columns)
    habit_fell       a habit fell for most partners (more than half of those scored in both periods)
    fewer_reviews    a partner had fewer questionnaires than the period before (its response rate falling)

Values are shown rounded as the CSV rounds them, and a change is the difference of the scores rounded the same
way (as the heatmap's change figures are), so a line never disagrees with the screen.
A partner scored in one of the two periods only is not compared. Every line names its partner (or habit),
both values and the change, so the page can say it and link to the partner.
"""

from __future__ import annotations

import pandas as pd

from kpi.scoring import round_half_up
from kpi.settings import SCORES, Settings

LINE_COLUMNS = ["kind", "partner_key", "partner", "habit", "before", "now", "change", "count", "of"]


def compared_periods(table: pd.DataFrame) -> tuple[str, str] | None:
    """(previous, latest) period labels of the table, None when it holds fewer than two periods."""
    labels = sorted(table["period"].dropna().unique().tolist()) if len(table) else []
    return (labels[-2], labels[-1]) if len(labels) >= 2 else None


def _pairs(table: pd.DataFrame, before: str, now: str) -> pd.DataFrame:
    """One row per partner scored in both periods: each column twice, suffixed _before and _now."""
    keep = table[table["period"].isin([before, now])]
    old = keep[keep["period"] == before].set_index("partner_key")
    new = keep[keep["period"] == now].set_index("partner_key")
    both = old.merge(new, how="inner", left_index=True, right_index=True, suffixes=("_before", "_now"))
    return both.sort_values("partner_now").reset_index()


def _line(kind: str, row=None, habit: str = "", **values) -> dict:
    """One line: its kind, partner (from a row of `_pairs`) and habit, and any of before, now, change, count, of."""
    return {"kind": kind, "partner_key": None if row is None else row["partner_key"],
            "partner": None if row is None else row["partner_now"], "habit": habit,
            **dict.fromkeys(LINE_COLUMNS[4:]), **values}


def what_changed(table: pd.DataFrame, settings: Settings | None = None) -> pd.DataFrame:
    """The lines of what changed from the previous period to the latest one (LINE_COLUMNS; empty: nothing did)."""
    settings = settings or Settings()
    periods = compared_periods(table)
    if periods is None:
        return pd.DataFrame(columns=LINE_COLUMNS)
    both = _pairs(table, *periods)
    shown = lambda column: round_half_up(both[column].astype("float64"))  # noqa: E731
    change = lambda name: round_half_up(both[f"{name}_now"].astype("float64")  # noqa: E731
                                        - both[f"{name}_before"].astype("float64"))
    lines: list[dict] = []

    moved_by = settings["thresholds.change_flag"]
    before, now, moved = shown("overall_before"), shown("overall_now"), change("overall")
    for i in both.index[moved.abs() >= moved_by]:
        lines.append(_line("moved", both.loc[i], "overall", before=before[i], now=now[i], change=moved[i]))

    flag = settings["thresholds.delivery_gap_flag"]
    before, now = shown("delivery_gap_before"), shown("delivery_gap_now")
    for i in both.index[(now >= flag) & ~(before >= flag)]:
        lines.append(_line("new_overpromise", both.loc[i], before=before[i], now=now[i],
                               change=change("delivery_gap")[i]))

    blind = settings["thresholds.habit_gap_flag"]
    for habit in SCORES:
        column = f"habit_gap_{habit}"
        if f"{column}_now" not in both:
            continue
        before, now = shown(f"{column}_before"), shown(f"{column}_now")
        for i in both.index[(now >= blind) & ~(before >= blind)]:
            lines.append(_line("new_blind_spot", both.loc[i], habit, before=before[i], now=now[i],
                               change=change(column)[i]))

    for habit in SCORES:
        moves = change(habit)
        scored = moves.notna()
        fell = scored & (moves < 0)
        if scored.sum() and fell.sum() * 2 > scored.sum():
            median = float(round_half_up(float(moves[scored].median())))
            lines.append(_line("habit_fell", None, habit, change=median, count=int(fell.sum()), of=int(scored.sum())))

    before, now = both["n_reviews_before"], both["n_reviews_now"]
    for i in both.index[now < before]:
        lines.append(_line("fewer_reviews", both.loc[i], before=int(before[i]), now=int(now[i]),
                               change=int(now[i] - before[i])))

    out = pd.DataFrame(lines, columns=LINE_COLUMNS)
    return out.astype({"count": "Int64", "of": "Int64"})
