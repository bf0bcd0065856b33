"""Published data: each publish is a numbered version listing its sources; readers see the latest.

An embedded SQLite file by default (`DEFAULT_DB_PATH`), any SQLAlchemy URL through
`KPI_DATABASE_URL` or `database_url` in the Streamlit secrets (see `database_url`);
PostgreSQL through psycopg (`postgresql+psycopg://…`) for several app servers on one database.

A published data set is a set of sources: one per uploaded file (or its sheets), with the
sha256 of its bytes, its format, profile, row counts, who added it and when, and its clean
rows (the reviews and meetings whose `source_file` is that file) as Parquet blobs. A version
lists its sources (shared with other versions, never copied), its question bank and its
scores table computed at publish; `publish_sources` adds, replaces and removes sources,
`publish` replaces everything. Restoring an older version adds a new version listing the old
sources, so history only grows and a version id always means the same data: callers may cache
anything derived from a version by its id. Version ids follow the order publishes commit in;
`store.keep_versions` (kpi.settings) bounds how many are kept.

The schema is created and upgraded by `Store()` itself: `kpi_meta.schema_version` says
how many of `MIGRATIONS` have run.

    engine      where the database is (`database_url`), how to connect, write transactions that wait
    tables      the SQL tables as the code reads and writes them today
    migrations  the schema versions, and the upgrade run (once, under a lock) when a Store opens
    blobs       tables in and out as Parquet blobs, with their exact dtypes
    sources     `SourceData` (one file to publish), cutting clean tables by file, `sha256`
    scores      a version's stored scores table, and when it may be reused
    profiles    saved survey-export profiles in and out, one row per name
    versions    `Store` (publish, restore, load, sources, settings, profiles) and `Published`
    changes     a publish before it is made: what it adds, replaces, removes, and the tables it would hold
"""

from kpi.store.engine import DEFAULT_DB_PATH, PROJECT_ROOT, database_url
from kpi.store.migrations import SCHEMA_VERSION
from kpi.store.sources import SourceData, sha256, sources_from
from kpi.store.versions import Published, Store

__all__ = ["DEFAULT_DB_PATH", "PROJECT_ROOT", "SCHEMA_VERSION", "Published", "SourceData", "Store", "database_url",
           "sha256", "sources_from"]
