"""From raw tables to clean tables and one validation report.

`load(sources)` reads every file, recognises each table, parses its cells,
checks the pandera models, and returns a `Dataset`: the clean tables (valid rows
only), the report (one row per problem: file, table, row, column, value, problem)
and, per table, rows read = valid + rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from kpi.directory import Directory, clashes, unify_tables
from kpi.errors import ReadError
from kpi.ingest import outlook_csv
from kpi.ingest.calendars import CalendarStep, load_order
from kpi.ingest.mapping import Profile
from kpi.ingest.surveys import to_canonical
from kpi.i18n import t
from kpi.contracts.rules import CHECK_COLUMN, holds
from kpi.partners import display_names, partner_key
from kpi.questions import bank_headers, default_questions
from kpi.ingest.files import RawTable, Source, read_source
from kpi.ingest.workbook import ExcelError
from kpi.ingest.generic import recognise
from kpi.contracts.schema import (CLEAN_COLUMNS, COLUMNS, MEETING_TYPES, TABLES, column, column_lookup,
                        empty_clean, fold)
from kpi.settings import KPIS, Settings
from kpi.validate import duplicates
from kpi.validate.values import (constant_text, distinct, distinct_cells, distinct_side_by_side, first_positions,
                                is_blank, on_distinct, original, parse_category, parse_date, parse_integer, parse_text,
                                parse_number, parse_yesno, proven_order, spread)

REPORT_COLUMNS = ["file", "table", "row", "column", "value", "problem", "severity", "code"]
Progress = Callable[..., None]
"""progress(fraction, step, where=""): `step` is a kpi.i18n message key, `where` the file being checked."""

_ACCEPTED = {
    "meeting_type": ", ".join(MEETING_TYPES),
    "kpi": ", ".join(KPIS),
}


@dataclass
class TableLoad:
    """What happened to one table (a CSV file or one sheet)."""

    file: str
    table: str | None
    rows_read: int
    rejected: np.ndarray  # positions (in raw.frame) of rejected rows
    raw: RawTable
    dropped: dict[str, np.ndarray] = field(default_factory=dict)  # reason → positions dropped by a rule (§8)

    @property
    def n_rejected(self) -> int:
        return int(len(self.rejected))

    @property
    def n_dropped(self) -> int:
        return sum(len(p) for p in self.dropped.values())

    @property
    def n_valid(self) -> int:
        """Rows read = valid + rejected + dropped by a stated rule."""
        return self.rows_read - self.n_rejected - self.n_dropped


@dataclass
class Dataset:
    """Clean tables, the validation report and the row accounting of one load."""

    reviews: pd.DataFrame | None
    meetings: pd.DataFrame | None
    questions: pd.DataFrame
    issues: pd.DataFrame
    loads: list[TableLoad] = field(default_factory=list)
    read_errors: list[ReadError] = field(default_factory=list)
    bank_source: str = "default"
    files: list[str] = field(default_factory=list)
    partners: pd.DataFrame | None = None  # the partner directory (METHODOLOGY §1.8), when one was given

    @property
    def errors(self) -> pd.DataFrame:
        """Problems that reject rows."""
        return self.issues[self.issues["severity"] == "error"]

    @property
    def ok(self) -> bool:
        """True when every file could be read, nothing was rejected and no table is in error."""
        return (not self.read_errors and all(load.n_rejected == 0 for load in self.loads)
                and not len(self.errors))

    @property
    def n_rejected(self) -> int:
        return sum(load.n_rejected for load in self.loads)

    def summary(self) -> pd.DataFrame:
        """Per table: file, table, rows read, valid, rejected."""
        rows = [
            {"file": load.file, "table": load.table or "?", "rows_read": load.rows_read,
             "valid": load.n_valid, "rejected": load.n_rejected, "dropped": load.n_dropped}
            for load in self.loads
        ]
        return pd.DataFrame(rows, columns=["file", "table", "rows_read", "valid", "rejected", "dropped"])

    def dropped_rows(self, lang: str = "en") -> pd.DataFrame:
        """Responses left out by a rule of METHODOLOGY §8 (previews, tests, spam, unfinished, empty)."""
        frames = []
        for load in self.loads:
            for reason, positions in load.dropped.items():
                raw = load.raw
                cells = raw.frame.iloc[positions].apply(original)
                cells.columns = raw.headers[: cells.shape[1]]
                frames.append(pd.concat([pd.DataFrame({
                    "file": load.file, "row": raw.rows.iloc[positions].to_numpy(),
                    "reason": t(f"reason_{reason}", lang)}), cells.reset_index(drop=True)], axis=1))
        if not frames:
            return pd.DataFrame(columns=["file", "row", "reason"])
        return pd.concat(frames, ignore_index=True).sort_values(["file", "row"], kind="stable").reset_index(drop=True)

    def report(self, lang: str = "en") -> pd.DataFrame:
        """The validation report: file, table, row, column, value, problem (in `lang`), severity."""
        issues = self.issues
        problems = [t(code, lang, **params) for code, params in zip(issues["code"], issues["params"])]
        out = issues.assign(problem=pd.Series(problems, index=issues.index, dtype="str"))
        return out[["file", "table", "row", "column", "value", "problem", "severity"]].reset_index(drop=True)

    def rejected_rows(self, table: str | None = None, lang: str = "en") -> pd.DataFrame:
        """The rejected rows as they were in the files, with their row number and problems."""
        report = self.report(lang)
        frames = []
        for load in self.loads:
            if load.n_rejected == 0 or (table and load.table != table):
                continue
            raw = load.raw
            cells = raw.frame.iloc[load.rejected].apply(original)
            cells.columns = raw.headers[: cells.shape[1]]
            rows = raw.rows.iloc[load.rejected].to_numpy()
            mine = report[(report["file"] == load.file) & (report["severity"] == "error")]
            why = mine.groupby("row")["problem"].agg("; ".join)
            header_problem = "; ".join(mine.loc[mine["row"] == raw.header_row, "problem"])
            problems = [why.get(r, header_problem) for r in rows]
            frames.append(pd.concat([
                pd.DataFrame({"file": load.file, "table": load.table or "?", "row": rows, "problems": problems}),
                cells.reset_index(drop=True)], axis=1))
        if not frames:
            return pd.DataFrame(columns=["file", "table", "row", "problems"])
        return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------- issues


@dataclass(frozen=True)
class _Place:
    """The table being checked (a CSV or a sheet, and which table it holds): problems found there are
    frames naming it, which each step returns to `load`."""

    raw: RawTable
    table: str

    def cells(self, rows, columns, values, codes, params, positions=None) -> pd.DataFrame:
        """Errors on rows; `positions` (in raw.frame) are the rows they reject (-1: the whole table)."""
        n = len(rows)
        return pd.DataFrame({
            "file": self.raw.where, "table": self.table, "row": np.asarray(rows, dtype="int64"),
            "column": _broadcast(columns, n), "value": _broadcast(values, n), "code": _broadcast(codes, n),
            "params": _broadcast(params, n), "severity": "error",
            "_pos": np.asarray(positions if positions is not None else np.full(n, -1), dtype="int64"),
        })

    def note(self, header: str, value: str, code: str, /, severity: str = "warning", row: int | None = None,
             **params) -> pd.DataFrame:
        """One problem about the table as a whole, on its header row unless `row` is given; an error rejects
        every row of the table. `params` fill the message (they may name its column and value themselves)."""
        at = self.raw.header_row if row is None else row
        frame = self.cells([at], [header], [value], code, [{"value": value, "column": header, **params}])
        return frame.assign(severity=severity)


def _report_frame(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Every problem found, one frame: ordered by file (as first met) and row, each cell once."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in REPORT_COLUMNS + ["params", "_pos"]})
    out = pd.concat(frames, ignore_index=True)
    # One cell is one problem: a wide row's side or date cell is read once per answer, reported once.
    out = out.drop_duplicates(["file", "row", "column", "value", "code"])
    file_order = out["file"].map({f: i for i, f in enumerate(dict.fromkeys(out["file"]))})
    return out.assign(_order=file_order).sort_values(["_order", "row"], kind="stable").drop(
        columns="_order").reset_index(drop=True)


def _broadcast(value, n):
    if isinstance(value, (list, np.ndarray, pd.Series)):
        return list(value)
    return [value] * n


# ---------------------------------------------------------------- column mapping


def _map_columns(raw: RawTable, table: str) -> tuple[dict[str, int], list[pd.DataFrame]]:
    """Canonical column → position in raw.frame (an exact canonical name beats an alias), and the problems."""
    place, found = _Place(raw, table), []
    lookup = column_lookup(table)
    mapping: dict[str, int] = {}
    exact: dict[str, bool] = {}
    for pos, first in raw.repeated.items():
        # Two columns under one header: which one holds the data is anybody's guess, so say so.
        known = lookup.get(fold(raw.headers[first]))
        found.append(place.note(raw.headers[pos], raw.headers[first],
                                "repeated_header" if known else "repeated_header_ignored",
                                "error" if known else "warning", first=_letter(first), second=_letter(pos)))
    for pos, header in enumerate(raw.headers):
        canonical = lookup.get(fold(header))
        if canonical is None:
            continue
        is_exact = fold(header) == fold(canonical)
        if canonical in mapping:
            used_pos = mapping[canonical]
            if is_exact and not exact[canonical]:
                mapping[canonical], exact[canonical] = pos, True
                used_pos, pos = pos, used_pos
            found.append(place.note(raw.headers[pos], raw.headers[pos], "duplicate_column",
                                    used=raw.headers[used_pos], column=canonical))
            continue
        mapping[canonical], exact[canonical] = pos, is_exact
    return mapping, found


def _missing_columns(table: str, mapping: dict[str, int], optional: Iterable[str] = ()) -> list[str]:
    return [c.name for c in COLUMNS[table] if c.required and c.name not in mapping and c.name not in optional]


def _letter(position: int) -> str:
    """Spreadsheet column letter of a 0-based position: 0 → A, 27 → AB."""
    out, n = "", position + 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _missing_required(raw: RawTable, table: str, mapping: dict[str, int],
                      optional: Iterable[str] = ()) -> list[pd.DataFrame]:
    """An error for each required column no header gives (each rejects the whole table)."""
    return [_Place(raw, table).note(name, "", "missing_column", "error", column=name,
                                    aliases=", ".join(column(table, name).aliases[:4]))
            for name in _missing_columns(table, mapping, optional)]


# ---------------------------------------------------------------- parsing


def _parse_columns(cells: pd.DataFrame, table: str, month_first: bool,
                   excel_errors: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Typed values per canonical column, and the parse problem code per cell ('' when fine)."""
    typed, problems = {}, {}
    n = len(cells)
    present = [col.name for col in COLUMNS[table] if col.name in cells]
    found = dict(zip(present, distinct_side_by_side([cells[name] for name in present])))
    for col in COLUMNS[table]:
        if col.name not in cells:
            typed[col.name] = _missing_series(col.kind, n, cells.index)
            problems[col.name] = pd.Series("", index=cells.index, dtype="str")
            continue
        parse = {
            "text": parse_text,
            "date": lambda s: parse_date(s, month_first),
            "number": parse_number,
            "integer": parse_integer,
            "yesno": parse_yesno,
            "side": lambda s: parse_category(s, "side"),
            "meeting_type": lambda s: parse_category(s, "meeting_type"),
            "kpi": lambda s: parse_category(s, "kpi"),
        }[col.kind]
        parsed = on_distinct(cells[col.name], parse, found[col.name])  # a million answers: a few hundred dates
        typed[col.name] = parsed.values
        problems[col.name] = parsed.problem
    # copy=False: each column its own block, not the number columns stacked into one (a copy of every number)
    typed = pd.DataFrame(typed, index=cells.index, copy=False)
    problems = pd.DataFrame(problems, index=cells.index, copy=False)
    if excel_errors:  # `#REF!` is neither a blank (not applicable) nor a name: a rejected cell, whatever the column
        for name in cells.columns.intersection(problems.columns):
            error = cells[name].map(lambda v: isinstance(v, ExcelError)).to_numpy(dtype=bool)
            if error.any():
                problems.loc[error, name] = "excel_error"
                typed.loc[error, name] = None
    return typed, problems


