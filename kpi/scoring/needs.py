"""Needs vs delivered (METHODOLOGY §6): importance–performance analysis of the client's answers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.scoring.common import EPS, as_partner_key
from kpi.scoring.periods import period_bounds
from kpi.scoring.survey import normalised_answers
from kpi.settings import Settings

QUADRANTS = ("Concentrate here", "Keep up the good work", "Low priority", "Possible overkill")
"""Importance–performance quadrants (Martilla & James, 1977), METHODOLOGY §6."""


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
        keep &= reviews["partner_key"].eq(as_partner_key(partner_key))
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
    high_x = points["importance"].to_numpy() >= x_split - EPS
    high_y = points["performance"].to_numpy() >= y_split - EPS
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
