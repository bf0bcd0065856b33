"""The partner directory (METHODOLOGY §1.8): who a partner is, whatever it is called or wherever it writes from.

A directory row names a partner as it should be shown, the e-mail domains its people write from
and the other names it goes by. `clashes` gives validation what a directory must not hold (a
partner listed twice, a malformed domain, a domain or a name claimed by two partners). A
`Directory` built from the clean table then answers the two questions the rest of kpi asks:
which partner a name means (`unify`, for the partner columns of reviews and meetings), and
which partners a calendar event involves (`by_addresses`, `by_phrases`, METHODOLOGY §9).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from kpi.contracts.schema import fold
from kpi.partners import display_names, partner_key

_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$")
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@((?:[\w-]+\.)+[\w-]+)", re.UNICODE)


def split_list(cell: object) -> list[str]:
    """The items of a `;`-separated cell (`kestrel-pr.com; kestrel.fr`), trimmed, blanks left out."""
    if cell is None or (isinstance(cell, float) and np.isnan(cell)) or cell is pd.NA:
        return []
    return [part.strip() for part in re.split(r"[;\n]", str(cell)) if part.strip()]


def domain_of(text: str) -> str:
    """A directory domain as written (`@Kestrel-PR.com`, `kestrel.fr.`) in the form e-mail addresses are compared in."""
    return text.strip().lower().lstrip("@").rstrip(".")


@lru_cache(maxsize=65_536)
def phrase(text: object) -> str:
    """Text folded word by word, words kept apart by single spaces and the whole padded by spaces:
    'Kestrel-PR, Paris' → ' kestrel pr paris '. A name appears as a whole phrase in a text when
    its phrase is a substring of the text's. (Calendars repeat their subjects and attendees: cached.)"""
    text = str(text)
    if not text.isascii():  # accents folded as `fold` does: é → e
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    words = _NON_WORD.split(text.casefold())
    return " " + " ".join(w for w in words if w) + " "


_NON_WORD = re.compile(r"[\W_]+")


def clashes(typed: pd.DataFrame, rows: np.ndarray) -> dict[str, pd.Series]:
    """The directory's helper columns for validation (kpi.contracts.models.Partners), one per rule:
    `partner_key`, and per row None when the row keeps the rule, else what the message quotes:
    `_duplicate_partner` (the row naming the partner first), `_bad_domain` (the malformed domain),
    `_domain_taken` and `_alias_taken` (the domain or name, and the partner that holds it first)."""
    names = typed["partner"]
    shown = display_names(names).where(names.notna())
    keys = partner_key(shown.fillna("")).where(names.notna())
    n = len(typed)
    duplicate, bad, domain_taken, alias_taken = ([None] * n for _ in range(4))
    first_row: dict[str, int] = {}
    domain_owner: dict[str, tuple[str, str]] = {}  # domain → (partner key, partner shown)
    name_owner: dict[str, tuple[str, str]] = {}  # folded name → (partner key, partner shown)
    for key, name in zip(keys, shown):  # every partner's own name first: an alias may not be another's name
        if isinstance(key, str) and key and fold(name) not in name_owner:
            name_owner[fold(name)] = (key, name)
    for i, (key, name, domains, aliases) in enumerate(zip(keys, shown, typed["email_domains"], typed["aliases"])):
        if not isinstance(key, str) or not key:
            continue
        if key in first_row:
            duplicate[i] = {"first": first_row[key]}
            continue
        first_row[key] = int(rows[i])
        for written in split_list(domains):
            domain = domain_of(written)
            if not _DOMAIN.match(domain):
                bad[i] = bad[i] or {"domain": written}
                continue
            owner = domain_owner.setdefault(domain, (key, name))
            if owner[0] != key:
                domain_taken[i] = domain_taken[i] or {"domain": domain, "other": owner[1]}
        for alias in split_list(aliases):
            folded = fold(alias)
            if not folded:
                continue
            owner = name_owner.setdefault(folded, (key, name))
            if owner[0] != key:
                alias_taken[i] = alias_taken[i] or {"alias": alias, "other": owner[1]}
    index = typed.index
    return {"partner_key": keys.astype("str"),
            **{name: pd.Series(values, index=index, dtype=object) for name, values in (
                ("_duplicate_partner", duplicate), ("_bad_domain", bad), ("_domain_taken", domain_taken),
                ("_alias_taken", alias_taken))}}


