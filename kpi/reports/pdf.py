"""The QBR pack: a PDF for one partner and period, or for the whole portfolio (a summary, then a page per partner).

Every number is the one the dashboard shows (kpi.views rounds it like the scores CSV), in English or French;
the charts are the dashboard's own Altair charts (kpi/charts.py, which pages draw through ui/charts.py),
rendered offline to PNG by vl-convert; the PDF is written by fpdf2 with a Unicode TTF font.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from kpi import views
from kpi.i18n import t
from kpi.scoring import importance_performance, period_bounds
from kpi.scoring.periods import as_of_date, period_calendar
from kpi.settings import SCORES, Settings

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
"""Where DejaVu Sans is looked for (Debian's fonts-dejavu-core); else the copy matplotlib bundles, if installed."""
COMMENTS_PER_SIDE = 3
CONCENTRATE_SHOWN = 5
CHART_SCALE = 2  # PNG pixels per CSS pixel: sharp when printed
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class PackData:
    """What a pack is made from: the scores table (all periods, unrounded) and the clean tables behind it."""

    table: pd.DataFrame
    reviews: pd.DataFrame | None
    meetings: pd.DataFrame | None
    questions: pd.DataFrame
    settings: Settings


def partner_pack(data: PackData, partner_key: str, period: str, lang: str = "en") -> bytes:
    """The QBR pack of one partner and period (two or three A4 pages) as PDF bytes."""
    pdf = _new_pdf(t("pack_title", lang), lang)
    _partner_pages(pdf, data, partner_key, period, lang, compact=False)
    return bytes(pdf.output())


def portfolio_pack(data: PackData, period: str, lang: str = "en") -> bytes:
    """The QBR pack of every partner scored in `period`: a summary page, then one page per partner."""
    pdf = _new_pdf(t("pack_portfolio_title", lang), lang)
    rows = data.table[data.table["period"] == period].sort_values("partner_key")
    _summary_page(pdf, data, period, lang)
    for key in rows["partner_key"]:
        _partner_pages(pdf, data, key, period, lang, compact=True)
    return bytes(pdf.output())


def pack_file_name(period: str, lang: str, partner: str | None = None) -> str:
    """`qbr_agence_lumière_2026-H1_fr.pdf`, or `qbr_portfolio_…` without a partner: safe on every file system."""
    name = re.sub(r"[^\w-]+", "_", partner or "portfolio").strip("_").lower() or "partner"
    return f"qbr_{name}_{period}_{lang}.pdf"


# ---------------------------------------------------------------- the document

@lru_cache(maxsize=1)
def font_files() -> dict[str, Path]:
    """DejaVu Sans, regular and bold: it has French accents, arrows, minus and ≥ signs."""
    candidates = list(FONT_DIRS)
    try:
        import matplotlib
        candidates.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    except ImportError:
        pass
    for folder in candidates:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return {"": regular, "B": bold}
    raise FileNotFoundError("DejaVu Sans not found: install Debian's fonts-dejavu-core")


def _clean(text: object) -> str:
    """Text from files as one printable run (a control character would end up in the PDF's text layer)."""
    return _CONTROLS.sub(" ", str(text))


def _fpdf():
    from fpdf import FPDF  # imported on first use: the app and the CLI start without it

    class Pdf(FPDF):
        def __init__(self, title: str, lang: str):
            super().__init__(orientation="P", unit="mm", format="A4")
            self.pack_title, self.lang = title, lang
            for style, path in font_files().items():
                self.add_font("DejaVu", style, str(path))
            self.set_margins(16, 14, 16)
            self.set_auto_page_break(True, margin=16)
            self.set_title(title)
            self.set_lang(lang)
            self.set_creator("Partnership KPI")

        def footer(self):
            self.set_y(-11)
            self.set_font("DejaVu", "", 7.5)
            self.set_text_color(110, 110, 110)
            self.cell(0, 4, _clean(self.pack_title), align="L")
            self.set_x(self.l_margin)
            self.cell(0, 4, t("pack_page", self.lang, page=self.page_no(), pages="{nb}"), align="R")
            self.set_text_color(0, 0, 0)

    return Pdf


def _new_pdf(title: str, lang: str):
    return _fpdf()(title, lang)


def _heading(pdf, text: str, size: float = 12.5) -> None:
    if pdf.get_y() > pdf.h - pdf.b_margin - 30:  # never a heading alone at the foot of a page
        pdf.add_page()
    pdf.set_font("DejaVu", "B", size)
    pdf.multi_cell(0, size * 0.5, _clean(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font("DejaVu", "", 9.5)


def _line(pdf, text: str, size: float = 9.5, grey: bool = False) -> None:
    pdf.set_font("DejaVu", "", size)
    if grey:
        pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(0, size * 0.48, _clean(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)


def _note_mark(pdf, number: int) -> None:
    """A footnote's number after a heading, pointing to the notes at the end of the partner's pages."""
    pdf.set_font("DejaVu", "", 7.5)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(0, 3.5, f"[{number}]", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)


@dataclass(frozen=True)
class _Columns:
    """How a table is laid out: its columns' widths (mm), the first column's text on the left and the others'
    (figures) on the right, the cells' padding (mm), and where the table sits on the line (`LEFT`, `CENTER`)."""

    widths: tuple
    padding: float = 1.2
    where: str = "CENTER"


def _table(pdf, header: list[str], rows: list[list[str]], columns: _Columns) -> None:
    pdf.set_font("DejaVu", "", 9)
    widths = columns.widths
    with pdf.table(col_widths=widths, text_align=["LEFT"] + ["RIGHT"] * (len(header) - 1), line_height=4.6,
                   padding=columns.padding, align=columns.where, headings_style=_headings_style(),
                   borders_layout="HORIZONTAL_LINES", width=min(sum(widths), pdf.epw)) as table:
        for cells in [header, *rows]:
            row = table.row()
            for cell in cells:
                row.cell(_clean(cell))
    pdf.ln(2)


def _headings_style():
    from fpdf.fonts import FontFace
    return FontFace(family="DejaVu", emphasis="BOLD", fill_color=(238, 241, 245))


def _chart(pdf, chart, width_mm: float, width_px: int, x: float | None = None) -> None:
    """An Altair chart (or charts stacked, kept together) drawn at `width_px` CSS pixels, placed `width_mm` wide
    (at `x` mm, else the left margin); on a new page when it would not fit."""
    from PIL import Image

    pngs = [chart_png(part, width_px) for part in (chart if isinstance(chart, list) else [chart])]
    heights = []
    for png in pngs:
        with Image.open(io.BytesIO(png)) as image:
            heights.append(width_mm * image.height / image.width)
    if pdf.get_y() + sum(heights) > pdf.h - pdf.b_margin:
        pdf.add_page()
    for png, height_mm in zip(pngs, heights):
        pdf.image(io.BytesIO(png), x=pdf.l_margin if x is None else x, w=width_mm, h=height_mm)
    pdf.ln(2)


def chart_png(chart, width_px: int) -> bytes:
    """An Altair chart as PNG bytes, rendered by vl-convert without the network (the fonts are local)."""
    import vl_convert

    sized = chart.configure_view(continuousWidth=width_px, discreteWidth=width_px)
    return vl_convert.vegalite_to_png(sized.to_json(), scale=CHART_SCALE)


# ---------------------------------------------------------------- content

def _flag_text(flag: str | None, threshold: float, lang: str) -> str:
    return t(flag, lang) if flag else t("no_gap_flag", lang, n=f"{threshold:g}")


def _habit_flag_threshold(settings: Settings) -> float:
    for name in ("thresholds.habit_gap_flag", "thresholds.delivery_gap_flag"):
        try:
            return float(settings[name])
        except KeyError:
            continue
    return 10.0


def _previous_period(history: pd.DataFrame, period: str) -> str | None:
    earlier = history.loc[history["period"] < period, "period"]
    return None if earlier.empty else str(earlier.iloc[-1])


def _score_rows(row: pd.Series, lang: str) -> list[list[str]]:
    return [[t(h, lang), views.fmt(row[h], lang), views.fmt(row[f"trend_{h}"], lang, signed=True)]
            for h in (*SCORES, "overall")]


def _blind_spots(row: pd.Series, lang: str, threshold: float) -> list[list[str]]:
    """Rows of the blind-spot table (METHODOLOGY §5.1) when the scores table has habit_gap columns."""
    out = []
    for habit in SCORES:
        gap = row.get(f"habit_gap_{habit}")
        if f"habit_gap_{habit}" not in row.index:
            continue
        flag = ("" if gap is None or pd.isna(gap) else t("pack_blind_spot", lang) if gap >= threshold
                else t("pack_hidden_strength", lang) if gap <= -threshold else "")
        counts = [row.get(f"n_{side}_{habit}") for side in ("client_self", "partner_view")]
        out.append([t(habit, lang), views.fmt(row.get(f"client_self_{habit}"), lang),
                    views.fmt(row.get(f"partner_view_{habit}"), lang), views.fmt(gap, lang, signed=True), flag,
                    " / ".join("—" if n is None or pd.isna(n) else str(int(n)) for n in counts)])
    return out


def _concentrate(data: PackData, partner_key: str, period: str, lang: str) -> tuple[pd.DataFrame, int]:
    """The partner's "Concentrate here" questions in the period (as the Gaps page lists them), and n answers."""
    if data.reviews is None or data.reviews.empty:
        return pd.DataFrame(columns=["question_id", "text", "importance", "performance", "needs_gap",
                                     "n_answers"]), 0
    points = importance_performance(data.reviews, data.questions, data.settings, period=period,
                                    partner_key=partner_key)
    labelled = views.with_question_text(points, data.questions, lang)
    return labelled[labelled["quadrant"] == "Concentrate here"], int(points["n_answers"].sum())


def _cadence_lines(data: PackData, partner_key: str, period: str, row: pd.Series, lang: str) -> list[str]:
    settings = data.settings
    calendar = period_calendar([period], as_of_date(data.reviews, data.meetings), settings["period"])
    months, quarters = int(calendar["months"].iloc[0]), int(calendar["quarters"].iloc[0])
    meetings = views.partner_meetings(data.meetings, partner_key)
    start, end = period_bounds(period, settings["period"])
    inside = meetings[meetings["date"].ge(start) & meetings["date"].lt(end)] if len(meetings) else meetings
    qbrs = int(inside["meeting_type"].eq("qbr").sum()) if len(inside) else 0
    per_month, per_quarter = settings["targets.meetings_per_month"], settings["targets.qbrs_per_quarter"]
    return [
        t("pack_cadence_meetings", lang, n=int(row["n_meetings"]), target=_g(months * per_month, lang),
          per=_g(per_month, lang), months=months),
        t("pack_cadence_qbrs", lang, n=qbrs, target=_g(quarters * per_quarter, lang), per=_g(per_quarter, lang),
          quarters=quarters),
        t("pack_cadence_score", lang, value=views.fmt(row["cadence"], lang)),
    ]


def _g(value: float, lang: str) -> str:
    text = f"{float(value):g}"
    return text.replace(".", ",") if lang == "fr" else text


def _partner_pages(pdf, data: PackData, partner_key: str, period: str, lang: str, compact: bool) -> None:
    """One partner's pages: scores and trend, delivery gap and blind spots, needs, cadence, comments, notes."""
    from kpi import charts

    history = views.partner_rows(data.table, partner_key)
    row = history[history["period"] == period].iloc[0]
    kind = data.settings["period"]
    as_of = as_of_date(data.reviews, data.meetings)
    flag = data.settings["thresholds.delivery_gap_flag"]
    notes: list[str] = []

    def note(text: str) -> int:
        notes.append(text)
        return len(notes)

    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 8, _clean(row["partner"]), new_x="LMARGIN", new_y="NEXT")
    made = t("pack_generated", lang, period=views.period_text(period, as_of, kind, lang), today=_day(date.today()))
    _line(pdf, f"{t('pack_title', lang)} · {made}", 9, grey=True)
    _line(pdf, t("pack_counts", lang, n_reviews=int(row["n_reviews"]), n_meetings=int(row["n_meetings"])), 9,
          grey=True)
    if row["low_confidence"]:
        _line(pdf, "⚠ " + t("pack_low_confidence", lang), 9)
    pdf.ln(3)

    previous = _previous_period(history, period)
    _heading(pdf, t("pack_scores", lang))
    marks = [note(t("pack_note_scores", lang, n_reviews=int(row["n_reviews"]), n_meetings=int(row["n_meetings"]),
                    period=period)),
             note(t("pack_note_change", lang))]
    change = t("pack_change", lang, period=f"{previous} → {period}") if previous else t("pack_change_none", lang)
    header = [t("habit", lang), f"{t('score', lang)} [{marks[0]}]", f"{change} [{marks[1]}]"]
    trend = views.trend_long(data.table, partner_key)
    if compact:  # one page a partner: the scores and their trend side by side
        top = pdf.get_y()
        _table(pdf, header, _score_rows(row, lang), _Columns((36, 22, 34), padding=0.5, where="LEFT"))
        below_table = pdf.get_y()
        if not trend.empty:
            pdf.set_y(top)
            _chart(pdf, charts.trend(trend, lang).properties(height=150), width_mm=84, width_px=330,
                   x=pdf.l_margin + 96)
        pdf.set_y(max(below_table, pdf.get_y()))
    else:
        _table(pdf, header, _score_rows(row, lang), _Columns((60, 40, 80)))
        if not trend.empty:
            _heading(pdf, t("trend_title", lang), 11)
            _chart(pdf, charts.trend(trend, lang).properties(height=170), width_mm=160, width_px=560)

    _heading(pdf, t("pack_delivery", lang), 11)
    gap_note = note(t("pack_note_gap", lang, flag=f"{flag:g}", n_reviews=int(row["n_reviews"])))
    if pd.isna(row["delivery_gap"]):
        _line(pdf, t("pack_no_gap", lang) + f" [{gap_note}]")
    else:
        _line(pdf, t("pack_gap_line", lang, self=views.fmt(row["self"], lang),
                     client=views.fmt(row["client_view"], lang), gap=views.fmt(row["delivery_gap"], lang, signed=True),
                     flag=_flag_text(row["gap_flag"], flag, lang)) + f" [{gap_note}]")
        gap_long = views.gap_history(data.table, partner_key)
        if not compact and not gap_long.empty:
            pdf.ln(1)
            drawn = charts.gap_history(gap_long, lang, flag)
            if isinstance(drawn, list):  # the page stacks it in parts: the views, then the gap
                drawn = [part.properties(height=height) for part, height in zip(drawn, (80, 60))]
            _chart(pdf, drawn, width_mm=110, width_px=480)
    pdf.ln(2)

    spots = _blind_spots(row, lang, _habit_flag_threshold(data.settings))
    if spots:
        _heading(pdf, t("pack_blind_spots", lang), 11)
        mark = note(t("pack_note_blind", lang, flag=f"{_habit_flag_threshold(data.settings):g}"))
        _table(pdf, [t("habit", lang), t("pack_client_self", lang), t("pack_partner_view", lang),
                     f"{t('pack_habit_gap', lang)} [{mark}]", "", "n"], spots,
               _Columns((38, 34, 30, 22, 34, 20), padding=0.5 if compact else 1.2))

    focus, n_answers = _concentrate(data, partner_key, period, lang)
    _heading(pdf, t("Concentrate here", lang), 11)
    mark = note(t("pack_note_ipa", lang, n=n_answers))
    if focus.empty:
        _line(pdf, t("pack_no_concentrate", lang) + f" [{mark}]")
        pdf.ln(2)
    else:
        shown = focus.head(3 if compact else CONCENTRATE_SHOWN)
        _table(pdf, [t("question", lang), t("importance", lang), t("performance", lang),
                     f"{t('needs_gap', lang)} [{mark}]", "n"],
               [[f"{q.question_id} · {q.text}", views.fmt(q.importance, lang), views.fmt(q.performance, lang),
                 views.fmt(q.needs_gap, lang, signed=True), str(q.n_answers)] for q in shown.itertuples()],
               _Columns((84, 26, 28, 26, 14), padding=0.5 if compact else 1.2))

    _heading(pdf, t("pack_cadence", lang), 11)
    mark = note(t("pack_note_cadence", lang, n_meetings=int(row["n_meetings"])))
    lines = _cadence_lines(data, partner_key, period, row, lang)
    if compact:  # one page a partner: the three facts on one line
        lines = [" · ".join(lines)]
    for i, text in enumerate(lines):
        _line(pdf, text + (f" [{mark}]" if i == len(lines) - 1 else ""))
    pdf.ln(2)

    if not compact:
        comments = views.partner_comments(data.reviews, partner_key, period, data.settings)
        _heading(pdf, t("comments", lang), 11)
        mark = note(t("pack_note_comments", lang, n=len(comments)))
        for side in ("client", "agency"):
            pdf.set_font("DejaVu", "B", 9.5)
            pdf.multi_cell(0, 5, t(f"pack_side_{side}", lang) + (f" [{mark}]" if side == "client" else ""),
                           new_x="LMARGIN", new_y="NEXT")
            said = comments[comments["respondent_side"] == side].head(COMMENTS_PER_SIDE)
            if said.empty:
                _line(pdf, t("pack_no_comment", lang), 9, grey=True)
            for c in said.itertuples():
                _line(pdf, t("pack_quoted", lang, text=c.comment), 9.5)
                _line(pdf, f"— {_day(c.review_date)}", 8, grey=True)
                pdf.ln(0.8)
            pdf.ln(1.5)

    _notes(pdf, notes, lang, 7 if compact else 7.5)


def _notes(pdf, notes: list[str], lang: str, size: float) -> None:
    pdf.ln(2)
    pdf.set_draw_color(200, 200, 200)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + 60, pdf.get_y())
    pdf.ln(1.5)
    pdf.set_font("DejaVu", "B", 8.5)
    pdf.multi_cell(0, 4.2, t("pack_notes", lang), new_x="LMARGIN", new_y="NEXT")
    for number, text in enumerate(notes, 1):
        _line(pdf, f"[{number}] {text}", size, grey=True)


def _day(value) -> str:
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _summary_page(pdf, data: PackData, period: str, lang: str) -> None:
    """The portfolio at a glance: the heatmap of the dashboard, then each partner's overall, change and gap."""
    from kpi import charts

    rows = data.table[data.table["period"] == period].sort_values("partner_key")
    as_of = as_of_date(data.reviews, data.meetings)
    flag = data.settings["thresholds.delivery_gap_flag"]
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 8, t("pack_portfolio_title", lang), new_x="LMARGIN", new_y="NEXT")
    _line(pdf, t("pack_generated", lang, period=views.period_text(period, as_of, data.settings["period"], lang),
                 today=_day(date.today())), 9, grey=True)
    pdf.ln(3)
    _heading(pdf, t("pack_summary", lang, n=len(rows)))
    long = views.scorecard(data.table, period)
    if not long.empty:
        # without grid lines: on paper they run through the cells' figures
        _chart(pdf, charts.heatmap(long, lang).configure_axis(grid=False), width_mm=178, width_px=620)
    _table(pdf, [t("nav_partner", lang), t("overall", lang), t("change_since", lang), t("delivery_gap", lang), "n"],
           [[str(r.partner), views.fmt(r.overall, lang), views.fmt(r.trend_overall, lang, signed=True),
             views.fmt(r.delivery_gap, lang, signed=True)
             + ("" if pd.isna(r.delivery_gap) else f" ({_flag_text(r.gap_flag, flag, lang)})"),
             str(int(r.n_reviews))] for r in rows.itertuples()],
           _Columns((46, 22, 34, 62, 14)))
    _line(pdf, t("pack_note_scores", lang, n_reviews=int(rows["n_reviews"].sum()),
                 n_meetings=int(rows["n_meetings"].sum()), period=period), 7.5, grey=True)
    _line(pdf, t("pack_note_change", lang), 7.5, grey=True)
