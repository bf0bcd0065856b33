"""Command line: `python -m kpi validate|score|publish|inspect|profile|health|report|sample`.

Exit codes: 0 all valid, 1 rows rejected, a table not recognised or holding
no rows (or nothing to score), a file already published, 2 a file, setting,
profile or published source cannot be used at all. Duplicates (METHODOLOGY
§1.6) are warnings: counted once, listed, exit 0. Problems go to stderr as one
clear line each; never a traceback. Every line goes through `print` below:
names and cells come from files and may hold terminal escapes or line breaks,
so they are shown escaped, never obeyed.
"""

from __future__ import annotations

import argparse
import builtins
import gc
import getpass
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from kpi.errors import KpiError, ReadError
from kpi.i18n import t

# pandas and the readers are imported where a command needs them, not here: `--help` and a mistyped
# argument answer at once (scripts/bench_read.py measures the start-up).
if TYPE_CHECKING:
    from kpi.ingest.files import Source
    from kpi.ingest.mapping import Mapping, Profile
    from kpi.validate.dataset import Dataset

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 1, 2
SHOW_PROBLEMS = 20
SHOW_DUPLICATES = 5  # each file repeating another has its own count line above them
# C0 and C1 controls (ESC starts a terminal escape, CSI is \x9b), DEL, line and paragraph separators, and the
# bidi embeddings, overrides and isolates that reorder what a terminal shows.
_BEYOND_ASCII = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNPRINTABLE = re.compile(f"[\x00-\x1f{_BEYOND_ASCII}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: object) -> str:
    """`text` on one terminal line: control characters shown as `\\x1b`, `\\n`, `\\u202e`, never obeyed."""
    def escape(match: re.Match) -> str:
        ch = match.group()
        return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
    return _UNPRINTABLE.sub(escape, str(text))


def print(*values: object, file=None, sep: str = " ", end: str = "\n") -> None:  # noqa: A001
    """The CLI's one way to print a line: `builtins.print` of the `printable` text."""
    builtins.print(printable(sep.join(str(v) for v in values)), file=file if file is not None else sys.stdout,
                   end=end)


def _json_text(value) -> str:
    """JSON for a terminal: the characters `printable` escapes, as JSON's own `\\u` escapes."""
    text = json.dumps(value, ensure_ascii=False, indent=2)  # escapes the C0 controls itself
    return re.sub(f"[{_BEYOND_ASCII}]", lambda m: f"\\u{ord(m.group()):04x}", text)


class _Parser(argparse.ArgumentParser):
    """argparse, with the arguments it quotes back in an error made printable."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {printable(message)}\n")


def _megabytes(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"{value!r} is not a size in MB (a number above 0)")
    return number


def _version_arg(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a version number (1, 2, …)")
    return number


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="CSV or .xlsx files; each table is recognised")
    for table in ("reviews", "meetings", "questions"):
        parser.add_argument(f"--{table}", action="append", default=[], metavar="F",
                            help=f"read F as the {table} table, whatever its columns or sheet names")
    parser.add_argument("--month-first", action="store_true", help="read slash dates as month/day/year (US files)")
    parser.add_argument("--config", metavar="TOML", help="settings file overriding weights, targets, thresholds")
    parser.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the problems")
    parser.add_argument("--max-mb", type=_megabytes, metavar="N",
                        help="refuse input files over N MB (default: limits.upload_mb of the settings, 200)")
    parser.add_argument("--profile", metavar="NAME|FILE.toml",
                        help="apply a saved mapping to the survey exports of its shape: a profile saved in the "
                             "store (by name; the store of KPI_DATABASE_URL, else the app's SQLite file) or a "
                             ".toml file")
    parser.add_argument("--partner", metavar="NAME", help="the partner rated, for survey exports about one partner")
    parser.add_argument("--side", choices=("client", "agency"),
                        help="who answered, for survey exports answered by one side")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m kpi`."""
    parser = _Parser(prog="python -m kpi", description="Partnership KPI: validate and score "
                                     "partnership reviews and meeting logs.")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check files and report every problem")
    _add_inputs(validate)
    validate.add_argument("--report", metavar="PATH", help="write the full report as CSV")

    score = sub.add_parser("score", help="write the scores table, of files or of a published version",
                           description="Scores the files given (what two of them both hold is counted once: "
                                       "METHODOLOGY §1.6), or with --published a version published in the store.")
    _add_inputs(score)
    score.add_argument("--published", nargs="?", const=0, type=_version_arg, metavar="N",
                       help="score the published version N of the store (KPI_DATABASE_URL, else the app's SQLite "
                            "file) instead of files; the current version without N. Its published settings apply "
                            "unless --config is given")
    score.add_argument("--period", choices=("half", "quarter"), help="half-years (default) or quarters")
    score.add_argument("--skip-invalid", action="store_true", help="score the valid rows, leaving out rejected ones")
    score.add_argument("--rejected", metavar="PATH", help="with --skip-invalid: write the rejected rows as CSV")
    score.add_argument("--out", metavar="PATH", help="write the scores CSV here instead of stdout")

    publish = sub.add_parser(
        "publish", help="validate files and publish them to the store as a new version",
        description="Adds the files to the data set published in the store (KPI_DATABASE_URL, else the app's SQLite "
                    "file), as the Upload page does: each file becomes a source of a new version. A file whose bytes "
                    "are already published is refused; rows that repeat published ones are left out as duplicates "
                    "(warnings); answers that contradict published ones are rejected. Exit 0 published (or nothing "
                    "new to publish), 1 rows rejected or a file already published, 2 a file or source unusable.")
    _add_inputs(publish)
    publish.add_argument("--replace", metavar="NAME",
                         help="the one FILE given replaces the published source NAME (a corrected version of it)")
    publish.add_argument("--remove", action="append", default=[], metavar="NAME",
                         help="remove the published source NAME from the data set (repeat for more)")
    publish.add_argument("--by", metavar="WHO", help="who publishes (default: your user name)")
    publish.add_argument("--note", default="", metavar="TEXT", help="a note shown in the History page")
    publish.add_argument("--skip-invalid", action="store_true", help="publish the valid rows, leaving out rejected ones")

    inspect = sub.add_parser("inspect", help="say what each table of the files is and how it is read: run it "
                                             "first on an unknown file",
                             description="For each table: its format (survey tool or generic), header rows, "
                                         "rows read, kept and dropped, the columns read, and what a mapping "
                                         "must still settle. Exit 0 when the files can be read, 2 when not.")
    _add_inputs(inspect)
    inspect.add_argument("--json", action="store_true", help="print a JSON list, one object per table")

    profile = sub.add_parser("profile", help="list, show, export, import or delete saved survey-export profiles",
                             description="Profiles saved in the store (KPI_DATABASE_URL, else the app's SQLite "
                                         "file): the Upload page saves them; they travel as .toml files.")
    actions = profile.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="the saved profiles and what each settles")
    actions.add_parser("show", help="one profile as TOML").add_argument("name", metavar="NAME")
    export = actions.add_parser("export", help="write one profile as a .toml file")
    export.add_argument("name", metavar="NAME")
    export.add_argument("--out", metavar="FILE.toml", help="the file to write (default: stdout)")
    imported = actions.add_parser("import", help="save a .toml profile in the store (same name: replaced)")
    imported.add_argument("file", metavar="FILE.toml")
    imported.add_argument("--name", help="save it under this name instead of the one in the file")
    imported.add_argument("--by", help="who imports it (default: your user name)")
    actions.add_parser("delete", help="forget one profile").add_argument("name", metavar="NAME")

    sub.add_parser("health", help="readiness check: the store opens and answers (exit 0, 'ok'), else exit 2",
                   description="Opens the store (KPI_DATABASE_URL, else the app's SQLite file; creating or upgrading "
                               "its schema like the app) and reads it. For a load balancer or systemd.")

    sub.add_parser("passcode", help="print a passcode in the hashed form a passcode setting may hold",
                   description="Asks for a passcode twice (not echoed) and prints pbkdf2_sha256$…: put that in "
                               "analyst_passcode or viewer_passcode (or KPI_ANALYST_PASSCODE, KPI_VIEWER_PASSCODE) "
                               "instead of the passcode itself.")

    report = sub.add_parser(
        "report", help="write the QBR pack (PDF) of one partner, or of the whole portfolio, for a period",
        description="The QBR pack: scores and their change, the trend, the delivery gap (and blind spots), the "
                    "'Concentrate here' questions, meeting cadence against its target, comments, and how each number "
                    "is computed. From the version published in the store (KPI_DATABASE_URL, else the app's SQLite "
                    "file) with its published settings, or from the files given (all rows must be valid). Exit 0 "
                    "written, 1 the files hold rejected rows or nothing to score, 2 a file, partner, period or store "
                    "cannot be used.")
    report.add_argument("files", nargs="*", metavar="FILE", help="CSV or .xlsx files to score instead of the "
                                                                  "published version")
    who = report.add_mutually_exclusive_group(required=True)
    who.add_argument("--partner", dest="pack_partner", metavar="NAME",
                     help="the partner of the pack, named as in the scores")
    who.add_argument("--portfolio", action="store_true", help="every partner: a summary page, then one per partner")
    report.add_argument("--period", dest="pack_period", required=True, metavar="P", help="the period, e.g. 2026-H1")
    report.add_argument("--out", required=True, metavar="F.pdf", help="the PDF file to write")
    report.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the pack (default en)")
    report.add_argument("--published", type=_version_arg, metavar="N",
                        help="the published version N instead of the current one")
    report.add_argument("--config", metavar="TOML", help="settings file (default: the published settings, or the "
                                                         "defaults for files)")
    report.add_argument("--month-first", action="store_true", help="read slash dates as month/day/year (US files)")
    report.add_argument("--max-mb", type=_megabytes, metavar="N", help="refuse input files over N MB")
    report.set_defaults(partner=None, side=None, profile=None, reviews=[], meetings=[], questions=[])

    sample = sub.add_parser("sample", help="write a realistic sample data set")
    sample.add_argument("--out", default="data/sample", metavar="DIR", help="folder to write (default data/sample)")
    sample.add_argument("--partners", type=int, default=6, metavar="N", help="number of partners (default 6)")
    sample.add_argument("--answers", type=int, metavar="N", help="about this many answers (for benchmarks)")
    sample.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (default 7)")
    sample.add_argument("--csv-only", action="store_true", help="write CSV only (fast for large data)")
    sample.add_argument("--french", action="store_true", help="also write the French CSV exports into DIR/fr")
    return parser


