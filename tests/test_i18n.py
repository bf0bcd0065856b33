"""Tests of kpi.i18n: one catalogue, complete in English and French, covering every problem code."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from kpi.i18n import LANGS, MESSAGES, t
from kpi.contracts.rules import CHECK_COLUMN
from kpi.ingest.files import Source
from kpi.contracts.schema import VALUE_LOOKUP
from kpi.settings import COMPONENTS, SCORES
from kpi.validate.dataset import load

KPI = Path(__file__).resolve().parents[1] / "kpi"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


# ---------------------------------------------------------------- the catalogue itself

def test_languages():
    assert LANGS == ("en", "fr")


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_english_and_french(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGS), key
    assert all(isinstance(entry[lang], str) and entry[lang].strip() for lang in LANGS), key


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_placeholders_are_the_same_in_both_languages(key):
    assert placeholders(MESSAGES[key]["en"]) == placeholders(MESSAGES[key]["fr"]), key


def test_placeholders_helper_finds_named_fields_only():
    assert placeholders("{partner} : {gap:+.1f} points ({flag})") == {"partner", "gap", "flag"}
    assert placeholders("no field, {{braces}} escaped") == set()


# ---------------------------------------------------------------- t()

def test_t_formats_in_the_language_asked():
    assert t("bad_number", "en", value="abc") == "'abc' is not a number"
    assert t("bad_number", "fr", value="abc") == "« abc » n'est pas un nombre"
    assert t("gap_line", "fr", partner="A", gap="+12,3", flag="x") == "A : +12,3 points (x)"


def test_t_defaults_to_english():
    assert t("nav_gaps") == "Gaps"


@pytest.mark.parametrize("lang", ["de", "", "EN"])
def test_t_falls_back_to_english_for_an_unknown_language(lang):
    assert t("nav_gaps", lang) == "Gaps"
    assert t("bad_date", lang, value="x") == MESSAGES["bad_date"]["en"].format(value="x")


def test_t_returns_the_key_for_an_unknown_key():
    assert t("no_such_message_key", "fr", value=1) == "no_such_message_key"


def test_t_with_missing_parameters_returns_the_template_unformatted():
    assert t("out_of_scale", "en") == MESSAGES["out_of_scale"]["en"]


# ---------------------------------------------------------------- every problem code has a message

def _tree(name: str) -> ast.Module:
    return ast.parse((KPI / name).read_text(encoding="utf-8"))


def _text(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _issue_codes(tree: ast.Module) -> set[str]:
    """Codes given to a table's `place.note(header, value, code, …)` and `place.cells(rows, columns, values,
    codes, …)`, and the codes a conditional expression there chooses between."""
    codes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("note", "cells"):
            at = 2 if node.func.attr == "note" else 3
            if len(node.args) > at:
                arg = node.args[at]
                options = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
                codes |= {_text(o) for o in options if _text(o)}
    return codes


def _note_codes(tree: ast.Module) -> set[str]:
    """Codes of warnings a reader notes: `raw.notes.append((code, params))`."""
    codes = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
                and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "notes"
                and node.args and isinstance(node.args[0], ast.Tuple) and _text(node.args[0].elts[0])):
            codes.add(_text(node.args[0].elts[0]))
    return codes


def _returned_codes(tree: ast.Module, function: str) -> set[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            return {_text(r.value) for r in ast.walk(node) if isinstance(r, ast.Return) and _text(r.value)}
    raise AssertionError(f"{function} not found")


def _renamed_codes(tree: ast.Module) -> dict[str, set[str]]:
    """`.replace({"duplicate": "duplicate_answer", ...})` on codes: old code → the codes it becomes."""
    renames: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "replace"
                and node.args and isinstance(node.args[0], ast.Dict)):
            for k, v in zip(node.args[0].keys, node.args[0].values):
                if _text(k) and _text(v):
                    renames.setdefault(_text(k), set()).add(_text(v))
    return renames


def _parser_codes(tree: ast.Module) -> set[str]:
    """Problem codes the cell parsers write: string constants like bad_date, not_whole, no_such_date."""
    out = set()
    for node in ast.walk(tree):
        value = _text(node)
        if value and "_" in value and value.split("_")[0] in ("bad", "no", "not") and value.replace("_", "").isalpha():
            out.add(value)
    return out


def _unknown_value_codes(tree: ast.Module) -> set[str]:
    """`f"unknown_{kind}"` in kpi/validate/values.py, for every kind of category the parser looks up."""
    prefixes = {_text(node.values[0]) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                and node.values and _text(node.values[0]) and _text(node.values[0]).startswith("unknown_")}
    assert prefixes == {"unknown_"}, prefixes
    return {f"unknown_{kind}" for kind in VALUE_LOOKUP}


def emitted_codes() -> set[str]:
    validate, read, values = _tree("validate/dataset.py"), _tree("ingest/files.py"), _tree("validate/values.py")
    model_codes = (_returned_codes(validate, "_code_of") | set(CHECK_COLUMN)) - {None}
    renames = _renamed_codes(validate)
    model_codes = {c for c in model_codes if c not in renames} | {v for vs in renames.values() for v in vs}
    return (_issue_codes(validate) | _note_codes(read) | model_codes | _parser_codes(values)
            | _unknown_value_codes(values))


def test_the_code_scan_finds_the_codes_we_know_of():
    # If this fails, the scan above lost track of how kpi emits codes; fix the scan, not the list.
    known = {"missing_column", "blank", "bad_date", "no_such_date", "bad_number", "not_whole", "out_of_scale",
             "unknown_question", "unknown_side", "unknown_meeting_type", "unknown_kpi", "unknown_yesno",
             "negative", "closed_gt_opened", "duplicate_answer", "duplicate_question", "bad_scale", "extra_cells",
             "review_conflict", "unknown_table", "sheet_skipped", "unknown_wide_column", "rows_above_header",
             "duplicate_column", "review_id_made", "no_rows", "bank_replaced"}
    assert known <= emitted_codes()
    assert "duplicate" not in emitted_codes()                 # always renamed before it is reported
    assert "importance_out_of_scale" not in emitted_codes()


@pytest.mark.parametrize("code", sorted(emitted_codes()))
def test_every_problem_code_has_a_message(code):
    assert code in MESSAGES, f"problem code '{code}' has no entry in kpi.i18n.MESSAGES"
    assert all(MESSAGES[code][lang].strip() for lang in LANGS)


def _fixture_sources():
    names = ["bad_reviews.csv", "bad_meetings.csv", "fr_reviews_cp1252.csv", "fr_meetings_cp1252.csv",
             "reviews_wide_en.csv", "workbook_all.xlsx", "not_a_spreadsheet.csv", "reviews_utf8_bom.csv"]
    return [Source.from_path(FIXTURES / name) for name in names if (FIXTURES / name).exists()]


def test_reported_problems_fill_every_placeholder_of_their_message():
    reported = [(code, params) for source in _fixture_sources()     # one load per file, as a user would
                for code, params in zip(*load([source]).issues[["code", "params"]].to_dict("list").values())]
    assert len({code for code, _ in reported}) >= 10
    for code, params in reported:
        assert code in MESSAGES, code
        for lang in LANGS:
            missing = placeholders(MESSAGES[code][lang]) - set(params)
            assert not missing, f"{code} ({lang}) is reported without {missing}"


R = "review_id,review_date,partner,respondent_side,question_id,score,importance\n"
M = "date,partner,meeting_type,duration_min,agenda_shared,actions_opened,actions_closed\n"
Q = "question_id,kpi,text,scale_min,scale_max\n"


@pytest.mark.parametrize("code, text", [
    ("missing_column", "review_id,partner,respondent_side,question_id,score\nR1,A,client,INF1,4\n"),
    ("blank", R + "R1,2026-03-15,,client,INF1,4,\n"),
    ("bad_date", R + "R1,soon,A,client,INF1,4,\n"),
    ("no_such_date", R + "R1,31/02/2026,A,client,INF1,4,\n"),
    ("bad_number", R + "R1,2026-03-15,A,client,INF1,four,\n"),
    ("out_of_scale", R + "R1,2026-03-15,A,client,INF1,9,\n"),
    ("unknown_question", R + "R1,2026-03-15,A,client,Q99,4,\n"),
    ("unknown_side", R + "R1,2026-03-15,A,robot,INF1,4,\n"),
    ("duplicate_answer", R + "R1,2026-03-15,A,client,INF1,4,\nR1,2026-03-15,A,client,INF1,5,\n"),
    ("review_conflict", R + "R1,2026-03-15,A,client,INF1,4,\nR1,2026-03-15,B,client,INF2,5,\n"),
    ("not_whole", M + "01/02/2026,A,qbr,,,1.5,\n"),
    ("negative", M + "01/02/2026,A,qbr,-5,,,\n"),
    ("closed_gt_opened", M + "01/02/2026,A,qbr,,,2,3\n"),
    ("unknown_meeting_type", M + "01/02/2026,A,karaoke,,,,\n"),
    ("unknown_yesno", M + "01/02/2026,A,qbr,,maybe,,\n"),
    ("extra_cells", "date,partner,meeting_type\n01/02/2026,A,qbr,extra\n"),
    ("duplicate_column", "date,partner,agency,meeting_type\n01/02/2026,A,A,qbr\n"),
    ("rows_above_header", "Meeting log 2026\n\n" + M + "01/02/2026,A,qbr,,,,\n"),
    ("no_rows", M),
    ("unknown_table", "foo,bar\n1,2\n"),
    ("unknown_kpi", Q + "Q1,happiness,a,1,5\n"),
    ("bad_scale", Q + "Q1,informed,a,5,1\n"),
    ("duplicate_question", Q + "Q1,informed,a,1,5\nQ1,informed,b,1,5\n"),
    ("bank_replaced", Q + "Q1,informed,a,1,5\n"),
    ("review_id_made", "review_date,partner,respondent_side,INF1\n2026-03-15,A,client,4\n"),
    ("unknown_wide_column", "review_id,review_date,partner,respondent_side,INF1,mood\nR1,2026-03-15,A,client,4,ok\n"),
])
def test_a_reported_problem_fills_its_message_in_both_languages(code, text):
    data = load([Source("file.csv", text.encode("utf-8"))])
    mine = data.issues[data.issues["code"] == code]
    assert len(mine), f"{code} not reported; got {data.issues['code'].tolist()}"
    for params in mine["params"]:
        for lang in LANGS:
            missing = placeholders(MESSAGES[code][lang]) - set(params)
            assert not missing, f"{code} ({lang}) is reported without {missing}"
            assert "{" not in t(code, lang, **params)


# ---------------------------------------------------------------- labels of habits and components

@pytest.mark.parametrize("key", [*SCORES, *COMPONENTS, "overall", "delivery_gap", "delivery", "self",
                                 "client_view", "n_reviews", "n_meetings", "low_confidence"])
def test_every_habit_and_component_has_a_label_in_both_languages(key):
    assert key in MESSAGES
    assert MESSAGES[key]["en"].strip() and MESSAGES[key]["fr"].strip()
    assert t(key, "en") != key


@pytest.mark.parametrize("habit, french", [("informed", "Informés"), ("involved", "Impliqués"),
                                           ("inspired", "Inspirés"), ("interconnected", "Interconnectés"),
                                           ("improving", "En progrès")])
def test_french_habit_names(habit, french):
    assert t(habit, "fr") == french
