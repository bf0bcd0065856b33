"""Roles: viewers read, analysts upload, publish, restore and save weights.

- Analyst passcode: `KPI_ANALYST_PASSCODE` (env) or `analyst_passcode` (secrets), compared in constant time.
- OIDC: when `[auth]` is configured in secrets, `st.login()`; a logged-in user is an analyst
  (optionally only the e-mails listed in `analyst_emails`).
- Viewer passcode: `KPI_VIEWER_PASSCODE` or `viewer_passcode`; without one, viewing is open.
- Neither analyst passcode nor auth configured: local mode, everyone is an analyst.
"""

from __future__ import annotations

import hmac
import os

import streamlit as st

from kpi.i18n import t
from ui.data import secrets


def _setting(env: str, secret: str) -> str:
    return os.environ.get(env) or str(secrets().get(secret, "") or "")


def oidc_configured() -> bool:
    """True when an [auth] section is in the secrets."""
    return "auth" in secrets()


def local_mode() -> bool:
    """No analyst passcode and no login configured: everyone who may view is an analyst."""
    return not _setting("KPI_ANALYST_PASSCODE", "analyst_passcode") and not oidc_configured()


def _oidc_analyst() -> bool:
    if not oidc_configured():
        return False
    try:
        if not st.user.is_logged_in:
            return False
    except Exception:
        return False
    allowed = secrets().get("analyst_emails")
    return not allowed or str(st.user.get("email", "")).lower() in {e.lower() for e in allowed}


def is_analyst() -> bool:
    """Whether this session may upload, publish, restore and save weights."""
    return local_mode() or bool(st.session_state.get("analyst_ok")) or _oidc_analyst()


def viewer_allowed() -> bool:
    """Whether this session may see the dashboard at all (local mode does not lift a viewer passcode)."""
    return (not _setting("KPI_VIEWER_PASSCODE", "viewer_passcode") or bool(st.session_state.get("viewer_ok"))
            or bool(st.session_state.get("analyst_ok")) or _oidc_analyst())


def _matches(given: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def viewer_gate(lang: str) -> None:
    """Ask for the viewer passcode; stops the page until it is right."""
    st.info(t("viewer_gate", lang))
    with st.form("viewer_gate"):
        code = st.text_input(t("viewer_passcode", lang), type="password")
        if st.form_submit_button(t("sign_in", lang), key="viewer_sign_in_submit"):
            if _matches(code, _setting("KPI_VIEWER_PASSCODE", "viewer_passcode")) or _matches(
                    code, _setting("KPI_ANALYST_PASSCODE", "analyst_passcode")):
                st.session_state["viewer_ok"] = True
                st.rerun()
            st.error(t("wrong_passcode", lang))
    st.stop()


def sidebar_role(lang: str) -> None:
    """The role line and sign-in / sign-out controls in the sidebar."""
    if local_mode():
        st.sidebar.caption(t("role_local", lang))
        return
    if is_analyst():
        st.sidebar.caption(t("role_analyst", lang))
        if st.session_state.get("analyst_ok") and st.sidebar.button(t("sign_out", lang)):
            st.session_state["analyst_ok"] = False
            st.rerun()
        elif _oidc_analyst() and st.sidebar.button(t("sign_out", lang)):
            st.logout()
        return
    st.sidebar.caption(t("role_viewer", lang))
    with st.sidebar.expander(t("analyst_sign_in", lang)):
        passcode = _setting("KPI_ANALYST_PASSCODE", "analyst_passcode")
        if passcode:
            with st.form("analyst_sign_in"):
                code = st.text_input(t("passcode", lang), type="password")
                if st.form_submit_button(t("sign_in", lang), key="analyst_sign_in_submit"):
                    if _matches(code, passcode):
                        st.session_state["analyst_ok"] = True
                        st.rerun()
                    st.error(t("wrong_passcode", lang))
        if oidc_configured() and st.button(t("login_oidc", lang)):
            st.login()
