"""Typed errors of the kpi package. The CLI and the pages decide how to show them."""

from __future__ import annotations


class KpiError(Exception):
    """Base class: the message is written for the person who supplied the input."""


class ConfigError(KpiError):
    """A settings file or value is wrong."""


class ReadError(KpiError):
    """A file cannot be read at all (empty, not a spreadsheet, broken workbook...).

    It carries a message code of kpi.i18n and its parameters, so it reads in either language.
    """

    def __init__(self, file: str, code: str, **params):
        self.file, self.code, self.params = file, code, params
        super().__init__(self.in_language("en"))

    @property
    def message(self) -> str:
        """What is wrong, in English, without the file name."""
        from kpi.i18n import t

        return t(self.code, "en", **self.params)

    def in_language(self, lang: str) -> str:
        """`file: what is wrong` in `lang`."""
        from kpi.i18n import t

        return f"{self.file}: {t(self.code, lang, **self.params)}"


class NoDataError(KpiError):
    """Nothing to score: no reviews and no meetings were found."""


class StoreError(KpiError):
    """The published-data database cannot be opened, read or written, or has no such version."""


class StoreBusy(StoreError):
    """Another publish held the database longer than a writer waits: nothing was written; try again."""
