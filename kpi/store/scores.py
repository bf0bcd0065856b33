"""A version's scores table, computed once at publish and stored with it, and when it may be reused.

Stored scores are only as good as what made them: they carry a key (the settings they were
computed with, and a fingerprint of the scoring code) and are served only to a reader asking
for that very key. Other settings (a what-if weight) or an upgraded app score live.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from kpi.contracts.compiled import SCORE_TABLE_DTYPES
from kpi.settings import Settings
from kpi.store.blobs import decode, encode

_KPI = Path(__file__).resolve().parents[1]
SCORING_CODE = ("scoring/*.py", "contracts/*.py", "partners.py", "settings.py")
"""The files of kpi/ whose code makes a scores table (what `kpi.scoring` imports)."""


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the scoring code: the same on every server running the same release."""
    digest = hashlib.sha256()
    for pattern in SCORING_CODE:
        for path in sorted(_KPI.glob(pattern)):
            digest.update(path.relative_to(_KPI).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def scores_key(settings: Settings) -> str:
    """What a stored scores table was computed with: the scoring code and the settings (as TOML)."""
    return f"{code_fingerprint()}\n{settings.to_toml()}"


def scores_blob(reviews: pd.DataFrame | None, meetings: pd.DataFrame | None, questions: pd.DataFrame,
                settings: Settings) -> bytes | None:
    """`kpi.scoring.score_table` of the tables as a blob; None when scoring fails (readers then score live
    and show the error there, where it can be read, rather than refusing the publish)."""
    from kpi.scoring import score_table

    try:
        table = score_table(reviews, meetings, questions, settings)
    except Exception:  # noqa: BLE001 - any failure: the version is still published, scored by its readers
        return None
    return encode(table)


def scores_from_blob(blob: bytes, what: str) -> pd.DataFrame:
    """The stored scores table, with the dtypes of `ScoreTable`."""
    return decode([blob], dict(SCORE_TABLE_DTYPES), what)
