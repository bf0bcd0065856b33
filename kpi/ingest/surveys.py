"""The survey-export rules of METHODOLOGY §8, shared by every survey format.

A format module says where a tool puts its header rows and metadata (`Layout`); this
module does the rest: which responses are kept, which column is the partner, the side,
each bank question and the comment, and what each answer's score is. `to_canonical`
returns long answer rows that keep the position of their file row, ready for the same
parsing and rule checks as any reviews table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kpi.ingest.base import Layout, has_phrase
from kpi.ingest.mapping import IGNORE, Mapping
from kpi.contracts.schema import NOT_APPLICABLE_FOLDED, VALUE_ALIASES, column_lookup, fold
from kpi.validate.values import as_text, is_blank

PARTNER_PHRASES = ("which agency", "which partner", "agency name", "partner name", "agency rated",
                   "agence evaluee", "quelle agence", "quel partenaire", "partenaire evalue", "nom de l agence")
SIDE_PHRASES = ("you are", "your role", "respondent type", "you work for", "vous etes", "votre role",
                "vous travaillez")
_SIDE_STEMS = ("you are", "vous etes")
_SIDE_NOUNS = tuple(p for p in SIDE_PHRASES if p not in _SIDE_STEMS)
_SIDE_STEM = re.compile(r"\b(?:%s)\b" % "|".join(_SIDE_STEMS))
_SIDE_STEM_ENDS = re.compile(  # `you are`, then at most an article and a bracketed instruction, then the end
    _SIDE_STEM.pattern + r"\s*(?:(?:a|an|un|une)\s*)?(?:\([^()]*\)\s*)?(?:[:?.!/\u2013\u2014-]|$)")
COMMENT_PHRASES = ("comment", "comments", "commentaire", "commentaires", "anything else", "autre chose",
                   "remarks", "remarques")
PLACEHOLDER_RESPONDENTS = ("anonymous", "anonyme", "anonym", "anonimo", "anónimo")
"""What survey tools write in a name or e-mail column for an anonymous response: nobody, not a person."""
_FRENCH_HOW = re.compile(
    r"^comment\s+(?:[a-z]+-(?:t-)?(?:vous|tu|il|elle|on|nous|ils|elles)\b"
    r"|(?:le|la|les|l|vous|nous|votre|vos|notre|nos|ce|cet|cette|ces|se|s|y|en)\b)")

LABEL_SETS: dict[str, tuple[tuple[str, ...], ...]] = {
    "agreement": (
        ("strongly disagree", "pas du tout d accord"),
        ("disagree", "pas d accord", "plutot pas d accord"),
        ("neither agree nor disagree", "neutral", "ni d accord ni pas d accord", "neutre"),
        ("agree", "d accord", "plutot d accord"),
        ("strongly agree", "tout a fait d accord"),
    ),
    "quality": (
        ("very poor", "tres mauvais"), ("poor", "mauvais"), ("fair", "moyen"), ("good", "bon"), ("excellent",),
    ),
    "frequency": (
        ("never", "jamais"), ("rarely", "rarement"), ("sometimes", "parfois"), ("often", "souvent"),
        ("always", "toujours"),
    ),
}
"""Label k of n stands for scale_min + (k−1)(scale_max − scale_min)/(n−1)."""

NOT_APPLICABLE_LABELS = ("n/a", "na", "not applicable", "don't know", "dont know", "does not apply",
                         "sans objet", "ne sais pas", "non concerne", "non concernee", "non applicable")

DROP_REASONS = ("preview", "test", "spam", "unfinished", "empty")
_STATUS = {"1": "preview", "17": "preview", "2": "test", "8": "spam", "9": "spam", "12": "spam",
           "surveypreview": "preview", "offlinesurveypreview": "preview", "surveytest": "test", "spam": "spam",
           "surveypreviewspam": "spam", "previewspam": "spam", "importedspam": "spam"}
_CHANNEL = {"preview": "preview", "test": "test"}
_FALSE = {"false", "0", "faux", "no", "non"}
_LEADING_NUMBER = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:[-–—=:.)]|$)")


def _label_lookup() -> dict[str, tuple[str, int, int]]:
    out = {}
    for scale, levels in LABEL_SETS.items():
        for k, names in enumerate(levels, start=1):
            for name in names:
                out.setdefault(fold(name), (scale, k, len(levels)))
    return out


LABELS = _label_lookup()
NA_FOLDED = frozenset(fold(v) for v in NOT_APPLICABLE_LABELS) | NOT_APPLICABLE_FOLDED


@dataclass
class Canonical:
    """A survey export turned into long answers, with what was dropped and what is still to settle."""

    answers: pd.DataFrame  # review_id, review_date, partner, respondent_side, respondent, question_id,
    #                        score, comment, _pos (row position in the raw frame), _header, _label_problem
    dropped: dict[str, np.ndarray]  # reason → positions of dropped rows
    mapping: dict[str, str]  # canonical column or question id → source header (or "= constant")
    questions: dict[int, str]  # column position → question id
    unmatched: list[str]  # headers of columns that are no question, no metadata and nothing else known
    needs: list[str]  # what a mapping must still settle: partner, respondent_side, questions, labels
    labels_unknown: list[str] = field(default_factory=list)  # answer texts no label set knows
    partner_codes: list[str] = field(default_factory=list)  # numeric codes in the partner column, not yet named
    sides_unknown: list[str] = field(default_factory=list)  # side answers naming neither side, not yet settled


# ---------------------------------------------------------------- columns


def bank_lookup(bank: pd.DataFrame) -> dict[str, str]:
    """Folded question id and wordings (every language) → question id."""
    out: dict[str, str] = {}
    for col in ("text_fr", "text", "question_id"):
        for qid, text in zip(bank["question_id"], bank[col]):
            if isinstance(text, str) and text:
                out[fold(text)] = qid
    return out


def match_question(header: str, code: str, bank: pd.DataFrame, lookup: dict[str, str] | None = None) -> str | None:
    """The bank question a column is, by text, grid row, id prefix or code (METHODOLOGY §8); else None."""
    lookup = lookup if lookup is not None else bank_lookup(bank)
    ids = {fold(q): q for q in bank["question_id"]}
    header = str(header).strip()
    for candidate in _candidates(header):
        hit = lookup.get(fold(candidate))
        if hit:
            return hit
        hit = _prefix_match(candidate, bank)
        if hit:
            return hit
    if code and fold(code) in ids:
        return ids[fold(code)]
    m = re.match(r"^\s*([A-Za-z][\w]*)\s*(?:[.:)\]–—-]|\s-\s)\s*\S", header)
    if m and fold(m.group(1)) in ids:
        return ids[fold(m.group(1))]
    return None


def _candidates(header: str) -> list[str]:
    """The header, its grid row (`Stem [Row]`, `Stem - Row`) and its text after an id prefix."""
    out = [header]
    bracket = re.match(r"^.*\[(?P<row>[^\[\]]+)\]\s*$", header, re.S)
    if bracket:
        out.append(bracket["row"])
    if " - " in header:
        out.append(header.rsplit(" - ", 1)[1])
    prefixed = re.match(r"^\s*[A-Za-z][\w]*\s*[.:)]\s+(?P<text>.+)$", header, re.S)
    if prefixed:
        out.append(prefixed["text"])
    return out


def _prefix_match(text: str, bank: pd.DataFrame) -> str | None:
    """A header cut with '...' matches the one bank text it is the first 30 or more characters of."""
    stripped = text.rstrip()
    for ellipsis in ("...", "…"):
        if stripped.endswith(ellipsis):
            stem = stripped[: -len(ellipsis)].rstrip()
            if len(stem) < 30:
                return None
            key = fold(stem)
            hits = {qid for col in ("text", "text_fr") for qid, t in zip(bank["question_id"], bank[col])
                    if isinstance(t, str) and fold(t).startswith(key)}
            return hits.pop() if len(hits) == 1 else None
    return None


def is_comment_header(header: str) -> bool:
    """A free-text comment column: its header holds a comment phrase (§8), read as a French question or not.

    METHODOLOGY §8 read literally makes any header holding the word *comment* a comment column,
    but in French *comment* means "how": `Comment évaluez-vous la livraison ?` asks for ratings.
    So a header starting `Comment` followed by a verb with its subject after it (`évaluez-vous`,
    `a-t-il`) or by a French subject (`le`, `vous`, `votre`…) is a question stem, not a comment;
    `Comment on the brief`, `Comments`, `Commentaires` stay comments. (A column whose header
    matches a bank question never gets here: questions are matched first.)
    """
    if not has_phrase(header, COMMENT_PHRASES):
        return False
    if _FRENCH_HOW.match(_plain(header)):
        return has_phrase(header, tuple(p for p in COMMENT_PHRASES if p != "comment"))
    return True


def is_side_header(header: str) -> bool:
    """A side question: a side phrase (§8) in its header; `you are`, `vous êtes` only as the stem an answer completes.

    METHODOLOGY §8 read literally makes any header holding *you are* a side question, but real
    exports ask `Date you are born` or `…the number of questions you are happy to answer`. *You
    are* and *vous êtes* are verbs that many questions use; as a side question they are the stem
    the chosen answer completes, so they end the header or its sentence, with at most an article
    (`You are a`), an instruction in brackets (`You are (select one)`) and punctuation after them
    (`You are:`, `Vous êtes :`, `…? You are…`), or the words after them offer both sides (`You are
    a client or an agency?`). The other phrases (your role, respondent type, you work for, votre
    rôle, vous travaillez) name the side question wherever they stand.
    """
    if has_phrase(header, _SIDE_NOUNS):
        return True
    plain = _plain(header)
    if _SIDE_STEM_ENDS.search(plain):
        return True
    stem = _SIDE_STEM.search(plain)
    rest = plain[stem.end():] if stem else ""
    return all(has_phrase(rest, names) for names in VALUE_ALIASES["side"].values())


def _plain(header: str) -> str:
    """Casefolded text without accents, apostrophes as spaces: `Vous êtes` → `vous etes`."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", str(header).casefold())
                   if not unicodedata.combining(ch)).replace("’", "'").replace("'", " ").strip()


