"""The partner directory on screen (METHODOLOGY §1.8): the table, and an addition published as a new version.

What an addition makes of the directory and whether it keeps the table's rules is `kpi.directory`'s
(`with_entry`, `checked`); the store keeps the result with the next version.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpi.contracts.schema import fold
from kpi.directory import DIRECTORY_COLUMNS, checked, with_entry
from ui.data import store
from ui.errors import store_errors, waiting
from ui.shell import View, plain

DIRECTORY_FILE = "partner_directory.csv"
"""The name an edited directory is checked and downloaded under."""


def publisher(view: View, key: str) -> str:
    """Who publishes: the signed-in e-mail by default."""
    default = ""
    try:
        default = str(st.user.get("email", "") or "")
    except Exception:
        pass
    return st.text_input(view.t("publisher_name"), value=default, key=key) or "analyst"


def shown(view: View, table: pd.DataFrame | None) -> pd.DataFrame:
    """The directory as an analyst reads and downloads it: partner, domains, other names, headed in their language."""
    rows = pd.DataFrame(columns=DIRECTORY_COLUMNS, dtype="str") if table is None else table[DIRECTORY_COLUMNS]
    return rows.fillna("").set_axis([view.t("directory_partner"), view.t("directory_domains"),
                                     view.t("directory_aliases")], axis=1)


def add_and_publish(view: View, current: pd.DataFrame | None, partner: str, who: str, domain: str = "",
                    alias: str = "") -> None:
    """Add a partner, or a domain or an alias to one, and publish the directory as a new version; the
    rule a row would break is said and nothing is published. Reruns the page once published."""
    if not partner.strip():
        st.error(view.t("directory_rejected", problem=view.t("directory_new_name")), icon=":material/block:")
        return
    grown = with_entry(current, partner, domain=domain, alias=alias)
    known = current is not None and any(fold(p) == fold(partner) for p in current["partner"])
    if known and grown.equals(with_entry(current, partner)):
        st.info(view.t("directory_unchanged"))
        return
    clean, problems = checked(grown, DIRECTORY_FILE, view.lang)
    if problems:
        for problem in problems:
            st.error(view.t("directory_rejected", problem=plain(problem)), icon=":material/block:")
        return
    name = next((p for p in clean["partner"] if fold(p) == fold(partner)), partner.strip())
    if domain.strip():
        note = view.t("directory_note_domain", domain=domain.strip(), partner=name)
    elif alias.strip():
        note = view.t("directory_note_alias", alias=alias.strip(), partner=name)
    else:
        note = view.t("directory_note_partner", partner=name)
    line = st.empty()
    with store_errors(view.lang, "action_publish"):
        version = store().publish_sources(by=who, note=note, partners=clean, waiting=waiting(line, view.lang))
    st.session_state["directory_published"] = (version, note)
    st.rerun()


def published_flash(view: View) -> None:
    """The line saying which version the last addition published (once)."""
    done = st.session_state.pop("directory_published", None)
    if done:
        st.success(view.t("directory_published", version=done[0], what=plain(done[1])), icon=":material/check_circle:")


def unmatched_section(view: View, data, directory: pd.DataFrame | None, version: int | None) -> None:
    """The Upload page's calendar events that match no partner (kpi.ingest.calendars.unmatched_events), and the
    addition to the published directory that assigns one to a partner (published at once; the files are then
    read again with it). A note first when the files bring a directory of their own, which replaces it."""
    from kpi.ingest.calendars import unmatched_events

    published_flash(view)
    if data.partners is not None:
        st.info(view.t("directory_in_upload", n=len(data.partners)), icon=":material/contacts:")
    events = unmatched_events(data.loads)
    if events.empty:
        return
    st.subheader(view.t("unmatched_title", n=int(events["occurrences"].sum())))
    st.caption(view.t("unmatched_help"))
    st.dataframe(events, hide_index=True, width="stretch", column_config={
        "file": view.t("file"), "row": view.t("row"), "occurrences": view.t("unmatched_occurrences"),
        "subject": view.t("unmatched_subject"), "organizer": view.t("unmatched_organizer"),
        "attendees": view.t("unmatched_attendees"), "domains": view.t("unmatched_domains")})
    if data.partners is not None:
        st.caption(view.t("unmatched_own_directory"))
        return
    if version is None:
        st.caption(view.t("directory_nothing_published"))
        return
    with st.container(border=True):
        i = st.selectbox(view.t("unmatched_event"), list(events.index), key="unmatched_event",
                         format_func=lambda n: f"{events.at[n, 'subject']} ({events.at[n, 'file']}, "
                                               f"{view.t('row').lower()} {events.at[n, 'row']})")
        domains = [d for d in str(events.at[i, "domains"]).split("; ") if d]
        way = st.radio(view.t("unmatched_as"), [*domains, None], horizontal=True, key=f"unmatched_as_{i}",
                       format_func=lambda d: view.t("unmatched_as_alias") if d is None
                       else view.t("unmatched_as_domain", domain=d))
        alias = "" if way else st.text_input(view.t("directory_alias"), value=events.at[i, "subject"],
                                             key=f"unmatched_alias_{i}")
        partners = [] if directory is None else directory["partner"].tolist()
        chosen = st.selectbox(view.t("directory_which"), [*partners, None], key="unmatched_partner",
                              format_func=lambda p: view.t("directory_new_partner") if p is None else p)
        if chosen is None:
            chosen = st.text_input(view.t("directory_new_name"), key="unmatched_new_partner")
        who = publisher(view, "unmatched_publisher")
        if st.button(view.t("directory_publish"), key="unmatched_add", type="primary"):
            add_and_publish(view, directory, chosen, who, domain=way or "", alias=alias)
