"""What the rest of kpi reads of the contract, derived from the models (kpi.contracts.raw, .models) through
kpi.contracts.compiled (no pandera): the input tables' columns, their clean form, and the names tables and
sheets go by.

Names are matched after `fold` (kpi.contracts.vocabulary): `Durée (min)` matches `duration_min`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from kpi.contracts.compiled import CLEAN_DTYPES, INPUT_COLUMNS
from kpi.contracts.vocabulary import (MEETING_TYPES, NOT_APPLICABLE, NOT_APPLICABLE_FOLDED, SIDES, VALUE_ALIASES,
                                      VALUE_LOOKUP, fold, fold_series)

__all__ = [
    "TABLES", "Column", "COLUMNS", "CLEAN_COLUMNS", "SHEET_NAMES", "SHEET_LOOKUP", "column", "column_lookup",
    "empty_clean", "required_columns", "table_from_sheet_name",
    # the vocabulary, read from here by most callers
    "MEETING_TYPES", "NOT_APPLICABLE", "NOT_APPLICABLE_FOLDED", "SIDES", "VALUE_ALIASES", "VALUE_LOOKUP", "fold",
    "fold_series",
]

TABLES: tuple[str, ...] = tuple(INPUT_COLUMNS)


@dataclass(frozen=True)
class Column:
    """One column of an input table, as its raw model declares it."""

    name: str
    kind: str  # text, date, number, integer, yesno, side, meeting_type, kpi
    required: bool
    aliases: tuple[str, ...]
    description: str


COLUMNS: dict[str, tuple[Column, ...]] = {table: tuple(Column(*column) for column in listed)
                                          for table, listed in INPUT_COLUMNS.items()}
"""The columns of each input table, in the order they are read and checked."""

CLEAN_COLUMNS: dict[str, dict[str, str]] = {table: dict(listed) for table, listed in CLEAN_DTYPES.items()}
"""The clean tables every later stage reads: column → dtype, in the clean table's order."""


def empty_clean(table: str) -> pd.DataFrame:
    """An empty clean table with the right columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in CLEAN_COLUMNS[table].items()})


def column_lookup(table: str) -> dict[str, str]:
    """Folded header → canonical column name for one table (canonical names win over aliases)."""
    out: dict[str, str] = {fold(c.name): c.name for c in COLUMNS[table]}
    for col in COLUMNS[table]:
        for alias in col.aliases:
            out.setdefault(fold(alias), col.name)
    return out


def column(table: str, name: str) -> Column:
    """The Column of one table by canonical name."""
    for col in COLUMNS[table]:
        if col.name == name:
            return col
    raise KeyError(f"{table}.{name}")


def required_columns(table: str) -> list[str]:
    """Canonical names of the required columns of a table."""
    return [c.name for c in COLUMNS[table] if c.required]


SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "reviews": ("reviews", "review", "answers", "responses", "survey", "surveys", "revues", "revue",
                "evaluations", "evaluation", "reponses", "questionnaires", "enquete", "partnership reviews"),
    "meetings": ("meetings", "meeting", "meeting log", "meetings log", "reunions", "reunion",
                 "journal des reunions", "log", "calendar", "rendez vous"),
    "questions": ("questions", "question bank", "questionbank", "banque de questions", "items", "bank"),
    "partners": ("partners", "partner directory", "directory", "partner list", "annuaire", "annuaire des partenaires",
                 "repertoire", "repertoire des partenaires", "liste des partenaires"),
}
"""Sheet names that announce a table."""

SHEET_LOOKUP: dict[str, str] = {fold(n): t for t, names in SHEET_NAMES.items() for n in names}

_TRAILING_NUMBER = re.compile(r"\d+$")


def table_from_sheet_name(name: str) -> str | None:
    """The table a sheet name announces, or None ("Meetings 2025" counts as meetings)."""
    folded = fold(name)
    if folded in SHEET_LOOKUP:
        return SHEET_LOOKUP[folded]
    stripped = _TRAILING_NUMBER.sub("", folded)
    return SHEET_LOOKUP.get(stripped)
