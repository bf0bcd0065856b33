"""Saved profiles (kpi.ingest.mapping.Profile) in and out of the database: one row per name, the mapping as JSON."""

from __future__ import annotations

import json
import math
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kpi.errors import StoreError
from kpi.ingest.mapping import Mapping, Profile
from kpi.store.tables import PROFILE_NAME_MAX, PROFILES_TABLE


def profile_name(name: object) -> str:
    """The name a profile is stored under (trimmed), or StoreError when it cannot be one."""
    if not isinstance(name, str) or not name.strip():
        raise StoreError("a profile needs a name")
    if len(name.strip()) > PROFILE_NAME_MAX:
        raise StoreError(f"a profile name has at most {PROFILE_NAME_MAX} characters")
    if "\x00" in name:  # PostgreSQL refuses it where SQLite keeps it: refused on both
        raise StoreError("a profile name cannot hold a NUL character (\\x00)")
    return name.strip()


def profile_row(profile: Profile) -> dict:
    """The stored columns of `profile` (but who and when), or StoreError naming what cannot be stored."""
    if not isinstance(profile, Profile) or not isinstance(profile.mapping, Mapping):
        raise StoreError(f"expected a Profile, got {type(profile).__name__}")
    if not isinstance(profile.signature, str) or not profile.signature:
        raise StoreError(f"profile {profile.name!r} has no signature: it would fit no file")
    side = profile.mapping.side
    if side not in (None, "client", "agency"):
        raise StoreError(f"profile {profile.name!r}: side must be client or agency, not {side!r}")
    labels = profile.mapping.labels
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in labels.values()):
        raise StoreError(f"profile {profile.name!r}: every label must map to a number")
    mapping = profile.as_dict()["mapping"]
    return {"name": profile_name(profile.name), "signature": profile.signature, "format": profile.format or "",
            "mapping": json.dumps(mapping, ensure_ascii=False)}


def save(conn: Connection, profile: Profile, by: str, at: datetime) -> None:
    """Insert `profile`, or replace the one of the same name."""
    row = {**profile_row(profile), "created_by": by, "created_at": at}
    table = PROFILES_TABLE
    updated = conn.execute(sa.update(table).where(table.c.name == row["name"]).values(**row))
    if updated.rowcount == 0:
        conn.execute(sa.insert(table).values(**row))


def read(conn: Connection, name: str | None = None) -> list[Profile]:
    """Every saved profile by name (or the one named `name`)."""
    table = PROFILES_TABLE
    query = sa.select(table).order_by(table.c.name)
    if name is not None:
        query = query.where(table.c.name == profile_name(name))
    return [_profile(row) for row in conn.execute(query).all()]


def delete(conn: Connection, name: str) -> None:
    """Remove the profile named `name` (nothing to do when there is none)."""
    conn.execute(sa.delete(PROFILES_TABLE).where(PROFILES_TABLE.c.name == profile_name(name)))


def _profile(row) -> Profile:
    try:
        mapping = json.loads(row.mapping)
        return Profile.from_dict({"name": row.name, "signature": row.signature, "format": row.format,
                                  "mapping": mapping})
    except (ValueError, TypeError) as exc:
        raise StoreError(f"saved profile {row.name!r} is damaged: {exc}") from None
