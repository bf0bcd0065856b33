"""The shape of the code base (STYLE.md): kpi/ never touches the UI; pages hold no data work."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_kpi_never_imports_streamlit():
    offenders = [p.name for p in (ROOT / "kpi").rglob("*.py")
                 if re.search(r"^\s*(import|from)\s+streamlit", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []


def test_pages_do_no_data_work():
    ui = [ROOT / "app.py", *(ROOT / "pages").rglob("*.py")]
    offenders = [p.name for p in ui if p.exists()
                 and re.search(r"\.(groupby|merge|melt|pivot_table)\(", p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_requirements_are_pinned():
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines and all("==" in line for line in lines)
