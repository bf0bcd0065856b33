"""Published data: numbered versions of the clean tables, and the published settings, in a SQL database."""

from kpi.store.versions import DEFAULT_DB_PATH, PROJECT_ROOT, SCHEMA_VERSION, Published, Store, database_url

__all__ = ["DEFAULT_DB_PATH", "PROJECT_ROOT", "SCHEMA_VERSION", "Published", "Store", "database_url"]
