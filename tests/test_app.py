"""AppTest: every page on the sample data, the upload → publish flow, roles and the URL round trip."""

import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from kpi.ingest.files import Source
from kpi.scoring import score_table, scores_csv_frame
from kpi.store import Store
from kpi.validate.dataset import load
from kpi.views import fmt

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
PAGES = ["pages/overview.py", "pages/partner.py", "pages/gaps.py", "pages/export.py", "pages/methodology.py",
         "pages/upload.py", "pages/history.py"]


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'kpi.sqlite'}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    for name in ("KPI_ANALYST_PASSCODE", "KPI_VIEWER_PASSCODE"):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def sample_scores():
    data = load([Source.from_path(SAMPLE / "partnership_sample.xlsx")])
    return score_table(data.reviews, data.meetings, data.questions)


def app(page=None, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    return at.run()


def texts(at) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning",
                                  "error", "success") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_sample(db, page):
    at = app(page)
    assert not at.exception, at.exception
    assert "SAMPLE DATA" in texts(at)


def test_overview_names_the_largest_gap(db, sample_scores):
    at = app()
    assert "best first on Overall" in texts(at)
    latest = sample_scores["period"].max()
    rows = sample_scores[(sample_scores["period"] == latest) & sample_scores["delivery_gap"].notna()]
    top = rows.loc[rows["delivery_gap"].abs().idxmax()]
    assert f"{top['partner']}: {fmt(top['delivery_gap'], signed=True)} points" in texts(at)


def test_partner_page_shows_the_cli_numbers_for_a_shared_url(db, sample_scores):
    at = app("pages/partner.py", partner="Northwind Media", period="2025-H2")
    assert not at.exception
    assert at.title[0].value == "Northwind Media"
    expected = sample_scores.set_index(["partner", "period"]).loc[("Northwind Media", "2025-H2")]
    shown = {m.label: m.value for m in at.metric}
    for habit, label in [("informed", "Informed"), ("involved", "Involved"), ("overall", "Overall")]:
        assert shown[label] == fmt(expected[habit])
    assert shown["Delivery gap"] == fmt(expected["delivery_gap"], signed=True)


def test_partner_page_shows_history_meetings_comments_and_rows(db):
    at = app("pages/partner.py", partner="Northwind Media", period="2025-H2")
    assert not at.exception
    shown = texts(at)
    assert "No meetings logged" not in shown and "No comments" not in shown
    assert "No partner has delivery answers" not in shown
    assert len(at.get("vega_lite_chart")) >= 5  # contributions, trend, self and client views, delivery gap, meetings
    assert any("review answers" in m.value for m in at.markdown)


def test_url_round_trip_and_french(db):
    at = app("pages/partner.py", partner="Kestrel PR", period="2025-H1", lang="Français")
    assert at.title[0].value == "Kestrel PR"
    assert "Pourquoi ces scores" in texts(at)
    assert at.selectbox(key="period").value == "2025-H1"
    at.selectbox(key="partner").set_value("atelier nova").run()
    # The widget → URL direction is the browser's job; tests/test_browser.py reads the address bar.
    assert at.title[0].value == "Atelier Nova"
    assert at.selectbox(key="period").value == "2025-H1"


def test_export_table_equals_the_cli_scores(db, sample_scores):
    at = app("pages/export.py")
    shown = at.dataframe[0].value.reset_index(drop=True)
    pd.testing.assert_frame_equal(shown, scores_csv_frame(sample_scores), check_dtype=False)


