"""Benchmark: page switches on a published data set of a million answers.

Publishes a generated data set (about N answers) into a temporary SQLite store,
then drives the app with Streamlit's AppTest: one cold run (loading the version
from the store and scoring it), then page switches that should be served from
the caches. Prints each time and its ratio to the 1 s budget.

    python scripts/bench_pages.py [--answers 1000000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BUDGET_S = 1.0
PAGES = ["pages/overview.py", "pages/partner.py", "pages/gaps.py", "pages/export.py", "pages/methodology.py"]


def publish(url: str, answers: int) -> tuple[int, int]:
    from kpi.ingest.files import Source
    from kpi.sample import make_sample
    from kpi.store import Store
    from kpi.validate.dataset import load

    started = time.perf_counter()
    frames = make_sample(answers=answers, seed=11)
    sources = []
    for name, frame in frames.items():
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False)
        sources.append(Source(f"{name}.csv", buffer.getvalue().encode("utf-8")))
    data = load(sources)
    print(f"generated and validated {len(data.reviews):,} answers, {len(data.meetings):,} meetings "
          f"in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    version = Store(url).publish(data.reviews, data.meetings, data.questions, by="bench", files=["bench"])
    print(f"published version {version} in {time.perf_counter() - started:.1f} s")
    return len(data.reviews), len(data.meetings)


def timed(label: str, run) -> float:
    started = time.perf_counter()
    at = run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise SystemExit(f"{label}: the page raised {at.exception}")
    print(f"{label:<40} {elapsed:6.3f} s  {elapsed / BUDGET_S:5.0%} of the {BUDGET_S:g} s budget")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="kpi-bench-")
    url = f"sqlite:///{folder}/kpi.sqlite"
    os.environ["KPI_DATABASE_URL"] = url
    os.environ.pop("KPI_ANALYST_PASSCODE", None)
    os.environ.pop("KPI_VIEWER_PASSCODE", None)
    publish(url, args.answers)

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    timed("cold start (load version + score)", at.run)
    switches = []
    for round_no in range(args.rounds):
        for page in PAGES:
            switches.append(timed(f"round {round_no + 1}: {page}", lambda p=page: at.switch_page(p).run()))
    switches.append(timed("partner page, another partner",
                          lambda: at.switch_page("pages/partner.py").selectbox(key="partner").set_value(
                              at.selectbox(key="partner").options[-1]).run()))
    worst = max(switches)
    print(f"page switches: median {sorted(switches)[len(switches) // 2]:.3f} s, worst {worst:.3f} s "
          f"({worst / BUDGET_S:.0%} of the budget)")


if __name__ == "__main__":
    main()
