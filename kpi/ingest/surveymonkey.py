"""SurveyMonkey CSV/.xlsx exports (METHODOLOGY §8).

Two header rows: `Respondent ID, Collector ID, Start Date, End Date, IP Address, Email Address,
First Name, Last Name, Custom Data 1, <questions…>`, then the sub-labels (`Response`,
`Open-Ended Response`, a matrix row, `Other (please specify)`). A blank cell in the first row
continues the question to its left (one column per matrix row or choice). The "Other (please
specify)" text of a closed question is bookkeeping, never a question.
"""

from __future__ import annotations

from kpi.ingest.base import Layout, find, metadata_of, roles_from
from kpi.contracts.schema import fold

FORMAT = "surveymonkey"

_ROLES = {
    "response_id": ("Respondent ID",),
    "date": ("End Date",),
    "email": ("Email Address",),
    "name": ("Last Name", "First Name"),
}
_METADATA = ("Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
             "First Name", "Last Name", "Custom Data 1", "Custom Data", "Custom Data 2")
_OTHER = ("Other (please specify)", "Autre (veuillez préciser)", "Autre (veuillez spécifier)", "Sonstiges (bitte angeben)")
_WHOLE_ANSWER = {fold(s) for s in ("Response", "Open-Ended Response", "Réponse", "Réponse ouverte", "")}


def sniff(head: list[list[str]], sheet: str | None = None) -> float:
    """SurveyMonkey when the first row starts `Respondent ID, Collector ID`."""
    if not head:
        return 0.0
    first = head[0]
    if find(first, "Respondent ID") is not None and find(first, "Collector ID") is not None:
        return 1.0
    return 0.0


def layout(head: list[list[str]]) -> Layout:
    """Question texts carried over blank cells, joined with their sub-label: `Stem - Row`."""
    first = head[0]
    second = head[1] if len(head) > 1 else [""] * len(first)
    headers, stem = [], ""
    for i, cell in enumerate(first):
        stem = cell or stem
        sub = second[i] if i < len(second) else ""
        headers.append(stem if fold(sub) in _WHOLE_ANSWER else f"{stem} - {sub}")
    meta = metadata_of(first, _METADATA) | metadata_of(second, _OTHER)
    return Layout(FORMAT, 2, headers, codes=list(first), roles=roles_from(first, _ROLES), metadata=meta)
