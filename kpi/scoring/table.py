"""Scores: components, the five habits, overall, delivery gap, trends (METHODOLOGY §2–7).

The data flows in three steps, each a plain function a test can call on its own:

    reviews  → normalised_answers → questionnaire_means → survey, n_reviews, feedback, delivery_gap
    meetings → meeting_partners   → meeting_counts      → agenda_rate, cadence, workshops, joint, follow_through
    components → weighted_score (one per habit) → score_table

Component functions return frames or series indexed by (`partner_key`, `period`).
Inputs are the clean tables of `kpi.schema.CLEAN_COLUMNS`; none is ever modified.
"""

from __future__ import annotations

import re
from typing import Mapping

import numpy as np
import pandas as pd

from kpi.partners import display_names, partner_key as _partner_key, split_partners
from kpi.schema import SIDES, empty_clean
from kpi.settings import COMPONENTS, KPIS, MEETING_COMPONENTS, SCORES, Settings

PERIOD_MONTHS = {"half": 6, "quarter": 3}
"""Calendar months in one period of each kind."""

PERIOD_LETTER = {"half": "H", "quarter": "Q"}

QUADRANTS = ("Concentrate here", "Keep up the good work", "Low priority", "Possible overkill")
"""Importance–performance quadrants (Martilla & James, 1977), METHODOLOGY §6."""

GAP_FLAGS = {"overpromise": "overpromise / underdeliver", "underpromise": "underpromise / overdeliver"}
"""Values of `gap_flag` and what they mean (METHODOLOGY §5)."""

KEYS = ["partner_key", "period"]
"""Every component is indexed by these two."""

CSV_COLUMNS: tuple[str, ...] = (
    "partner", "period", *SCORES, "overall", "delivery_gap", "n_reviews", "n_meetings", "low_confidence",
    *COMPONENTS,
)
"""Columns of the scores CSV, in the order of METHODOLOGY §7."""

TREND_COLUMNS: tuple[str, ...] = tuple(f"trend_{s}" for s in (*SCORES, "overall"))

TABLE_COLUMNS: tuple[str, ...] = (
    *CSV_COLUMNS, "partner_key", "self", "client_view", "gap_flag", *TREND_COLUMNS,
)
"""Columns of `score_table`: the CSV ones, then what the dashboard also shows."""

# Float noise (62.5 computed as 62.49999999) must not move a value across a flag or quadrant line.
_EPS = 1e-9

_LABEL = re.compile(r"^(\d{4})-([HQ])(\d)$")


# ---------------------------------------------------------------- periods (§2)

def _month_index(dates: pd.Series) -> np.ndarray:
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_localize(None)
    values = dates.to_numpy(dtype="datetime64[ns]")
    if np.isnat(values).any():
        raise ValueError("dates must not be blank: validate the table before scoring it")
    return values.astype("datetime64[M]").astype(np.int64)


def _period_index(dates: pd.Series, period: str) -> np.ndarray:
    # Epoch 1970-01 starts both a half-year and a quarter, so integer division lands on periods.
    return _month_index(dates) // PERIOD_MONTHS[period]


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


def _period_categorical(dates: pd.Series, period: str) -> pd.Categorical:
    if len(dates) == 0:
        return pd.Categorical([], categories=pd.Index([], dtype="str"))
    index = _period_index(dates, period)
    low, high = int(index.min()), int(index.max())
    categories = pd.Index(_labels(np.arange(low, high + 1), period), dtype="str")
    return pd.Categorical.from_codes(index - low, categories=categories)


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


# ---------------------------------------------------------------- reviews (§3)