def _sources(args) -> list[Source]:
    sources = [_source(f, args) for f in args.files]
    for table in ("reviews", "meetings", "questions"):
        sources += [_source(f, args, table=table) for f in getattr(args, table)]
    if not sources:
        raise KpiError("no input files: give one or more CSV/.xlsx files")
    constants = _constants(args)
    for source in sources:
        source.mapping = constants
    return sources


def _source(path: str, args, table: str | None = None) -> Source:
    """A file named on the command line, refused before it is read when it is over the size cap."""
    limit = args.max_mb if args.max_mb is not None else args.settings["limits.upload_mb"]
    try:
        size = Path(path).stat().st_size
    except OSError:
        size = 0  # Source.from_path says what is wrong with the path
    if size > limit * 1_048_576:
        raise ReadError(path, "read_too_big_cli", size=f"{size / 1_048_576:.0f}", limit=f"{limit:g}")
    from kpi.ingest.source import Source
    return Source.from_path(path, table, max_bytes=int(limit * 1_048_576))  # a pipe has no size until read


def _constants(args) -> Mapping | None:
    """--partner and --side as a mapping (it goes on top of a profile's)."""
    if args.partner is not None and not args.partner.strip():
        raise KpiError("--partner needs the name of the partner rated")
    partner = args.partner.strip() if args.partner else None
    from kpi.ingest.mapping import Mapping
    return Mapping(partner=partner, side=args.side) if partner or args.side else None


