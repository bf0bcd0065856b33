"""Every survey-tool fixture of tests/fixtures/surveys/ read as EXPECTED.md says (METHODOLOGY §8).

Each export must be recognised (format, header rows), keep and drop the right responses (rows as
the user sees them, header rows counted), turn into the same long reviews as its `.expected.csv`,
and score exactly like that long table loaded as a generic reviews file.
"""

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kpi.ingest.files import Source
from kpi.ingest.mapping import Mapping
from kpi.partners import partner_key
from kpi.scoring import score_table, scores_csv_frame
from kpi.validate.dataset import load

FIXTURES = Path(__file__).parents[1] / "fixtures" / "surveys"
COMPARED = ["review_id", "review_date", "partner_key", "respondent_side", "respondent", "question_id", "score",
            "comment"]


@dataclass(frozen=True)
class Fixture:
    """One line of EXPECTED.md's summary, with its dropped rows (row the user sees, response id)."""

    file: str
    format: str
    header_rows: int
    read: int
    kept: int
    dropped: dict[str, list[tuple[int, str | None]]] = field(default_factory=dict)
    answers: int = 0
    not_applicable: int = 0
    side: str | None = None  # the constant chosen at import for a file without a side question

    @property
    def expected(self) -> Path:
        return FIXTURES / (self.file.rsplit(".", 1)[0] + ".expected.csv")

    def source(self, name: str | None = None) -> Source:
        mapping = Mapping(side=self.side) if self.side else None
        return Source(name or self.file, (FIXTURES / self.file).read_bytes(), mapping=mapping)


FIXTURE_TABLE = [
    Fixture("qualtrics_numeric_en.csv", "qualtrics", 3, 9, 7,
            {"preview": [(8, "R_5qRsTuVwXyZaBcD")], "unfinished": [(9, "R_6eFgHiJkLmNoPqR")]}, 77, 2),
    Fixture("qualtrics_numeric_en_utf16.tsv", "qualtrics", 3, 9, 7,
            {"preview": [(8, "R_5qRsTuVwXyZaBcD")], "unfinished": [(9, "R_6eFgHiJkLmNoPqR")]}, 77, 2),
    Fixture("qualtrics_text_fr.csv", "qualtrics", 3, 8, 5,
            {"spam": [(7, "R_4mNo6Pq8Rs0Tu2V")], "unfinished": [(8, "R_5wXy7Za9Bc1De3F")],
             "empty": [(9, "R_6gHi8Jk0Lm2No4P")]}, 59, 1),
    Fixture("qualtrics_legacy_en.csv", "qualtrics_legacy", 2, 7, 5,
            {"preview": [(5, "R_dL5mNo1PrS4tUv6")], "unfinished": [(6, "R_eM6nOp2QsT5uVw7")]}, 30, 0),
    Fixture("qualtrics_errors_en.csv", "qualtrics", 3, 6, 5, {"preview": [(6, "R_kK1lL2mM3nN4oO5")]}, 28, 1),
    Fixture("surveymonkey_en.csv", "surveymonkey", 2, 8, 7, {"empty": [(6, "114501400012")]}, 72, 1),
    Fixture("surveymonkey_numeric_en.xlsx", "surveymonkey", 2, 7, 6, {"empty": [(6, "114609872456")]}, 60, 0,
            side="client"),
    Fixture("google_forms_fr.csv", "google_forms", 1, 7, 6, {"empty": [(6, None)]}, 60, 2),
    Fixture("google_forms_download_en.csv", "google_forms", 1, 5, 5, {}, 30, 1),
    Fixture("google_forms_en.xlsx", "google_forms", 1, 6, 6, {}, 48, 2),
    Fixture("ms_forms_en.xlsx", "ms_forms", 1, 6, 6, {}, 54, 0),
    Fixture("limesurvey_codes.csv", "limesurvey", 1, 7, 6, {"unfinished": [(5, "6")]}, 65, 0),
    Fixture("limesurvey_full_fr.csv", "limesurvey", 1, 7, 5, {"unfinished": [(5, "14"), (7, "16")]}, 60, 1),
    Fixture("limesurvey_codetext_en.csv", "limesurvey", 1, 6, 5, {"unfinished": [(4, "3")]}, 35, 1),
    Fixture("typeform_en.csv", "typeform", 1, 7, 6, {"unfinished": [(5, None)]}, 42, 0),
]
BY_FILE = {f.file: f for f in FIXTURE_TABLE}
ERRORS = BY_FILE["qualtrics_errors_en.csv"]


def by_name(fixtures):
    return pytest.mark.parametrize("fx", fixtures, ids=[f.file for f in fixtures])


def test_the_table_lists_every_fixture():
    exports = {p.name for p in FIXTURES.iterdir()
               if p.suffix in (".csv", ".tsv", ".xlsx") and not p.name.endswith(".expected.csv")}
    assert exports == set(BY_FILE)
    assert all(f.expected.exists() for f in FIXTURE_TABLE)


