"""The five scores, overall, confidence and trend (METHODOLOGY §4).

    components → weighted_score (one per habit: informed … improving) → overall, trend
"""

from __future__ import annotations

from typing import Callable, Mapping

import numpy as np
import pandas as pd

from kpi.scoring.common import ratio
from kpi.settings import SCORES, Settings


def weighted_score(components: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """Σ weight × component / Σ weight over the components present; blank (never 0) if none is.

    A component missing from the frame counts as blank.
    """
    values = components.reindex(columns=list(weights)).to_numpy(dtype=float)
    w = np.array([float(v) for v in weights.values()])
    present = ~np.isnan(values)
    total = np.where(present, values * w, 0.0).sum(axis=1)
    return pd.Series(ratio(total, (present * w).sum(axis=1)), index=components.index)


def informed(components: pd.DataFrame, settings: Settings) -> pd.Series:
    """informed = weighted_score of survey_informed and agenda_rate, with the `weights.informed.*` settings."""
    return weighted_score(components, settings.weights("informed")).rename("informed")


def involved(components: pd.DataFrame, settings: Settings) -> pd.Series:
    """involved = weighted_score of survey_involved and cadence, with the `weights.involved.*` settings."""
    return weighted_score(components, settings.weights("involved")).rename("involved")


def inspired(components: pd.DataFrame, settings: Settings) -> pd.Series:
    """inspired = weighted_score of survey_inspired and workshops, with the `weights.inspired.*` settings."""
    return weighted_score(components, settings.weights("inspired")).rename("inspired")


def interconnected(components: pd.DataFrame, settings: Settings) -> pd.Series:
    """interconnected = weighted_score of survey_interconnected and joint, with `weights.interconnected.*`."""
    return weighted_score(components, settings.weights("interconnected")).rename("interconnected")


def improving(components: pd.DataFrame, settings: Settings) -> pd.Series:
    """improving = weighted_score of survey_improving, feedback and follow_through, with `weights.improving.*`."""
    return weighted_score(components, settings.weights("improving")).rename("improving")


SCORE_FUNCTIONS: dict[str, Callable[[pd.DataFrame, Settings], pd.Series]] = {
    "informed": informed, "involved": involved, "inspired": inspired, "interconnected": interconnected,
    "improving": improving,
}
"""The function computing each of the five scores, in the order of `SCORES`."""


def habit_scores(components: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The five scores of each row of `components`, one column each, in the order of `SCORES`."""
    return pd.DataFrame({s: SCORE_FUNCTIONS[s](components, settings) for s in SCORES}, index=components.index)


def overall(scores: pd.DataFrame) -> pd.Series:
    """overall = mean of the five scores that are not blank (blank when all five are)."""
    return scores[list(SCORES)].mean(axis=1).rename("overall")


def low_confidence(n_reviews: pd.Series, settings: Settings) -> pd.Series:
    """low_confidence = n_reviews < `thresholds.low_confidence_reviews`."""
    return (n_reviews < settings["thresholds.low_confidence_reviews"]).rename("low_confidence")


def trend(scores: pd.Series, partner: pd.Series) -> pd.Series:
    """trend = score − the same partner's score in its latest earlier period that has one.

    Rows must come in period order within each partner, as `score_table` sorts them.
    """
    # ffill then shift: each row sees the partner's latest earlier period that has a score.
    previous = scores.groupby(partner).ffill().groupby(partner).shift(1)
    return scores - previous
