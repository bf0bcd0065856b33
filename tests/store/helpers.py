"""Tiny clean tables for the store tests: every dtype, missing values, emoji, long and tiny numbers."""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd
import sqlalchemy as sa

from kpi.contracts.schema import CLEAN_COLUMNS


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


def row_count(url, table):
    with sqlite3.connect(sa.make_url(url).database) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
