"""The partner directory kept with the published versions (METHODOLOGY §1.8): kept until replaced, restored with
its version, and a database of the schema before it upgraded."""

import pandas as pd
import pytest
import sqlalchemy as sa

from kpi.errors import StoreError
from kpi.store import Store

from tests.store.helpers import clean, source, wave


def directory(*rows):
    return clean("partners", partner=[r[0] for r in rows], partner_key=[r[0].lower() for r in rows],
                 email_domains=[r[1] for r in rows], aliases=[r[2] for r in rows],
                 source_file=["partners.csv"] * len(rows), source_row=list(range(2, 2 + len(rows))))


KESTREL = ("Kestrel PR", "kestrel-pr.com", "KPR")
LUMIERE = ("Agence Lumière", "lumiere.fr", "")


def test_the_directory_is_kept_by_later_versions_until_replaced_and_restored_with_its_version(store):
    assert store.load_directory() is None
    first = store.publish_sources([source("a.csv", wave("a.csv"))], by="ann", partners=directory(KESTREL))
    second = store.publish_sources([source("b.csv", wave("b.csv"))], by="bob")
    third = store.publish_sources(by="cy", partners=directory(KESTREL, LUMIERE), note="directory")
    restored = store.restore(first, by="dan")

    pd.testing.assert_frame_equal(store.load_directory(first), directory(KESTREL))
    pd.testing.assert_frame_equal(store.load(second).partners, directory(KESTREL))
    pd.testing.assert_frame_equal(store.load(third).partners, directory(KESTREL, LUMIERE))
    assert store.sources(third)["name"].tolist() == ["a.csv", "b.csv"]  # a directory alone changes no source
    assert store.version_changes(third) == {"added": [], "replaced": [], "removed": [], "directory": True}
    assert "directory" not in store.version_changes(second)
    pd.testing.assert_frame_equal(store.load_directory(), directory(KESTREL))
    assert store.load(restored).version == restored


def test_a_version_without_a_directory_has_none_and_a_bad_one_is_refused(store):
    version = store.publish_sources([source("a.csv", wave("a.csv"))], by="ann")
    assert store.load(version).partners is None and store.load_directory(version) is None
    with pytest.raises(StoreError, match="partners"):
        store.publish_sources(by="ann", partners=pd.DataFrame({"partner": ["x"]}))


def test_a_database_of_the_schema_before_the_directory_is_upgraded(url):
    # The database as schema 3 left it: a version published, and no directory column (dropped here, since
    # this code writes it).
    old = Store(url)
    assert old.publish_sources([source("a.csv", wave("a.csv"))], by="ann") == 1
    old.close()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE kpi_versions DROP COLUMN partners"))
        conn.execute(sa.text("UPDATE kpi_meta SET value = '3' WHERE key = 'schema_version'"))
    engine.dispose()

    upgraded = Store(url)

    assert upgraded.migrated == [4]
    assert upgraded.load(1).partners is None and upgraded.load(1).reviews is not None
    assert upgraded.publish_sources(by="bob", partners=directory(KESTREL)) == 2
    pd.testing.assert_frame_equal(upgraded.load_directory(), directory(KESTREL))
    assert upgraded.sources(2)["name"].tolist() == ["a.csv"]
    upgraded.close()
