"""Schema migrations: `MIGRATIONS[i]` takes the schema from version i to i + 1, inside one transaction.

`kpi_meta.schema_version` says how many have run; opening a `Store` runs the missing ones.
"""

from __future__ import annotations

from typing import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kpi.errors import StoreError
from kpi.store.tables import META_TABLE

# Never edit a released migration; append a new one.

_V1_CLEAN_COLUMNS: dict[str, dict[str, str]] = {
    "reviews": {
        "review_id": "str", "review_key": "str", "review_date": "datetime64[ns]",
        "partner": "str", "partner_key": "str", "respondent_side": "str", "respondent": "str",
        "question_id": "str", "score": "float64", "importance": "float64", "comment": "str",
        "source_file": "str", "source_row": "int64",
    },
    "meetings": {
        "meeting_id": "str", "date": "datetime64[ns]", "partner": "str", "meeting_type": "str",
        "duration_min": "float64", "agenda_shared": "boolean", "actions_opened": "float64",
        "actions_closed": "float64", "notes": "str", "source_file": "str", "source_row": "int64",
    },
    "questions": {
        "question_id": "str", "kpi": "str", "text": "str", "text_fr": "str",
        "scale_min": "float64", "scale_max": "float64", "reverse": "bool",
    },
}


def _v1_initial(conn: Connection) -> None:
    """Version 1: meta, versions, settings and the three data tables as first released."""
    # A literal copy of the first schema, not _build_tables: the live definitions will move on.
    metadata = sa.MetaData()
    sa.Table("kpi_meta", metadata,
             sa.Column("key", sa.String(64), primary_key=True),
             sa.Column("value", sa.Text, nullable=False))
    sa.Table("kpi_versions", metadata,
             sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("created_at", sa.DateTime, nullable=False),
             sa.Column("created_by", sa.Text, nullable=False),
             sa.Column("kind", sa.String(16), nullable=False),
             sa.Column("files", sa.Text, nullable=False),
             sa.Column("row_counts", sa.Text, nullable=False),
             sa.Column("note", sa.Text, nullable=False, server_default=""),
             sa.Column("data_version", sa.Integer, sa.ForeignKey("kpi_versions.id"), nullable=True),
             sa.CheckConstraint("kind IN ('publish', 'restore')", name="ck_kpi_versions_kind"),
             sqlite_autoincrement=True)
    sa.Table("kpi_settings", metadata,
             sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("created_at", sa.DateTime, nullable=False),
             sa.Column("created_by", sa.Text, nullable=False),
             sa.Column("toml", sa.Text, nullable=False),
             sqlite_autoincrement=True)
    types = {"str": sa.Text, "datetime64[ns]": sa.DateTime, "float64": sa.Double, "int64": sa.BigInteger,
             "bool": sa.Boolean, "boolean": sa.Boolean}
    for table, sql_name in (("reviews", "kpi_reviews"), ("meetings", "kpi_meetings"), ("questions", "kpi_questions")):
        sa.Table(sql_name, metadata,
                 sa.Column("version_id", sa.Integer, sa.ForeignKey("kpi_versions.id"), nullable=False),
                 sa.Column("row_no", sa.Integer, nullable=False),
                 *(sa.Column(name, types[dtype](), nullable=dtype not in ("int64", "bool"))
                   for name, dtype in _V1_CLEAN_COLUMNS[table].items()),
                 sa.PrimaryKeyConstraint("version_id", "row_no", name=f"pk_{sql_name}"))
    metadata.create_all(conn)


def _v2_profiles(conn: Connection) -> None:
    """Version 2: saved mappings of survey exports (profiles), one per name."""
    metadata = sa.MetaData()
    sa.Table("kpi_profiles", metadata,
             sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("name", sa.String(200), nullable=False),
             sa.Column("signature", sa.Text, nullable=False),
             sa.Column("format", sa.String(64), nullable=False),
             sa.Column("mapping", sa.Text, nullable=False),
             sa.Column("created_by", sa.Text, nullable=False),
             sa.Column("created_at", sa.DateTime, nullable=False),
             sa.UniqueConstraint("name", name="uq_kpi_profiles_name"))
    metadata.create_all(conn)


MIGRATIONS: list[Callable[[Connection], None]] = [_v1_initial, _v2_profiles]
SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this code writes and reads."""


def schema_version(conn: Connection) -> int:
    """How many migrations the database has run (0 for an empty database)."""
    if not sa.inspect(conn).has_table(META_TABLE.name):
        return 0
    query = sa.select(META_TABLE.c.value).where(META_TABLE.c.key == "schema_version")
    value = conn.execute(query).scalar_one_or_none()
    return int(value) if value is not None else 0


def _set_schema_version(conn: Connection, version: int) -> None:
    updated = conn.execute(sa.update(META_TABLE).where(META_TABLE.c.key == "schema_version")
                           .values(value=str(version)))
    if updated.rowcount == 0:
        conn.execute(sa.insert(META_TABLE).values(key="schema_version", value=str(version)))


def upgrade(engine: Engine, writer: Engine) -> None:
    """Run the migrations the database has not run yet, each in its own write transaction.

    Raises StoreError when the database is newer than this code or a migration fails (that
    migration then leaves nothing behind).
    """
    migrations = MIGRATIONS
    latest = len(migrations)
    # A read first: opening a Store must not queue behind a publish when nothing needs doing.
    with engine.connect() as conn:
        found = schema_version(conn)
    if found > latest:
        raise StoreError(f"the database is at schema version {found}, newer than this app knows ({latest}): "
                         "upgrade the app before using this database")
    for target in range(found + 1, latest + 1):
        try:
            with writer.begin() as conn:
                # Read again under the write lock: another process may have upgraded meanwhile.
                if schema_version(conn) >= target:
                    continue
                migrations[target - 1](conn)
                _set_schema_version(conn, target)
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"could not upgrade the database schema to version {target}: {exc}") from exc
