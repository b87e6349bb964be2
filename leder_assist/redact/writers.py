"""Writing redacted copies that really remove the text, and checking them before they count.

- TXT: the redacted text.
- DOCX: the original file with identifiers replaced in body, tables, headers, footers,
  footnotes, endnotes, comments (and their authors), text-box fallbacks and document
  properties, including names split across runs. Tracked changes are resolved
  (deletions dropped, insertions kept), hyperlinks are unwrapped and their targets
  dropped, and every ``author``/``initials`` attribute in the package is replaced.
- PDF: every page re-rendered as an image with the identifying regions painted out and
  the replacement written in; the redacted text is laid over each page as invisible
  text, so the copy can still be searched and copied from. No original text object
  survives.

After writing, each copy is read back by an independent reader (pdfplumber for PDFs,
python-docx plus a raw scan of every XML part for DOCX) and checked: a removed value
that appears more often than in the intended redacted text is a leak, and the copy is
deleted, never left on disk.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import unescape

from ..record import Document, Redaction

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class WriteResult:
    path: Path | None
    verified: bool
    checked_with: str
    leaks: int  # count only: the values themselves are never reported
    reason: str = ""


def _count(text: str, values: set[str]) -> Counter[str]:
    out: Counter[str] = Counter()
    for v in values:
        if v.strip():
            out[v] = len(re.findall(rf"(?<![\w]){re.escape(v)}(?![\w])", text))
    return out


def count_leaks(output_text: str, intended_text: str, values: set[str]) -> int:
    """Removed values found more often in the output than in the intended redacted text."""
    got, want = _count(output_text, values), _count(intended_text, values)
    return sum(max(0, got[v] - want[v]) for v in got)


def safe_stem(stem: str, substitutions: dict[str, str]) -> str:
    """A file name with any identifier in it replaced too (one pass, longest values first)."""
    values = [v for v in sorted(substitutions, key=len, reverse=True) if len(v) >= 2]
    if values:
        pattern = re.compile("|".join(rf"(?<![\w]){re.escape(v)}(?![\w])" for v in values))
        stem = pattern.sub(lambda m: substitutions[m.group()], stem)
    return re.sub(r'[\\/:*?"<>|]', "_", stem)


def _finish(path: Path, data: bytes, leaks: int, checked_with: str) -> WriteResult:
    if leaks:
        return WriteResult(None, False, checked_with, leaks, "check found removed values in the copy: not written")
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return WriteResult(path, True, checked_with, 0)


# --------------------------------------------------------------------------- TXT


def write_txt(path: Path, redacted_text: str, intended: str, values: set[str]) -> WriteResult:
    data = redacted_text.encode("utf-8")
    leaks = count_leaks(data.decode("utf-8"), intended, values)
    return _finish(path, data, leaks, "re-read as UTF-8 text")


# --------------------------------------------------------------------------- DOCX


def _replace_in_paragraph(p, pattern: re.Pattern[str], subs: dict[str, str]) -> None:
    """Replace matches in a paragraph's text, even when a match spans several runs.

    The paragraph's text nodes are read as one string; each character remembers its
    node; a replacement goes into the node where the match starts and the rest of the
    match is removed from whichever nodes held it.
    """
    nodes = list(p.iter(W + "t"))
    texts = [t.text or "" for t in nodes]
    full = "".join(texts)
    matches = list(pattern.finditer(full)) if full else []
    if not matches:
        return
    owner = [i for i, t in enumerate(texts) for _ in t]
    new: list[list[str]] = [[] for _ in nodes]
    pos = 0
    for m in matches:
        s, e = m.span()
        for j in range(pos, s):
            new[owner[j]].append(full[j])
        new[owner[s]].append(subs[m.group()])
        pos = e
    for j in range(pos, len(full)):
        new[owner[j]].append(full[j])
    for node, parts in zip(nodes, new):
        node.text = "".join(parts)
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def write_docx(path: Path, original: bytes, subs: dict[str, str], intended: str) -> WriteResult:
    """Redact a .docx in place of every text it holds; then verify it by reading it back."""
    from lxml import etree

    values = set(subs)
    if not values:
        return _finish(path, original, 0, "python-docx and raw XML scan")
    pattern = re.compile("|".join(rf"(?<![\w]){re.escape(v)}(?![\w])" for v in sorted(values, key=len, reverse=True)))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            name = info.filename
            if name.endswith(".xml") or name.endswith(".rels"):
                try:
                    root = etree.fromstring(data)
                except etree.XMLSyntaxError:
                    root = None
                if root is not None:
                    _redact_xml(root, name, pattern, subs)
                    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info, data)
    result = out.getvalue()
    leaks = _docx_leaks(result, intended, values)
    return _finish(path, result, leaks, "python-docx and raw XML scan")


def _redact_xml(root, name: str, pattern: re.Pattern[str], subs: dict[str, str]) -> None:
    # authors and initials of comments, tracked changes and people.xml are people
    for el in root.iter():
        for attr in list(el.attrib):
            local = attr.rsplit("}", 1)[-1]
            if local == "author":
                value = el.get(attr) or ""
                el.set(attr, subs.get(value.strip(), "[Name]") if value.strip() else value)
            elif local in ("initials", "userId", "providerId"):
                el.set(attr, "")
    if name.endswith(".rels"):
        for rel in list(root):
            if (rel.get("TargetMode") == "External" and rel.get("Type", "").endswith("/hyperlink")):
                rel.set("Target", "about:blank")
        return
    # resolve tracked changes: drop deletions, keep insertions
    for tag in ("del", "moveFrom"):
        for el in list(root.iter(W + tag)):
            el.getparent().remove(el)
    for tag in ("ins", "moveTo", "hyperlink"):
        for el in list(root.iter(W + tag)):
            parent = el.getparent()
            idx = parent.index(el)
            for child in list(el):
                parent.insert(idx, child)
                idx += 1
            parent.remove(el)
    for el in list(root.iter(W + "instrText")):
        el.text = _sub_all(el.text or "", pattern, subs)
    if any(True for _ in root.iter(W + "p")):
        for p in root.iter(W + "p"):
            _replace_in_paragraph(p, pattern, subs)
    else:
        # document properties (core, app, custom): plain element text
        for el in root.iter():
            if el.text and el.text.strip():
                el.text = _sub_all(el.text, pattern, subs)


def _sub_all(text: str, pattern: re.Pattern[str], subs: dict[str, str]) -> str:
    return pattern.sub(lambda m: subs[m.group()], text)


def _docx_leaks(data: bytes, intended: str, values: set[str]) -> int:
    """Leaks seen by python-docx's reading and by a raw scan of every XML part."""
    import docx

    leaks = 0
    document = docx.Document(io.BytesIO(data))
    seen = "\n".join(p.text for p in document.paragraphs)
    seen += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    leaks += count_leaks(seen, intended, values)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        raw = "\n".join(unescape(re.sub(r"<[^>]+>", " ", z.read(n).decode("utf-8", "replace")))
                        for n in z.namelist() if n.endswith((".xml", ".rels")))
    # the raw scan splits runs with spaces, so compare against the intended text's counts
    leaks += count_leaks(raw, intended, values)
    return leaks


