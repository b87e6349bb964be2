"""The bundled samples: every gold file is valid, and parsing matches it."""

from __future__ import annotations

from pathlib import Path

import pytest

from leder_assist.config import Settings
from leder_assist.gold import load_gold
from leder_assist.ingest import ingest_case
from leder_assist.redact.patterns import nhs_mod11

from .conftest import SAMPLES

GOLD = sorted((SAMPLES / "gold").glob("*.yaml"))


def test_there_are_at_least_six_sample_cases() -> None:
    assert len(GOLD) >= 6
    assert {p.stem for p in GOLD} == {p.name for p in (SAMPLES / "cases").iterdir() if p.is_dir()}


@pytest.fixture(scope="module", params=GOLD, ids=lambda p: p.stem)
def parsed(request):
    gold = load_gold(request.param)
    case = ingest_case(SAMPLES / "cases" / gold.case_id, Settings())
    return gold, case


def test_documents_match_gold(parsed) -> None:
    gold, case = parsed
    assert not case.failed
    got = {d.filename: (d.kind, len(d.pages)) for d in case.documents}
    want = {d.file: (d.kind, d.pages) for d in gold.documents}
    assert got == want


def test_every_gold_identifier_occurs_in_the_bundle(parsed) -> None:
    gold, case = parsed
    text = "\n".join(d.text for d in case.documents)
    missing = [i.text for i in gold.identifiers if i.text not in text]
    assert not missing


def test_sample_identifiers_are_safe(parsed) -> None:
    gold, _ = parsed
    for ident in gold.identifiers:
        digits = "".join(c for c in ident.text if c.isdigit())
        if ident.label == "NHS_NUMBER":
            assert digits.startswith("999") and nhs_mod11(digits)
        if ident.label == "NI_NUMBER":
            assert ident.text.upper().startswith("QQ")
        if ident.label == "EMAIL":
            assert ident.text.split("@")[1].endswith(("example.org", "example.com", "example.net"))
        if ident.label == "PHONE" and len(digits) >= 10:
            national = digits.removeprefix("00").removeprefix("44").lstrip("0")
            assert national.startswith(("7700900", "1632960", "2079460")), ident.text


def test_pdf_running_headers_are_marked(parsed) -> None:
    gold, case = parsed
    pdfs = [d for d in case.documents if d.format == "pdf"]
    assert pdfs
    for doc in pdfs:
        if len(doc.pages) > 1:
            assert {r.page for r in doc.regions if r.kind == "header"} == {p.number for p in doc.pages}, doc.filename


def test_the_person_is_named_in_a_pdf_header(parsed) -> None:
    gold, case = parsed
    person = [i.text for i in gold.identifiers if i.role == "person" and i.label == "PERSON"]
    headers = " ".join(d.text[r.start : r.end] for d in case.documents for r in d.regions if r.kind == "header")
    assert any(p in headers for p in person)


def test_samples_build_from_their_sources(tmp_path: Path, monkeypatch) -> None:
    """The committed bundles are what samples/build.py makes from samples/source (text compared)."""
    import sys

    monkeypatch.syspath_prepend(str(SAMPLES))
    import build  # samples/build.py

    monkeypatch.setattr(build, "CASES_DIR", tmp_path)
    source = sorted((SAMPLES / "source").glob("*.yaml"))[0]
    rebuilt = build.build_case(source)
    committed = SAMPLES / "cases" / rebuilt.name
    a, b = ingest_case(rebuilt, Settings()), ingest_case(committed, Settings())
    assert [(d.filename, d.text) for d in a.documents] == [(d.filename, d.text) for d in b.documents]
    sys.modules.pop("build", None)
