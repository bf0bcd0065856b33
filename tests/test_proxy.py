"""The shipped nginx configuration in front of the app, on 127.0.0.1: each finding of the security probe is closed.

Debian's nginx (`make proxy` installs nginx-light when missing), a self-signed certificate made by openssl, the
sign-in gate (`python -m ui.gate`) and `streamlit run app.py`, all on free ports; docs/deploy/nginx.conf with its
placeholders filled in.
"""

import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.servers import (CHROMIUM, ROOT, clean_env, free_port, publish_sample, require_chromium, stop,
                           wait_until_up)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
VIEWER, ANALYST = "viewer passcode behind the proxy", "analyst passcode behind the proxy"


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """(https port, CA file, folder): nginx → gate + app, the sample published."""
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: `make proxy` installs Debian's nginx-light")
    tmp = tmp_path_factory.mktemp("proxy")
    url = f"sqlite:///{tmp / 'kpi.sqlite'}"
    publish_sample(url)
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    app_port, gate_port, https_port = free_port(), free_port(), free_port()
    env = clean_env(KPI_DATABASE_URL=url, KPI_VIEWER_PASSCODE=VIEWER, KPI_ANALYST_PASSCODE=ANALYST)
    procs = []
    try:
        app_log, gate_log = tmp / "app.log", tmp / "gate.log"
        with open(app_log, "wb") as out:
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(app_port),
                 "--server.fileWatcherType", "none"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT))
        with open(gate_log, "wb") as out:
            procs.append(subprocess.Popen([sys.executable, "-m", "ui.gate", "--port", str(gate_port)], cwd=ROOT,
                                          env=env, stdout=out, stderr=subprocess.STDOUT))
        wait_until_up(f"http://127.0.0.1:{app_port}/_stcore/health", procs[0], app_log)
        wait_until_up(f"http://127.0.0.1:{gate_port}/_kpi/signin", procs[1], gate_log)
        prefix = tmp / "nginx"
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
        conf = (ROOT / "docs" / "deploy" / "nginx.conf").read_text()
        for name, value in {"@LISTEN@": f"127.0.0.1:{https_port}", "@CERT@": cert, "@KEY@": key,
                            "@APP@": f"127.0.0.1:{app_port}", "@GATE@": f"127.0.0.1:{gate_port}",
                            "@MAX_MB@": "200", "@PREFIX@": prefix}.items():
            conf = conf.replace(name, str(value))
        assert not re.search(r"@[A-Z_]+@", re.sub(r"#.*", "", conf))
        if os.geteuid() == 0:  # workers would run as nobody and find nothing in this folder
            conf = "user root;\n" + conf
        (tmp / "nginx.conf").write_text(conf)
        nginx_log = prefix / "error.log"
        procs.append(subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                break
            except OSError:
                if procs[-1].poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"nginx did not start:\n{nginx_log.read_text(errors='replace') if nginx_log.exists() else ''}")
                time.sleep(0.2)
        yield https_port, cert, tmp
    finally:
        stop(procs)