def _store():
    from kpi.store import Store

    return Store()


def _profile_file(path: Path) -> Profile:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise KpiError(f"{path}: no such profile file") from None
    except UnicodeDecodeError:
        raise KpiError(f"{path}: not a TOML profile (not text)") from None
    except OSError as exc:
        raise KpiError(f"{path}: cannot be opened ({exc.strerror})") from None
    from kpi.ingest.mapping import Profile
    return Profile.from_toml(text, where=str(path))


def _saved_profile(name: str) -> Profile:
    with _store() as store:
        found = store.profile(name)
        if found is None:
            saved = ", ".join(repr(p.name) for p in store.profiles()) or "none"
            raise KpiError(f"no saved profile named {name!r} in {store.url} (saved: {saved}); "
                           "give a saved name or a .toml file")
    return found


def _profile_arg(value: str) -> Profile:
    """--profile: a .toml file (a path ending in .toml, or any file that exists), else a name in the store."""
    path = Path(value)
    if path.suffix.lower() == ".toml" or path.is_file():
        return _profile_file(path)
    return _saved_profile(value)


def _handed_over(sources: list[Source]) -> Iterator[Source]:
    """The sources one at a time, each let go of here as it is handed over: once read, its bytes (a 300 MB
    file) are freed while the tables are checked."""
    while sources:
        yield sources.pop(0)


