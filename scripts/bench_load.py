"""Load benchmark: viewer sessions at once against one app server, then against two replicas on one database.

    python scripts/bench_load.py [--client protocol|browser] [--sessions 20] [--answers 0] [--postgres URL]
                                 [--replicas 1,2]

The sample data (or a generated data set of --answers answers) is published into a fresh store: a
temporary SQLite file, or the PostgreSQL database at --postgres (its tables are emptied first: give a
throwaway database). Then for each replica count, that many `streamlit run app.py` servers start on
127.0.0.1 on that one store, and --sessions viewer sessions (spread over the servers in turn) at once open
a shared partner URL and switch two pages (Overview, then Gaps). Each step is timed until the page is
ready. Prints the median and the 95th percentile per step and over all steps, and where the CPU went.

Two kinds of viewer session (--client):
- protocol (the default): what a server sees of a browser, without rendering. The page's HTML is fetched
  (the XSRF cookie with it), then Streamlit's websocket `/_stcore/stream` is opened and the BackMsgs
  Streamlit's front end sends are sent: `rerun_script` with the query string and the page name, then for each
  page switch `rerun_script` with the page's script hash (from the `navigation` ForwardMsg), the query string
  the server last set, the app-level widgets' values and the hashes of the cached messages. A page is ready
  when the server's `script_finished` says the run finished successfully (an early end for a rerun is
  waited through); any `exception` element fails the run. The version check a page's fragment makes every
  10 s is not sent (a session is over sooner). Measures the servers.
- browser: Debian's chromium, one context each; a page is ready when Streamlit's script run is over and
  stays over. The browsers render on the same machine as the servers, so their rendering competes with them
  for the cores: the figures are an upper bound of what users on their own machines would see. Their floor is
  printed beside them, measured in the same run: the same sessions on a Streamlit app with the same three pages
  and nothing to compute or draw (FLOOR_APP).

Target (issue "a data set that grows wave by wave…"): p95 under 3 s with one server on a 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
SHARED = "/partner?partner=Northwind+Media&period=2025-H2"
from tests.servers import ServerError, clean_env, start_streamlit, stop  # noqa: E402
TARGET_P95_S = 3.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def publish(url: str, answers: int) -> None:
    """The sample files (or `answers` generated answers) published as version 1 of a fresh store at `url`."""
    from kpi.ingest.files import Source
    from kpi.store import Store
    from kpi.validate.dataset import load

    if answers:
        import io

        from kpi.sample import make_sample
        sources = []
        for name, frame in make_sample(answers=answers, seed=11).items():
            buffer = io.StringIO()
            frame.to_csv(buffer, index=False)
            sources.append(Source(f"{name}.csv", buffer.getvalue().encode("utf-8")))
    else:
        sources = [Source.from_path(ROOT / "data" / "sample" / "partnership_sample.xlsx")]
    data = load(sources)
    with Store(url) as store:
        version = store.publish(data.reviews, data.meetings, data.questions, by="bench", files=data.files)
    print(f"published version {version}: {len(data.reviews):,} answers, {len(data.meetings):,} meetings")


def empty_postgres(url: str) -> None:
    """Drop this app's tables from the throwaway PostgreSQL database, so the run starts from nothing."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as connection:
        for (name,) in connection.execute(sa.text("select tablename from pg_tables where schemaname = 'public' "
                                                  "and tablename like 'kpi_%'")):
            connection.execute(sa.text(f'drop table if exists "{name}" cascade'))
    engine.dispose()


FLOOR_APP = """import streamlit as st


def overview():
    st.title("Overview")


def partner():
    st.title("Partner")


def gaps():
    st.title("Gaps")


st.navigation([st.Page(overview, title="Overview", default=True), st.Page(partner, title="Partner"),
               st.Page(gaps, title="Gaps")]).run()
"""
"""The browser floor: a Streamlit app with the same three pages and nothing to compute or draw."""


class Servers:
    """`count` servers of `script` (the app) on one store, each on its own port, stopped on exit."""

    def __init__(self, count: int, url: str, logs: Path, script: str = "app.py"):
        self.count, self.url, self.logs, self.script = count, url, logs, script
        self.procs, self.bases = [], []

    def __enter__(self) -> list[str]:
        env = clean_env(KPI_DATABASE_URL=self.url)
        try:
            for i in range(self.count):
                proc, port = start_streamlit(env, self.logs / f"server{i}.log", "--server.address", "127.0.0.1",
                                             "--server.headless", "true", "--browser.gatherUsageStats", "false",
                                             script=self.script)
                self.procs.append(proc)
                self.bases.append(f"http://127.0.0.1:{port}")
        except ServerError as exc:
            self.__exit__()
            raise SystemExit(f"a server did not start: {exc}") from None
        return self.bases

    def __exit__(self, *_) -> None:
        stop(self.procs)


