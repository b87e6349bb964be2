"""Writing a redacted case to disk: copies in every supported format, the report, the key.

Layout of the output folder::

    OUT/redacted/<name>.txt          redacted text of every document
    OUT/redacted/<name>.docx|.pdf    redacted copy in the input's own format
    OUT/redactions.json              what was removed where (no removed text)
    OUT/pseudonym-key.json           pseudonym -> real names: for an authorised custodian only

A copy that fails its check is not written; its document is reported as ``not_written``.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..record import Case, Document, FileProblem, OutputFile, RedactedDocument, RedactionReport
from . import CaseRedaction, DocumentRedaction
from .writers import WriteResult, safe_stem, write_docx, write_pdf, write_txt

log = logging.getLogger(__name__)
KEY_FILE = "pseudonym-key.json"


def _write_one(args: tuple[Document, DocumentRedaction, bytes | None, Path, dict[str, str]]) -> list[tuple[str, WriteResult]]:
    doc, dr, original, folder, file_subs = args
    subs = {doc.text[r.start : r.end]: r.replacement for r in dr.redactions
            if doc.text[r.start : r.end] != r.replacement}
    values = set(subs)
    stem = safe_stem(Path(doc.filename).stem, file_subs)
    results = [("txt", write_txt(folder / f"{stem}.txt", dr.text, dr.text, values))]
    if doc.format == "docx" and original is not None:
        results.append(("docx", write_docx(folder / f"{stem}.docx", original, subs, dr.text)))
    elif doc.format == "pdf" and original is not None:
        results.append(("pdf", write_pdf(folder / f"{stem}.pdf", original, doc, dr.redactions, dr.text, values)))
    return results


def write_case(case: Case, result: CaseRedaction, case_dir: Path, out_dir: Path, workers: int = 1) -> RedactionReport:
    """Write every redacted copy, ``redactions.json`` and the pseudonym key; returns the report."""
    folder = out_dir / "redacted"
    folder.mkdir(parents=True, exist_ok=True)
    file_subs = {real: pseudo for pseudo, reals in result.key.items() for real in reals}
    report = RedactionReport(case_id=result.case_id, profile=result.profile)
    jobs = []
    for doc in case.documents:
        dr = result.documents.get(doc.doc_id)
        if dr is None:
            continue
        original = (case_dir / doc.filename).read_bytes() if doc.format in ("docx", "pdf") else None
        jobs.append((doc, dr, original, folder, file_subs))
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            written = list(pool.map(_write_one, jobs))
    else:
        written = [_write_one(j) for j in jobs]
    done = {job[0].doc_id: res for job, res in zip(jobs, written)}
    for doc in case.documents:
        stem = safe_stem(Path(doc.filename).stem, file_subs)
        name = stem + Path(doc.filename).suffix
        if doc.status == "failed":
            report.documents.append(RedactedDocument(doc_id=doc.doc_id, filename=name, status="failed", error=doc.error))
            continue
        dr = result.documents[doc.doc_id]
        outputs, refused = [], 0
        for fmt, res in done[doc.doc_id]:
            if res.path is None:
                refused += 1
                log.error("document %s: %s copy failed its check and was not written", doc.doc_id, fmt)
                continue
            outputs.append(OutputFile(path=str(res.path.relative_to(out_dir)), format=fmt,  # type: ignore[arg-type]
                                      verified=res.verified, checked_with=res.checked_with))
        error = None
        if refused:
            error = FileProblem(code="check_failed",
                                message=f"{refused} redacted copy(ies) still contained removed values and were not written",
                                next_step="redact this document by hand and report the problem")
        report.documents.append(RedactedDocument(
            doc_id=doc.doc_id, filename=name, status="not_written" if refused else "redacted", error=error,
            outputs=outputs, counts=dict(Counter(r.label for r in dr.redactions))))
        report.redactions.extend(dr.redactions)
    (out_dir / "redactions.json").write_text(report.model_dump_json(indent=2), encoding="utf-8")
    (out_dir / KEY_FILE).write_text(json.dumps({"case_id": result.case_id, "warning":
        "Holds real names and identifiers: for an authorised custodian only. Do not share.",
        "pseudonyms": result.key}, indent=2, ensure_ascii=False), encoding="utf-8")
    return report
