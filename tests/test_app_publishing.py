"""AppTest: a data set that grows wave by wave (add, replace, remove sources; the same file refused), History
saying what each version changed, store errors shown as messages, and the notice of a newer version."""

import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kpi.ingest.files import Source
from kpi.scoring import score_table, scores_csv_frame
from kpi.store import Store, sha256, sources_from
from kpi.validate.dataset import load
from tests.test_app import PAGES, app, db, texts  # noqa: F401 (db is a fixture)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
CSV = "text/csv"


def waves() -> dict[str, bytes]:
    """The sample reviews cut in two files: the answers up to 2025, then those of 2026."""
    lines = (SAMPLE / "reviews.csv").read_bytes().decode().splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    new = [row for row in rows if row.split(",")[1].startswith("2026")]
    old = [row for row in rows if row not in set(new)]
    assert old and new
    return {"reviews_2025.csv": (header + "".join(old)).encode(), "reviews_2026.csv": (header + "".join(new)).encode()}


def publish(url: str, files: dict[str, bytes]) -> int:
    """Publish files as the page would (each a source), straight through the store."""
    data = load([Source(name, content) for name, content in files.items()])
    return Store(url).publish_sources(sources_from(data, files), by="ana")


def upload(page: str = "pages/upload.py", **files: bytes) -> AppTest:
    at = app(page)
    return at.file_uploader(key="uploads").set_value([(name, content, CSV) for name, content in files.items()]).run()


def expected_scores(files: dict[str, bytes]) -> pd.DataFrame:
    data = load([Source(name, content) for name, content in files.items()])
    return scores_csv_frame(score_table(data.reviews, data.meetings, data.questions))


def test_a_second_wave_is_added_to_the_published_one(db):
    files = waves()
    publish(db, {"reviews_2025.csv": files["reviews_2025.csv"]})
    at = upload(**{"reviews_2026.csv": files["reviews_2026.csv"]})
    assert not at.exception
    assert "Published now: version 1" in texts(at)
    assert at.dataframe[0].value["name"].tolist() == ["reviews_2025.csv"]  # the sources published
    assert at.selectbox(key=[s.key for s in at.selectbox if s.key.startswith("target_")][0]).value is None  # add
    n_old, n_new = (len(load([Source(n, files[n])]).reviews) for n in files)
    assert (f"it adds reviews\\_2026\\.csv. The data set goes from {n_old} answers and 0 meetings to "
            f"{n_old + n_new} answers and 0 meetings") in texts(at)
    at.button(key="publish").click().run()
    assert not at.exception
    assert "Published version 2. Everyone now sees it. Version 2 adds reviews\\_2026\\.csv" in texts(at)

    store = Store(db)
    assert store.sources()["name"].tolist() == ["reviews_2025.csv", "reviews_2026.csv"]
    assert len(store.load().reviews) == n_old + n_new
    export = app("pages/export.py")
    pd.testing.assert_frame_equal(export.dataframe[0].value.reset_index(drop=True), expected_scores(files),
                                  check_dtype=False)


def test_a_file_already_published_is_refused_before_it_is_read(db):
    content = (SAMPLE / "reviews.csv").read_bytes()
    publish(db, {"reviews.csv": content})
    at = upload(**{"copy of reviews.csv": content})
    assert not at.exception
    assert [e.value for e in at.error] == [
        "copy of reviews\\.csv is refused: it has exactly the same content as reviews\\.csv, already published. A "
        "file is published once. To correct a file, upload the corrected version and choose to replace reviews\\.csv."]
    assert "Tables found" not in texts(at) and not [b for b in at.button if b.key == "publish"]

    meetings = (SAMPLE / "meetings.csv").read_bytes()
    at = upload(**{"meetings.csv": meetings, "meetings again.csv": meetings})
    assert [e.value for e in at.error] == ["meetings again\\.csv is refused: it has exactly the same content as "
                                           "meetings\\.csv, uploaded with it. Only meetings\\.csv is read."]
    assert "it adds meetings\\.csv." in texts(at)


