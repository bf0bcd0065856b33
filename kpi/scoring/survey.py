"""The review building blocks (METHODOLOGY §3): normalised answers, questionnaire means, survey(k), feedback.

    reviews → normalised_answers → questionnaire_means → survey, n_reviews, feedback
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.scoring.common import by_partner_period, plain_keys, ratio
from kpi.scoring.periods import period_categorical
from kpi.settings import KPIS, SCORES, Settings
from kpi.validate.values import factorize


def normalised_answers(reviews: pd.DataFrame, questions: pd.DataFrame, period: str = "half") -> pd.DataFrame:
    """`normalised` = 100 × (score − scale_min) / (scale_max − scale_min), 100 minus that if reverse.

    Returns the reviews with four columns added: `kpi` and `period` (categoricals),
    `normalised` (blank for a not-applicable answer) and `normalised_importance`
    (the importance on the same 0–100 footing, never reversed).
    Raises ValueError when an answer names a question the bank does not have.
    """
    bank = questions.drop_duplicates("question_id")
    codes, uniques = factorize(reviews["question_id"])
    bank_row = pd.Index(bank["question_id"]).get_indexer(uniques)
    if (bank_row < 0).any():
        missing = ", ".join(sorted(map(str, uniques[bank_row < 0]))[:5])
        raise ValueError(f"answers refer to questions that are not in the question bank: {missing}")
    row = bank_row[codes]
    del codes

    # Halves, exactly: a scale as wide as floats go (−1e308 to 1e308) must not overflow its span to inf.
    low = bank["scale_min"].to_numpy(dtype=float) / 2
    span = bank["scale_max"].to_numpy(dtype=float) / 2 - low
    span = np.where(span > 0, span, np.nan)  # a one-point scale carries no information
    reverse = bank["reverse"].to_numpy(dtype=bool)
    kpi_code = pd.Index(KPIS).get_indexer(bank["kpi"])
    if (kpi_code[bank_row] < 0).any():
        odd = ", ".join(sorted(set(bank["kpi"].to_numpy()[bank_row][kpi_code[bank_row] < 0].astype(str))))
        raise ValueError(f"the question bank has kpi values that are not one of {', '.join(KPIS)}: {odd}")

    def to_100(values: pd.Series) -> pd.Series:
        # In place, one array a column: a million answers' temporaries are what scoring's memory peaks on.
        out = values.to_numpy(dtype=float) / 2
        out -= low[row]
        out /= span[row]
        out *= 100.0
        return pd.Series(out, index=reviews.index, copy=False)

    normalised = to_100(reviews["score"])
    reversed_ = reverse[row]
    if reversed_.any():
        normalised = normalised.where(~reversed_, 100.0 - normalised)
    return reviews.assign(
        kpi=pd.Categorical.from_codes(kpi_code.astype(np.int8)[row], categories=pd.Index(KPIS, dtype="str")),
        period=period_categorical(reviews["review_date"], period),
        normalised=normalised,
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
    partner_code, partners = factorize(answers["partner_key"])
    period_code = np.asarray(answers["period"].cat.codes, dtype=np.int64)
    side_code, sides = factorize(answers["respondent_side"])
    n_periods, n_sides, n_kpis = period_code.max(initial=0) + 1, max(len(sides), 1), len(KPIS)
    # Keys are folded into one int64 in steps that keep every factor below the row count,
    # so nothing can overflow: (partner, period, side) → group; (review_key, group) → questionnaire.
    # In place, each code array let go of once folded: a million answers' int64 arrays are what memory peaks on.
    key = partner_code.astype(np.int64, copy=False)
    key *= n_periods
    key += period_code
    key *= n_sides
    key += side_code
    del partner_code, period_code, side_code
    group, groups = pd.factorize(key)
    del key
    n_groups = max(len(groups), 1)
    questionnaire = factorize(answers["review_key"])[0].astype(np.int64, copy=False)
    questionnaire *= n_groups
    questionnaire += group
    del group
    questionnaire *= n_kpis
    questionnaire += np.asarray(answers["kpi"].cat.codes, dtype=np.int64)
    cell, cells = pd.factorize(questionnaire)
    del questionnaire

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
        "normalised": ratio(total, n_scored),
        "n_answers": n_answers,
        "n_scored": n_scored.astype(np.int64),
    })


def n_reviews(q_means: pd.DataFrame) -> pd.Series:
    """Questionnaires about the partner in the period, either side, any question (N/A-only ones too)."""
    return plain_keys(by_partner_period(q_means)["questionnaire"].nunique().rename("n_reviews"))


def survey(q_means: pd.DataFrame) -> pd.DataFrame:
    """survey(k) = mean over questionnaires of each questionnaire's mean normalised answer on KPI k.

    Columns survey_informed … survey_improving (blank when no answer) and n_reviews,
    one row per partner-period with a questionnaire.
    """
    habits = q_means[q_means["kpi"].isin(SCORES)]
    wide = plain_keys(by_partner_period(habits, ["kpi"])["normalised"].mean().unstack("kpi"))
    wide.columns = wide.columns.astype("str")
    counted = n_reviews(q_means)
    wide = wide.reindex(index=counted.index, columns=list(SCORES))
    return wide.rename(columns=lambda k: f"survey_{k}").rename_axis(columns=None).assign(n_reviews=counted)


def feedback(q_means: pd.DataFrame, settings: Settings) -> pd.Series:
    """feedback = 100 with a questionnaire about the partner from each side, 50 from one side, 0 from none.

    The 100 and 50 are `feedback.both_sides` and `feedback.one_side`. Only partner-periods
    with a questionnaire appear here: score_table gives the others 0.
    """
    sides = plain_keys(by_partner_period(q_means)["respondent_side"].nunique())
    credit = np.where(sides >= 2, settings["feedback.both_sides"],
                      np.where(sides == 1, settings["feedback.one_side"], 0.0))
    return pd.Series(credit, index=sides.index, dtype=float, name="feedback")
