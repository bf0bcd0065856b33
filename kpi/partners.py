"""Partner identity: one key per partner however its name is typed (METHODOLOGY §1.4)."""

from __future__ import annotations

import pandas as pd

from kpi.validate.values import distinct


def _tidy(names: pd.Series) -> pd.Series:
    return names.str.strip().str.replace(r"\s+", " ", regex=True)


def partner_key(names: pd.Series) -> pd.Series:
    """Name trimmed, inner runs of white space collapsed, case folded."""
    return distinct(names.astype("str"), lambda u: _tidy(u).str.casefold())


def display_names(names: pd.Series) -> pd.Series:
    """The names tidied for display (trimmed, inner spaces collapsed), spelling kept."""
    return distinct(names.astype("str"), _tidy)


def split_partners(partners: pd.Series) -> pd.DataFrame:
    """One row per (meeting row, partner) from `;`-separated partner lists.

    Returns a frame indexed like `partners` (index repeated once per partner)
    with `partner` (display spelling) and `partner_key`. Empty names are dropped.
    """
    exploded = partners.astype("str").str.split(";").explode()
    shown = display_names(exploded)
    out = pd.DataFrame({"partner": shown, "partner_key": partner_key(shown)})
    return out[out["partner_key"] != ""]
