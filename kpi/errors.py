"""Typed errors of the kpi package. The CLI and the pages decide how to show them."""

from __future__ import annotations


class KpiError(Exception):
    """Base class: the message is written for the person who supplied the input."""


class ConfigError(KpiError):
    """A settings file or value is wrong."""


class ReadError(KpiError):
    """A file cannot be read at all (empty, not a spreadsheet, broken workbook...)."""

    def __init__(self, file: str, message: str):
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


class NoDataError(KpiError):
    """Nothing to score: no reviews and no meetings were found."""


class StoreError(KpiError):
    """The published-data database cannot be opened, read or written, or has no such version."""
