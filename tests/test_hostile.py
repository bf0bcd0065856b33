"""Every hostile or broken file of tests/data/hostile/ gets exactly the outcome EXPECTED.md gives it.

Each file goes through `kpi.validate.dataset.load` and `python -m kpi validate` (in-process for all,
as a subprocess for the worst): the exit code, the read error or every problem with its row and
column, the rows read / valid / rejected, rows read = valid + rejected + dropped with the valid rows
being exactly the rows of the clean tables, never a traceback, never a raw control character printed,
and all within a time bound.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from kpi.cli import main
from kpi.ingest.files import Source
from kpi.validate.dataset import Dataset, load

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "data" / "hostile"
SECONDS = 20  # the most any one hostile file may take to load (the slowest, 10,000 columns, takes about 2 s)
# What must never reach a terminal raw: C0 controls but the line end, DEL, C1 (CSI is \x9b), bidi overrides.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _generator():
    spec = importlib.util.spec_from_file_location("make_hostile", HOSTILE / "make_hostile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make = _generator()


@dataclass(frozen=True)
class Case:
    """One line of EXPECTED.md."""

    file: str
    exit: int
    read_error: str | None
    problems: tuple[str, ...]
    notes: tuple[str, ...]
    rows: tuple[int, int, int] | None

    @property
    def big(self) -> bool:
        return self.file in make.BIG


def _listed(cell: str) -> tuple[str, ...]:
    return () if cell in ("", "—") else tuple(item.strip() for item in cell.split(", "))


def expected() -> list[Case]:
    cases = []
    for line in (HOSTILE / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        file, _, exit_, error, problems, notes, rows = (cell.strip() for cell in line.strip().strip("|").split("|"))
        cases.append(Case(file.strip("`"), int(exit_), error.strip("`") or None, _listed(problems), _listed(notes),
                          tuple(int(n) for n in rows.split("/")) if rows else None))
    return cases


CASES = expected()
BY_NAME = {case.file: case for case in CASES}
ids = [case.file for case in CASES]


@pytest.fixture(scope="module")
def paths(tmp_path_factory) -> dict[str, Path]:
    """File name in EXPECTED.md → its path: the committed files, and the big ones built into a temporary folder."""
    folder = tmp_path_factory.mktemp("hostile")
    return {case.file: make.make_big(case.file, folder) if case.big else HOSTILE / case.file for case in CASES}


# ---------------------------------------------------------------- the corpus itself

def test_the_corpus_is_big_and_every_file_has_its_expected_outcome():
    committed = {p.name for p in HOSTILE.iterdir()} - {"make_hostile.py", "EXPECTED.md", "__pycache__"}
    assert committed == set(make.FILES)
    assert [case.file for case in CASES] == [*make.FILES, *make.BIG]
    assert len(CASES) >= 40
    assert all((case.read_error is None) == (case.rows is not None) for case in CASES)


def test_the_committed_files_are_what_the_generator_writes(tmp_path):
    make.main(tmp_path)
    changed = [name for name in make.FILES if (tmp_path / name).read_bytes() != (HOSTILE / name).read_bytes()]
    assert not changed, f"rebuild with `python tests/data/hostile/make_hostile.py`: {changed}"


# ---------------------------------------------------------------- load

def _issues(data: Dataset, severity: str) -> tuple[str, ...]:
    issues = data.issues[data.issues["severity"] == severity]
    return tuple(f"{code}@{row}" + (f":{column}" if column else "")
                 for code, row, column in zip(issues["code"], issues["row"], issues["column"]))


def _clean_rows(data: Dataset, where: str, table: str) -> set[int]:
    frame = {"reviews": data.reviews, "meetings": data.meetings}.get(table)
    if frame is None:
        return set()
    return set(frame.loc[frame["source_file"] == where, "source_row"].astype(int))


@pytest.mark.parametrize("case", [c for c in CASES if c.file != "over_cap_300mb.csv"], ids=lambda c: c.file)
def test_load_gives_the_expected_outcome(case, paths):
    started = time.monotonic()
    data = load([Source.from_path(paths[case.file])])
    assert time.monotonic() - started < SECONDS
    if case.read_error:
        assert [error.code for error in data.read_errors] == [case.read_error]
        assert not data.loads and not data.ok
        return
    assert not data.read_errors
    assert _issues(data, "error") == case.problems
    assert _issues(data, "warning") == case.notes
    (table,) = data.loads
    assert (table.rows_read, table.n_valid, table.n_rejected) == case.rows
    # Rows read = valid + rejected + dropped, where valid means "found in the clean tables": nothing lost, nothing twice.
    rows = set(table.raw.rows.astype(int))
    rejected = set(table.raw.rows.iloc[table.rejected].astype(int))
    dropped = {int(r) for positions in table.dropped.values() for r in table.raw.rows.iloc[positions]}
    if table.table == "questions":
        valid = set(table.raw.rows.astype(int)) - rejected if data.bank_source == "uploaded" else set()
        assert len(data.questions) == table.n_valid
    else:
        valid = _clean_rows(data, table.raw.where, table.table)
    assert len(rows) == table.rows_read
    assert valid | rejected | dropped == rows and len(valid) + len(rejected) + len(dropped) == table.rows_read


@pytest.mark.parametrize("name, partners", [
    ("mixed_encodings.csv", {"Agence Lumière"}), ("unicode_forms.csv", {"Agence Lumière"}),
    ("homoglyph_partners.csv", {"Kestrel PR", "K\u0435strel PR"}),
    ("emoji.csv", {"Studio 🦊", "Team 👩\u200d💻"}),
    ("rtl_marks.csv", {"\u05e1\u05d5\u05db\u05e0\u05d5\u05ea \u05d0\u05d5\u05e8"}),
    ("tabs_and_commas.csv", {"Partners, Inc.", "Smith, Jones & Co"}),
])
def test_partner_names_as_read(name, partners):
    data = load([Source.from_path(HOSTILE / name)])
    assert set(data.reviews["partner"]) == partners
    assert data.reviews["partner_key"].nunique() == len(partners)


def test_an_external_entity_never_reaches_a_cell(capsys):
    main(["validate", str(HOSTILE / "external_entity.xlsx")])
    captured = capsys.readouterr()
    assert "root:" not in captured.out + captured.err


def test_formula_like_partner_names_are_escaped_in_the_scores_csv(capsys):
    assert main(["score", str(HOSTILE / "formula_injection.csv")]) == 0
    first_cells = [line.split(",")[0] for line in capsys.readouterr().out.splitlines()[1:]]
    assert sorted(first_cells) == ["\"'=HYPERLINK(\"\"http://evil.example\"\"", "'+cmd|' /C calc'!A0", "'-2+3",
                                   "'@SUM(1+1)"]


# ---------------------------------------------------------------- the command line

def _assert_printable(text: str) -> None:
    assert "Traceback" not in text
    found = RAW_CONTROL.search(text)
    assert found is None, f"raw {found.group()!r} printed: {text[max(0, found.start() - 60):found.end() + 60]!r}"


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_validate_exits_as_expected_and_prints_nothing_raw(case, paths, capsys):
    assert main(["validate", str(paths[case.file])]) == case.exit
    captured = capsys.readouterr()
    _assert_printable(captured.out + captured.err)
    if case.read_error:
        (line,) = captured.err.splitlines()
        assert line.startswith("error: ") and line.count(": ") >= 2
    if case.exit == 1 and not case.problems:
        assert f"nothing to check in {case.file}" in captured.err


WORST = ["far_cell_XFD1048576.xlsx", "far_cell_XFD10000.xlsx", "zip_bomb.xlsx", "billion_laughs_sheet.xlsx",
         "over_cap_300mb.csv", "header_100k_columns.csv", "escape_in_file_name.csv", "control_chars_in_cells.csv"]


@pytest.mark.parametrize("name", WORST)
def test_the_worst_files_through_a_real_process(name, paths):
    result = subprocess.run([sys.executable, "-m", "kpi", "validate", str(paths[name])], capture_output=True,
                            text=True, cwd=ROOT, timeout=120)
    assert result.returncode == BY_NAME[name].exit, result.stderr
    _assert_printable(result.stdout + result.stderr)
    if BY_NAME[name].read_error:
        assert len(result.stderr.splitlines()) == 1


def test_escapes_in_names_and_cells_are_shown_escaped(paths, capsys):
    main(["validate", str(paths["escape_in_file_name.csv"])])
    assert "reviews\\n\\x1b[31m.csv: reviews: 3 rows read, 3 valid, 0 rejected" in capsys.readouterr().out
    main(["validate", str(HOSTILE / "control_chars_in_cells.csv")])
    out = capsys.readouterr().out
    assert "row 2, column partner [\\x1b[2J\\x1b[31mKestrel PR]" in out and "[Kestrel PR\\x07]" in out
    main(["validate", str(HOSTILE / "escape_sheet_name.xlsx")])
    assert "escape_sheet_name.xlsx [\\x1b[2J\\x1b[31mred\\nalert]: ?:" in capsys.readouterr().out
    main(["validate", str(HOSTILE / "rtl_marks.csv")])
    assert "[evil\\u202egpj.exe]" in capsys.readouterr().out


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(paths, capsys):
    assert main(["validate", str(paths["over_cap_300mb.csv"])]) == 2
    assert capsys.readouterr().err.strip().endswith(
        "over_cap_300mb.csv: the file is 300 MB; the limit is 200 MB: raise it with --max-mb N, or with upload_mb "
        "under [limits] in the --config file")
