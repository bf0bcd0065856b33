"""METHODOLOGY §1.6: the same data given twice is counted once, and the user is told.

A *source* is a file or sheet, as a clean table's `source_file` names it; a *questionnaire* is the
answers sharing `review_id` in one source (`review_key`). Across sources, in the order they are given:

- a questionnaire whose answers equal, row for row on ANSWER_COLUMNS, those of a questionnaire in an
  earlier source is a copy: its rows are left out (dropped by the rule `duplicate`) and a warning at
  its first row names both places (file, row as the user sees it);
- answers with the same `review_id`, partner and `question_id` in different sources but different
  scores are a conflict: each is a rejected row (an error, §1.5); the other answers of their
  questionnaires stay. A `review_id` the tool made from the row number (no id column: `row 12`, or a
  survey export's row) names no questionnaire outside its file, so it never conflicts;
- a questionnaire sharing `review_id` and partner with one in an earlier source, neither a copy nor
  in conflict (other questions, another importance…), is counted twice: a warning says so;
- a meeting equal to one in an earlier source on `date` (to the minute), partner list (the partners
  however spelled and ordered, METHODOLOGY §1.4) and `meeting_type` is a copy: left out, warning.

Two entry points, each taking and returning a `kpi.validate.dataset.Dataset` (copies left out of its
clean tables and counted as dropped rows, conflicts rejected, the problems added to its report):

    within(data)                             the files of one load, the first given wins
                                             (`kpi.validate.dataset.load` calls it)
    against_published(data, reviews, meetings)
                                             an upload checked against the clean tables already published
                                             (`Store.load()`, less the sources it replaces or removes): the
                                             published rows win, only the upload's rows are left out or
                                             rejected, and its messages name the published source

`find(reviews, meetings, published_reviews, published_meetings)` is the same on bare clean tables
and returns `Found` (masks and problems) without applying it.

Vectorised: one 64-bit hash per answer row (`pd.util.hash_pandas_object`), summed per questionnaire
(so the order of its rows does not matter), compared with the row count; conflicts are looked for
only among the few questionnaires whose `review_id` and partner meet in two sources. One load with
a single source of reviews and one of meetings costs a factorisation of `source_file` each.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kpi.partners import split_partners

if TYPE_CHECKING:
    from kpi.validate.dataset import Dataset

ANSWER_COLUMNS = ("review_date", "partner_key", "respondent_side", "respondent", "question_id", "score",
                  "importance")
"""What two questionnaires must hold alike, answer for answer, to be one (the partner however it is typed)."""

WARNINGS = ("duplicate_questionnaire", "duplicate_meeting", "overlapping_questionnaire",
            "duplicate_questionnaire_published", "duplicate_meeting_published", "overlapping_questionnaire_published")
ERRORS = ("conflicting_answer", "conflicting_answer_published")
"""The problem codes this module reports (kpi.i18n messages)."""

DROP_REASON = "duplicate"
"""The rule copies are dropped by, in `TableLoad.dropped`."""

_ISSUE_COLUMNS = ["file", "table", "row", "column", "value", "code", "params", "severity"]


@dataclass(frozen=True)
class _Stack:
    """The rows of one table where copies are looked for: the published ones first (`n_old` of them), then the
    new ones; positions below `n_old` are published rows, never left out nor rejected."""

    both: pd.DataFrame
    n_old: int


@dataclass(frozen=True)
class _Kind:
    """A kind of problem this module reports: its table, the column it points at, its code and severity."""

    table: str
    column: str
    code: str
    severity: str


_COPY = _Kind("reviews", "review_id", "duplicate_questionnaire", "warning")
_CONFLICT = _Kind("reviews", "score", "conflicting_answer", "error")
_OVERLAP = _Kind("reviews", "review_id", "overlapping_questionnaire", "warning")
_MEETING_COPY = _Kind("meetings", "date", "duplicate_meeting", "warning")


@dataclass(frozen=True)
class Found:
    """What §1.6 found in clean tables: per table (`reviews`, `meetings`), a boolean mask over the rows of
    the tables checked of the copies to leave out and of the conflicting answers to reject, and the
    problems as report rows (file, table, row, column, value, code, params, severity)."""

    copies: dict[str, np.ndarray]
    conflicts: dict[str, np.ndarray]
    issues: pd.DataFrame

    def __bool__(self) -> bool:
        return bool(len(self.issues))


def find(reviews: pd.DataFrame | None, meetings: pd.DataFrame | None,
         published_reviews: pd.DataFrame | None = None, published_meetings: pd.DataFrame | None = None) -> Found:
    """Copies and conflicts among the clean `reviews` and `meetings` (their sources in order of first
    appearance), and between them and the published tables when given (which come first and win:
    nothing is marked in them)."""
    copies, conflicts, issues = {}, {}, []
    copies["reviews"], conflicts["reviews"], found = _reviews(reviews, published_reviews)
    issues += found
    copies["meetings"], found = _meetings(meetings, published_meetings)
    conflicts["meetings"] = np.zeros(len(copies["meetings"]), dtype=bool)
    issues += found
    issues = [f for f in issues if len(f)]
    frame = (pd.concat(issues, ignore_index=True) if issues
             else pd.DataFrame({c: pd.Series(dtype="object") for c in _ISSUE_COLUMNS}))
    return Found(copies, conflicts, frame)


def within(data: Dataset) -> Dataset:
    """`data` with the copies among its own sources left out and their conflicting answers rejected."""
    return _applied(data, find(data.reviews, data.meetings))


def against_published(data: Dataset, reviews: pd.DataFrame | None, meetings: pd.DataFrame | None) -> Dataset:
    """`data` (an upload, already checked `within` itself by `load`) checked against the published clean
    tables `reviews` and `meetings` (None: none published): its copies of published rows left out
    (warnings), its answers contradicting a published one rejected (errors; the published answer stays:
    replace its source to correct it). Pass the published rows that will stay, less those of the
    sources the upload replaces or removes."""
    return _applied(data, find(data.reviews, data.meetings, reviews, meetings))


# ---------------------------------------------------------------- applying to a Dataset


def _applied(data: Dataset, found: Found) -> Dataset:
    """The Dataset with `found` applied: rows left out of the clean tables, counted per file as dropped by
    the rule `duplicate` (copies) or rejected (conflicts), problems added to the report in order."""
    if not found:
        return data
    tables = {"reviews": data.reviews, "meetings": data.meetings}
    loads = list(data.loads)
    for table, frame in tables.items():
        marked = found.copies[table] | found.conflicts[table]
        if frame is None or not marked.any():
            continue
        files = frame["source_file"][marked].to_numpy()
        lines = frame["source_row"].to_numpy()[marked]
        is_copy = found.copies[table][marked]
        for i, load in enumerate(loads):
            mine = (files == load.file) if load.table == table else None
            if mine is None or not mine.any():
                continue
            at = _positions(load.raw.rows.to_numpy(), lines[mine])
            n = len(load.raw.frame)
            rejected, dropped = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
            rejected[load.rejected] = True
            rejected[at[(at >= 0) & ~is_copy[mine]]] = True
            dropped[load.dropped.get(DROP_REASON, [])] = True
            dropped[at[(at >= 0) & is_copy[mine]]] = True
            dropped &= ~rejected  # a wide row holding a conflicting answer is rejected, whatever else it holds
            reasons = {**load.dropped, DROP_REASON: np.flatnonzero(dropped)} if dropped.any() else load.dropped
            loads[i] = dataclasses.replace(load, rejected=np.flatnonzero(rejected), dropped=reasons)
        tables[table] = frame[~marked].reset_index(drop=True)
    return dataclasses.replace(data, reviews=tables["reviews"], meetings=tables["meetings"], loads=loads,
                               issues=_merged(data.issues, found.issues, [load.file for load in loads]))


def _positions(rows: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """The position in a raw table of each row number in `lines` (-1 when none): the first row of that number."""
    index = pd.Index(rows)
    if index.is_unique:
        return index.get_indexer(lines)
    first = ~index.duplicated()
    at = index[first].get_indexer(lines)
    return np.where(at >= 0, np.flatnonzero(first)[at], -1)


def _merged(issues: pd.DataFrame, new: pd.DataFrame, files: list[str]) -> pd.DataFrame:
    """The report with `new` problems, still ordered by file (as first met, else in the order `files` were
    read) and row."""
    out = pd.concat([issues, new.assign(_pos=-1)], ignore_index=True)
    order = out["file"].map({f: i for i, f in enumerate(dict.fromkeys([*issues["file"], *files, *new["file"]]))})
    return out.assign(_order=order).sort_values(["_order", "row"], kind="stable").drop(
        columns="_order").reset_index(drop=True)


# ---------------------------------------------------------------- questionnaires


def _reviews(new: pd.DataFrame | None, old: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray, list]:
    none = np.zeros(0 if new is None else len(new), dtype=bool)
    if new is None or not len(new):
        return none, none, []
    old = _published_reviews(old, new)
    source, n_old = _sources(old, new)
    if source.max(initial=0) < 1:  # one source: nothing to compare across
        return none, none, []
    both = _stacked(old, new, ["review_id", "review_key", "partner", *ANSWER_COLUMNS, "source_file", "source_row"])
    q = _codes(old, new, "review_key")  # the questionnaire of each row, published ones first
    q_old = int(q[:n_old].max(initial=-1)) + 1
    order = np.argsort(q, kind="stable")
    starts = np.flatnonzero(np.r_[True, q[order][1:] != q[order][:-1]])
    first = order[starts]  # each questionnaire's first row (its rows keep their order)
    hashes = pd.util.hash_pandas_object(both[list(ANSWER_COLUMNS)], index=False).to_numpy()
    quest = pd.DataFrame({"sum": np.add.reduceat(hashes[order], starts), "n": np.diff(np.r_[starts, len(q)]),
                          "source": source[first], "first": first})
    # A questionnaire is a copy when an equal one is in an earlier source; the first of that source is the original.
    same = quest.groupby(["sum", "n"], sort=False)
    earliest = same["source"].transform("min").to_numpy()
    original = quest["first"].where(quest["source"].to_numpy() == earliest).groupby(
        [quest["sum"], quest["n"]], sort=False).transform("min").to_numpy(dtype="int64")
    copy_q = quest["source"].to_numpy() != earliest
    copy_q[:q_old] = False  # published rows are never left out
    stack = _Stack(both, n_old)
    issues = [_copy_issues(stack, first[copy_q], original[copy_q], quest["n"].to_numpy()[copy_q])]
    conflict_rows, found = _conflicts(stack, q, first, ~(quest["source"].to_numpy() != earliest), q_old)
    copy_rows = copy_q[q]
    return copy_rows[n_old:], conflict_rows[n_old:], issues + found


def _published_reviews(old: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame | None:
    """The published questionnaires that may equal or contradict one of `new`: same partner, and the same
    date or review_id (the whole questionnaire, so that it hashes whole)."""
    if old is None or not len(old):
        return None
    near = old["partner_key"].isin(new["partner_key"].unique()) & (
        old["review_date"].isin(new["review_date"].unique()) | old["review_id"].isin(new["review_id"].unique()))
    return old[old["review_key"].isin(old.loc[near, "review_key"].unique())]


def _conflicts(stack: _Stack, q: np.ndarray, first: np.ndarray, kept_q: np.ndarray, q_old: int
               ) -> tuple[np.ndarray, list]:
    """Answers whose review_id, partner and question meet in two sources with different scores (rejected),
    and the questionnaires meeting so without a conflict, counted twice (warned). `q`: each row's questionnaire
    (the first `q_old` published), `first`: each questionnaire's first row, `kept_q`: those not left out as copies."""
    both, n_old = stack.both, stack.n_old
    none = np.zeros(len(both), dtype=bool)
    ids = both["review_id"].iloc[first].to_numpy()
    partners = both["partner_key"].iloc[first].to_numpy()
    heads = pd.DataFrame({"id": ids, "partner": partners})
    meet = _sharing_id(heads, kept_q)
    if not meet.any():
        return none, []
    rows = both["source_row"].to_numpy()[first[meet]].astype("str")
    made = (ids[meet] == rows) | (ids[meet] == np.char.add("row ", rows).astype(object))
    given = meet.copy()
    given[np.flatnonzero(meet)[made]] = False
    meet = _sharing_id(heads, given)
    if not meet.any():
        return none, []
    at = np.flatnonzero(meet[q])  # the rows of those questionnaires, in order
    part = both.iloc[at]
    key = pd.DataFrame({"id": part["review_id"].to_numpy(), "partner": part["partner_key"].to_numpy(),
                        "question": part["question_id"].to_numpy()})
    group = key.groupby(list(key.columns), sort=False, dropna=False).ngroup().to_numpy()
    score = part["score"].to_numpy(dtype="float64")
    same_score = pd.Series(np.where(np.isnan(score), -np.inf, score))  # not applicable is a value too
    clash = same_score.groupby(group).transform("nunique").to_numpy() > 1
    conflict = none.copy()
    conflict[at[clash]] = True
    conflict[:n_old] = False
    issues = [_conflict_issues(stack, at, group, same_score.to_numpy(), clash)]
    # Meeting questionnaires without any conflicting answer: each counted, which the user should know.
    in_conflict = np.zeros(len(meet), dtype=bool)
    in_conflict[q[at[clash]]] = True
    quiet = meet & ~in_conflict
    quiet[:q_old] = False
    if quiet.any():
        head_group = heads.groupby(["id", "partner"], sort=False, dropna=False).ngroup().to_numpy()
        firsts = pd.Series(np.where(meet, first, np.iinfo("int64").max)).groupby(head_group).transform("min")
        n = np.bincount(q, minlength=len(meet))
        other = firsts.to_numpy()
        quiet &= other != first
        issues.append(_overlap_issues(stack, first[quiet], other[quiet], n[quiet], n[q[other[quiet]]]))
    return conflict, issues