def _load(args, before=None, questions=None) -> Dataset:
    """Read and validate the files of the command line; `before(sources)` sees them before they are read;
    `questions`: the bank to check answers against when the files bring none (the published one)."""
    from kpi.ingest.source import read_ahead
    from kpi.settings import load_settings
    settings = load_settings(args.config)
    if getattr(args, "period", None):
        settings = settings.with_values({"period": args.period})
    args.settings = settings
    profile = _profile_arg(args.profile) if args.profile else None
    sources = _sources(args)
    if before is not None:
        before(sources)
    settled = sources[0].mapping
    # The first file is parsed (by calamine or Arrow, without holding the interpreter) while validation's modules
    # are imported (pandas and kpi's: about 0.4 s); a workbook's safety checks come first. The files after it are
    # read in their turn.
    read_ahead(sources[0], settings)
    from kpi.validate.dataset import load
    # What the imports made (pandas' and numpy's objects, hundreds of thousands) lives as long as the process: set
    # aside from the collector, which would otherwise walk it all again at each full collection while the files are
    # checked and scored.
    gc.freeze()
    data = load(_handed_over(sources), settings, month_first=args.month_first, profiles=[profile] if profile else (),
                questions=questions)
    surveys = [load_.raw.layout for load_ in data.loads if load_.raw.layout is not None]
    if profile and not any(layout.signature == profile.signature for layout in surveys):
        _read_errors(data, args.lang)
        raise KpiError(f"profile {args.profile} fits none of the files: its columns differ "
                       "(compare its signature with `python -m kpi inspect FILE`)")
    if settled and not surveys:
        print("note: --partner and --side settle survey-tool exports only; none of these files is one",
              file=sys.stderr)
    return data


def _dropped(counts: dict[str, int]) -> str:
    """`2 dropped (1 preview, 1 unfinished)` from {reason: count}."""
    reasons = ", ".join(f"{n} {reason}" for reason, n in counts.items())
    return f"{sum(counts.values())} dropped" + (f" ({reasons})" if reasons else "")


def _print_summary(data: Dataset, lang: str, out) -> None:
    for load_ in data.loads:
        line = (f"{load_.file}: {load_.table or '?'}: {load_.rows_read} rows read, {load_.n_valid} valid, "
                f"{load_.n_rejected} rejected")
        if load_.raw.layout is not None or load_.dropped:  # left out by a stated rule: counted apart
            line += ", " + _dropped({reason: len(rows) for reason, rows in load_.dropped.items()})
        print(line, file=out)
    report = data.report(lang)
    copies = _duplicate_warnings(data)
    warnings = report[(report["severity"] == "warning") & ~copies]
    for row in warnings.itertuples(index=False):
        where = f"{row.file}, row {row.row}: "
        print(f"  note: {where}{row.problem}", file=out)
    _print_duplicates(data, lang, out)
    errors = report[report["severity"] == "error"]
    for row in errors.head(SHOW_PROBLEMS).itertuples(index=False):
        column = f", column {row.column}" if row.column else ""
        value = f" [{row.value}]" if row.value else ""
        print(f"  {row.file}, row {row.row}{column}{value}: {row.problem}", file=out)
    if len(errors) > SHOW_PROBLEMS:
        print(f"  ... and {len(errors) - SHOW_PROBLEMS} more problems (write them all with --report PATH)", file=out)


def _duplicate_warnings(data: Dataset):
    """Which problems of the report are duplicates left out (METHODOLOGY §1.6), as a mask."""
    from kpi.validate.duplicates import WARNINGS
    return data.issues["code"].isin(WARNINGS).to_numpy()


def _print_duplicates(data: Dataset, lang: str, out) -> None:
    """Duplicates counted once: one line per file and the file it repeats, then the first of them."""
    shown = data.issues[_duplicate_warnings(data)]
    if not len(shown):
        return
    copies = shown[shown["code"].str.startswith("duplicate_")]
    pairs = copies.assign(other=[p["other_file"] for p in copies["params"]],
                          answers=[p.get("n", 1) for p in copies["params"]])
    for (file, other, table), group in pairs.groupby(["file", "other", "table"], sort=False):
        print("duplicates: " + t(f"duplicates_{table}", lang, file=file, other_file=other, n=len(group),
                                 answers=int(group["answers"].sum())), file=out)
    for row in shown.head(SHOW_DUPLICATES).itertuples(index=False):
        print(f"  duplicate: {row.file}, row {row.row}: {t(row.code, lang, **row.params)}", file=out)
    if len(shown) > SHOW_DUPLICATES:
        print(f"  ... and {len(shown) - SHOW_DUPLICATES} more duplicates (write them all with validate --report PATH)",
              file=out)