def _missing_series(kind: str, n: int, index) -> pd.Series:
    dtype = {"text": "str", "side": "str", "meeting_type": "str", "kpi": "str", "date": "datetime64[ns]",
             "yesno": "boolean"}.get(kind, "float64")
    return pd.Series([None] * n, index=index, dtype=dtype) if dtype == "str" else pd.Series(
        pd.array([pd.NA] * n, dtype=dtype) if dtype == "boolean" else np.full(n, np.nan), index=index,
        dtype=dtype)


@dataclass
class _Read:
    """One table's cells as read and as parsed, and where each of its rows comes from."""

    cells: pd.DataFrame  # canonical column → the cells as typed
    typed: pd.DataFrame  # the parsed values (and the helper columns the rules read)
    problems: pd.DataFrame  # per cell, the parse problem code ('' when fine)
    rows: np.ndarray  # the row the user sees, per row of `cells`
    positions: np.ndarray  # the row's position in raw.frame
    headers: dict  # canonical column → the header the user sees (per row in wide form)


def _parse_problems(place: _Place, read: _Read) -> list[pd.DataFrame]:
    """Cells that could not be read as their column's kind."""
    table, cells, problems, rows, headers, positions = (place.table, read.cells, read.problems, read.rows,
                                                        read.headers, read.positions)
    found = []
    for name in problems.columns:
        bad = problems[name].ne("")
        if not bad.any():
            continue
        codes = problems.loc[bad, name]
        values = original(cells.loc[bad, name])
        params = [{"value": v, "column": name, "accepted": _ACCEPTED.get(column(table, name).kind, "")}
                  for v in values]
        where = np.flatnonzero(bad.to_numpy())
        found.append(place.cells(rows[where], [_header_at(headers, name, j) for j in where], values.tolist(),
                                 codes.tolist(), params, positions[where]))
    return found


