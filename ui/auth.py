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

import json
import os
import threading
import time

import streamlit as st

from kpi.i18n import t
from kpi.passcodes import matches
from ui.data import secrets


COOKIE = "kpi_role"
FREE_ATTEMPTS = 5
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


def _request_cookies() -> dict:
    """The cookies the browser sent when this session's connection opened (none outside a request)."""
    try:
        return dict(st.context.cookies)
    except Exception:
        return {}


def _client() -> str:
    """Who is trying passcodes, for the rate limit: the client's address as the server sees it."""
    try:
        address = st.context.ip_address
    except Exception:
        return "unknown"
    return address if isinstance(address, str) and address else "unknown"


def session_hours() -> float:
    """How long one sign-in lasts (`KPI_SESSION_HOURS` or `session_hours`, default 12)."""
    try:
        return max(0.01, float(_setting("KPI_SESSION_HOURS", "session_hours") or 12))
    except ValueError:
        return 12.0


def _signer():
    """Signs and checks role cookies. The key is `cookie_secret` (or `KPI_COOKIE_SECRET`) with the passcodes
    in force: changing a passcode signs everyone out. None when there is nothing secret to sign with."""
    from itsdangerous import URLSafeTimedSerializer

    parts = [_setting("KPI_COOKIE_SECRET", "cookie_secret"), _setting("KPI_ANALYST_PASSCODE", "analyst_passcode"),
             _setting("KPI_VIEWER_PASSCODE", "viewer_passcode")]
    if not any(parts):
        return None
    return URLSafeTimedSerializer("\0".join(parts), salt="kpi-role")


def role_of(token: str) -> str | None:
    """The role a signed sign-in token carries ("analyst" or "viewer") while it is valid and unexpired."""
    signer = _signer() if token else None
    if signer is None:
        return None
    from itsdangerous import BadData

    try:
        role = signer.loads(token, max_age=session_hours() * 3600)
    except BadData:  # forged, from another key (a changed passcode), or expired
        return None
    return role if role in ("analyst", "viewer") else None


def signed(role: str) -> str:
    """A sign-in token for `role`, as the cookie holds it."""
    return _signer().dumps(role)


def cookie_role() -> str | None:
    """The role this browser's sign-in cookie carries, else None.

    The role is read from the request on every run, never kept in the session: a session id alone
    (it travels in upload URLs) grants nothing."""
    return role_of(_request_cookies().get(COOKIE, ""))


def passcode_role(code: str) -> str | None:
    """The role a passcode opens: "analyst" for the analyst passcode, "viewer" for the viewer passcode."""
    if matches(code, _setting("KPI_ANALYST_PASSCODE", "analyst_passcode")):
        return "analyst"
    if matches(code, _setting("KPI_VIEWER_PASSCODE", "viewer_passcode")):
        return "viewer"
    return None


def gate_problem() -> str | None:
    """Why the sign-in gate in front of a proxy (ui.gate) must not start, or None."""
    if not _setting("KPI_VIEWER_PASSCODE", "viewer_passcode") or not _setting("KPI_ANALYST_PASSCODE",
                                                                              "analyst_passcode"):
        return t("gate_needs_passcodes", "en")
    for env, secret in (("KPI_ANALYST_PASSCODE", "analyst_passcode"), ("KPI_VIEWER_PASSCODE", "viewer_passcode")):
        if _setting(env, secret).strip().lower() in EXAMPLE_PASSCODES:
            return t("example_passcode", "en", setting=secret, env=env)
    return None


def is_analyst() -> bool:
    """Whether this run may upload, publish, restore and save weights."""
    return local_mode() or cookie_role() == "analyst" or _oidc_analyst()


def viewer_allowed() -> bool:
    """Whether this run may see the dashboard at all (local mode does not lift a viewer passcode)."""
    return (not _setting("KPI_VIEWER_PASSCODE", "viewer_passcode") or cookie_role() in ("analyst", "viewer")
            or _oidc_analyst())


_ATTEMPTS: tuple[threading.Lock, dict[str, list[float]]] = (threading.Lock(), {})


def _attempts() -> tuple[threading.Lock, dict[str, list[float]]]:
    """Wrong passcodes per client, in this server process: (a lock, client → times of recent failures)."""
    return _ATTEMPTS


