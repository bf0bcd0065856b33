"""The SQL tables as the code reads and writes them today.

Versions, sources and the links between them are plain rows; a source's clean rows, a version's
question bank and its scores are Parquet blobs (kpi.store.blobs) in LargeBinary columns, so the
clean tables' columns (kpi.contracts) live in the blobs, not in the SQL schema.
"""

from __future__ import annotations

from datetime import timezone

import sqlalchemy as sa

# The migrations (kpi.store.migrations) create frozen snapshots instead, so any change here needs a
# new migration; a test compares a freshly migrated database with these definitions and fails until
# one is written.

PROFILE_NAME_MAX = 200
"""Longest profile name (a unique key: some databases index at most a few hundred characters)."""

VERSION_COUNTER = "last_version_id"
"""The kpi_meta row holding the last version id given: a publish locks it, so ids follow commit order."""


class _UtcDateTime(sa.types.TypeDecorator):
    """Aware UTC datetimes in Python, naive UTC in the database (SQLite has no time zones)."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


def _build_tables(metadata: sa.MetaData) -> dict[str, sa.Table]:
    tables = {
        "meta": sa.Table(
            "kpi_meta", metadata,
            sa.Column("key", sa.String(64), primary_key=True),
            sa.Column("value", sa.Text, nullable=False),
        ),
        "versions": sa.Table(
            "kpi_versions", metadata,
            # Given from the VERSION_COUNTER row inside the publishing transaction, never reused.
            sa.Column("id", sa.Integer, autoincrement=False),
            sa.Column("created_at", _UtcDateTime, nullable=False),
            sa.Column("created_by", sa.Text, nullable=False),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("files", sa.Text, nullable=False),  # the source names, as JSON
            sa.Column("row_counts", sa.Text, nullable=False),  # {table: rows or null when not given}, as JSON
            sa.Column("note", sa.Text, nullable=False, server_default=""),
            # The version whose data this one shows: itself, or the version a restore brought back
            # (which retention may have removed since: no foreign key).
            sa.Column("data_version", sa.Integer, nullable=False),
            sa.Column("changes", sa.Text, nullable=False),  # {added, replaced, removed} source names, as JSON
            sa.Column("questions", sa.LargeBinary, nullable=False),  # the question bank in force (Parquet)
            sa.Column("scores", sa.LargeBinary, nullable=True),  # score_table at publish (Parquet), or null
            sa.Column("scores_key", sa.Text, nullable=True),  # what the scores were computed with
            sa.Column("partners", sa.LargeBinary, nullable=True),  # the partner directory in force (Parquet), or null
            sa.CheckConstraint("kind IN ('publish', 'restore')", name="ck_kpi_versions_kind"),
            sa.PrimaryKeyConstraint("id", name="pk_kpi_versions"),
        ),
        # One uploaded file: stored once, listed by every version that has it.
        "sources": sa.Table(
            "kpi_sources", metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("name", sa.Text, nullable=False),
            sa.Column("sha256", sa.String(64), nullable=True, index=True),  # null: bytes unknown
            sa.Column("format", sa.String(64), nullable=False),
            sa.Column("profile", sa.Text, nullable=True),
            sa.Column("created_at", _UtcDateTime, nullable=False),
            sa.Column("created_by", sa.Text, nullable=False),
            sa.Column("n_reviews", sa.Integer, nullable=True),  # null: the file holds no such table
            sa.Column("n_meetings", sa.Integer, nullable=True),
            sa.Column("rows_read", sa.Integer, nullable=True),
            sa.Column("rows_rejected", sa.Integer, nullable=True),
            sa.Column("rows_dropped", sa.Integer, nullable=True),
            sa.Column("reviews", sa.LargeBinary, nullable=True),  # clean rows (Parquet)
            sa.Column("meetings", sa.LargeBinary, nullable=True),
            sqlite_autoincrement=True,
        ),
        "version_sources": sa.Table(
            "kpi_version_sources", metadata,
            sa.Column("version_id", sa.Integer, sa.ForeignKey("kpi_versions.id"), nullable=False),
            sa.Column("position", sa.Integer, nullable=False),
            sa.Column("source_id", sa.Integer, sa.ForeignKey("kpi_sources.id"), nullable=False, index=True),
            sa.PrimaryKeyConstraint("version_id", "position", name="pk_kpi_version_sources"),
        ),
        "settings": sa.Table(
            "kpi_settings", metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("created_at", _UtcDateTime, nullable=False),
            sa.Column("created_by", sa.Text, nullable=False),
            sa.Column("toml", sa.Text, nullable=False),
            sqlite_autoincrement=True,
        ),
        # Saved mappings of survey exports (kpi.ingest.mapping.Profile); a save under a taken name replaces it.
        "profiles": sa.Table(
            "kpi_profiles", metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("name", sa.String(PROFILE_NAME_MAX), nullable=False),
            sa.Column("signature", sa.Text, nullable=False),
            sa.Column("format", sa.String(64), nullable=False),
            sa.Column("mapping", sa.Text, nullable=False),  # the Mapping as JSON
            sa.Column("created_by", sa.Text, nullable=False),
            sa.Column("created_at", _UtcDateTime, nullable=False),
            sa.UniqueConstraint("name", name="uq_kpi_profiles_name"),
        ),
    }
    return tables


_METADATA = sa.MetaData()
SQL_TABLES = _build_tables(_METADATA)
VERSIONS_TABLE, SETTINGS_TABLE, META_TABLE = SQL_TABLES["versions"], SQL_TABLES["settings"], SQL_TABLES["meta"]
PROFILES_TABLE = SQL_TABLES["profiles"]
SOURCES_TABLE, VERSION_SOURCES_TABLE = SQL_TABLES["sources"], SQL_TABLES["version_sources"]
