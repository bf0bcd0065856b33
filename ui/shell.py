"""The frame around every page: language, role, data source and the shared filters.

Every filter is a widget bound to the URL (`bind="query-params"`), so a copied URL
opens the same view for someone else. Pages read the resulting `View`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode
from pathlib import Path

import pandas as pd
import streamlit as st

from kpi.errors import StoreError
from kpi.i18n import LANGS, MESSAGES, t
from kpi.reports import to_csv_bytes
from kpi.settings import Settings
from kpi.views import HABITS, partners, periods
from ui import auth
from ui.data import VERSION_CHECK_S, Tables, current_tables, newest_version, scores, settings_in_force

LANG_NAMES = {"en": "English", "fr": "Français"}
# Bound widgets keep their *shown* option in the URL, so these labels must not change with the language.
PERIOD_KIND_LABELS = {"half": "H1 · H2", "quarter": "Q1 · Q2 · Q3 · Q4"}
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """User text (partner, file or person names) made inert for Streamlit's markdown: shown as typed."""
    return _MARKDOWN.sub(r"\\\1", str(text))


@dataclass(frozen=True)
class View:
    """What the current page shows: language, data, settings, scores and the chosen filters."""

    lang: str
    tables: Tables
    settings: Settings
    table: pd.DataFrame
    period: str | None
    partner_key: str | None
    habit: str
    analyst: bool

    def t(self, key: str, **params) -> str:
        return t(key, self.lang, **params)

    def csv(self, frame: pd.DataFrame) -> bytes:
        """A download of a table: UTF-8 with BOM; `;` and a decimal comma on French screens (French Excel)."""
        return to_csv_bytes(frame, french=self.lang == "fr")

    @property
    def partner_name(self) -> str | None:
        if self.partner_key is None:
            return None
        names = self.table.loc[self.table["partner_key"] == self.partner_key, "partner"]
        return str(names.iloc[0]) if len(names) else self.partner_key


def _keep_habit_across_languages() -> None:
    # The habit's shown name changes with the language; writing the value back before the widget
    # is drawn makes Streamlit put the new language's name in the URL instead of dropping the filter.
    if st.session_state.get("habit") in HABITS:
        st.session_state["habit"] = st.session_state["habit"]


def language() -> str:
    """The language chosen in the sidebar (kept in the URL as ?lang=Français)."""
    return st.sidebar.segmented_control(
        "Language / Langue", LANGS, format_func=LANG_NAMES.get, default="en", key="lang",
        bind="query-params", selection_mode="single", on_change=_keep_habit_across_languages) or "en"


def partner_url(view: "View", partner_key: str, period: str | None) -> str:
    """The address of a partner's page for a period, with this view's language and period kind.

    Bound filters keep their shown label in the URL (?partner=Northwind+Media&lang=Français).
    """
    names = view.table.loc[view.table["partner_key"] == partner_key, "partner"]
    params = {"partner": str(names.iloc[0]) if len(names) else partner_key, "lang": LANG_NAMES[view.lang]}
    if period:
        params["period"] = period
    if st.session_state.get("by") == "quarter":
        params["by"] = PERIOD_KIND_LABELS["quarter"]
    if view.habit != "overall":
        params["habit"] = t(view.habit, view.lang)
    return "partner?" + urlencode(params)


def build_view(lang: str) -> View:
    """Sidebar filters and the data they select; stops the page behind the viewer gate when needed."""
    from ui.errors import store_errors

    if not auth.viewer_allowed():
        auth.viewer_gate(lang)
    with store_errors(lang, "action_read"):
        tables = current_tables()
        settings = settings_in_force()  # one read of the published settings per run
    kinds = ["half", "quarter"]
    kind = st.sidebar.radio(t("period_kind", lang), kinds, index=kinds.index(settings["period"]),
                            format_func=PERIOD_KIND_LABELS.get, key="by", bind="query-params", horizontal=True)
    if kind in kinds:
        settings = settings.with_values({"period": kind})
    with store_errors(lang, "action_read"):
        table = scores(tables, settings)
    labels = periods(table)
    period = st.sidebar.selectbox(t("period", lang), labels[::-1], index=None, key="period",
                                  bind="query-params", placeholder=labels[-1] if labels else "—")
    period = period or (labels[-1] if labels else None)
    known = partners(table)
    names = dict(zip(known["partner_key"], known["partner"]))
    partner_key = st.sidebar.selectbox(t("partner", lang), list(names), index=None, key="partner",
                                       format_func=lambda k: names.get(k, k), bind="query-params",
                                       placeholder=t("all_partners", lang))
    habit = st.sidebar.selectbox(t("habit", lang), list(HABITS), index=len(HABITS) - 1, key="habit",
                                 format_func=lambda h: t(h, lang), bind="query-params")
    habit = habit if habit in HABITS else "overall"
    analyst = auth.is_analyst()
    return View(lang, tables, settings, table, period, partner_key, habit, analyst)