def wait_before_trying(client: str, now: float | None = None) -> int:
    """Seconds `client` must wait before its next passcode: 0 for the first FREE_ATTEMPTS failures of a
    quarter of an hour, then 5 s doubling with each failure, at most 5 minutes after the last one."""
    lock, failures = _attempts()
    now = time.time() if now is None else now
    with lock:
        recent = [at for at in failures.get(client, []) if now - at < 900]
        failures[client] = recent
    if len(recent) < FREE_ATTEMPTS:
        return 0
    delay = min(300, 5 * 2 ** (len(recent) - FREE_ATTEMPTS))
    return max(0, int(recent[-1] + delay - now + 0.999))


def note_failure(client: str) -> None:
    lock, failures = _attempts()
    with lock:
        failures.setdefault(client, []).append(time.time())


def note_success(client: str) -> None:
    lock, failures = _attempts()
    with lock:
        failures.pop(client, None)


def _check(code: str, expected: list[str], lang: str) -> bool:
    """Whether `code` is one of `expected`, rate-limited per client; says why not."""
    client = _client()
    wait = wait_before_trying(client)
    if wait:
        st.error(t("too_many_attempts", lang, seconds=wait))
        return False
    if any(matches(code, e) for e in expected):
        note_success(client)
        return True
    note_failure(client)
    st.error(t("wrong_passcode", lang))
    return False


def _set_cookie(value: str, seconds: int) -> None:
    """Write the role cookie in this browser, then reload the page at the same address (same page, same
    filters): the new connection carries the cookie. `value` is URL-safe (itsdangerous) or empty."""
    st.html(f"""<script>
document.cookie = "{COOKIE}={value}; path=/; max-age={seconds}; SameSite=Strict"
  + (window.location.protocol === "https:" ? "; Secure" : "");
window.location.reload();
</script>""", unsafe_allow_javascript=True)
    st.stop()


def _sign_in(role: str) -> None:
    _set_cookie(signed(role), int(session_hours() * 3600))


def _go_to_login() -> None:
    """`st.login()`, as a page navigation to the same address Streamlit's login would open. The redirect
    message `st.login()` sends is lost in the first session after a server start (Streamlit 1.67 with a
    pages folder: tests/test_oidc.py catches it); a navigation is not."""
    try:
        from streamlit.user_info import generate_login_redirect_url, validate_auth_credentials

        validate_auth_credentials("default")
        url = generate_login_redirect_url("default")
    except ImportError:  # another Streamlit: its own way
        st.login()
        return
    st.html(f"<script>window.location.assign({json.dumps(url)});</script>", unsafe_allow_javascript=True)
    st.stop()


def sign_out() -> None:
    _set_cookie("", 0)


def viewer_gate(lang: str) -> None:
    """Ask for the viewer passcode; stops the page until it is right."""
    st.info(t("viewer_gate", lang))
    with st.form("viewer_gate"):
        code = st.text_input(t("viewer_passcode", lang), type="password")
        if st.form_submit_button(t("sign_in", lang), key="viewer_sign_in_submit"):
            analyst = _setting("KPI_ANALYST_PASSCODE", "analyst_passcode")
            if _check(code, [_setting("KPI_VIEWER_PASSCODE", "viewer_passcode"), analyst], lang):
                _sign_in("analyst" if matches(code, analyst) else "viewer")
    st.stop()


def sidebar_role(lang: str) -> None:
    """The role line and sign-in / sign-out controls in the sidebar."""
    if local_mode():
        st.sidebar.caption(t("role_local", lang))
        return
    role = cookie_role()
    if is_analyst():
        st.sidebar.caption(t("role_analyst", lang))
        if role == "analyst" and st.sidebar.button(t("sign_out", lang), key="sign_out"):
            sign_out()
        elif role != "analyst" and _oidc_analyst() and st.sidebar.button(t("sign_out", lang), key="oidc_sign_out"):
            st.logout()
        return
    st.sidebar.caption(t("role_viewer", lang))
    if role == "viewer" and st.sidebar.button(t("sign_out", lang), key="viewer_sign_out"):
        sign_out()
    with st.sidebar.expander(t("analyst_sign_in", lang)):
        passcode = _setting("KPI_ANALYST_PASSCODE", "analyst_passcode")
        if passcode:
            with st.form("analyst_sign_in"):
                code = st.text_input(t("passcode", lang), type="password")
                if st.form_submit_button(t("sign_in", lang), key="analyst_sign_in_submit"):
                    if _check(code, [passcode], lang):
                        _sign_in("analyst")
        if oidc_configured() and st.button(t("login_oidc", lang), key="oidc_login"):
            _go_to_login()


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