def _column_roles(layout: Layout, headers: list[str], mapping: Mapping, questions: dict[int, str]) -> dict[str, object]:
    """Positions of the partner, side and comment columns, by mapping, header phrases, then aliases.

    Bank questions (`questions`) were matched first and are never one of these.
    """
    by_header = {h: i for i, h in enumerate(headers)}
    taken = set(layout.roles.values()) | layout.metadata | set(questions)
    aliases = column_lookup("reviews")

    def pick(settled: str | None, names_it, canonical: str) -> int | None:
        if settled is not None:
            return by_header.get(settled)
        for i, h in enumerate(headers):
            if i not in taken and names_it(h):
                return i
        for i, h in enumerate(headers):
            if i not in taken and aliases.get(fold(h)) == canonical:
                return i
        return None

    partner = None if mapping.partner else pick(mapping.partner_column, lambda h: has_phrase(h, PARTNER_PHRASES),
                                                "partner")
    side = None if mapping.side else pick(mapping.side_column, is_side_header, "respondent_side")
    comments = [i for i, h in enumerate(headers)
                if i not in taken and i not in (partner, side) and h not in mapping.questions
                and is_comment_header(h)]
    return {"partner": partner, "side": side, "comments": comments}


# ---------------------------------------------------------------- answers


def side_of(values: pd.Series) -> pd.Series:
    """'client' when a value names a client alias and no agency alias, 'agency' the other way; else as typed."""
    client, agency = VALUE_ALIASES["side"]["client"], VALUE_ALIASES["side"]["agency"]

    def one(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return v
        c, a = has_phrase(v, client), has_phrase(v, agency)
        return "client" if c and not a else "agency" if a and not c else v

    return values.map(one)


def answer_scores(cells: pd.Series, scale_min: float, scale_max: float,
                  labels: dict[str, float] | None = None) -> tuple[pd.Series, pd.Series]:
    """Scores of one question column's answers (§8 "Answers"), and a problem code per cell ('' when fine).

    A number is the score (a negative one is a not-applicable code); `5 - Strongly agree` is 5;
    a label of a known set maps onto the scale; N/A words are blank. Any other text is kept as
    typed with the code `not_a_label_<set>`, naming the set the column's other labels belong to.
    """
    settled = {fold(k): v for k, v in (labels or {}).items()}
    text = as_text(cells)
    blank = text.isna()
    uniques = pd.unique(text[~blank])
    values, problems, sets = {}, {}, []
    for u in uniques:
        value, problem = _one_answer(u, scale_min, scale_max, settled)
        values[u], problems[u] = value, problem
        hit = LABELS.get(fold(u))
        if hit and fold(u) not in settled:
            sets.append(hit[0])
    scale = max(set(sets), key=sets.count) if sets else ""
    out = text.map(values).astype("object").where(~blank, None)
    problem = text.map(problems).astype("object").fillna("").astype("str")  # a blank column maps to float NaN
    problem = problem.where(problem.eq(""), "not_a_label" + (f"_{scale}" if scale else ""))
    return out, problem


def _one_answer(text: str, lo: float, hi: float, settled: dict[str, float]) -> tuple[object, str]:
    key = fold(text)
    if key in settled:
        return settled[key], ""
    number = _number(text)
    if number is not None:
        return (None, "") if number < 0 else (number, "")
    lead = _LEADING_NUMBER.match(text)
    if lead:
        number = float(lead.group(1).replace(",", "."))
        return (None, "") if number < 0 else (number, "")
    if key in NA_FOLDED:
        return None, ""
    hit = LABELS.get(key)
    if hit:
        _, k, n = hit
        return lo + (k - 1) * (hi - lo) / (n - 1), ""
    return text, "unknown"


def _number(text: str) -> float | None:
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"-?\d+(?:[.,]\d+)?", t):
        return float(t.replace(",", "."))
    return None