def normalised_answers(reviews: pd.DataFrame, questions: pd.DataFrame, period: str = "half") -> pd.DataFrame:
    """`normalised` = 100 × (score − scale_min) / (scale_max − scale_min), 100 minus that if reverse.

    Returns the reviews with four columns added: `kpi` and `period` (categoricals),
    `normalised` (blank for a not-applicable answer) and `normalised_importance`
    (the importance on the same 0–100 footing, never reversed).
    Raises ValueError when an answer names a question the bank does not have.
    """
    bank = questions.drop_duplicates("question_id")
    codes, uniques = pd.factorize(reviews["question_id"])
    bank_row = pd.Index(bank["question_id"]).get_indexer(uniques)
    if (bank_row < 0).any():
        missing = ", ".join(sorted(map(str, uniques[bank_row < 0]))[:5])
        raise ValueError(f"answers refer to questions that are not in the question bank: {missing}")
    row = bank_row[codes]

    low = bank["scale_min"].to_numpy(dtype=float)
    span = bank["scale_max"].to_numpy(dtype=float) - low
    span = np.where(span > 0, span, np.nan)  # a one-point scale carries no information
    reverse = bank["reverse"].to_numpy(dtype=bool)
    kpi_code = pd.Index(KPIS).get_indexer(bank["kpi"])
    if (kpi_code[bank_row] < 0).any():
        odd = ", ".join(sorted(set(bank["kpi"].to_numpy()[bank_row][kpi_code[bank_row] < 0].astype(str))))
        raise ValueError(f"the question bank has kpi values that are not one of {', '.join(KPIS)}: {odd}")

    def to_100(values: pd.Series) -> np.ndarray:
        return 100.0 * (values.to_numpy(dtype=float) - low[row]) / span[row]

    plain = to_100(reviews["score"])
    return reviews.assign(
        kpi=pd.Categorical.from_codes(kpi_code[row], categories=pd.Index(KPIS, dtype="str")),
        period=_period_categorical(reviews["review_date"], period),
        normalised=np.where(reverse[row], 100.0 - plain, plain),
        normalised_importance=to_100(reviews["importance"]),
    )


