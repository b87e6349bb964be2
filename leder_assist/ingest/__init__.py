"""Ingestion: a case folder of PDF, DOCX and TXT files becomes a :class:`~leder_assist.record.Case`.

A file that cannot be read becomes a *failed* document with a plain reason and next
step; every other file of the case is still read. Nothing here logs note text.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from ..config import Settings
from ..errors import UnreadableFile, UsageError
from ..record import Case, Document, FileProblem
from .builder import TextBuilder
from .docx import read_docx
from .kinds import guess_kind
from .pdf import read_pdf
from .text import read_txt

log = logging.getLogger(__name__)

SUPPORTED = {".pdf": "pdf", ".docx": "docx", ".txt": "txt"}
# Common look-alikes get a specific next step.
_CONVERT_HINTS = {
    ".doc": "open it in Word and save it as .docx",
    ".rtf": "open it in Word and save it as .docx",
    ".odt": "open it and save it as .docx or PDF",
    ".xps": "print it to PDF",
    ".tif": "scan or convert it to a searchable PDF (with OCR)",
    ".tiff": "scan or convert it to a searchable PDF (with OCR)",
    ".jpg": "scan or convert it to a searchable PDF (with OCR)",
    ".jpeg": "scan or convert it to a searchable PDF (with OCR)",
    ".png": "scan or convert it to a searchable PDF (with OCR)",
    ".msg": "save the e-mail as PDF",
    ".eml": "save the e-mail as PDF",
}
# Files that are part of a folder's housekeeping, not the case.
_IGNORED_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}

Progress = Callable[[str], None]


def case_files(case_dir: Path) -> list[Path]:
    """The files of a case folder (top level, sorted by name), without system clutter."""
    if not case_dir.exists():
        raise UsageError(f"case folder not found: {case_dir}", "check the path and try again")
    if not case_dir.is_dir():
        raise UsageError(f"not a folder: {case_dir}", "give the folder that holds the case's documents")
    files = [p for p in case_dir.iterdir() if p.is_file()
             and p.name.lower() not in _IGNORED_NAMES and not p.name.startswith(("~$", "._"))]
    return sorted(files, key=lambda p: p.name.lower())


def ingest_file(path: Path, doc_id: str, settings: Settings) -> Document:
    """Read one file into a Document; problems become a failed Document, never an exception."""
    doc = Document(doc_id=doc_id, filename=path.name)
    suffix = path.suffix.lower()
    try:
        fmt = SUPPORTED.get(suffix)
        if fmt is None:
            hint = _CONVERT_HINTS.get(suffix, "convert it to PDF, Word (.docx) or text (.txt)")
            raise UnreadableFile("unsupported", f"is a type leder-assist cannot read ({suffix or 'no extension'})",
                                 f"{hint}, then add it again")
        doc.format = fmt  # type: ignore[assignment]
        size = path.stat().st_size
        doc.size_bytes = size
        if size == 0:
            raise UnreadableFile("empty", "is empty (0 bytes)", "ask the sender for the document again")
        if size > settings.max_file_mb * 1024 * 1024:
            raise UnreadableFile("too_large", f"is {size / 1024 / 1024:,.1f} MB, over the {settings.max_file_mb:g} MB limit",
                                 "split it into smaller files, or raise the limit with --max-file-mb")
        data = path.read_bytes()
        doc.sha256 = hashlib.sha256(data).hexdigest()
        builder, warnings = _read(fmt, data, settings)
        text, pages = builder.build()
        body = "".join(text[r.start : r.end] for r in builder.regions if r.kind == "property")
        if len(text.strip()) <= len(body.strip()):
            raise UnreadableFile("empty", "has no text", "check the right file was sent; ask the sender for the full document")
        doc.text, doc.pages, doc.regions, doc.warnings = text, pages, builder.regions, warnings
        doc.kind, doc.kind_reason = guess_kind(path.name, text, settings)
    except UnreadableFile as exc:
        doc.status = "failed"
        doc.error = FileProblem(code=exc.code, message=exc.message, next_step=exc.next_step or "")
        doc.text, doc.pages, doc.regions = "", [], []
        log.info("document %s failed: %s", doc_id, exc.code)
    except (MemoryError, RecursionError, OSError) as exc:
        doc.status = "failed"
        doc.error = FileProblem(code="unreadable", message=f"could not be read ({type(exc).__name__})",
                                next_step="check the file opens on this computer; ask the sender to send it again")
        doc.text, doc.pages, doc.regions = "", [], []
        log.warning("document %s failed: %s", doc_id, type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - a bug in one reader must not stop the case
        doc.status = "failed"
        doc.error = FileProblem(code="internal_error",
                                message=f"could not be read because of an unexpected problem ({type(exc).__name__})",
                                next_step="report it to whoever looks after leder-assist; the rest of the case was processed")
        doc.text, doc.pages, doc.regions = "", [], []
        log.error("document %s failed with %s", doc_id, type(exc).__name__)
    return doc


def _read(fmt: str, data: bytes, settings: Settings) -> tuple[TextBuilder, list[str]]:
    if fmt == "pdf":
        return read_pdf(data)
    if fmt == "docx":
        return read_docx(data, settings)
    return read_txt(data)


def ingest_case(case_dir: Path, settings: Settings, case_id: str | None = None,
                progress: Progress | None = None) -> Case:
    """Read every file of a case folder. Document ids (D01, D02...) follow file-name order."""
    files = case_files(case_dir)
    case = Case(case_id=case_id or case_dir.resolve().name)
    for n, path in enumerate(files, start=1):
        if progress:
            progress(path.name)
        case.documents.append(ingest_file(path, f"D{n:02d}", settings))
    return case
