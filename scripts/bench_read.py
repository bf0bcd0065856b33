"""Reading at the speed of the parser: `python -m kpi score` end to end beside the bare parse of the same files.

    python scripts/bench_read.py [--sizes 10000,100000,1000000] [--xlsx-answers 200000] [--big] [--runs N]

Each figure is one fresh process (wall time, peak RSS from wait4), the best of --runs, a figure and its floor
run in turns:
- floor for CSV: pandas `read_csv(dtype=str)` of reviews.csv and meetings.csv;
- floor for .xlsx: python-calamine reading every sheet (`to_python`), and `pd.read_excel(engine="calamine")`;
- `python -m kpi score FILES --out X`: read + validate + score;
- `python -m kpi --help`: start-up, beside `python -c pass`, and whether it imported pandas;
- with --big: a CSV of 6,000,000 answers (the 1,000,000 file's rows six times, review ids made unique)
  read by `kpi score --max-mb 1000`, for memory (target under 2 GB); it takes a few minutes.
Data is made once by `python -m kpi sample` into --data (default /tmp/kpi-bench) and reused.
kpi's modules are byte-compiled first (`compileall`), as an installed program's are and as pandas' are: where
PYTHONDONTWRITEBYTECODE is set, each run would otherwise compile kpi's sources again (about 0.1 s).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
TIME_RATIO, MEMORY_RATIO, BIG_MB, STARTUP_S = 1.5, 2.0, 2048, 0.3

CSV_FLOOR = "import sys, pandas as pd\nfor p in sys.argv[1:]: pd.read_csv(p, dtype=str)"
XLSX_FLOOR = ("import sys, python_calamine as c\nb = c.CalamineWorkbook.from_path(sys.argv[1])\n"
              "for n in b.sheet_names: b.get_sheet_by_name(n).to_python(skip_empty_area=False)")
XLSX_PANDAS = "import sys, pandas as pd\npd.read_excel(sys.argv[1], sheet_name=None, engine='calamine', dtype=str)"
HELP_IMPORTS = "import sys, runpy\nsys.argv = ['kpi', '--help']\ntry:\n    runpy.run_module('kpi', run_name='__main__')\n" \
               "except SystemExit:\n    pass\nsys.stderr.write(str('pandas' in sys.modules))"


# A child keeps its parent's peak RSS across fork and exec: a small launcher runs each command, so that
# the figure is the command's own, not this script's (which grows while it makes the big file).
LAUNCH = ("import resource, subprocess, sys, time\nstart = time.perf_counter()\n"
          "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
          "sys.stderr.buffer.write(done.stderr[-2000:])\n"
          "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
          "done.returncode)")


def measure(*commands: list[str], runs: int) -> list[tuple[float, float]]:
    """Best wall time (s) and peak RSS (MB) of each command, run `runs` times each, in a fresh process each time.
    The commands take turns (floor, kpi, floor, kpi…): a quiet or a busy spell of the machine falls on both."""
    best = [(float("inf"), float("inf"))] * len(commands)
    for _ in range(runs):
        for i, command in enumerate(commands):
            done = subprocess.run([PYTHON, "-c", LAUNCH, *command], cwd=ROOT, capture_output=True, text=True)
            seconds, kilobytes, code = done.stdout.split()
            if int(code) != 0:
                raise SystemExit(f"{' '.join(command)} exited {code}:\n{done.stderr}")
            best[i] = min(best[i][0], float(seconds)), min(best[i][1], int(kilobytes) / 1024)
    return best


def sample(folder: Path, answers: int, csv_only: bool) -> Path:
    """`python -m kpi sample` into `folder` once; later runs reuse it."""
    wanted = folder / ("reviews.csv" if csv_only else "partnership_sample.xlsx")
    if not wanted.exists():
        command = [PYTHON, "-m", "kpi", "sample", "--out", str(folder), "--answers", str(answers)]
        subprocess.run(command + (["--csv-only"] if csv_only else []), cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    return folder


def big_csv(source: Path, copies: int = 6) -> Path:
    """The reviews rows of `source` `copies` times, each copy's review ids suffixed so that none repeats."""
    out = source.parent / f"reviews_x{copies}.csv"
    if out.exists():
        return out
    lines = source.read_bytes().splitlines(keepends=True)
    with open(out, "wb") as f:
        f.write(lines[0])
        for copy in range(copies):
            suffix = f"-{copy}".encode()
            f.writelines(line.replace(b",", suffix + b",", 1) for line in lines[1:])
    return out


