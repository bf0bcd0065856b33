"""The frame around every page: language, role, data source and the shared filters.

Every filter is a widget bound to the URL (`bind="query-params"`), so a copied URL
opens the same view for someone else. Pages read the resulting `View`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode
from pathlib import Path
from typing import Mapping

import pandas as pd
import streamlit as st

from kpi.errors import StoreError
from kpi.i18n import LANGS, MESSAGES, t
from kpi.reports import to_csv_bytes
from kpi.settings import Settings
from kpi.scoring.periods import as_of_date
from kpi.views import HABITS, default_partner, partners, period_text, periods
from ui import auth
from ui.data import VERSION_CHECK_S, Tables, current_tables, kept, newest_version, scores, settings_in_force

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
    as_of: object = None  # the latest date in the data (METHODOLOGY §2)
    unknown: tuple = ()  # (filter, value) pairs the URL asked for that the data does not have
    names: Mapping[str, str] = field(default_factory=dict)  # partner_key → the partner's name as shown

    def t(self, key: str, **params) -> str:
        return t(key, self.lang, **params)

    @cached_property
    def key(self) -> tuple:
        """Everything a viewer page shows depends on: the data (a published version id, or the sample), the
        settings in force, the filters, the language and the role."""
        return (self.tables.key, self.settings.to_toml(), self.period, self.partner_key, self.habit, self.lang,
                self.analyst)

    def kept(self, name: str, compute, *more):
        """`compute()` once per view (`key`), `name` and `more` for every session of this server: what a page
        computes from the view alone (frames, chart specs). The result is shared: never mutate it."""
        return kept((*self.key, name, *more), compute)

    def period_text(self, period: str | None = None) -> str:
        """A period as shown, `2026-H2, to 29 Oct` while the data stops inside it (the chosen one by default)."""
        return period_text(period or self.period, self.as_of, self.settings["period"], self.lang)

    def csv(self, frame: pd.DataFrame) -> bytes:
        """A download of a table: UTF-8 with BOM; `;` and a decimal comma on French screens (French Excel)."""
        return to_csv_bytes(frame, french=self.lang == "fr")

    @property
    def partner_name(self) -> str | None:
        return None if self.partner_key is None else str(self.names.get(self.partner_key, self.partner_key))


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
    params = {"partner": str(view.names.get(partner_key, partner_key)), "lang": LANG_NAMES[view.lang]}
    if period:
        params["period"] = period
    if view.settings["period"] == "quarter":  # the sidebar's period kind (build_view sets it in the settings)
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
    asked = {name: st.query_params.get(name) for name in ("period", "partner", "habit")}  # before binding drops them
    kinds = ["half", "quarter"]
    kind = st.sidebar.radio(t("period_kind", lang), kinds, index=kinds.index(settings["period"]),
                            format_func=PERIOD_KIND_LABELS.get, key="by", bind="query-params", horizontal=True)
    if kind in kinds:
        settings = settings.with_values({"period": kind})
    with store_errors(lang, "action_read"):
        table = scores(tables, settings)
    labels, as_of, names = kept((tables.key, settings.to_toml(), "filters"), lambda: _filter_options(tables, table))
    latest = period_text(labels[-1], as_of, settings["period"], lang) if labels else "—"
    # The options stay bare labels: a bound widget writes its shown option into the URL.
    period = st.sidebar.selectbox(t("period", lang), labels[::-1], index=None, key="period",
                                  bind="query-params", placeholder=latest)
    period = period or (labels[-1] if labels else None)
    if labels and period == labels[-1] and latest != period:
        st.sidebar.caption(t("running_note", lang, period=period, date=f"{pd.Timestamp(as_of):%Y-%m-%d}"))
    partner_key = st.sidebar.selectbox(t("partner", lang), list(names), index=None, key="partner",
                                       format_func=lambda k: names.get(k, k), bind="query-params",
                                       placeholder=t("all_partners", lang))
    habit = st.sidebar.selectbox(t("habit", lang), list(HABITS), index=len(HABITS) - 1, key="habit",
                                 format_func=lambda h: t(h, lang), bind="query-params")
    habit = habit if habit in HABITS else "overall"
    analyst = auth.is_analyst()
    shown = {"period": labels, "partner": list(names.values()), "habit": [t(h, lang) for h in HABITS]}
    unknown = tuple((name, value) for name, value in asked.items() if value and value not in shown[name])
    return View(lang, tables, settings, table, period, partner_key, habit, analyst, as_of, unknown, names)


def _filter_options(tables: Tables, table: pd.DataFrame) -> tuple[list[str], object, dict[str, str]]:
    # The periods, the as-of date and the partners' names: the same for every run on this version and settings.
    known = partners(table)
    return periods(table), as_of_date(tables.reviews, tables.meetings), dict(zip(known["partner_key"], known["partner"]))


def link_notice(view: View, page: str) -> None:
    """Name each value of a shared link that the data does not have, and what `page` shows instead."""
    for name, value in view.unknown:
        if name == "partner":
            first = default_partner(view.table)
            names = partners(view.table).set_index("partner_key")["partner"]
            shown = (view.t("first_partner", partner=plain(names[first])) if page == "partner" and first
                     else view.t("all_partners").lower())
        elif name == "period":
            shown = view.period_text()
        else:
            shown = view.t(view.habit)
        st.warning(view.t(f"unknown_{name}_link", value=plain(value), shown=shown), icon=":material/link_off:")


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


SHOWN_VALUES = {"respondent_side": "side_{}", "severity": "severity_{}", "meeting_type": "mt_{}"}
"""Columns whose values are codes, and the catalogue key that shows each value in the reader's language."""


def show_table(view: View, frame: pd.DataFrame, container=None, **column_config) -> None:
    """A table on screen: headers in the view's language, scores with one decimal (a decimal comma in French),
    blank cells empty. `column_config` overrides `table_columns`'."""
    def shown(value, key: str):
        return view.t(key.format(value)) if isinstance(value, str) and key.format(value) in MESSAGES else value

    frame = frame.assign(**{name: frame[name].map(lambda v, key=key: shown(v, key))
                            for name, key in SHOWN_VALUES.items() if name in frame.columns})
    config = table_columns(view, frame, **column_config)
    data = frame
    decimals = [name for name in frame.columns if pd.api.types.is_float_dtype(frame[name])]
    if view.lang == "fr" and decimals and frame.size <= 200_000:  # a Styler draws every cell: small tables only
        # Streamlit's number formats have no locale: the French text of each number comes from a Styler, and
        # the column keeps its numbers (it still sorts as numbers).
        formats = {}
        for name in decimals:
            column = config.get(name)
            spec = column.get("type_config", {}).get("format") if isinstance(column, dict) else None
            formats[name] = _french_number(spec or "%.1f")
            if isinstance(column, dict):
                config[name] = {**column, "type_config": {k: v for k, v in column.get("type_config", {}).items()
                                                          if k != "format"}}
        data = frame.style.format(formats, na_rep="")
    (container or st).dataframe(data, hide_index=True, width="stretch", column_config=config, placeholder="")


def _french_number(spec: str):
    # printf specs of the tables ("%.1f", "%+.1f", "%.2f") as Python's, with a decimal comma.
    python = "{:" + spec.removeprefix("%") + "}"
    return lambda value: "" if pd.isna(value) else python.format(value).replace(".", ",")


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
