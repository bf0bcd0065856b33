"""Builds released_v2.sqlite: a database made by the released store (schema version 2, clean rows as SQL
rows), for tests/store/test_migrations.py. Kept to say how the file was made; run it from a checkout of
the release, not of today's code:

    git archive cde8f48 kpi tests | tar -x -C /tmp/release
    cd /tmp/release && PYTHONPATH=. python /path/to/make_released_v2.py OUT.sqlite
"""

import sqlite3
import sys

from kpi.ingest.mapping import Mapping, Profile
from kpi.settings import Settings
from kpi.store import SCHEMA_VERSION, Store
from tests import tables
from tests.store.helpers import meetings, questions, reviews


def second_wave():
    """Two files of reviews and a workbook's meetings sheet (what version 2 publishes; the upgrade test
    compares with it)."""
    answers = tables.reviews(("r1", "2026-01-05", "Acme", "client", "INF1", 4, None, "a.csv"),
                             ("r1", "2026-01-05", "Acme", "client", "DEL1", 5, None, "a.csv"),
                             ("r2", "2026-02-01", "Globex", "agency", "DEL1", 3, 2.0, "b.csv"))
    log = tables.meetings(("2026-01-20 10:30", "Acme; Globex", "qbr", True, 2, 1)).assign(
        source_file="book.xlsx [meetings]")
    return answers, log


def main(out: str) -> None:
    assert SCHEMA_VERSION == 2, "run this with the released code (schema version 2)"
    store = Store(f"sqlite:///{out}")
    store.publish(reviews(), meetings(), questions(), by="ann", files=["a.csv", "m.xlsx"], note="first")
    answers, log = second_wave()
    store.publish(answers, log, questions().iloc[:1], by="bob", files=["a.csv", "book.xlsx"])
    store.restore(1, by="carol", note="back")
    store.save_settings(Settings({"period": "quarter"}), by="ann")
    store.save_profile(Profile("Forms", "google_forms:timestamp|note", Mapping(side="client"), "google_forms"),
                       by="ann")
    store.close()
    with sqlite3.connect(out) as conn:  # one self-contained file, no -wal beside it
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")


if __name__ == "__main__":
    main(sys.argv[1])
