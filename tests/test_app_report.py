"""The QBR pack's download buttons: on the Partner page (this partner and period) and the Export page (portfolio).

AppTest cannot read download bytes (tests/reports/test_pdf.py checks the PDF itself): these check the buttons are
there, labelled in the page's language, and that building the page does not build the PDF."""

from __future__ import annotations

from unittest import mock

from tests.test_app import app, db  # noqa: F401  (db is a fixture)


def labels(at) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


def test_partner_page_offers_its_qbr_pack_built_on_click_only(db):  # noqa: F811
    with mock.patch("kpi.reports.pdf.partner_pack") as built:
        at = app("pages/partner.py", partner="Northwind Media", period="2025-H2")
    assert not at.exception
    assert "QBR pack (PDF)" in labels(at)
    assert not built.called
    french = app("pages/partner.py", partner="Northwind Media", period="2025-H2", lang="Français")
    assert "Dossier de revue (PDF)" in labels(french)


def test_export_page_offers_the_portfolio_pack(db):  # noqa: F811
    at = app("pages/export.py")
    assert not at.exception
    assert any(label.startswith("Portfolio QBR pack (PDF) · ") for label in labels(at))
