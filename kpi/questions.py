"""The question bank: the default one shipped with kpi, and helpers over any bank."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from kpi.contracts.schema import CLEAN_COLUMNS

DEFAULT_BANK = Path(__file__).with_name("data") / "questions.csv"


@lru_cache(maxsize=1)
def _default() -> pd.DataFrame:
    raw = pd.read_csv(DEFAULT_BANK, dtype=str, keep_default_na=False, encoding="utf-8")
    bank = raw.assign(
        scale_min=raw["scale_min"].astype("float64"),
        scale_max=raw["scale_max"].astype("float64"),
        reverse=raw["reverse"].str.lower().eq("yes"),
        text_fr=raw["text_fr"].replace("", None),
    )
    return bank[list(CLEAN_COLUMNS["questions"])].astype(CLEAN_COLUMNS["questions"])


def bank_headers(bank: pd.DataFrame) -> set[str]:
    """Folded ids and wordings (English and French) of a bank: the column names a wide questionnaire may use."""
    from kpi.contracts.schema import fold

    return {fold(v) for v in pd.concat([bank["question_id"], bank["text"], bank["text_fr"]]).dropna()}


def default_questions() -> pd.DataFrame:
    """The default bank: about 20 questions over the five habits and delivery, English and French."""
    return _default().copy()
