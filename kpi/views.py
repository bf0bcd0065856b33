"""The shapes the dashboard draws, computed from a score table and the clean tables.

Pages call these and render the result; no page groups, merges or melts by itself.
Every function is pure pandas and returns a new frame.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from kpi.i18n import t
from kpi.partners import split_partners
from kpi.contracts.schema import empty_clean
from kpi.scoring import period_bounds, round_half_up
from kpi.settings import SCORES, Settings

HABITS = (*SCORES, "overall")


def fmt(value: float, lang: str = "en", signed: bool = False) -> str:
    """A score as shown: one decimal rounded like the CSV (62.25 → 62.3), decimal comma in French, — if blank."""
    if value is None or pd.isna(value):
        return "—"
    text = f"{float(round_half_up(float(value))):{'+' if signed else ''}.1f}"
    return text.replace(".", ",") if lang == "fr" else text


def _shown(values) -> pd.Series:
    return round_half_up(pd.Series(values, dtype="float64"))


def _display(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """Score columns rounded as the CSV rounds them, so a chart or table never disagrees with an export."""
    out = frame.copy()  # not assign(**...): a column is called "self"
    for column in columns:
        out[column] = round_half_up(frame[column].astype("float64"))
    return out


def periods(table: pd.DataFrame) -> list[str]:
    """Period labels present, oldest first."""
    return sorted(table["period"].unique().tolist())


def running(period: str, as_of, kind: str) -> bool:
    """Whether the data stops before the period's last day (METHODOLOGY §2: the as-of date is the latest date)."""
    if as_of is None or pd.isna(as_of):
        return False
    start, end = period_bounds(period, kind)
    return start <= pd.Timestamp(as_of).tz_localize(None) < end - pd.Timedelta(days=1)


def period_text(period: str | None, as_of, kind: str, lang: str = "en") -> str:
    """A period as shown: `2026-H2`, or `2026-H2, to 29 Oct` while the data stops inside it (a running period)."""
    if not period:
        return "—"
    if not running(period, as_of, kind):
        return period
    day = pd.Timestamp(as_of)
    month = t("months_short", lang).split()[day.month - 1]
    return t("running_period", lang, period=period, day=day.day, month=month)


def partners(table: pd.DataFrame) -> pd.DataFrame:
    """One row per partner: partner_key and its display name, sorted by key."""
    return table.drop_duplicates("partner_key")[["partner_key", "partner"]].sort_values("partner_key").reset_index(
        drop=True)


def scorecard(table: pd.DataFrame, period: str, rank_by: str | None = None) -> pd.DataFrame:
    """Long frame for the heatmap: partner × habit with score, change since previous period, confidence.

    Partners come best first on `rank_by` (a habit) when given, else in name order; `rank` says where.
    Partners without a questionnaire in the period (`surveyed` False) come after every surveyed partner:
    their scores rest on meeting components alone and are never ranked among the surveyed ones.
    """
    rows = table[table["period"] == period]
    rows = rows.assign(_unsurveyed=rows["n_reviews"].eq(0))
    if rank_by:
        rows = rows.sort_values(["_unsurveyed", rank_by, "partner_key"], ascending=[True, False, True],
                                na_position="last")
    else:
        rows = rows.sort_values(["_unsurveyed", "partner_key"])
    frames = []
    for habit in HABITS:
        frames.append(pd.DataFrame({
            "partner": rows["partner"].to_numpy(), "partner_key": rows["partner_key"].to_numpy(),
            "habit": habit, "score": _shown(rows[habit].to_numpy(dtype=float)).to_numpy(),
            "change": _shown(rows[f"trend_{habit}"].to_numpy(dtype=float)).to_numpy(),
            "n_reviews": rows["n_reviews"].to_numpy(), "n_meetings": rows["n_meetings"].to_numpy(),
            "low_confidence": rows["low_confidence"].to_numpy(dtype=bool),
            "surveyed": ~rows["_unsurveyed"].to_numpy(dtype=bool),
            "rank": range(len(rows)),
        }))
    if not frames or rows.empty:
        return pd.DataFrame(columns=["partner", "partner_key", "habit", "score", "change", "n_reviews",
                                     "n_meetings", "low_confidence", "surveyed", "rank"])
    return pd.concat(frames, ignore_index=True)


def scorecard_table(table: pd.DataFrame, period: str) -> pd.DataFrame:
    """Wide table beside the heatmap: one row per partner with the six scores and their changes."""
    rows = table[table["period"] == period]
    out = rows[["partner", *HABITS, "delivery_gap", "n_reviews", "n_meetings", "low_confidence"]]
    changes = rows[[f"trend_{h}" for h in HABITS]].rename(columns=lambda c: "Δ " + c.removeprefix("trend_"))
    both = pd.concat([out, changes], axis=1).reset_index(drop=True)
    return _display(both, [*HABITS, "delivery_gap", *changes.columns])


def largest_gaps(table: pd.DataFrame, period: str, n: int = 3) -> pd.DataFrame:
    """The partners with the largest absolute delivery gaps in a period, largest first."""
    rows = table[(table["period"] == period) & table["delivery_gap"].notna()]
    order = rows["delivery_gap"].abs().sort_values(ascending=False).index
    top = rows.loc[order[:n], ["partner", "partner_key", "delivery_gap", "self", "client_view", "gap_flag",
                               "n_reviews"]].reset_index(drop=True)
    return _display(top, ["delivery_gap", "self", "client_view"])


def default_partner(table: pd.DataFrame) -> str | None:
    """The partner the Partner page shows when none is chosen: the first by key."""
    known = partners(table)
    return None if known.empty else str(known["partner_key"].iloc[0])


