"""The QBR pack: every page rendered to PNG and looked at; its text layer holds the numbers `score` writes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pypdfium2 as pdfium
import pytest

from kpi.cli import main
from kpi.ingest.files import Source
from kpi.reports.pdf import PackData, pack_file_name, partner_pack, portfolio_pack
from kpi.scoring import score_table, scores_csv_frame
from kpi.settings import SCORES, Settings
from kpi.store import Store
from kpi.validate.dataset import load

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "partnership_sample.xlsx"
PERIOD = "2026-H1"
PARTNER = "agence lumière"


@pytest.fixture(scope="module")
def data() -> PackData:
    loaded = load([Source.from_path(SAMPLE)])
    settings = Settings()
    table = score_table(loaded.reviews, loaded.meetings, loaded.questions, settings)
    return PackData(table, loaded.reviews, loaded.meetings, loaded.questions, settings)


@pytest.fixture(scope="module")
def packs(data) -> dict[str, bytes]:
    return {lang: partner_pack(data, PARTNER, PERIOD, lang) for lang in ("en", "fr")}


def pages(pdf: bytes) -> list[tuple[str, "object"]]:
    """Each page's text layer and its image (rendered at 72 dpi)."""
    doc = pdfium.PdfDocument(pdf)
    out = [(page.get_textpage().get_text_range(), page.render(scale=1).to_pil().convert("L")) for page in doc]
    doc.close()
    return out


def inked(image) -> float:
    """The share of the page's pixels that are not white."""
    histogram = image.histogram()
    return 1 - sum(histogram[245:]) / sum(histogram)


def expected_scores(data: PackData, key: str, lang: str) -> list[str]:
    """The five scores and overall as `python -m kpi score` writes them, with the decimal comma in French."""
    row = scores_csv_frame(data.table).assign(key=data.table["partner_key"].to_numpy())
    row = row[(row["key"] == key) & (row["period"] == PERIOD)].iloc[0]
    texts = [f"{row[h]:.1f}" for h in (*SCORES, "overall")]
    return [text.replace(".", ",") for text in texts] if lang == "fr" else texts


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_partner_pack_pages_hold_the_partner_and_its_scores(data, packs, lang):
    found = pages(packs[lang])
    assert 2 <= len(found) <= 3
    for text, image in found:
        assert image.height > image.width  # A4 portrait
        assert inked(image) > 0.01
    text = "\n".join(text for text, _ in found)
    first = found[0][0]
    assert "Agence Lumière" in first
    for score in expected_scores(data, PARTNER, lang):
        assert score in first
    assert "2025-H2 → 2026-H1" in first
    if lang == "fr":
        assert "Les cinq scores" in first and "Écart de livraison" in text and "À concentrer ici" in text
        assert "Comment chaque chiffre est calculé" in text
    else:
        assert "The five scores" in first and "How each number is computed" in text
    assert "n = " in text  # the notes say how many answers and meetings each number rests on


def test_french_pack_has_no_decimal_point_in_its_numbers(packs):
    text = "\n".join(text for text, _ in pages(packs["fr"]))
    assert "Réunions :" in text
    assert re.findall(r"\d\.\d", text) == []


def test_portfolio_pack_has_a_summary_then_a_page_per_partner(data):
    found = pages(portfolio_pack(data, PERIOD, "en"))
    partners = data.table.loc[data.table["period"] == PERIOD].sort_values("partner_key")
    assert len(found) == 1 + len(partners)
    assert "Portfolio summary · 6 partners" in found[0][0]
    for (text, image), (_, row) in zip(found[1:], partners.iterrows()):
        assert inked(image) > 0.01
        assert row["partner"] in text
        for score in expected_scores(data, row["partner_key"], "en"):
            assert score in text


def test_blind_spots_are_shown_when_the_scores_table_has_habit_gaps(data):
    gaps = {f"{kind}_{habit}": value for habit in SCORES
            for kind, value in (("client_self", 80.0), ("partner_view", 62.5), ("habit_gap", 17.5))}
    with_gaps = PackData(data.table.assign(**gaps), data.reviews, data.meetings, data.questions, data.settings)
    text = "\n".join(text for text, _ in pages(partner_pack(with_gaps, PARTNER, PERIOD, "en")))
    assert "Blind spots on the habits" in text and "+17.5" in text and "blind spot" in text


def test_file_names_are_safe():
    assert pack_file_name("2026-H1", "fr", "Agence Lumière / ../x") == "qbr_agence_lumière_x_2026-H1_fr.pdf"
    assert pack_file_name("2026-H1", "en") == "qbr_portfolio_2026-H1_en.pdf"


def test_cli_report_from_files_and_from_the_published_version(tmp_path, monkeypatch, capsys):
    out = tmp_path / "pack.pdf"
    assert main(["report", str(SAMPLE), "--partner", "Agence Lumière", "--period", PERIOD, "--out", str(out),
                 "--lang", "fr"]) == 0
    assert "Agence Lumière" in pages(out.read_bytes())[0][0]
    assert main(["report", str(SAMPLE), "--partner", "Nobody", "--period", PERIOD, "--out", str(out)]) == 2
    assert "no scores for the partner 'Nobody' in 2026-H1 (partners: Agence Lumière" in capsys.readouterr().err
    assert main(["report", str(SAMPLE), "--portfolio", "--period", "1999-H1", "--out", str(out)]) == 2
    assert "no scores for the period '1999-H1'" in capsys.readouterr().err

    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'kpi.sqlite'}")
    assert main(["report", "--portfolio", "--period", PERIOD, "--out", str(out)]) == 2
    assert "nothing has been published yet" in capsys.readouterr().err
    assert main(["publish", str(SAMPLE), "--by", "ci"]) == 0
    assert main(["report", "--portfolio", "--period", PERIOD, "--out", str(out)]) == 0
    assert "published version 1" in capsys.readouterr().err
    with Store() as store:
        partners = store.load_scores(1, store.load_settings())
    assert len(pages(out.read_bytes())) == 1 + int((partners["period"] == PERIOD).sum())


def test_a_blank_page_would_be_seen():
    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)
    buffer = io.BytesIO()
    blank.save(buffer)
    assert inked(pages(buffer.getvalue())[0][1]) == 0


def test_numbers_are_not_rounded_differently_from_the_csv(data):
    # 62.25 is written 62.3 by the CSV (half up), never 62.2 (Python's round-half-even on a binary float)
    tweaked = data.table.assign(informed=data.table["informed"].where(
        ~((data.table["partner_key"] == PARTNER) & (data.table["period"] == PERIOD)), 62.25))
    text = pages(partner_pack(PackData(tweaked, data.reviews, data.meetings, data.questions, data.settings),
                              PARTNER, PERIOD, "en"))[0][0]
    assert "62.3" in text and pd.notna(tweaked["informed"]).all()
