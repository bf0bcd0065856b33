"""Tiny clean tables for the store tests: every dtype, missing values, emoji, long and tiny numbers; waves of
scorable answers cut into sources; what the database holds, asked in SQL on either database."""

from __future__ import annotations

import numpy as np
import pandas as pd
import sqlalchemy as sa

from kpi.contracts.schema import CLEAN_COLUMNS
from kpi.questions import default_questions
from kpi.store import SourceData, sha256

from tests import tables


def clean(table, **columns):
    frame = pd.DataFrame(columns).astype(CLEAN_COLUMNS[table])
    assert list(frame.columns) == list(CLEAN_COLUMNS[table])
    return frame


def reviews(n=3):
    partner = "Agence Étoile 🚀"
    rows = {
        "review_id": ["R1", "R1", None][:n],
        "review_key": ["a.csv#R1", "a.csv#R1", "a.csv#R2"][:n],
        "review_date": pd.to_datetime(["2026-03-15 14:30:05.123456", "2026-03-15 00:00:00", None][:n],
                                      format="ISO8601"),
        "partner": [partner, partner, "Acme"][:n],
        "partner_key": ["agence étoile 🚀", "agence étoile 🚀", "acme"][:n],
        "respondent_side": ["client", "client", "agency"][:n],
        "respondent": [None, "", "bob@x.fr"][:n],
        "question_id": ["Q1", "Q2", "Q1"][:n],
        "score": [4.0, np.nan, 0.1 + 0.2][:n],
        "importance": [np.nan, 5.0, 1e-300][:n],
        "comment": ['dit "oui"\nmais…', "", None][:n],
        "source_file": ["a.csv"] * n,
        "source_row": [2, 3, 2**40][:n],
    }
    return clean("reviews", **rows)


def meetings():
    return clean(
        "meetings",
        meeting_id=["M1", None, "M3"],
        date=pd.to_datetime(["2026-01-05 09:00", "2026-02-01", "2026-03-01 17:45:59"], format="ISO8601"),
        partner=["Acme", "Acme; Agence Étoile 🚀", "Acme"],
        meeting_type=["qbr", "workshop", "status"],
        duration_min=[60.0, np.nan, 30.5],
        agenda_shared=pd.array([True, pd.NA, False], dtype="boolean"),
        actions_opened=[3.0, np.nan, 0.0],
        actions_closed=[1.0, np.nan, 0.0],
        notes=["", None, "ligne 1\nligne 2"],
        source_file=["m.xlsx"] * 3,
        source_row=[2, 3, 4],
    )


def questions():
    return clean(
        "questions",
        question_id=["Q1", "Q2"],
        kpi=["informed", "delivery"],
        text=["We are kept informed", "They deliver"],
        text_fr=["Nous sommes informés", None],
        scale_min=[1.0, 0.0],
        scale_max=[5.0, 10.0],
        reverse=[False, True],
    )


def sql(url, query, **params):
    """Every row of one SQL query on the database at `url` (None for a statement that returns none)."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            result = conn.execute(sa.text(query), params)
            return result.all() if result.returns_rows else None
    finally:
        engine.dispose()


def row_count(url, table):
    return sql(url, f"SELECT count(*) FROM {table}")[0][0]


def wave(file, partners=("Acme", "Globex"), date="2026-03-10", score=4, side="client"):
    """Scorable reviews of one file: one questionnaire per partner answering INF1 and DEL1."""
    rows = []
    for i, partner in enumerate(partners):
        for question in ("INF1", "DEL1"):
            rows.append((f"{file}-{i}", date, partner, side, question, score, None, file))
    return tables.reviews(*rows)


def log(file, partners=("Acme",), date="2026-03-02"):
    """Scorable meetings of one file: one QBR per partner."""
    return tables.meetings(*[(date, partner, "qbr", True, 2, 1) for partner in partners]).assign(source_file=file)


def source(name, reviews=None, meetings=None, content=None, **fields):
    """A SourceData whose bytes are `content` (by default, the name)."""
    digest = sha256((content if content is not None else name).encode())
    return SourceData(name, digest, reviews=reviews, meetings=meetings, **fields)


def bank():
    return default_questions()
