"""Router of the partnership KPI dashboard: sidebar filters, roles, then the chosen page."""

from pathlib import Path

import streamlit as st

from kpi.i18n import t
from ui import auth, shell

shell.leave_pages_folder_mode()

# The icon is a file of ours: a `:material/…:` icon would make every browser fetch it from a font server.
st.set_page_config(page_title="Partnership KPI", page_icon=str(Path(__file__).parent / "ui" / "icon.png"), layout="wide")

lang = shell.language()
auth.refuse_unsafe_serving(lang)


def public_pages() -> list:
    return [
        st.Page("pages/overview.py", title=t("nav_overview", lang), icon=":material/grid_view:", url_path="overview", default=True),
        st.Page("pages/partner.py", title=t("nav_partner", lang), icon=":material/handshake:", url_path="partner"),
        st.Page("pages/gaps.py", title=t("nav_gaps", lang), icon=":material/balance:", url_path="gaps"),
        st.Page("pages/export.py", title=t("nav_export", lang), icon=":material/download:", url_path="export"),
        st.Page("pages/methodology.py", title=t("nav_methodology", lang), icon=":material/functions:", url_path="methodology"),
    ]


if not auth.viewer_allowed():
    # Before the gate, no page list at all (Streamlit would show the pages folder's): a hidden navigation
    # keeps the address the visitor came with, so signing in lands on it.
    st.navigation(public_pages(), position="hidden")
    auth.viewer_gate(lang)
view = shell.build_view(lang)
st.session_state["_view"] = view
auth.sidebar_role(lang)

pages = public_pages()
if view.analyst:
    pages += [
        st.Page("pages/upload.py", title=t("nav_upload", lang), icon=":material/upload:", url_path="upload"),
        st.Page("pages/history.py", title=t("nav_history", lang), icon=":material/history:", url_path="history"),
        st.Page("pages/directory.py", title=t("nav_directory", lang), icon=":material/contacts:", url_path="directory"),
    ]

navigation = st.navigation(pages)
shell.source_line(view)
shell.newer_version_notice(lang, view.tables.version)
shell.link_notice(view, navigation.url_path)
try:
    navigation.run()
finally:
    # The View belongs to this run only: a page run without the router must not find a stale one.
    st.session_state.pop("_view", None)
