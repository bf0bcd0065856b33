"""One registry for every tunable number: weights, targets, thresholds.

Each setting has a dotted name, a default and a one-line reason. A TOML file
overrides any of them with the same dotted path, for example::

    period = "quarter"

    [weights.informed]
    survey_informed = 0.8
    agenda_rate = 0.2

    [targets]
    qbrs_per_quarter = 1
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from kpi.errors import ConfigError

SCORES = ("informed", "involved", "inspired", "interconnected", "improving")
"""The five habits, in the order they are shown."""

KPIS = SCORES + ("delivery",)
"""Values a question's `kpi` may take."""

MEETING_COMPONENTS = ("agenda_rate", "cadence", "workshops", "joint", "follow_through")
REVIEW_COMPONENTS = ("feedback",)

SCORE_COMPONENTS: dict[str, tuple[str, ...]] = {
    "informed": ("survey_informed", "agenda_rate"),
    "involved": ("survey_involved", "cadence"),
    "inspired": ("survey_inspired", "workshops"),
    "interconnected": ("survey_interconnected", "joint"),
    "improving": ("survey_improving", "feedback", "follow_through"),
}
"""Which components make each score, in the order of the scores table."""

COMPONENTS: tuple[str, ...] = tuple(c for comps in SCORE_COMPONENTS.values() for c in comps)


@dataclass(frozen=True)
class Setting:
    """A named default with the reason it exists."""

    name: str
    default: Any
    help: str


_DEFAULT_WEIGHTS = {
    "informed": {"survey_informed": 0.7, "agenda_rate": 0.3},
    "involved": {"survey_involved": 0.5, "cadence": 0.5},
    "inspired": {"survey_inspired": 0.7, "workshops": 0.3},
    "interconnected": {"survey_interconnected": 0.6, "joint": 0.4},
    "improving": {"survey_improving": 0.4, "feedback": 0.3, "follow_through": 0.3},
}

MEETING_KEYWORDS = {
    "qbr": ("qbr", "quarterly business review", "business review", "quarterly review", "revue trimestrielle",
            "bilan trimestriel"),
    "workshop": ("workshop", "brainstorm", "brainstorming", "ideation", "innovation", "atelier", "hackathon"),
    "briefing": ("brief", "briefing", "kick off", "kickoff", "lancement"),
    "problem_solving": ("problem solving", "troubleshooting", "escalation", "incident", "resolution de probleme"),
    "feedback": ("feedback", "retrospective", "retro", "bilan", "retour", "evaluation"),
    "status": ("status", "weekly", "check in", "sync", "catch up", "point", "point hebdo", "suivi", "standup"),
}
"""METHODOLOGY §9's keyword rules for calendar events, in the order they are tried (anything else is 'other')."""

