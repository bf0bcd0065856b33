"""Typeform response downloads (METHODOLOGY §8).

One header row: `#` (or `Response ID`, `Token`), the questions, then `Response Type`,
`Start Date (UTC)`, `Stage Date (UTC)`, `Submit Date (UTC)`, `Network ID`, `Tags`. A partial
response (`Response Type` partial) has a blank submit date: it is unfinished.
"""

from __future__ import annotations

from kpi.ingest.base import Layout, find, metadata_of, roles_from

FORMAT = "typeform"

_ROLES = {
    "response_id": ("#", "Response ID", "Response Id", "Token"),
    "date": ("Submit Date (UTC)", "Submitted At", "Submit Date"),
    "submitted": ("Submit Date (UTC)", "Submitted At", "Submit Date"),
}
_METADATA = ("#", "Response ID", "Response Id", "Token", "Response Type", "Start Date (UTC)", "Submit Date (UTC)",
             "Stage Date (UTC)", "Network ID", "Tags", "Submitted At", "Start Date", "Submit Date", "Landed At", "ending")


def sniff(head: list[list[str]], sheet: str | None = None) -> float:
    """Typeform when the row has its `Submit Date (UTC)` and its `#`, `Response ID` or `Token`."""
    if not head:
        return 0.0
    first = head[0]
    if find(first, "Submit Date (UTC)", "Start Date (UTC)") is not None and find(first, *_ROLES["response_id"]) is not None:
        return 0.85
    return 0.0


def layout(head: list[list[str]]) -> Layout:
    """One header row; `#` or `Token` is the response id."""
    first = head[0]
    return Layout(FORMAT, 1, list(first), roles=roles_from(first, _ROLES), metadata=metadata_of(first, _METADATA))
