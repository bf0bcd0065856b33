"""The rules of METHODOLOGY §1 that look at several cells of a row, as plain functions of a clean table, and
`holds`: whether a clean table keeps every rule of its model, worked out without pandera.

The pandera models (kpi.contracts.models) declare each rule and call these functions, so a rule is written
once. `holds` reads what the models declare from kpi.contracts.compiled, generated from them: reading,
validating and scoring a valid file never import pandera; a table that may break a rule goes to its model's
`validate`, which says which rows break which rules.
"""

from __future__ import annotations

import pandas as pd

from kpi.contracts.compiled import CLEAN_RULES

# ---------------------------------------------------------------- reviews


def review_conflict(df: pd.DataFrame) -> pd.Series:
    """Every answer of a questionnaire names its questionnaire's partner and side."""
    same_partner = df["partner_key"].isna() | df["_first_partner_key"].isna() | df["partner_key"].eq(
        df["_first_partner_key"])
    same_side = df["respondent_side"].isna() | df["_first_side"].isna() | df["respondent_side"].eq(df["_first_side"])
    return (same_partner & same_side).astype("bool")


def unknown_question(df: pd.DataFrame) -> pd.Series:
    """An answer's question is in the bank."""
    return df["question_id"].isna() | df["_scale_min"].notna()


def out_of_scale(df: pd.DataFrame) -> pd.Series:
    """A score lies on its question's scale."""
    return df["score"].isna() | df["_scale_min"].isna() | df["score"].between(df["_scale_min"], df["_scale_max"])


def importance_out_of_scale(df: pd.DataFrame) -> pd.Series:
    """An importance lies on its question's scale."""
    imp = df["importance"]
    return imp.isna() | df["_scale_min"].isna() | imp.between(df["_scale_min"], df["_scale_max"])


def answered_once(df: pd.DataFrame) -> pd.Series:
    """A questionnaire answers each question once."""
    # `_answer` numbers each (questionnaire, question) pair: comparing numbers spares hashing a million texts.
    if "_answer" in df:
        numbers = df["_answer"].to_numpy()
        if (numbers[1:] > numbers[:-1]).all():  # rising row after row (the usual file): none repeats
            return pd.Series(True, index=df.index)
    asked = df["_answer"] if "_answer" in df else df[["review_key", "question_id"]]
    return ~asked.duplicated(keep="first") | df["question_id"].isna()


# ---------------------------------------------------------------- meetings, questions, partners


def closed_within_opened(df: pd.DataFrame) -> pd.Series:
    """A meeting closes no more actions than it opened."""
    both = df["actions_closed"].notna() & df["actions_opened"].notna()
    return ~both | (df["actions_closed"] <= df["actions_opened"])


def scale_ordered(df: pd.DataFrame) -> pd.Series:
    """A question's scale runs upwards."""
    both = df["scale_min"].notna() & df["scale_max"].notna()
    return ~both | (df["scale_max"] > df["scale_min"])


def defined_once(df: pd.DataFrame) -> pd.Series:
    """The bank defines each question once."""
    return ~df.duplicated(["question_id"], keep="first") | df["question_id"].isna()


def _kept(helper: str):
    def rule(df: pd.DataFrame) -> pd.Series:
        return df[helper].isna()
    rule.__doc__ = f"No row quotes a clash in `{helper}` (kpi.directory.clashes)."
    return rule


FRAME_RULES = {
    "reviews": {"review_conflict": review_conflict, "unknown_question": unknown_question,
                "out_of_scale": out_of_scale, "importance_out_of_scale": importance_out_of_scale,
                "duplicate": answered_once},
    "meetings": {"closed_gt_opened": closed_within_opened},
    "questions": {"bad_scale": scale_ordered, "duplicate": defined_once},
    "partners": {"duplicate_partner": _kept("_duplicate_partner"), "bad_domain": _kept("_bad_domain"),
                 "domain_taken": _kept("_domain_taken"), "alias_taken": _kept("_alias_taken")},
}
"""Each table's rules over several cells, by their problem code (the model's check names)."""

CHECK_COLUMN = {
    "unknown_question": "question_id",
    "review_conflict": "partner",
    "out_of_scale": "score",
    "importance_out_of_scale": "importance",
    "closed_gt_opened": "actions_closed",
    "bad_scale": "scale_max",
    "duplicate": "question_id",
    "duplicate_partner": "partner",
    "bad_domain": "email_domains",
    "domain_taken": "email_domains",
    "alias_taken": "aliases",
}
"""The column a broken rule over several cells is reported on, by its problem code."""

# ---------------------------------------------------------------- holds

_COLUMN_CHECKS = {
    "isin": lambda values, allowed_values: values.isin(allowed_values),
    "greater_than_or_equal_to": lambda values, min_value: values >= min_value,
}
"""The column checks `holds` works out itself, by pandera's name for them (kpi.contracts.compile knows them)."""


def holds(table: str, frame: pd.DataFrame) -> bool:
    """True when no row of the clean `table` (`reviews`, `meetings`, …) breaks a rule of its model: its columns'
    nullability and checks, its rules over several cells.

    Worked out with a few vectorised pandas calls, as pandera would (column checks skip blanks), from what the
    model declares (kpi.contracts.compiled), so that a valid table needs no pandera at all. False as soon as a row
    may break a rule, or the model holds a rule of another kind: `model.validate` then says which rows break which
    rules, as always.
    """
    plain, column_rules, frame_rules = CLEAN_RULES[table]
    if not plain:
        return False
    for name, (nullable, checks) in column_rules.items():
        if name not in frame:
            return False
        if nullable and not checks:  # nothing to check on this column
            continue
        values = frame[name]
        missing = values.isna()
        if not nullable and missing.any():
            return False
        if checks and missing.any():
            values = values[~missing]  # column checks skip blanks; a full column is checked as it is, not copied
        for check, statistics in checks:
            rule = _COLUMN_CHECKS.get(check)
            if rule is None or not rule(values, **statistics).all():  # a check of another kind: pandera's to run
                return False
    for name in frame_rules:
        rule = FRAME_RULES[table].get(name)
        if rule is None:
            return False
        try:
            kept = rule(frame)
        except Exception:  # pandera reports a check that raises: let it
            return False
        if not (isinstance(kept, pd.Series) and kept.dtype == bool and kept.index.equals(frame.index) and kept.all()):
            return False
    return True