# ---------------------------------------------------------------- rows


def _drop_reasons(frame: pd.DataFrame, layout: Layout, answer_cols: list[int]) -> pd.Series:
    """Why each response is dropped ('' when kept): preview, test, spam, unfinished, empty."""
    reason = pd.Series("", index=frame.index, dtype="str")

    def text(role):
        pos = layout.roles.get(role)
        return None if pos is None or pos not in frame else as_text(frame[pos]).fillna("")

    status = text("status")
    if status is not None:
        reason = reason.mask(reason.eq(""), status.map(lambda v: _STATUS.get(_status_key(v), "")))
    channel = text("channel")
    if channel is not None:
        reason = reason.mask(reason.eq(""), channel.map(lambda v: _CHANNEL.get(fold(v), "")))
    finished = text("finished")
    if finished is not None:
        reason = reason.mask(reason.eq("") & finished.map(lambda v: fold(v) in _FALSE), "unfinished")
    submitted = layout.roles.get("submitted")
    if submitted is not None and submitted in frame:
        reason = reason.mask(reason.eq("") & is_blank(frame[submitted]), "unfinished")
    if answer_cols:
        empty = pd.concat([is_blank(frame[c]) for c in answer_cols], axis=1).all(axis=1)
        reason = reason.mask(reason.eq("") & empty, "empty")
    return reason


