"""The mapping step of the Upload page: what a survey export's rules could not settle, and saved mappings.

The answers a user gives live in `st.session_state["mappings"]` ({file name: Mapping}); the
page hands them to `load` on each Source, with the saved profiles, so a changed answer or a
newly saved profile reads the files again. Everything shown comes from
`kpi.ingest.mapping.mapping_step`; nothing here decides what a column means.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import streamlit as st

from kpi.errors import ConfigError
from kpi.i18n import MESSAGES
from kpi.ingest.mapping import IGNORE, Mapping, MappingStep, Profile, mapping_step
from ui.data import store
from ui.errors import store_errors
from ui.shell import View, plain

# Options of the partner and side selectboxes that are not a column of the file (headers never hold NUL).
WHOLE_FILE = "\x00partner"
CLIENT, AGENCY = "\x00client", "\x00agency"


def mappings() -> dict[str, Mapping]:
    """This session's mapping answers, by file name."""
    return st.session_state.setdefault("mappings", {})


def flash(key: str, **params) -> None:
    """A confirmation shown once, at the next run (`show_flash`)."""
    st.session_state["mapping_flash"] = (key, params)


def show_flash(view: View) -> None:
    """The confirmation of the last save, delete or import (once)."""
    shown = st.session_state.pop("mapping_flash", None)
    if shown:
        st.success(view.t(shown[0], **shown[1]), icon=":material/check:")


def who() -> str:
    """Who saves a profile: the publisher's name, else the signed-in e-mail, else `analyst`."""
    name = st.session_state.get("publisher")
    if not name:
        try:
            name = str(st.user.get("email", "") or "")
        except Exception:  # no login configured
            name = ""
    return name or "analyst"


def widget_key(*parts: str) -> str:
    """A short widget key standing for `parts` (file names and headers may be long or hold any character)."""
    return "map_" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


def format_name(view: View, fmt: str) -> str:
    """The survey tool's name, as the user knows it."""
    return view.t(f"format_{fmt}") if f"format_{fmt}" in MESSAGES else plain(fmt)


def survey_loads(data) -> list:
    """The table loads of a Dataset that are survey-tool exports (calendars have a mapping step of their own)."""
    from kpi.ingest.calendars import is_calendar

    return [load for load in data.loads
            if load.raw.layout is not None and load.raw.survey is not None and not is_calendar(load.raw)]


def mapping_section(view: View, load, bank: pd.DataFrame, profiles: list[Profile]) -> bool:
    """One survey export: its facts, the questions still open, Apply and Save; collapsed when nothing is open.

    True while something is still open (the file's rows wait for an answer here).
    """
    raw = load.raw
    step = mapping_step(raw, bank, view.lang)
    key = widget_key(raw.where, raw.layout.signature)
    applied = {p.signature: p for p in profiles}.get(raw.layout.signature)
    given = part_of(mappings().get(raw.file), calendar=False)  # answers applied in this session
    unsaved = given not in (None, Mapping()) and (applied is None or applied.mapping != given)
    state = ("mapping_open" if step.needs else "mapping_done_unsaved" if unsaved
             else "mapping_done_saved" if applied else "mapping_done")
    title = view.t(state, file=plain(load.file), format=format_name(view, raw.format),
                   name=plain(applied.name) if applied else "")
    # Tracked open state: a section the user opened stays open while they type in it.
    with st.expander(title, expanded=bool(step.needs) or unsaved, icon=":material/join:", key=widget_key(key, title),
                     on_change="rerun"):
        facts = view.t("mapping_facts", format=format_name(view, raw.format), header_rows=raw.header_rows,
                       read=load.rows_read, kept=load.rows_read - load.n_dropped)
        if load.dropped:
            reasons = ", ".join(f"{len(p)} {view.t('reason_' + r)}" for r, p in load.dropped.items())
            facts += " " + view.t("mapping_left_out", reasons=reasons)
        st.caption(facts)
        if applied and step.needs:
            st.info(view.t("mapping_applied", name=plain(applied.name)), icon=":material/bookmark_added:")
        if step.needs:
            st.caption(view.t("mapping_help"))
        elif unsaved:
            st.info(view.t("mapping_save_hint"), icon=":material/bookmark_add:")
        answers = _ask(view, step, key)
        with st.expander(view.t("map_guessed"), type="compact"):
            st.dataframe(_guessed(view, step), hide_index=True, width="stretch", column_config={
                view.t("map_to"): st.column_config.TextColumn(width="medium"),
                view.t("map_from"): st.column_config.TextColumn(width="large")})
        apply_or_save(view, Section(raw.file, key, calendar=False), Profile(
            applied.name if applied else Path(raw.file).stem, raw.layout.signature, answers, raw.format),
            asking=bool(step.needs), unsaved=unsaved)
    return bool(step.needs)


