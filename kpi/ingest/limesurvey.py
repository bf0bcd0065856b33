"""LimeSurvey response exports, in its three heading styles (METHODOLOGY §8).

Question codes (`id, submitdate, lastpage, startlanguage, seed, …, G01Q01, G01Q02[SQ001]`), full
question texts (`Response ID, Date submitted, Last page, …`), or code and text
(`id. Response ID, submitdate. Date submitted, …, G01Q01. Which agency…`). A blank submit date
is an unfinished response.

Besides the answers, an export may hold what the survey computed: timings (`Total time`,
`Group time: …`, `Question time: …`; coded `interviewtime`, `groupTime<gid>`, `<code>Time`),
file-upload counts (`filecount - …`, `<code>[filecount]`) and equations, whose heading is their
expression (`{if(age.NAOK > 65, 1, 0)}`). None of them is a question.
"""

from __future__ import annotations

import re

from kpi.ingest.base import Layout, find, metadata_of, roles_from

FORMAT = "limesurvey"

_ROLES = {
    "response_id": ("id", "Response ID", "ID de la réponse", "ID réponse"),
    "submitted": ("submitdate", "Date submitted", "Date de soumission", "Date d'envoi"),
    "email": ("email", "Email address", "Adresse courriel", "Adresse e-mail"),
    "name": ("lastname", "Last name", "Nom"),
}
_METADATA = ("id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr",
             "refurl", "token", "firstname", "lastname", "email", "interviewtime", "Response ID",
             "Date submitted", "Last page", "Start language", "Seed", "Date started", "Date last action",
             "IP address", "Referrer URL", "Token", "First name", "Last name", "Email address",
             "Total time", "ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ",
             "Date de début", "Date de lancement", "Date de la dernière action", "Tête de série", "Adresse IP",
             "URL de provenance", "Graine", "Temps total")
_COMPUTED_TEXT = re.compile(r"^(?:(?:group|question) time\s*:|filecount\s*-)|^\{.*\}$", re.I | re.S)
_COMPUTED_CODE = re.compile(r"^groupTime\d+$|^[A-Za-z][A-Za-z0-9]*(?:\[filecount\]|_filecount)$")
_TIMING_CODE = re.compile(r"^(?P<code>[A-Za-z][A-Za-z0-9]*)Time$")
_CODE_STEM = re.compile(r"^[A-Za-z][A-Za-z0-9]*")
_CODE_TEXT = re.compile(r"^(?P<code>[A-Za-z_][\w\[\]#]*)\.\s+(?P<text>.+)$", re.S)


def _split(first: list[str]) -> tuple[list[str], list[str]] | None:
    """`code. text` headings → (codes, texts), when the first heading is written that way."""
    if not first or not _CODE_TEXT.match(first[0]):
        return None
    codes, texts = [], []
    for cell in first:
        m = _CODE_TEXT.match(cell)
        codes.append(m["code"] if m else cell)
        texts.append(m["text"] if m else cell)
    return codes, texts


def sniff(head: list[list[str]], sheet: str | None = None) -> float:
    """LimeSurvey when the first row starts with its response id and submit date, in any heading style."""
    if not head or len(head[0]) < 2:
        return 0.0
    split = _split(head[0])
    first = split[1] if split else head[0]
    if find(first[:1], *_ROLES["response_id"]) is not None and find(first[:3], *_ROLES["submitted"]) is not None:
        return 0.9
    return 0.0


def layout(head: list[list[str]]) -> Layout:
    """One header row; codes kept when written, so `INF1`-coded questions match the bank by id."""
    split = _split(head[0])
    codes, texts = split if split else (list(head[0]), list(head[0]))
    roles = roles_from(texts, _ROLES) or {}
    roles.update({k: v for k, v in roles_from(codes, _ROLES).items() if k not in roles})
    roles["date"] = roles.get("submitted")
    if roles["date"] is None:
        roles.pop("date")
    meta = metadata_of(texts, _METADATA) | metadata_of(codes, _METADATA) | _computed(codes, texts)
    return Layout(FORMAT, 1, texts, codes=codes if split or codes != texts else [], roles=roles, metadata=meta)


def _computed(codes: list[str], texts: list[str]) -> set[int]:
    """Timings, file-upload counts and equations. `<code>Time` is a timing only beside a column of that
    code (or its subquestions, `<code>[SQ001]`): a question may be coded `visitTime`."""
    out = {i for i, t in enumerate(texts) if _COMPUTED_TEXT.search(str(t).strip())}
    out |= {i for i, c in enumerate(codes) if _COMPUTED_CODE.match(str(c).strip())}
    stems = {}
    for i, c in enumerate(codes):
        m = _CODE_STEM.match(str(c).strip())
        if m:
            stems.setdefault(m.group(0), set()).add(i)
    for i, c in enumerate(codes):
        m = _TIMING_CODE.match(str(c).strip())
        if m and stems.get(m["code"], set()) - {i}:
            out.add(i)
    return out
