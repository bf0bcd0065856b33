"""One Altair theme and the dashboard's charts, as Altair charts: inputs are frames shaped by kpi.views.

Pure Altair (no Streamlit): the pages draw them through ui.charts, the QBR pack (kpi.reports.pdf) renders them
offline.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from kpi.i18n import t
from kpi.settings import SCORES
from kpi.views import fmt


HABIT_COLOURS = {
    "informed": "#2563eb", "involved": "#ea580c", "inspired": "#9333ea",
    "interconnected": "#0891b2", "improving": "#16a34a", "overall": "#374151",
}
VIEW_COLOURS = {"self": "#ea580c", "client_view": "#2563eb", "delivery_gap": "#6b7280"}
MEETING_COLOURS = ["#2563eb", "#6b7280", "#16a34a", "#9333ea", "#dc2626", "#ea580c", "#a3a3a3"]
SCORE_SCHEME = alt.Scale(domain=[0, 50, 100], range=["#d73027", "#fee08b", "#1a9850"])


@alt.theme.register("kpi", enable=True)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": "Source Sans Pro, sans-serif",
            "title": {"fontSize": 16, "anchor": "start", "fontWeight": 600},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "grid": True, "gridColor": "#eeeeee"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "view": {"stroke": None},
        }
    }


def localized(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """The chart with the language's number and date formats: decimal comma and French month names in French."""
    if lang != "fr":
        return chart
    number = {"decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", "\u00a0€"]}
    time = {"dateTime": "%A %e %B %Y à %X", "date": "%d/%m/%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
            "days": t("days_long", lang).split(), "shortDays": t("days_short", lang).split(),
            "months": t("months_long", lang).split(), "shortMonths": t("months_short", lang).split()}
    return chart.configure(locale={"number": number, "time": time})


def habit_label(lang: str):
    """A function giving the translated name of a habit or column key."""
    return lambda key: t(key, lang)


def _habit_scale(lang: str, habits=(*SCORES, "overall")) -> alt.Scale:
    return alt.Scale(domain=[t(h, lang) for h in habits], range=[HABIT_COLOURS[h] for h in habits])


def heatmap(long: pd.DataFrame, lang: str) -> alt.Chart:
    """Partner × habit scorecard, 0–100 colour, low-confidence cells faded; a cell links to its partner (`url`).

    Under each score, its change since the partner's previous period (the page says so beside the chart)."""
    data = long.assign(
        habit_label=long["habit"].map(habit_label(lang)),
        label=long["score"].map(lambda v: "" if pd.isna(v) else fmt(v, lang)),
        change_label=long["change"].map(lambda v: "" if pd.isna(v) else fmt(v, lang, signed=True)),
        confidence=long["low_confidence"].map({True: t("yes", lang), False: t("no", lang)}),
    )
    order = [t(h, lang) for h in (*SCORES, "overall")]
    # Every habit named, whatever the width: Vega would drop labels that touch, so long names wrap on a space
    # and are never hidden; under the cells, where a wrapped name has room (over them, it ran into the first row).
    axis = alt.Axis(orient="bottom", labelAngle=0, labelOverlap=False, labelLimit=0, labelPadding=6,
                    labelExpr="split(datum.label, ' ')")
    base = alt.Chart(data).encode(
        x=alt.X("habit_label:N", sort=order, title=None, axis=axis),
        y=alt.Y("partner:N", title=None, sort=alt.EncodingSortField("rank", order="ascending")),
    )
    tooltip = [
        alt.Tooltip("partner:N", title=t("partner", lang)),
        alt.Tooltip("habit_label:N", title=t("habit", lang)),
        alt.Tooltip("score:Q", title=t("score", lang), format=".1f"),
        alt.Tooltip("change:Q", title=t("change_since", lang), format="+.1f"),
        alt.Tooltip("n_reviews:Q", title=t("n_reviews", lang)),
        alt.Tooltip("n_meetings:Q", title=t("n_meetings", lang)),
        alt.Tooltip("confidence:N", title=t("low_confidence", lang)),
    ]
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("score:Q", scale=SCORE_SCHEME, title=t("score", lang),
                        legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=160)),
        opacity=alt.condition("datum.low_confidence", alt.value(0.45), alt.value(1.0)),
        tooltip=tooltip, href="url:N",
    )
    values = base.mark_text(fontSize=14, fontWeight=600, dy=-6).encode(text="label:N", tooltip=tooltip)
    changes = base.mark_text(fontSize=11, dy=10, color="#374151").encode(text="change_label:N", tooltip=tooltip)
    chart = (cells + values + changes).properties(height=46 * max(1, data["partner"].nunique()))
    return localized(chart, lang)


