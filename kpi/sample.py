"""Sample data: a made-up partnership, written the way people type it.

`make_sample` returns the *file form* of the reviews and meetings tables: canonical column
names (METHODOLOGY §1), values as a person would enter them (dates, "yes"/"no", partner names,
joint meetings as "A; B", blank or "N/A" scores). `write_sample` writes them as one workbook and
two CSV files; `write_french_sample` writes the same partnership as a French export (Windows-1252,
`;`, decimal comma, day-first dates, French headers and values, partner names typed unevenly).

Every partner has a personality so the dashboard has something to show: a strong one, one that
overpromises (the agency rates its own delivery far above the client's view), one declining, one
improving, one poorly briefed that underpromises, and one onboarded later that works alone.
Generation is vectorised (numpy), deterministic for a seed, and scales to millions of answers.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from kpi.errors import ConfigError, KpiError
from kpi.questions import default_questions
from kpi.contracts.schema import CLEAN_COLUMNS, COLUMNS, MEETING_TYPES

DEFAULT_START = "2024-07-01"
DEFAULT_MONTHS = 28
"""The default sample runs 28 months, so from 2024-07-01 it ends on 2026-10-31: the last half-year is partial."""

ANSWERS_PER_PARTNER = 6_000
"""With `answers`, one partner per this many answers: keeps meetings near 2% of answers at natural cadences."""

EXCEL_MAX_ROWS = 1_048_575
"""Data rows an Excel sheet can hold under its header row."""


def _file_columns(table: str) -> tuple[str, ...]:
    """The input columns of a table, in the clean table's order: the columns of a sample file."""
    inputs = {c.name for c in COLUMNS[table]}
    return tuple(name for name in CLEAN_COLUMNS[table] if name in inputs)


REVIEW_COLUMNS = _file_columns("reviews")
MEETING_COLUMNS = _file_columns("meetings")
QUESTION_COLUMNS = _file_columns("questions")

SAMPLE_WORKBOOK = "partnership_sample.xlsx"
_WORKBOOK_CREATED = dt.datetime(2026, 1, 1)

# How the sample's values are typed in a French export (each folds to a schema alias).
FRENCH_SIDES = {"client": "Annonceur", "agency": "Agence"}
FRENCH_MEETING_TYPES = {
    "briefing": "Brief créatif", "status": "Point hebdo", "qbr": "Revue trimestrielle", "workshop": "Atelier",
    "problem_solving": "Résolution de problèmes", "feedback": "Bilan", "other": "Autre",
}
FRENCH_YESNO = {"yes": "oui", "no": "non"}
FRENCH_NOT_APPLICABLE = "Sans objet"
FRENCH_REVIEW_HEADERS = {
    "review_id": "Identifiant revue", "review_date": "Date de la revue", "partner": "Agence",
    "respondent_side": "Côté", "respondent": "Répondant", "question_id": "Code question", "score": "Note",
    "importance": "Importance de l'item", "comment": "Commentaire",
}
FRENCH_MEETING_HEADERS = {
    "date": "Date de la réunion", "partner": "Partenaires", "meeting_type": "Type de réunion",
    "duration_min": "Durée (min)", "agenda_shared": "Ordre du jour partagé", "actions_opened": "Actions décidées",
    "actions_closed": "Actions clôturées", "notes": "Compte rendu",
}
FRENCH_WIDE_HEADERS = {
    "review_id": "Identifiant revue", "review_date": "Date", "partner": "Agence", "respondent_side": "Côté",
    "respondent": "Répondant",
}

_KPIS = ("informed", "involved", "inspired", "interconnected", "improving", "delivery")


@dataclass(frozen=True)
class Personality:
    """How one partner behaves in the sample. Levels are on the normalised 0–1 answer scale."""

    base: float  # level of every answer; 0.5 is the middle of the scale
    trend: float = 0.0  # change of that level per year
    kpi: dict[str, float] = field(default_factory=dict)  # offsets per habit or delivery
    self_bias: float = 0.05  # the agency's own delivery answers above the client's view
    status: float = 2.0  # single-partner meetings per month, by type
    briefing: float = 0.8
    workshop: float = 0.25
    problem_solving: float = 0.2
    other: float = 0.2
    qbr: float = 0.8  # chance of a QBR each quarter
    feedback: float = 0.9  # chance of a feedback meeting after each review round
    meeting_trend: float = 0.0  # log change of meeting rates per year
    agenda: float = 0.7  # chance an agenda is shared
    agenda_trend: float = 0.0
    follow: float = 0.8  # share of opened actions that get closed
    follow_trend: float = 0.0
    joint: float = 0.5  # weight when the client picks partners for a joint meeting
    onboard: int = 0  # months after the start before the partner works with the client
    clients: float = 3.0  # client respondents per review round (mean)
    agencies: float = 1.5  # agency respondents per review round (mean)
    review_month: int = 3  # month of the half-year the review round opens (0 = January/July)
    french: bool = False  # meeting notes mostly in French


PERSONALITIES: dict[str, Personality] = {
    # strong all round, many meetings, the hub of joint work
    "Agence Lumière": Personality(
        base=0.76, trend=0.02, kpi={"inspired": 0.05}, self_bias=0.0, status=4.0, briefing=1.0, workshop=0.5,
        problem_solving=0.1, qbr=0.95, feedback=1.0, agenda=0.9, follow=0.9, joint=1.0, clients=3.5,
        agencies=2.0, review_month=2, french=True),
    # overpromises: rates its own delivery far above what the client sees; firefighting
    "Northwind Media": Personality(
        base=0.60, kpi={"delivery": -0.14, "informed": 0.04}, self_bias=0.30, status=2.5, briefing=1.4,
        workshop=0.1, problem_solving=0.6, qbr=0.55, feedback=0.8, agenda=0.6, follow=0.55, joint=0.7,
        clients=4.0, agencies=1.5, review_month=3),
    # was excellent, sliding: fewer meetings, fewer agendas, actions left open
    "Blue Fjord Digital": Personality(
        base=0.76, trend=-0.15, kpi={"improving": -0.03}, self_bias=0.0, status=3.0, briefing=0.9,
        workshop=0.35, problem_solving=0.15, qbr=0.95, feedback=0.9, meeting_trend=-0.35, agenda=0.88,
        agenda_trend=-0.15, follow=0.9, follow_trend=-0.17, joint=0.6, clients=3.0, agencies=1.5,
        review_month=2),
    # weak start, getting better every half-year
    "Studio Quartz": Personality(
        base=0.44, trend=0.13, kpi={"interconnected": 0.03}, self_bias=0.02, status=1.5, briefing=0.8,
        workshop=0.2, problem_solving=0.3, qbr=0.5, feedback=0.8, meeting_trend=0.3, agenda=0.5,
        agenda_trend=0.15, follow=0.55, follow_trend=0.13, joint=0.5, clients=2.5, agencies=1.2,
        review_month=4),
    # poorly briefed (lots of rework), modest about its own delivery: underpromises
    "Kestrel PR": Personality(
        base=0.62, kpi={"informed": -0.2, "delivery": 0.08}, self_bias=-0.18, status=1.0, briefing=0.5,
        workshop=0.15, problem_solving=0.35, other=0.3, qbr=0.6, feedback=0.8, agenda=0.3, follow=0.7,
        joint=0.4, clients=2.2, agencies=1.0, review_month=3),
    # joined six months in; creative, but works alone
    "Atelier Nova": Personality(
        base=0.66, kpi={"interconnected": -0.2, "inspired": 0.1}, self_bias=0.0, status=2.0, briefing=0.7,
        workshop=0.7, problem_solving=0.1, qbr=0.75, agenda=0.75, follow=0.8, joint=0.05, onboard=6,
        clients=2.4, agencies=1.6, review_month=3, french=True),
}