def questionnaire_means(answers: pd.DataFrame) -> pd.DataFrame:
    """Mean normalised answer of each questionnaire on each KPI (blank when all were not applicable).

    `answers` comes from `normalised_answers`. A questionnaire is one `review_key` about
    one partner in one period from one side. One row per (questionnaire, kpi) that has
    an answer row, N/A answers included, in order of first answer, with columns
    questionnaire (an integer id), partner_key, period, respondent_side, kpi
    (categoricals), normalised, n_answers (rows) and n_scored (rows with a score).
    """
    partner_code, partners = pd.factorize(answers["partner_key"])
    period_code = np.asarray(answers["period"].cat.codes, dtype=np.int64)
    side_code, sides = pd.factorize(answers["respondent_side"])
    review_code, _ = pd.factorize(answers["review_key"])
    n_periods, n_sides, n_kpis = period_code.max(initial=0) + 1, max(len(sides), 1), len(KPIS)
    # Keys are folded into one int64 in steps that keep every factor below the row count,
    # so nothing can overflow: (partner, period, side) → group; (review_key, group) → questionnaire.
    group, groups = pd.factorize((partner_code * n_periods + period_code) * n_sides + side_code)
    n_groups = max(len(groups), 1)
    questionnaire = review_code.astype(np.int64) * n_groups + group
    cell, cells = pd.factorize(questionnaire * n_kpis + np.asarray(answers["kpi"].cat.codes, dtype=np.int64))

    values = answers["normalised"].to_numpy(dtype=float)
    scored = ~np.isnan(values)
    # bincount over the compact cell codes is a grouped count and sum.
    n_answers = np.bincount(cell, minlength=len(cells))
    n_scored = np.bincount(cell, weights=scored, minlength=len(cells))
    total = np.bincount(cell, weights=np.where(scored, values, 0.0), minlength=len(cells))

    cell_questionnaire = cells // n_kpis
    cell_group = groups[cell_questionnaire % n_groups] if len(groups) else cell_questionnaire
    return pd.DataFrame({
        "questionnaire": cell_questionnaire,
        "partner_key": pd.Categorical.from_codes(cell_group // n_sides // n_periods, categories=partners),
        "period": pd.Categorical.from_codes(cell_group // n_sides % n_periods,
                                            categories=answers["period"].cat.categories),
        "respondent_side": pd.Categorical.from_codes(cell_group % n_sides, categories=sides),
        "kpi": pd.Categorical.from_codes(cells % n_kpis, categories=pd.Index(KPIS, dtype="str")),
        "normalised": _ratio(total, n_scored),
        "n_answers": n_answers,
        "n_scored": n_scored.astype(np.int64),
    })


def _plain_keys(obj):
    # Grouping on categoricals is fast; the results are re-keyed on plain text to align with each other.
    arrays = [obj.index.get_level_values(k).astype("str") for k in KEYS]
    return obj.set_axis(pd.MultiIndex.from_arrays(arrays, names=KEYS), axis=0)


def _by_partner_period(q_means: pd.DataFrame, by: list[str] | None = None):
    return q_means.groupby([*KEYS, *(by or [])], observed=True)


def n_reviews(q_means: pd.DataFrame) -> pd.Series:
    """Questionnaires about the partner in the period, either side, any question (N/A-only ones too)."""
    return _plain_keys(_by_partner_period(q_means)["questionnaire"].nunique().rename("n_reviews"))


def survey(q_means: pd.DataFrame) -> pd.DataFrame:
    """survey(k) = mean over questionnaires of each questionnaire's mean normalised answer on KPI k.

    Columns survey_informed … survey_improving (blank when no answer) and n_reviews,
    one row per partner-period with a questionnaire.
    """
    habits = q_means[q_means["kpi"].isin(SCORES)]
    wide = _plain_keys(_by_partner_period(habits, ["kpi"])["normalised"].mean().unstack("kpi"))
    wide.columns = wide.columns.astype("str")
    counted = n_reviews(q_means)
    wide = wide.reindex(index=counted.index, columns=list(SCORES))
    return wide.rename(columns=lambda k: f"survey_{k}").rename_axis(columns=None).assign(n_reviews=counted)


def feedback(q_means: pd.DataFrame, settings: Settings) -> pd.Series:
    """feedback = 100 with a questionnaire about the partner from each side, 50 from one side, 0 from none.

    The 100 and 50 are `feedback.both_sides` and `feedback.one_side`. Only partner-periods
    with a questionnaire appear here: score_table gives the others 0.
    """
    sides = _plain_keys(_by_partner_period(q_means)["respondent_side"].nunique())
    credit = np.where(sides >= 2, settings["feedback.both_sides"],
                      np.where(sides == 1, settings["feedback.one_side"], 0.0))
    return pd.Series(credit, index=sides.index, dtype=float, name="feedback")


def delivery_gap(q_means: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """delivery_gap = self − client_view on delivery questions (questionnaire means first).

    Columns `self` (agency side), `client_view` (client side), `delivery_gap` (blank unless
    both are present) and `gap_flag`: 'overpromise' when the gap is at least
    `thresholds.delivery_gap_flag`, 'underpromise' when at most minus that, else ''.
    """
    delivery = q_means[q_means["kpi"] == "delivery"]
    by_side = _plain_keys(_by_partner_period(delivery, ["respondent_side"])["normalised"].mean()
                          .unstack("respondent_side"))
    by_side.columns = by_side.columns.astype("str")
    by_side = by_side.reindex(columns=list(SIDES))
    gap = by_side["agency"] - by_side["client"]
    limit = float(settings["thresholds.delivery_gap_flag"])
    flag = np.select([gap.to_numpy() >= limit - _EPS, gap.to_numpy() <= -limit + _EPS],
                     ["overpromise", "underpromise"], "")
    return pd.DataFrame({"self": by_side["agency"], "client_view": by_side["client"], "delivery_gap": gap,
                         "gap_flag": pd.Series(flag, index=gap.index, dtype="str")}).rename_axis(columns=None)


# ---------------------------------------------------------------- meetings (§3)

def meeting_partners(meetings: pd.DataFrame, period: str = "half") -> pd.DataFrame:
    """One row per (meeting, partner it lists); `joint` when it lists two or more distinct partners.

    A partner listed twice in one meeting counts once. Columns: meeting_row (position
    in `meetings`), partner, partner_key, period, meeting_type, agenda_shared,
    actions_opened, actions_closed, joint.
    """
    # A log repeats the same few partner lists, so split each distinct list once.
    list_code, lists = pd.factorize(meetings["partner"])
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


def _ratio(numerator, denominator) -> np.ndarray:
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / denominator, np.nan)


def agenda_rate(counts: pd.DataFrame) -> pd.Series:
    """agenda_rate = 100 × meetings with agenda shared / meetings where it is known (blank if none known)."""
    return pd.Series(100.0 * _ratio(counts["agenda_yes"], counts["agenda_known"]),
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
    share = _ratio(counts["actions_closed"], counts["actions_opened"])
    return pd.Series(100.0 * np.minimum(1.0, share), index=counts.index, name="follow_through")


# ---------------------------------------------------------------- scores (§4)

def weighted_score(components: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """Σ weight × component / Σ weight over the components present; blank (never 0) if none is.

    A component missing from the frame counts as blank.
    """
    values = components.reindex(columns=list(weights)).to_numpy(dtype=float)
    w = np.array([float(v) for v in weights.values()])
    present = ~np.isnan(values)
    total = np.where(present, values * w, 0.0).sum(axis=1)
    return pd.Series(_ratio(total, (present * w).sum(axis=1)), index=components.index)


def _first_spellings(reviews: pd.DataFrame, listed: pd.DataFrame) -> pd.Series:
    first = reviews[~reviews["partner_key"].duplicated()]
    spellings = pd.concat([
        pd.Series(display_names(first["partner"]).to_numpy(), index=first["partner_key"].to_numpy()),
        pd.Series(listed["partner"].to_numpy(), index=listed["partner_key"].to_numpy()),
    ])
    return spellings[~spellings.index.duplicated()].astype("str")


def _union_index(*indexes: pd.MultiIndex) -> pd.MultiIndex:
    frames = [ix.to_frame(index=False) for ix in indexes]
    both = pd.concat(frames, ignore_index=True).astype("str").drop_duplicates().sort_values(KEYS)
    return pd.MultiIndex.from_frame(both, names=KEYS)


def _trend(scores: pd.Series, partner: pd.Series) -> pd.Series:
    # ffill then shift: each row sees the partner's latest earlier period that has a score.
    previous = scores.groupby(partner).ffill().groupby(partner).shift(1)
    return scores - previous


def score_table(reviews: pd.DataFrame | None, meetings: pd.DataFrame | None, questions: pd.DataFrame,
                settings: Settings | None = None) -> pd.DataFrame:
    """One row per (partner, period) with an answer or a meeting: components, five scores, overall, gap.

    Columns are `TABLE_COLUMNS`, unrounded, sorted by partner key then period.
    `reviews` or `meetings` may be None (table not given): the components built from it
    are then blank. A given but empty meetings table means "no meetings": cadence,
    workshops and joint score 0.
    """
    settings = settings if settings is not None else Settings()
    kind = settings["period"]
    given_reviews = reviews if reviews is not None else empty_clean("reviews")
    given_meetings = meetings if meetings is not None else empty_clean("meetings")

    q_means = questionnaire_means(normalised_answers(given_reviews, questions, kind))
    listed = meeting_partners(given_meetings, kind)
    reviewed = survey(q_means)
    counts = meeting_counts(listed)
    index = _union_index(reviewed.index, counts.index)
    calendar = period_calendar(index.get_level_values("period"), as_of_date(reviews, meetings), kind)

    counts = counts.reindex(index, fill_value=0)
    reviewed = reviewed.reindex(index)
    parts = pd.DataFrame({
        **{f"survey_{k}": reviewed[f"survey_{k}"] for k in SCORES},
        "agenda_rate": agenda_rate(counts),
        "cadence": cadence(counts, calendar, settings),
        "workshops": workshops(counts, calendar, settings),
        "joint": joint(counts, calendar, settings),
        "follow_through": follow_through(counts),
        "feedback": feedback(q_means, settings).reindex(index, fill_value=0.0),
    }, index=index)
    if meetings is None:
        parts[list(MEETING_COMPONENTS)] = np.nan
    if reviews is None:
        parts["feedback"] = np.nan

    scores = pd.DataFrame({s: weighted_score(parts, settings.weights(s)) for s in SCORES}, index=index)
    gap = delivery_gap(q_means, settings).reindex(index)
    table = pd.concat([scores, parts, gap], axis=1).assign(
        overall=scores.mean(axis=1),
        gap_flag=gap["gap_flag"].fillna("").astype("str"),
        n_reviews=reviewed["n_reviews"].fillna(0).astype("int64"),
        n_meetings=counts["n_meetings"].astype("int64"),
    ).reset_index()
    table = table.assign(
        partner=table["partner_key"].map(_first_spellings(given_reviews, listed)).astype("str"),
        low_confidence=table["n_reviews"] < settings["thresholds.low_confidence_reviews"],
        **{f"trend_{s}": _trend(table[s], table["partner_key"]) for s in (*SCORES, "overall")},
    )
    return table[list(TABLE_COLUMNS)]


def round_half_up(values, decimals: int = 1):
    """Round half away from zero, as a spreadsheet does (62.25 → 62.3), for numbers, Series or frames."""
    # Half away from zero, like a spreadsheet (62.25 → 62.3; pandas' round gives 62.2). The inner
    # round clears binary noise first (1.15 × 10 is 11.4999…), and + 0.0 turns -0.0 into 0.0.
    scale = 10.0 ** decimals
    return np.sign(values) * np.floor(np.round(np.abs(values) * scale, 6) + 0.5) / scale + 0.0


def scores_csv_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The §7 CSV view of a score table: its columns in order, values to 1 decimal, counts as int."""
    out = table[list(CSV_COLUMNS)]
    numbers = [*SCORES, "overall", "delivery_gap", *COMPONENTS]
    rounded = round_half_up(out[numbers].astype(float), 1)
    return out.assign(
        **{c: rounded[c] for c in numbers},
        n_reviews=out["n_reviews"].astype("int64"),
        n_meetings=out["n_meetings"].astype("int64"),
        low_confidence=out["low_confidence"].astype(bool),
    ).reset_index(drop=True)


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
        effective = _ratio(w * present, np.full(len(w), (w * present).sum()))
        frames.append(pd.DataFrame({
            "score": score, "component": list(weights), "value": values, "weight": w,
            "effective_weight": effective, "contribution": np.where(present, values * effective, np.nan),
            "score_value": float(table_row.get(score, np.nan)),
        }))
    return pd.concat(frames, ignore_index=True).astype({"score": "str", "component": "str"})


# ---------------------------------------------------------------- importance–performance (§6)

def _as_key(name: str) -> str:
    return str(_partner_key(pd.Series([name])).iloc[0])


def importance_performance(reviews: pd.DataFrame, questions: pd.DataFrame, settings: Settings | None = None,
                           period: str | None = None, partner_key: str | None = None) -> pd.DataFrame:
    """Per question with client importance answers: x = mean normalised importance, y = mean normalised score.

    Columns question_id, kpi, text, importance (x), performance (y), needs_gap = x − y,
    n_answers (client importance answers), quadrant. Quadrants split at the means of x
    and y over the questions that have both; a value equal to the mean counts as high.
    A question whose importance answers all have a not-applicable score has no
    performance and an empty quadrant. Sorted by needs_gap, largest first.
    Optional filters: one period label, one partner (any spelling).
    """
    settings = settings if settings is not None else Settings()
    kind = settings["period"]
    keep = reviews["respondent_side"].eq("client") & reviews["importance"].notna()
    if partner_key is not None:
        keep &= reviews["partner_key"].eq(_as_key(partner_key))
    if period is not None:
        start, end = period_bounds(period, kind)
        keep &= reviews["review_date"].ge(start) & reviews["review_date"].lt(end)
    rated = normalised_answers(reviews[keep], questions, kind)
    points = rated.groupby("question_id", sort=False).agg(
        importance=("normalised_importance", "mean"),
        performance=("normalised", "mean"),
        n_answers=("normalised_importance", "size"),
    )
    bank = questions.drop_duplicates("question_id").set_index("question_id")
    points = points.assign(kpi=bank["kpi"].reindex(points.index), text=bank["text"].reindex(points.index),
                           needs_gap=points["importance"] - points["performance"])
    placed = points["performance"].notna()
    x_split = points.loc[placed, "importance"].mean()
    y_split = points.loc[placed, "performance"].mean()
    high_x = points["importance"].to_numpy() >= x_split - _EPS
    high_y = points["performance"].to_numpy() >= y_split - _EPS
    quadrant = np.select([~placed, high_x & ~high_y, high_x & high_y, ~high_x & ~high_y],
                         ["", QUADRANTS[0], QUADRANTS[1], QUADRANTS[2]], QUADRANTS[3])
    out = (points.assign(quadrant=quadrant).reset_index()
           .sort_values(["needs_gap", "question_id"], ascending=[False, True], na_position="last")
           .reset_index(drop=True))
    out = out[["question_id", "kpi", "text", "importance", "performance", "needs_gap", "n_answers", "quadrant"]]
    out = out.astype({"question_id": "str", "kpi": "str", "text": "str", "quadrant": "str",
                      "n_answers": "int64"})
    out.attrs["split"] = {"importance": x_split, "performance": y_split}
    return out


# ---------------------------------------------------------------- traceability

def rows_behind(reviews: pd.DataFrame | None, meetings: pd.DataFrame | None, partner_key: str, period: str,
                settings: Settings | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The input rows behind one score row: (review answers, meetings listing the partner), unchanged.

    `partner_key` may be given in any spelling. A table that was not given yields an empty one.
    """
    settings = settings if settings is not None else Settings()
    start, end = period_bounds(period, settings["period"])
    key = _as_key(partner_key)
    reviews = reviews if reviews is not None else empty_clean("reviews")
    meetings = meetings if meetings is not None else empty_clean("meetings")

    in_period = reviews["review_date"].ge(start) & reviews["review_date"].lt(end)
    answers = reviews[reviews["partner_key"].eq(key) & in_period]

    list_code, lists = pd.factorize(meetings["partner"])
    named = split_partners(pd.Series(lists, dtype="str"))
    lists_partner = np.isin(list_code, named.index[named["partner_key"].eq(key).to_numpy()].to_numpy())
    in_period = (meetings["date"].ge(start) & meetings["date"].lt(end)).to_numpy()
    return answers, meetings[lists_partner & in_period]