# --------------------------------------------------------------------------- PDF


PAGE_IMAGE_COMPRESSION = 1


def write_pdf(path: Path, original: bytes, doc: Document, redactions: list[Redaction], intended_text: str,
              values: set[str], scale: float = 2.0) -> WriteResult:
    """Re-render each page as an image with the redacted regions painted out."""
    import pypdfium2 as pdfium
    from fpdf import FPDF
    from fpdf.image_parsing import SETTINGS as IMAGE_SETTINGS
    from PIL import ImageDraw

    from ..ingest.pdf import RawIndex

    by_page: dict[int, list[Redaction]] = {}
    for r in redactions:
        by_page.setdefault(r.page, []).append(r)
    src = pdfium.PdfDocument(original)
    # zlib level 1 for the page images: half the time of the default (6 ms a page instead of 15),
    # files about a fifth larger (measured on the 300-page benchmark bundle)
    IMAGE_SETTINGS.compression_level = PAGE_IMAGE_COMPRESSION
    out = FPDF(unit="pt")
    out.set_creator("leder-assist (redacted copy)")
    out.set_auto_page_break(False)
    try:
        for number, page in enumerate(src, start=1):
            width, height = page.get_size()
            textpage = page.get_textpage()
            raw = textpage.get_text_range()
            to_raw = RawIndex(raw)
            image = page.render(scale=scale, grayscale=True).to_pil()
            draw = ImageDraw.Draw(image)
            page_start = doc.pages[number - 1].start
            for r in by_page.get(number, []):
                boxes = _boxes(textpage, to_raw, r.start - page_start, r.end - page_start)
                for left, bottom, right, top in boxes:
                    x0, y0 = left * scale - 1, (height - top) * scale - 1
                    x1, y1 = right * scale + 1, (height - bottom) * scale + 1
                    draw.rectangle([x0, y0, x1, y1], fill=0)
                if boxes:
                    left, bottom, _, top = boxes[0]
                    draw.text((left * scale + 2, (height - top) * scale), r.replacement, fill=255)
            textpage.close()
            page.close()
            out.add_page(format=(width, height))
            out.image(image, x=0, y=0, w=width, h=height)  # the bitmap itself: no PNG round trip
            page_text = _page_text(doc, number, redactions)
            _invisible_text(out, page_text, width, height)
    finally:
        src.close()
    data = bytes(out.output())
    leaks = count_leaks(_pdf_text(data), intended_text, values)
    return _finish(path, data, leaks, "re-read with PDFium")