async def _ready(page) -> None:
    """Until the run is over and stays over (a rerun may start a moment after the first ends)."""
    await page.wait_for_selector(IDLE, timeout=120_000)
    await page.wait_for_timeout(150)
    await page.wait_for_selector(IDLE, timeout=120_000)


async def _session(browser, base: str, start: asyncio.Event) -> dict[str, float]:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    times = {}
    try:
        await start.wait()
        began = time.perf_counter()
        await page.goto(base + SHARED, timeout=120_000)
        await _ready(page)
        times["shared partner URL"] = time.perf_counter() - began
        for name in ("Overview", "Gaps"):
            began = time.perf_counter()
            await page.get_by_test_id("stSidebarNav").get_by_role("link", name=name).click()
            await page.wait_for_function(
                "name => [...document.querySelectorAll('[data-testid=stSidebarNavLink]')]"
                ".some(a => a.getAttribute('aria-current') === 'page' && a.textContent.includes(name))", arg=name,
                timeout=120_000)
            await _ready(page)
            times[f"switch to {name}"] = time.perf_counter() - began
        if await page.get_by_test_id("stException").count():
            raise SystemExit(f"{base}: a page showed an exception")
    finally:
        await context.close()
    return times


async def _browser_round(bases: list[str], sessions: int) -> list[dict[str, float]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return await _together(bases, sessions, lambda base, start: _session(browser, base, start))
        finally:
            await browser.close()


async def _together(bases: list[str], sessions: int, session) -> list[dict[str, float]]:
    # One session first on each server, alone: the servers' first view of the version is not what is measured.
    for base in bases:
        await session(base, _set(asyncio.Event()))
    start = asyncio.Event()
    tasks = [asyncio.create_task(session(bases[i % len(bases)], start)) for i in range(sessions)]
    await asyncio.sleep(0.5)  # every session ready before they start together
    start.set()
    return await asyncio.gather(*tasks)


class ProtocolViewer:
    """One viewer as its server sees it: Streamlit's websocket protocol spoken without a browser."""

    def __init__(self, base: str):
        self.base, self.pages, self.widgets, self.cached = base, {}, {}, []
        self.query, self.main_hash, self.socket = "", "", None

    async def open(self, path_and_query: str) -> None:
        """Fetch the page as a browser does (its HTML sets the XSRF cookie), open the websocket, run the page."""
        import websockets

        path, _, self.query = path_and_query.lstrip("/").partition("?")
        cookie = await asyncio.to_thread(_page_cookie, f"{self.base}/{path_and_query.lstrip('/')}")
        token = cookie.partition("=")[2] if cookie.startswith("_streamlit_xsrf=") else ""
        self.socket = await websockets.connect(
            self.base.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit", token] if token
            else ["streamlit"], origin=self.base, additional_headers={"Cookie": cookie} if cookie else None,
            max_size=None, open_timeout=120)
        await self.run(page_name=path, url=f"{self.base}/{path}")

    async def switch(self, url_path: str) -> None:
        """Click a page in the sidebar: the front end sends the page's hash and the app-level widgets' values."""
        await self.run(page_script_hash=self.pages[url_path], widgets=True, url=f"{self.base}/{url_path}")

    async def run(self, page_name: str = "", page_script_hash: str = "", widgets: bool = False, url: str = "") -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_name = page_name
        state.page_script_hash = page_script_hash
        state.widget_states.SetInParent()
        if widgets:
            state.widget_states.widgets.extend(self.widgets.values())
        state.cached_message_hashes.extend(self.cached)
        info = state.context_info
        info.timezone, info.timezone_offset, info.locale, info.url = "UTC", 0, "en-US", url
        info.is_embedded, info.color_scheme = False, "light"
        await self.socket.send(msg.SerializeToString())
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await asyncio.wait_for(self.socket.recv(), timeout=120))
            kind = reply.WhichOneof("type")
            if reply.metadata.cacheable and reply.hash:
                self.cached.append(reply.hash)
            if kind == "new_session":
                self.main_hash = reply.new_session.main_script_hash
            elif kind == "navigation":
                self.pages = {page.url_pathname: page.page_script_hash for page in reply.navigation.app_pages}
            elif kind == "page_info_changed":
                self.query = reply.page_info_changed.query_string
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                self._element(reply.delta.new_element, reply.metadata.active_script_hash)
            elif kind == "script_finished":
                if reply.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    return
                if reply.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise SystemExit(f"{self.base}: a page did not compile")

    def _element(self, element, script_hash: str) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        kind = element.WhichOneof("type")
        if kind == "exception":
            raise SystemExit(f"{self.base}: a page showed an exception: {element.exception.message}")
        if kind not in ("selectbox", "radio", "button_group") or script_hash != self.main_hash:
            return  # the front end carries only the app-level widgets (the sidebar's) across a page switch
        widget = getattr(element, kind)
        state = WidgetState(id=widget.id)
        if kind == "button_group":
            chosen = widget.raw_values if widget.set_value else [widget.options[i].content for i in widget.default]
            state.string_array_value.data.extend(chosen)
        elif widget.set_value and widget.HasField("raw_value"):
            state.string_value = widget.raw_value
        elif widget.HasField("default"):
            state.string_value = widget.options[widget.default]
        self.widgets[widget.id] = state

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


