import streamlit as st

from ui.data import store
from ui.directory import DIRECTORY_FILE, add_and_publish, published_flash, publisher, shown
from ui.errors import store_errors
from ui.shell import current, require_analyst

view = current()
st.title(view.t("directory_title"))
require_analyst(view)
st.caption(view.t("directory_help"))
published_flash(view)

with store_errors(view.lang, "action_read"):
    version = store().current_version()
    directory = store().load_directory(version) if version is not None else None
if version is None:
    st.info(view.t("directory_nothing_published"))
    st.stop()
table = shown(view, directory)
if directory is None or not len(directory):
    st.info(view.t("directory_empty"))
else:
    st.caption(view.t("directory_version", version=version, n=len(directory)))
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(view.t("directory_download"), data=lambda: view.csv(table), file_name=DIRECTORY_FILE,
                       mime="text/csv", on_click="ignore", key="dl_directory")

partners = [] if directory is None else directory["partner"].tolist()
who = publisher(view, "directory_publisher")
new_tab, domain_tab, alias_tab = st.tabs([view.t("directory_add_partner"), view.t("directory_add_domain"),
                                          view.t("directory_add_alias")])
with new_tab:
    name = st.text_input(view.t("directory_new_name"), key="new_partner")
    domains = st.text_input(view.t("directory_domain"), key="new_partner_domain")
    aliases = st.text_input(view.t("directory_alias"), key="new_partner_alias")
    if st.button(view.t("directory_publish"), key="add_partner", type="primary"):
        add_and_publish(view, directory, name, who, domain=domains, alias=aliases)
for tab, kind in ((domain_tab, "domain"), (alias_tab, "alias")):
    with tab:
        if partners:
            chosen = st.selectbox(view.t("directory_which"), partners, key=f"{kind}_partner")
            added = st.text_input(view.t(f"directory_{kind}"), key=f"new_{kind}")
            if st.button(view.t("directory_publish"), key=f"add_{kind}", type="primary"):
                add_and_publish(view, directory, chosen, who, **{kind: added})