def _pdf_text(data: bytes) -> str:
    """All text a reader could extract from a PDF (PDFium: the same engine browsers use).

    It reads the copy written by fpdf2, so writer and checker are independent; tests read
    the copies once more with pdfplumber (pdfminer), a third implementation. pdfplumber is
    not used here because it is about 60 times slower on long bundles.
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        parts = []
        for page in pdf:
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(parts)
    finally:
        pdf.close()


def _boxes(textpage, to_raw: RawIndex, start: int, end: int) -> list[tuple[float, float, float, float]]:
    """Character boxes of a span, merged per line."""
    lines: list[list[float]] = []
    for i in range(max(0, start), end):
        try:
            left, bottom, right, top = textpage.get_charbox(to_raw(i), loose=True)
        except Exception:  # noqa: BLE001 - generated characters (line breaks) have no box
            continue
        if right <= left:
            continue
        if lines and abs(lines[-1][1] - bottom) < 2 and left >= lines[-1][0] - 1:
            lines[-1][2] = max(lines[-1][2], right)
            lines[-1][3] = max(lines[-1][3], top)
        else:
            lines.append([left, bottom, right, top])
    return [tuple(b) for b in lines]  # type: ignore[misc]


def _page_text(doc: Document, number: int, redactions: list[Redaction]) -> str:
    from . import apply

    page = doc.pages[number - 1]
    local = [r.model_copy(update={"start": r.start - page.start, "end": r.end - page.start})
             for r in redactions if page.start <= r.start < page.end]
    return apply(doc.text[page.start : page.end], local)


def _invisible_text(pdf, text: str, width: float, height: float) -> None:
    """The redacted page text as an invisible layer (for search and copy)."""
    from fpdf.enums import TextMode

    pdf.set_font("Helvetica", size=6)
    pdf.text_mode = TextMode.INVISIBLE
    y = 12.0
    for line in text.splitlines():
        safe = line.encode("latin-1", "replace").decode("latin-1")
        if safe.strip():
            pdf.text(x=8, y=y, text=safe)
        y += 7
        if y > height - 4:
            y = height - 4
    pdf.text_mode = TextMode.FILL
