"""Time the scoring engine on synthetic clean tables (budget: 1,000,000 answers + 20,000 meetings in 2 s).

    python scripts/bench_score.py [--answers N] [--meetings M] [--partners P] [--seed S]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kpi.partners import partner_key  # noqa: E402
from kpi.questions import default_questions  # noqa: E402
from kpi.contracts.schema import CLEAN_COLUMNS, MEETING_TYPES, SIDES  # noqa: E402
from kpi.scoring import importance_performance, score_table  # noqa: E402
from kpi.settings import Settings  # noqa: E402

BUDGET_S = 2.0
START = np.datetime64("2024-07-01")
DAYS = 730


def _text(values: np.ndarray, index: np.ndarray) -> pd.Series:
    # Build the few distinct strings once, then gather: what a clean table holds, without a Python loop.
    return pd.Series(pd.array(values, dtype="str")).take(index).reset_index(drop=True)


def _partner_names(partners: int) -> np.ndarray:
    return np.array([f"Agence {i:02d}" for i in range(partners)], dtype=object)


def make_reviews(answers: int, partners: int, questions: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Clean reviews: questionnaires of one answer per bank question, 5 % not applicable."""
    per_questionnaire = len(questions)
    n_q = -(-answers // per_questionnaire)
    q_of_answer = np.repeat(np.arange(n_q), per_questionnaire)[:answers]
    question = np.tile(np.arange(per_questionnaire), n_q)[:answers]
    q_partner = rng.integers(0, partners, n_q)
    q_side = rng.integers(0, 2, n_q)
    q_date = START + rng.integers(0, DAYS, n_q).astype("timedelta64[D]")

    low = questions["scale_min"].to_numpy()[question]
    high = questions["scale_max"].to_numpy()[question]
    score = np.floor(low + rng.random(answers) * (high - low + 1))
    score[rng.random(answers) < 0.05] = np.nan
    importance = np.floor(low + rng.random(answers) * (high - low + 1))
    importance[(q_side[q_of_answer] != 0) | (rng.random(answers) < 0.5)] = np.nan

    names = _partner_names(partners)
    keys = partner_key(pd.Series(names)).to_numpy()
    review_ids = np.char.add("R", np.arange(n_q).astype(str)).astype(object)
    table = pd.DataFrame({
        "review_id": _text(review_ids, q_of_answer),
        "review_key": _text(np.char.add("bench.csv#", review_ids.astype(str)).astype(object), q_of_answer),
        "review_date": pd.Series(q_date[q_of_answer]).astype("datetime64[ns]"),
        "partner": _text(names, q_partner[q_of_answer]),
        "partner_key": _text(keys, q_partner[q_of_answer]),
        "respondent_side": _text(np.array(SIDES, dtype=object), q_side[q_of_answer]),
        "respondent": _text(np.array(["", "a@x.com", "b@y.fr"], dtype=object), q_of_answer % 3),
        "question_id": _text(questions["question_id"].to_numpy(dtype=object), question),
        "score": score,
        "importance": importance,
        "comment": _text(np.array([""], dtype=object), np.zeros(answers, dtype=np.int64)),
        "source_file": _text(np.array(["bench.csv"], dtype=object), np.zeros(answers, dtype=np.int64)),
        "source_row": np.arange(2, answers + 2, dtype=np.int64),
    })
    return table.astype(CLEAN_COLUMNS["reviews"])


def make_meetings(meetings: int, partners: int, rng: np.random.Generator) -> pd.DataFrame:
    """Clean meetings: 10 % joint (two partners), agenda unknown for 20 %, actions blank for 30 %."""
    names = _partner_names(partners)
    first = rng.integers(0, partners, meetings)
    second = (first + rng.integers(1, partners, meetings)) % partners
    joint = rng.random(meetings) < 0.10
    listed = np.where(joint, names[first] + "; " + names[second], names[first])
    agenda = pd.array(rng.random(meetings) < 0.7, dtype="boolean")
    agenda[rng.random(meetings) < 0.2] = pd.NA
    opened = rng.integers(0, 6, meetings).astype(float)
    closed = np.minimum(opened, rng.integers(0, 6, meetings)).astype(float)
    blank = rng.random(meetings) < 0.3
    opened[blank] = np.nan
    closed[blank] = np.nan
    table = pd.DataFrame({
        "meeting_id": np.char.add("M", np.arange(meetings).astype(str)),
        "date": pd.Series(START + rng.integers(0, DAYS, meetings).astype("timedelta64[D]")),
        "partner": listed.astype(str),
        "meeting_type": np.array(MEETING_TYPES)[rng.integers(0, len(MEETING_TYPES), meetings)],
        "duration_min": rng.integers(15, 120, meetings).astype(float),
        "agenda_shared": agenda,
        "actions_opened": opened,
        "actions_closed": closed,
        "notes": "",
        "source_file": "meetings.csv",
        "source_row": np.arange(2, meetings + 2, dtype=np.int64),
    })
    return table.astype(CLEAN_COLUMNS["meetings"])


def best_of(runs: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--partners", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    rng = np.random.default_rng(args.seed)
    questions = default_questions()
    start = time.perf_counter()
    reviews = make_reviews(args.answers, args.partners, questions, rng)
    meetings = make_meetings(args.meetings, args.partners, rng)
    print(f"built {len(reviews):,} answers, {len(meetings):,} meetings, {args.partners} partners "
          f"in {time.perf_counter() - start:.2f} s")

    for period in ("half", "quarter"):
        settings = Settings({"period": period})
        seconds, table = best_of(args.runs, lambda: score_table(reviews, meetings, questions, settings))
        rate = (len(reviews) + len(meetings)) / seconds
        print(f"score_table ({period:>7}): {seconds:6.3f} s best of {args.runs}, {len(table):,} rows out, "
              f"{rate:,.0f} input rows/s, {seconds / BUDGET_S:.0%} of the {BUDGET_S:.0f} s budget")

    seconds, points = best_of(args.runs, lambda: importance_performance(reviews, questions))
    print(f"importance_performance: {seconds:6.3f} s best of {args.runs}, {len(points)} questions, "
          f"{len(reviews) / seconds:,.0f} answers/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
