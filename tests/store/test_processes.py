"""Several processes on one database, as real processes: publishes at once land in commit order, app servers
starting together migrate once, a publish killed at any point leaves the previous version intact."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from kpi.store import Store

from tests.store.helpers import row_count, source, wave
from tests.store.released import released_database

ROOT = Path(__file__).resolve().parents[2]

PRELUDE = """
import json, sys, time
from kpi.store import Store
from tests.store.helpers import source, wave
url = sys.argv[1]
def say(**fields):
    print(json.dumps(fields), flush=True)
"""


def start(url, code):
    """A Python process running `code` after PRELUDE, in the project folder, its stdout read line by line."""
    return subprocess.Popen([sys.executable, "-c", PRELUDE + textwrap.dedent(code), url], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def said(process):
    """Everything the process said (one JSON object a line) once it ended; fails with its stderr if it failed."""
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return [json.loads(line) for line in out.splitlines()]


def wait_for(process, word):
    """Block until the process prints a line holding `word`."""
    for line in process.stdout:
        if word in line:
            return json.loads(line)
    raise AssertionError(f"the process ended without saying {word!r}: {process.stderr.read()}")


# ---------------------------------------------------------------- publishes at once


def test_two_publishes_at_once_both_land_numbered_in_commit_order(url):
    Store(url).close()
    slow = start(url, """
        def progress(fraction, table):
            if table != "questions":
                say(event="writing")
                time.sleep(2)
        version = Store(url).publish_sources([source("big.csv", wave("big.csv"))], by="ann", progress=progress)
        say(name="big", version=version, at=time.time())
    """)
    wait_for(slow, "writing")
    quick = start(url, """
        version = Store(url).publish_sources([source("small.csv", wave("small.csv"))], by="bob")
        say(name="small", version=version, at=time.time())
    """)
    results = said(quick) + said(slow)

    assert sorted(r["version"] for r in results) == [1, 2]
    last = max(results, key=lambda r: r["at"])
    store = Store(url)
    assert store.current_version() == last["version"]  # the last to commit is what everyone sees
    assert sorted(store.sources()["name"]) == ["big.csv", "small.csv"]  # and it kept the other's file
    assert store.version_changes()["added"] == [f"{last['name']}.csv"]
    store.close()


def test_twelve_publishes_at_once_all_land(url):
    Store(url).close()
    errors, ids = [], []

    def publish(i):
        store = Store(url)  # each its own connections, as separate app servers would have
        try:
            ids.append(store.publish_sources([source(f"w{i}.csv", wave(f"w{i}.csv"))], by=f"analyst {i}"))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=publish, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(ids) == list(range(1, 13))
    store = Store(url)
    assert len(store.sources()) == 12 and len(store.load().reviews) == 12 * 4
    store.close()


# ---------------------------------------------------------------- app servers starting together


OPEN_AT_ONCE = """
    start = float(sys.argv[2])
    while time.time() < start:
        time.sleep(0.001)
    store = Store(url)
    say(migrated=store.migrated, current=store.current_version())
"""


def open_at_once(url, n=3):
    at = str(time.time() + 2.5)  # every process imported its modules by then
    processes = [subprocess.Popen([sys.executable, "-c", PRELUDE + textwrap.dedent(OPEN_AT_ONCE), url, at], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(n)]
    return [said(p)[0] for p in processes]


def test_app_servers_starting_together_on_an_empty_database_all_come_up_and_create_it_once(url):
    opened = open_at_once(url)

    migrated = sorted(version for result in opened for version in result["migrated"])
    assert migrated == [1, 2, 3, 4]  # each migration ran in exactly one process
    assert all(result["current"] is None for result in opened)


def test_app_servers_starting_together_on_a_released_database_move_its_rows_once(url):
    released_database(url)

    opened = open_at_once(url)

    assert sorted(version for result in opened for version in result["migrated"]) == [3, 4]
    assert all(result["current"] == 3 for result in opened)
    assert row_count(url, "kpi_sources") == 5  # a.csv and m.xlsx (version 1), a.csv, book.xlsx, b.csv (version 2)


# ---------------------------------------------------------------- a publish killed


@pytest.mark.parametrize("kill_at", ["writing-a-source", "before-commit"])
def test_a_publish_killed_midway_leaves_the_previous_version_intact(url, kill_at):
    store = Store(url)
    kept = store.publish_sources([source("a.csv", wave("a.csv"))], by="ann")
    process = start(url, f"""
        def progress(fraction, table):
            if (table != "questions") == ({kill_at!r} == "writing-a-source"):
                say(event="kill me")
                time.sleep(60)
        Store(url).publish_sources([source("b.csv", wave("b.csv"))], replace={{"a.csv": source("a.csv", wave("a.csv",
                                   score=1), content="new")}}, by="bob", progress=progress)
    """)
    wait_for(process, "kill me")
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)

    assert store.current_version() == kept
    assert store.sources()["name"].tolist() == ["a.csv"]
    assert len(store.load().reviews) == 4 and store.load().reviews["score"].eq(4).all()
    assert row_count(url, "kpi_sources") == 1
    assert store.publish_sources([source("c.csv", wave("c.csv"))], by="carol") == kept + 1
    store.close()
