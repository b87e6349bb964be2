"""PDF files, read with PDFium (pypdfium2).

PDFium reads text about a hundred times faster than pdfminer-based readers (see
``benchmarks/parse_speed.py``) and gives each character's box by the same index as the
text, which the PDF redaction writer needs. Text is taken per page in the order the PDF
draws it; running headers and footers are kept in the text (they often carry the name
and NHS number, so they must be redacted like everything else) and marked as regions.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import UnreadableFile
from .builder import TextBuilder

# How many lines at the top and bottom of a page may belong to a running header/footer.
_EDGE_LINES = 4
# A single-page PDF has no repetition to go on: lines this close to the edge count.
_EDGE_BAND = 0.06
# A repeated line only counts as a running header/footer within this share of the page.
_REPEAT_BAND = 0.2
_PAGE_NUMBER = re.compile(r"^\s*(page\s*)?\d+\s*((of|/)\s*\d+)?\s*$", re.IGNORECASE)


def normalise_pdf_text(raw: str) -> str:
    """PDFium text to document text: CRLF line ends become LF, PDFium's hyphen markers become '-'."""
    return raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-").replace("\ufffe", "-").replace("\x00", " ")


class RawIndex:
    """Maps offsets in ``normalise_pdf_text(raw)`` back to PDFium character indices.

    Normalising only shortens CRLF pairs, so an offset moves by the number of CRLFs
    before it. Used to find character boxes (here, and when redacting a PDF).
    """

    def __init__(self, raw: str) -> None:
        self._crlf: list[int] = []  # normalised offsets of each "\n" that was "\r\n"
        pos = raw.find("\r\n")
        while pos != -1:
            self._crlf.append(pos - len(self._crlf))
            pos = raw.find("\r\n", pos + 2)

    def __call__(self, offset: int) -> int:
        return offset + bisect.bisect_right(self._crlf, offset - 1)


@dataclass
class _Line:
    start: int  # offset in the page's normalised text
    end: int  # exclusive, without the newline
    text: str
    y: float | None  # vertical centre as a fraction of page height from the bottom


def _problem(code: str) -> UnreadableFile:
    messages = {
        "encrypted": ("is password-protected", "ask the sender for a copy without a password, or open it and save an unprotected copy"),
        "corrupt": ("is damaged and cannot be opened as a PDF", "ask the sender to send the file again"),
        "truncated": ("is incomplete (the file was cut off, probably during copying or download)", "ask the sender to send the file again"),
        "not_pdf": ("has a .pdf extension but is not a PDF", "check what the file really is; open it and save it as PDF"),
        "no_pages": ("has no pages", "ask the sender for the full document"),
        "no_text_layer": ("has no text layer: needs OCR (it looks like a scan; no page has readable text)",
                          "run it through OCR (for example 'Save as searchable PDF' in the scanning software) and add it again"),
    }
    message, next_step = messages[code]
    return UnreadableFile(code, message, next_step)


def _open(data: bytes) -> pdfium.PdfDocument:
    if b"%PDF-" not in data[:1024]:
        raise _problem("not_pdf")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise _problem("encrypted") from None
        raise _problem("truncated" if b"%%EOF" not in data[-2048:] else "corrupt") from None
    # PDFium repairs a cut-off file silently and reads what it can; a missing end marker
    # means pages or text may be missing, which a reviewer must not be left to discover.
    if b"%%EOF" not in data[-2048:]:
        pdf.close()
        raise _problem("truncated")
    return pdf


def _page_lines(textpage: pdfium.PdfTextPage, raw: str, height: float) -> tuple[str, list[_Line]]:
    text = normalise_pdf_text(raw)
    to_raw = RawIndex(raw)
    lines: list[_Line] = []
    pos = 0
    for part in text.split("\n"):
        start, end = pos, pos + len(part)
        pos = end + 1
        stripped = part.strip()
        if not stripped:
            continue
        first = start + (len(part) - len(part.lstrip()))
        raw_i = to_raw(first)
        y = None
        if height > 0:
            try:
                _left, bottom, _right, top = textpage.get_charbox(raw_i)
                y = ((bottom + top) / 2) / height
            except (pdfium.PdfiumError, IndexError):
                y = None
        lines.append(_Line(start, end, stripped, y))
    return text, lines


