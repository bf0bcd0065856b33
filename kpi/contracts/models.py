"""Clean stage: the input tables after cells are parsed into typed values, with the rules of METHODOLOGY §1.

Each model extends its raw model (kpi.contracts.raw): it declares every column of the clean
table, in the clean table's order, with its dtype and rules, and adds the columns validation
derives (the questionnaire and partner keys, the file and row each row came from). A column of
the raw stage keeps its description from there.

Parsing (kpi.validate.values) turns text into numbers, dates and categories and reports
what cannot be read; these models then check the rules on the typed frame (a rule over several
cells is a function of kpi.contracts.rules, which also tells a valid table so without pandera). Helper columns
starting with `_` carry what a rule needs to see (the question's scale, the row where a
duplicate was first seen).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from kpi.contracts import rules
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
        return rules.review_conflict(df)

    @pa.dataframe_check(name="unknown_question")
    def _known_question(cls, df: pd.DataFrame) -> Series[bool]:
        return rules.unknown_question(df)

    @pa.dataframe_check(name="out_of_scale")
    def _score_in_scale(cls, df: pd.DataFrame) -> Series[bool]:
        return rules.out_of_scale(df)

    @pa.dataframe_check(name="importance_out_of_scale")
    def _importance_in_scale(cls, df: pd.DataFrame) -> Series[bool]:
        return rules.importance_out_of_scale(df)

    @pa.dataframe_check(name="duplicate")
    def _answered_once(cls, df: pd.DataFrame) -> Series[bool]:
        return rules.answered_once(df)


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
        return rules.closed_within_opened(df)


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
        return rules.scale_ordered(df)

    @pa.dataframe_check(name="duplicate")
    def _defined_once(cls, df: pd.DataFrame) -> Series[bool]:
        return rules.defined_once(df)


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
        return rules.FRAME_RULES["partners"]["duplicate_partner"](df)

    @pa.dataframe_check(name="bad_domain")
    def _domains_well_formed(cls, df: pd.DataFrame) -> Series[bool]:
        return rules.FRAME_RULES["partners"]["bad_domain"](df)

    @pa.dataframe_check(name="domain_taken")
    def _domain_of_one_partner(cls, df: pd.DataFrame) -> Series[bool]:
        return rules.FRAME_RULES["partners"]["domain_taken"](df)

    @pa.dataframe_check(name="alias_taken")
    def _alias_of_one_partner(cls, df: pd.DataFrame) -> Series[bool]:
        return rules.FRAME_RULES["partners"]["alias_taken"](df)


MODELS: dict[str, type[Stage]] = {"reviews": Reviews, "meetings": Meetings, "questions": Questions,
                                  "partners": Partners}
"""The clean model of each input table."""
