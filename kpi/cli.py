"""Command line: `python -m kpi validate|score|sample`.

Exit codes: 0 all valid, 1 rows rejected (or nothing to score), 2 a file or
setting cannot be used at all. Problems go to stderr as one clear line each;
never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence


from kpi.errors import KpiError, ReadError
from kpi.ingest.files import Source
from kpi.reports import to_csv_text
from kpi.settings import load_settings
from kpi.validate.dataset import Dataset, load

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 1, 2
SHOW_PROBLEMS = 20


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="CSV or .xlsx files; each table is recognised")
    for table in ("reviews", "meetings", "questions"):
        parser.add_argument(f"--{table}", action="append", default=[], metavar="F",
                            help=f"read F as the {table} table, whatever its columns or sheet names")
    parser.add_argument("--month-first", action="store_true", help="read slash dates as month/day/year (US files)")
    parser.add_argument("--config", metavar="TOML", help="settings file overriding weights, targets, thresholds")
    parser.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the problems")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m kpi`."""
    parser = argparse.ArgumentParser(prog="python -m kpi", description="Partnership KPI: validate and score "
                                     "partnership reviews and meeting logs.")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check files and report every problem")
    _add_inputs(validate)
    validate.add_argument("--report", metavar="PATH", help="write the full report as CSV")

    score = sub.add_parser("score", help="write the scores table")
    _add_inputs(score)
    score.add_argument("--period", choices=("half", "quarter"), help="half-years (default) or quarters")
    score.add_argument("--skip-invalid", action="store_true", help="score the valid rows, leaving out rejected ones")
    score.add_argument("--rejected", metavar="PATH", help="with --skip-invalid: write the rejected rows as CSV")
    score.add_argument("--out", metavar="PATH", help="write the scores CSV here instead of stdout")

    sample = sub.add_parser("sample", help="write a realistic sample data set")
    sample.add_argument("--out", default="data/sample", metavar="DIR", help="folder to write (default data/sample)")
    sample.add_argument("--partners", type=int, default=6, metavar="N", help="number of partners (default 6)")
    sample.add_argument("--answers", type=int, metavar="N", help="about this many answers (for benchmarks)")
    sample.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (default 7)")
    sample.add_argument("--csv-only", action="store_true", help="write CSV only (fast for large data)")
    sample.add_argument("--french", action="store_true", help="also write the French CSV exports into DIR/fr")
    return parser


def _sources(args) -> list[Source]:
    sources = [Source.from_path(f) for f in args.files]
    for table in ("reviews", "meetings", "questions"):
        sources += [Source.from_path(f, table=table) for f in getattr(args, table)]
    if not sources:
        raise KpiError("no input files: give one or more CSV/.xlsx files")
    return sources


def _load(args) -> Dataset:
    settings = load_settings(args.config)
    if getattr(args, "period", None):
        settings = settings.with_values({"period": args.period})
    args.settings = settings
    return load(_sources(args), settings, month_first=args.month_first)


def _print_summary(data: Dataset, lang: str, out) -> None:
    summary = data.summary()
    for row in summary.itertuples(index=False):
        print(f"{row.file}: {row.table}: {row.rows_read} rows read, {row.valid} valid, {row.rejected} rejected",
              file=out)
    report = data.report(lang)
    warnings = report[report["severity"] == "warning"]
    for row in warnings.itertuples(index=False):
        where = f"{row.file}, row {row.row}: "
        print(f"  note: {where}{row.problem}", file=out)
    errors = report[report["severity"] == "error"]
    for row in errors.head(SHOW_PROBLEMS).itertuples(index=False):
        column = f", column {row.column}" if row.column else ""
        value = f" [{row.value}]" if row.value else ""
        print(f"  {row.file}, row {row.row}{column}{value}: {row.problem}", file=out)
    if len(errors) > SHOW_PROBLEMS:
        print(f"  ... and {len(errors) - SHOW_PROBLEMS} more problems (write them all with --report PATH)", file=out)


def _read_errors(data: Dataset, lang: str) -> int | None:
    for error in data.read_errors:
        print(f"error: {error.in_language(lang)}", file=sys.stderr)
    return EXIT_UNREADABLE if data.read_errors else None


def cmd_validate(args) -> int:
    data = _load(args)
    _print_summary(data, args.lang, sys.stdout)
    if args.report:
        report = data.report(args.lang)
        Path(args.report).write_text(to_csv_text(report), encoding="utf-8")
        print(f"report written to {args.report} ({len(report)} rows)")
    return _read_errors(data, args.lang) or (EXIT_OK if data.ok else EXIT_REJECTED)


def cmd_score(args) -> int:
    from kpi.scoring import score_table, scores_csv_frame

    data = _load(args)
    unreadable = _read_errors(data, args.lang)
    if unreadable:
        return unreadable
    if not data.ok:
        if not args.skip_invalid:
            _print_summary(data, args.lang, sys.stderr)
            print("nothing scored: fix the rows above, or score the valid rows only with --skip-invalid",
                  file=sys.stderr)
            return EXIT_REJECTED
        print(f"{data.n_rejected} rejected rows left out of the scores", file=sys.stderr)
        if args.rejected:
            Path(args.rejected).write_text(to_csv_text(data.rejected_rows(lang=args.lang)), encoding="utf-8")
            print(f"rejected rows written to {args.rejected}", file=sys.stderr)
    if (data.reviews is None or data.reviews.empty) and (data.meetings is None or data.meetings.empty):
        print("nothing to score: no valid review answers and no valid meetings were found", file=sys.stderr)
        return EXIT_REJECTED
    table = scores_csv_frame(score_table(data.reviews, data.meetings, data.questions, args.settings))
    text = to_csv_text(table)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"{len(table)} score rows written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_sample(args) -> int:
    from kpi.sample import write_french_sample, write_sample

    formats = ("csv",) if args.csv_only else ("xlsx", "csv")
    paths = write_sample(args.out, partners=args.partners, answers=args.answers, seed=args.seed, formats=formats)
    if args.french:
        paths += write_french_sample(Path(args.out) / "fr", seed=args.seed)
    for path in paths:
        print(path)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    command = {"validate": cmd_validate, "score": cmd_score, "sample": cmd_sample}[args.command]
    try:
        return command(args)
    except ReadError as exc:
        print(f"error: {exc.in_language(args.lang if hasattr(args, 'lang') else 'en')}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KpiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except BrokenPipeError:
        return EXIT_OK
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # the promise is one clear line, never a traceback
        print(f"error: unexpected {type(exc).__name__}: {exc} (please report this with the file)", file=sys.stderr)
        return EXIT_UNREADABLE
