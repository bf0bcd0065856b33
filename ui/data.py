"""Where the dashboard's data comes from, cached: the published store, or the bundled sample.

Big frames are cached with `st.cache_resource` (shared, never copied) and keyed by
the store version and the settings in force, so switching pages on a million
answers costs a dictionary lookup. Nothing here mutates a cached frame. Every run
asks the store for the current version (one indexed query), so a version published
through another app server shows within a run; the scores of a version come from the
store when they were computed at publish with the settings in force. What a page
computes from its view (frames, chart specs) is kept too (`kept`), keyed by the
version id, the settings, the filters and the language, so that a viewer's page run
is mostly drawing what another session computed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

import pandas as pd
import streamlit as st

from kpi.ingest.files import Source
from kpi.scoring import score_table
from kpi.settings import Settings, parse_settings
from kpi.store import Store, database_url
from kpi.validate.dataset import load

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_FILES = (ROOT / "data" / "sample" / "partnership_sample.xlsx",)

VERSION_CHECK_S = 10
"""How often a tab left open asks the store whether a newer version was published (one indexed query)."""


def secrets() -> dict:
    """st.secrets as a plain dict; empty when no secrets file exists."""
    try:
        return {k: st.secrets[k] for k in st.secrets}
    except Exception:  # no secrets.toml: Streamlit raises its own not-found error
        return {}


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The store of published versions (SQLite next to the app unless configured)."""
    return Store(database_url(os.environ, secrets()))


@dataclass(frozen=True)
class Tables:
    """The clean tables the dashboard shows, and where they come from."""

    key: str  # "sample" or "v<version>"
    reviews: pd.DataFrame | None
    meetings: pd.DataFrame | None
    questions: pd.DataFrame
    is_sample: bool
    version: int | None = None
    created_at: object = None
    created_by: str = ""
    files: tuple = ()


@st.cache_resource(show_spinner="Loading the sample data…")
def _sample() -> Tables:
    data = load([Source.from_path(p) for p in SAMPLE_FILES])
    tables = Tables("sample", data.reviews, data.meetings, data.questions, is_sample=True,
                    files=tuple(p.name for p in SAMPLE_FILES))
    return tables


@st.cache_resource(show_spinner="Loading the published data…", max_entries=3)
def _published(version: int) -> Tables:
    pub = store().load(version)
    tables = Tables(f"v{version}", pub.reviews, pub.meetings, pub.questions, is_sample=False, version=pub.version,
                    created_at=pub.created_at, created_by=pub.created_by, files=tuple(pub.files))
    return tables


def current_tables() -> Tables:
    """The latest published version, or the bundled sample while nothing is published."""
    version = store().current_version()
    return _sample() if version is None else _published(version)


@st.cache_data(show_spinner=False, max_entries=16)
def _version_facts(url: str, version: int) -> dict:
    versions = store().versions().set_index("id")
    if version not in versions.index:  # pruned meanwhile: the id is all there is to say
        return {"id": version, "created_at": None, "created_by": ""}
    row = versions.loc[version]
    return {"id": version, "created_at": row["created_at"], "created_by": str(row["created_by"])}


def newest_version() -> dict | None:
    """The newest published version (id, created_at, created_by), None when nothing is published.
    Only its id is asked each time; who and when once per version."""
    version = store().current_version()
    return None if version is None else _version_facts(store().url, version)


@st.cache_data(show_spinner=False, max_entries=1024)
def _changes(url: str, version: int) -> dict:
    return store().version_changes(version)


def version_changes(versions) -> dict[int, dict]:
    """What each of these versions added, replaced and removed (`Store.version_changes`), read once per
    version: a version id always means the same change."""
    return {int(v): _changes(store().url, int(v)) for v in versions}


def published_settings() -> Settings:
    """The weights and thresholds analysts saved (defaults when none)."""
    return store().load_settings()


def settings_in_force() -> Settings:
    """Published settings, with this session's what-if weights applied."""
    settings = published_settings()
    whatif = st.session_state.get("whatif")
    return settings.with_values(whatif) if whatif else settings


@st.cache_resource(show_spinner="Scoring…", max_entries=32)
def _scored(key: str, settings_toml: str, _tables: Tables) -> pd.DataFrame:
    settings = parse_settings(settings_toml)
    if _tables.version is not None:
        # Scored once at publish: any server's first view of a version under its published settings is
        # a read. What-if weights (or an app upgrade that changed the scoring) get None and score live.
        stored = store().load_scores(_tables.version, settings)
        if stored is not None:
            return stored
    table = score_table(_tables.reviews, _tables.meetings, _tables.questions, settings)
    return table


def scores(tables: Tables, settings: Settings) -> pd.DataFrame:
    """The score table of these tables under these settings (cached by source and settings)."""
    return _scored(tables.key, settings.to_toml(), tables)


@st.cache_resource(show_spinner=False, max_entries=4096)
def _kept(key: tuple, _compute: Callable[[], T]) -> T:
    value = _compute()
    return value


def kept(key: tuple, compute: Callable[[], T]) -> T:
    """`compute()` once per `key` for every session of this server (one computes, the others wait for it).

    The key must name everything the result depends on: a published version id always means the same data,
    so a key holding it (`View.key`) is never stale, and a newer version makes new keys. The result is
    shared, never copied: callers must not mutate it. A cache only: every replica computes its own."""
    return _kept(key, compute)
