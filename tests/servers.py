"""Servers the browser and deployment tests start: free ports, waiting until a server answers, the app itself.

The benchmark and screenshot scripts start the app through the same functions (`streamlit_app`), so a server
that does not come up raises ServerError (a failed test under pytest) rather than asking for pytest.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


class ServerError(RuntimeError):
    """A server did not come up: the message holds its log."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Until `url` answers (any HTTP status), or fail with the server's log when it died or took too long."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise ServerError(f"{url} did not come up:\n{log.read_text(errors='replace') if log.exists() else ''}")
        time.sleep(0.25)


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in reversed(procs):
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def clean_env(**settings: str) -> dict[str, str]:
    """This process's environment without any KPI_ setting, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KPI_")}
    env.update(settings)
    return env


def start_streamlit(env: dict[str, str], log: Path, *args: str, port: int | None = None,
                    script: str = "app.py") -> tuple[subprocess.Popen, int]:
    """`streamlit run script` (the app unless told) on `port` or a free one (file watching off: others edit the
    project while tests run), once its health check answers: the process and its port (`stop` it)."""
    port = port or free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
                                 "--server.fileWatcherType", "none", *args], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/_stcore/health", proc, log)
    except BaseException:
        stop([proc])
        raise
    return proc, port


@contextlib.contextmanager
def streamlit_app(env: dict[str, str], log: Path, *args: str, port: int | None = None):
    """`start_streamlit` for a `with` block: yields the port, stops the server after."""
    proc, port = start_streamlit(env, log, *args, port=port)
    try:
        yield port
    finally:
        stop([proc])


def publish_sample(url: str) -> None:
    """The sample workbook published as version 1 of the store at `url`."""
    from kpi.ingest.files import Source
    from kpi.store import Store
    from kpi.validate.dataset import load

    data = load([Source.from_path(ROOT / "data" / "sample" / "partnership_sample.xlsx")])
    with Store(url) as store:
        store.publish(data.reviews, data.meetings, data.questions, by="test", files=data.files)


def require_chromium() -> None:
    import pytest

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium (never `playwright install`)")


def wait_idle(page) -> None:
    """Until the script run is over, twice with a short settle (a click's rerun may start a moment late)."""
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_timeout(400)
    page.wait_for_selector(IDLE, timeout=60_000)