def partner_rows(table: pd.DataFrame, partner_key: str) -> pd.DataFrame:
    """Every period of one partner, oldest first."""
    return table[table["partner_key"] == partner_key].sort_values("period").reset_index(drop=True)


def trend_long(table: pd.DataFrame, partner_key: str) -> pd.DataFrame:
    """One partner's habits over periods, long form (period, habit, score, n_reviews) for a line chart."""
    rows = partner_rows(table, partner_key)
    frames = [pd.DataFrame({"period": rows["period"], "habit": h, "score": rows[h].astype(float),
                            "n_reviews": rows["n_reviews"]}) for h in HABITS]
    return _display(pd.concat(frames, ignore_index=True).dropna(subset=["score"]).reset_index(drop=True), ["score"])


def gap_history(table: pd.DataFrame, partner_key: str) -> pd.DataFrame:
    """A partner's self-view, client view and delivery gap per period (long form for a chart)."""
    rows = partner_rows(table, partner_key)
    frames = [pd.DataFrame({"period": rows["period"], "view": v, "value": rows[v].astype(float)})
              for v in ("self", "client_view", "delivery_gap")]
    return _display(pd.concat(frames, ignore_index=True).dropna(subset=["value"]).reset_index(drop=True), ["value"])


def gaps(table: pd.DataFrame, period: str) -> pd.DataFrame:
    """Self vs client view of delivery per partner in a period, largest gap first."""
    rows = table[(table["period"] == period) & table["delivery_gap"].notna()]
    ordered = rows.sort_values("delivery_gap", ascending=False)[
        ["partner", "partner_key", "self", "client_view", "delivery_gap", "gap_flag", "n_reviews"]
    ].reset_index(drop=True)
    return _display(ordered, ["self", "client_view", "delivery_gap"])


def partner_meetings(meetings: pd.DataFrame | None, partner_key: str) -> pd.DataFrame:
    """Meetings listing one partner, oldest first, with how many partners each listed."""
    if meetings is None or meetings.empty:
        return empty_clean("meetings").assign(n_partners=pd.Series(dtype="int64"))
    plain = meetings.reset_index(drop=True)
    listed = split_partners(plain["partner"])
    n_partners = listed.groupby(level=0)["partner_key"].nunique()  # a partner listed twice counts once
    mine = listed.index[listed["partner_key"].eq(partner_key).to_numpy()].unique()
    out = plain.loc[mine].assign(n_partners=n_partners.reindex(mine).to_numpy())
    return out.sort_values("date").reset_index(drop=True)


def partner_comments(reviews: pd.DataFrame | None, partner_key: str, period: str | None = None,
                     settings: Settings | None = None) -> pd.DataFrame:
    """Verbatim comments about a partner (optionally one period), newest first."""
    cols = ["review_date", "respondent_side", "respondent", "question_id", "comment", "source_file", "source_row"]
    if reviews is None or reviews.empty:
        return pd.DataFrame(columns=cols)
    keep = reviews["partner_key"].eq(partner_key) & reviews["comment"].notna() & reviews["comment"].ne("")
    if period is not None:
        start, end = period_bounds(period, (settings or Settings())["period"])
        keep &= reviews["review_date"].ge(start) & reviews["review_date"].lt(end)
    found = reviews.loc[keep, cols]
    # A wide questionnaire or survey export repeats its one comment on every answer of the row: show it once,
    # as the questionnaire's comment rather than any one question's.
    row = ["source_file", "source_row", "comment"]
    repeated = found.duplicated(row, keep=False)
    found = found.assign(question_id=found["question_id"].where(~repeated, "")).drop_duplicates(row)
    return found.sort_values("review_date", ascending=False).reset_index(drop=True)


def with_question_text(points: pd.DataFrame, questions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Importance–performance points with the question wording in `lang` (English when no French text)."""
    wording = questions["text"]
    if lang == "fr" and "text_fr" in questions:
        french = questions["text_fr"]
        wording = french.mask(french.isna() | french.str.strip().eq(""), questions["text"])
    texts = pd.Series(wording.to_numpy(), index=questions["question_id"].to_numpy())
    texts = texts[~texts.index.duplicated()]
    return points.assign(text=points["question_id"].map(texts).fillna(points["text"]))


def export_rows(table: pd.DataFrame, period: str | None = None, partner_key: str | None = None) -> pd.DataFrame:
    """The score rows of one view: optionally one period and one partner."""
    keep = pd.Series(True, index=table.index)
    if period is not None:
        keep &= table["period"] == period
    if partner_key is not None:
        keep &= table["partner_key"] == partner_key
    return table[keep].reset_index(drop=True)


def version_history(versions: pd.DataFrame, changes: Mapping[int, Mapping[str, list]]) -> pd.DataFrame:
    """`Store.versions()` as History shows it: each version with the source names it added, replaced (a new
    name written `old → new`) and removed (`changes`: version id → `Store.version_changes`), and its row
    counts as answers, meetings and questions."""
    def names(version: int, what: str) -> str:
        done = changes.get(int(version), {}).get(what, [])
        if what == "replaced":
            return ", ".join(old if old == new else f"{old} → {new}" for old, new in done)
        return ", ".join(done)

    ids = versions["id"].tolist()
    return pd.DataFrame({
        "version": versions["id"],
        "created_at": versions["created_at"],
        "created_by": versions["created_by"],
        "kind": versions["kind"],
        "data_version": versions["data_version"],
        **{what: pd.array([names(v, what) for v in ids], dtype="str") for what in ("added", "replaced", "removed")},
        "answers": versions["n_reviews"].fillna(0),  # NA: no source holds that table
        "meetings": versions["n_meetings"].fillna(0),
        "questions": versions["n_questions"].fillna(0),
        "note": versions["note"],
        "current": versions["current"],
    }).reset_index(drop=True)