def _status_key(value: str) -> str:
    """'1', '1.0' and 'Survey Preview' alike."""
    v = str(value).strip()
    if re.fullmatch(r"\d+(?:\.0+)?", v):
        return str(int(float(v)))
    return fold(v)


def to_canonical(raw, bank: pd.DataFrame, mapping: Mapping | None = None) -> Canonical:
    """Long answers of one survey export (a RawTable with a layout), by the rules of METHODOLOGY §8."""
    mapping = mapping or Mapping()
    layout: Layout = raw.layout
    headers = raw.headers
    codes = layout.codes if layout.codes else [""] * len(headers)
    frame = raw.frame
    questions, unmatched = _question_columns(layout, headers, codes, bank, mapping)
    roles = _column_roles(layout, headers, mapping, questions)
    # A column the partner, side or comment rules took is no question asked about.
    settled = {roles["partner"], roles["side"], *roles["comments"]} - {None}
    unmatched = {i: h for i, h in unmatched.items() if i not in settled}

    # A column still to settle may be a question: a response answering it is no empty response (yet).
    answer_cols = (list(questions) + [c for c in (roles["partner"], roles["side"]) if c is not None]
                   + list(unmatched))
    reasons = _drop_reasons(frame, layout, answer_cols)
    kept = reasons.eq("").to_numpy()
    dropped = {r: np.flatnonzero(reasons.eq(r).to_numpy()) for r in DROP_REASONS if reasons.eq(r).any()}

    n = len(frame)
    positions = np.arange(n)

    def column(pos):
        return frame[pos].to_numpy(dtype=object) if pos is not None else np.full(n, None, dtype=object)

    if layout.row_ids or "response_id" not in layout.roles:
        review_id = raw.rows.astype("str").to_numpy(dtype=object)
    else:
        review_id = column(layout.roles["response_id"])
    respondent = pd.Series(np.full(n, None, dtype=object))
    for role in ("email", "name"):  # the e-mail, else the name, else blank
        if role in layout.roles:
            respondent = respondent.fillna(_person(frame[layout.roles[role]]))
    if mapping.partner:
        partner, partner_codes = np.full(n, mapping.partner, dtype=object), []
    else:
        partner, partner_codes = _coded(column(roles["partner"]), mapping.partner_values, kept)
    if mapping.side:
        side_values, sides_unknown = np.full(n, mapping.side, dtype=object), []
    else:
        side_values, sides_unknown = _sides(column(roles["side"]), mapping.side_values, kept)
    comment = _joined(frame, roles["comments"])
    meta = pd.DataFrame({
        "review_id": review_id, "review_date": column(layout.roles.get("date")), "partner": partner,
        "respondent_side": side_values, "respondent": respondent.to_numpy(dtype=object), "comment": comment,
    })

    bank_scale = bank.set_index("question_id")[["scale_min", "scale_max"]]
    parts, unknown_labels = [], []
    keep_pos = positions[kept]
    blank = {pos: is_blank(frame[pos].iloc[keep_pos]).to_numpy() for pos in questions}
    # A kept response that answers no question is still a questionnaire, all not applicable: its blank
    # cells stay, so it counts and its date, partner and side are checked, never vanishing unreported.
    unanswered = np.logical_and.reduce(list(blank.values())) if blank else np.zeros(len(keep_pos), dtype=bool)
    for pos, qid in questions.items():
        lo, hi = (bank_scale.loc[qid].tolist() if qid in bank_scale.index else (np.nan, np.nan))
        cells = frame[pos].iloc[keep_pos]
        scores, problem = answer_scores(cells, lo, hi, mapping.labels)
        answered = ~blank[pos] | unanswered
        if not answered.any():
            continue
        part = meta.iloc[keep_pos[answered]].reset_index(drop=True).assign(
            question_id=qid, score=scores.to_numpy(dtype=object)[answered],
            _pos=keep_pos[answered], _header=headers[pos], _label_problem=problem.to_numpy()[answered])
        parts.append(part)
        bad = problem.to_numpy()[answered] != ""
        unknown_labels += list(pd.unique(as_text(cells[answered][bad]).dropna()))
    columns = ["review_id", "review_date", "partner", "respondent_side", "respondent", "question_id", "score",
               "comment", "_pos", "_header", "_label_problem"]
    answers = (pd.concat(parts, ignore_index=True).sort_values("_pos", kind="stable").reset_index(drop=True)
               if parts else pd.DataFrame({c: pd.Series(dtype=object) for c in columns}))[columns]

    needs = []
    if not mapping.partner and roles["partner"] is None:
        needs.append("partner")
    if not mapping.side and roles["side"] is None:
        needs.append("respondent_side")
    if unmatched:
        needs.append("questions")
    if unknown_labels:
        needs.append("labels")
    if partner_codes:
        needs.append("partner_values")
    if sides_unknown:
        needs.append("side_values")
    shown = _shown_mapping(layout, headers, roles, mapping, questions)
    return Canonical(answers, dropped, shown, questions, list(unmatched.values()), needs, sorted(set(unknown_labels)),
                     partner_codes, sides_unknown)