def _without_rows(data: Dataset, lang: str) -> bool:
    """Says which tables hold a header but no rows (a wrong export, or the wrong file); True if any."""
    empty = [load_.file for load_ in data.loads if load_.table and load_.rows_read == 0]
    for file in empty:
        print(t("cli_no_rows", lang, file=file), file=sys.stderr)
    return bool(empty)


def _read_errors(data: Dataset, lang: str) -> int | None:
    for error in data.read_errors:
        print(f"error: {error.in_language(lang)}", file=sys.stderr)
    return EXIT_UNREADABLE if data.read_errors else None


def cmd_validate(args) -> int:
    data = _load(args)  # first: the first file is parsed while the modules are imported
    from kpi.reports import to_csv_text
    _print_summary(data, args.lang, sys.stdout)
    if args.report:
        report = data.report(args.lang)
        Path(args.report).write_text(to_csv_text(report), encoding="utf-8")
        print(f"report written to {args.report} ({len(report)} rows)")
    empty = _without_rows(data, args.lang)
    return _read_errors(data, args.lang) or (EXIT_OK if data.ok and not empty else EXIT_REJECTED)


def cmd_score(args) -> int:
    if args.published is not None:
        return _score_published(args)
    data = _load(args)  # first: the first file is parsed while the modules are imported
    from kpi.reports import to_csv_text
    from kpi.scoring import REVIEW_COLUMNS_READ, score_table

    unreadable = _read_errors(data, args.lang)
    if unreadable:
        return unreadable
    empty = _without_rows(data, args.lang)
    if not data.ok or empty:
        if not args.skip_invalid:
            _print_summary(data, args.lang, sys.stderr)
            print("nothing scored: fix the rows above, or score the valid rows only with --skip-invalid",
                  file=sys.stderr)
            return EXIT_REJECTED
        print(f"{data.n_rejected} rejected rows left out of the scores", file=sys.stderr)
        if args.rejected:
            Path(args.rejected).write_text(to_csv_text(data.rejected_rows(lang=args.lang)), encoding="utf-8")
            print(f"rejected rows written to {args.rejected}", file=sys.stderr)
    _print_duplicates(data, args.lang, sys.stderr)
    if (data.reviews is None or data.reviews.empty) and (data.meetings is None or data.meetings.empty):
        print("nothing to score: no valid review answers and no valid meetings were found", file=sys.stderr)
        return EXIT_REJECTED
    reviews = None if data.reviews is None else data.reviews[list(REVIEW_COLUMNS_READ)]
    tables = reviews, data.meetings, data.questions
    # The files' cells (kept for the report of rejected rows) and the review columns scoring does not read are
    # freed before scoring needs its memory, and handed back to the system by Arrow's allocator, which keeps them.
    del data, reviews
    import pyarrow
    pyarrow.default_memory_pool().release_unused()
    return _write_scores(score_table(*tables, args.settings), args)


def _write_scores(scores, args) -> int:
    from kpi.reports import to_csv_text
    from kpi.scoring import scores_csv_frame

    table = scores_csv_frame(scores)
    text = to_csv_text(table)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"{len(table)} score rows written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _score_published(args) -> int:
    """`score --published [N]`: the scores of a published version, stored at publish when they were computed
    with the settings in force, else computed from its clean tables."""
    from kpi.scoring import score_table
    from kpi.settings import load_settings

    if args.files or any(getattr(args, table) for table in ("reviews", "meetings", "questions")):
        raise KpiError("give files or --published, not both")
    with _store() as store:
        version = store.current_version() if args.published == 0 else args.published
        if version is None:
            raise KpiError(f"nothing has been published yet in {store.url}")
        settings = load_settings(args.config) if args.config else store.load_settings()
        if args.period:
            settings = settings.with_values({"period": args.period})
        scores = store.load_scores(version, settings)
        if scores is None:
            published = store.load(version)
            scores = score_table(published.reviews, published.meetings, published.questions, settings)
        print(f"published version {version} of {store.url}", file=sys.stderr)
    return _write_scores(scores, args)