def part_of(mapping: Mapping | None, calendar: bool) -> Mapping | None:
    """The calendar fields of a mapping (its columns and categories), or the survey fields (all the others)."""
    if mapping is None:
        return None
    if calendar:
        return Mapping(columns=mapping.columns, categories=mapping.categories)
    return replace(mapping, columns={}, categories={})


def _keep(file: str, answers: Mapping, calendar: bool) -> None:
    """Store a section's answers for `file`, keeping those of the other kind (a workbook may hold a survey
    export and a calendar: each section settles its own fields)."""
    other = part_of(mappings().get(file), not calendar) or Mapping()
    survey, dates = (other, answers) if calendar else (answers, other)
    mappings()[file] = replace(survey, columns=dates.columns, categories=dates.categories)


@dataclass(frozen=True)
class Section:
    """A file's mapping section on the page: the file, its widgets' key, and whether it settles a calendar's columns
    and categories or a survey export's other fields."""

    file: str
    key: str
    calendar: bool


def apply_or_save(view: View, section: Section, profile: Profile, asking: bool, unsaved: bool) -> None:
    """Apply (the answers, `profile.mapping`, read this file again) and Save (as `profile`, under the name typed,
    for files of its signature), the button to press next in blue: Apply while something is asked, Save once
    applied."""
    key, file, answers, calendar = section.key, section.file, profile.mapping, section.calendar
    apply, name_box, save = st.columns([1, 3, 2], vertical_alignment="bottom")
    name = name_box.text_input(view.t("map_profile_name"), key=key + "_name", value=profile.name)
    if apply.button(view.t("map_apply"), key=key + "_apply", type="primary" if asking else "secondary",
                    icon=":material/check:", width="stretch"):
        _keep(file, answers, calendar)
        st.rerun()
    if save.button(view.t("map_save"), key=key + "_save", icon=":material/bookmark_add:", width="stretch",
                   type="primary" if unsaved else "secondary"):
        if not name.strip():
            st.error(view.t("map_name_needed"))
            return
        with store_errors(view.lang, "action_save_profile"), st.spinner(view.t("saving")):
            store().save_profile(replace(profile, name=name.strip()), by=who())
        _keep(file, answers, calendar)
        flash("map_saved", name=plain(name.strip()))
        st.rerun()


def _ask(view: View, step: MappingStep, key: str) -> Mapping:
    """The widgets of the open questions, filled in with the current answers; the mapping they make."""
    partner, partner_column, side, side_column = None, None, None, None
    left, right = st.columns(2) if step.ask_partner or step.ask_side else (None, None)
    read = set(step.guessed.values())  # columns already read as something: offered last
    columns = [c for c in step.columns if c not in read] + [c for c in step.columns if c in read]
    if step.ask_partner:
        options = [WHOLE_FILE, *columns]
        now = WHOLE_FILE if step.partner else step.partner_column
        choice = left.selectbox(view.t("map_partner"), options, index=options.index(now) if now in options else None,
                                format_func=lambda o: view.t("map_partner_whole") if o == WHOLE_FILE else o,
                                placeholder=view.t("map_choose"), key=key + "_partner")
        if choice == WHOLE_FILE:
            partner = left.text_input(view.t("map_partner_name"), value=step.partner or "",
                                      placeholder=view.t("map_partner_placeholder"),
                                      key=key + "_partner_name").strip() or None
        else:
            partner_column = choice
    if step.ask_side:
        options = [CLIENT, AGENCY, *columns]
        now = {"client": CLIENT, "agency": AGENCY}.get(step.side or "", step.side_column)
        labels = {CLIENT: view.t("map_side_client"), AGENCY: view.t("map_side_agency")}
        choice = right.selectbox(view.t("map_side"), options, index=options.index(now) if now in options else None,
                                 format_func=lambda o: labels.get(o, o), placeholder=view.t("map_choose"),
                                 key=key + "_side")
        side = {CLIENT: "client", AGENCY: "agency"}.get(choice)
        side_column = None if side or choice is None else choice
    questions = {}
    if step.questions:
        st.markdown("**" + view.t("map_questions") + "**")
        for header, now in step.questions.items():
            options = [IGNORE, *step.bank] + ([now] if now not in step.bank and now != IGNORE else [])
            questions[header] = st.selectbox(
                plain(header), options, index=options.index(now),
                format_func=lambda q: view.t("map_ignore") if q == IGNORE else step.bank.get(q, q),
                key=widget_key(key, "q", header))
    labels_settled = {text: box.number_input(plain(text), value=now, step=1.0, format="%g", key=widget_key(key, "l", text))
                      for box, text, now in _grid(view, "map_labels", step.labels)}
    partner_values = {code: box.text_input(view.t("map_code", code=plain(code)), value=now or "",
                                           placeholder=view.t("map_partner_placeholder"),
                                           key=widget_key(key, "pv", code)).strip()
                      for box, code, now in _grid(view, "map_partner_values", step.partner_values)}
    side_values = {answer: box.selectbox(view.t("map_answer", answer=plain(answer)), ["client", "agency"],
                                         index=["client", "agency"].index(now) if now else None,
                                         format_func=lambda o: view.t(f"map_value_{o}"),
                                         placeholder=view.t("map_choose_side"), key=widget_key(key, "sv", answer))
                   for box, answer, now in _grid(view, "map_side_values", step.side_values)}
    return Mapping(partner_column=partner_column, partner=partner, side_column=side_column, side=side,
                   questions=questions, labels={t: float(v) for t, v in labels_settled.items() if v is not None},
                   partner_values={c: v for c, v in partner_values.items() if v},
                   side_values={a: v for a, v in side_values.items() if v})