def _signature(line: str, page: int) -> str:
    """A line with its page number masked, so "Page 3 of 9" on page 3 matches "Page 4 of 9" on page 4."""
    return re.sub(rf"(?<!\d){page}(?!\d)", "#", " ".join(line.lower().split()))


def _edge_marks(pages: list[list[_Line]]) -> list[dict[int, str]]:
    """Decide which lines of each page are running headers or footers.

    A line near the top or bottom of its page is a running header/footer when the same
    line (its page number masked) recurs at that edge on at least half of the pages, and
    on two or more; page-number lines always are; a one-page PDF uses the page geometry.
    """
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for number, lines in enumerate(pages, start=1):
        tops.update({_signature(ln.text, number) for ln in lines[:_EDGE_LINES]})
        bottoms.update({_signature(ln.text, number) for ln in lines[-_EDGE_LINES:]})
    need = max(2, (len(pages) + 1) // 2)
    single = len(pages) == 1
    marks: list[dict[int, str]] = []
    for number, lines in enumerate(pages, start=1):
        mark: dict[int, str] = {}
        for i, ln in enumerate(lines[:_EDGE_LINES]):
            repeated = tops[_signature(ln.text, number)] >= need and (ln.y is None or ln.y > 1 - _REPEAT_BAND)
            at_edge = single and ln.y is not None and ln.y > 1 - _EDGE_BAND
            if not (repeated or at_edge or _PAGE_NUMBER.match(ln.text)):
                break
            mark[i] = "header"
        for j in range(len(lines) - 1, max(len(lines) - 1 - _EDGE_LINES, -1), -1):
            ln = lines[j]
            repeated = bottoms[_signature(ln.text, number)] >= need and (ln.y is None or ln.y < _REPEAT_BAND)
            at_edge = single and ln.y is not None and ln.y < _EDGE_BAND
            if j in mark or not (repeated or at_edge or _PAGE_NUMBER.match(ln.text)):
                break
            mark[j] = "footer"
        marks.append(mark)
    return marks


_GARBLED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff\ufffd]")


def _looks_garbled(text: str) -> bool:
    """Text from fonts without a Unicode map comes out as private-use or control characters."""
    sample = text[:4000]
    visible = len(sample) - sample.count(" ") - sample.count("\n")
    return visible >= 20 and len(_GARBLED.findall(sample)) / visible > 0.2


def read_pdf(data: bytes) -> tuple[TextBuilder, list[str]]:
    """Read every page of a PDF into a builder; returns it with warnings."""
    pdf = _open(data)
    try:
        if len(pdf) == 0:
            raise _problem("no_pages")
        texts: list[str] = []
        page_lines: list[list[_Line]] = []
        images_only: list[int] = []
        for number, page in enumerate(pdf, start=1):
            textpage = page.get_textpage()
            raw = textpage.get_text_range()
            text, lines = _page_lines(textpage, raw, page.get_height())
            if not text.strip():
                images_only.append(number)
            texts.append(text)
            page_lines.append(lines)
            textpage.close()
            page.close()
    finally:
        pdf.close()
    if len(images_only) == len(texts):
        raise _problem("no_text_layer")

    builder = TextBuilder()
    for number, (text, lines, mark) in enumerate(zip(texts, page_lines, _edge_marks(page_lines)), start=1):
        if number > 1:
            builder.ensure_newline()
            builder.force_page()
        base = builder.length
        builder.add(text)
        for i, kind in sorted(mark.items()):
            ln = lines[i]
            builder.mark(kind, base + ln.start, base + ln.end)  # type: ignore[arg-type]
    warnings = []
    if images_only:
        pages = ", ".join(str(n) for n in images_only)
        warnings.append(f"page(s) {pages} have no text layer (scanned?): their content is missing until OCR is run")
    if any(_looks_garbled(t) for t in texts):
        warnings.append("some text looks garbled (fonts without a character map): compare with the original; it may need OCR")
    return builder, warnings