def _check_model(table: str, typed: pd.DataFrame) -> pd.DataFrame:
    """pandera failure cases of the table's model: index (position), check, column."""
    if holds(table, typed):  # a valid table, the usual case, is told so without pandera
        return pd.DataFrame(columns=["index", "check", "column"])
    import pandera.pandas as pa  # only for a table that may break a rule: pandera says which rows, which rules

    from kpi.contracts.models import MODELS
    try:
        MODELS[table].validate(typed, lazy=True, inplace=True)  # no coercion: inplace spares a copy of the table
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        fc = fc[fc["index"].notna()]
        return fc[["index", "check", "column"]].assign(index=fc["index"].astype("int64"))
    return pd.DataFrame(columns=["index", "check", "column"])


def _rule_problems(place: _Place, read: _Read) -> list[pd.DataFrame]:
    """Rows that break a rule of the table's clean model (METHODOLOGY §1), each cell reported once."""
    table, typed, cells, problems, rows, headers, positions = (place.table, read.typed, read.cells, read.problems,
                                                               read.rows, read.headers, read.positions)
    fc = _check_model(table, typed)
    if fc.empty:
        return []
    fc = fc.assign(code=fc["check"].map(_code_of))
    if table == "questions":
        fc["code"] = fc["code"].replace({"duplicate": "duplicate_question"})
    known = fc["code"].notna()
    fc = fc[known]
    framewise = fc["code"].isin(list(CHECK_COLUMN) + ["duplicate_question"])
    fc = fc.assign(column=fc["column"].where(~framewise, fc["code"].map(CHECK_COLUMN)))
    if table == "reviews":
        conflict = fc["code"] == "review_conflict"
        side_conflict = conflict & typed["partner_key"].reindex(fc["index"]).eq(
            typed["_first_partner_key"].reindex(fc["index"])).to_numpy()
        fc.loc[side_conflict, "column"] = "respondent_side"
    fc.loc[fc["code"].isin(["duplicate", "duplicate_question"]), "column"] = "question_id"
    fc = fc.drop_duplicates(["index", "code", "column"])
    # A cell already reported as unreadable is not reported again as blank or out of its set.
    unreadable = problems.ne("").to_numpy()
    if unreadable.any():
        rows_bad, cols_bad = np.nonzero(unreadable)
        already = set(zip(problems.index[rows_bad], problems.columns[cols_bad]))
        fc = fc[[(i, c) not in already for i, c in zip(fc["index"], fc["column"])]]
    if fc.empty:
        return []
    if table == "reviews" and fc["code"].isin(["duplicate", "review_conflict"]).any():
        typed = typed.assign(**_answer_firsts(typed, rows))
    pos = fc["index"].to_numpy()
    loc = typed.index.get_indexer(pos)
    row_of = rows[loc]
    values, params, cols = [], [], []
    for i, j, code, col in zip(pos, loc, fc["code"], fc["column"]):
        cell = cells.at[i, col] if col in cells else None
        value = "" if cell is None else original(pd.Series([cell], dtype=object)).iloc[0]
        p = {"value": value, "column": col}
        if code in ("out_of_scale", "importance_out_of_scale"):
            p.update(scale_min=_num(typed.at[i, "_scale_min"]), scale_max=_num(typed.at[i, "_scale_max"]),
                     question=typed.at[i, "question_id"], column="score" if code == "out_of_scale" else "importance")
        elif code == "closed_gt_opened":
            p.update(opened=_num(typed.at[i, "actions_opened"]))
        elif code == "duplicate":
            p.update(review=typed.at[i, "review_id"], question=typed.at[i, "question_id"],
                     first=int(typed.at[i, "_first_row"]))
        elif code == "duplicate_question":
            p.update(first=int(typed.at[i, "_first_row"]))
        elif code == "bad_scale":
            p.update(scale_min=_num(typed.at[i, "scale_min"]))
        elif code == "review_conflict":
            other = typed.at[i, "_first_partner"] if col == "partner" else typed.at[i, "_first_side"]
            p.update(review=typed.at[i, "review_id"], other=other, first=int(typed.at[i, "_first_review_row"]))
        elif f"_{code}" in typed:  # the rule's helper column holds what its message quotes (the partner directory)
            p.update(typed.at[i, f"_{code}"])
        values.append(value)
        params.append(p)
        cols.append(_header_at(headers, col, j))
    codes = fc["code"].replace({"importance_out_of_scale": "out_of_scale", "duplicate": "duplicate_answer"})
    return [place.cells(row_of, cols, values, codes.tolist(), params, positions[loc])]