def test_a_corrected_file_replaces_its_source_and_history_says_so(db):
    meetings = (SAMPLE / "meetings.csv").read_bytes()
    publish(db, {"reviews.csv": (SAMPLE / "reviews.csv").read_bytes(), "meetings.csv": meetings})
    corrected = b"".join(meetings.splitlines(keepends=True)[:-7])  # seven meetings fewer
    at = upload(**{"meetings.csv": corrected})
    assert not at.exception
    target = [s for s in at.selectbox if s.key.startswith("target_")][0]
    assert target.value == "meetings.csv"  # a file of the same name replaces its source by default
    assert "it replaces meetings\\.csv." in texts(at) and "747 meetings to 2480 answers and 740 meetings" in texts(at)
    at.button(key="publish").click().run()
    assert not at.exception

    store = Store(db)
    assert store.version_changes() == {"added": [], "replaced": [("meetings.csv", "meetings.csv")], "removed": []}
    assert store.sources()["sha256"].tolist()[1] == sha256(corrected)
    history = app("pages/history.py")
    assert not history.exception
    shown = history.dataframe[0].value
    assert shown.loc[0, ["version", "replaced", "added", "removed", "kind"]].tolist() == [
        2, "meetings.csv", "", "", "publish"]
    assert shown.loc[1, "added"] == "reviews.csv, meetings.csv"
    assert shown.loc[0, "meetings"] == 740
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", when) for when in shown["created_at"])


def test_a_source_is_removed_without_uploading_anything(db):
    publish(db, {"reviews.csv": (SAMPLE / "reviews.csv").read_bytes(),
                 "meetings.csv": (SAMPLE / "meetings.csv").read_bytes()})
    at = app("pages/upload.py")
    at.multiselect(key="remove_sources_1").set_value(["meetings.csv"]).run()
    assert not at.exception
    assert "it removes meetings\\.csv. The data set goes from 2480 answers and 747 meetings to 2480 answers and " \
           "0 meetings" in texts(at)
    at.button(key="publish").click().run()
    assert not at.exception
    assert Store(db).sources()["name"].tolist() == ["reviews.csv"]
    again = app("pages/upload.py")
    assert "Published now: version 2" in texts(again)
    assert again.dataframe[0].value["name"].tolist() == ["reviews.csv"]
    assert not again.multiselect(key="remove_sources_2").value
    history = app("pages/history.py").dataframe[0].value
    assert history.loc[0, "removed"] == "meetings.csv"


def test_a_restore_shows_in_history_as_a_restore(db):
    files = waves()
    first = publish(db, {"reviews_2025.csv": files["reviews_2025.csv"]})
    publish(db, {"reviews_2026.csv": files["reviews_2026.csv"]})
    at = app("pages/history.py")
    at.selectbox(key="restore_choice").set_value(first)
    at.button(key="restore").click().run()
    assert not at.exception
    shown = app("pages/history.py").dataframe[0].value
    assert shown.loc[0, ["kind", "removed"]].tolist() == ["restore of version 1", "reviews_2026.csv"]


@pytest.mark.parametrize("page", PAGES)
def test_a_broken_database_is_a_message_on_every_page(tmp_path, monkeypatch, page):
    monkeypatch.setenv("KPI_DATABASE_URL", "nosuchdatabase://nowhere/kpi")
    for name in ("KPI_ANALYST_PASSCODE", "KPI_VIEWER_PASSCODE"):
        monkeypatch.delenv(name, raising=False)
    import streamlit as st

    st.cache_resource.clear()
    at = app(page)
    assert not at.exception, at.exception
    assert [e.value.split(":")[0] for e in at.error] == ["Could not read the published data"]
    assert "python -m kpi health" in at.error[0].value
    assert "What the database said: cannot use the database URL" in texts(at)  # local mode: an analyst
    assert [b.label for b in at.button] == ["Try again"]
    st.cache_resource.clear()