_SINGLE_TYPES = ("status", "briefing", "workshop", "problem_solving", "other")
_JOINT_TYPES = {"workshop": 0.35, "briefing": 0.25, "status": 0.15, "other": 0.1, "qbr": 0.05,
                "problem_solving": 0.05, "feedback": 0.05}
_JOINT_PER_PARTNER_MONTH = 0.15
_DURATIONS = {
    "briefing": (45, 60, 60, 90), "status": (15, 30, 30, 30, 45), "qbr": (90, 120, 120, 180),
    "workshop": (120, 180, 180, 240), "problem_solving": (30, 45, 60, 60, 90), "feedback": (45, 60, 60, 90),
    "other": (30, 45, 60, 90),
}
_ACTIONS = {"briefing": 2.5, "status": 1.5, "qbr": 5.0, "workshop": 4.0, "problem_solving": 3.5,
            "feedback": 4.0, "other": 0.8}
_AGENDA_BY_TYPE = {"briefing": 0.1, "status": -0.1, "qbr": 0.12, "workshop": 0.05, "problem_solving": -0.3,
                   "feedback": 0.05, "other": -0.15}

# Per question: easier or harder to score well on; share of N/A answers; importance to the client.
_QUESTION_OFFSET = {"INF3": -0.05, "INS3": -0.08, "INT1": 0.04, "INT3": -0.06, "IMP1": 0.03, "DEL3": -0.05,
                    "NPS": -0.03}
_NOT_APPLICABLE = {"INT2": 0.07, "INS3": 0.04, "INV2": 0.04, "NPS": 0.01}
_NOT_APPLICABLE_DEFAULT = 0.025
_IMPORTANCE_BY_KPI = {"delivery": 0.85, "informed": 0.8, "involved": 0.62, "improving": 0.66,
                      "interconnected": 0.55, "inspired": 0.5}
_IMPORTANCE_OFFSET = {"DEL2": 0.05, "INS3": -0.05, "INT2": -0.08}
_NO_IMPORTANCE = ("NPS",)  # a recommendation question has no "how much does it matter"

_NAMED_PARTNERS = tuple(PERSONALITIES)
_NAME_STEMS = ("Harbor", "Maple", "Cobalt", "Juniper", "Meridian", "Copper", "Halcyon", "Saffron", "Tidewell",
               "Orchard", "Granite", "Lantern", "Pinecrest", "Marlowe", "Solstice", "Beacon", "Ember", "Willow",
               "Falcon", "Indigo", "Clover", "Sable", "Aurora", "Brightwater", "Redwood", "Summit", "Ivory",
               "Osprey", "Vantage", "Mistral")
_NAME_KINDS = ("Creative", "Media", "Digital", "Partners", "Studio", "Collective", "Communications", "Labs",
               "Agency", "Group")
_NAME_CITIES = ("Paris", "Lyon", "London", "Berlin", "Madrid", "Milan", "Amsterdam", "Brussels", "Geneva",
                "Lisbon")

_FIRST_FR = ("Claire", "Julien", "Sophie", "Marc", "Hélène", "Nicolas", "Camille", "Thomas", "Léa", "Antoine",
             "Élodie", "François", "Chloé", "Mathieu", "Inès", "Rémi", "Aurélie", "Benoît", "Margaux", "Cédric")
_LAST_FR = ("Martin", "Dubois", "Lefèvre", "Moreau", "Roux", "Girard", "Fournier", "Lambert", "Bonnet",
            "Mercier", "Faure", "Chevalier", "Garnier", "Leroy", "Rousseau", "Blanc", "Guérin", "Muller",
            "Perrin", "Morel")
_FIRST_EN = ("James", "Emma", "Oliver", "Priya", "Tom", "Laura", "Daniel", "Sarah", "Michael", "Grace", "Ben",
             "Hannah", "Ryan", "Chloe", "Sam", "Aisha", "Jack", "Olivia", "Noah", "Ruth")
_LAST_EN = ("Walsh", "O'Connor", "Shah", "Becker", "Rossi", "Khan", "Murphy", "Clarke", "Evans", "Hughes",
            "Patel", "Turner", "Ward", "Brooks", "Kelly", "Reid", "Foster", "Price", "Bennett", "Doyle")