def _coded(values: np.ndarray, names: dict[str, str], kept: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Partner cells with their settled names; the numeric codes still unnamed (a numeric export writes the
    position of the choice, `1`, `2`, instead of the partner's name)."""
    text = as_text(pd.Series(values, dtype=object))
    named = text.map(lambda v: names.get(v, v) if isinstance(v, str) else v).astype("str")
    codes = named[kept & named.str.fullmatch(r"\d+").fillna(False).astype(bool).to_numpy()]
    out = named.astype(object).where(named.notna(), None).to_numpy(dtype=object)
    return out, sorted(set(codes), key=lambda c: (len(c), c))


def _sides(values: np.ndarray, settled: dict[str, str], kept: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Side cells as client/agency where the rules or the mapping tell; the answers still naming neither side."""
    text = as_text(pd.Series(values, dtype=object))
    mapped = text.map(lambda v: settled.get(v, v) if isinstance(v, str) else v).astype("str")
    sides = side_of(mapped.astype(object).where(mapped.notna(), None))
    unknown = sides[kept & sides.notna().to_numpy() & ~sides.isin(["client", "agency"]).to_numpy()]
    return sides.to_numpy(dtype=object), sorted(set(unknown))


def _question_columns(layout: Layout, headers: list[str], codes: list[str], bank: pd.DataFrame,
                      mapping: Mapping) -> tuple[dict[int, str], dict[int, str]]:
    """Column position → bank question for every column that is one (mapping, then §8 rules), and
    position → header of the other columns that are not the tool's bookkeeping (questions still to settle)."""
    lookup = bank_lookup(bank)
    bookkeeping = set(layout.roles.values()) | layout.metadata
    settled_columns = {mapping.partner_column, mapping.side_column} - {None}
    questions: dict[int, str] = {}
    unmatched: dict[int, str] = {}
    for i, header in enumerate(headers):
        if header in mapping.questions:
            if mapping.questions[header] != IGNORE:
                questions[i] = mapping.questions[header]
            continue
        if i in bookkeeping or header in settled_columns or header.startswith("column_"):
            continue
        qid = match_question(header, codes[i] if i < len(codes) else "", bank, lookup)
        if qid:
            questions[i] = qid
        else:
            unmatched[i] = header
    return questions, unmatched


def _person(cells: pd.Series) -> pd.Series:
    """Who answered, from a name or e-mail column: blank where the tool wrote its anonymous placeholder."""
    text = as_text(cells).reset_index(drop=True)
    placeholder = {fold(p) for p in PLACEHOLDER_RESPONDENTS}
    return text.where(~text.map(lambda v: isinstance(v, str) and fold(v) in placeholder), None)


def _joined(frame: pd.DataFrame, cols: list[int]) -> np.ndarray:
    """Several comment columns as one text, ' / ' between the filled ones."""
    if not cols:
        return np.full(len(frame), None, dtype=object)
    texts = pd.concat([as_text(frame[c]) for c in cols], axis=1)
    joined = texts.apply(lambda r: " / ".join(v for v in r if isinstance(v, str) and v), axis=1)
    return joined.where(joined.ne(""), None).to_numpy(dtype=object)


def _shown_mapping(layout, headers, roles, mapping, questions) -> dict[str, str]:
    out = {}
    for canonical, role in (("review_id", "response_id"), ("review_date", "date")):
        if role in layout.roles:
            out[canonical] = headers[layout.roles[role]]
    if layout.row_ids:
        out["review_id"] = "(file row)"
    who = layout.roles.get("email", layout.roles.get("name"))
    if who is not None:
        out["respondent"] = headers[who]
    out["partner"] = f"= {mapping.partner}" if mapping.partner else (
        headers[roles["partner"]] if roles["partner"] is not None else None)
    out["respondent_side"] = f"= {mapping.side}" if mapping.side else (
        headers[roles["side"]] if roles["side"] is not None else None)
    if roles["comments"]:
        out["comment"] = " / ".join(headers[i] for i in roles["comments"])
    out.update({qid: headers[pos] for pos, qid in questions.items()})
    return {k: v for k, v in out.items() if v is not None}
