"""Store errors as messages: a page that touches the published-data database says what happened and what to
do, and never ends on Streamlit's (redacted) error page; a write that waits for another publish says so."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import streamlit as st

from kpi.errors import StoreBusy, StoreError
from kpi.i18n import t
from kpi.store import engine
from ui import auth


@contextmanager
def store_errors(lang: str, action: str) -> Iterator[None]:
    """Run the block; a StoreError raised in it is shown as a message (`action`: a kpi.i18n key naming what
    could not be done) and ends this run. The error's own words are shown to analysts only."""
    try:
        yield
    except StoreBusy:
        st.error(t("store_busy", lang, action=t(action, lang), seconds=engine.BUSY_TIMEOUT_S),
                 icon=":material/hourglass_disabled:")
        _retry(lang)
    except StoreError as exc:
        from ui.shell import plain  # ui.shell guards its own store reads with this module

        st.error(t("store_failed", lang, action=t(action, lang)), icon=":material/database:")
        if auth.is_analyst():
            st.caption(t("store_failed_detail", lang, detail=plain(exc)))
        _retry(lang)


def _retry(lang: str) -> None:
    if st.button(t("store_retry", lang), key="store_retry"):
        st.rerun()
    st.stop()


def waiting(placeholder, lang: str):
    """A `waiting(seconds)` callback for the store's writes: a progress line in `placeholder` while
    another publish holds the database, up to the store's limit."""
    def show(seconds: float) -> None:
        limit = engine.BUSY_TIMEOUT_S
        placeholder.progress(min(1.0, seconds / limit),
                             text=t("store_waiting", lang, seconds=int(seconds), limit=int(limit)))
    return show