def _answer_firsts(typed: pd.DataFrame, rows: np.ndarray) -> dict[str, pd.Series]:
    """What the messages of a duplicate answer or a questionnaire naming two partners or sides quote: the
    first row of the answer's questionnaire and question, the partner its questionnaire named first, and the
    row naming it. Worked out only when such a rule is broken (a million answers need none of it)."""
    row_s = pd.Series(rows, index=typed.index)
    by_review = typed.groupby("review_key", sort=False, dropna=False)
    return {
        "_first_partner": by_review["partner"].transform("first"),
        "_first_row": row_s.groupby([typed["review_key"], typed["question_id"]], dropna=False).transform("first"),
        "_first_review_row": row_s.where(typed["partner"].notna()).groupby(
            typed["review_key"], dropna=False).transform("first").fillna(row_s),
    }


def _header_at(headers: dict, column_name: str, j: int) -> str:
    """The header the user sees for a column at row j (in wide form, each answer has its question's header)."""
    header = headers.get(column_name, column_name)
    return str(header[j]) if isinstance(header, np.ndarray) else header


def _num(value) -> str:
    v = float(value)
    return str(int(v)) if v.is_integer() else f"{v:g}"


def _code_of(check: str) -> str | None:
    if check == "not_nullable":
        return "blank"
    if check.startswith("greater_than_or_equal_to"):
        return "negative"
    if check.startswith("isin"):
        return None  # reported by the parser with the accepted values
    if check in CHECK_COLUMN:
        return check
    return "blank" if check == "column_in_dataframe" else None


# ---------------------------------------------------------------- per table


def _extra_cells(raw: RawTable, table: str) -> list[pd.DataFrame]:
    """Rows with cells beyond the header (an unquoted delimiter in a value, most likely)."""
    extra = [i for i, h in enumerate(raw.headers) if h.startswith("column_")]
    if not extra:
        return []
    filled = ~pd.concat([is_blank(raw.frame[i]) for i in extra], axis=1).all(axis=1)
    pos = np.flatnonzero(filled.to_numpy())
    return [_Place(raw, table).cells(raw.rows.to_numpy()[pos], "", "", "extra_cells", [{}] * len(pos), pos)]