def _sharing_id(heads: pd.DataFrame, among: np.ndarray) -> np.ndarray:
    """Which of the questionnaires `among` share their review_id and partner with another of them."""
    out = np.zeros(len(heads), dtype=bool)
    out[np.flatnonzero(among)] = heads[among].duplicated(keep=False).to_numpy()
    return out


# ---------------------------------------------------------------- meetings


def _meetings(new: pd.DataFrame | None, old: pd.DataFrame | None) -> tuple[np.ndarray, list]:
    none = np.zeros(0 if new is None else len(new), dtype=bool)
    if new is None or not len(new):
        return none, []
    if old is not None and len(old):
        old = old[old["date"].dt.floor("min").isin(new["date"].dt.floor("min").unique())]
    source, n_old = _sources(old, new)
    if source.max(initial=0) < 1:
        return none, []
    both = _stacked(old, new, ["date", "partner", "meeting_type", "source_file", "source_row"])
    lists, names = pd.factorize(both["partner"])
    listed = split_partners(pd.Series(names, dtype="str"))
    one_list = listed.groupby(level=0)["partner_key"].agg(lambda keys: ";".join(sorted(set(keys))))
    same = pd.DataFrame({"minute": both["date"].dt.floor("min").to_numpy(),
                         "partners": one_list.reindex(range(len(names))).to_numpy()[lists],
                         "type": both["meeting_type"].to_numpy()})
    meeting = pd.util.hash_pandas_object(same, index=False).to_numpy()
    frame = pd.DataFrame({"meeting": meeting, "source": source, "row": np.arange(len(both))})
    earliest = frame.groupby("meeting", sort=False)["source"].transform("min").to_numpy()
    original = frame["row"].where(frame["source"].to_numpy() == earliest).groupby(
        frame["meeting"], sort=False).transform("min").to_numpy(dtype="int64")
    copy = source != earliest
    copy[:n_old] = False
    at = np.flatnonzero(copy)
    return copy[n_old:], [_meeting_issues(_Stack(both, n_old), at, original[at])]