def _request(proxy, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    port, cert, _ = proxy
    context = ssl.create_default_context(cafile=str(cert))
    connection = http.client.HTTPSConnection("localhost", port, context=context, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def _sign_in(proxy, passcode: str, next_path: str = "/") -> str:
    status, headers, _ = _request(proxy, "POST", "/_kpi/signin", urlencode({"passcode": passcode, "next": next_path}
                                                                          ).encode(),
                                  {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 303 and headers["Location"] == next_path
    cookie = headers["Set-Cookie"]
    assert "SameSite=Strict" in cookie and "Secure" in cookie and "Max-Age=43200" in cookie
    return cookie.split(";")[0]


def test_nothing_reaches_streamlit_before_signing_in(proxy):
    for method, path in [("GET", "/"), ("GET", "/partner?partner=Kestrel+PR&period=2025-H2"),
                         ("GET", "/_stcore/health"), ("GET", "/media/anything.csv"), ("GET", "/_stcore/stream"),
                         ("PUT", "/_stcore/upload_file/some-session/some-file"), ("GET", "/static/js/index.js")]:
        status, headers, body = _request(proxy, method, path)
        assert status == 303, (method, path, status)
        assert headers["Location"] == "/_kpi/signin?next=" + path
        assert b"streamlit" not in body.lower()
    # The websocket upgrade itself is refused too (cache flushes and every other message go through it).
    status, _, _ = _request(proxy, "GET", "/_stcore/stream", headers={
        "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
    assert status == 303


def test_the_sign_in_form_lands_on_the_linked_page_and_opens_the_app(proxy):
    status, headers, body = _request(proxy, "GET", "/_kpi/signin?next=/partner?partner=Kestrel+PR&period=2025-H2")
    assert status == 200 and b'name="next" value="/partner?partner=Kestrel+PR&amp;period=2025-H2"' in body
    cookie = _sign_in(proxy, VIEWER, "/partner?partner=Kestrel+PR&period=2025-H2")
    status, _, body = _request(proxy, "GET", "/partner?partner=Kestrel+PR&period=2025-H2", headers={"Cookie": cookie})
    assert status == 200 and b"<noscript>" in body  # Streamlit's page
    status, _, body = _request(proxy, "GET", "/_stcore/health", headers={"Cookie": cookie})
    assert (status, body) == (200, b"ok")
    # A viewer may not upload; an analyst may reach Streamlit's upload endpoint.
    status, _, _ = _request(proxy, "PUT", "/_stcore/upload_file/x/y", b"data", {"Cookie": cookie})
    assert status == 303
    analyst = _sign_in(proxy, ANALYST)
    status, _, _ = _request(proxy, "PUT", "/_stcore/upload_file/x/y", b"data", {"Cookie": analyst})
    assert status not in (303, 401)  # Streamlit's own answer (no such session), not the gate's
    # Signing out clears the cookie.
    status, headers, _ = _request(proxy, "GET", "/_kpi/signout", headers={"Cookie": cookie})
    assert status == 303 and headers["Set-Cookie"].startswith("kpi_role=; Path=/; Max-Age=0")


def test_a_forged_or_foreign_cookie_or_redirect_gets_nowhere(proxy):
    for cookie in ("kpi_role=analyst", "kpi_role=ImFuYWx5c3Qi.aaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbb"):
        assert _request(proxy, "GET", "/", headers={"Cookie": cookie})[0] == 303
    for target in ("https://evil.test/", "//evil.test/x", "/\\evil.test"):  # more in test_safety (rate limit)
        status, headers, _ = _request(proxy, "POST", "/_kpi/signin", urlencode({"passcode": VIEWER, "next": target}
                                                                               ).encode(),
                                      {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 303 and headers["Location"] == "/"


def test_metrics_are_closed_even_when_signed_in(proxy):
    cookie = _sign_in(proxy, ANALYST)
    assert _request(proxy, "GET", "/_stcore/metrics", headers={"Cookie": cookie})[0] == 404


def test_security_headers_on_every_answer(proxy):
    cookie = _sign_in(proxy, VIEWER)
    for path, headers in [("/", {}), ("/_kpi/signin", {}), ("/", {"Cookie": cookie})]:
        _, got, _ = _request(proxy, "GET", path, headers=headers)
        assert got["Content-Security-Policy"] == "frame-ancestors 'self'"
        assert got["X-Frame-Options"] == "SAMEORIGIN" and got["X-Content-Type-Options"] == "nosniff"
        assert "nginx/" not in got.get("Server", "")


def test_bodies_over_the_cap_are_refused_before_the_app(proxy):
    cookie = _sign_in(proxy, ANALYST)
    port, cert, _ = proxy
    connection = http.client.HTTPSConnection("localhost", port, context=ssl.create_default_context(cafile=str(cert)),
                                             timeout=30)
    connection.putrequest("PUT", "/_stcore/upload_file/x/y")
    connection.putheader("Cookie", cookie)
    connection.putheader("Content-Length", str(201 * 1_048_576))
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()


def test_sign_in_attempts_are_rate_limited(proxy):
    statuses = []
    for i in range(12):
        status, _, _ = _request(proxy, "POST", "/_kpi/signin", urlencode({"passcode": f"guess {i}"}).encode(),
                                {"Content-Type": "application/x-www-form-urlencoded"})
        statuses.append(status)
    assert statuses[0] == 401 and 429 in statuses  # the gate makes a client wait after 5 misses
    assert statuses.index(429) <= 6
    # nginx's own limit, before the gate: a burst of requests to the sign-in address.
    answers = [_request(proxy, "GET", "/_kpi/signin") for _ in range(15)]
    assert [status for status, _, _ in answers].count(429) >= 3


def test_a_viewer_signs_in_through_the_proxy_in_a_browser(proxy):
    from playwright import sync_api
    from playwright.sync_api import expect

    port, _, tmp = proxy
    require_chromium()
    # Earlier tests spent this client's free attempts: a new minute and a fresh gate count are not needed for a
    # right passcode, but nginx's rate limit may still be spent, so wait for it.
    time.sleep(7)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                             "--ignore-certificate-errors"])
        try:
            page = browser.new_page(ignore_https_errors=True)
            page.goto(f"https://localhost:{port}/partner?partner=Kestrel+PR&period=2025-H2")
            assert "/_kpi/signin" in page.url
            page.get_by_label("Passcode").fill(VIEWER)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_test_id("stMain").get_by_role("heading", name="Kestrel PR").first).to_be_visible(
                timeout=60_000)
            assert page.url.endswith("/partner?partner=Kestrel+PR&period=2025-H2")
            expect(page.get_by_test_id("stSidebar").get_by_text("Viewing")).to_be_visible()
        finally:
            browser.close()
    assert "Traceback" not in (tmp / "app.log").read_text(errors="replace")
