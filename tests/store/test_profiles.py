"""Store profiles (kpi.store.profiles): saved survey-export mappings, one per name."""

import pytest

from kpi.errors import StoreError
from kpi.ingest.mapping import IGNORE, Mapping, Profile
from kpi.store import Store

from tests.store.helpers import sql

QUALTRICS = Profile(
    "Qualtrics Q2 survey", "qualtrics:q1|q2|q3_1",
    Mapping(partner="Agence Étoile 🚀", side_column="You are:", questions={"Q3_1": "INF1", "Q9": IGNORE},
            labels={"Aagree": 4.0, "Tout à fait d'accord": 5.0}),
    "qualtrics",
)
FORMS = Profile("Forms", "google_forms:timestamp|email address", Mapping(side="client"), "google_forms")


def test_a_saved_profile_reads_back_equal(store):
    store.save_profile(QUALTRICS, by="ann")
    assert store.profile("Qualtrics Q2 survey") == QUALTRICS
    assert store.profiles() == [QUALTRICS]


def test_profiles_are_listed_by_name_and_found_by_name(store):
    store.save_profile(QUALTRICS, by="ann")
    store.save_profile(FORMS, by="bob")
    assert [p.name for p in store.profiles()] == ["Forms", "Qualtrics Q2 survey"]
    assert store.profile("Forms") == FORMS
    assert store.profile("nobody") is None


def test_saving_under_a_taken_name_replaces_the_profile(store, url):
    store.save_profile(QUALTRICS, by="ann")
    changed = Profile(QUALTRICS.name, "qualtrics:other", Mapping(side="agency"), "qualtrics")
    store.save_profile(changed, by="bob")
    assert store.profiles() == [changed]
    assert [tuple(row) for row in sql(url, "SELECT name, created_by FROM kpi_profiles")] == [(QUALTRICS.name, "bob")]


def test_deleting_a_profile_leaves_the_others(store):
    store.save_profile(QUALTRICS, by="ann")
    store.save_profile(FORMS, by="ann")
    store.delete_profile("Forms")
    store.delete_profile("Forms")  # already gone: nothing to do
    assert store.profiles() == [QUALTRICS]


def test_profiles_survive_a_restart(url):
    with Store(url) as first:
        first.save_profile(QUALTRICS, by="ann")
    with Store(url) as second:
        assert second.profiles() == [QUALTRICS]


def test_names_are_trimmed(store):
    store.save_profile(Profile("  Forms ", FORMS.signature, FORMS.mapping, FORMS.format), by="ann")
    assert store.profile("Forms") == FORMS
    assert store.profile(" Forms") == FORMS


@pytest.mark.parametrize("profile, by, message", [
    (Profile("", "qualtrics:a", Mapping()), "ann", "needs a name"),
    (Profile("x" * 201, "qualtrics:a", Mapping()), "ann", "at most 200 characters"),
    (Profile("Nul\x00", "qualtrics:a", Mapping()), "ann", "NUL"),
    (Profile("No signature", "", Mapping()), "ann", "no signature"),
    (Profile("Bad side", "qualtrics:a", Mapping(side="vendor")), "ann", "client or agency"),
    (Profile("Bad label", "qualtrics:a", Mapping(labels={"Agree": float("nan")})), "ann", "to a number"),
    (QUALTRICS, " ", "say who"),
])
def test_a_profile_that_cannot_be_used_is_refused_and_nothing_saved(store, profile, by, message):
    with pytest.raises(StoreError, match=message):
        store.save_profile(profile, by=by)
    assert store.profiles() == []
