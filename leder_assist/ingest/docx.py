"""Word (.docx) files: body paragraphs and tables in order, headers, footers, footnotes,
endnotes, comments and document properties.

Everything a person or a search could read in the file goes into the text, because
everything in it may identify someone: a comment's author, the "last modified by"
property, a footer with the person's name. Non-body parts are marked as regions.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

import docx
from lxml import etree

from ..config import Settings
from ..errors import UnreadableFile
from .builder import TextBuilder

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{%s}" % W
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_CORE_PROPERTIES = (
    ("author", "Author"),
    ("last_modified_by", "Last modified by"),
    ("title", "Title"),
    ("subject", "Subject"),
    ("keywords", "Keywords"),
    ("comments", "Comments"),
    ("category", "Category"),
    ("content_status", "Status"),
    ("identifier", "Identifier"),
)
# Parts whose text is never shown but may still hold identifiers are read as well.
_SKIP = {f"{{{MC}}}Fallback", _W + "instrText", _W + "delText", _W + "del", _W + "rPr", _W + "pPr"}


def _not_docx() -> UnreadableFile:
    return UnreadableFile(
        "not_docx",
        "is not a valid Word (.docx) file: it may be damaged, or an older .doc file renamed",
        "open it in Word and save it again as a .docx (Word Document), then add it again",
    )


def check_archive(data: bytes, settings: Settings) -> None:
    """Refuse archives that are not Word files or would unpack to an absurd size (zip bombs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _not_docx() from None
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        raise _not_docx()
    total = sum(i.file_size for i in infos)
    limit = settings.max_docx_uncompressed_mb * 1024 * 1024
    worst = max((i.file_size / max(i.compress_size, 1) for i in infos), default=1)
    if total > limit:
        raise UnreadableFile(
            "zip_bomb",
            f"would unpack to {total / 1024 / 1024:,.0f} MB, over the {settings.max_docx_uncompressed_mb:,.0f} MB limit: "
            "refused as a possible zip bomb",
            "check where the file came from; if it is genuine, raise the limit with --max-docx-mb",
        )
    if worst > settings.max_docx_ratio and total > 10 * 1024 * 1024:
        raise UnreadableFile(
            "zip_bomb",
            f"is compressed {worst:,.0f} times over (ordinary Word files are far below {settings.max_docx_ratio:,.0f}): "
            "refused as a possible zip bomb",
            "check where the file came from; open it in Word and save a fresh copy",
        )


class _Reader:
    """Walks WordprocessingML into a TextBuilder."""

    def __init__(self, builder: TextBuilder, rendered_breaks: bool) -> None:
        self.b = builder
        self.rendered_breaks = rendered_breaks

    def blocks(self, parent: etree._Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == _W + "p":
                self.paragraph(child)
            elif tag == _W + "tbl":
                self.table(child)
            elif tag in (_W + "sdt",):
                content = child.find(_W + "sdtContent")
                if content is not None:
                    self.blocks(content)
            elif tag == _W + "customXml":
                self.blocks(child)

    def paragraph(self, p: etree._Element) -> None:
        if not self.rendered_breaks and p.find(f"{_W}pPr/{_W}pageBreakBefore") is not None:
            self.b.new_page()
        for kind, value in _inline(p, self.rendered_breaks):
            if kind == "page":
                self.b.ensure_newline()
                self.b.new_page()
            else:
                self.b.add(value)
        self.b.ensure_newline()

    def table(self, tbl: etree._Element) -> None:
        start = self.b.length
        for row in tbl.iterchildren(_W + "tr"):
            if _has_break(row, self.rendered_breaks):
                self.b.ensure_newline()
                self._close_table(start)
                self.b.new_page()
                start = self.b.length
            cells = [_cell_text(tc) for tc in row if tc.tag in (_W + "tc",)] or [
                _cell_text(tc) for tc in row.iter(_W + "tc")
            ]
            self.b.add(" | ".join(cells).rstrip() + "\n")
        self._close_table(start)

    def _close_table(self, start: int) -> None:
        if self.b.length > start:
            self.b.mark("table", start, self.b.length)


def _inline(el: etree._Element, rendered_breaks: bool) -> Iterator[tuple[str, str]]:
    """Text pieces and page-break markers of a paragraph, in order."""
    for node in el:
        tag = node.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _W + "t":
            if node.text:
                yield "text", node.text
        elif tag == _W + "tab":
            yield "text", "\t"
        elif tag in (_W + "cr",):
            yield "text", "\n"
        elif tag == _W + "br":
            if node.get(_W + "type") == "page":
                if not rendered_breaks:
                    yield "page", ""
            else:
                yield "text", "\n"
        elif tag == _W + "noBreakHyphen":
            yield "text", "-"
        elif tag == _W + "lastRenderedPageBreak":
            if rendered_breaks:
                yield "page", ""
        elif tag == _W + "p":  # paragraphs inside text boxes
            yield from _inline(node, rendered_breaks)
            yield "text", "\n"
        else:
            yield from _inline(node, rendered_breaks)


def _has_break(el: etree._Element, rendered_breaks: bool) -> bool:
    if rendered_breaks:
        return el.find(f".//{_W}lastRenderedPageBreak") is not None
    return any(br.get(_W + "type") == "page" for br in el.iter(_W + "br"))


def _cell_text(tc: etree._Element) -> str:
    paras = []
    for p in tc.iter(_W + "p"):
        text = "".join(v for k, v in _inline(p, rendered_breaks=False) if k == "text").strip()
        if text:
            paras.append(" ".join(text.split()))
    return " / ".join(paras)


def _part_paragraphs(root: etree._Element) -> list[str]:
    return [
        "".join(v for k, v in _inline(p, rendered_breaks=False) if k == "text").strip()
        for p in root.iter(_W + "p")
    ]


def _notes(root: etree._Element, tag: str, label: str) -> list[str]:
    lines = []
    for note in root.iter(_W + tag):
        if note.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(t for t in _part_paragraphs(note) if t)
        if not text:
            continue
        if tag == "comment":
            author = note.get(_W + "author") or ""
            initials = note.get(_W + "initials") or ""
            who = f"{author} ({initials})" if author and initials else author or initials
            lines.append(f"{label} by {who}: {text}" if who else f"{label}: {text}")
        else:
            lines.append(f"{label} {note.get(_W + 'id', '')}: {text}")
    return lines


def _property_lines(document: docx.document.Document, archive: zipfile.ZipFile) -> list[str]:
    lines: list[str] = []
    # python-docx invents default properties when a file has none; read only real ones.
    if any(n.lower().endswith("core.xml") for n in archive.namelist()):
        props = document.core_properties
        lines += [f"{label}: {value}" for attr, label in _CORE_PROPERTIES
                  if (value := str(getattr(props, attr) or "").strip())]
    # Extended (Company, Manager) and custom properties can name people and places too.
    for name in ("docProps/app.xml", "docProps/custom.xml"):
        if name not in archive.namelist():
            continue
        try:
            root = ElementTree.fromstring(archive.read(name))
        except ElementTree.ParseError:
            continue
        for el in root.iter():
            local = el.tag.rsplit("}", 1)[-1]
            if name.endswith("app.xml") and local in ("Company", "Manager") and (el.text or "").strip():
                lines.append(f"{local}: {el.text.strip()}")
            elif local == "property" and el.get("name"):
                value = " ".join(t.strip() for t in el.itertext() if t.strip())
                if value:
                    lines.append(f"Custom property {el.get('name')}: {value}")
    return lines


def read_docx(data: bytes, settings: Settings) -> tuple[TextBuilder, list[str]]:
    """Read a .docx into a builder; returns it with warnings."""
    check_archive(data, settings)
    try:
        document = docx.Document(io.BytesIO(data))
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # python-docx raises KeyError, ValueError, lxml errors... for broken parts
        raise _not_docx() from None

    body = document.element.body
    rendered = body.find(f".//{_W}lastRenderedPageBreak") is not None
    builder = TextBuilder()
    reader = _Reader(builder, rendered)
    warnings: list[str] = []

    parts = sorted(document.part.package.iter_parts(), key=lambda part: str(part.partname))
    by_type: dict[str, list[etree._Element]] = {}
    for part in parts:
        kind = part.content_type.removeprefix(_CT).removesuffix("+xml")
        if kind in ("header", "footer", "footnotes", "endnotes", "comments"):
            try:
                by_type.setdefault(kind, []).append(etree.fromstring(part.blob))
            except etree.XMLSyntaxError:
                warnings.append(f"the {kind} part could not be read and was left out")

    def add_lines(lines: list[str], region: str) -> None:
        seen: set[str] = set()
        for line in lines:
            if line and line not in seen:
                seen.add(line)
                builder.ensure_newline()
                builder.add(line + "\n", region)  # type: ignore[arg-type]

    add_lines([t for root in by_type.get("header", []) for t in _part_paragraphs(root)], "header")
    reader.blocks(body)
    builder.ensure_newline()
    add_lines([t for root in by_type.get("footer", []) for t in _part_paragraphs(root)], "footer")
    add_lines([ln for root in by_type.get("footnotes", []) for ln in _notes(root, "footnote", "Footnote")], "footnote")
    add_lines([ln for root in by_type.get("endnotes", []) for ln in _notes(root, "endnote", "Endnote")], "endnote")
    add_lines([ln for root in by_type.get("comments", []) for ln in _notes(root, "comment", "Comment")], "comment")
    add_lines(_property_lines(document, archive), "property")
    if body.find(f".//{_W}del") is not None:
        warnings.append("has tracked deletions: deleted text is not shown here but is still inside the file")
    return builder, warnings