# ---------------------------------------------------------------- shared


def _sources(old: pd.DataFrame | None, new: pd.DataFrame) -> tuple[np.ndarray, int]:
    """Each row's source as a number in the order sources are met (published ones first: a published
    source and a new file of the same name are two sources), and the number of published rows."""
    return _codes(old, new, "source_file"), 0 if old is None else len(old)


def _codes(old: pd.DataFrame | None, new: pd.DataFrame, column: str) -> np.ndarray:
    codes, _ = pd.factorize(new[column])
    if old is None or not len(old):
        return codes.astype("int64")
    before, _ = pd.factorize(old[column])
    return np.r_[before, codes + before.max(initial=-1) + 1].astype("int64")


def _stacked(old: pd.DataFrame | None, new: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    if old is None or not len(old):
        return new[columns].reset_index(drop=True)
    return pd.concat([old[columns], new[columns]], ignore_index=True)


def _copy_issues(stack: _Stack, copies: np.ndarray, originals: np.ndarray, n: np.ndarray) -> pd.DataFrame:
    both = stack.both
    return _issues(stack, copies, originals, _COPY, {
        "review": _at(both, "review_id", copies), "partner": _at(both, "partner", copies),
        "date": _stamps(both["review_date"], copies), "n": n.tolist(), "other_review": _at(both, "review_id", originals),
    })


def _conflict_issues(stack: _Stack, at: np.ndarray, group: np.ndarray, scores: np.ndarray, clash: np.ndarray
                     ) -> pd.DataFrame:
    """One error per conflicting answer, naming the first answer of another source that says otherwise."""
    both = stack.both
    position = pd.Series(np.arange(len(at)))
    first = position.groupby(group).transform("min").to_numpy()
    differs = scores != scores[first]
    first_other = position.where(differs).groupby(group).transform("min").fillna(0).to_numpy(dtype="int64")
    other = np.where(differs, first, first_other)
    mine = clash & (at >= stack.n_old)
    rows, others = at[mine], at[other[mine]]
    return _issues(stack, rows, others, _CONFLICT, {
        "value": _scores(both, rows), "review": _at(both, "review_id", rows), "partner": _at(both, "partner", rows),
        "question": _at(both, "question_id", rows), "other": _scores(both, others),
    })


def _overlap_issues(stack: _Stack, rows: np.ndarray, others: np.ndarray, n: np.ndarray, other_n: np.ndarray
                    ) -> pd.DataFrame:
    both = stack.both
    return _issues(stack, rows, others, _OVERLAP, {
        "review": _at(both, "review_id", rows), "partner": _at(both, "partner", rows), "n": n.tolist(),
        "other_n": other_n.tolist(),
    })


def _meeting_issues(stack: _Stack, rows: np.ndarray, others: np.ndarray) -> pd.DataFrame:
    both = stack.both
    return _issues(stack, rows, others, _MEETING_COPY, {
        "value": _stamps(both["date"], rows, minutes=True), "date": _stamps(both["date"], rows, minutes=True),
        "partner": _at(both, "partner", rows), "meeting_type": _at(both, "meeting_type", rows),
    })


def _issues(stack: _Stack, rows: np.ndarray, others: np.ndarray, kind: _Kind, params: dict[str, list]
            ) -> pd.DataFrame:
    """Report rows of `kind` at `rows` of the stack (positions past its published rows), each naming the place
    `others` holds (`<code>_published` when that place is published); `params`: message parameter → one
    value per row (`value`, the cell reported, defaults to the `kind.column` cell)."""
    both, table, column, code = stack.both, kind.table, kind.column, kind.code
    rows, others = np.asarray(rows, dtype="int64"), np.asarray(others, dtype="int64")
    lines = both["source_row"].to_numpy()
    params = {"value": _at(both, column, rows), **params, "other_file": _at(both, "source_file", others),
              "other_row": lines[others].astype("int64").tolist()}
    names = list(params)
    return pd.DataFrame({
        "file": _at(both, "source_file", rows), "table": table, "row": lines[rows].astype("int64"), "column": column,
        "value": params["value"], "code": np.where(others < stack.n_old, code + "_published", code),
        "params": [{"column": column, **dict(zip(names, values))} for values in zip(*params.values())],
        "severity": kind.severity,
    }, columns=_ISSUE_COLUMNS)


def _at(both: pd.DataFrame, column: str, rows: np.ndarray) -> list[str]:
    return [str(v) for v in both[column].iloc[rows].tolist()]


def _scores(both: pd.DataFrame, rows: np.ndarray) -> list[str]:
    return [_score(v) for v in both["score"].to_numpy()[rows]]


def _score(value) -> str:
    if pd.isna(value):
        return "n/a"
    v = float(value)
    return str(int(v)) if v.is_integer() else f"{v:g}"


def _stamps(dates: pd.Series, rows: np.ndarray, minutes: bool = False) -> list[str]:
    return dates.iloc[rows].dt.strftime("%Y-%m-%d %H:%M" if minutes else "%Y-%m-%d").tolist()