def test_a_busy_database_waits_then_says_so_and_nothing_is_published(db, monkeypatch):
    import kpi.store.engine

    monkeypatch.setattr(kpi.store.engine, "BUSY_TIMEOUT_S", 1.5)
    Store(db).close()  # the database exists, in WAL mode
    at = upload(**{"reviews.csv": (SAMPLE / "reviews.csv").read_bytes()})
    holder = sqlite3.connect(db.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another publish holds the write lock
    try:
        at.button(key="publish").click().run()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Could not publish: the database stayed busy for 1.5 seconds (other analysts were publishing), so nothing was "
        "changed. Wait a minute, then try again."]
    assert Store(db).current_version() is None
    at.button(key="store_retry").click().run()
    assert not at.exception and "Publishing makes version 1" in texts(at)


def _notice(shown):
    from ui.shell import newer_version_notice

    newer_version_notice("en", shown)


def test_a_tab_left_open_is_told_of_a_newer_version(db):
    files = waves()
    publish(db, {"reviews_2025.csv": files["reviews_2025.csv"]})
    tab = AppTest.from_function(_notice, args=(1,), default_timeout=60).run()
    assert not tab.exception and not tab.warning and not tab.button  # it shows the newest
    publish(db, {"reviews_2026.csv": files["reviews_2026.csv"]})
    tab.run()  # what the fragment does every few seconds: asks for the newest version id
    assert tab.warning[0].value.startswith("A newer version has been published: version 2, by ana on ")
    assert tab.button(key="show_newer_version").label == "Show version 2"
    sample = AppTest.from_function(_notice, args=(None,), default_timeout=60).run()  # a tab on the sample data
    assert "version 2" in sample.warning[0].value


def test_a_csv_copy_of_a_published_workbook_is_reported_and_counted_once(db):
    book = (SAMPLE / "partnership_sample.xlsx").read_bytes()
    publish(db, {"partnership_sample.xlsx": book})
    at = upload(**{"reviews.csv": (SAMPLE / "reviews.csv").read_bytes()})
    assert not at.exception
    report = at.dataframe[2].value  # published sources, tables found, the report
    copies = report[report["severity"] == "warning"]
    assert len(copies) and copies["file"].eq("reviews.csv").all()
    assert copies["problem"].str.contains("partnership_sample.xlsx").all()  # both places named
    assert at.dataframe[1].value.loc[0, ["valid", "dropped"]].tolist() == [0, 2480]
    assert "it adds reviews\\.csv. The data set goes from 2480 answers and 747 meetings to 2480 answers and 747 " \
           "meetings" in texts(at)
    at.button(key="publish").click().run()
    assert not at.exception
    assert len(Store(db).load().reviews) == 2480  # counted once


def test_a_wave_is_checked_against_the_published_question_bank(db):
    # Published with its own bank: the next wave's answers (its question ids) are valid against that bank.
    bank = b"question_id,kpi,text,scale_min,scale_max\nOWN1,informed,Our own question,1,5\nOWN2,involved,Another,1,5\n"
    head = b"review_id,review_date,partner,respondent_side,question_id,score\n"
    first = {"bank.csv": bank, "wave1.csv": head + b"R1,2026-03-02,Agence Lumiere,client,OWN1,4\n"
                                                 b"R1,2026-03-02,Agence Lumiere,client,OWN2,5\n"}
    data = load([Source(name, content) for name, content in first.items()])
    Store(db).publish_sources(sources_from(data, first), by="ana", questions=data.questions)
    at = upload(**{"wave2.csv": head + b"S1,2026-09-02,Agence Lumiere,client,OWN1,3\n"
                                       b"S1,2026-09-02,Agence Lumiere,client,OWN2,2\n"})
    assert not at.exception
    assert "All 2 rows are valid." in texts(at)
    at.button(key="publish").click().run()
    assert sorted(Store(db).load().questions["question_id"]) == ["OWN1", "OWN2"]
    assert sorted(Store(db).load().reviews["review_id"]) == ["R1", "R1", "S1", "S1"]