def source_line(view: View) -> None:
    """Where the numbers come from, in the sidebar; the sample is labelled as such on every page."""
    tables = view.tables
    if tables.is_sample:
        st.warning(view.t("sample_banner"), icon=":material/science:")
        st.sidebar.caption(view.t("source_sample"))
    else:
        when = local_time(tables.created_at) if tables.created_at is not None else "?"
        st.sidebar.caption(view.t("source_version", version=tables.version, when=when, who=plain(tables.created_by)))
    if st.session_state.get("whatif"):
        st.sidebar.info(view.t("whatif_active"))


def local_time(value) -> str:
    """A moment stored in UTC as the reader's clock shows it (the browser's time zone; the server's when the
    browser did not say): `2026-03-15 14:30`, no offset."""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    try:
        zone = st.context.timezone
    except Exception:  # no browser behind this run
        zone = None
    try:
        local = stamp.tz_convert(zone) if zone else pd.Timestamp(stamp.to_pydatetime().astimezone())
    except Exception:  # a zone name this machine does not know
        local = pd.Timestamp(stamp.to_pydatetime().astimezone())
    return local.strftime("%Y-%m-%d %H:%M")


@st.fragment(run_every=VERSION_CHECK_S)
def newer_version_notice(lang: str, shown: int | None) -> None:
    """While a tab stays open, say when a version newer than the one it shows (`shown`, None for the sample)
    has been published, with a button that shows it. Asks the store for the newest version id only."""
    try:
        newest = newest_version()
    except StoreError:  # a background check stays quiet: the next run of the page says what is wrong
        return
    if newest is None or (shown is not None and newest["id"] <= shown):
        return
    with st.container(border=True):
        st.warning(t("newer_version", lang, version=newest["id"], who=plain(newest["created_by"]),
                     when="?" if newest["created_at"] is None else local_time(newest["created_at"])),
                   icon=":material/update:")
        if st.button(t("show_newer_version", lang, version=newest["id"]), key="show_newer_version", type="primary"):
            st.rerun(scope="app")


def table_columns(view: View, frame: pd.DataFrame, **overrides) -> dict:
    """`column_config` for a table on screen: headers in the view's language, scores with one decimal."""
    config: dict = {}
    for name in frame.columns:
        key = f"col_{name}" if f"col_{name}" in MESSAGES else name if name in MESSAGES else None
        label = view.t(key) if key else str(name)
        if pd.api.types.is_float_dtype(frame[name]):
            config[name] = st.column_config.NumberColumn(label, format="%.1f")
        elif pd.api.types.is_datetime64_any_dtype(frame[name]):
            config[name] = st.column_config.DatetimeColumn(label, format="YYYY-MM-DD HH:mm")
        else:
            config[name] = label
    config.update(overrides)
    return config


def leave_pages_folder_mode() -> None:
    """On the first run after the server starts, Streamlit 1.67 runs app.py inside its legacy pages-folder
    navigation (there is a `pages/` folder), which gives this session's widgets other ids than every later
    run: the first click of the first visitor would be lost (tests/test_oidc.py caught it on the login
    button). Leave that mode and run again at once, before any widget is drawn."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def current() -> View:
    """The View built by app.py for this run.

    On the first run after the server starts (and on every AppTest run), Streamlit's
    legacy pages/ folder mode can run a page such as pages/partner.py without app.py.
    The page then has no View: switch Streamlit to app.py's router and run it in this
    same run (so a deep link or a button click is not lost), then end the outer run.
    """
    view = st.session_state.get("_view")
    if view is None:
        import runpy

        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        runpy.run_path(str(Path(__file__).resolve().parents[1] / "app.py"), run_name="__main__")
        st.stop()
    return view


def require_analyst(view: View) -> None:
    """Stop an analyst page for anyone else (it is not in their navigation; this guards a typed URL)."""
    if not view.analyst:
        st.error(view.t("viewer_gate"))
        st.stop()


def share_hint(view: View) -> None:
    """A one-line reminder that the URL carries the view."""
    st.caption(":material/link: " + view.t("copy_link"))
