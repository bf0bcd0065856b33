"""Safe by default: local mode serves this computer only, Host names are checked, example passcodes refused."""

import re
import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from tests.servers import CHROMIUM, ROOT, clean_env, publish_sample, require_chromium, streamlit_app, wait_idle
from ui.auth import _host_name, serving_problem


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'kpi.sqlite'}")
    for name in ("KPI_ANALYST_PASSCODE", "KPI_VIEWER_PASSCODE", "KPI_ALLOWED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()
    yield monkeypatch
    st.cache_resource.clear()


@pytest.mark.parametrize("header, name", [
    ("localhost:8501", "localhost"), ("127.0.0.1", "127.0.0.1"), ("[::1]:8501", "::1"),
    ("KPI.Example.com:443", "kpi.example.com"), ("rebind.attacker.test:8501", "rebind.attacker.test"),
])
def test_host_names_are_read_without_their_port(header, name):
    assert _host_name(header) == name


@pytest.mark.parametrize("address, host, refused", [
    ("127.0.0.1", "localhost:8501", None),
    ("127.0.0.1", "127.0.0.1:8501", None),
    ("localhost", "[::1]:8501", None),
    ("127.0.0.1", None, None),  # no request to check (a bare run)
    ("", "localhost:8501", "local_mode_on_network"),  # Streamlit's default: every interface
    ("0.0.0.0", "192.168.1.20:8501", "local_mode_on_network"),
    ("127.0.0.1", "rebind.attacker.test:8501", "foreign_host"),  # DNS rebinding
])
def test_local_mode_serves_this_computer_only(env, address, host, refused):
    problem = serving_problem("en", address, host)
    if refused is None:
        assert problem is None
    elif refused == "local_mode_on_network":
        assert problem.startswith("Local mode (no analyst passcode, no login) serves this computer only, but the "
                                  f"server listens on {address or '0.0.0.0'}")
        assert "--server.address 127.0.0.1" in problem and "analyst_passcode" in problem
    else:
        assert problem == ("Local mode answers only to localhost or 127.0.0.1, not to “rebind.attacker.test”: open "
                           "http://localhost:8501 on this computer.")


def test_a_deployment_with_a_passcode_serves_the_network_and_checks_allowed_hosts(env):
    env.setenv("KPI_ANALYST_PASSCODE", "a long passcode of our own")
    assert serving_problem("en", "0.0.0.0", "192.168.1.20:8501") is None  # no list: any name
    env.setenv("KPI_ALLOWED_HOSTS", "kpi.example.com, KPI.internal:8443")
    assert serving_problem("en", "0.0.0.0", "kpi.example.com") is None
    assert serving_problem("en", "0.0.0.0", "kpi.internal:8443") is None
    assert serving_problem("fr", "0.0.0.0", "evil.test") == (
        "Ce tableau de bord ne répond pas à l'adresse « evil.test » : utilisez l'adresse qui vous a été donnée, "
        "ou ajoutez-la à allowed_hosts dans .streamlit/secrets.toml (ou KPI_ALLOWED_HOSTS).")


@pytest.mark.parametrize("variable, passcode", [("KPI_ANALYST_PASSCODE", "change-me"),
                                                ("KPI_VIEWER_PASSCODE", " Change-Me-Too ")])
def test_the_example_passcodes_do_not_work(env, variable, passcode):
    env.setenv("KPI_ANALYST_PASSCODE", "a long passcode of our own")
    env.setenv(variable, passcode)
    setting = "analyst_passcode" if "ANALYST" in variable else "viewer_passcode"
    assert serving_problem("en", "127.0.0.1", "localhost") == (
        f"This dashboard will not serve with the passcode of the example file: set your own, long one as {setting} "
        f"in .streamlit/secrets.toml (or {variable}), then restart the app.")


def test_the_example_secrets_file_holds_no_working_passcode():
    text = (ROOT / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8")
    assert not re.search(r"^\s*\w*passcode\s*=", text, flags=re.M)


def test_the_app_shows_only_the_refusal_when_local_mode_listens_on_every_interface(env):
    st_config.set_option("server.address", "0.0.0.0")
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    finally:
        st_config.set_option("server.address", "127.0.0.1")
    assert not at.exception
    assert [e.value[:60] for e in at.error] == ["Local mode (no analyst passcode, no login) serves this compu"]
    assert not at.title and not at.metric and not at.dataframe  # nothing of the dashboard


def test_the_shipped_configuration_binds_local_mode_to_this_computer():
    text = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(r'^address = "127\.0\.0\.1"$', text, flags=re.M)


# -- a real server: listening on loopback only, and refusing a rebound host name ------------------

@pytest.fixture(scope="module")
def local_server(tmp_path_factory):
    """`streamlit run app.py` as `make run` starts it: local mode (no passcode), the shipped configuration."""
    tmp = tmp_path_factory.mktemp("local")
    log = tmp / "server.log"
    with streamlit_app(clean_env(KPI_DATABASE_URL=f"sqlite:///{tmp / 'kpi.sqlite'}"), log) as port:
        yield port, log


def _listening(port: int) -> set[str]:
    """The local addresses a TCP port listens on, from /proc/net/tcp and tcp6 (state 0A: LISTEN)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_local_mode_listens_on_loopback_only(local_server):
    port, _ = local_server
    assert _listening(port) == {"0100007F"}  # 127.0.0.1, and no other interface


def test_a_page_reached_through_another_host_name_is_refused(local_server):
    """DNS rebinding: a name that resolves to 127.0.0.1 gets the refusal, not the dashboard."""
    from playwright import sync_api

    port, log = local_server
    require_chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP rebind.attacker.test 127.0.0.1"])
        try:
            page = browser.new_page()
            page.goto(f"http://rebind.attacker.test:{port}/")
            sync_api.expect(page.get_by_text("Local mode answers only to localhost or 127.0.0.1, not to "
                                             "“rebind.attacker.test”")).to_be_visible(timeout=60_000)
            sync_api.expect(page.get_by_test_id("stMetric")).to_have_count(0)
            page.goto(f"http://127.0.0.1:{port}/")
            sync_api.expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=60_000)
            sync_api.expect(page.get_by_text("Local mode answers only")).to_have_count(0)
        finally:
            browser.close()
    assert "Traceback" not in log.read_text(errors="replace")


# -- signing in once: a signed cookie that lasts across reloads, tabs and links --------------------

VIEWER_CODE, ANALYST_CODE = "viewer passcode for the test", "analyst passcode for the test"


@pytest.fixture(scope="module")
def private_server(tmp_path_factory):
    """A deployment with both passcodes and the sample workbook published, served on every interface."""
    tmp = tmp_path_factory.mktemp("private")
    url = f"sqlite:///{tmp / 'kpi.sqlite'}"
    publish_sample(url)
    env = clean_env(KPI_DATABASE_URL=url, KPI_VIEWER_PASSCODE=VIEWER_CODE, KPI_ANALYST_PASSCODE=ANALYST_CODE)
    log = tmp / "server.log"
    with streamlit_app(env, log, "--server.address", "0.0.0.0") as port:
        yield f"http://127.0.0.1:{port}", log


@pytest.fixture(scope="module")
def chromium():
    from playwright import sync_api

    require_chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def test_a_viewer_signs_in_once_on_a_shared_link_and_lands_on_it(private_server, chromium):
    from playwright.sync_api import expect

    base, log = private_server
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(base + "/partner?partner=Kestrel+PR&period=2025-H2")
        expect(page.get_by_text("This dashboard is private")).to_be_visible(timeout=60_000)
        expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)  # no page list before the gate
        page.get_by_label("Passcode", exact=True).fill(VIEWER_CODE)
        page.get_by_role("button", name="Sign in").click()
        # The page reloads with the cookie: the same address, the linked partner and period.
        expect(page.get_by_test_id("stMain").get_by_role("heading", name="Kestrel PR").first).to_be_visible(
            timeout=60_000)
        wait_idle(page)
        assert "partner=Kestrel+PR" in page.url and "period=2025-H2" in page.url
        cookie = next(c for c in context.cookies() if c["name"] == "kpi_role")
        assert cookie["sameSite"] == "Strict" and cookie["expires"] > time.time() + 11 * 3600
        # Three partner links in new tabs: none asks again.
        for partner in ("Northwind+Media", "Atelier+Nova", "Studio+Quartz"):
            tab = context.new_page()
            tab.goto(f"{base}/partner?partner={partner}&period=2025-H2")
            expect(tab.get_by_test_id("stMain").get_by_role("heading", name=partner.replace("+", " ")).first
                   ).to_be_visible(timeout=60_000)
            expect(tab.get_by_text("This dashboard is private")).to_have_count(0)
            tab.close()
        # Signing out forgets it.
        page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
        expect(page.get_by_text("This dashboard is private")).to_be_visible(timeout=60_000)
    finally:
        context.close()
    text = log.read_text(errors="replace")
    assert "Traceback" not in text
    assert "External URL" not in text  # serving every interface, the server asked no web service its address


def test_an_analyst_reloads_upload_and_stays_an_analyst(private_server, chromium):
    from playwright.sync_api import expect

    base, log = private_server
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(base + "/")
        page.get_by_label("Passcode", exact=True).fill(ANALYST_CODE)  # the analyst passcode opens the gate too
        page.get_by_role("button", name="Sign in").click()
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text("Signed in as analyst")).to_be_visible(timeout=60_000)
        for _ in range(2):  # typed, then reloaded
            page.goto(base + "/upload")
            expect(page.get_by_role("heading", name="Upload and publish")).to_be_visible(timeout=60_000)
            expect(page.get_by_test_id("stSidebar").get_by_text("Signed in as analyst")).to_be_visible()
            page.reload()
            expect(page.get_by_role("heading", name="Upload and publish")).to_be_visible(timeout=60_000)
    finally:
        context.close()
    assert "Traceback" not in log.read_text(errors="replace")


def test_the_page_and_the_server_call_nothing_outside(local_server, chromium):
    """Every request the page makes goes to this server (no icon or font from a CDN), and the server's log shows
    no outside lookup (Streamlit's "External URL" would mean it asked a web service for this machine's address)."""
    from playwright import sync_api

    port, log = local_server
    requested = []
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.on("request", lambda request: requested.append(request.url))
        for path in ("/", "/partner", "/gaps", "/methodology"):
            page.goto(f"http://127.0.0.1:{port}{path}")
            sync_api.expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=60_000)
            wait_idle(page)
    finally:
        context.close()
    outside = sorted({re.sub(r"^(\w+://[^/]+).*", r"\1", url) for url in requested
                      if not re.match(rf"^(https?|wss?)://127\.0\.0\.1:{port}/", url) and not url.startswith("data:")})
    assert requested and outside == [], [u for u in requested if "127.0.0.1" not in u]
    assert "External URL" not in log.read_text(errors="replace")


@pytest.mark.parametrize("query, landing", [
    ("next=/partner?partner=Kestrel+PR&period=2025-H2", "/partner?partner=Kestrel+PR&period=2025-H2"),
    ("lang=fr&next=/gaps?x=1&y=2", "/gaps?x=1&y=2"),
    ("next=%2Fpartner%3Fa%3D1", "/partner?a=1"),
    ("next=https://evil.test/", "/"), ("next=//evil.test", "/"), ("next=/%5Cevil.test", "/%5Cevil.test"),  # a path here
    ("next=%2Fx%0d%0aSet-Cookie:%20kpi_role=forged", "/"),  # a line break would write a header of its own
    ("", "/"),
])
def test_the_gate_sends_back_to_this_site_only(query, landing):
    from ui.gate import _next_from_query, _safe_next

    assert _safe_next(_next_from_query(query)) == landing