def trend(long: pd.DataFrame, lang: str, highlight: str | None = None) -> alt.Chart:
    """Scores of one partner over periods, one line per habit."""
    data = long.assign(habit_label=long["habit"].map(habit_label(lang)))
    stroke = alt.condition(alt.datum.habit == highlight, alt.value(4), alt.value(2)) if highlight else alt.value(2.5)
    return localized(alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("period:O", title=t("period", lang)),
        y=alt.Y("score:Q", title=t("score", lang), scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("habit_label:N", scale=_habit_scale(lang), title=None,
                        legend=alt.Legend(orient="bottom", columns=2)),
        strokeWidth=stroke,
        tooltip=[alt.Tooltip("period:O", title=t("period", lang)),
                 alt.Tooltip("habit_label:N", title=t("habit", lang)),
                 alt.Tooltip("score:Q", title=t("score", lang), format=".1f"),
                 alt.Tooltip("n_reviews:Q", title=t("n_reviews", lang))],
    ).properties(height=320), lang)


def contributions(explained: pd.DataFrame, lang: str) -> alt.Chart:
    """Stacked bars: each habit's score split into its components' contributions."""
    data = explained.dropna(subset=["contribution"]).assign(
        habit_label=lambda d: d["score"].map(habit_label(lang)),
        component_label=lambda d: d["component"].map(habit_label(lang)),
    )
    order = [t(h, lang) for h in SCORES]
    return localized(alt.Chart(data).mark_bar().encode(
        y=alt.Y("habit_label:N", sort=order, title=None),
        x=alt.X("contribution:Q", title=t("score", lang), scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("component_label:N", title=t("component", lang), scale=alt.Scale(scheme="tableau20"),
                        legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=[alt.Tooltip("habit_label:N", title=t("habit", lang)),
                 alt.Tooltip("component_label:N", title=t("component", lang)),
                 alt.Tooltip("value:Q", title=t("value", lang), format=".1f"),
                 alt.Tooltip("effective_weight:Q", title=t("effective_weight", lang), format=".0%"),
                 alt.Tooltip("contribution:Q", title=t("contribution", lang), format=".1f")],
    ).properties(height=220), lang)


def gap_history(long: pd.DataFrame, lang: str, flag: float = 10.0) -> list[alt.Chart]:
    """Self-view and client view of delivery over periods (0–100), and below, the gap with its ±flag lines.

    Two charts drawn one below the other (a Vega vconcat is wider than the column Streamlit gives it)."""
    views = long[long["view"] != "delivery_gap"].assign(view_label=lambda d: d["view"].map(habit_label(lang)))
    gap = long[long["view"] == "delivery_gap"].assign(
        side=lambda d: d["value"].map(lambda v: "over" if v >= flag else "under" if v <= -flag else "within"))
    scale = alt.Scale(domain=[t("self", lang), t("client_view", lang)],
                      range=[VIEW_COLOURS["self"], VIEW_COLOURS["client_view"]])
    x = alt.X("period:O", title=None)
    lines = alt.Chart(views).mark_line(point=True).encode(
        x=x, y=alt.Y("value:Q", title=t("score", lang), scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("view_label:N", scale=scale, title=None, legend=alt.Legend(orient="top", direction="vertical")),
        tooltip=[alt.Tooltip("period:O", title=t("period", lang)), alt.Tooltip("view_label:N", title=""),
                 alt.Tooltip("value:Q", title=t("score", lang), format=".1f")],
    ).properties(height=170)
    reach = max(flag * 2, float(gap["value"].abs().max()) if len(gap) else 0.0) + 5
    bars = alt.Chart(gap).mark_bar(size=18).encode(
        x=alt.X("period:O", title=t("period", lang)),
        y=alt.Y("value:Q", title=t("delivery_gap", lang), scale=alt.Scale(domain=[-reach, reach])),
        color=alt.Color("side:N", legend=None, scale=alt.Scale(domain=["over", "under", "within"],
                                                               range=["#dc2626", "#16a34a", "#9ca3af"])),
        tooltip=[alt.Tooltip("period:O", title=t("period", lang)),
                 alt.Tooltip("value:Q", title=t("delivery_gap", lang), format="+.1f")],
    )
    limits = alt.Chart(pd.DataFrame({"y": [flag, -flag, 0.0]})).mark_rule(strokeDash=[4, 4], color="#6b7280").encode(
        y="y:Q")
    return [localized(lines, lang), localized((bars + limits).properties(height=110), lang)]


def dumbbell(gaps: pd.DataFrame, lang: str, flag: float) -> alt.Chart:
    """Per partner: client view and self-view of delivery joined by a line; flagged gaps in colour."""
    data = gaps.assign(
        flag_label=gaps["gap_flag"].map(lambda f: t(f, lang) if f else t("no_gap_flag", lang, n=f"{flag:g}")),
    )
    order = data["partner"].tolist()
    y = alt.Y("partner:N", sort=order, title=None)
    tooltip = [alt.Tooltip("partner:N", title=t("partner", lang)),
               alt.Tooltip("self:Q", title=t("self", lang), format=".1f"),
               alt.Tooltip("client_view:Q", title=t("client_view", lang), format=".1f"),
               alt.Tooltip("delivery_gap:Q", title=t("delivery_gap", lang), format="+.1f"),
               alt.Tooltip("flag_label:N", title=""),
               alt.Tooltip("n_reviews:Q", title=t("n_reviews", lang))]
    flag_scale = alt.Scale(domain=[t("overpromise", lang), t("underpromise", lang), t("no_gap_flag", lang, n=f"{flag:g}")],
                           range=["#dc2626", "#16a34a", "#9ca3af"])
    rule = alt.Chart(data).mark_rule(strokeWidth=4).encode(
        y=y, x=alt.X("client_view:Q", title=t("score", lang), scale=alt.Scale(domain=[0, 100])), x2="self:Q",
        color=alt.Color("flag_label:N", scale=flag_scale, title=None, legend=alt.Legend(orient="top", direction="vertical")),
        tooltip=tooltip)
    long = pd.concat([
        data.assign(view=t("client_view", lang), value=data["client_view"]),
        data.assign(view=t("self", lang), value=data["self"]),
    ])
    points = alt.Chart(long).mark_point(filled=True, size=140).encode(
        y=y, x="value:Q",
        shape=alt.Shape("view:N", title=None, scale=alt.Scale(domain=[t("client_view", lang), t("self", lang)],
                                                              range=["circle", "square"])),
        fill=alt.Fill("view:N", scale=alt.Scale(domain=[t("client_view", lang), t("self", lang)],
                                                range=[VIEW_COLOURS["client_view"], VIEW_COLOURS["self"]]), title=None),
        color=alt.value("white"),
        tooltip=tooltip)
    labels = alt.Chart(data).mark_text(align="left", dx=8, fontSize=12).encode(
        y=y, x=alt.X("max_view:Q"), text=alt.Text("delivery_gap:Q", format="+.1f"),
    ).transform_calculate(max_view="max(datum.self, datum.client_view)")
    chart = alt.layer(rule, points, labels).resolve_scale(color="independent").properties(height=max(160, 40 * len(data)))
    return localized(chart, lang)


def quadrants(points: pd.DataFrame, lang: str, split: dict) -> alt.Chart:
    """Importance–performance scatter with the mean lines and the four named quadrants."""
    data = points.dropna(subset=["performance"]).assign(
        quadrant_label=lambda d: d["quadrant"].map(habit_label(lang)),
        kpi_label=lambda d: d["kpi"].map(habit_label(lang)),
    )
    x0, y0 = split.get("importance"), split.get("performance")
    domain = [t(q, lang) for q in ("Concentrate here", "Keep up the good work", "Low priority", "Possible overkill")]
    scale = alt.Scale(domain=domain, range=["#dc2626", "#16a34a", "#9ca3af", "#ca8a04"])
    dots = alt.Chart(data).mark_circle(size=160, opacity=0.85).encode(
        x=alt.X("importance:Q", title=t("importance", lang), scale=alt.Scale(zero=False, padding=20)),
        y=alt.Y("performance:Q", title=t("performance", lang), scale=alt.Scale(zero=False, padding=20)),
        color=alt.Color("quadrant_label:N", scale=scale, title=t("quadrant", lang), legend=alt.Legend(columns=2)),
        tooltip=[alt.Tooltip("question_id:N", title="ID"), alt.Tooltip("text:N", title=t("question", lang)),
                 alt.Tooltip("kpi_label:N", title=t("habit", lang)),
                 alt.Tooltip("importance:Q", title=t("importance", lang), format=".1f"),
                 alt.Tooltip("performance:Q", title=t("performance", lang), format=".1f"),
                 alt.Tooltip("needs_gap:Q", title=t("needs_gap", lang), format="+.1f"),
                 alt.Tooltip("n_answers:Q", title="n")],
    )
    ids = alt.Chart(data).mark_text(dy=-12, fontSize=11).encode(x="importance:Q", y="performance:Q",
                                                                text="question_id:N")
    layers = [dots, ids]
    if x0 is not None and pd.notna(x0):
        layers.append(alt.Chart(pd.DataFrame({"x": [x0]})).mark_rule(strokeDash=[4, 4], color="#6b7280").encode(x="x:Q"))
    if y0 is not None and pd.notna(y0):
        layers.append(alt.Chart(pd.DataFrame({"y": [y0]})).mark_rule(strokeDash=[4, 4], color="#6b7280").encode(y="y:Q"))
    layers.append(_quadrant_names(data, lang, x0, y0))
    return localized(alt.layer(*layers).properties(height=420), lang)


def _quadrant_names(data: pd.DataFrame, lang: str, x0, y0) -> alt.Chart:
    """The four quadrant names written in their corners, so the chart reads without its legend."""
    x_lo, x_hi = float(data["importance"].min()), float(data["importance"].max())
    y_lo, y_hi = float(data["performance"].min()), float(data["performance"].max())
    corners = pd.DataFrame([
        {"x": x_hi, "y": y_lo, "align": "right", "name": t("Concentrate here", lang), "colour": "#dc2626"},
        {"x": x_hi, "y": y_hi, "align": "right", "name": t("Keep up the good work", lang), "colour": "#16a34a"},
        {"x": x_lo, "y": y_lo, "align": "left", "name": t("Low priority", lang), "colour": "#6b7280"},
        {"x": x_lo, "y": y_hi, "align": "left", "name": t("Possible overkill", lang), "colour": "#ca8a04"},
    ])
    right = alt.Chart(corners[corners["align"] == "right"]).mark_text(align="right", fontWeight=600, fontSize=12,
                                                                      opacity=0.8)
    left = alt.Chart(corners[corners["align"] == "left"]).mark_text(align="left", fontWeight=600, fontSize=12,
                                                                    opacity=0.8)
    encode = dict(x="x:Q", y="y:Q", text="name:N", color=alt.Color("colour:N", scale=None))
    return alt.layer(right.encode(**encode), left.encode(**encode))


def meeting_timeline(meetings: pd.DataFrame, lang: str) -> alt.Chart:
    """One tick per meeting, by type, over time; joint meetings drawn larger."""
    data = meetings.assign(type_label=meetings["meeting_type"].map(lambda m: t(f"mt_{m}", lang)),
                           joint=meetings["n_partners"] > 1)
    return localized(alt.Chart(data).mark_circle(opacity=0.8).encode(
        x=alt.X("date:T", title=t("date", lang)),
        y=alt.Y("type_label:N", title=None, axis=alt.Axis(labelLimit=0)),  # the types name themselves
        color=alt.Color("type_label:N", legend=None, scale=alt.Scale(range=MEETING_COLOURS)),
        size=alt.condition("datum.joint", alt.value(160), alt.value(60)),
        tooltip=[alt.Tooltip("date:T", title=t("date", lang), format="%Y-%m-%d %H:%M"),
                 alt.Tooltip("type_label:N", title=t("meeting_type", lang)),
                 alt.Tooltip("partner:N", title=t("partner", lang)),
                 alt.Tooltip("duration_min:Q", title="min"),
                 alt.Tooltip("actions_opened:Q", title=t("col_actions_opened", lang)),
                 alt.Tooltip("actions_closed:Q", title=t("col_actions_closed", lang))],
    ).properties(height=240), lang)


HABIT_VIEW_COLOURS = {"client_self": "#2563eb", "partner_view": "#ea580c"}
HABIT_FLAG_COLOURS = {"blind_spot": "#dc2626", "hidden_strength": "#16a34a", "": "#9ca3af"}


def habit_pairs(pairs: pd.DataFrame, lang: str) -> alt.Chart:
    """Per habit, two bars: the client's view of itself and the partner's view of the client (0–100), each
    labelled with its value and n; a missing side is a label without a bar (METHODOLOGY §5.1)."""
    views = ("client_self", "partner_view")
    long = pd.concat([pd.DataFrame({
        "habit_label": pairs["habit"].map(habit_label(lang)), "view": view, "view_label": t(view, lang),
        "value": pairs[view].astype(float), "n": pairs[f"n_{view}"].astype(int),
        "gap": pairs["habit_gap"].astype(float),
    }) for view in views], ignore_index=True)
    long["label"] = [f"{t('bs_no_answer', lang)} · n = 0" if pd.isna(v) else f"{fmt(v, lang)} · n = {n}"
                     for v, n in zip(long["value"], long["n"])]
    long["x_text"] = long["value"].fillna(0.0)
    order = [t(h, lang) for h in SCORES]
    domain = [t(v, lang) for v in views]
    y = alt.Y("habit_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=0))
    offset = alt.YOffset("view_label:N", sort=domain, scale=alt.Scale(domain=domain))
    tooltip = [alt.Tooltip("habit_label:N", title=t("habit", lang)), alt.Tooltip("view_label:N", title=""),
               alt.Tooltip("value:Q", title=t("score", lang), format=".1f"), alt.Tooltip("n:Q", title="n"),
               alt.Tooltip("gap:Q", title=t("habit_gap", lang), format="+.1f")]
    bars = alt.Chart(long).mark_bar(height=12).encode(
        y=y, yOffset=offset, x=alt.X("value:Q", title=t("score", lang), scale=alt.Scale(domain=[0, 118]),
                                     axis=alt.Axis(values=list(range(0, 101, 20)))),  # room past 100 for labels
        color=alt.Color("view_label:N", title=None, scale=alt.Scale(
            domain=domain, range=[HABIT_VIEW_COLOURS[v] for v in views]),
            legend=alt.Legend(orient="top", direction="vertical")),  # in a row, French names were cut at 1024 px
        tooltip=tooltip)
    labels = alt.Chart(long).mark_text(align="left", dx=4, fontSize=11, color="#374151").encode(
        y=y, yOffset=offset, x="x_text:Q", text="label:N", tooltip=tooltip)
    return (bars + labels).properties(height=52 * len(SCORES))


def habit_overrating(long: pd.DataFrame, summary: pd.DataFrame, lang: str, flag: float) -> alt.Chart:
    """Across partners, per habit: each partner's habit_gap as a dot, the mean as a bar, ±flag as dashed lines;
    habits ordered as in `summary` (the most over-rated first)."""
    data = long[long["habit_gap"].notna()].assign(
        habit_label=lambda d: d["habit"].map(habit_label(lang)),
        flag_label=lambda d: d["habit_flag"].map(lambda f: t(f, lang) if f else "—"),
    )
    means = summary.dropna(subset=["mean_gap"]).assign(habit_label=lambda d: d["habit"].map(habit_label(lang)))
    order = [t(h, lang) for h in summary["habit"]]
    y = alt.Y("habit_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=0))
    reach = max(flag * 2, float(data["habit_gap"].abs().max()) if len(data) else 0.0) + 5
    x = alt.X("habit_gap:Q", title=t("habit_gap", lang), scale=alt.Scale(domain=[-reach, reach]))
    bars = alt.Chart(means).mark_bar(height=16, opacity=0.35, color="#6b7280").encode(
        y=y, x=alt.X("mean_gap:Q", title=t("habit_gap", lang), scale=alt.Scale(domain=[-reach, reach])),
        tooltip=[alt.Tooltip("habit_label:N", title=t("habit", lang)),
                 alt.Tooltip("mean_gap:Q", title=t("mean_gap", lang), format="+.1f"),
                 alt.Tooltip("n_partners:Q", title=t("n_partners", lang))])
    names = [t("blind_spot", lang), t("hidden_strength", lang), t("bs_within", lang, n=f"{flag:g}")]
    data = data.assign(flag_name=data["habit_flag"].map(dict(zip(HABIT_FLAG_COLOURS, names))))
    dots = alt.Chart(data).mark_circle(size=110, opacity=0.85).encode(
        y=y, x=x,
        color=alt.Color("flag_name:N", title=None, legend=alt.Legend(orient="top", direction="vertical"),
                        scale=alt.Scale(domain=names, range=list(HABIT_FLAG_COLOURS.values()))),
        tooltip=[alt.Tooltip("partner:N", title=t("partner", lang)),
                 alt.Tooltip("habit_label:N", title=t("habit", lang)),
                 alt.Tooltip("client_self:Q", title=t("client_self", lang), format=".1f"),
                 alt.Tooltip("n_client_self:Q", title=t("n_client_self", lang)),
                 alt.Tooltip("partner_view:Q", title=t("partner_view", lang), format=".1f"),
                 alt.Tooltip("n_partner_view:Q", title=t("n_partner_view", lang)),
                 alt.Tooltip("habit_gap:Q", title=t("habit_gap", lang), format="+.1f"),
                 alt.Tooltip("flag_label:N", title=t("habit_flag", lang))])
    limits = alt.Chart(pd.DataFrame({"x": [flag, -flag]})).mark_rule(strokeDash=[4, 4], color="#6b7280").encode(
        x="x:Q")
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#374151").encode(x="x:Q")
    return alt.layer(bars, limits, zero, dots).properties(height=44 * len(SCORES))