def _cells(raw: RawTable, mapping: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({name: raw.frame[pos] for name, pos in mapping.items()}, index=raw.frame.index)


def _headers(raw: RawTable, mapping: dict[str, int], table: str) -> dict[str, object]:
    names = {c.name: c.name for c in COLUMNS[table]}
    names.update({name: raw.headers[pos] for name, pos in mapping.items()})
    return names


def _checked(place: _Place, read: _Read) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """The typed rows tagged with where they came from, and the table's unreadable cells and broken rules."""
    index = read.typed.index  # Series over the arrays, which assigning an array would copy
    read.typed = read.typed.assign(source_row=pd.Series(read.rows, index=index, copy=False),
                                   source_file=constant_text(place.raw.where, index),
                                   _pos=pd.Series(read.positions, index=index, copy=False))
    return read.typed, _parse_problems(place, read) + _rule_problems(place, read)


def _clean_plain(raw: RawTable, table: str, month_first: bool, derive) -> tuple[pd.DataFrame, np.ndarray,
                                                                              list[pd.DataFrame]]:
    """A table read column by column, then checked against its model: the question bank, the partner directory.
    `derive(typed, rows)` adds what the table works out from its parsed cells before the check."""
    mapping, found = _map_columns(raw, table)
    missing = _missing_required(raw, table, mapping)
    if missing:
        return empty_clean(table), np.arange(len(raw.frame)), found + missing
    cells = _cells(raw, mapping)
    typed, problems = _parse_columns(cells, table, month_first, raw.excel_errors)
    rows, positions = raw.rows.to_numpy(), np.arange(len(raw.frame))
    typed = derive(typed, rows)
    headers = _headers(raw, mapping, table)
    typed, problems_found = _checked(_Place(raw, table), _Read(cells, typed, problems, rows, positions, headers))
    return typed, positions, found + problems_found


def _clean_questions(raw: RawTable, month_first: bool) -> tuple[pd.DataFrame, np.ndarray, list[pd.DataFrame]]:
    def derive(typed: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
        typed["reverse"] = typed["reverse"].fillna(False).astype("bool")
        typed["_first_row"] = pd.Series(rows, index=typed.index).groupby(typed["question_id"]).transform("first")
        return typed

    typed, positions, found = _clean_plain(raw, "questions", month_first, derive)
    return typed[list(CLEAN_COLUMNS["questions"])], positions, found


def _question_columns(raw: RawTable, bank: pd.DataFrame, meta: dict[str, int]) -> dict[int, str]:
    """Wide form: position of each question column → question id (matched by id, English or French text)."""
    by_fold: dict[str, str] = {}
    for col in ("text_fr", "text", "question_id"):
        for qid, text in zip(bank["question_id"], bank[col]):
            if isinstance(text, str) and text:
                by_fold[fold(text)] = qid
    taken = set(meta.values())
    return {pos: by_fold[fold(h)] for pos, h in enumerate(raw.headers)
            if pos not in taken and fold(h) in by_fold}


_WIDE_META = ("review_id", "review_date", "partner", "respondent_side", "respondent", "comment")
"""The columns a wide-form questionnaire (one column per question) is read with, besides its questions."""
_WIDE_OPTIONAL = ("question_id", "review_id")


def _is_wide(raw: RawTable, bank: pd.DataFrame, mapping: dict[str, int]) -> bool:
    return "question_id" not in mapping and bool(_question_columns(raw, bank, mapping))


def _wide_columns(raw: RawTable, bank: pd.DataFrame, mapping: dict[str, int]) -> tuple[dict[str, int], dict[int, str]]:
    """Wide form: the metadata columns read, and the question columns (position → question id)."""
    meta = {k: v for k, v in mapping.items() if k in _WIDE_META}
    return meta, _question_columns(raw, bank, meta)


def columns_read(raw: RawTable, table: str, bank: pd.DataFrame) -> tuple[dict[str, str], list[str]]:
    """What validation reads from a table in our own columns (METHODOLOGY §1), as `load` decides it.

    Returns canonical column (or question id, for a wide-form questionnaire) → the header it is
    read from, and the required columns that no header gives. `bank` is the question bank in force.
    """
    mapping, _ = _map_columns(raw, table)
    if table == "reviews" and _is_wide(raw, bank, mapping):
        meta, questions = _wide_columns(raw, bank, mapping)
        shown = {name: raw.headers[pos] for name, pos in meta.items()}
        shown.update({qid: raw.headers[pos] for pos, qid in questions.items()})
        return shown, _missing_columns(table, mapping, _WIDE_OPTIONAL)
    return {name: raw.headers[pos] for name, pos in mapping.items()}, _missing_columns(table, mapping)


def _wide_to_long(raw: RawTable, bank: pd.DataFrame, mapping: dict[str, int]) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """One row per answer from one row per questionnaire (keeping the file row and the question's header),
    and a note per column that is neither a question nor a known column."""
    meta, questions = _wide_columns(raw, bank, mapping)
    place = _Place(raw, "reviews")
    found = [place.note(header, header, "unknown_wide_column") for pos, header in enumerate(raw.headers)
             if pos not in questions and pos not in meta.values() and not header.startswith("column_")]
    n = len(raw.frame)
    parts = []
    for pos, qid in questions.items():
        part = {name: raw.frame[p].to_numpy() for name, p in meta.items()}
        part.update(question_id=np.full(n, qid, dtype=object), score=raw.frame[pos].to_numpy(),
                    _pos=np.arange(n), _header=np.full(n, raw.headers[pos], dtype=object))
        parts.append(pd.DataFrame(part))
    if not parts:
        return pd.DataFrame(columns=list(meta) + ["question_id", "score", "_pos", "_header"]), found
    long = pd.concat(parts, ignore_index=True)
    blank_answer = is_blank(long["score"]).to_numpy()
    # A row that answers nothing is still a questionnaire, all not applicable (METHODOLOGY §1.1): its blank
    # cells stay, so its date, partner and side are checked and it counts, never vanishing unreported.
    unanswered = ~pd.Series(~blank_answer).groupby(long["_pos"].to_numpy()).transform("any").to_numpy()
    return long[~blank_answer | unanswered].sort_values("_pos", kind="stable").reset_index(drop=True), found


def _survey_cells(raw: RawTable, bank: pd.DataFrame) -> tuple[tuple | None, list[pd.DataFrame]]:
    """A survey export's long answers and headers (METHODOLOGY §8), None when it cannot be read; its notes."""
    canon = to_canonical(raw, bank, raw.mapping)
    raw.survey = canon
    place = _Place(raw, "reviews")
    found = [place.note(need, "", f"survey_no_{need}", "error") for need in ("partner", "respondent_side")
             if need in canon.needs]
    found += [place.note(header, header, "survey_unmatched_column") for header in canon.unmatched]
    for reason, positions in canon.dropped.items():
        rows = raw.rows.to_numpy()[positions]
        found.append(place.note("", "", f"dropped_{reason}", row=int(rows[0]), n=len(rows), rows=_row_list(rows)))
    if not canon.questions:  # no column is a bank question: its responses would vanish, answering nothing
        found.append(place.note("", "", "survey_no_questions", "error"))
    if "partner" in canon.needs or "respondent_side" in canon.needs or not canon.questions:
        return None, found
    cells = canon.answers
    headers = {c.name: c.name for c in COLUMNS["reviews"]}
    headers.update({k: v for k, v in canon.mapping.items() if k in headers})
    headers["score"] = cells["_header"].to_numpy()
    return (cells, headers), found


def _row_list(rows, shown: int = 10) -> str:
    listed = ", ".join(str(r) for r in rows[:shown])
    return listed + (f", … (+{len(rows) - shown})" if len(rows) > shown else "")


def _clean_reviews(raw: RawTable, bank: pd.DataFrame,
                   month_first: bool) -> tuple[pd.DataFrame, np.ndarray, list[pd.DataFrame]]:
    n = len(raw.frame)
    label_problems = rows = None
    if raw.layout is not None:
        survey, found = _survey_cells(raw, bank)
        if survey is None:
            return empty_clean("reviews"), np.arange(n), found
        cells, headers = survey
        positions = cells["_pos"].to_numpy(dtype="int64")
        label_problems = cells["_label_problem"].to_numpy(dtype=object)
        cells = cells.drop(columns=["_pos", "_header", "_label_problem"])
    else:
        mapping, found = _map_columns(raw, "reviews")
        if _is_wide(raw, bank, mapping):
            missing = _missing_required(raw, "reviews", mapping, optional=_WIDE_OPTIONAL)
            if missing:
                return empty_clean("reviews"), np.arange(n), found + missing
            cells, notes = _wide_to_long(raw, bank, mapping)
            found += notes
            if "review_id" not in mapping:
                found.append(_Place(raw, "reviews").note("review_id", "", "review_id_made"))
                cells["review_id"] = ["row " + str(r) for r in raw.rows.to_numpy()[cells["_pos"].to_numpy()]]
            positions = cells["_pos"].to_numpy()
            headers = _headers(raw, mapping, "reviews")
            headers["question_id"] = "question_id"
            headers["score"] = cells["_header"].to_numpy()
            cells = cells.drop(columns=["_pos", "_header"])
        else:
            missing = _missing_required(raw, "reviews", mapping)
            if missing:
                return empty_clean("reviews"), np.arange(n), found + missing
            cells = _cells(raw, mapping)
            positions = np.arange(n)
            headers = _headers(raw, mapping, "reviews")
            rows = raw.rows.to_numpy()  # every row in order: the table's own row numbers, not a copy of them
    if rows is None:
        rows = raw.rows.to_numpy()[positions]
    typed, problems = _parse_columns(cells, "reviews", month_first, raw.excel_errors)
    if label_problems is not None:
        problems["score"] = np.where(label_problems != "", label_problems, problems["score"].to_numpy())
    typed["question_id"], typed["_scale_min"], typed["_scale_max"] = distinct(typed["question_id"],
                                                                              lambda u: _bank_question(u, bank))
    # The key from each distinct id: a take instead of a million texts joined, and the ids' factorization kept.
    typed["review_key"] = distinct(typed["review_id"], lambda ids: (raw.where + "#" + ids).astype("str"))
    typed["partner"], typed["partner_key"] = distinct(typed["partner"], _partner_names)
    typed = typed.assign(**_questionnaire_columns(typed))
    typed, problems_found = _checked(_Place(raw, "reviews"), _Read(cells, typed, problems, rows, positions, headers))
    return typed, positions, found + problems_found


def _questionnaire_columns(typed: pd.DataFrame) -> dict[str, pd.Series]:
    """What the rules about questionnaires read: `_answer` numbers each (questionnaire, question) asked, and
    each answer's questionnaire's first partner key and side. (Its codes, one integer an answer, are let go of
    here, not kept while the table is checked.)"""
    review, _ = distinct_cells(typed["review_key"], compact=True)
    # Per answer, the first row of its questionnaire (as int32 when that holds every position: half the memory).
    first_row = first_positions(review).astype(np.int32 if len(review) < 2**31 else np.int64)[review]
    firsts = {"_first_partner_key": _first_filled(typed["partner_key"], review, first_row),
              "_first_side": _first_filled(typed["respondent_side"], review, first_row)}
    del first_row
    question, _ = distinct_cells(typed["question_id"], compact=True)
    answer = review.astype("int64")  # in place from here
    answer *= int(question.max(initial=0)) + 1
    answer += question
    return {"_answer": pd.Series(answer, index=typed.index, copy=False), **firsts}


def _bank_question(question_ids: pd.Series, bank: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """The bank's spelling of each question id (matched without case), and its scale's ends."""
    bank_ids = dict(zip(bank["question_id"].str.casefold(), bank["question_id"]))
    canonical = question_ids.str.casefold().map(bank_ids).fillna(question_ids).astype("str")
    scale = bank.set_index("question_id")[["scale_min", "scale_max"]]
    return (canonical, canonical.map(scale["scale_min"]).astype("float64"),
            canonical.map(scale["scale_max"]).astype("float64"))


def _partner_names(partners: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Partner names tidied for display, and the key that identifies each (METHODOLOGY §1.4)."""
    shown = display_names(partners).where(partners.notna()).astype("str")
    return shown, partner_key(shown).where(shown.notna()).astype("str")


def _first_filled(values: pd.Series, groups: np.ndarray, first_row: np.ndarray) -> pd.Series:
    """`values.groupby(groups).transform("first")`: each group's first value that is not missing. When none
    is missing, that is the value on the group's first row (`first_row`), a take instead of a group-by, and
    when every row holds its group's first value (a questionnaire names one partner), the column itself."""
    if values.notna().all():
        codes, _ = distinct_cells(values, compact=True)
        if np.array_equal(codes[first_row], codes):
            return values
        return spread(values, first_row, values.index)
    return values.groupby(groups).transform("first")


def _clean_partners(raw: RawTable, month_first: bool) -> tuple[pd.DataFrame, np.ndarray, list[pd.DataFrame]]:
    return _clean_plain(raw, "partners", month_first, lambda typed, rows: typed.assign(**clashes(typed, rows)))


def _clean_meetings(raw: RawTable, month_first: bool) -> tuple[pd.DataFrame, np.ndarray, list[pd.DataFrame]]:
    mapping, found = _map_columns(raw, "meetings")
    n = len(raw.frame)
    missing = _missing_required(raw, "meetings", mapping)
    if missing:
        return empty_clean("meetings"), np.arange(n), found + missing
    cells = _cells(raw, mapping)
    typed, problems = _parse_columns(cells, "meetings", month_first, raw.excel_errors)
    shown = display_names(typed["partner"])
    # A list of separators only (";", " ; ") names nobody: the meeting would count for no partner.
    names_nobody = shown.str.replace(r"[;\s]", "", regex=True).eq("")
    typed["partner"] = shown.where(typed["partner"].notna() & ~names_nobody).astype("str")
    rows = raw.rows.to_numpy()
    positions = np.arange(n)
    headers = _headers(raw, mapping, "meetings")
    typed, problems_found = _checked(_Place(raw, "meetings"), _Read(cells, typed, problems, rows, positions, headers))
    return typed, positions, found + problems_found


# ---------------------------------------------------------------- date order (METHODOLOGY §1.7)


def _date_order(raw: RawTable, month_first: bool) -> tuple[bool, dict, list[pd.DataFrame]]:
    """Whether this table's slash dates are read month-first: as its dates prove, else as the user chose.

    Also returns where the order was proven (for conflicts), and a note when it overrides the user's choice.
    """
    lookup = column_lookup(raw.table)
    dates = [pos for pos, header in enumerate(raw.headers)
             if fold(header) in lookup and column(raw.table, lookup[fold(header)]).kind == "date"]
    if raw.layout is not None and "date" in raw.layout.roles:
        dates = sorted({*dates, raw.layout.roles["date"]})
    found = proven_order([raw.frame[pos] for pos in dates])
    if found.order is None:
        return month_first, {}, []
    row, header = int(raw.rows.iloc[found.at[0]]), raw.headers[dates[found.at[1]]]
    notes = []
    if (found.order == "month") != month_first:
        notes.append(_Place(raw, raw.table).note(
            header, found.value, "dates_month_first" if found.order == "month" else "dates_day_first", row=row))
    return found.order == "month", {"first": row, "proof": found.value}, notes


def _date_conflicts(raw: RawTable, proof: dict, found: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """A date that exists only in the other order than the one proven first is a conflict, not a date
    to read with the other option: the file proves both orders, so no option reads it whole."""
    if not proof:
        return found
    out = []
    for frame in found:
        clash = frame["code"].eq("date_order").to_numpy()
        if clash.any():
            conflicts = frame[clash]
            out.append(_Place(raw, raw.table).cells(
                conflicts["row"], conflicts["column"], conflicts["value"], "date_order_conflict",
                [{**params, **proof} for params in conflicts["params"]], conflicts["_pos"]))
        out.append(frame[~clash])
    return out


# ---------------------------------------------------------------- load


def read_all(sources: Iterable[Source], settings: Settings) -> tuple[list[RawTable], list[ReadError]]:
    """Every table of every source; files that cannot be read at all are returned as errors."""
    tables, errors = [], []
    for source in sources:
        try:
            tables.extend(read_source(source, settings))
        except ReadError as exc:
            errors.append(exc)
    return tables, errors


def load(sources: Iterable[Source], settings: Settings | None = None, month_first: bool = False,
         progress: Progress | None = None, profiles: Iterable[Profile] = (),
         directory: pd.DataFrame | None = None, questions: pd.DataFrame | None = None) -> Dataset:
    """Read, recognise, parse and validate files into a Dataset of clean tables and a report.

    `questions` is the published question bank, the one answers are checked against when the files bring
    none of their own (a new wave added to a data set published with its own bank); without it, the default
    bank. A bank among the files replaces either (`bank_source` "uploaded").

    `directory` is the published partner directory (a clean `partners` table), in force when the files
    bring none of their own: calendar events find their partners through it, partner names are unified.

    A survey export whose header signature matches one of `profiles` gets that profile's
    mapping, under whatever its Source settles itself (a CLI `--partner` over a saved profile).
    """
    settings = settings or Settings()
    report = progress or (lambda fraction, step, where="": None)
    files: list[str] = []

    def each_source():  # read one at a time and not kept: from a caller that keeps none, its bytes go once read
        for source in sources:
            files.append(source.name)
            yield source

    issues: list[pd.DataFrame] = []  # every step's problems, as frames
    report(0.0, "progress_reading")
    raws, read_errors = read_all(each_source(), settings)
    by_signature = {p.signature: p for p in profiles}
    for raw in raws:
        profile = by_signature.get(outlook_csv.signature(raw)) if by_signature else None
        if profile:
            raw.mapping = profile.mapping.merged(raw.mapping)
            issues.append(_Place(raw, raw.layout.table if raw.layout else "meetings").note(
                "", "", "profile_applied", name=profile.name))
        for header in outlook_csv.settle(raw):
            issues.append(_Place(raw, "meetings").note("", header, "mapping_column_missing", header=header))
    report(0.3, "progress_recognising")
    bank = default_questions() if questions is None or not len(questions) else questions
    kinds = [recognise(raw, bank_headers(bank)) for raw in raws]
    books_with_tables = {raw.file for raw, kind in zip(raws, kinds) if kind}
    loads: list[TableLoad] = []
    for raw, kind in zip(raws, kinds):
        raw.table = kind
        issues += [_Place(raw, kind or "?").note("", "", code, **params) for code, params in raw.notes]

    # Tables nobody can recognise: a stray sheet beside real ones is skipped; a lone file is an error.
    for raw, kind in zip(raws, kinds):
        if kind:
            continue
        columns = ", ".join(raw.headers[:8])
        calendar_like = outlook_csv.looks_like_calendar(raw.headers)  # its rows wait for the calendar mapping step
        if raw.sheet and raw.file in books_with_tables and not calendar_like:
            issues.append(_Place(raw, "?").note("", "", "sheet_skipped", sheet=raw.sheet, columns=columns))
            continue
        issues.append(_Place(raw, "?").note("", "", "calendar_unconfirmed" if calendar_like else "unknown_table",
                                            "error", columns=columns))
        loads.append(TableLoad(raw.where, None, len(raw.frame), np.arange(len(raw.frame)), raw))

    clean: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    bank_source = "default" if questions is None or not len(questions) else "published"
    ordered = sorted((r for r in raws if r.table), key=load_order)
    calendars = CalendarStep(ordered, clean, settings, month_first, directory)
    for i, raw in enumerate(ordered):
        report(0.3 + 0.6 * i / max(1, len(ordered)), "progress_checking", raw.where)
        place = _Place(raw, raw.table)
        # found by the reader (a quote left open…)
        found = [place.cells([int(raw.rows.iloc[pos])], [""], [""], code, [params], [pos])
                 for pos, code, params in raw.row_problems]
        table_month_first, proof, notes = _date_order(raw, month_first)
        found += notes
        if not len(raw.frame):
            found.append(place.note("", "", "no_rows"))
        if raw.table == "questions":
            typed, positions, problems = _clean_questions(raw, table_month_first)
        elif raw.table == "partners":
            typed, positions, problems = _clean_partners(raw, table_month_first)
        elif calendars.holds(raw):
            typed, positions, problems = calendars.clean_table(raw, _clean_meetings, place)
        elif raw.table == "reviews":
            if clean["questions"] and bank_source != "uploaded":
                uploaded = pd.concat(clean["questions"], ignore_index=True)
                if len(uploaded):
                    bank, bank_source = uploaded.drop_duplicates("question_id"), "uploaded"
            typed, positions, problems = _clean_reviews(raw, bank, table_month_first)
        else:
            typed, positions, problems = _clean_meetings(raw, table_month_first)
        found = _date_conflicts(raw, proof, found + problems) + _extra_cells(raw, raw.table)
        issues += found
        new = [f for f in found if len(f)]
        bad_rows = {int(p) for f in new for p, s in zip(f["_pos"], f["severity"]) if s == "error" and p >= 0}
        header_errors = any(((f["severity"] == "error") & (f["_pos"] < 0)).any() for f in new)
        n = len(raw.frame)
        dropped = raw.survey.dropped if raw.survey is not None else {}
        rejected = np.arange(n) if header_errors else np.array(sorted(bad_rows), dtype="int64")
        if dropped:
            rejected = np.setdiff1d(rejected, np.concatenate(list(dropped.values())))
        loads.append(TableLoad(raw.where, raw.table, n, rejected, raw, dropped))
        if not header_errors and len(typed):
            keep = ~np.isin(positions, rejected)
            clean[raw.table].append(typed[keep][list(CLEAN_COLUMNS[raw.table])])

    if clean["questions"] and bank_source != "uploaded":
        uploaded = pd.concat(clean["questions"], ignore_index=True)
        if len(uploaded):
            bank, bank_source = uploaded.drop_duplicates("question_id"), "uploaded"
    if bank_source == "uploaded":
        bank_file = next(r for r in raws if r.table == "questions")
        issues.append(_Place(bank_file, "questions").note("", "", "bank_replaced", n=len(bank)))
    report(0.95, "progress_assembling")
    found = {r.table for r in raws if r.table}
    tables = {
        name: (pd.concat(clean[name], ignore_index=True) if clean[name] else empty_clean(name))
        .astype(CLEAN_COLUMNS[name]) if name in found else None
        for name in ("reviews", "meetings")
    }
    brought = (pd.concat(clean["partners"], ignore_index=True) if clean["partners"] else empty_clean("partners")
               ) if "partners" in found else None
    tables = unify_tables(tables, Directory.from_table(brought if brought is not None else directory))
    data = Dataset(
        reviews=tables["reviews"], meetings=tables["meetings"], partners=brought,
        questions=bank.reset_index(drop=True).astype(CLEAN_COLUMNS["questions"]), issues=_report_frame(issues),
        loads=loads, read_errors=read_errors, bank_source=bank_source, files=files,
    )
    data = duplicates.within(data)  # METHODOLOGY §1.6: what two files both hold is counted once
    report(1.0, "progress_done")
    return data