def _page_cookie(url: str) -> str:
    """GET a page as a browser does; the XSRF cookie it sets (`name=value`), or ''."""
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith("_streamlit_xsrf="):
                return header.split(";", 1)[0]
    return ""


async def _protocol_session(base: str, start: asyncio.Event) -> dict[str, float]:
    viewer = ProtocolViewer(base)
    times = {}
    try:
        await start.wait()
        began = time.perf_counter()
        await viewer.open(SHARED)
        times["shared partner URL"] = time.perf_counter() - began
        for name, url_path in (("Overview", ""), ("Gaps", "gaps")):  # the default page lives at /
            began = time.perf_counter()
            await viewer.switch(url_path)
            times[f"switch to {name}"] = time.perf_counter() - began
    finally:
        await viewer.close()
    return times


def _set(event: asyncio.Event) -> asyncio.Event:
    event.set()
    return event


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    """CPU time this process (the protocol clients) has used so far."""
    usage = os.times()
    return usage.user + usage.system


def _machine_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy so far (every core), from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def report(label: str, results: list[dict[str, float]]) -> float:
    steps = list(results[0])
    print(f"\n{label}")
    print("| step | sessions | median | p95 | max |")
    print("|---|---|---|---|---|")
    for step in steps + ["all steps"]:
        values = [t for r in results for s, t in r.items() if step in (s, "all steps")]
        print(f"| {step} | {len(results)} | {statistics.median(values):.2f} s | {_p95(values):.2f} s "
              f"| {max(values):.2f} s |")
    return _p95([t for r in results for t in r.values()])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--answers", type=int, default=0, help="generated answers to publish (0: the sample files)")
    parser.add_argument("--postgres", help="a throwaway PostgreSQL URL (postgresql+psycopg://…): its kpi_ tables "
                        "are dropped first; without it, the servers share one SQLite file")
    parser.add_argument("--replicas", default="1,2", help="server counts to measure, in turn")
    parser.add_argument("--client", choices=("protocol", "browser"), default="protocol",
                        help="viewer sessions speaking Streamlit's websocket protocol (the servers' view), "
                        "or chromium sessions rendering on this machine too")
    args = parser.parse_args(argv)
    if args.client == "browser" and not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    with tempfile.TemporaryDirectory() as tmp:
        if args.postgres:
            empty_postgres(args.postgres)
            url, where = args.postgres, "PostgreSQL"
        else:
            url, where = f"sqlite:///{Path(tmp) / 'kpi.sqlite'}", "one SQLite file"
        publish(url, args.answers)
        verdict, p95_one = 0, float("nan")
        for count in [int(n) for n in args.replicas.split(",")]:
            servers = Servers(count, url, Path(tmp))
            with servers as bases:
                before = [_cpu_seconds(proc.pid) for proc in servers.procs], _machine_cpu_seconds(), _own_cpu_seconds()
                results = asyncio.run(_browser_round(bases, args.sessions) if args.client == "browser"
                                      else _together(bases, args.sessions, _protocol_session))
                after = [_cpu_seconds(proc.pid) for proc in servers.procs], _machine_cpu_seconds(), _own_cpu_seconds()
            server_cpu = sum(after[0]) - sum(before[0])
            p95 = report(f"{count} app server{'s' if count > 1 else ''} on {where}, {args.sessions} {args.client} "
                         "sessions at once", results)
            machine = after[1] - before[1]
            clients = ("the browsers" if args.client == "browser"
                       else f"the protocol clients {after[2] - before[2]:.1f} s (this process)")
            print(f"CPU during the round (warm-up sessions included): app server{'s' if count > 1 else ''} "
                  f"{server_cpu:.1f} s ({server_cpu / (args.sessions + count):.2f} s a session), the whole machine "
                  f"{machine:.1f} s: {clients} and everything else {machine - server_cpu:.1f} s")
            if count == 1:
                p95_one = p95
                verdict = 0 if p95 < TARGET_P95_S else 1
                print(f"target: p95 under {TARGET_P95_S:g} s with one server: {'met' if not verdict else 'NOT met'}")
        if args.client == "browser":  # the floor: the same browser sessions, an app with nothing to do
            floor_app = Path(tmp) / "floor_app.py"
            floor_app.write_text(FLOOR_APP, encoding="utf-8")
            with Servers(1, url, Path(tmp), script=str(floor_app)) as bases:
                floor = report(f"floor: the same {args.sessions} browser sessions on one server of a Streamlit app "
                               "with the same three pages and nothing to compute or draw",
                               asyncio.run(_browser_round(bases, args.sessions)))
            print(f"the app's p95 {p95_one:.2f} s beside the floor's {floor:.2f} s on this machine")
    return verdict


if __name__ == "__main__":
    raise SystemExit(main())