def _pack_data(args):
    """The scores and clean tables a pack is made from: the files given, else a published version."""
    from kpi.reports.pdf import PackData
    from kpi.scoring import score_table
    from kpi.settings import load_settings

    if args.files:
        if args.published is not None:
            raise KpiError("give files or --published, not both")
        data = _load(args)
        unreadable = _read_errors(data, args.lang)
        if unreadable:
            return unreadable
        if not data.ok or _without_rows(data, args.lang):
            _print_summary(data, args.lang, sys.stderr)
            print("no pack written: fix the rows above (python -m kpi validate lists them all)", file=sys.stderr)
            return EXIT_REJECTED
        table = score_table(data.reviews, data.meetings, data.questions, args.settings)
        return PackData(table, data.reviews, data.meetings, data.questions, args.settings)
    with _store() as store:
        version = store.current_version() if args.published is None else args.published
        if version is None:
            raise KpiError(f"nothing has been published yet in {store.url}: give files, or publish them first")
        settings = load_settings(args.config) if args.config else store.load_settings()
        published = store.load(version)
        table = store.load_scores(version, settings)
        if table is None:
            table = score_table(published.reviews, published.meetings, published.questions, settings)
        print(f"published version {version} of {store.url}", file=sys.stderr)
    return PackData(table, published.reviews, published.meetings, published.questions, settings)


def cmd_report(args) -> int:
    from kpi.reports.pdf import partner_pack, portfolio_pack
    from kpi.scoring.common import as_partner_key

    data = _pack_data(args)
    if isinstance(data, int):
        return data
    periods = sorted(data.table["period"].unique().tolist())
    if args.pack_period not in periods:
        raise KpiError(f"no scores for the period {args.pack_period!r} (periods: {', '.join(periods) or 'none'})")
    if args.portfolio:
        pdf = portfolio_pack(data, args.pack_period, args.lang)
    else:
        key = as_partner_key(args.pack_partner)
        rows = data.table[(data.table["partner_key"] == key) & (data.table["period"] == args.pack_period)]
        if rows.empty:
            known = data.table.loc[data.table["period"] == args.pack_period, "partner"].drop_duplicates()
            raise KpiError(f"no scores for the partner {args.pack_partner!r} in {args.pack_period} (partners: "
                           f"{', '.join(sorted(known)) or 'none'})")
        pdf = partner_pack(data, key, args.pack_period, args.lang)
    try:
        Path(args.out).write_bytes(pdf)
    except OSError as exc:
        raise KpiError(f"{args.out}: cannot be written ({exc.strerror})") from None
    print(f"QBR pack written to {args.out} ({len(pdf) // 1024} KB)", file=sys.stderr)
    return EXIT_OK


def cmd_publish(args) -> int:
    from kpi.store import sha256, sources_from
    from kpi.store.sources import file_of
    from kpi.validate.duplicates import against_published

    given = args.files + [f for table in ("reviews", "meetings", "questions") for f in getattr(args, table)]
    if args.replace and len(given) != 1:
        raise KpiError("--replace NAME takes exactly one FILE: the new version of the source NAME")
    if not given and not args.remove:
        raise KpiError("nothing to publish: give files to add, --replace NAME with one file, or --remove NAME")
    with _store() as store:
        names = store.sources()["name"].tolist()
        for name in [*args.remove, *([args.replace] if args.replace else [])]:
            if name not in names:
                listing = ", ".join(repr(n) for n in names) or "none"
                raise KpiError(f"there is no published source named {name!r} (published sources: {listing})")
        files: dict[str, bytes] = {}
        refused: list[str] = []

        def published_once(sources: list[Source]) -> None:  # METHODOLOGY §1.6: the same bytes are refused
            seen: dict[str, str] = {}
            for source in sources:
                digest = sha256(source.data)
                already = store.has_bytes(digest)
                if already is not None and already == args.replace:
                    refused.append(f"{source.name} has the same bytes as the source {already!r} it would replace: "
                                   "nothing to change")
                elif already is not None:
                    refused.append(f"{source.name} has the same bytes as the published source {already!r}: it is "
                                   "already in the data set, and the same file is published once")
                elif digest in seen:
                    refused.append(f"{source.name} has the same bytes as {seen[digest]}, given too: the same file "
                                   "is published once; leave one out")
                seen.setdefault(digest, source.name)
                files[source.name] = source.data
            if refused:
                raise _Refused()

        try:
            published = store.load() if names else None
            # A new wave is checked against the published question bank, unless it brings its own.
            data = _load(args, published_once, None if published is None else published.questions) if given else None
        except _Refused:
            for line in refused:
                print(f"error: {line}", file=sys.stderr)
            print("nothing published", file=sys.stderr)
            return EXIT_REJECTED
        new, questions = [], None
        if data is not None:
            unreadable = _read_errors(data, args.lang)
            if unreadable:
                return unreadable
            leaving = {*args.remove, *([args.replace] if args.replace else [])}
            if names:
                data = against_published(data, *(_staying(frame, names, leaving, file_of)
                                                  for frame in (published.reviews, published.meetings)))
            empty = _without_rows(data, args.lang)
            if not data.ok or empty:
                if not args.skip_invalid:
                    _print_summary(data, args.lang, sys.stderr)
                    print("nothing published: fix the rows above, or publish the valid rows only with "
                          "--skip-invalid", file=sys.stderr)
                    return EXIT_REJECTED
                print(f"{data.n_rejected} rejected rows left out", file=sys.stderr)
            _print_duplicates(data, args.lang, sys.stderr)
            banks = {load_.raw.file for load_ in data.loads if load_.table == "questions"}
            new = [source for source in sources_from(data, files) if source.name in banks or any(
                frame is not None and len(frame) for frame in (source.reviews, source.meetings))]
            questions = data.questions if data.bank_source == "uploaded" else None
        if not new and not args.remove:
            print("nothing new to publish: every row of these files is already published", file=sys.stderr)
            return EXIT_OK
        replace = {args.replace: new.pop(0)} if args.replace and new else {}
        version = store.publish_sources(new, replace, args.remove, by=args.by or _user(), note=args.note,
                                        questions=questions)
        changes = store.version_changes(version)
    done = [f"added {', '.join(changes['added'])}" if changes["added"] else "",
            f"replaced {', '.join(old for old, _ in changes['replaced'])}" if changes["replaced"] else "",
            f"removed {', '.join(changes['removed'])}" if changes["removed"] else ""]
    print(f"version {version} published in {store.url}: " + "; ".join(d for d in done if d))
    return EXIT_OK