SETTINGS: tuple[Setting, ...] = (
    Setting("period", "half", "Reporting period: 'half' (2026-H1) or 'quarter' (2026-Q3)."),
    *(
        Setting(f"weights.{score}.{comp}", w, f"Weight of {comp} in the {score} score.")
        for score, comps in _DEFAULT_WEIGHTS.items()
        for comp, w in comps.items()
    ),
    Setting("targets.meetings_per_month", 1.0, "Meetings a month that earn full cadence credit."),
    Setting("targets.qbrs_per_quarter", 1.0, "QBRs a quarter that earn full cadence credit."),
    Setting("targets.workshops_per_quarter", 1.0, "Workshops a quarter that earn full workshops credit."),
    Setting("targets.joint_per_quarter", 1.0, "Joint meetings a quarter that earn full joint credit."),
    Setting("feedback.both_sides", 100.0, "Feedback credit when both sides reviewed the partner."),
    Setting("feedback.one_side", 50.0, "Feedback credit when only one side reviewed the partner."),
    Setting("thresholds.low_confidence_reviews", 3, "Below this many questionnaires a row is low confidence."),
    Setting("thresholds.delivery_gap_flag", 10.0, "Gap in points from which over/under-delivery is flagged."),
    Setting("thresholds.habit_gap_flag", 10.0, "Gap in points between the client's view of its own habit and the "
            "partner's view of it from which a blind spot (or a hidden strength) is flagged (METHODOLOGY §5.1)."),
    Setting("thresholds.change_flag", 10.0, "Move of a partner's overall score, in points from one period to the "
            "next, that the Overview's \"what changed\" lists."),
    Setting("limits.upload_mb", 200, "Largest input file, in megabytes: uploads to the web app and files given to "
            "the command line (where --max-mb overrides it)."),
    Setting("limits.xlsx_uncompressed_mb", 500, "Largest total uncompressed size of an .xlsx archive."),
    Setting("limits.xlsx_cells", 20_000_000, "Largest rows × columns span of one sheet (read densely, so bounded)."),
    Setting("limits.xlsx_ratio", 200, "Largest compression ratio of an .xlsx archive (zip bomb guard)."),
    Setting("limits.calendar_mb", 50, "Largest calendar export (.ics), in megabytes: a year of a busy calendar is a "
            "few MB."),
    Setting("limits.calendar_occurrences", 500_000, "Most meetings one calendar file may expand into (recurring "
            "series included): a rule repeating every minute must not fill the memory."),
    *(
        Setting(f"calendar.keywords.{kind}", words, f"Words or phrases in an event's categories, then its subject, "
                f"that make it a '{kind}' meeting (METHODOLOGY §9; the first type in this order that matches wins).")
        for kind, words in MEETING_KEYWORDS.items()
    ),
    Setting("calendar.agenda_min_chars", 40, "Characters of text a calendar event's description must keep, once its "
            "online-meeting block is removed, for the meeting to count as having an agenda (METHODOLOGY §9)."),
    Setting("store.keep_versions", 50, "Published versions kept (the newest; the current one always): older ones "
            "are deleted at the next publish, with the files no kept version lists."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


class Settings(Mapping[str, Any]):
    """Settings in force: the defaults with any overrides applied."""

    def __init__(self, overrides: Mapping[str, Any] | None = None):
        values = {s.name: s.default for s in SETTINGS}
        for name, value in (overrides or {}).items():
            values[name] = _checked(name, value)
        self._values = values
        for score in SCORES:
            if sum(self.weights(score).values()) <= 0:
                raise ConfigError(f"the weights of '{score}' add up to 0: give at least one a positive weight")

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Settings({self.overrides()!r})"

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values.items())))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and self._values == other._values

    def weights(self, score: str) -> dict[str, float]:
        """The component weights of one score, as {component: weight}."""
        return {c: float(self._values[f"weights.{score}.{c}"]) for c in SCORE_COMPONENTS[score]}

    def overrides(self) -> dict[str, Any]:
        """Only the values that differ from the defaults."""
        return {k: v for k, v in self._values.items() if v != _BY_NAME[k].default}

    def replace(self, **changes: Any) -> "Settings":
        """A copy with some values changed (dotted names given with `__` for dots)."""
        merged = {**self.overrides(), **{k.replace("__", "."): v for k, v in changes.items()}}
        return Settings(merged)

    def with_values(self, values: Mapping[str, Any]) -> "Settings":
        """A copy with the given dotted names set."""
        return Settings({**self.overrides(), **values})

    def to_toml(self) -> str:
        """The overrides as a TOML document that `load_settings` reads back."""
        lines = []
        for name, value in sorted(self.overrides().items()):
            lines.append(f"{_toml_key(name)} = {_toml_value(value)}")
        return "\n".join(lines) + ("\n" if lines else "")


def _toml_key(name: str) -> str:
    return ".".join(f'"{part}"' if not part.replace("_", "").isalnum() else part for part in name.split("."))


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


def _checked(name: str, value: Any) -> Any:
    if name not in _BY_NAME:
        known = ", ".join(sorted(_BY_NAME))
        raise ConfigError(f"unknown setting '{name}'; known settings: {known}")
    default = _BY_NAME[name].default
    if isinstance(default, tuple):  # a list of words (TOML gives a list): kept as a tuple, so Settings stay hashable
        if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"setting '{name}' must be a list of words or phrases, not {value!r}")
        return tuple(v.strip() for v in value if v.strip())
    if name == "period":
        if value not in ("half", "quarter"):
            raise ConfigError(f"setting 'period' must be 'half' or 'quarter', not {value!r}")
        return value
    if isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"setting '{name}' must be a number, not {value!r}")
        if not math.isfinite(value):
            raise ConfigError(f"setting '{name}' must be a finite number, not {value!r}")
        if value < 0:
            raise ConfigError(f"setting '{name}' must not be negative (got {value})")
        if name.startswith("targets.") and value == 0:
            raise ConfigError(f"setting '{name}' must be above 0 (got {value})")
        if name == "store.keep_versions" and (value < 1 or value != int(value)):
            raise ConfigError(f"setting '{name}' must be a whole number of versions, at least 1 (got {value})")
        return type(default)(value) if isinstance(default, float) else value
    return value


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _flatten(value, name + ".")
        else:
            yield name, value


def parse_settings(text: str, source: str = "settings") -> Settings:
    """Settings from a TOML document; unknown names and bad values raise ConfigError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    try:
        return Settings(dict(_flatten(data)))
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None


def load_settings(path: str | Path | None = None) -> Settings:
    """The defaults, overridden by the TOML file at `path` when given."""
    if path is None:
        return Settings()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the settings file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the settings file is not UTF-8 text; save it as UTF-8") from None
    return parse_settings(text, str(path))
