"""The portfolio QBR pack of the sample's 6 partners, end to end (budget 10 s).

    python scripts/bench_report.py [--runs N] [--lang en|fr] [--period P] [--out F.pdf]

Each run is one fresh process of `python -m kpi report data/sample/partnership_sample.xlsx --portfolio`: reading
and scoring the workbook, ten-odd Altair charts rendered by vl-convert, the PDF written. Prints each run's wall time
and the best, then the time of the pack alone (in this process, the data already scored, the renderer warm).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "partnership_sample.xlsx"
BUDGET_S = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lang", choices=("en", "fr"), default="en")
    parser.add_argument("--period", default="2026-H1")
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "kpi_portfolio_pack.pdf"))
    args = parser.parse_args()

    command = [sys.executable, "-m", "kpi", "report", str(SAMPLE), "--portfolio", "--period", args.period,
               "--lang", args.lang, "--out", args.out]
    times = []
    for run in range(args.runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        print(f"run {run + 1}: {times[-1]:.2f} s (python -m kpi report --portfolio, fresh process)")
    size = Path(args.out).stat().st_size
    print(f"best {min(times):.2f} s, budget {BUDGET_S:.0f} s: {'met' if min(times) < BUDGET_S else 'NOT met'}; "
          f"{args.out}, {size // 1024} KB")

    sys.path.insert(0, str(ROOT))
    from kpi.ingest.files import Source
    from kpi.reports.pdf import PackData, portfolio_pack
    from kpi.scoring import score_table
    from kpi.settings import Settings
    from kpi.validate.dataset import load

    data = load([Source.from_path(SAMPLE)])
    table = score_table(data.reviews, data.meetings, data.questions, Settings())
    pack = PackData(table, data.reviews, data.meetings, data.questions, Settings())
    portfolio_pack(pack, args.period, args.lang)  # warms the renderer
    start = time.perf_counter()
    portfolio_pack(pack, args.period, args.lang)
    print(f"the pack alone, data scored and renderer warm: {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
