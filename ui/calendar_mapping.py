"""The Upload page's mapping step for calendars (METHODOLOGY §9): which column holds each part of an event, and
which category means which meeting type, saved as a profile like a survey export's mapping.

A calendar export the rules recognise (an Outlook CSV, an `.ics`) shows its columns as read and its
categories with the type each gives, collapsed: nothing is asked, anything can be changed. A table no rule
recognises but whose headers look like a calendar (another language's Outlook, another tool's event list)
shows the columns guessed, open: its rows wait until the analyst confirms them. The answers live with the
survey mappings (`ui.mapping.mappings`), so the page reads the files again with them; nothing here decides
what a column means (kpi.ingest.outlook_csv guesses, kpi.ingest.calendars applies).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kpi.ingest import outlook_csv
from kpi.ingest.calendars import is_calendar
from kpi.ingest.mapping import CALENDAR_ROLES, IGNORE, Mapping, Profile, meeting_types
from ui.mapping import Section, apply_or_save, format_name, mappings, part_of, widget_key
from ui.shell import View, plain

BY_KEYWORDS = "\x00keywords"
"""The category option meaning: no type of its own, the keyword rules decide (headers never hold NUL)."""


def calendar_loads(data) -> list:
    """The loads of a Dataset that are calendars, or tables no rule recognised that look like one."""
    return [load for load in data.loads if load.raw is not None and (
        is_calendar(load.raw) or (load.table is None and outlook_csv.looks_like_calendar(load.raw.headers)))]


def calendar_section(view: View, load, profiles: list[Profile]) -> bool:
    """One calendar: its columns and categories, Apply and Save. True while the rows wait for an answer (a table
    that looks like a calendar, its columns not confirmed yet)."""
    raw = load.raw
    unknown = not is_calendar(raw)
    read = raw.survey  # a CalendarRead once the rules of §9 ran
    signature = outlook_csv.signature(raw)
    key = widget_key("calendar", raw.where, signature)
    applied = {p.signature: p for p in profiles}.get(signature)
    given = part_of(mappings().get(raw.file), calendar=True)
    unsaved = given not in (None, Mapping()) and (applied is None or applied.mapping != given)
    fmt = format_name(view, raw.format if not unknown else outlook_csv.TABLE_FORMAT)
    state = ("cal_open" if unknown else "mapping_done_unsaved" if unsaved
             else "mapping_done_saved" if applied else "cal_done")
    title = view.t(state, file=plain(load.file), format=fmt, name=plain(applied.name) if applied else "")
    with st.expander(title, expanded=unknown or unsaved, icon=":material/calendar_month:", key=widget_key(key, title),
                     on_change="rerun"):
        if unknown:
            st.caption(view.t("cal_unknown_help", n=load.rows_read))
        else:
            st.caption(view.t("cal_facts", format=fmt[:1].upper() + fmt[1:], events=read.events, read=load.rows_read,
                              kept=load.n_valid))
        if unsaved:
            st.info(view.t("mapping_save_hint"), icon=":material/bookmark_add:")
        columns = _columns(view, raw, read, key) if raw.format != "ics" else {}
        categories = _categories(view, read, key) if not unknown else {}
        answers = Mapping(columns=columns, categories=categories)
        default = Path(raw.file).stem if raw.format != "ics" else view.t("cal_ics_profile")
        apply_or_save(view, Section(raw.file, key, calendar=True), Profile(
            applied.name if applied else default, signature, answers,
            raw.format if not unknown else outlook_csv.TABLE_FORMAT), asking=unknown, unsaved=unsaved)
    return unknown


def _columns(view: View, raw, read, key: str) -> dict[str, str]:
    """A selectbox per calendar role, filled in with the column read now (or guessed): role → header."""
    if read is not None and read.headers:
        headers, now = read.headers, dict(read.roles)
    else:
        headers = list(raw.headers)
        now = {role: headers[pos] for role, pos in outlook_csv.guess_roles(headers).items()}
    st.markdown("**" + view.t("cal_columns") + "**")
    boxes = st.columns(3)
    options = [IGNORE, *headers]
    chosen = {}
    for i, role in enumerate(CALENDAR_ROLES):
        current = now.get(role, IGNORE)
        chosen[role] = boxes[i % 3].selectbox(
            view.t(f"cal_role_{role}"), options, index=options.index(current) if current in options else 0,
            format_func=lambda o: view.t("cal_not_read") if o == IGNORE else o, key=widget_key(key, "role", role))
    return chosen


def _categories(view: View, read, key: str) -> dict[str, str]:
    """A selectbox per category of the meetings kept, filled in with its mapped type or the keyword rules' guess:
    category → type, for the categories given a type of their own."""
    if read is None or not read.categories:
        st.caption(view.t("cal_no_categories"))
        return {}
    st.markdown("**" + view.t("cal_categories") + "**")
    st.caption(view.t("cal_categories_help"))
    boxes = st.columns(3)
    kinds = [BY_KEYWORDS, *meeting_types()]
    chosen = {}
    for i, (category, (n, kind, how)) in enumerate(read.categories.items()):
        guess = view.t(f"mt_{kind}") if how == "keywords" else view.t("cal_by_subject")

        def label(option: str, guess: str = guess) -> str:
            return view.t("cal_by_keywords", type=guess) if option == BY_KEYWORDS else view.t(f"mt_{option}")

        picked = boxes[i % 3].selectbox(view.t("cal_category", category=plain(category), n=n), kinds,
                                        index=kinds.index(kind) if how == "mapped" else 0, format_func=label,
                                        key=widget_key(key, "category", category))
        if picked != BY_KEYWORDS:
            chosen[category] = picked
    return chosen

