"""The sign-in gate in front of the app, for a reverse proxy's `auth_request` (docs/deploy/nginx.conf).

    python -m ui.gate [--port 8502] [--address 127.0.0.1]

Behind the proxy, nothing reaches Streamlit before a passcode is given: the proxy asks this gate
about every request (`/_kpi/auth`, a subrequest), and sends whoever has no valid sign-in cookie to
`/_kpi/signin`. So uploads, Streamlit's cache flushes and websocket, its metrics and media all need a
signed-in browser, not only the pages. The cookie is the app's own (ui.auth: `kpi_role`, signed with
the passcodes and `cookie_secret`, expiring after `session_hours`), so the app reads the same role
and signing in once is enough for both. Wrong passcodes are rate-limited per client here as in the
app (the proxy limits the rate of sign-in requests too).

    GET  /_kpi/auth                    204 when the cookie is valid, else 401 (`?role=analyst`: an analyst's)
    GET  /_kpi/signin?next=/partner?…  the sign-in form (English and French)
    POST /_kpi/signin                  a right passcode: the cookie, then back to `next` (same site only)
    GET  /_kpi/signout                 the cookie cleared, then the sign-in form

The gate refuses to start without a viewer passcode: behind it, reading needs one.
"""

from __future__ import annotations

import argparse
import html
import sys
import threading
from http.cookies import SimpleCookie
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs, quote, unquote, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import streamlit.logger

from kpi.i18n import t

streamlit.logger.set_log_level("error")  # ui.auth runs outside a Streamlit server here: no warnings about it

from ui import auth  # noqa: E402

