"""The Upload page's part about the published data set: its sources, files refused because they are published
already, what to do with each new file (add it, or replace a source), and what a publish changes, in words.

What a change does is computed by `kpi.store.changes`; nothing here decides it.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from kpi.store import sha256
from kpi.store.changes import Summary
from ui.shell import View, local_time, plain


def sources_table(view: View, sources: pd.DataFrame) -> None:
    """The sources of the published version: file, format, rows, who added it and when."""
    from ui.mapping import format_name

    shown = pd.DataFrame({
        "name": sources["name"],
        "format": [format_name(view, f) for f in sources["format"]],
        "n_reviews": sources["n_reviews"].fillna(0),  # NA: the file holds no such table
        "n_meetings": sources["n_meetings"].fillna(0),
        "created_by": sources["created_by"],
        "created_at": sources["created_at"].map(local_time),
    })
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        "name": view.t("file"), "format": view.t("format"), "n_reviews": view.t("hist_answers"),
        "n_meetings": view.t("hist_meetings"), "created_by": view.t("source_added_by"),
        "created_at": view.t("source_added_at")})


def refuse_known(view: View, uploads: list, sources: pd.DataFrame) -> list:
    """The uploads to read: a file with the bytes of a published source, or of another upload, or the name of
    another upload, is refused with a message first (METHODOLOGY §1.6: a file is published once)."""
    published = {digest: name for digest, name in zip(sources["sha256"], sources["name"]) if isinstance(digest, str)}
    kept, digests, names = [], {}, set()
    for upload in uploads:
        digest = sha256(upload.getvalue())
        if digest in published:
            key = "same_file_published" if published[digest] == upload.name else "same_bytes_published"
            st.error(view.t(key, file=plain(upload.name), source=plain(published[digest])),
                     icon=":material/content_copy:")
        elif digest in digests:
            st.error(view.t("same_bytes_uploaded", file=plain(upload.name), other=plain(digests[digest])),
                     icon=":material/content_copy:")
        elif upload.name in names:
            st.error(view.t("same_name_uploaded", file=plain(upload.name)), icon=":material/content_copy:")
        else:
            kept.append(upload)
            digests[digest] = upload.name
            names.add(upload.name)
    return kept


def choose_removals(view: View, version: int, sources: list[str]) -> list[str]:
    """The published sources to remove. The choice belongs to a version: once published (or once someone
    else publishes) it starts empty again."""
    return st.multiselect(view.t("remove_sources"), sources, key=f"remove_sources_{version}",
                          help=view.t("remove_sources_help"), placeholder=view.t("remove_sources_none"))


def choose_targets(view: View, version: int, files: list[str], sources: list[str]) -> list[str | None]:
    """For each new file, the published source of `version` it replaces (None: add it); by default the one of
    the same name."""
    chosen = []
    for name in files:
        options = [None, *sources]
        key = f"target_{version}_" + hashlib.sha256(name.encode()).hexdigest()[:12]
        chosen.append(st.selectbox(
            plain(name), options, index=options.index(name) if name in sources else 0, key=key,
            format_func=lambda target: view.t("file_add") if target is None else view.t("file_replace", name=target)))
    return chosen


def _names(names) -> str:
    return ", ".join(plain(name) for name in names)


def changes_text(view: View, added, replaced, removed, bank: bool = False) -> str:
    """`adds a.csv; replaces b.csv by b2.csv; removes c.csv`, in the view's language (markdown-safe)."""
    parts = []
    if added:
        parts.append(view.t("change_adds", names=_names(added)))
    if replaced:
        pairs = ", ".join(plain(old) if old == new else view.t("change_pair", old=plain(old), new=plain(new))
                          for old, new in replaced)
        parts.append(view.t("change_replaces", pairs=pairs))
    if removed:
        parts.append(view.t("change_removes", names=_names(removed)))
    if bank:
        parts.append(view.t("change_bank"))
    return "; ".join(parts)


def _count(value) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def change_sentence(view: View, version: int | None, summary: Summary, bank: bool) -> str:
    """What publishing would do, before it is done: what it adds, replaces and removes, rows before and after."""
    if version is None:
        return view.t("change_first", files=_names(summary.added), answers=_count(summary.after["reviews"]),
                      meetings=_count(summary.after["meetings"]))
    return view.t("change_next", version=version,
                  changes=changes_text(view, summary.added, summary.replaced, summary.removed, bank),
                  answers_before=_count(summary.before["reviews"]), meetings_before=_count(summary.before["meetings"]),
                  answers_after=_count(summary.after["reviews"]), meetings_after=_count(summary.after["meetings"]))