def _long(frame: pd.DataFrame) -> pd.DataFrame:
    """The compared columns as text (dates to the second, N/A as a blank score), sorted."""
    def text(series):
        return series.astype("object").where(series.notna(), "").astype("str")

    out = pd.DataFrame({
        "review_id": text(frame["review_id"]),
        "review_date": pd.to_datetime(frame["review_date"]).dt.strftime("%Y-%m-%d %H:%M:%S"),
        "partner_key": partner_key(frame["partner"].astype("str")),
        "respondent_side": text(frame["respondent_side"]),
        "respondent": text(frame["respondent"]),
        "question_id": text(frame["question_id"]),
        "score": pd.to_numeric(frame["score"].replace("", np.nan)).astype("float64"),
        "comment": text(frame["comment"]),
    })
    return out[COMPARED].sort_values(["review_id", "question_id"], kind="stable").reset_index(drop=True)


def _expected(fx: Fixture) -> pd.DataFrame:
    return pd.read_csv(fx.expected, dtype="str", keep_default_na=False)


@by_name(FIXTURE_TABLE)
def test_the_expected_table_has_the_answers_expected_md_counts(fx):
    expected = _expected(fx)
    assert len(expected) == fx.answers
    assert expected["score"].eq("").sum() == fx.not_applicable


@by_name(FIXTURE_TABLE)
def test_format_header_rows_and_responses_kept_and_dropped(fx):
    result = load([fx.source()])
    assert not result.read_errors
    (table,) = result.loads
    assert (table.raw.format, table.raw.header_rows, table.table) == (fx.format, fx.header_rows, "reviews")
    assert table.rows_read == fx.read
    assert table.rows_read - table.n_dropped == fx.kept
    rows = table.raw.rows
    assert {reason: rows.iloc[p].tolist() for reason, p in table.dropped.items()} == {
        reason: [row for row, _ in listed] for reason, listed in fx.dropped.items()}
    shown = result.dropped_rows()
    assert shown["row"].tolist() == sorted(row for listed in fx.dropped.values() for row, _ in listed)
    id_column = table.raw.layout.roles.get("response_id")
    for listed in fx.dropped.values():
        for row, response_id in listed:
            if response_id is not None and not table.raw.layout.row_ids:
                header = table.raw.headers[id_column]
                assert str(shown.loc[shown["row"] == row, header].iloc[0]) == response_id


@by_name(FIXTURE_TABLE)
def test_bookkeeping_columns_are_ignored_and_nothing_is_left_to_settle(fx):
    result = load([fx.source()])
    survey = result.loads[0].raw.survey
    assert survey.needs == ([] if fx is not ERRORS else ["labels"])
    assert survey.unmatched == []
    assert not result.report()["problem"].str.contains("matches no question").any()


def _expected_kept(fx: Fixture, result) -> pd.DataFrame:
    """The expected answers, less those of rejected responses: a bad cell rejects its whole response
    (as in any wide-form questionnaire), so the row accounting stays in the file's rows."""
    (table,) = result.loads
    expected = _expected(fx)
    if not table.n_rejected:
        return expected
    ids = table.raw.frame.iloc[table.rejected][table.raw.layout.roles["response_id"]].astype("str")
    return expected[~expected["review_id"].isin(set(ids))]


@by_name(FIXTURE_TABLE)
def test_clean_reviews_equal_the_expected_long_table(fx):
    result = load([fx.source()])
    pd.testing.assert_frame_equal(_long(result.reviews), _long(_expected_kept(fx, result)))


@by_name(FIXTURE_TABLE)
def test_the_export_scores_like_its_expected_long_table(fx):
    export = load([fx.source()])
    kept = _expected_kept(fx, export).to_csv(index=False).encode()
    long = load([Source(fx.expected.name, kept)])
    assert long.ok and long.loads[0].raw.format == "generic"
    scores = [scores_csv_frame(score_table(d.reviews, d.meetings, d.questions)) for d in (export, long)]
    assert len(scores[0])
    pd.testing.assert_frame_equal(scores[0], scores[1])


def test_the_errors_fixture_reports_exactly_its_two_bad_cells_not_the_dropped_preview():
    result = load([ERRORS.source()])
    report = result.report()
    errors = report[report["severity"] == "error"]
    agree = "How much do you agree with each statement? - We get the information we need in time to do our best work."
    nps = "How likely are you to recommend working with this partner?"
    assert errors[["row", "column", "value"]].values.tolist() == [[5, agree, "Aagree"], [7, nps, "11"]]
    assert "not a label of the agreement scale" in errors["problem"].iloc[0]
    assert "outside the 0–10 scale" in errors["problem"].iloc[1]
    # Row 6 is a Survey Preview holding `Agreee` and `15`: dropped, so none of its cells is reported.
    assert not report["value"].isin(["Agreee", "15"]).any()
    assert report.loc[report["row"] == 6, "severity"].tolist() == ["warning"]
    (table,) = result.loads
    assert table.n_rejected == 2
    assert table.raw.rows.iloc[table.rejected].tolist() == [5, 7]