# Comments by (kpi, positive?, French?). Typographic apostrophes and € are on purpose: real exports have them.
_COMMENTS: dict[tuple[str, bool, bool], tuple[str, ...]] = {
    ("informed", True, False): (
        "Briefs are clear and arrive on time.",
        "The new brief template really helps.",
        "We always know the budget before we start.",
    ),
    ("informed", False, False): (
        "Briefs keep changing after kick-off.",
        "Budget and timeline were missing from the last two briefs.",
        "We redo a lot of work because goals are unclear.",
    ),
    ("informed", True, True): (
        "Briefs clairs et complets, merci.",
        "Le nouveau modèle de brief nous fait gagner du temps.",
        "Objectifs et budget partagés dès le départ, c'est top.",
    ),
    ("informed", False, True): (
        "Les briefs changent trop souvent après le lancement.",
        "Il manquait le budget et le calendrier dans le dernier brief.",
        "Beaucoup de travail refait à cause d’objectifs flous.",
    ),
    ("involved", True, False): (
        "QBRs are useful and end with decisions.",
        "Weekly check-ins keep everyone aligned.",
        "We were involved early on the new launch.",
    ),
    ("involved", False, False): (
        "The last QBR was cancelled twice.",
        "Meetings run long and decide nothing.",
        "We hear about decisions after they are made.",
    ),
    ("involved", True, True): (
        "Les revues trimestrielles sont utiles et concrètes.",
        "Le point hebdo permet de rester alignés.",
        "Associés très tôt au lancement, appréciable.",
    ),
    ("involved", False, True): (
        "La dernière revue trimestrielle a été annulée deux fois.",
        "Réunions trop longues, peu de décisions.",
        "On apprend les décisions une fois qu’elles sont prises.",
    ),
    ("inspired", True, False): (
        "Great brainstorm in March, more of those please!",
        "The team felt recognised after the award.",
        "Open to bold ideas.",
    ),
    ("inspired", False, False): (
        "No time for new ideas, it's all execution.",
        "Ideas get shot down before they are explored.",
        "Nobody said thanks after the launch.",
    ),
    ("inspired", True, True): (
        "Super atelier créatif en mars, à refaire !",
        "L’équipe s’est sentie reconnue après le prix.",
        "Ouverts aux idées audacieuses.",
    ),
    ("inspired", False, True): (
        "Aucun temps pour l'innovation, que de l'exécution.",
        "Les idées sont écartées avant d'être étudiées.",
        "Pas un mot de remerciement après le lancement.",
    ),
    ("interconnected", True, False): (
        "Clear contacts on both sides.",
        "The joint session with the media agency was very productive.",
        "Shared dashboard makes a difference.",
    ),
    ("interconnected", False, False): (
        "Not clear who owns what since the reorganisation.",
        "We never talk to the other agencies.",
        "Each agency reports different numbers.",
    ),
    ("interconnected", True, True): (
        "Interlocuteurs clairs des deux côtés.",
        "La session commune avec l'agence média était très productive.",
        "Le tableau de bord partagé change tout.",
    ),
    ("interconnected", False, True): (
        "On ne sait plus qui fait quoi depuis la réorganisation.",
        "Aucun échange avec les autres agences.",
        "Chaque agence remonte des chiffres différents.",
    ),
    ("improving", True, False): (
        "Feedback is frank and actions are followed up.",
        "Much better than last year.",
        "Good follow-up on the action plan.",
    ),
    ("improving", False, False): (
        "Same issues as last review, nothing changed.",
        "Action items from the QBR were never closed.",
        "Feedback only once a year, too late.",
    ),
    ("improving", True, True): (
        "Retours francs et actions suivies.",
        "Nettement mieux que l'an dernier.",
        "Bon suivi du plan d'actions.",
    ),
    ("improving", False, True): (
        "Mêmes problèmes qu'à la dernière revue, rien n'a bougé.",
        "Les actions de la revue n'ont jamais été clôturées.",
        "Un seul retour par an, c'est trop tard.",
    ),
    ("delivery", True, False): (
        "Excellent quality on the spring campaign.",
        "Delivered on time despite the late brief.",
        "Stayed within budget, well done.",
    ),
    ("delivery", False, False): (
        "Deadlines slipped on three deliverables.",
        "Over budget again, with no warning.",
        "Promised a full campaign, delivered half of it.",
    ),
    ("delivery", True, True): (
        "Très bonne qualité sur la campagne de printemps.",
        "Livré dans les délais malgré un brief tardif.",
        "Un vrai travail de fond, au cœur de nos enjeux.",
    ),
    ("delivery", False, True): (
        "Trois livrables en retard.",
        "Budget dépassé de 15 000 € sans prévenir.",
        "Promesse d'une campagne complète, livrée à moitié.",
    ),
}

_NOTES: dict[tuple[str, bool], tuple[str, ...]] = {
    ("briefing", False): (
        "Kick-off for the autumn campaign.",
        "Brief for the product launch; budget to confirm.",
    ),
    ("briefing", True): (
        "Lancement de la campagne d'automne.",
        "Brief lancement produit ; budget à confirmer.",
    ),
    ("status", False): (
        "Weekly follow-up, nothing blocking.",
        "Timeline reviewed, two items late.",
    ),
    ("status", True): (
        "Point hebdo, rien de bloquant.",
        "Planning revu, deux sujets en retard.",
    ),
    ("qbr", False): (
        "Quarter results reviewed, targets for next quarter agreed.",
        "QBR: budget split and KPIs for next quarter.",
    ),
    ("qbr", True): (
        "Résultats du trimestre revus, objectifs fixés.",
        "Revue : répartition budgétaire et indicateurs du prochain trimestre.",
    ),
    ("workshop", False): (
        "Brainstorm on ideas for the 2026 platform.",
        "Innovation day, 12 ideas shortlisted.",
    ),
    ("workshop", True): (
        "Atelier idées pour la plateforme 2026.",
        "Journée innovation, 12 idées retenues.",
    ),
    ("problem_solving", False): (
        "Escalation on late deliverables.",
        "Fixing the tracking issue on the website.",
    ),
    ("problem_solving", True): (
        "Escalade sur les livrables en retard.",
        "Correction du problème de tracking sur le site.",
    ),
    ("feedback", False): (
        "Half-year feedback, action plan agreed.",
        "Two-way feedback, see minutes.",
    ),
    ("feedback", True): (
        "Bilan semestriel, plan d'actions validé.",
        "Retours croisés, voir compte rendu.",
    ),
    ("other", False): (
        "Intro to the new brand manager.",
        "Year-end lunch.",
    ),
    ("other", True): (
        "Présentation de la nouvelle cheffe de marque.",
        "Déjeuner de fin d'année.",
    ),
}


# --------------------------------------------------------------------------------------------
# public API


def make_sample(partners: int = 6, answers: int | None = None, seed: int = 7, start: str = DEFAULT_START,
                end: str | None = None) -> dict[str, pd.DataFrame]:
    """The sample's `reviews` and `meetings` tables in file form, the same for the same arguments.

    `partners` agencies (the six named ones first, then generated ones), reviewed by both sides
    twice a year on the default bank from `start` to `end` (default: 28 months after `start`).
    With `answers`, partners and respondents grow until the reviews table has about that many rows;
    meetings then stay near 2% of the answers.
    """
    if partners < 1:
        raise ConfigError("the sample needs at least one partner")
    if answers is not None and answers < 1:
        raise ConfigError("the sample needs at least one answer")
    first = pd.Timestamp(start).normalize()
    last = (first + pd.DateOffset(months=DEFAULT_MONTHS) - pd.Timedelta(days=1)) if end is None \
        else pd.Timestamp(end).normalize()
    if last < first:
        raise ConfigError(f"the sample ends ({last.date()}) before it starts ({first.date()})")
    rng = np.random.default_rng(seed)
    count = partners if answers is None else max(partners, round(answers / ANSWERS_PER_PARTNER))
    names = partner_names(count)
    traits = _traits([_personality(i, rng) for i in range(count)])
    bank = default_questions()
    world = _World(traits, names, first, last, rng)
    reviews = _reviews(world, bank, answers)
    meetings = _meetings(world)
    return {"reviews": reviews, "meetings": meetings}


