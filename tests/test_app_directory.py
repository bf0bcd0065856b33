"""AppTest: the Directory page (add a partner, a domain, an alias; a taken domain refused in words), and the
directory at work on the Upload page: a calendar uploaded alone next wave matches through the published
directory, and an event that matches no partner is assigned to one by adding an alias."""

from pathlib import Path


from kpi.ingest.files import Source
from kpi.store import Store, sources_from
from kpi.validate.dataset import load

from tests.test_app import app, db, texts  # noqa: F401 (db is a fixture)

ROOT = Path(__file__).resolve().parents[1]
CALENDARS = ROOT / "tests" / "fixtures" / "calendars"
SURVEY = ROOT / "tests" / "fixtures" / "surveys" / "google_forms_fr.csv"


def shown(at) -> str:
    """The page's words as a reader sees them (markdown's escapes of user text removed)."""
    return texts(at).replace("\\", "")


def files(*paths):
    return [(path.name, path.read_bytes(), "text/csv" if path.suffix == ".csv" else "text/calendar")
            for path in paths]


def published_with_directory(url):
    paths = [SURVEY, CALENDARS / "partners_en.csv"]
    data = load([Source.from_path(p) for p in paths])
    store = Store(url)
    store.publish_sources(sources_from(data, {p.name: p.read_bytes() for p in paths}), by="ann",
                          partners=data.partners)
    return store


def test_the_directory_page_adds_a_partner_a_domain_and_an_alias_and_refuses_a_taken_domain(db):
    store = published_with_directory(db)
    at = app("pages/directory.py")
    assert not at.exception
    assert at.dataframe[0].value.iloc[:, 0].tolist() == ["Kestrel PR", "Agence Lumière", "Blue Fjord Digital"]

    at.text_input(key="new_partner").set_value("Nouvelle Agence")
    at.text_input(key="new_partner_domain").set_value("nouvelle.fr").run()
    at.button(key="add_partner").click().run()
    assert "Version 2 published: Partner directory: adds the domain nouvelle.fr to Nouvelle Agence" in shown(at)
    at.selectbox(key="alias_partner").set_value("Kestrel PR")
    at.text_input(key="new_alias").set_value("Kestrel Paris").run()
    at.button(key="add_alias").click().run()
    assert "Version 3 published" in shown(at)
    at.selectbox(key="domain_partner").set_value("Blue Fjord Digital")
    at.text_input(key="new_domain").set_value("kestrel.fr").run()
    at.button(key="add_domain").click().run()

    assert "Not published: the domain kestrel.fr is already Kestrel PR's: a domain belongs to one partner" in shown(at)
    assert store.current_version() == 3
    directory = store.load_directory().set_index("partner")
    assert directory.loc["Nouvelle Agence", "email_domains"] == "nouvelle.fr"
    assert directory.loc["Kestrel PR", "aliases"] == "Kestrel; KPR; Kestrel Paris"
    assert store.sources()["name"].tolist() == [SURVEY.name, "partners_en.csv"]  # the data set is unchanged
    at.switch_page("pages/history.py").run()
    history = at.dataframe[0].value
    assert "Partner directory: adds the alias 'Kestrel Paris' to Kestrel PR" in history.to_string()
    assert history["kind"].tolist()[:3] == ["publish · partner directory"] * 3


def test_a_calendar_alone_next_wave_matches_through_the_published_directory_and_an_event_is_assigned(db):
    at = app("pages/upload.py")
    at.file_uploader(key="uploads").set_value(files(SURVEY, CALENDARS / "google_en.ics",
                                                    CALENDARS / "partners_en.csv")).run()
    assert "These files bring a partner directory (3 partners)" in shown(at)
    at.button(key="publish").click().run()
    assert "Published version 1" in shown(at)
    store = Store(db)
    assert len(store.load().meetings) == 6 and len(store.load_directory()) == 3

    at = app("pages/upload.py")
    at.file_uploader(key="uploads").set_value(files(CALENDARS / "apple_fr.ics")).run()
    assert not at.exception
    found = at.dataframe[1].value
    assert found[["rows_read", "valid", "dropped"]].values.tolist() == [[7, 5, 2]]
    assert "Calendar events that match no partner (1)" in shown(at)

    at.radio(key="unmatched_as_0").set_value(None)
    at.selectbox(key="unmatched_partner").set_value("Agence Lumière").run()
    assert at.text_input(key="unmatched_alias_0").value == "Dentiste"
    at.button(key="unmatched_add").click().run()

    assert "Version 2 published: Partner directory: adds the alias 'Dentiste' to Agence Lumière" in shown(at)
    assert at.dataframe[1].value[["valid", "dropped"]].values.tolist() == [[6, 1]]
    assert "match no partner" not in shown(at)
    at.button(key="publish").click().run()
    assert "Published version 3" in shown(at)
    meetings = store.load().meetings
    assert len(meetings) == 6 + 6 and "Dentiste" in meetings.loc[meetings["partner"] == "Agence Lumière", "notes"].tolist()
    assert len(store.load_directory()) == 3
