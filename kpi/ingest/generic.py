"""The generic reader of METHODOLOGY §1: tables in our own columns, in any order, English or French.

It is the fallback for a file no survey format claims: the header is the first early row
where two or more cells are known column names, and the table (reviews, meetings,
questions) is recognised from the sheet name or the columns.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

import pandas as pd

from kpi.contracts.schema import COLUMNS, column_lookup, fold, table_from_sheet_name

if TYPE_CHECKING:
    from kpi.ingest.files import RawTable

HEADER_SEARCH_ROWS = 15


@lru_cache(maxsize=1)
def _known_headers() -> frozenset[str]:
    from kpi.questions import bank_headers, default_questions

    aliases = {fold(alias) for cols in COLUMNS.values() for c in cols for alias in (c.name, *c.aliases)}
    return frozenset(aliases | bank_headers(default_questions()))


def find_header(frame: pd.DataFrame) -> int:
    """Position of the header row: the first early row where two or more cells are known column names."""
    known = _known_headers()
    for pos in range(min(HEADER_SEARCH_ROWS, len(frame))):
        cells = [fold(v) for v in frame.iloc[pos] if str(v).strip()]
        if sum(c in known for c in cells) >= 2:
            return pos
    for pos in range(len(frame)):  # no known names: the first non-blank row
        if any(str(v).strip() for v in frame.iloc[pos]):
            return pos
    return 0


def recognise(raw: RawTable, question_headers: Iterable[str] = ()) -> str | None:
    """Which table a raw table holds (reviews, meetings, questions, partners): by its sheet name, else by its
    columns; None if unclear.

    `question_headers` are folded question ids and texts, so that a wide-form
    questionnaire (one column per question) is recognised as reviews.
    """
    if raw.table:
        return raw.table
    if raw.sheet:
        by_name = table_from_sheet_name(raw.sheet)
        if by_name:
            return by_name
    folded = {fold(h) for h in raw.headers}
    lookups = {t: column_lookup(t) for t in COLUMNS}  # once per table, not once per header (100,000 columns)
    found = {t: {lookups[t].get(h) for h in folded} - {None} for t in COLUMNS}
    questions_like = set(question_headers)
    n_question_cols = sum(h in questions_like for h in folded)
    if {"question_id", "kpi", "text"} <= found["questions"] and found["questions"] & {"scale_min", "scale_max"}:
        return "questions"
    if "partner" in found["partners"] and found["partners"] & {"email_domains", "aliases"} and not (
            found["meetings"] & {"date", "meeting_type"} or found["reviews"] & {"question_id", "score"}):
        return "partners"
    if "meeting_type" in found["meetings"] and {"date", "partner"} <= found["meetings"]:
        return "meetings"
    if {"question_id", "score"} <= found["reviews"] and "partner" in found["reviews"]:
        return "reviews"
    if n_question_cols >= 1 and "partner" in found["reviews"]:
        return "reviews"
    # Otherwise the table whose own columns are clearly there, even with some missing:
    # validation then names what is missing instead of a vague "unknown table".
    own = {t: len(found[t] & cols) for t, cols in _DISTINCTIVE.items()}
    best = max(own, key=own.get)
    if own[best] >= 2 and list(own.values()).count(own[best]) == 1:
        return best
    return None


_DISTINCTIVE = {
    "reviews": {"review_id", "review_date", "respondent_side", "question_id", "score", "importance"},
    "meetings": {"meeting_type", "duration_min", "agenda_shared", "actions_opened", "actions_closed"},
    "questions": {"kpi", "scale_min", "scale_max", "text", "reverse"},
    "partners": {"email_domains", "aliases"},
}
