"""The scores table (METHODOLOGY §7): one row per partner and period, and its CSV view.

    reviews  → survey, feedback, delivery_gap, habit_views ┐
    meetings → meeting components                          ┴→ habit_scores, overall, trend → score_table → scores_csv_frame
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.partners import display_names
from kpi.contracts.schema import empty_clean
from kpi.contracts.compiled import SCORE_TABLE_DTYPES, SCORES_COLUMNS
from kpi.scoring.blind_spots import VIEW_COLUMNS, habit_views
from kpi.scoring.common import KEYS
from kpi.scoring.delivery import delivery_gap
from kpi.scoring.meetings import (agenda_rate, cadence, follow_through, joint, meeting_counts, meeting_partners,
                                  workshops)
from kpi.scoring.periods import as_of_date, period_calendar
from kpi.scoring.scores import habit_scores, low_confidence, overall, trend
from kpi.scoring.survey import feedback, normalised_answers, questionnaire_means, survey
from kpi.settings import COMPONENTS, MEETING_COMPONENTS, SCORES, Settings
from kpi.validate.values import distinct_cells, first_positions

CSV_COLUMNS: tuple[str, ...] = SCORES_COLUMNS
"""Columns of the scores CSV, in the order of METHODOLOGY §7 (the `Scores` model)."""

TABLE_COLUMNS: tuple[str, ...] = tuple(SCORE_TABLE_DTYPES)
"""Columns of `score_table` (the `ScoreTable` model): the CSV ones, then what the dashboard also shows."""

REVIEW_COLUMNS_READ: tuple[str, ...] = ("review_key", "review_date", "partner", "partner_key", "respondent_side",
                                        "question_id", "score", "importance")
"""The columns of the reviews table `score_table` reads: a caller done with the others (ids, respondents, comments,
file names: 400 MB of a 6-million-answer file) may let them go and pass only these."""


def _first_spellings(reviews: pd.DataFrame, listed: pd.DataFrame) -> pd.Series:
    # each key's first row, through the column's factorization (kept from validation): no million texts hashed
    first = reviews[["partner", "partner_key"]].iloc[first_positions(distinct_cells(reviews["partner_key"],
                                                                                  compact=True)[0])]
    spellings = pd.concat([
        pd.Series(display_names(first["partner"]).to_numpy(), index=first["partner_key"].to_numpy()),
        pd.Series(listed["partner"].to_numpy(), index=listed["partner_key"].to_numpy()),
    ])
    return spellings[~spellings.index.duplicated()].astype("str")


def _union_index(*indexes: pd.MultiIndex) -> pd.MultiIndex:
    frames = [ix.to_frame(index=False) for ix in indexes]
    both = pd.concat(frames, ignore_index=True).astype("str").drop_duplicates().sort_values(KEYS)
    return pd.MultiIndex.from_frame(both, names=KEYS)


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

    scores = habit_scores(parts, settings)
    gap = delivery_gap(q_means, settings).reindex(index)
    views = habit_views(q_means).reindex(index)
    counts_of_views = [c for c in VIEW_COLUMNS if c.startswith("n_")]
    views[counts_of_views] = views[counts_of_views].fillna(0).astype("int64")
    table = pd.concat([scores, parts, gap, views], axis=1).assign(
        overall=overall(scores),
        gap_flag=gap["gap_flag"].fillna("").astype("str"),
        n_reviews=reviewed["n_reviews"].fillna(0).astype("int64"),
        n_meetings=counts["n_meetings"].astype("int64"),
    ).reset_index()
    table = table.assign(
        partner=table["partner_key"].map(_first_spellings(given_reviews, listed)).astype("str"),
        low_confidence=low_confidence(table["n_reviews"], settings),
        **{f"trend_{s}": trend(table[s], table["partner_key"]) for s in (*SCORES, "overall")},
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
    counts = [c for c in VIEW_COLUMNS if c.startswith("n_")]
    numbers = [*SCORES, "overall", "delivery_gap", *COMPONENTS, *(c for c in VIEW_COLUMNS if c not in counts)]
    rounded = round_half_up(out[numbers].astype(float), 1)
    return out.assign(
        **{c: rounded[c] for c in numbers},
        **{c: out[c].astype("int64") for c in counts},
        n_reviews=out["n_reviews"].astype("int64"),
        n_meetings=out["n_meetings"].astype("int64"),
        low_confidence=out["low_confidence"].astype(bool),
    ).reset_index(drop=True)