class _Refused(Exception):
    """A file given to `publish` is already published: nothing is read or published."""


def _staying(frame, names: list[str], leaving: set[str], file_of):
    """The published rows of the sources that stay (not replaced or removed)."""
    import numpy as np
    import pandas as pd

    if frame is None or not leaving:
        return frame
    codes, sources = pd.factorize(frame["source_file"])  # a million rows name a handful of files
    leaves = np.array([file_of(str(f), names) in leaving for f in sources], dtype=bool)
    return frame[~leaves[codes]] if len(sources) else frame


def cmd_inspect(args) -> int:
    from kpi.ingest.inspect import describe

    data = _load(args)
    tables = describe(data)
    if args.json:
        sys.stdout.write(_json_text(tables) + "\n")
    else:
        _print_tables(tables, sys.stdout)
    return _read_errors(data, args.lang) or EXIT_OK


SIGNATURE_SHOWN = 72
_NEEDS = {
    "partner": "no question names the partner rated: give --partner NAME, or a profile",
    "respondent_side": "no question says who answered: give --side client|agency, or a profile",
    "questions": "the columns under 'not read' match no bank question: a profile can assign them",
    "labels": "answers no scale knows ({labels}): correct them, or map them to scores in a profile",
    "partner_values": "the partner column holds codes ({partners}), not names (a numeric export): name them in a "
                      "profile, or export the choice text",
    "side_values": "side answers naming neither the client nor the agency ({sides}): settle them in a profile",
    "table": "not recognised as reviews, meetings or questions: force it with --reviews, --meetings or "
             "--questions FILE",
    "calendar_columns": "looks like a calendar table no rule knows: confirm its columns in the mapping step of the "
                        "Upload page, or give --profile FILE.toml with this signature and a [mapping.columns] "
                        "table (role = \"header\"), the guess being: {guess}",
}
_MISSING_COLUMN = "a required column is missing: validate rejects the table until it has one"


def _print_tables(tables: list[dict], out) -> None:
    """`inspect` for people: one block per table, then one line on what is still open."""
    for i, table in enumerate(tables):
        if i:
            print(file=out)
        where = f"{table['file']} [{table['sheet']}]" if table["sheet"] else table["file"]
        rows = "row" if table["header_rows"] == 1 else "rows"
        print(where, file=out)
        print(f"  format     {table['format']}, {table['header_rows']} header {rows} from row {table['header_row']}",
              file=out)
        print(f"  table      {table['table'] or 'not recognised'}", file=out)
        dropped = f", {_dropped(table['dropped'])}" if table["dropped"] else ""
        print(f"  rows       {table['rows_read']} after the header: {table['rows_kept']} kept{dropped}", file=out)
        _block("mapping", _mapping_lines(table["mapping"]) or ["(no column read)"], out)
        if table["unmatched"]:
            _block("not read", table["unmatched"], out)
        listed = {"labels": table["labels_unknown"], "partners": table["values_unknown"].get("partner", []),
                  "sides": table["values_unknown"].get("respondent_side", [])}
        params = {k: ", ".join(repr(v) for v in values) for k, values in listed.items()}
        params["guess"] = ", ".join(f'{role} = "{header}"' for role, header in table["calendar_guess"].items())
        needs = [f"{need}: " + _NEEDS.get(need, _MISSING_COLUMN).format(**params) for need in table["needs"]]
        _block("needs", needs or ["nothing: validate and score read it as it is"], out)
        if table["signature"]:
            print(f"  profile    {table['profile'] or 'none applied'}", file=out)
            signature = table["signature"]
            if len(signature) > SIGNATURE_SHOWN:
                signature = signature[:SIGNATURE_SHOWN] + "… (whole with --json)"
            print(f"  signature  {signature}", file=out)
    open_ = [t for t in tables if t["needs"]]
    print(file=out)
    print(f"{len(tables)} table{'s' if len(tables) != 1 else ''}: "
          + (f"{len(open_)} with open needs (settle them with --partner, --side or --profile, or in the "
             "mapping step of the Upload page)" if open_ else "nothing left to settle"), file=out)


