"""Sign-in through OpenID Connect for real: a local provider (oidc-provider-mock, from PyPI), `st.login` in chromium.

The app is configured as a deployment would be (an `[auth]` section and `analyst_emails` in a secrets file
given with `--secrets.files`); the provider runs on 127.0.0.1 and asks for a subject, used as the e-mail.
"""

import subprocess
import sys

import pytest

from tests import servers
from tests.servers import clean_env, free_port, require_chromium, stop, streamlit_app, wait_idle, wait_until_up


@pytest.fixture(scope="module")
def oidc_app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("oidc")
    provider_port, app_port = free_port(), free_port()
    secrets = tmp / "secrets.toml"
    env = clean_env(KPI_DATABASE_URL=f"sqlite:///{tmp / 'kpi.sqlite'}")
    provider_log, app_log = tmp / "provider.log", tmp / "app.log"
    with open(provider_log, "wb") as out:
        provider = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(provider_port)],
                                    env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{provider_port}/.well-known/openid-configuration", provider, provider_log)
        # The app's port must be in the redirect URI before it starts: take one, then start the app on it.
        secrets.write_text(f"""analyst_emails = ["ana@example.com"]

[auth]
redirect_uri = "http://localhost:{app_port}/oauth2callback"
cookie_secret = "a long random string for the test cookie"
client_id = "kpi-dashboard"
client_secret = "test-client-secret"
server_metadata_url = "http://127.0.0.1:{provider_port}/.well-known/openid-configuration"
""", encoding="utf-8")
        with streamlit_app(env, app_log, "--secrets.files", str(secrets), port=app_port):
            yield f"http://localhost:{app_port}", app_log
    finally:
        stop([provider])


def _sign_in_as(page, base: str, email: str) -> None:
    from playwright.sync_api import expect

    page.goto(base + "/")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Viewing", exact=True)).to_be_visible(timeout=60_000)
    wait_idle(page)  # a click during the first run of a page would be lost
    sidebar.get_by_text("Analyst sign-in").click()
    sidebar.get_by_role("button", name="Sign in with your organisation").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=60_000)
    page.locator("input[name=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(base + "/**", timeout=60_000)
    wait_idle(page)


def test_an_analyst_signs_in_through_the_organisations_login(oidc_app):
    from playwright import sync_api
    from playwright.sync_api import expect

    base, log = oidc_app
    require_chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=servers.CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            _sign_in_as(page, base, "ana@example.com")
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_text("Signed in as analyst")).to_be_visible(timeout=60_000)
            expect(sidebar.get_by_role("link", name="Upload")).to_be_visible()
            # The login lasts: a reload and a typed analyst page keep it.
            page.goto(base + "/upload")
            expect(page.get_by_role("heading", name="Upload and publish")).to_be_visible(timeout=60_000)
            # Signing out ends it, at the provider too.
            page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
            page.wait_for_url("**/oauth2/end_session**", timeout=60_000)
            page.goto(base + "/upload")
            expect(page.get_by_test_id("stSidebar").get_by_text("Viewing", exact=True)).to_be_visible(timeout=60_000)
            expect(page.get_by_role("heading", name="Upload and publish")).to_have_count(0)
            context.close()

            # Someone of the organisation who is not listed in analyst_emails stays a viewer.
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            _sign_in_as(page, base, "bob@example.com")
            expect(page.get_by_test_id("stSidebar").get_by_text("Viewing", exact=True)).to_be_visible()
            expect(page.get_by_test_id("stSidebar").get_by_role("link", name="Upload")).to_have_count(0)
            context.close()
        finally:
            browser.close()
    assert "Traceback" not in log.read_text(errors="replace")