MAX_FORM_BYTES = 4096
_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:26rem;margin:12vh auto;padding:0 1rem;color:#1f2937}}
input{{width:100%;padding:.6rem;margin:.4rem 0 1rem;font-size:1rem;box-sizing:border-box}}
button{{padding:.6rem 1.2rem;font-size:1rem;background:#2563eb;color:#fff;border:0;border-radius:.4rem}}
.error{{color:#b91c1c}} nav a{{margin-right:1rem}}</style></head>
<body><nav><a href="?{en}">English</a><a href="?{fr}">Français</a></nav>
<h1>{title}</h1><p>{intro}</p>{error}
<form method="post" action="/_kpi/signin"><input type="hidden" name="next" value="{next}">
<input type="hidden" name="lang" value="{lang}">
<label for="passcode">{label}</label><input id="passcode" name="passcode" type="password" autofocus
 autocomplete="current-password"><button type="submit">{button}</button></form></body></html>"""


def _safe_next(value: str) -> str:
    """Where to go after signing in: a path of this site, never another site (`//evil`, `https://…`)."""
    parts = urlsplit(value or "/")
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):  # a line break would write a header of its own
        return "/"
    return value


def _next_from_query(raw: str) -> str:
    """The `next` of the sign-in address. The proxy appends the request URI as it came (`next=/partner?partner=A&
    period=B`, not encoded: nginx cannot encode it), so `next` is the last parameter and runs to the end."""
    at = raw.find("next=")
    while at > 0 and raw[at - 1] != "&":
        at = raw.find("next=", at + 1)
    if at < 0:
        return "/"
    value = raw[at + 5:]
    return value if value.startswith("/") else unquote(value)


def _lang(value: str) -> str:
    return "fr" if value == "fr" else "en"


def _cookie_token(environ) -> str:
    cookie = SimpleCookie()
    try:
        cookie.load(environ.get("HTTP_COOKIE", ""))
    except Exception:
        return ""
    return cookie[auth.COOKIE].value if auth.COOKIE in cookie else ""


def _client(environ) -> str:
    """The browser's address: the proxy's X-Real-IP (it overwrites whatever the browser sent), else the peer."""
    return environ.get("HTTP_X_REAL_IP") or environ.get("REMOTE_ADDR") or "unknown"


def _secure(environ) -> bool:
    return environ.get("HTTP_X_FORWARDED_PROTO", environ.get("wsgi.url_scheme")) == "https"


def _set_cookie(value: str, seconds: int, secure: bool) -> tuple[str, str]:
    attributes = f"{auth.COOKIE}={value}; Path=/; Max-Age={seconds}; SameSite=Strict"
    return "Set-Cookie", attributes + ("; Secure" if secure else "")


def _page(lang: str, next_path: str, error: str = "") -> bytes:
    return _PAGE.format(
        lang=lang, title=html.escape(t("gate_title", lang)), intro=html.escape(t("viewer_gate", lang)),
        label=html.escape(t("viewer_passcode", lang)), button=html.escape(t("sign_in", lang)),
        next=html.escape(next_path, quote=True),
        error=f'<p class="error" role="alert">{html.escape(error)}</p>' if error else "",
        en=html.escape("lang=en&next=" + quote(next_path, safe="/?=&+%"), quote=True),
        fr=html.escape("lang=fr&next=" + quote(next_path, safe="/?=&+%"), quote=True)).encode("utf-8")


def app(environ, start_response):
    """The gate as a WSGI application."""
    path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
    query = parse_qs(environ.get("QUERY_STRING", ""))
    html_type = ("Content-Type", "text/html; charset=utf-8")
    no_store = ("Cache-Control", "no-store")

    if path == "/_kpi/auth":
        token = _cookie_token(environ)
        role = auth.role_of(token)
        wanted = query.get("role", [""])[0]
        ok = role is not None and (wanted != "analyst" or role == "analyst")
        start_response("204 No Content" if ok else "401 Unauthorized", [no_store])
        return [b""]

    if path == "/_kpi/signout":
        start_response("303 See Other", [_set_cookie("", 0, _secure(environ)), ("Location", "/_kpi/signin"),
                                         no_store])
        return [b""]

    if path != "/_kpi/signin":
        start_response("404 Not Found", [("Content-Type", "text/plain"), no_store])
        return [b"not found"]

    if method == "GET":
        lang = _lang(query.get("lang", [""])[0])
        body = _page(lang, _safe_next(_next_from_query(environ.get("QUERY_STRING", ""))))
        start_response("200 OK", [html_type, no_store])
        return [body]
    if method != "POST":
        start_response("405 Method Not Allowed", [("Allow", "GET, POST"), no_store])
        return [b""]

    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_FORM_BYTES:
        start_response("413 Payload Too Large", [no_store])
        return [b""]
    form = parse_qs(environ["wsgi.input"].read(length).decode("utf-8", "replace"))
    lang = _lang(form.get("lang", [""])[0])
    next_path = _safe_next(form.get("next", ["/"])[0])
    code = form.get("passcode", [""])[0]
    client = _client(environ)
    wait = auth.wait_before_trying(client)
    if wait:
        start_response("429 Too Many Requests", [html_type, ("Retry-After", str(wait)), no_store])
        return [_page(lang, next_path, t("too_many_attempts", lang, seconds=wait))]
    role = auth.passcode_role(code)
    if role is None:
        auth.note_failure(client)
        start_response("401 Unauthorized", [html_type, no_store])
        return [_page(lang, next_path, t("wrong_passcode", lang))]
    auth.note_success(client)
    token = auth.signed(role)
    start_response("303 See Other", [_set_cookie(token, int(auth.session_hours() * 3600), _secure(environ)),
                                     ("Location", next_path), no_store])
    return [b""]


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 — the proxy logs requests; passcodes never go to a log
        pass


def serve(address: str, port: int, ready: threading.Event | None = None) -> None:
    with make_server(address, port, app, server_class=_Server, handler_class=_QuietHandler) as server:
        if ready:
            ready.set()
        server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The sign-in gate in front of the app, for a reverse proxy.")
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8502)
    args = parser.parse_args(argv)
    problem = auth.gate_problem()
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    print(f"sign-in gate on http://{args.address}:{args.port}/_kpi/ (for the proxy's auth_request)", flush=True)
    serve(args.address, args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
