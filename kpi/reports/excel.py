"""The formatted Excel workbook of the scores: scores, components, gaps, importance–performance, notes.

Written with xlsxwriter with `strings_to_formulas` off, so a partner called
`=HYPERLINK(...)` stays text. The `scores` sheet holds exactly the rows and values
of the scores CSV (`python -m kpi score`), its column names included (they are the CSV's, in either
language). In French (`lang="fr"`) the sheet names, the headings of the other sheets, the flags and the
notes are French; numbers stay numbers (Excel shows them with the reader's decimal separator).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pandas as pd

from kpi.scoring import explain, scores_csv_frame
from kpi.scoring.blind_spots import VIEW_COLUMNS
from kpi.settings import COMPONENTS, SCORE_COMPONENTS, SCORES, Settings

SCORE_COLUMNS = (*SCORES, "overall", *COMPONENTS)

NOTES_EN = (
    ("Scores", "Each of the five scores (0–100) is the weighted mean of its components that are not blank; "
               "the weights are rescaled over the components present. A score with no component is blank."),
    ("Survey components", "Answers are normalised to 0–100 on the question's scale (reversed questions flipped), "
                          "averaged within each questionnaire first, then across questionnaires."),
    ("agenda_rate", "100 × meetings with an agenda shared / meetings where it is known."),
    ("cadence", "50 × min(1, meetings / months) + 50 × min(1, QBRs / quarters), prorated for the current period."),
    ("workshops", "100 × min(1, workshops / quarters)."),
    ("joint", "100 × min(1, joint meetings (two or more partners) / quarters)."),
    ("follow_through", "100 × min(1, actions closed / actions opened)."),
    ("feedback", "100 when both sides answered a questionnaire in the period, 50 when one side did, 0 otherwise."),
    ("overall", "Mean of the five scores that are not blank."),
    ("delivery_gap", "Partner's self-view minus the client's view on delivery questions; ≥ +10 flags "
                     "overpromise / underdeliver, ≤ −10 underpromise / overdeliver."),
    ("low_confidence", "Fewer than the threshold of questionnaires behind the row."),
    ("client_self_<habit>, partner_view_<habit>", "The client side's and the partner side's mean normalised answers "
                                                 "to the habit's questions (questionnaire means first), with "
                                                 "n_client_self_<habit> and n_partner_view_<habit> questionnaires."),
    ("habit_gap_<habit>", "client_self − partner_view on the habit, blank unless both sides answered; ≥ +10 flags a "
                          "blind spot (the client rates itself above the partner's view), ≤ −10 a hidden strength."),
    ("Importance–performance", "Per question: mean normalised importance (x) and score (y) from client answers, "
                               "split at their means into four quadrants."),
)


NOTES_FR = (
    ("Scores", "Chacun des cinq scores (0–100) est la moyenne pondérée de ses composantes non vides ; les poids "
               "sont ramenés aux composantes présentes. Un score sans composante est vide."),
    ("Composantes d'enquête", "Les réponses sont ramenées à 0–100 sur l'échelle de la question (questions inversées "
                              "retournées), moyennées d'abord dans chaque questionnaire, puis entre questionnaires."),
    ("agenda_rate", "100 × réunions avec ordre du jour partagé / réunions où on le sait."),
    ("cadence", "50 × min(1, réunions / mois) + 50 × min(1, revues trimestrielles / trimestres), au prorata pour la "
                "période en cours."),
    ("workshops", "100 × min(1, ateliers / trimestres)."),
    ("joint", "100 × min(1, réunions communes (deux partenaires ou plus) / trimestres)."),
    ("follow_through", "100 × min(1, actions closes / actions ouvertes)."),
    ("feedback", "100 quand les deux côtés ont répondu à un questionnaire sur la période, 50 quand un seul l'a fait, "
                 "0 sinon."),
    ("overall", "Moyenne des cinq scores non vides."),
    ("delivery_gap", "Vue du partenaire sur lui-même moins la vue du client, sur les questions de livraison ; "
                     "≥ +10 signale promet trop / livre moins, ≤ −10 promet peu / livre plus."),
    ("low_confidence", "Moins de questionnaires que le seuil derrière la ligne."),
    ("client_self_<habit>, partner_view_<habit>", "Moyenne des réponses normalisées du côté client et du côté "
                                                 "partenaire aux questions de l'habitude (moyennes par "
                                                 "questionnaire d'abord), sur n_client_self_<habit> et "
                                                 "n_partner_view_<habit> questionnaires."),
    ("habit_gap_<habit>", "client_self − partner_view sur l'habitude, vide sauf si les deux côtés ont répondu ; "
                          "≥ +10 signale un angle mort (le client se note au-dessus de la vue du partenaire), "
                          "≤ −10 une force cachée."),
    ("Importance–performance", "Par question : importance (x) et score (y) normalisés moyens des réponses client, "
                               "séparés à leurs moyennes en quatre quadrants."),
)
SHEETS_FR = {"scores": "scores", "components": "composantes", "gaps": "écarts",
             "importance_performance": "importance_performance", "weights": "pondérations", "notes": "notes"}
HEADINGS_FR = {
    "partner": "partenaire", "period": "période", "score": "score", "score_value": "valeur du score",
    "component": "composante", "value": "valeur", "weight": "poids", "effective_weight": "poids effectif",
    "contribution": "contribution", "self": "vue du partenaire", "client_view": "vue du client",
    "delivery_gap": "écart de livraison", "gap_flag": "signal", "n_reviews": "questionnaires", "item": "élément",
    "meaning": "signification", "question_id": "question", "text": "texte", "importance": "importance",
    "performance": "performance", "needs_gap": "écart besoin", "quadrant": "quadrant",
}
FLAGS_FR = {"overpromise": "promet trop / livre moins", "underpromise": "promet peu / livre plus"}


@dataclass(frozen=True)
class _Look:
    """How a sheet's columns show: those with one decimal, those as percentages, widths (column → characters)."""

    numbers: tuple = ()
    percents: tuple = ()
    widths: dict = field(default_factory=dict)