def test_upload_validate_publish_flow(db):
    at = app("pages/upload.py")
    files = [
        ("partnership_sample.xlsx", (SAMPLE / "partnership_sample.xlsx").read_bytes(),
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("revues_fr.csv", (SAMPLE / "fr" / "revues_fr.csv").read_bytes(), "text/csv"),
        ("reunions_fr.csv", (SAMPLE / "fr" / "reunions_fr.csv").read_bytes(), "text/csv"),
    ]
    at.file_uploader(key="uploads").set_value(files).run()
    assert not at.exception
    summary = at.dataframe[0].value
    assert set(summary["table"]) == {"questions", "reviews", "meetings"}
    assert summary["rejected"].sum() == 0
    at.button(key="publish").click().run()
    assert not at.exception
    assert "Published version 1" in texts(at)
    store = Store(db)
    assert store.current_version() == 1
    versions = store.versions()
    assert versions.loc[0, "files"] == ["partnership_sample.xlsx", "revues_fr.csv", "reunions_fr.csv"]
    at.switch_page("pages/overview.py").run()
    assert "SAMPLE DATA" not in texts(at)


def test_upload_with_bad_rows_offers_valid_rows_only(db):
    at = app("pages/upload.py")
    bad = (ROOT / "tests" / "fixtures" / "bad_reviews.csv").read_bytes()
    at.file_uploader(key="uploads").set_value([("bad_reviews.csv", bad, "text/csv")]).run()
    assert "6 of 10 rows are rejected" in texts(at)
    report = at.dataframe[1].value
    assert report["row"].tolist()[:2] == [3, 4]
    assert not [b for b in at.button if b.key == "publish"]
    at.button(key="publish_valid").click().run()
    published = Store(db).load()
    assert len(published.reviews) == 4 and published.meetings is None


def test_unreadable_upload_is_reported_without_traceback(db):
    at = app("pages/upload.py")
    at.file_uploader(key="uploads").set_value([("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "x")]).run()
    assert not at.exception
    assert any("old Excel 97-2003" in e.value.replace("\\", "") for e in at.error)


def test_viewer_cannot_reach_analyst_pages(db, monkeypatch):
    monkeypatch.setenv("KPI_ANALYST_PASSCODE", "s3cret")
    at = app()
    assert not at.exception
    assert "Viewing" in texts(at)
    for page in ("pages/upload.py", "pages/history.py"):  # not in a viewer's navigation at all
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def _cookie_written(at) -> str:
    """The role cookie a sign-in wrote (the script of its st.html element), '' when none was written."""
    bodies = [e.proto.body for e in at.get("html")]
    found = [re.search(r'kpi_role=([^;"]*); path=/; max-age=(\d+)', body) for body in bodies]
    found = [m for m in found if m]
    assert all("window.location.reload()" in body for body in bodies if "kpi_role=" in body)
    return found[0].group(1) if found else ""


def _with_cookie(monkeypatch, token: str):
    """The next runs come from a browser sending `token` as its role cookie (AppTest cannot send cookies)."""
    import ui.auth

    monkeypatch.setattr(ui.auth, "_request_cookies", lambda: {"kpi_role": token} if token else {})


def test_analyst_passcode_signs_in_with_a_signed_cookie_that_lasts(db, monkeypatch):
    monkeypatch.setenv("KPI_ANALYST_PASSCODE", "s3cret-passcode")
    at = app().run()  # the first run of an AppTest goes through the pages folder: interact from the second
    at.text_input[0].input("wrong")
    at.button(key="analyst_sign_in_submit").click().run()
    assert "Wrong passcode." in [e.value for e in at.error] and not _cookie_written(at)
    at.text_input[0].input("s3cret-passcode")
    at.button(key="analyst_sign_in_submit").click().run()
    token = _cookie_written(at)
    assert token and "Signed in as analyst" not in texts(at)  # the reload with the cookie signs in
    # Every later run, in any tab, reads the role from the cookie: a reload, a typed /upload.
    _with_cookie(monkeypatch, token)
    assert "Signed in as analyst" in texts(app())
    assert app("pages/upload.py").file_uploader
    # A forged or altered cookie, or one signed before the passcode changed, grants nothing.
    for bad in (token[:-2] + "xx", "analyst"):
        _with_cookie(monkeypatch, bad)
        assert "Viewing" in texts(app())
    _with_cookie(monkeypatch, token)
    monkeypatch.setenv("KPI_ANALYST_PASSCODE", "a new passcode")
    assert "Viewing" in texts(app())


def test_a_session_flag_grants_no_role(db, monkeypatch):
    monkeypatch.setenv("KPI_ANALYST_PASSCODE", "s3cret-passcode")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["analyst_ok"] = True  # what a session id used to carry
    at.session_state["viewer_ok"] = True
    at.run()
    assert "Viewing" in texts(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/upload.py")


def test_a_sign_in_expires(db, monkeypatch):
    import ui.auth

    monkeypatch.setenv("KPI_ANALYST_PASSCODE", "s3cret-passcode")
    monkeypatch.setenv("KPI_SESSION_HOURS", "1")
    signer = ui.auth._signer()
    _with_cookie(monkeypatch, signer.dumps("analyst"))
    assert ui.auth.cookie_role() == "analyst"
    later = __import__("time").time() + 3601
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    assert ui.auth.cookie_role() is None


def test_sign_out_clears_the_cookie(db, monkeypatch):
    import ui.auth

    monkeypatch.setenv("KPI_ANALYST_PASSCODE", "s3cret-passcode")
    _with_cookie(monkeypatch, ui.auth._signer().dumps("analyst"))
    at = app().run()
    assert "Signed in as analyst" in texts(at)
    at.button(key="sign_out").click().run()
    assert any(re.search(r'kpi_role=; path=/; max-age=0;', e.proto.body) for e in at.get("html"))


def test_wrong_passcodes_are_rate_limited_per_client(db, monkeypatch):
    import ui.auth

    lock, failures = ui.auth._attempts()
    failures.clear()
    now = 1_000_000.0
    failures["10.0.0.7"] = [now - 10 * i for i in range(4)]
    assert ui.auth.wait_before_trying("10.0.0.7", now) == 0  # 4 failures: free
    failures["10.0.0.7"].append(now)
    assert ui.auth.wait_before_trying("10.0.0.7", now) == 5  # the 5th: 5 s
    failures["10.0.0.7"] += [now, now]
    assert ui.auth.wait_before_trying("10.0.0.7", now) == 20  # 7: 20 s
    assert ui.auth.wait_before_trying("10.0.0.7", now + 20) == 0
    assert ui.auth.wait_before_trying("10.0.0.8", now) == 0  # another client
    assert ui.auth.wait_before_trying("10.0.0.7", now + 901) == 0  # a quarter of an hour later
    # In the app: the sixth wrong passcode in a row is not even compared.
    failures.clear()
    monkeypatch.setattr(ui.auth, "_client", lambda: "10.0.0.9")
    monkeypatch.setenv("KPI_ANALYST_PASSCODE", "s3cret-passcode")
    at = app().run()
    for attempt in range(5):
        at.text_input[0].input(f"wrong {attempt}")
        at.button(key="analyst_sign_in_submit").click().run()
        assert [e.value for e in at.error if "passcode" in e.value] == ["Wrong passcode."]
    at.text_input[0].input("s3cret-passcode")
    at.button(key="analyst_sign_in_submit").click().run()
    assert [e.value for e in at.error if "Too many" in e.value] == [
        "Too many wrong passcodes from this computer: try again in 5 s."]
    assert not _cookie_written(at)
    failures.clear()


def test_a_passcode_may_be_stored_hashed(db, monkeypatch):
    from kpi.passcodes import hash_passcode, matches

    stored = hash_passcode("s3cret-passcode", iterations=1_000, salt="00ff")
    assert stored == "pbkdf2_sha256$1000$00ff$" + __import__("hashlib").pbkdf2_hmac(
        "sha256", b"s3cret-passcode", b"00ff", 1_000).hex()
    assert matches("s3cret-passcode", stored) and not matches("s3cret-passcodE", stored)
    assert not matches("x", "pbkdf2_sha256$broken") and not matches("", "")
    monkeypatch.setenv("KPI_ANALYST_PASSCODE", stored)
    at = app().run()
    at.text_input[0].input("s3cret-passcode")
    at.button(key="analyst_sign_in_submit").click().run()
    assert _cookie_written(at)


def test_viewer_passcode_gate(db, monkeypatch):
    monkeypatch.setenv("KPI_VIEWER_PASSCODE", "team-passcode")
    at = app().run()
    assert "private" in texts(at)
    assert not at.metric and not at.dataframe
    at.text_input[0].input("team-passcode")
    at.button(key="viewer_sign_in_submit").click().run()
    token = _cookie_written(at)
    assert token
    _with_cookie(monkeypatch, token)
    at = app("pages/partner.py", partner="Northwind Media")
    assert "Scorecard" in texts(at) or at.metric
    assert "private" not in texts(at)


def test_local_mode_is_announced(db):
    assert "Local mode" in texts(app())


def test_whatif_weights_change_this_session_only(db, sample_scores):
    at = app("pages/methodology.py")
    at.number_input(key="w_weights.informed.agenda_rate").set_value(0.0)
    at.button(key="apply_whatif").click().run()
    assert not at.exception
    assert at.session_state["whatif"]["weights.informed.agenda_rate"] == 0.0
    at.switch_page("pages/partner.py").run()
    row = sample_scores.set_index(["partner", "period"]).loc[(at.title[0].value, sample_scores["period"].max())]
    shown = {m.label: m.value for m in at.metric}
    assert shown["Informed"] == fmt(row["survey_informed"])
    at.switch_page("pages/export.py").run()
    assert "what-if weights, not the published ones" in texts(at)
    assert Store(db).load_settings().weights("informed")["agenda_rate"] == 0.3


def test_history_restores_an_older_version(db):
    store = Store(db)
    data = load([Source.from_path(SAMPLE / "reviews.csv")])
    first = store.publish(data.reviews, None, data.questions, by="ana", files=["reviews.csv"])
    store.publish(data.reviews.head(10), None, data.questions, by="ana", files=["few.csv"])
    at = app("pages/history.py")
    at.selectbox(key="restore_choice").set_value(first)
    at.text_input(key="restorer").input("Claire")
    at.button(key="restore").click().run()
    assert not at.exception
    assert Store(db).load().data_version == first
    assert Store(db).versions().loc[0, "created_by"] == "Claire"
    assert "Version 1 restored as version 3" in texts(at)


def test_publishing_over_a_version_says_what_it_changes(db):
    data = load([Source.from_path(SAMPLE / "reviews.csv")])
    Store(db).publish(data.reviews, None, data.questions, by="ana", files=["reviews.csv"])
    at = app("pages/upload.py")
    bad = (ROOT / "tests" / "fixtures" / "bad_meetings.csv").read_bytes()
    at.file_uploader(key="uploads").set_value([("bad_meetings.csv", bad, "text/csv")]).run()
    assert not at.exception
    assert f"Publishing makes a new version from version 1: it adds bad\\_meetings\\.csv. The data set goes from " \
           f"{len(data.reviews)} answers and 0 meetings to {len(data.reviews)} answers and 2 meetings." in texts(at)


def test_saved_weights_are_published_and_listed_in_history(db):
    at = app("pages/methodology.py")
    at.number_input(key="w_weights.informed.agenda_rate").set_value(0.5)
    at.text_input(key="weights_saver").input("Omar")
    at.button(key="save_weights").click().run()
    assert not at.exception
    assert "Weights saved" in texts(at)
    assert Store(db).load_settings().weights("informed")["agenda_rate"] == 0.5
    at.switch_page("pages/history.py").run()
    assert "Weights saved for everyone" in texts(at)


def test_user_text_is_inert_in_markdown():
    from ui.shell import plain

    assert plain("**Bold** [x](javascript:alert(1)) <b>$5</b>") == (
        r"\*\*Bold\*\* \[x\]\(javascript\:alert\(1\)\) \<b\>\$5\</b\>")
    assert plain("Agence Lumière") == "Agence Lumière"


def test_passcode_from_secrets_enables_roles(db):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.secrets["analyst_passcode"] = "from-secrets"
    at.run()
    assert "Viewing" in texts(at) and "Local mode" not in texts(at)
    assert [t.label for t in at.text_input] == ["Analyst passcode"]


# ---------------------------------------------------------------- the mapping step of survey exports

QUALTRICS = ROOT / "tests" / "fixtures" / "surveys" / "qualtrics_numeric_en.csv"


def qualtrics_without_partner() -> bytes:
    """The Qualtrics fixture with its "Which agency are you rating?" question taken out."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(QUALTRICS.read_text(encoding="utf-8"))))
    drop = rows[1].index("Which agency are you rating?")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([r[:drop] + r[drop + 1:] for r in rows])
    return out.getvalue().encode("utf-8")


def by_label(widgets, label: str):
    found = [w for w in widgets if w.label == label]
    assert found, f"no widget labelled {label!r}; got {[w.label for w in widgets]}"
    return found[0]


def expander_labels(at) -> list[str]:
    return [e.label.replace("\\", "") for e in at.expander]


def test_mapping_step_asks_for_the_partner_and_a_saved_mapping_asks_nothing_next_time(db):
    at = app("pages/upload.py")
    at.file_uploader(key="uploads").set_value([("survey.csv", qualtrics_without_partner(), "text/csv")]).run()
    assert not at.exception
    assert "Mapping of survey.csv (Qualtrics): what could not be guessed" in expander_labels(at)
    assert "Qualtrics export, 3 header row(s). 9 responses read, 7 kept." in texts(at)
    assert "Left out: 1 survey preview, 1 unfinished." in texts(at)
    summary = at.dataframe[0].value
    assert summary[["valid", "dropped"]].values.tolist() == [[0, 2]]
    partner = by_label(at.selectbox, "Partner being rated")
    assert partner.value is None and "Which agency are you rating?" not in partner.options
    others = [s for s in at.selectbox if s.key and s.key.startswith("map_") and s.label != "Partner being rated"]
    assert all(s.value == "" for s in others)  # a column no bank text matches is ignored unless the user says

    partner.set_value("\x00partner").run()  # ui.mapping.WHOLE_FILE
    by_label(at.text_input, "Name of that partner").input("Northwind Media")
    by_label(at.button, "Apply").click().run()
    assert not at.exception
    assert at.dataframe[0].value[["valid", "rejected", "dropped"]].values.tolist() == [[7, 0, 2]]
    assert "Mapping of survey.csv (Qualtrics): settled, not saved yet" in expander_labels(at)
    assert set(at.session_state["upload_data"].reviews["partner"]) == {"Northwind Media"}

    by_label(at.text_input, "Name of the saved mapping").input("Qualtrics, one partner")
    by_label(at.button, "Save for files with these columns").click().run()
    assert not at.exception
    saved = Store(db).profiles()
    assert [p.name for p in saved] == ["Qualtrics, one partner"]
    assert saved[0].mapping.partner == "Northwind Media" and saved[0].format == "qualtrics"

    again = app("pages/upload.py")  # another session: only the saved mapping is known
    again.file_uploader(key="uploads").set_value([("next.csv", qualtrics_without_partner(), "text/csv")]).run()
    assert not again.exception
    assert ("Mapping of next.csv (Qualtrics): nothing to settle, the saved mapping 'Qualtrics, one partner' was "
            "applied") in expander_labels(again)
    report = next(d.value for d in again.dataframe if "problem" in d.value.columns)
    assert "the saved mapping 'Qualtrics, one partner' was applied" in " ".join(report["problem"])
    assert again.dataframe[0].value[["valid", "rejected"]].values.tolist() == [[7, 0]]


def test_unknown_labels_get_a_guessed_score(db):
    at = app("pages/upload.py")
    bad = (ROOT / "tests" / "fixtures" / "surveys" / "qualtrics_errors_en.csv").read_bytes()
    at.file_uploader(key="uploads").set_value([("errors.csv", bad, "text/csv")]).run()
    assert not at.exception
    label = by_label(at.number_input, "Aagree")
    assert label.value == 4.0  # the agreement label it is a typo of
    rejected = at.dataframe[0].value["rejected"].iloc[0]
    assert rejected >= 1
    by_label(at.button, "Apply").click().run()
    assert at.dataframe[0].value["rejected"].iloc[0] == rejected - 1


def test_mappings_export_and_import_as_toml(db):
    from kpi.ingest.mapping import Mapping, Profile

    at = app("pages/upload.py")
    assert "Saved mappings: export, import" in expander_labels(at)
    assert not at.get("file_uploader")[1:]  # the panel's uploader is drawn only once it is opened
    at.session_state["profiles_panel"] = True
    at.run()
    at.file_uploader(key="profile_upload").set_value([("broken.toml", b"name = [", "application/toml")]).run()
    assert not at.exception
    assert any("Cannot import broken.toml: not a valid TOML profile" in e.value.replace("\\", "") for e in at.error)
    good = Profile("Forms FR", "google_forms:horodateur|agence", Mapping(side="client"), "google_forms").to_toml()
    at.file_uploader(key="profile_upload").set_value([("forms.toml", good.encode(), "application/toml")]).run()
    assert not at.exception
    assert "Mapping 'Forms FR' imported." in texts(at)
    assert "Forms FR (Google Forms): answered by the client" in texts(at)  # what it settles, in words
    assert [p.mapping.side for p in Store(db).profiles()] == ["client"]
    assert at.get("download_button")


def test_mapping_step_assigns_a_column_to_a_question_then_scores_its_unknown_label(db):
    form = "Timestamp,Email Address,Agence,Rôle,Odd question\n04/03/2026 10:00:00,a@b.com,Lumière,Annonceur,Bof\n"
    at = app("pages/upload.py")
    at.file_uploader(key="uploads").set_value([("form.csv", form.encode("utf-8"), "text/csv")]).run()
    assert not at.exception
    assert "Mapping of form.csv (Google Forms): what could not be guessed" in expander_labels(at)
    odd = by_label(at.selectbox, "Odd question")
    assert odd.value == "" and "INS1 — New ideas are welcomed and discussed openly." in odd.options
    odd.set_value("INS1")
    by_label(at.button, "Apply").click().run()
    assert not at.exception
    assert by_label(at.number_input, "Bof").value is None  # no known label is close: the user says
    by_label(at.number_input, "Bof").set_value(2.0)
    by_label(at.button, "Apply").click().run()
    assert "Mapping of form.csv (Google Forms): settled, not saved yet" in expander_labels(at)
    reviews = at.session_state["upload_data"].reviews
    assert reviews[["partner", "respondent_side", "question_id", "score"]].values.tolist() == [
        ["Lumière", "client", "INS1", 2.0]]


def test_mapping_step_in_french_sets_one_side_for_the_whole_file(db):
    book = ROOT / "tests" / "fixtures" / "surveys" / "surveymonkey_numeric_en.xlsx"
    at = app("pages/upload.py", lang="Français")
    at.file_uploader(key="uploads").set_value([(book.name, book.read_bytes(), "application/octet-stream")]).run()
    assert not at.exception
    assert f"Correspondance de {book.name} [Sheet] (SurveyMonkey) : ce qui n'a pas pu être deviné" in expander_labels(at)
    side = by_label(at.selectbox, "Qui a répondu (côté)")
    assert side.value is None and side.options[:2] == ["Tous ont répondu côté client", "Tous ont répondu côté agence"]
    side.set_value("\x00client")  # ui.mapping.CLIENT
    by_label(at.button, "Appliquer").click().run()
    assert not at.exception
    assert (f"Correspondance de {book.name} [Sheet] (SurveyMonkey) : réglée, pas encore enregistrée"
            in expander_labels(at))
    data = at.session_state["upload_data"]
    assert data.ok and set(data.reviews["respondent_side"]) == {"client"}


def test_a_numeric_export_asks_what_its_partner_and_side_codes_stand_for(db):
    form = ("Timestamp,Which agency are you rating?,You are:,The partner delivers on time.\n"
            "2026-03-04 10:00:00,1,1,4\n2026-03-05 10:00:00,2,2,5\n")
    at = app("pages/upload.py")
    at.file_uploader(key="uploads").set_value([("coded.csv", form.encode(), "text/csv")]).run()
    assert not at.exception
    assert at.dataframe[0].value["rejected"].iloc[0] == 2
    by_label(at.text_input, "Code 1").set_value("Northwind")
    by_label(at.text_input, "Code 2").set_value("Lumière")
    sides = [w for w in at.selectbox if w.label in ("Answer “1”", "Answer “2”")]
    assert [w.options for w in sides] == [["the client", "the agency"]] * 2
    sides[0].set_value("client")
    sides[1].set_value("agency")
    by_label(at.button, "Apply").click().run()
    assert not at.exception
    assert at.dataframe[0].value[["valid", "rejected"]].iloc[0].tolist() == [2, 0]


def test_the_files_table_names_each_format_and_counts_the_kept_rows_as_valid(db):
    at = app("pages/upload.py")
    at.file_uploader(key="uploads").set_value([("survey.csv", QUALTRICS.read_bytes(), "text/csv")]).run()
    assert not at.exception
    assert at.dataframe[0].value[["format", "rows_read", "valid", "dropped"]].values.tolist() == [
        ["Qualtrics", 9, 7, 2]]
    assert "All 9 rows are valid." not in texts(at)  # two of the nine were left out, not validated
    assert ("All 7 rows kept are valid; 2 left out by the import rules (survey exports, copies of rows "
            "already counted, calendar events): each is listed below with its reason.") in texts(at)


def test_rows_rejected_while_a_mapping_is_open_send_the_user_to_the_mapping_step(db):
    at = app("pages/upload.py")
    at.file_uploader(key="uploads").set_value([("survey.csv", qualtrics_without_partner(), "text/csv")]).run()
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert warnings == ["7 of 9 rows are rejected for now: the mapping step above still asks about survey.csv. "
                        "Answer it and press Apply; the file is read again."]
    assert "Fix them in your files" not in texts(at)


def test_french_upload_shows_tables_and_severities_in_french(db):
    form = (ROOT / "tests" / "fixtures" / "surveys" / "google_forms_fr.csv").read_bytes()
    at = app("pages/upload.py", lang="Français")
    at.file_uploader(key="uploads").set_value([("forms.csv", form, "text/csv")]).run()
    assert not at.exception
    assert at.dataframe[0].value[["format", "table"]].values.tolist() == [["Google Forms", "revues"]]
    report = next(d.value for d in at.dataframe if "severity" in d.value.columns)
    assert report[["table", "severity"]].values.tolist() == [["revues", "avertissement"]]
    assert "Écartées : 1 vide." in texts(at)
    assert "Les 6 lignes gardées sont valides" in texts(at)


def test_an_applied_mapping_not_saved_yet_says_so_and_offers_saving(db):
    at = app("pages/upload.py")
    at.file_uploader(key="uploads").set_value([("survey.csv", qualtrics_without_partner(), "text/csv")]).run()
    by_label(at.selectbox, "Partner being rated").set_value("\x00partner").run()
    by_label(at.text_input, "Name of that partner").input("Northwind Media")
    by_label(at.button, "Apply").click().run()
    assert "Mapping of survey.csv (Qualtrics): settled, not saved yet" in expander_labels(at)
    assert any(i.value.startswith("Your answers are applied to this file. Save them") for i in at.info)
    assert by_label(at.button, "Save for files with these columns").proto.type == "primary"
    by_label(at.button, "Save for files with these columns").click().run()
    assert ("Mapping of survey.csv (Qualtrics): nothing to settle, the saved mapping 'survey' was applied"
            in expander_labels(at))
    assert not any(i.value.startswith("Your answers are applied") for i in at.info)


def test_the_partner_question_offers_the_columns_not_read_yet_first(db):
    form = "Timestamp,The partner delivers on time.,Team,You are:\n2026-03-04 10:00:00,4,North,Client\n"
    at = app("pages/upload.py")
    at.file_uploader(key="uploads").set_value([("team.csv", form.encode(), "text/csv")]).run()
    partner = by_label(at.selectbox, "Partner being rated")
    assert partner.options == ["One partner for the whole file", "Team", "The partner delivers on time.", "You are:"]


def test_code_answers_are_asked_with_a_clear_label_and_placeholder(db):
    form = ("Timestamp,Which agency are you rating?,You are:,The partner delivers on time.\n"
            "2026-03-04 10:00:00,1,1,4\n")
    at = app("pages/upload.py", lang="Français")
    at.file_uploader(key="uploads").set_value([("coded.csv", form.encode(), "text/csv")]).run()
    assert by_label(at.text_input, "Code 1").placeholder == "Nom du partenaire"
    side = by_label(at.selectbox, "Réponse « 1 »")
    assert side.placeholder == "L'annonceur ou l'agence ?" and side.options == ["l'annonceur", "l'agence"]


def test_a_saved_mapping_is_described_by_what_it_settles(db):
    from kpi.ingest.mapping import Mapping, Profile

    Store(db).save_profile(Profile("Lumière", "google_forms:horodateur|note", Mapping(
        partner="Agence Lumière", questions={"Note": "INF1"}, labels={"Bof": 2.0}), "google_forms"), by="test")
    at = app("pages/upload.py", lang="Français")
    at.session_state["profiles_panel"] = True
    at.run()
    assert ("Lumière (Google Forms) : partenaire Agence Lumière pour tout le fichier, 1 colonne(s) rattachée(s) aux "
            "questions, 1 libellé(s) de réponse noté(s)") in texts(at)