def row(what: str, answers: str, floor: tuple[float, float], kpi: tuple[float, float]) -> str:
    return (f"| {what} | {answers} | {floor[0]:.2f} s | {kpi[0]:.2f} s | {kpi[0] / floor[0]:.2f}× "
            f"| {floor[1]:.0f} MB | {kpi[1]:.0f} MB | {kpi[1] / floor[1]:.2f}× |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="answers per CSV data set")
    parser.add_argument("--xlsx-answers", type=int, default=200_000, help="answers in the workbook (0: none)")
    parser.add_argument("--big", action="store_true", help="also the 6,000,000-answer CSV (a few minutes)")
    parser.add_argument("--runs", type=int, default=1, help="runs per figure, the best kept")
    parser.add_argument("--data", default="/tmp/kpi-bench", help="where the sample data is made and kept")
    args = parser.parse_args(argv)
    data = Path(args.data)
    score = [PYTHON, "-m", "kpi", "score", "--out", os.devnull]
    subprocess.run([PYTHON, "-m", "compileall", "-q", "kpi"], cwd=ROOT, check=True)

    print("| what | answers | floor | kpi score | ratio | floor peak | kpi peak | ratio |")
    print("|---|---|---|---|---|---|---|---|")
    timings = {}
    for answers in [int(n) for n in args.sizes.split(",")]:
        folder = sample(data / f"csv{answers}", answers, csv_only=True)
        files = [str(folder / "reviews.csv"), str(folder / "meetings.csv")]
        floor, kpi = measure([PYTHON, "-c", CSV_FLOOR, *files], score + files, runs=args.runs)
        timings[answers] = kpi
        print(row("CSV (pandas `read_csv(dtype=str)`)", f"{answers:,}", floor, kpi), flush=True)
    if args.xlsx_answers:
        book = str(sample(data / f"xlsx{args.xlsx_answers}", args.xlsx_answers, csv_only=False)
                   / "partnership_sample.xlsx")
        calamine, read_excel, kpi = measure([PYTHON, "-c", XLSX_FLOOR, book], [PYTHON, "-c", XLSX_PANDAS, book],
                                            score + [book], runs=args.runs)
        print(row(".xlsx (python-calamine `to_python`)", f"{args.xlsx_answers:,}", calamine, kpi), flush=True)
        print(row(".xlsx (`pd.read_excel(engine=\"calamine\")`)", f"{args.xlsx_answers:,}", read_excel, kpi),
              flush=True)
    if args.big:
        folder = sample(data / "csv1000000", 1_000_000, csv_only=True)
        files = [str(big_csv(folder / "reviews.csv")), str(folder / "meetings.csv")]
        size = os.path.getsize(files[0]) / 1048576
        floor, kpi = measure([PYTHON, "-c", CSV_FLOOR, *files], score + ["--max-mb", "1000"] + files, runs=1)
        print(row(f"CSV of {size:.0f} MB", "6,000,000", floor, kpi), flush=True)

    bare, start = measure([PYTHON, "-c", "pass"], [PYTHON, "-m", "kpi", "--help"], runs=max(3, args.runs))
    pandas = subprocess.run([PYTHON, "-c", HELP_IMPORTS], cwd=ROOT, capture_output=True, text=True).stderr.strip()
    print(f"| `python -m kpi --help` start-up (floor: `python -c pass`) | | {bare[0]:.2f} s | {start[0]:.2f} s "
          f"| | {bare[1]:.0f} MB | {start[1]:.0f} MB | |")
    print()
    sizes = sorted(timings)
    for small, large in zip(sizes, sizes[1:]):
        print(f"kpi score, {small:,} → {large:,} answers ({large / small:g}× the rows): "
              f"{timings[large][0] / timings[small][0]:.1f}× the time, {timings[large][1] / timings[small][1]:.1f}× "
              "the memory")
    print(f"`--help` imports pandas: {pandas}")
    print(f"targets: time within {TIME_RATIO}× and peak memory within {MEMORY_RATIO}× of the floor, "
          f"the big CSV under {BIG_MB} MB, start-up under {STARTUP_S} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
