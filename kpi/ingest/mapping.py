"""What a user settles once for a file's shape (METHODOLOGY §8): a mapping, saved as a profile.

A `Mapping` says what the automatic rules could not: which column names the partner or
the side (or a constant for files that hold one partner or one side), which bank
question an unmatched column is (or that it is ignored), and what an unknown label
means. A `Profile` is a named mapping with the header signature of the files it fits;
profiles are stored with the published data and travel as small TOML files.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kpi.errors import ConfigError

IGNORE = ""
"""A question mapping to this means: not a question, ignore the column (a calendar role: not read)."""

CALENDAR_ROLES = ("subject", "start_date", "start_time", "end_date", "end_time", "all_day", "organizer", "required",
                  "optional", "categories", "description")
"""The columns of a calendar table the rules of METHODOLOGY §9 read (kpi.ingest.outlook_csv)."""


def meeting_types() -> tuple[str, ...]:
    """The meeting types a calendar category may stand for: the keyword rules' types, then `other`."""
    from kpi.settings import MEETING_KEYWORDS

    return (*MEETING_KEYWORDS, "other")


@dataclass
class Mapping:
    """Answers to what the importer could not guess. Empty fields mean: keep the automatic guess."""

    partner_column: str | None = None  # header of the column naming the partner rated
    partner: str | None = None  # or one partner for the whole file
    side_column: str | None = None  # header of the column saying who answered
    side: str | None = None  # or one side for the whole file: client or agency
    questions: dict[str, str] = field(default_factory=dict)  # header → question id, or IGNORE
    labels: dict[str, float] = field(default_factory=dict)  # answer text → score it stands for
    partner_values: dict[str, str] = field(default_factory=dict)  # code in the partner column → partner name
    side_values: dict[str, str] = field(default_factory=dict)  # answer in the side column → client or agency
    columns: dict[str, str] = field(default_factory=dict)  # calendar role (CALENDAR_ROLES) → header, or IGNORE
    categories: dict[str, str] = field(default_factory=dict)  # calendar category → meeting type

    def merged(self, other: "Mapping | None") -> "Mapping":
        """This mapping with `other`'s settled fields on top (a CLI flag over a saved profile)."""
        if other is None:
            return self
        return Mapping(
            partner_column=other.partner_column or (None if other.partner else self.partner_column),
            partner=other.partner or (None if other.partner_column else self.partner),
            side_column=other.side_column or (None if other.side else self.side_column),
            side=other.side or (None if other.side_column else self.side),
            questions={**self.questions, **other.questions},
            labels={**self.labels, **other.labels},
            partner_values={**self.partner_values, **other.partner_values},
            side_values={**self.side_values, **other.side_values},
            columns={**self.columns, **other.columns},
            categories={**self.categories, **other.categories},
        )

    def is_empty(self) -> bool:
        """True when it settles nothing."""
        return self == Mapping()


@dataclass
class Profile:
    """A named mapping and the header signature of the files it applies to."""

    name: str
    signature: str
    mapping: Mapping
    format: str = ""

    def to_toml(self) -> str:
        """The profile as a small TOML file."""
        lines = [f"name = {_q(self.name)}", f"format = {_q(self.format)}", f"signature = {_q(self.signature)}", ""]
        m = self.mapping
        lines.append("[mapping]")
        for key in ("partner_column", "partner", "side_column", "side"):
            value = getattr(m, key)
            if value:
                lines.append(f"{key} = {_q(value)}")
        lines += ["", "[mapping.questions]"] + [f"{_q(h)} = {_q(q)}" for h, q in m.questions.items()]
        lines += ["", "[mapping.labels]"] + [f"{_q(label)} = {float(v)!r}" for label, v in m.labels.items()]
        lines += ["", "[mapping.partner_values]"] + [f"{_q(k)} = {_q(v)}" for k, v in m.partner_values.items()]
        lines += ["", "[mapping.side_values]"] + [f"{_q(k)} = {_q(v)}" for k, v in m.side_values.items()]
        if m.columns or m.categories:  # a calendar's columns and categories (METHODOLOGY §9)
            lines += ["", "[mapping.columns]"] + [f"{_q(k)} = {_q(v)}" for k, v in m.columns.items()]
            lines += ["", "[mapping.categories]"] + [f"{_q(k)} = {_q(v)}" for k, v in m.categories.items()]
        return "\n".join(lines) + "\n"

    @classmethod
    def from_toml(cls, text: str, where: str = "profile") -> "Profile":
        """Read a profile written by `to_toml`; a wrong file raises ConfigError naming what is wrong."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{where}: not a valid TOML profile ({exc})") from None
        raw = data.get("mapping", {})
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: [mapping] must be a table")
        known = {"partner_column", "partner", "side_column", "side", "questions", "labels", "partner_values",
                 "side_values", "columns", "categories"}
        unknown = set(raw) - known
        if unknown:
            raise ConfigError(f"{where}: unknown mapping keys {sorted(unknown)} (use {sorted(known)})")
        side = raw.get("side")
        if side not in (None, "client", "agency"):
            raise ConfigError(f"{where}: side must be client or agency, not {side!r}")
        try:
            labels = {str(k): float(v) for k, v in raw.get("labels", {}).items()}
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: every label must map to a number") from None
        side_values = {str(k): str(v) for k, v in raw.get("side_values", {}).items()}
        wrong = sorted(v for v in side_values.values() if v not in ("client", "agency"))
        if wrong:
            raise ConfigError(f"{where}: side_values must map to client or agency, not {wrong[0]!r}")
        columns = {str(k): str(v) for k, v in raw.get("columns", {}).items()}
        wrong = sorted(set(columns) - set(CALENDAR_ROLES))
        if wrong:
            raise ConfigError(f"{where}: unknown calendar column role {wrong[0]!r} (use {list(CALENDAR_ROLES)})")
        categories = {str(k): str(v) for k, v in raw.get("categories", {}).items()}
        wrong = sorted(v for v in categories.values() if v not in meeting_types())
        if wrong:
            raise ConfigError(f"{where}: categories must map to a meeting type ({', '.join(meeting_types())}), "
                              f"not {wrong[0]!r}")
        mapping = Mapping(
            partner_column=raw.get("partner_column"), partner=raw.get("partner"),
            side_column=raw.get("side_column"), side=side,
            questions={str(k): str(v) for k, v in raw.get("questions", {}).items()}, labels=labels,
            partner_values={str(k): str(v) for k, v in raw.get("partner_values", {}).items()},
            side_values=side_values, columns=columns, categories=categories,
        )
        return cls(str(data.get("name", Path(where).stem)), str(data.get("signature", "")), mapping,
                   str(data.get("format", "")))

    def as_dict(self) -> dict:
        """Plain data, for storing."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Profile":
        """The profile stored by `as_dict`."""
        return cls(data["name"], data["signature"], Mapping(**data["mapping"]), data.get("format", ""))