def _mapping_lines(mapping: dict[str, str]) -> list[str]:
    width = max((len(k) for k in mapping), default=0)
    return [f"{key:<{width}}  = {source[2:]} (for the whole file)" if source.startswith("= ")
            else f"{key:<{width}}  ← {source}" for key, source in mapping.items()]


def _block(label: str, lines: list[str], out) -> None:
    for j, line in enumerate(lines):
        print(f"  {label if j == 0 else '':<9}  {line}", file=out)


def cmd_profile(args) -> int:
    if args.action == "import":
        from kpi.ingest.mapping import Profile
        profile = _profile_file(Path(args.file))
        if args.name:
            profile = Profile(args.name, profile.signature, profile.mapping, profile.format)
        with _store() as store:
            replaced = store.profile(profile.name) is not None
            store.save_profile(profile, by=args.by or _user())
            print(f"profile {profile.name!r} {'replaced' if replaced else 'saved'} in {store.url}")
        return EXIT_OK
    if args.action == "list":
        with _store() as store:
            profiles = store.profiles()
            if not profiles:
                print(f"no saved profiles in {store.url}")
        for profile in profiles:
            print(f"{profile.name}  [{profile.format or '?'}]  {_settles(profile.mapping)}")
        return EXIT_OK
    profile = _saved_profile(args.name)  # an unknown name raises, naming the saved ones
    if args.action == "delete":
        with _store() as store:
            store.delete_profile(profile.name)
            print(f"profile {profile.name!r} deleted from {store.url}")
        return EXIT_OK
    text = profile.to_toml()
    if args.action == "export" and args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"profile {args.name!r} written to {args.out}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _settles(mapping: Mapping) -> str:
    """What a profile settles, in a few words: `partner = Acme; side from 'You are:'; 3 questions; 1 label`."""
    parts = []
    for what, column, constant in (("partner", mapping.partner_column, mapping.partner),
                                   ("side", mapping.side_column, mapping.side)):
        if constant:
            parts.append(f"{what} = {constant}")
        elif column:
            parts.append(f"{what} from {column!r}")
    for what, n in (("question", len(mapping.questions)), ("label", len(mapping.labels)),
                    ("partner code", len(mapping.partner_values)), ("side answer", len(mapping.side_values)),
                    ("calendar column", len(mapping.columns)), ("category type", len(mapping.categories))):
        if n:
            parts.append(f"{n} {what}{'s' if n != 1 else ''}")
    return "; ".join(parts) or "nothing"


def _user() -> str:
    try:
        return getpass.getuser() or "command line"
    except Exception:  # no user name in this environment
        return "command line"


def cmd_health(args) -> int:
    with _store() as store:
        detail = store.health()  # a StoreError says why not: exit 2
        print(f"{store.url}: {detail}", file=sys.stderr)
    print("ok")
    return EXIT_OK


def cmd_passcode(args) -> int:
    from kpi.passcodes import hash_passcode

    first = getpass.getpass("Passcode: ")
    if not first.strip():
        raise KpiError("an empty passcode protects nothing: type one")
    if first.strip().lower() in ("change-me", "change-me-too"):
        raise KpiError("that is the example file's passcode, which the app refuses: choose your own")
    if getpass.getpass("Again: ") != first:
        raise KpiError("the two passcodes differ: nothing printed, try again")
    print(hash_passcode(first))
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
    command = {"validate": cmd_validate, "score": cmd_score, "publish": cmd_publish, "inspect": cmd_inspect,
               "profile": cmd_profile,
               "health": cmd_health, "passcode": cmd_passcode, "report": cmd_report,
               "sample": cmd_sample}[args.command]
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
