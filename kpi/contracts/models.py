"""pandera models of the three tables, after cells are parsed into typed values.

Parsing (kpi.validate.values) turns text into numbers, dates and categories and reports
what cannot be read; these models then check the rules of METHODOLOGY §1 on the
typed frame. Helper columns starting with `_` carry what a rule needs to see
(the question's scale, the row where a duplicate was first seen).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from kpi.contracts.schema import MEETING_TYPES, SIDES
from kpi.settings import KPIS


class Reviews(pa.DataFrameModel):
    """One answer to a partnership review questionnaire (long form)."""

    review_id: Series[str] = pa.Field(nullable=False, description="One completed questionnaire.")
    review_key: Series[str] = pa.Field(nullable=False, description="Questionnaire key, unique across files.")
    review_date: Series[pd.Timestamp] = pa.Field(nullable=False, description="When it was answered.")
    partner: Series[str] = pa.Field(nullable=False, description="The partner the review is about.")
    respondent_side: Series[str] = pa.Field(nullable=False, isin=list(SIDES), description="client or agency.")
    respondent: Series[str] = pa.Field(nullable=True, description="Who answered; blank when anonymous.")
    question_id: Series[str] = pa.Field(nullable=False, description="A question of the bank.")
    score: Series[float] = pa.Field(nullable=True, description="The answer; blank = not applicable.")
    importance: Series[float] = pa.Field(nullable=True, description="How much the item matters, same scale.")
    comment: Series[str] = pa.Field(nullable=True, description="Verbatim comment.")

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
        return ~df.duplicated(["review_key", "question_id"], keep="first") | df["question_id"].isna()

    class Config:
        strict = False


class Meetings(pa.DataFrameModel):
    """One meeting between the client and one or more partners."""

    meeting_id: Series[str] = pa.Field(nullable=True, description="Identifier of the meeting.")
    date: Series[pd.Timestamp] = pa.Field(nullable=False, description="When it took place.")
    partner: Series[str] = pa.Field(nullable=False, description="Partners, separated by ';'.")
    meeting_type: Series[str] = pa.Field(nullable=False, isin=list(MEETING_TYPES), description="Kind of meeting.")
    duration_min: Series[float] = pa.Field(nullable=True, ge=0, description="Length in minutes.")
    agenda_shared: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="Agenda sent before.")
    actions_opened: Series[float] = pa.Field(nullable=True, ge=0, description="Action items decided.")
    actions_closed: Series[float] = pa.Field(nullable=True, ge=0, description="Action items closed.")
    notes: Series[str] = pa.Field(nullable=True, description="Free notes.")

    @pa.dataframe_check(name="closed_gt_opened")
    def _closed_within_opened(cls, df: pd.DataFrame) -> Series[bool]:
        both = df["actions_closed"].notna() & df["actions_opened"].notna()
        return ~both | (df["actions_closed"] <= df["actions_opened"])

    class Config:
        strict = False


class Questions(pa.DataFrameModel):
    """One question of the bank."""

    question_id: Series[str] = pa.Field(nullable=False, description="Identifier answers refer to.")
    kpi: Series[str] = pa.Field(nullable=False, isin=list(KPIS), description="Habit or delivery.")
    text: Series[str] = pa.Field(nullable=False, description="The question as asked.")
    text_fr: Series[str] = pa.Field(nullable=True, description="The question in French.")
    scale_min: Series[float] = pa.Field(nullable=False, description="Lowest answer.")
    scale_max: Series[float] = pa.Field(nullable=False, description="Highest answer.")
    reverse: Series[bool] = pa.Field(nullable=False, description="A high answer is bad news.")

    @pa.dataframe_check(name="bad_scale")
    def _scale_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        both = df["scale_min"].notna() & df["scale_max"].notna()
        return ~both | (df["scale_max"] > df["scale_min"])

    @pa.dataframe_check(name="duplicate")
    def _defined_once(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(["question_id"], keep="first") | df["question_id"].isna()

    class Config:
        strict = False


MODELS = {"reviews": Reviews, "meetings": Meetings, "questions": Questions}

# The column a frame-level failure is reported on, and its problem code.
CHECK_COLUMN = {
    "unknown_question": "question_id",
    "review_conflict": "partner",
    "out_of_scale": "score",
    "importance_out_of_scale": "importance",
    "closed_gt_opened": "actions_closed",
    "bad_scale": "scale_max",
    "duplicate": "question_id",
}
