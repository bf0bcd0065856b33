"""Docs stay honest: every score, component, column, weight and command named in the code is documented."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from kpi.cli import build_parser
from kpi.scoring import CSV_COLUMNS
from kpi.settings import COMPONENTS, SCORE_COMPONENTS, SCORES, Settings

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "methodology.md"
DOC_FR = ROOT / "docs" / "methodology.fr.md"
README = ROOT / "README.md"
KEYS = (*SCORES, *COMPONENTS, "overall", "delivery_gap")


def code_names(text: str) -> set[str]:
    """Every name written in backticks, including each name of a list like `partner, period`."""
    spans = re.findall(r"`([^`]+)`", text)
    return {name for span in spans for name in re.split(r"[,\s]+", span) if name}


def weights_table(text: str) -> dict[str, dict[str, float]]:
    """The rows `score` | `component` weight, ... of a markdown table (decimal point or comma)."""
    table = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not re.fullmatch(r"`\w+`", cells[0]):
            continue
        pairs = re.findall(r"`(\w+)`\s+(\d+(?:[.,]\d+)?)", cells[1])
        if pairs:
            table[cells[0].strip("`")] = {c: float(w.replace(",", ".")) for c, w in pairs}
    return table


def subcommands() -> set[str]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return set(action.choices)


# ---------------------------------------------------------------- helpers behave

def test_code_names_splits_lists_in_one_span():
    assert code_names("see `a, b_c` and `d`; not e") == {"a", "b_c", "d"}


def test_weights_table_reads_rows_of_weights_only():
    text = "| score | x |\n|---|---|\n| `s` | `a` 0.7, `b` 0,3 |\n| `t` | a formula |\n"
    assert weights_table(text) == {"s": {"a": 0.7, "b": 0.3}}


# ---------------------------------------------------------------- docs/methodology.md

@pytest.mark.parametrize("name", sorted({*KEYS, *CSV_COLUMNS}))
def test_every_score_component_and_column_is_in_the_methodology(name):
    assert name in code_names(DOC.read_text(encoding="utf-8")), f"`{name}` is not documented in {DOC.name}"


@pytest.mark.parametrize("doc", [DOC, DOC_FR], ids=["en", "fr"])
def test_the_weights_table_shows_the_default_weights(doc):
    defaults = Settings()
    assert weights_table(doc.read_text(encoding="utf-8")) == {s: defaults.weights(s) for s in SCORES}


def test_every_component_has_its_formula_row():
    text = DOC.read_text(encoding="utf-8")
    formula_rows = {m.group(1) for m in re.finditer(r"^\| `(\w+)` \| (?!`)", text, re.M)}
    survey_built = {c for c in COMPONENTS if c.startswith("survey_")}
    assert formula_rows == set(COMPONENTS) - survey_built


def test_the_scores_table_section_lists_the_csv_columns_in_order():
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## The scores table", 1)[1].split("\n## ", 1)[0]
    spans = re.findall(r"`([^`]+)`", section)
    listed = [name for span in spans if "," in span for name in re.split(r"[,\s]+", span) if name]
    assert listed == list(CSV_COLUMNS)


def test_the_thresholds_in_the_text_are_the_defaults():
    text = DOC.read_text(encoding="utf-8")
    defaults = Settings()
    assert f"`n_reviews` is below {defaults['thresholds.low_confidence_reviews']}" in text
    gap = defaults["thresholds.delivery_gap_flag"]
    assert f"**+{gap:g} or more**" in text and f"**−{gap:g} or less**" in text


def test_the_components_of_each_score_are_those_of_the_code():
    table = weights_table(DOC.read_text(encoding="utf-8"))
    assert {s: tuple(w) for s, w in table.items()} == SCORE_COMPONENTS


# ---------------------------------------------------------------- docs/methodology.fr.md

def test_french_methodology_exists():
    assert DOC_FR.is_file()


@pytest.mark.parametrize("name", sorted({*KEYS, *CSV_COLUMNS}))
def test_french_methodology_names_every_key(name):
    assert name in code_names(DOC_FR.read_text(encoding="utf-8")), f"`{name}` is not in {DOC_FR.name}"


def test_french_methodology_has_the_same_sections_and_tables():
    english, french = DOC.read_text(encoding="utf-8"), DOC_FR.read_text(encoding="utf-8")
    headings = re.compile(r"^(#+) ", re.M)
    assert [len(h) for h in headings.findall(french)] == [len(h) for h in headings.findall(english)]
    table_rows = re.compile(r"^\|.*\|$", re.M)
    assert len(table_rows.findall(french)) == len(table_rows.findall(english))


def test_french_methodology_keeps_every_code_name_of_the_english_one():
    english = code_names(DOC.read_text(encoding="utf-8"))
    french = code_names(DOC_FR.read_text(encoding="utf-8"))
    assert english - french == set()


@pytest.mark.parametrize("habit", ["Informés", "Impliqués", "Inspirés", "Interconnectés", "En progrès"])
def test_french_methodology_names_the_habits_in_french(habit):
    assert habit in DOC_FR.read_text(encoding="utf-8")


# ---------------------------------------------------------------- README

def test_readme_names_the_test_command():
    assert "make test" in README.read_text(encoding="utf-8")


def test_readme_names_every_cli_command():
    assert subcommands() == {"validate", "score", "publish", "inspect", "profile", "health", "passcode",
                             "report", "sample"}
    text = README.read_text(encoding="utf-8")
    for command in sorted(subcommands()):
        assert f"python -m kpi {command}" in text, command
        assert re.search(rf"^- `{command}[ `]", text, re.M), f"{command} has no description line"


def test_readme_links_the_methodology():
    assert "docs/methodology.md" in README.read_text(encoding="utf-8")