def partner_names(count: int) -> list[str]:
    """`count` agency names: the six named partners first, then made-up ones, always in the same order."""
    names = list(_NAMED_PARTNERS[:count])
    if count <= len(names):
        return names
    combos = [f"{stem} {kind}" for stem in _NAME_STEMS for kind in _NAME_KINDS]
    combos = [combos[i] for i in np.random.default_rng(0).permutation(len(combos))]
    with_city = [f"{c} {city}" for city in _NAME_CITIES for c in combos]
    pool = combos + with_city
    extra = count - len(names)
    names += pool[:extra]
    names += [f"{pool[i % len(pool)]} {i // len(pool) + 2}" for i in range(len(pool), extra)]
    return names


def write_sample(out_dir: str | Path, partners: int = 6, answers: int | None = None, seed: int = 7,
                 formats: Iterable[str] = ("xlsx", "csv")) -> list[Path]:
    """Write the sample: `partnership_sample.xlsx` (reviews, meetings, questions) and/or `reviews.csv`, `meetings.csv`.

    CSV files are UTF-8 with commas and ISO dates; the workbook has real Excel dates.
    Returns the paths written.
    """
    formats = tuple(formats)
    unknown = sorted(set(formats) - {"xlsx", "csv"})
    if unknown:
        raise ConfigError(f"unknown sample format(s) {', '.join(unknown)}: use xlsx and/or csv")
    tables = make_sample(partners=partners, answers=answers, seed=seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "xlsx" in formats:
        biggest = max(len(t) for t in tables.values())
        if biggest > EXCEL_MAX_ROWS:
            raise KpiError(f"{biggest:,} rows do not fit in an Excel sheet ({EXCEL_MAX_ROWS:,} at most): "
                           "write the sample as CSV only")
        written.append(_write_workbook(out / SAMPLE_WORKBOOK, tables))
    if "csv" in formats:
        written.append(_write_csv(tables["reviews"], out / "reviews.csv", "%Y-%m-%d"))
        written.append(_write_csv(tables["meetings"], out / "meetings.csv", "%Y-%m-%d %H:%M"))
    return written


def write_french_sample(out_dir: str | Path, seed: int = 7) -> list[Path]:
    """Write the default sample as a French export: `revues_fr.csv`, `reunions_fr.csv`, `questionnaire_wide_fr.csv`.

    Windows-1252, `;` delimiter, CRLF line ends, decimal comma, day-first dates, French headers and
    values, partner names typed unevenly. The long files hold the same answers and meetings as the
    English sample of the same seed; the wide file holds the questionnaires of the last complete
    half-year, one column per question named by its French text. Returns the paths written.
    """
    tables = make_sample(seed=seed)
    rng = np.random.default_rng([seed, 1])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    reviews = french_reviews(tables["reviews"], rng)
    meetings = french_meetings(tables["meetings"], rng)
    wide = french_wide(reviews, tables["reviews"]["review_date"])
    paths = [out / "revues_fr.csv", out / "reunions_fr.csv", out / "questionnaire_wide_fr.csv"]
    for frame, path in zip((reviews, meetings, wide), paths):
        frame.to_csv(path, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
    return paths


def french_reviews(reviews: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The reviews in file form as a French tool exports them: every cell as text, French headers."""
    out = pd.DataFrame({
        "review_id": reviews["review_id"],
        "review_date": reviews["review_date"].dt.strftime("%d/%m/%Y"),
        "partner": _typed_unevenly(reviews["partner"], rng),
        "respondent_side": reviews["respondent_side"].map(FRENCH_SIDES),
        "respondent": reviews["respondent"],
        "question_id": reviews["question_id"],
        "score": _french_text(reviews["score"]),
        "importance": _french_text(reviews["importance"]),
        "comment": reviews["comment"],
    })
    return out.rename(columns=FRENCH_REVIEW_HEADERS)


def french_meetings(meetings: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The meetings in file form as a French calendar export: every cell as text, French headers."""
    out = pd.DataFrame({
        "date": meetings["date"].dt.strftime("%d/%m/%Y %H:%M"),
        "partner": _typed_unevenly(meetings["partner"], rng),
        "meeting_type": meetings["meeting_type"].map(FRENCH_MEETING_TYPES),
        "duration_min": _french_text(meetings["duration_min"]),
        "agenda_shared": meetings["agenda_shared"].map(FRENCH_YESNO),
        "actions_opened": _french_text(meetings["actions_opened"]),
        "actions_closed": _french_text(meetings["actions_closed"]),
        # minutes typed in Word: autocorrect turns ' into ’ (a Windows-1252 byte that is not valid UTF-8)
        "notes": meetings["notes"].str.replace("'", "’", regex=False),
    })
    return out.rename(columns=FRENCH_MEETING_HEADERS)


def french_wide(french_long: pd.DataFrame, review_dates: pd.Series) -> pd.DataFrame:
    """One row per questionnaire of the last complete half-year, one column per question named by its French text."""
    half_start, half_end = _last_complete_half(review_dates)
    keep = (review_dates >= half_start) & (review_dates <= half_end)
    long = french_long[keep.to_numpy()]
    h = FRENCH_REVIEW_HEADERS
    ids = [h["review_id"], h["review_date"], h["partner"], h["respondent_side"], h["respondent"]]
    heads = long.drop_duplicates(h["review_id"])[ids]
    bank = default_questions()
    answers = long.pivot(index=h["review_id"], columns=h["question_id"], values=h["score"])
    answers = answers.reindex(columns=bank["question_id"]).set_axis(bank["text_fr"].tolist(), axis=1)
    wide = heads.merge(answers, left_on=h["review_id"], right_index=True, how="left")
    return wide.rename(columns={h[k]: v for k, v in FRENCH_WIDE_HEADERS.items()}).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# personalities


def _personality(index: int, rng: np.random.Generator) -> Personality:
    if index < len(_NAMED_PARTNERS):
        return PERSONALITIES[_NAMED_PARTNERS[index]]
    # a made-up partner: one of the named archetypes, jittered
    template = PERSONALITIES[_NAMED_PARTNERS[rng.integers(len(_NAMED_PARTNERS))]]

    def rate(v: float) -> float:
        return float(v * rng.lognormal(0.0, 0.25))

    def share(v: float) -> float:
        return float(np.clip(v + rng.normal(0, 0.06), 0.05, 0.98))

    return replace(
        template,
        base=float(np.clip(template.base + rng.normal(0, 0.05), 0.3, 0.85)),
        trend=template.trend + float(rng.normal(0, 0.02)),
        kpi={k: template.kpi.get(k, 0.0) + float(rng.normal(0, 0.04)) for k in _KPIS},
        self_bias=template.self_bias + float(rng.normal(0, 0.04)),
        status=rate(template.status), briefing=rate(template.briefing), workshop=rate(template.workshop),
        problem_solving=rate(template.problem_solving), other=rate(template.other),
        qbr=share(template.qbr), feedback=share(template.feedback),
        agenda=share(template.agenda), follow=share(template.follow),
        joint=float(template.joint * rng.uniform(0.5, 1.5)),
        onboard=int(rng.choice([0, 0, 0, 0, 0, 0, 0, 6, 12, 18])),
        clients=float(rng.uniform(2.0, 4.2)), agencies=float(rng.uniform(1.0, 2.0)),
        review_month=int(rng.integers(1, 5)), french=bool(rng.random() < 0.3),
    )


def _traits(people: list[Personality]) -> dict[str, np.ndarray]:
    plain = [f for f in Personality.__dataclass_fields__ if f != "kpi"]
    traits = {f: np.array([getattr(p, f) for p in people]) for f in plain}
    traits["kpi"] = np.array([[p.kpi.get(k, 0.0) for k in _KPIS] for p in people])
    return traits


# --------------------------------------------------------------------------------------------
# reviews


@dataclass(frozen=True)
class _World:
    """What the sample is drawn from: the partners' traits and names, its first and last days, the random draws."""

    traits: dict[str, np.ndarray]
    names: list[str]
    first: pd.Timestamp
    last: pd.Timestamp
    rng: np.random.Generator


def _reviews(world: _World, bank: pd.DataFrame, answers: int | None) -> pd.DataFrame:
    traits, names, first, last, rng = world.traits, world.names, world.first, world.last, world.rng
    n_partners = len(names)
    # review rounds: one per partner and half-year, opening in the partner's review month
    half0 = pd.Timestamp(year=first.year, month=1 if first.month <= 6 else 7, day=1)
    n_halves = (last.year - half0.year) * 2 + (last.month - 1) // 6 - (half0.month - 1) // 6 + 1
    half_starts = _month_days(half0, 6 * np.arange(n_halves))
    p_round = np.repeat(np.arange(n_partners), n_halves)
    h_round = np.tile(np.arange(n_halves), n_partners)
    opens = (half_starts[h_round] + _month_offsets(half_starts[h_round], traits["review_month"][p_round])
             + rng.integers(0, 11, len(p_round)))
    onboard = _month_days(first, traits["onboard"])
    day_first, day_last = _day(first), _day(last)
    live = (opens >= np.maximum(onboard[p_round], day_first)) & (opens <= day_last)
    p_round, h_round, opens = p_round[live], h_round[live], opens[live]
    window = 21
    # share of a round's answers dated inside the sample (the last round may still be open)
    done = np.clip((day_last - opens + 1) / window, 0.0, 1.0)

    lam_c, lam_a = traits["clients"], traits["agencies"]
    if answers is not None:
        rounds = np.bincount(p_round, weights=done, minlength=len(lam_c))  # complete rounds per partner
        lam_c, lam_a = _respondents_for(answers, lam_c, lam_a, rounds, len(bank))
    counts_c = _counts(lam_c[p_round], rng)
    counts_a = _counts(lam_a[p_round], rng)
    counts = np.concatenate([counts_c, counts_a])
    side = np.repeat(np.r_[np.zeros(len(p_round), bool), np.ones(len(p_round), bool)], counts)  # True = agency
    q_round = np.repeat(np.tile(np.arange(len(p_round)), 2), counts)
    slot = _within_group(counts)
    q_partner = p_round[q_round]
    q_date = _business_day(opens[q_round] + rng.integers(0, window, len(q_round)))
    keep = (q_date <= day_last) & (q_date >= day_first)
    side, q_round, slot, q_partner, q_date = side[keep], q_round[keep], slot[keep], q_partner[keep], q_date[keep]

    # respondents rotate within each partner's pool, so nobody answers twice in a round
    pool_c = np.ceil(lam_c * 1.3).astype(int) + 1
    pool_a = np.ceil(lam_a).astype(int) + 1
    n_client_staff = max(12, int(pool_c.sum() * 0.4), int(pool_c.max()))
    client_offset = rng.integers(0, n_client_staff, n_partners)
    agency_offset = np.r_[0, np.cumsum(pool_a)[:-1]]
    rotation = rng.integers(0, 1 << 20, len(p_round))[q_round]
    local = np.where(side, (slot + rotation) % pool_a[q_partner], (slot + rotation) % pool_c[q_partner])
    staff = np.where(side, agency_offset[q_partner] + local, (client_offset[q_partner] + local) % n_client_staff)
    client_names, client_french = _people(n_client_staff, np.random.default_rng([rng.integers(1 << 31), 2]))
    agency_names, agency_french = _people(int(pool_a.sum()), np.random.default_rng([rng.integers(1 << 31), 3]))
    french = np.where(side, agency_french[np.minimum(staff, len(agency_french) - 1)],
                      client_french[np.minimum(staff, len(client_french) - 1)])
    anonymous = ~side & (rng.random(len(side)) < 0.06)

    # questionnaire order: by date, then partner, side and slot; ids follow that order
    order = np.lexsort((slot, side, q_partner, q_date))
    side, q_round, q_partner, q_date, staff, french, anonymous = (
        a[order] for a in (side, q_round, q_partner, q_date, staff, french, anonymous))
    n_q = len(side)
    width = max(5, len(str(n_q)))
    review_ids = np.array([f"R{i:0{width}d}" for i in range(1, n_q + 1)], dtype=object)
    respondent = np.where(side, np.asarray(agency_names, dtype=object)[np.minimum(staff, len(agency_names) - 1)],
                          np.asarray(client_names, dtype=object)[np.minimum(staff, len(client_names) - 1)])
    respondent = np.where(anonymous, None, respondent)

    # answers: every questionnaire answers every question of the bank
    n_items = len(bank)
    qi = np.tile(np.arange(n_items), n_q)
    ri = np.repeat(np.arange(n_q), n_items)
    p = q_partner[ri]
    agency = side[ri]
    q_kpi = np.array([_KPIS.index(k) for k in bank["kpi"]])
    kpi_of = q_kpi[qi]
    q_ids = bank["question_id"].to_numpy(dtype=object)
    years = (q_date - day_first) / 365.25
    q_offset = np.array([_QUESTION_OFFSET.get(q, 0.0) for q in q_ids])
    round_shock = rng.normal(0, 0.03, len(p_round))
    leniency = rng.normal(0, 0.05, n_q)
    is_delivery = kpi_of == _KPIS.index("delivery")
    goodness = (traits["base"][p] + traits["trend"][p] * years[ri] + traits["kpi"][p, kpi_of] + q_offset[qi]
                + round_shock[q_round][ri] + leniency[ri]
                + np.where(agency & is_delivery, traits["self_bias"][p], 0.0)
                + np.where(~agency & ~is_delivery, 0.05, 0.0)  # the client sees its own habits kindly
                + rng.normal(0, 0.12, len(qi)))
    goodness = np.clip(goodness, 0.0, 1.0)
    reverse = bank["reverse"].to_numpy()[qi]
    lo, hi = bank["scale_min"].to_numpy()[qi], bank["scale_max"].to_numpy()[qi]
    score = np.rint(lo + np.where(reverse, 1.0 - goodness, goodness) * (hi - lo)).astype(np.int64)
    na_rate = np.array([_NOT_APPLICABLE.get(q, _NOT_APPLICABLE_DEFAULT) for q in q_ids])
    blank = rng.random(len(qi)) < na_rate[qi]
    typed_na = blank & (rng.random(len(qi)) < 1 / 3)
    score_cells = score.astype(object)
    score_cells[blank] = None
    score_cells[typed_na] = "N/A"

    # importance: asked of the client side only, on the question's own scale
    imp_base = np.array([_IMPORTANCE_BY_KPI[k] + _IMPORTANCE_OFFSET.get(q, 0.0)
                         for k, q in zip(bank["kpi"], q_ids)])
    imp_partner = rng.normal(0, 0.04, (n_partners, n_items))
    imp_u = np.clip(imp_base[qi] + imp_partner[p, qi] + rng.normal(0, 0.05, n_q)[ri]
                    + rng.normal(0, 0.12, len(qi)), 0.0, 1.0)
    importance = np.rint(lo + imp_u * (hi - lo))
    half_point = rng.random(len(qi)) < 0.004  # a few respondents type 4.5
    importance = np.where(half_point, np.minimum(importance + 0.5, hi - 0.5), importance)
    no_importance = agency | blank | np.isin(q_ids[qi], _NO_IMPORTANCE) | (rng.random(len(qi)) < 0.02)
    importance[no_importance] = np.nan

    comments = _pick_comments(kpi_of, goodness, french[ri], ~blank, rng)

    frame = pd.DataFrame({
        "review_id": pd.Series(review_ids[ri], dtype="str"),
        "review_date": pd.to_datetime(q_date[ri].astype("datetime64[D]")).astype("datetime64[ns]"),
        "partner": pd.Series(np.asarray(names, dtype=object)[p], dtype="str"),
        "respondent_side": pd.Series(np.where(agency, "agency", "client"), dtype="str"),
        "respondent": pd.Series(respondent[ri], dtype="str"),
        "question_id": pd.Series(q_ids[qi], dtype="str"),
        "score": pd.Series(score_cells, dtype=object),
        "importance": importance,
        "comment": pd.Series(comments, dtype="str"),
    })
    return frame[list(REVIEW_COLUMNS)]


def _respondents_for(answers, lam_c, lam_a, rounds, n_items):
    # mean respondents per round so that the expected number of answers is `answers`, given each partner's
    # complete `rounds`; agency teams grow slowly (a few account people), the client side takes the rest
    questionnaires = answers / n_items
    per_round = questionnaires / max(rounds.sum(), 1e-9)
    agencies = np.clip(lam_a * math.sqrt(max(per_round, 1.0) / 5.0), 1.0, 12.0)
    clients = np.maximum(1.0, per_round * (lam_c + lam_a) / np.mean(lam_c + lam_a) - agencies)
    spare = questionnaires - (rounds * agencies).sum()
    if spare > 0:
        clients = np.maximum(1.0, clients * spare / max((rounds * clients).sum(), 1e-9))
    return clients, agencies


def _counts(lam: np.ndarray, rng) -> np.ndarray:
    whole = np.floor(lam)
    return np.maximum(1, (whole + (rng.random(len(lam)) < lam - whole)).astype(np.int64))


def _within_group(counts: np.ndarray) -> np.ndarray:
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(counts.sum()) - starts


def _people(count: int, rng) -> tuple[list[str], np.ndarray]:
    french = rng.random(count) < 0.45
    i = rng.permutation(max(count, 1))[:count]
    first = np.where(french, np.asarray(_FIRST_FR, dtype=object)[i % 20],
                     np.asarray(_FIRST_EN, dtype=object)[i % 20])
    last = np.where(french, np.asarray(_LAST_FR, dtype=object)[(i // 20 + i) % 20],
                    np.asarray(_LAST_EN, dtype=object)[(i // 20 + i) % 20])
    return [f"{a} {b}" for a, b in zip(first, last)], french


def _pick_comments(kpi_of, goodness, french, answered, rng) -> np.ndarray:
    extreme = (goodness <= 0.3) | (goodness >= 0.9)
    chosen = answered & (rng.random(len(kpi_of)) < np.where(extreme, 0.06, 0.015))
    texts, start, size = [], [], []
    for k in _KPIS:
        for positive in (False, True):
            for fr in (False, True):
                pool = _COMMENTS[(k, positive, fr)]
                start.append(len(texts))
                size.append(len(pool))
                texts.extend(pool)
    texts_arr = np.asarray(texts, dtype=object)
    start_arr, size_arr = np.array(start), np.array(size)
    group = (kpi_of * 2 + (goodness >= 0.55)) * 2 + french.astype(int)
    pick = start_arr[group] + (rng.random(len(group)) * size_arr[group]).astype(int)
    out = np.full(len(group), None, dtype=object)
    out[chosen] = texts_arr[pick[chosen]]
    return out


# --------------------------------------------------------------------------------------------
# meetings


def _meetings(world: _World) -> pd.DataFrame:
    traits, names, first, last, rng = world.traits, world.names, world.first, world.last, world.rng
    n_partners = len(names)
    month0 = first.replace(day=1)
    n_months = (last.year - month0.year) * 12 + last.month - month0.month + 1
    month_day = _month_days(month0, np.arange(n_months))
    month_len = _month_days(month0, np.arange(1, n_months + 1)) - month_day
    years = (month_day - _day(first)) / 365.25
    active = np.arange(n_months)[None, :] >= traits["onboard"][:, None]  # (P, M)
    pace = np.exp(traits["meeting_trend"][:, None] * years[None, :]) * active

    parts = []
    # single-partner meetings of the frequent types: Poisson counts per partner, month and type
    rates = np.stack([traits[t] for t in _SINGLE_TYPES], axis=1)  # (P, T)
    counts = rng.poisson(rates[:, None, :] * pace[:, :, None])
    p, m, t = np.unravel_index(np.repeat(np.arange(counts.size), counts.ravel()), counts.shape)
    type_index = np.array([MEETING_TYPES.index(x) for x in _SINGLE_TYPES])[t]
    parts.append((p, m, type_index, (rng.random(len(p)) * month_len[m]).astype(int)))
    # QBRs early in each calendar quarter
    quarter_months = np.flatnonzero(((month0.month - 1 + np.arange(n_months)) % 3) == 0)
    held = rng.random((n_partners, len(quarter_months))) < np.minimum(
        0.98, traits["qbr"][:, None] * pace[:, quarter_months])
    p, qm = np.nonzero(held)
    m = quarter_months[qm]
    parts.append((p, m, np.full(len(p), MEETING_TYPES.index("qbr")), rng.integers(3, 25, len(p))))
    # feedback meetings the month after each review round
    month_of_year = (month0.month - 1 + np.arange(n_months)) % 12
    after_review = (month_of_year[None, :] % 6) == ((traits["review_month"][:, None] + 1) % 6)
    held = after_review & (rng.random((n_partners, n_months)) < traits["feedback"][:, None] * np.minimum(1, pace))
    p, m = np.nonzero(held)
    parts.append((p, m, np.full(len(p), MEETING_TYPES.index("feedback")),
                  (rng.random(len(p)) * month_len[m]).astype(int)))

    p = np.concatenate([x[0] for x in parts])
    m = np.concatenate([x[1] for x in parts])
    kind = np.concatenate([x[2] for x in parts])
    day = month_day[m] + np.concatenate([x[3] for x in parts])
    partner_text = np.asarray(names, dtype=object)[p]

    jp, jm, jkind, jday, jtext = _joint_meetings(world, active, month_day, month_len)
    p, m, kind, day = np.r_[p, jp], np.r_[m, jm], np.r_[kind, jkind], np.r_[day, jday]
    partner_text = np.r_[partner_text, jtext]

    day = _business_day(day)
    minute = 9 * 60 + 30 * rng.integers(0, 17, len(day))
    keep = (day >= _day(first)) & (day <= _day(last))
    p, m, kind, day, minute, partner_text = (a[keep] for a in (p, m, kind, day, minute, partner_text))
    order = np.lexsort((partner_text.astype(str), minute, day))
    p, kind, day, minute, partner_text = (a[order] for a in (p, kind, day, minute, partner_text))
    n = len(p)
    years = (day - _day(first)) / 365.25

    durations = _padded([_DURATIONS[t] for t in MEETING_TYPES])
    lengths = np.array([len(_DURATIONS[t]) for t in MEETING_TYPES])
    duration = durations[kind, (rng.random(n) * lengths[kind]).astype(int)].astype(float)
    duration = np.where(rng.random(n) < 0.005, duration + 0.5, duration)  # exported from a calendar: 45.5
    duration[rng.random(n) < 0.03] = np.nan

    agenda_p = np.clip(traits["agenda"][p] + traits["agenda_trend"][p] * years
                       + np.array([_AGENDA_BY_TYPE[t] for t in MEETING_TYPES])[kind], 0.02, 0.98)
    agenda = np.where(rng.random(n) < agenda_p, "yes", "no").astype(object)
    agenda[rng.random(n) < 0.08] = None

    opened = rng.poisson(np.array([_ACTIONS[t] for t in MEETING_TYPES])[kind])
    age = _day(last) - day
    follow = np.clip(traits["follow"][p] + traits["follow_trend"][p] * years, 0.05, 0.98)
    follow = follow * (0.35 + 0.65 * np.minimum(1.0, age / 60))  # recent actions are still open
    closed = rng.binomial(opened, follow)
    opened_cells = pd.array(opened, dtype="Int64")
    closed_cells = pd.array(closed, dtype="Int64")
    untracked = rng.random(n) < 0.04
    opened_cells[untracked] = pd.NA
    closed_cells[untracked | (rng.random(n) < 0.02)] = pd.NA

    notes = _pick_notes(kind, traits["french"][p], rng)
    width = max(5, len(str(n)))
    stamps = day.astype("datetime64[D]").astype("datetime64[m]") + minute.astype("timedelta64[m]")
    frame = pd.DataFrame({
        "meeting_id": pd.Series([f"M{i:0{width}d}" for i in range(1, n + 1)], dtype="str"),
        "date": pd.to_datetime(stamps).astype("datetime64[ns]"),
        "partner": pd.Series(partner_text, dtype="str"),
        "meeting_type": pd.Series(np.asarray(MEETING_TYPES, dtype=object)[kind], dtype="str"),
        "duration_min": duration,
        "agenda_shared": pd.Series(agenda, dtype="str"),
        "actions_opened": opened_cells,
        "actions_closed": closed_cells,
        "notes": pd.Series(notes, dtype="str"),
    })
    return frame[list(MEETING_COLUMNS)]


def _joint_meetings(world: _World, active, month_day, month_len):
    traits, names, rng = world.traits, world.names, world.rng
    # the client gathers two or three partners, picking those most used to working together
    n_partners, n_months = active.shape
    if n_partners < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty, np.zeros(0, dtype=object)
    per_month = rng.poisson(_JOINT_PER_PARTNER_MONTH * active.sum(axis=0))
    m = np.repeat(np.arange(n_months), per_month)
    size = np.where(rng.random(len(m)) < 0.7, 2, 3)
    weights = traits["joint"][:, None] * active  # (P, M)
    chosen = np.empty((len(m), 3), dtype=np.int64)
    usable = np.empty((len(m), 3), dtype=bool)
    step = max(1, 2_000_000 // n_partners)  # Gumbel top-k in chunks keeps memory small
    for lo in range(0, len(m), step):
        w = weights[:, m[lo:lo + step]].T
        with np.errstate(divide="ignore"):
            keys = np.log(w) + rng.gumbel(size=w.shape)
        k = min(3, n_partners)
        top = np.argpartition(-keys, k - 1, axis=1)[:, :k]
        top = np.take_along_axis(top, np.argsort(-np.take_along_axis(keys, top, axis=1), axis=1), axis=1)
        ok = np.isfinite(np.take_along_axis(keys, top, axis=1))
        if k < 3:
            top = np.pad(top, ((0, 0), (0, 3 - k)))
            ok = np.pad(ok, ((0, 0), (0, 3 - k)))
        chosen[lo:lo + step], usable[lo:lo + step] = top, ok
    usable &= np.arange(3)[None, :] < size[:, None]
    real = usable.sum(axis=1) >= 2
    chosen, usable, m = chosen[real], usable[real], m[real]
    label = np.asarray(names, dtype=object)
    text = np.array(["; ".join(label[c[u]]) for c, u in zip(chosen, usable)], dtype=object)
    kinds = list(_JOINT_TYPES)
    kind = np.array([MEETING_TYPES.index(k) for k in kinds])[
        rng.choice(len(kinds), size=len(m), p=list(_JOINT_TYPES.values()))]
    day = month_day[m] + (rng.random(len(m)) * month_len[m]).astype(int)
    return chosen[:, 0], m, kind, day, text


def _pick_notes(kind, french_partner, rng) -> np.ndarray:
    n = len(kind)
    french = rng.random(n) < np.where(french_partner, 0.7, 0.25)
    written = rng.random(n) < 0.15
    pick = rng.integers(0, 2, n)
    out = np.full(n, None, dtype=object)
    for t_index, t in enumerate(MEETING_TYPES):
        for fr in (False, True):
            rows = written & (kind == t_index) & (french == fr)
            out[rows] = np.asarray(_NOTES[(t, fr)], dtype=object)[pick[rows]]
    return out


def _padded(rows: list[tuple[int, ...]]) -> np.ndarray:
    width = max(len(r) for r in rows)
    return np.array([list(r) + [r[-1]] * (width - len(r)) for r in rows])


# --------------------------------------------------------------------------------------------
# dates as day numbers (days since 1970-01-01), so whole columns shift at once


def _day(ts: pd.Timestamp) -> int:
    return int(np.datetime64(ts.date(), "D").astype(np.int64))


def _month_days(origin: pd.Timestamp, months: np.ndarray) -> np.ndarray:
    month = np.datetime64(origin.strftime("%Y-%m"), "M") + np.asarray(months, dtype=np.int64)
    return month.astype("datetime64[D]").astype(np.int64) + (origin.day - 1)


def _month_offsets(days: np.ndarray, months: np.ndarray) -> np.ndarray:
    month = days.astype("datetime64[D]").astype("datetime64[M]")
    return (month + months.astype(np.int64)).astype("datetime64[D]").astype(np.int64) - days


def _business_day(days: np.ndarray) -> np.ndarray:
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    return days + np.select([weekday == 5, weekday == 6], [2, 1], 0)


def _last_complete_half(dates: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp]:
    latest = dates.max()
    start = pd.Timestamp(year=latest.year, month=1 if latest.month <= 6 else 7, day=1)
    if latest < start + pd.DateOffset(months=6) - pd.Timedelta(days=1):
        start -= pd.DateOffset(months=6)
    return start, start + pd.DateOffset(months=6) - pd.Timedelta(days=1)


# --------------------------------------------------------------------------------------------
# writing


def _write_csv(frame: pd.DataFrame, path: Path, date_format: str) -> Path:
    frame.to_csv(path, index=False, encoding="utf-8", date_format=date_format, float_format="%g",
                 lineterminator="\n")
    return path


def _write_workbook(path: Path, tables: dict[str, pd.DataFrame]) -> Path:
    reviews = tables["reviews"].assign(review_date=tables["reviews"]["review_date"].dt.date)
    bank = default_questions()
    questions = bank.assign(scale_min=bank["scale_min"].astype(int), scale_max=bank["scale_max"].astype(int),
                            reverse=np.where(bank["reverse"], "yes", "no"))[list(QUESTION_COLUMNS)]
    sheets = {"reviews": reviews, "meetings": tables["meetings"], "questions": questions}
    with pd.ExcelWriter(path, engine="xlsxwriter", date_format="yyyy-mm-dd", datetime_format="yyyy-mm-dd hh:mm",
                        engine_kwargs={"options": {"strings_to_formulas": False}}) as writer:
        writer.book.set_properties({"created": _WORKBOOK_CREATED})  # same bytes for the same seed
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, len(frame), len(frame.columns) - 1)
            for i, col in enumerate(frame.columns):
                sheet.set_column(i, i, _column_width(frame[col], col))
    return path


def _column_width(values: pd.Series, name: str) -> int:
    sample = values.head(500).dropna().astype(str)
    longest = int(sample.str.len().max()) if len(sample) else 0
    return min(60, max(len(name), longest, 8) + 2)


def _french_text(values: pd.Series) -> pd.Series:
    # numbers as a French spreadsheet shows them (4, 4,5, 45,5); a typed N/A becomes "Sans objet"
    def one(v):
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            return None
        if isinstance(v, str):
            return FRENCH_NOT_APPLICABLE
        v = float(v)
        return str(int(v)) if v.is_integer() else f"{v:g}".replace(".", ",")

    return pd.Series([one(v) for v in values.astype(object)], index=values.index, dtype="str")


def _typed_unevenly(names: pd.Series, rng: np.random.Generator) -> pd.Series:
    # people retype names: lower case with stray spaces, capitals, trailing space.
    # The first row of each partner keeps the proper spelling, the one the dashboard shows.
    text = names.astype(object).to_numpy()
    style = rng.choice(4, size=len(text), p=[0.88, 0.04, 0.04, 0.04])
    style[~names.duplicated().to_numpy()] = 0
    joint = names.str.contains(";", regex=False).to_numpy()
    style[joint & (style > 0)] = 3  # a joint list only gets stray spaces, so its first name keeps its spelling
    out = text.copy()
    for i in np.flatnonzero(style):
        name = text[i]
        if style[i] == 1:
            out[i] = " " + name.lower().replace(" ", "  ") + " "
        elif style[i] == 2:
            out[i] = name.upper()
        else:
            out[i] = name.replace("; ", " ;  ") + " "
    return pd.Series(out, index=names.index, dtype="str")
