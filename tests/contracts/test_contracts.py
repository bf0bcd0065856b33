"""The contract stays declared once: every stage's model describes its columns, and every list of
columns elsewhere (input columns, clean dtypes, the scores table, the sample files, the store's tables)
is the models' own."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow.parquet as pq
import pytest
from pandera.typing import Series

from kpi import sample
from kpi.contracts.models import MODELS
from kpi.contracts.raw import KINDS, RAW_MODELS
from kpi.contracts.schema import CLEAN_COLUMNS, COLUMNS, TABLES, empty_clean
from kpi.contracts.scores import Scores, ScoreTable
from kpi.contracts import compile as compile_contract
from kpi.contracts.rules import FRAME_RULES, holds
from kpi.contracts.stage import Stage, columns, dtypes
from kpi.scoring.blind_spots import VIEW_PARTS
from kpi.scoring import CSV_COLUMNS, TABLE_COLUMNS, score_table, scores_csv_frame
from kpi.settings import COMPONENTS, SCORES
from kpi.store import blobs as store_blobs

from tests.scoring.helpers import BANK
from tests.tables import meetings, reviews

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
ALL_MODELS = {**{f"raw {t}": m for t, m in RAW_MODELS.items()}, **{f"clean {t}": m for t, m in MODELS.items()},
              "scores": Scores, "score table": ScoreTable}


# ---------------------------------------------------------------- the models

@pytest.mark.parametrize("model", ALL_MODELS.values(), ids=ALL_MODELS.keys())
def test_every_column_of_every_stage_has_a_description(model):
    schema = model.to_schema().columns
    assert set(columns(model)) == set(schema)
    assert [name for name in columns(model) if not (schema[name].description or "").strip()] == []


@pytest.mark.parametrize("table", TABLES)
def test_every_input_column_has_a_kind_and_aliases(table):
    for name, col in RAW_MODELS[table].to_schema().columns.items():
        assert col.metadata["kind"] in KINDS, name
        assert isinstance(col.metadata["aliases"], tuple) and col.metadata["aliases"], name
        assert col.dtype is None, f"{name}: raw cells are as typed, no dtype"


@pytest.mark.parametrize("table", TABLES)
def test_the_clean_stage_extends_the_raw_stage_with_every_raw_column(table):
    raw, clean = RAW_MODELS[table], MODELS[table]
    assert issubclass(clean, raw)
    assert set(columns(raw)) <= set(columns(clean))
    raw_schema, clean_schema = raw.to_schema().columns, clean.to_schema().columns
    for name in columns(raw):
        assert clean_schema[name].dtype is not None, name
        assert clean_schema[name].description == raw_schema[name].description, name
        assert clean_schema[name].metadata == raw_schema[name].metadata, name


def test_the_scores_table_extends_the_exported_scores():
    assert issubclass(ScoreTable, Scores)
    assert columns(ScoreTable)[:len(columns(Scores))] == columns(Scores)


def test_the_scores_columns_are_the_scores_and_components_of_the_settings():
    assert columns(Scores) == ("partner", "period", *SCORES, "overall", "delivery_gap", "n_reviews", "n_meetings",
                               "low_confidence", *COMPONENTS,
                               *(f"{part}_{habit}" for habit in SCORES for part in VIEW_PARTS))
    trends = [c for c in columns(ScoreTable) if c.startswith("trend_")]
    assert trends == [f"trend_{s}" for s in (*SCORES, "overall")]


# ---------------------------------------------------------------- table order and inherited descriptions

class _Base(Stage):
    a: Series[str] = pa.Field(description="A.", metadata={"kind": "text"})
    b: Series[str] = pa.Field(description="B.")


class _Redeclared(_Base):
    b: Series[float] = pa.Field(nullable=True)
    a: Series[str] = pa.Field(description="A, typed.")


class _Extended(_Base):
    c: Series[float] = pa.Field(description="C.")


def test_a_body_that_declares_every_column_sets_the_order():
    assert columns(_Redeclared) == ("b", "a")
    assert dtypes(_Redeclared) == {"b": "float64", "a": "str"}


def test_added_columns_come_after_the_inherited_ones():
    assert columns(_Extended) == ("a", "b", "c")


def test_a_column_declared_again_keeps_its_description_and_metadata_unless_it_gives_its_own():
    schema = _Redeclared.to_schema().columns
    assert (schema["b"].description, schema["b"].nullable) == ("B.", True)
    assert (schema["a"].description, schema["a"].metadata) == ("A, typed.", {"kind": "text"})



# ---------------------------------------------------------------- holds: a valid frame without a pandera run

def _meetings_frame(**changes) -> pd.DataFrame:
    frame = pd.DataFrame({
        "meeting_id": pd.Series(["M1", "M2", None], dtype="str"),
        "date": pd.to_datetime(["2026-01-05", "2026-02-05", "2026-03-05"]).astype("datetime64[ns]"),
        "partner": pd.Series(["Ember", "Ember; Lumière", "Lumière"], dtype="str"),
        "meeting_type": pd.Series(["qbr", "workshop", "status"], dtype="str"),
        "duration_min": [60.0, np.nan, 30.0],
        "agenda_shared": pd.array([True, None, False], dtype="boolean"),
        "actions_opened": [3.0, np.nan, 0.0],
        "actions_closed": [2.0, 1.0, 0.0],
        "notes": pd.Series([None, "kick-off", ""], dtype="str"),
        "source_file": pd.Series(["m.csv"] * 3, dtype="str"),
        "source_row": np.array([2, 3, 4], dtype="int64"),
    })
    for name, value in changes.items():
        frame[name] = value
    return frame


def _pandera_finds_a_row(model, frame: pd.DataFrame) -> bool:
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return bool(exc.failure_cases["index"].notna().any())
    return False


BROKEN_MEETINGS = {
    "a blank where none may be": {"partner": pd.Series(["Ember", None, "Lumière"], dtype="str")},
    "a value outside its set": {"meeting_type": pd.Series(["qbr", "lunch", "status"], dtype="str")},
    "a negative number": {"duration_min": [60.0, -5.0, 30.0]},
    "a frame check broken": {"actions_closed": [4.0, 1.0, 0.0]},
}


def test_a_valid_frame_holds_as_pandera_says():
    frame = _meetings_frame()
    assert holds("meetings", frame)
    assert not _pandera_finds_a_row(MODELS["meetings"], frame)


@pytest.mark.parametrize("changes", BROKEN_MEETINGS.values(), ids=BROKEN_MEETINGS.keys())
def test_a_frame_breaking_a_rule_goes_to_pandera(changes):
    frame = _meetings_frame(**changes)
    assert not holds("meetings", frame)
    assert _pandera_finds_a_row(MODELS["meetings"], frame)


def test_blanks_in_a_checked_column_are_skipped_and_the_other_cells_checked():
    # duration_min may be blank and must not be negative: a blank is no break, a negative beside a blank is one.
    with_blank = _meetings_frame(duration_min=[60.0, np.nan, 30.0])
    assert holds("meetings", with_blank) and not _pandera_finds_a_row(MODELS["meetings"], with_blank)
    broken = _meetings_frame(duration_min=[np.nan, -5.0, 30.0])
    assert not holds("meetings", broken) and _pandera_finds_a_row(MODELS["meetings"], broken)


def test_a_missing_column_or_a_rule_of_another_kind_goes_to_pandera():
    assert not holds("meetings", _meetings_frame().drop(columns="notes"))

    class _Odd(pa.DataFrameModel):
        a: Series[float] = pa.Field(le=1)  # a check holds does not work out: it says so, pandera decides
        b: Series[str] = pa.Field(unique=True)

    plain, column_rules, _ = compile_contract._rules(_Odd)
    assert column_rules["a"] == (False, (("less_than_or_equal_to", {"max_value": 1}),))
    assert not plain  # a unique column: pandera's to check


def test_a_check_holds_does_not_know_sends_the_table_to_pandera(monkeypatch):
    from kpi.contracts import rules
    plain, column_rules, frame_rules = rules.CLEAN_RULES["meetings"]
    odd = {**column_rules, "duration_min": (True, (("less_than_or_equal_to", {"max_value": 600}),))}
    monkeypatch.setitem(rules.CLEAN_RULES, "meetings", (plain, odd, frame_rules))
    assert not holds("meetings", _meetings_frame())
    monkeypatch.setitem(rules.CLEAN_RULES, "meetings", (plain, column_rules, (*frame_rules, "a_new_rule")))
    assert not holds("meetings", _meetings_frame())


# ---------------------------------------------------------------- the compiled contract

def test_the_compiled_contract_is_what_the_models_say_now():
    # After changing a model: python -m kpi.contracts.compile
    assert (ROOT / "kpi" / "contracts" / "compiled.py").read_text(encoding="utf-8") == compile_contract.source()


@pytest.mark.parametrize("table", list(MODELS))
def test_each_rule_over_several_cells_is_one_holds_runs(table):
    # The models' checks call these functions; holds runs them by the names the compiled contract lists.
    assert [check.name for check in MODELS[table].to_schema().checks] == list(FRAME_RULES[table])


def test_validating_and_scoring_a_valid_file_never_import_pandera(tmp_path):
    import subprocess
    import sys
    data = tmp_path / "reviews.csv"
    data.write_text("review_id,review_date,partner,respondent_side,question_id,score\n"
                    "R1,2026-03-15,Agence,client,INF1,4\n", encoding="utf-8")
    code = ("import sys; from kpi.cli import main; code = main(['score', sys.argv[1], '--out', sys.argv[2]]); "
            "print(code, 'pandera' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(data), str(tmp_path / "scores.csv")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["0", "False"], done.stderr


# ---------------------------------------------------------------- what derives from the models

@pytest.mark.parametrize("table", TABLES)
def test_input_columns_are_the_raw_models(table):
    schema = RAW_MODELS[table].to_schema().columns
    assert [c.name for c in COLUMNS[table]] == list(columns(RAW_MODELS[table]))
    for c in COLUMNS[table]:
        assert (c.kind, c.required, c.aliases, c.description) == (
            schema[c.name].metadata["kind"], schema[c.name].required, schema[c.name].metadata["aliases"],
            schema[c.name].description)


@pytest.mark.parametrize("table", TABLES)
def test_clean_columns_and_empty_tables_are_the_clean_models(table):
    assert CLEAN_COLUMNS[table] == dtypes(MODELS[table])
    assert list(CLEAN_COLUMNS[table]) == list(columns(MODELS[table]))
    empty = empty_clean(table)
    assert {c: str(t) for c, t in empty.dtypes.items()} == CLEAN_COLUMNS[table]


def test_the_scores_table_columns_are_the_scores_models():
    assert CSV_COLUMNS == columns(Scores)
    assert TABLE_COLUMNS == columns(ScoreTable)


@pytest.mark.parametrize("table, listed", [("reviews", sample.REVIEW_COLUMNS), ("meetings", sample.MEETING_COLUMNS),
                                           ("questions", sample.QUESTION_COLUMNS)])
def test_the_sample_files_have_the_input_columns_in_clean_order(table, listed):
    inputs = {c.name for c in COLUMNS[table]}
    assert set(listed) == inputs
    assert list(listed) == [c for c in CLEAN_COLUMNS[table] if c in inputs]


@pytest.mark.parametrize("table", TABLES)
def test_the_store_keeps_the_clean_models_columns(table):
    blob = store_blobs.encode(store_blobs.storable(table, empty_clean(table)))
    assert pq.read_schema(io.BytesIO(blob)).names == list(columns(MODELS[table]))


def test_a_score_table_and_its_export_match_their_models():
    r = reviews(("1", "2026-01-05", "A", "client", "INF1", 3), ("2", "2026-01-06", "A", "agency", "DEL1", 4),
                ("3", "2026-01-07", "A", "client", "DEL1", 2))
    m = meetings(("2026-01-05", "A; B", "qbr", True, 2, 1))
    table = score_table(r, m, BANK)
    ScoreTable.validate(table)
    Scores.validate(scores_csv_frame(table))
    assert {c: str(t) for c, t in table.dtypes.items()} == dtypes(ScoreTable)


# ---------------------------------------------------------------- docs

def _input_formats_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("## Input formats", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("table", TABLES)
def test_every_input_column_is_named_where_the_readme_lists_the_tables(table):
    # docs/methodology.md describes the inputs in prose; the README's Input formats lists their columns.
    line = re.search(rf"`{table}`:(.*?)(?=\n  - `|\n- \*\*)", _input_formats_section(), re.S).group(1)
    named = {name for span in re.findall(r"`([^`]+)`", line) for name in re.split(r"[,\s]+", span) if name}
    assert {c.name for c in COLUMNS[table]} - named == set()
