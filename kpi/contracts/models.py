"""Clean stage: the input tables after cells are parsed into typed values, with the rules of METHODOLOGY §1.

Each model extends its raw model (kpi.contracts.raw): it declares every column of the clean
table, in the clean table's order, with its dtype and rules, and adds the columns validation
derives (the questionnaire and partner keys, the file and row each row came from). A column of
the raw stage keeps its description from there.

Parsing (kpi.validate.values) turns text into numbers, dates and categories and reports
what cannot be read; these models then check the rules on the typed frame. Helper columns
starting with `_` carry what a rule needs to see (the question's scale, the row where a
duplicate was first seen).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from kpi.contracts.raw import RawMeetings, RawPartners, RawQuestions, RawReviews
from kpi.contracts.stage import Stage
from kpi.contracts.vocabulary import MEETING_TYPES, SIDES
from kpi.settings import KPIS

_SOURCE_FILE = "The file (and sheet) the row was read from."
_SOURCE_ROW = "The row as the user sees it in that file, header rows included."


class Reviews(RawReviews):
    """One answer to a partnership review questionnaire (long form)."""

    review_id: Series[str] = pa.Field(nullable=False)
    review_key: Series[str] = pa.Field(nullable=False, description="The questionnaire, unique across files: "
                                       "its file, '#', its review_id.")
    review_date: Series[pd.Timestamp] = pa.Field(nullable=False)
    partner: Series[str] = pa.Field(nullable=False)
    partner_key: Series[str] = pa.Field(nullable=True, description="The partner however it is typed: spaces "
                                        "trimmed and collapsed, case folded (METHODOLOGY §1.4).")
    respondent_side: Series[str] = pa.Field(nullable=False, isin=list(SIDES))
    respondent: Series[str] = pa.Field(nullable=True)
    question_id: Series[str] = pa.Field(nullable=False)
    score: Series[float] = pa.Field(nullable=True)
    importance: Series[float] = pa.Field(nullable=True)
    comment: Series[str] = pa.Field(nullable=True)
    source_file: Series[str] = pa.Field(nullable=False, description=_SOURCE_FILE)
    source_row: Series[np.int64] = pa.Field(nullable=False, description=_SOURCE_ROW)

    @pa.dataframe_check(name="review_conflict")
    def _one_partner_and_side(cls, df: pd.DataFrame) -> Series[bool]:
        same_partner = df["partner_key"].isna() | df["_first_partner_key"].isna() | df["partner_key"].eq(
            df["_first_partner_key"])
        same_side = df["respondent_side"].isna() | df["_first_side"].isna() | df["respondent_side"].eq(df["_first_side"])
        return (same_partner & same_side).astype("bool")

    @pa.dataframe_check(name="unknown_question")
    def _known_question(cls, df: pd.DataFrame) -> Series[bool]:
        return df["question_id"].isna() | df["_scale_min"].notna()

    @pa.dataframe_check(name="out_of_scale")
    def _score_in_scale(cls, df: pd.DataFrame) -> Series[bool]:
        return df["score"].isna() | df["_scale_min"].isna() | df["score"].between(df["_scale_min"], df["_scale_max"])

    @pa.dataframe_check(name="importance_out_of_scale")
    def _importance_in_scale(cls, df: pd.DataFrame) -> Series[bool]:
        imp = df["importance"]
        return imp.isna() | df["_scale_min"].isna() | imp.between(df["_scale_min"], df["_scale_max"])

    @pa.dataframe_check(name="duplicate")
    def _answered_once(cls, df: pd.DataFrame) -> Series[bool]:
        # `_answer` numbers each (questionnaire, question) pair: comparing numbers spares hashing a million texts.
        if "_answer" in df:
            numbers = df["_answer"].to_numpy()
            if (numbers[1:] > numbers[:-1]).all():  # rising row after row (the usual file): none repeats
                return pd.Series(True, index=df.index)
        asked = df["_answer"] if "_answer" in df else df[["review_key", "question_id"]]
        return ~asked.duplicated(keep="first") | df["question_id"].isna()


class Meetings(RawMeetings):
    """One meeting between the client and one or more partners."""

    meeting_id: Series[str] = pa.Field(nullable=True)
    date: Series[pd.Timestamp] = pa.Field(nullable=False)
    partner: Series[str] = pa.Field(nullable=False)
    meeting_type: Series[str] = pa.Field(nullable=False, isin=list(MEETING_TYPES))
    duration_min: Series[float] = pa.Field(nullable=True, ge=0)
    agenda_shared: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    actions_opened: Series[float] = pa.Field(nullable=True, ge=0)
    actions_closed: Series[float] = pa.Field(nullable=True, ge=0)
    notes: Series[str] = pa.Field(nullable=True)
    source_file: Series[str] = pa.Field(nullable=False, description=_SOURCE_FILE)
    source_row: Series[np.int64] = pa.Field(nullable=False, description=_SOURCE_ROW)

    @pa.dataframe_check(name="closed_gt_opened")
    def _closed_within_opened(cls, df: pd.DataFrame) -> Series[bool]:
        both = df["actions_closed"].notna() & df["actions_opened"].notna()
        return ~both | (df["actions_closed"] <= df["actions_opened"])


class Questions(RawQuestions):
    """One question of the bank."""

    question_id: Series[str] = pa.Field(nullable=False)
    kpi: Series[str] = pa.Field(nullable=False, isin=list(KPIS))
    text: Series[str] = pa.Field(nullable=False)
    text_fr: Series[str] = pa.Field(nullable=True)
    scale_min: Series[float] = pa.Field(nullable=False)
    scale_max: Series[float] = pa.Field(nullable=False)
    reverse: Series[bool] = pa.Field(nullable=False)

    @pa.dataframe_check(name="bad_scale")
    def _scale_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        both = df["scale_min"].notna() & df["scale_max"].notna()
        return ~both | (df["scale_max"] > df["scale_min"])

    @pa.dataframe_check(name="duplicate")
    def _defined_once(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(["question_id"], keep="first") | df["question_id"].isna()


class Partners(RawPartners):
    """One partner of the directory: its name as shown, its e-mail domains and its other names (METHODOLOGY §1.8).

    Helper columns `_<check>` hold, per row, what the message of a broken rule quotes (None when the
    row keeps it): the row naming the partner first, the malformed domain, the partner already
    holding a domain or a name (kpi.directory.clashes).
    """

    partner: Series[str] = pa.Field(nullable=False)
    partner_key: Series[str] = pa.Field(nullable=True, description="The partner however it is typed: spaces "
                                        "trimmed and collapsed, case folded (METHODOLOGY §1.4).")
    email_domains: Series[str] = pa.Field(nullable=True)
    aliases: Series[str] = pa.Field(nullable=True)
    source_file: Series[str] = pa.Field(nullable=False, description=_SOURCE_FILE)
    source_row: Series[np.int64] = pa.Field(nullable=False, description=_SOURCE_ROW)

    @pa.dataframe_check(name="duplicate_partner")
    def _listed_once(cls, df: pd.DataFrame) -> Series[bool]:
        return df["_duplicate_partner"].isna()

    @pa.dataframe_check(name="bad_domain")
    def _domains_well_formed(cls, df: pd.DataFrame) -> Series[bool]:
        return df["_bad_domain"].isna()

    @pa.dataframe_check(name="domain_taken")
    def _domain_of_one_partner(cls, df: pd.DataFrame) -> Series[bool]:
        return df["_domain_taken"].isna()

    @pa.dataframe_check(name="alias_taken")
    def _alias_of_one_partner(cls, df: pd.DataFrame) -> Series[bool]:
        return df["_alias_taken"].isna()


MODELS: dict[str, type[Stage]] = {"reviews": Reviews, "meetings": Meetings, "questions": Questions,
                                  "partners": Partners}
"""The clean model of each input table."""

# The column a frame-level failure is reported on, and its problem code.
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
