"""Published data: each publish is a numbered version in a SQL database; readers see the latest.

An embedded SQLite file by default (`DEFAULT_DB_PATH`), any SQLAlchemy URL through
`KPI_DATABASE_URL` or `database_url` in the Streamlit secrets (see `database_url`).

A version holds the three clean tables of `kpi.contracts.schema.CLEAN_COLUMNS` exactly as they
were published, who published them, when, from which files, and how many rows each
table had (`None` when the table was not given at all, which scoring treats differently
from an empty table). Restoring an older version adds a new version that points at the
old rows, so history only grows and a version id always means the same data: callers may
cache anything derived from a version by its id.

The schema is created and upgraded by `Store()` itself: `kpi_meta.schema_version` says
how many of `MIGRATIONS` have run.

    engine      where the database is (`database_url`) and how to connect to it
    tables      the SQL tables as the code reads and writes them today
    migrations  the schema versions, and the upgrade run when a Store opens
    rows        clean tables in and out, batch by batch, with their exact dtypes
    profiles    saved survey-export profiles in and out, one row per name
    versions    `Store` (publish, restore, load, settings, profiles) and `Published`
"""

from kpi.store.engine import DEFAULT_DB_PATH, PROJECT_ROOT, database_url
from kpi.store.migrations import SCHEMA_VERSION
from kpi.store.versions import Published, Store

__all__ = ["DEFAULT_DB_PATH", "PROJECT_ROOT", "SCHEMA_VERSION", "Published", "Store", "database_url"]
