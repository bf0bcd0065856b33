"""Qualtrics CSV/.xlsx exports (METHODOLOGY §8).

Modern layout, three header rows: the codes (`StartDate, EndDate, Status, …, ResponseId, …, Q1,
Q2_1`), the question texts (`Start Date`, `Response ID`, `How … - Row`), and `{"ImportId": …}`.
Some exports (the "Insights"/Data & Analysis download, or with the third row turned off) keep
only the first two. Legacy layout, two header rows: `V1, V2, …` codes then `ResponseID,
ResponseSet, Name, ExternalDataReference, EmailAddress, IPAddress, Status, StartDate, EndDate,
Finished`, then the question codes and texts.
"""

from __future__ import annotations

from kpi.ingest.base import Layout, find, metadata_like, metadata_of, roles_from
from kpi.contracts.schema import fold

FORMAT = "qualtrics"

_MODERN_ROLES = {
    "response_id": ("ResponseId", "ResponseID", "_recordId"),
    "date": ("RecordedDate", "EndDate"),
    "email": ("RecipientEmail",),
    "name": ("RecipientLastName",),
    "status": ("Status",),
    "channel": ("DistributionChannel",),
    "finished": ("Finished",),
}
_LEGACY_ROLES = {
    "response_id": ("ResponseID",),
    "date": ("EndDate",),
    "email": ("EmailAddress",),
    "name": ("Name",),
    "status": ("Status",),
    "finished": ("Finished",),
}
_METADATA = (
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
    "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
    "ExternalReference", "ExternalDataReference", "LocationLatitude", "LocationLongitude",
    "DistributionChannel", "UserLanguage", "Q_RecaptchaScore", "Q_RelevantIDDuplicate",
    "Q_RelevantIDDuplicateScore", "Q_RelevantIDFraudScore", "Q_RelevantIDLastStartDate", "Q_TotalDuration",
    "ResponseID", "ResponseSet", "Name", "EmailAddress", "LocationAccuracy", "Q_BallotBoxStuffing",
    "Q_DataPolicyViolations", "_recordId", "startDate", "endDate", "recordedDate", "ipAddress",
    "duration", "progress", "finished", "status", "locationLatitude", "locationLongitude",
    "distributionChannel", "userLanguage",
)

_COMPUTED = (r"_NPS_GROUP$|_DO(?:_\d+)?$|_(?:First Click|Last Click|Page Submit|Click Count)$|^SC\d+$"
             r"| - (?:Parent Topics|Topics|Sentiment.*|Topic Sentiment.*|Actionability|Emotion.*|Effort.*)$")
"""Codes of columns Qualtrics computes beside the answers: NPS groups, display orders, timers, scores, Text iQ."""


def _is_import_row(row: list[str]) -> bool:
    filled = [c for c in row if c]
    return bool(filled) and sum(c.startswith("{") and "importid" in fold(c) for c in filled) >= len(filled) / 2


def _is_legacy(head: list[list[str]]) -> bool:
    first = [fold(c) for c in head[0][:3]] if head else []
    return first[:2] == ["v1", "v2"] and len(head) > 1 and find(head[1], "ResponseID") is not None


def sniff(head: list[list[str]], sheet: str | None = None) -> float:
    """Qualtrics when the first row has its codes (ResponseId with StartDate/Finished) or the legacy V1, V2…"""
    if not head:
        return 0.0
    if _is_legacy(head):
        return 0.95
    first = head[0]
    codes = sum(find(first, name) is not None for name in ("StartDate", "EndDate", "Finished", "RecordedDate",
                                                            "Status", "Progress"))
    has_id = find(first, "ResponseId", "_recordId") is not None
    if has_id and codes >= 2:
        return 1.0 if len(head) > 2 and _is_import_row(head[2]) else 0.9
    return 0.0


def layout(head: list[list[str]]) -> Layout:
    """Header rows, the question texts as headers, the codes, and the metadata columns."""
    if _is_legacy(head):
        texts, codes = head[1], head[0]
        roles = roles_from(texts, _LEGACY_ROLES)
        meta = (metadata_of(texts, _METADATA) | metadata_like(codes, _COMPUTED)
                | {i for i, c in enumerate(texts) if not c and not codes[i]})
        return Layout("qualtrics_legacy", 2, _headers(texts, texts), codes=list(codes), roles=roles, metadata=meta)
    codes = head[0]
    two_rows = len(head) > 1 and not _looks_like_data(head[1], codes)
    n = 3 if len(head) > 2 and _is_import_row(head[2]) else (2 if two_rows else 1)
    texts = head[1] if n >= 2 else codes
    roles = roles_from(codes, _MODERN_ROLES)
    meta = metadata_of(codes, _METADATA) | metadata_like(codes, _COMPUTED)
    return Layout("qualtrics", n, _headers(texts, codes), codes=list(codes), roles=roles, metadata=meta)


def _looks_like_data(row: list[str], codes: list[str]) -> bool:
    """The second row is a response, not the question texts (an export with the text rows turned off)."""
    pos = find(codes, "ResponseId")
    return pos is not None and pos < len(row) and row[pos].startswith("R_")


def _headers(texts: list[str], codes: list[str]) -> list[str]:
    return [t or c for t, c in zip(texts, codes)]
