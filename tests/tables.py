"""Tiny clean tables for tests: rows as tuples or dicts, every other column filled with a default."""

from __future__ import annotations

import pandas as pd

from kpi.partners import partner_key
from kpi.contracts.schema import CLEAN_COLUMNS

NAN = float("nan")


def clean_reviews(records) -> pd.DataFrame:
    """Clean reviews from dicts naming at least review_id, review_date, partner, respondent_side, question_id."""
    rows = []
    for number, record in enumerate(records):
        source = record.get("source_file", "reviews.csv")
        rows.append({
            "respondent": "", "score": NAN, "importance": NAN, "comment": "", "source_file": source,
            "source_row": number + 2, **record,
            "review_key": f"{source}#{record['review_id']}", "review_date": pd.Timestamp(record["review_date"]),
            "partner_key": partner_key(pd.Series([record["partner"]])).iloc[0],
        })
    frame = pd.DataFrame(rows, columns=list(CLEAN_COLUMNS["reviews"]))
    return frame.fillna({"score": NAN, "importance": NAN}).astype(CLEAN_COLUMNS["reviews"])


def clean_meetings(records) -> pd.DataFrame:
    """Clean meetings from dicts naming at least date, partner and meeting_type."""
    rows = [{
        "meeting_id": f"M{number}", "duration_min": 60.0, "agenda_shared": None, "actions_opened": NAN,
        "actions_closed": NAN, "notes": "", "source_file": "meetings.csv", "source_row": number + 2, **record,
        "date": pd.Timestamp(record["date"]),
    } for number, record in enumerate(records)]
    frame = pd.DataFrame(rows, columns=list(CLEAN_COLUMNS["meetings"]))
    return frame.fillna({"actions_opened": NAN, "actions_closed": NAN}).astype(CLEAN_COLUMNS["meetings"])


def reviews(*rows) -> pd.DataFrame:
    """Clean reviews from (review_id, date, partner, side, question_id, score[, importance[, source_file]])."""
    records = []
    for review_id, date, partner, side, question_id, score, *rest in rows:
        record = {"review_id": review_id, "review_date": date, "partner": partner, "respondent_side": side,
                  "question_id": question_id, "score": score}
        if rest and rest[0] is not None:
            record["importance"] = rest[0]
        if len(rest) > 1:
            record["source_file"] = rest[1]
        records.append(record)
    return clean_reviews(records)


def meetings(*rows) -> pd.DataFrame:
    """Clean meetings from (date, partner, meeting_type[, agenda_shared[, actions_opened[, actions_closed]]])."""
    records = []
    for date, partner, kind, *rest in rows:
        agenda, opened, closed = [*rest, None, None, None][:3]
        records.append({"date": date, "partner": partner, "meeting_type": kind, "agenda_shared": agenda,
                        "actions_opened": opened, "actions_closed": closed})
    return clean_meetings(records)