def _q(text: str) -> str:
    """A TOML basic string."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    escaped = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in escaped)
    return f'"{escaped}"'


@dataclass
class MappingStep:
    """What the mapping step asks about one survey export, each answer filled in with the current guess."""

    format: str
    columns: list[str]  # headers the partner or the side may be read from (not the tool's bookkeeping)
    ask_partner: bool  # the rules found no partner column, or a mapping settled it
    partner_column: str | None  # the partner column now used
    partner: str | None  # or the one partner of the whole file
    ask_side: bool
    side_column: str | None
    side: str | None  # client or agency for the whole file
    questions: dict[str, str]  # header → question id or IGNORE: columns no bank text matched, and those settled
    labels: dict[str, float | None]  # answer text → its score (settled, or guessed from a close label), or None
    partner_values: dict[str, str | None]  # code in the partner column → partner name (numeric exports)
    side_values: dict[str, str | None]  # answer in the side column → client or agency, where the rules cannot tell
    bank: dict[str, str]  # question id → "ID — text" in the language asked
    guessed: dict[str, str]  # canonical column or question id → source header (or "= constant")
    needs: list[str]  # what is still open


def mapping_step(raw, bank, lang: str = "en") -> MappingStep:
    """The mapping step of a survey export read by `kpi.validate.dataset.load` (a RawTable whose `survey` is set).

    Only what the rules of METHODOLOGY §8 could not settle is asked, plus what a mapping
    already settled (so it can be changed back). `bank` is the question bank in force.
    """
    canon, layout = raw.survey, raw.layout
    settled = raw.mapping or Mapping()
    bookkeeping = set(layout.roles.values()) | layout.metadata
    columns = list(dict.fromkeys(h for i, h in enumerate(raw.headers)
                                 if i not in bookkeeping and not h.startswith("column_")))
    text_col = "text_fr" if lang == "fr" and "text_fr" in bank else "text"
    texts = {q: (t if isinstance(t, str) and t else e) for q, t, e in
             zip(bank["question_id"], bank[text_col], bank["text"])}
    asked_questions = set(canon.unmatched) | set(settled.questions)
    questions = {h: settled.questions.get(h, IGNORE) for h in raw.headers if h in asked_questions}
    labels: dict[str, float | None] = dict(settled.labels)
    for text in canon.labels_unknown:
        labels.setdefault(text, _label_guess(text, _scale_of(text, canon.answers, bank)))
    partner_values: dict[str, str | None] = {c: None for c in canon.partner_codes}
    partner_values.update(settled.partner_values)
    side_values: dict[str, str | None] = {v: None for v in canon.sides_unknown}
    side_values.update(settled.side_values)
    guessed = canon.mapping
    return MappingStep(
        format=layout.format, columns=columns,
        ask_partner="partner" in canon.needs or bool(settled.partner or settled.partner_column),
        partner_column=settled.partner_column, partner=settled.partner,
        ask_side="respondent_side" in canon.needs or bool(settled.side or settled.side_column),
        side_column=settled.side_column, side=settled.side,
        questions=questions, labels=labels, partner_values=partner_values, side_values=side_values,
        bank={q: f"{q} — {texts[q]}" for q in bank["question_id"]},
        guessed=dict(guessed), needs=list(canon.needs),
    )


def _scale_of(text: str, answers, bank) -> tuple[float, float]:
    """The scale of the first question answered with `text`."""
    where = answers.loc[answers["score"].map(lambda v: v == text), "question_id"]
    scales = bank.set_index("question_id")[["scale_min", "scale_max"]]
    if len(where) and where.iloc[0] in scales.index:
        lo, hi = scales.loc[where.iloc[0]].tolist()
        return float(lo), float(hi)
    return 1.0, 5.0


def _label_guess(text: str, scale: tuple[float, float]) -> float | None:
    """The score of the known label `text` is a likely typo of ('Aagree' → agree); None when unsure."""
    from difflib import SequenceMatcher

    from kpi.ingest.surveys import LABELS
    from kpi.contracts.schema import fold

    key = fold(text)
    ratios = {name: SequenceMatcher(None, key, name).ratio() for name in LABELS}
    best = max(ratios.values(), default=0.0)
    meanings = {LABELS[name][1:] for name, r in ratios.items() if r == best}
    if best < 0.8 or len(meanings) > 1:
        return None
    k, n = meanings.pop()
    lo, hi = scale
    return lo + (k - 1) * (hi - lo) / (n - 1)