def _sheet(writer, frame: pd.DataFrame, name: str, look: _Look = _Look()):
    frame.to_excel(writer, sheet_name=name, index=False)
    book, sheet = writer.book, writer.sheets[name]
    header = book.add_format({"bold": True, "bg_color": "#1f2937", "font_color": "#ffffff", "text_wrap": True,
                              "valign": "top"})
    one_decimal = book.add_format({"num_format": "0.0"})
    percent = book.add_format({"num_format": "0%"})
    for i, column in enumerate(frame.columns):
        sheet.write(0, i, column, header)
        width = look.widths.get(column, max(10, min(45, len(str(column)) + 2)))
        fmt = one_decimal if column in look.numbers else percent if column in look.percents else None
        sheet.set_column(i, i, width, fmt)
    sheet.freeze_panes(1, 2 if name != "notes" else 0)
    if len(frame):
        sheet.autofilter(0, 0, len(frame), len(frame.columns) - 1)
    return sheet


def scores_workbook(table: pd.DataFrame, settings: Settings, ipa: pd.DataFrame | None = None,
                    lang: str = "en") -> bytes:
    """The workbook bytes for a score table (as from `score_table`), with the settings in force; `lang` "fr"
    for a French workbook (the scores sheet keeps the CSV's columns)."""
    csv_frame = scores_csv_frame(table)
    components = pd.concat(
        [explain(row, settings).assign(partner=row["partner"], period=row["period"])
         for _, row in table.iterrows()] or [pd.DataFrame(columns=["partner", "period"])],
        ignore_index=True,
    )
    if len(components):
        components = components[["partner", "period", "score", "score_value", "component", "value", "weight",
                                 "effective_weight", "contribution"]]
    gaps = table.loc[table["delivery_gap"].notna(), ["partner", "period", "self", "client_view", "delivery_gap",
                                                     "gap_flag", "n_reviews"]]
    weights = pd.DataFrame(
        [{"score": s, "component": c, "weight": settings.weights(s)[c]} for s, comps in SCORE_COMPONENTS.items()
         for c in comps])
    notes = pd.DataFrame(NOTES_FR if lang == "fr" else NOTES_EN, columns=["item", "meaning"])
    thresholds = pd.DataFrame([{"item": name, "meaning": str(settings[name])} for name in settings
                               if not name.startswith(("weights.", "limits."))])
    french = lang == "fr"
    name = (lambda sheet: SHEETS_FR[sheet]) if french else (lambda sheet: sheet)  # noqa: E731
    heads = HEADINGS_FR if french else {}
    number = lambda columns: tuple(heads.get(c, c) for c in columns)  # noqa: E731
    if french:
        gaps = gaps.assign(gap_flag=gaps["gap_flag"].map(lambda f: FLAGS_FR.get(f, f)))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as writer:
        views = [c for c in VIEW_COLUMNS if not c.startswith("n_")]
        sheet = _sheet(writer, csv_frame, "scores", _Look((*SCORE_COLUMNS, "delivery_gap", *views),
                                                          widths={"partner": 28}))
        if len(csv_frame):
            first = list(csv_frame.columns).index("informed")
            last = list(csv_frame.columns).index("overall")
            sheet.conditional_format(1, first, len(csv_frame), last, {
                "type": "3_color_scale", "min_type": "num", "min_value": 0, "mid_type": "num", "mid_value": 50,
                "max_type": "num", "max_value": 100, "min_color": "#d73027", "mid_color": "#fee08b",
                "max_color": "#1a9850"})
        _sheet(writer, components.rename(columns=heads), name("components"),
               _Look(number(("score_value", "value", "contribution")), number(("effective_weight",)),
                     {heads.get("partner", "partner"): 28}))
        _sheet(writer, gaps.rename(columns=heads), name("gaps"),
               _Look(number(("self", "client_view", "delivery_gap")), widths={heads.get("partner", "partner"): 28}))
        if ipa is not None and len(ipa):
            _sheet(writer, ipa.rename(columns=heads), name("importance_performance"),
                   _Look(number(("importance", "performance", "needs_gap")), widths={heads.get("text", "text"): 60}))
        _sheet(writer, weights.rename(columns=heads), name("weights"))
        notes_all = pd.concat([notes, thresholds], ignore_index=True).rename(columns=heads)
        _sheet(writer, notes_all, name("notes"), _Look(widths={heads.get("item", "item"): 28,
                                                               heads.get("meaning", "meaning"): 110}))
    return buffer.getvalue()
