"""Roles: viewers read, analysts upload, publish, restore and save weights.

- Analyst passcode: `KPI_ANALYST_PASSCODE` (env) or `analyst_passcode` (secrets), compared in constant time.
- OIDC: when `[auth]` is configured in secrets, `st.login()`; a logged-in user is an analyst
  (optionally only the e-mails listed in `analyst_emails`).
- Viewer passcode: `KPI_VIEWER_PASSCODE` or `viewer_passcode`; without one, viewing is open.
- Neither analyst passcode nor auth configured: local mode, everyone is an analyst.

Safe by default (`serving_problem`, asked on every run before anything is shown): local mode serves
this machine only (the server bound to a loopback address, and the browser's Host header naming it,
so a DNS-rebinding page cannot drive a local dashboard); `allowed_hosts` (secrets) or
`KPI_ALLOWED_HOSTS` (comma-separated) limits the Host names a networked deployment answers to; a
passcode copied from the example file is refused.
"""

from __future__ import annotations

import hmac
import os

import streamlit as st

from kpi.i18n import t
from ui.data import secrets


LOOPBACK = {"127.0.0.1", "localhost", "::1"}
EXAMPLE_PASSCODES = {"change-me", "change-me-too"}


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


def _host_name(host: str) -> str:
    """The name in a Host header, without its port: `[::1]:8501` → `::1`, `Example.com:443` → `example.com`."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _allowed_hosts() -> set[str]:
    listed = os.environ.get("KPI_ALLOWED_HOSTS") or secrets().get("allowed_hosts") or []
    if isinstance(listed, str):
        listed = listed.split(",")
    return {_host_name(str(h)) for h in listed if str(h).strip()}


def serving_problem(lang: str, address: str, host: str | None) -> str | None:
    """Why this server must not answer this request, or None. `address`: the server's `server.address`
    (empty: every interface); `host`: the request's Host header."""
    for env, secret in (("KPI_ANALYST_PASSCODE", "analyst_passcode"), ("KPI_VIEWER_PASSCODE", "viewer_passcode")):
        code = _setting(env, secret)
        if code.strip().lower() in EXAMPLE_PASSCODES:
            return t("example_passcode", lang, setting=secret, env=env)
    name = _host_name(host or "")
    if local_mode():
        if address.strip().lower() not in LOOPBACK:
            return t("local_mode_on_network", lang, address=address or "0.0.0.0")
        if host is not None and name not in LOOPBACK:
            return t("foreign_host", lang, host=name)
        return None
    allowed = _allowed_hosts()
    if allowed and host is not None and name not in allowed:
        return t("foreign_host_deployed", lang, host=name)
    return None


def refuse_unsafe_serving(lang: str) -> None:
    """Stop this run, showing only why, when `serving_problem` finds one."""
    try:
        host = st.context.headers.get("Host")
    except Exception:  # no request (a bare script run): nothing to check against
        host = None
    problem = serving_problem(lang, str(st.get_option("server.address") or ""), host)
    if problem:
        st.error(problem, icon=":material/gpp_bad:")
        st.stop()