@dataclass
class Directory:
    """The clean partner directory, ready to match names, e-mail addresses and texts to partners."""

    partners: list[str] = field(default_factory=list)  # names as shown, in directory order
    domains: dict[str, str] = field(default_factory=dict)  # domain → partner
    names: dict[str, str] = field(default_factory=dict)  # folded name or alias → partner
    phrases: dict[str, str] = field(default_factory=dict)  # phrase of a name or alias → partner
    _pattern: re.Pattern | None = None

    @classmethod
    def from_table(cls, table: pd.DataFrame | None) -> "Directory":
        """The directory of a clean `partners` table (None or empty: a directory that knows nobody)."""
        out = cls()
        if table is None:
            return out
        for name, domains, aliases in zip(table["partner"], table["email_domains"], table["aliases"]):
            if not isinstance(name, str) or fold(name) in out.names:
                continue
            out.partners.append(name)
            for alias in [name, *split_list(aliases)]:
                out.names.setdefault(fold(alias), name)
                if phrase(alias).strip():
                    out.phrases.setdefault(phrase(alias), name)
            for domain in split_list(domains):
                out.domains.setdefault(domain_of(domain), name)
        if out.phrases:
            # Longest first, so that 'Kestrel PR' is found before 'Kestrel'; a lookahead finds phrases that share words.
            ordered = sorted(out.phrases, key=len, reverse=True)
            out._pattern = re.compile("(?=(" + "|".join(re.escape(p[:-1]) for p in ordered) + ") )")
        return out

    def __bool__(self) -> bool:
        return bool(self.partners)

    def partner_of_domain(self, domain: str) -> str | None:
        """The partner an e-mail domain belongs to (the domain itself or a subdomain of a directory domain)."""
        domain = domain.lower().rstrip(".")
        while domain:
            if domain in self.domains:
                return self.domains[domain]
            _, _, domain = domain.partition(".")
        return None

    def by_addresses(self, text: str) -> list[str]:
        """Partners whose domains the e-mail addresses in `text` are from, in the order they appear."""
        found = (self.partner_of_domain(m.group(1)) for m in _EMAIL.finditer(text or ""))
        return list(dict.fromkeys(p for p in found if p))

    def by_phrases(self, text: str) -> list[str]:
        """Partners whose name or an alias appears in `text` as a whole phrase (folded), in the order they appear."""
        if self._pattern is None or not text:
            return []
        padded = phrase(text)
        hits = sorted((m.start(), m.group(1) + " ") for m in self._pattern.finditer(padded))
        return list(dict.fromkeys(self.phrases[p] for _, p in hits if p in self.phrases))

    def unify(self, names: pd.Series) -> pd.Series:
        """Each partner name (or `;`-separated list of names) with every name that is a directory partner's name or
        alias (folded) written as that partner; other names as they were (METHODOLOGY §1.8)."""
        if not self.names:
            return names

        def one(cell):
            if not isinstance(cell, str):
                return cell
            parts = [p.strip() for p in cell.split(";")]
            named = [self.names.get(fold(p), p) if p else p for p in parts]
            return "; ".join(dict.fromkeys(n for n in named if n)) if len(parts) > 1 else named[0]

        uniques = pd.unique(names.dropna())
        mapping = {u: one(u) for u in uniques}
        return names.map(mapping).where(names.notna(), names).astype(names.dtype)


def unify_tables(tables: dict[str, pd.DataFrame | None], directory: Directory) -> dict[str, pd.DataFrame | None]:
    """The clean reviews and meetings with every partner name that is a directory alias written as its partner
    (METHODOLOGY §1.8); the tables themselves when the directory knows nobody."""
    out = dict(tables)
    if not directory:
        return out
    reviews = out.get("reviews")
    if reviews is not None and len(reviews):
        shown = directory.unify(reviews["partner"])
        out["reviews"] = reviews.assign(partner=shown, partner_key=partner_key(shown.fillna("")).where(
            shown.notna()).astype("str"))
    meetings = out.get("meetings")
    if meetings is not None and len(meetings):
        out["meetings"] = meetings.assign(partner=directory.unify(meetings["partner"]))
    return out


def domains_in(text: str) -> list[str]:
    """The e-mail domains of the addresses in `text`, lower case, in the order they appear, each once."""
    return list(dict.fromkeys(m.group(1).lower() for m in _EMAIL.finditer(text or "")))


DIRECTORY_COLUMNS = ["partner", "email_domains", "aliases"]
"""The columns an analyst reads, edits and downloads (METHODOLOGY §1.8)."""


def with_entry(table: pd.DataFrame | None, partner: str, domain: str = "", alias: str = "") -> pd.DataFrame:
    """The directory (`DIRECTORY_COLUMNS`, as text) with one addition: `domain` and `alias` appended to the
    cells of the partner named `partner` (folded), or a new row for a partner it does not list yet. A domain
    or alias the partner already has is not repeated; nothing is checked here (see `checked`)."""
    rows = pd.DataFrame(columns=DIRECTORY_COLUMNS, dtype="str") if table is None else table[DIRECTORY_COLUMNS]
    rows = rows.astype("str").fillna("")
    partner = partner.strip()
    known = [i for i, name in enumerate(rows["partner"]) if fold(name) == fold(partner)]
    if not known:
        return pd.concat([rows, pd.DataFrame([[partner, domain.strip(), alias.strip()]], columns=DIRECTORY_COLUMNS)],
                         ignore_index=True)
    i = known[0]

    def appended(cell: str, item: str, same) -> str:
        items = split_list(cell)
        if item.strip() and all(same(x) != same(item) for x in items):
            items.append(item.strip())
        return "; ".join(items)

    return rows.assign(
        email_domains=[appended(c, domain, domain_of) if j == i else c for j, c in enumerate(rows["email_domains"])],
        aliases=[appended(c, alias, fold) if j == i else c for j, c in enumerate(rows["aliases"])])


def checked(table: pd.DataFrame, name: str = "partner_directory.csv", lang: str = "en"
            ) -> tuple[pd.DataFrame | None, list[str]]:
    """A directory an analyst edited, checked by the rules an uploaded one is (kpi.contracts.models.Partners,
    `clashes`), as if it were the file `name`: the clean `partners` table and no problem, or None and each
    problem that rejects a row, in `lang`."""
    from kpi.ingest.files import Source
    from kpi.reports.csv import to_csv_bytes
    from kpi.validate.dataset import load

    data = load([Source(name, to_csv_bytes(table[DIRECTORY_COLUMNS]), table="partners")])
    problems = data.report(lang)
    problems = problems.loc[problems["severity"] == "error", "problem"].tolist()
    if problems or data.partners is None or data.n_rejected:
        return None, problems or [f"{name}: not a partner directory"]
    return data.partners, []
