from __future__ import annotations

import pytest

from leder_assist.config import Settings
from leder_assist.errors import UnreadableFile
from leder_assist.ingest import ingest_file
from leder_assist.ingest.pdf import RawIndex, normalise_pdf_text, read_pdf

from .conftest import DOCUMENTS, HOSTILE


def _regions(doc, kind: str) -> list[str]:
    return [doc.text[r.start : r.end] for r in doc.regions if r.kind == kind]


def test_multi_page_pdf_pages_and_running_headers(settings: Settings) -> None:
    doc = ingest_file(DOCUMENTS / "multi page.pdf", "D01", settings)
    assert doc.status == "ok" and doc.format == "pdf"
    assert len(doc.pages) == 5
    headers = _regions(doc, "header")
    footers = _regions(doc, "footer")
    # the running header is kept in the text of every page (it must be redacted later)...
    assert len(headers) == 5 and all("NHS 999 000 0000" in h for h in headers)
    assert footers == [f"Page {n} of 5" for n in range(1, 6)]
    # ...and body lines, though alike on every page, are not mistaken for headers
    assert not any("settled well" in h for h in headers + footers)
    for page in doc.pages:
        assert f"page {page.number}" in doc.text[page.start : page.end]
    assert [r.page for r in doc.regions if r.kind == "header"] == [1, 2, 3, 4, 5]


def test_single_page_pdf_uses_geometry(settings: Settings) -> None:
    doc = ingest_file(DOCUMENTS / "one page.pdf", "D01", settings)
    assert _regions(doc, "header") == ["Exampleton Hospital - Clinic letter"]
    assert _regions(doc, "footer") == ["Page 1 of 1"]
    assert "Dear Dr Example," in doc.text


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("scanned letter.pdf", "no_text_layer", "needs OCR"),
        ("password protected.pdf", "encrypted", "password-protected"),
        ("truncated.pdf", "truncated", "incomplete"),
        ("corrupt.pdf", "corrupt", "damaged"),
        ("not really.pdf", "not_pdf", "not a PDF"),
    ],
)
def test_hostile_pdfs(name: str, code: str, words: str) -> None:
    with pytest.raises(UnreadableFile) as info:
        read_pdf((HOSTILE / name).read_bytes())
    assert info.value.code == code
    assert words in info.value.message
    assert info.value.next_step


def test_normalise_keeps_a_map_to_pdfium_indices() -> None:
    raw = "ab\r\ncd\x02\r\ne"
    text = normalise_pdf_text(raw)
    assert text == "ab\ncd-\ne"
    to_raw = RawIndex(raw)
    assert [raw[to_raw(i)] for i in range(len(text))] == ["a", "b", "\r", "c", "d", "\x02", "\r", "e"]