def _grid(view: View, title: str, answers: dict):
    """Nothing when `answers` is empty; else a bold title, then each (item, current answer) placed in a
    three-column grid: yields (column, item, answer)."""
    if not answers:
        return
    st.markdown("**" + view.t(title) + "**")
    boxes = st.columns(3)
    for i, (item, now) in enumerate(answers.items()):
        yield boxes[i % 3], item, now


def _guessed(view: View, step: MappingStep) -> pd.DataFrame:
    """The whole mapping as a two-column table: what each column is read as, and from which header."""
    def read_as(name: str) -> str:
        if f"col_{name}" in MESSAGES:
            return view.t(f"col_{name}")
        return step.bank.get(name, name)

    return pd.DataFrame({view.t("map_to"): [read_as(k) for k in step.guessed],
                         view.t("map_from"): list(step.guessed.values())})


def profiles_panel(view: View, profiles: list[Profile]) -> None:
    """Saved mappings: download each as TOML, delete one, import one (drawn only while the panel is open)."""
    panel = st.expander(view.t("profiles_title"), icon=":material/bookmarks:",
                        key="profiles_panel", on_change="rerun")
    if not panel.open:
        return
    with panel:
        if not profiles:
            st.caption(view.t("profiles_none"))
        for profile in profiles:
            line, download, delete = st.columns([6, 2, 1.4], vertical_alignment="center")
            line.markdown(view.t("profile_line", name=plain(profile.name), format=format_name(view, profile.format),
                                 what=_settles(view, profile.mapping)))
            download.download_button(view.t("profile_download"), data=profile.to_toml().encode("utf-8"),
                                     file_name=_file_name(profile.name), mime="application/toml", on_click="ignore",
                                     key=widget_key("dl_profile", profile.name), icon=":material/download:")
            if delete.button(view.t("profile_delete"), key=widget_key("rm_profile", profile.name),
                             icon=":material/delete:"):
                with store_errors(view.lang, "action_delete_profile"), st.spinner(view.t("saving")):
                    store().delete_profile(profile.name)
                flash("profile_deleted", name=plain(profile.name))
                st.rerun()
        given = st.file_uploader(view.t("profile_import"), type=["toml"], key="profile_upload")
        if given is not None:
            _import(view, given.name, given.getvalue())


def _settles(view: View, m: Mapping) -> str:
    """What a saved mapping settles, in words: its partner, its side, then how many columns, labels and codes."""
    parts = []
    if m.partner:
        parts.append(view.t("profile_partner", name=plain(m.partner)))
    elif m.partner_column:
        parts.append(view.t("profile_partner_column", column=plain(m.partner_column)))
    if m.side in ("client", "agency"):
        parts.append(view.t("profile_side", side=view.t(f"map_value_{m.side}")))
    elif m.side_column:
        parts.append(view.t("profile_side_column", column=plain(m.side_column)))
    for key, settled in (("profile_questions", m.questions), ("profile_labels", m.labels),
                         ("profile_partner_codes", m.partner_values), ("profile_side_answers", m.side_values),
                         ("profile_calendar_columns", m.columns), ("profile_categories", m.categories)):
        if settled:
            parts.append(view.t(key, n=len(settled)))
    return ", ".join(parts) or view.t("profile_nothing")


def _import(view: View, name: str, data: bytes) -> None:
    done = st.session_state.setdefault("profiles_imported", set())
    digest = hashlib.sha256(name.encode() + data).hexdigest()
    if digest in done:  # the uploader keeps its file across reruns: import it once
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        st.error(view.t("profile_import_error", file=plain(name), message=view.t("profile_not_text")))
        return
    try:
        profile = Profile.from_toml(text, where=name)
    except ConfigError as exc:
        message = str(exc).removeprefix(f"{name}: ")
        st.error(view.t("profile_import_error", file=plain(name), message=plain(message)))
        return
    if not profile.signature:
        st.error(view.t("profile_import_error", file=plain(name), message=view.t("profile_no_signature")))
        return
    with store_errors(view.lang, "action_save_profile"), st.spinner(view.t("saving")):
        store().save_profile(profile, by=who())
    done.add(digest)
    flash("profile_imported", name=plain(profile.name))
    st.rerun()


def _file_name(name: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name).strip("_")
    return (safe or "mapping") + ".toml"
