"""The redaction check: the redactions an admin kept, what the documents look like with
them, and the redacted bundle rebuilt from them.

Rows come from the ``redactions`` table (status proposed, accepted or rejected; added ones
have source ``reviewer``). Every non-rejected row is applied; where two overlap, the one
an admin added wins, then the longer one. The bundle is written by the same writers as
``leder-assist redact`` (with their read-back leak check), so an accepted, rejected or
added redaction changes exactly what the download holds.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..record import Case, Document, Redaction
from ..redact import CaseRedaction, DocumentRedaction, apply
from ..redact.output import write_case

# Labels an admin can choose for a redaction they add, and the word shown instead.
ADD_LABELS = {"PERSON": "[Name]", "ADDRESS": "[Address]", "POSTCODE": "[Postcode]", "PHONE": "[Phone]",
              "EMAIL": "[Email]", "NHS_NUMBER": "[NHS number]", "LOCAL_ID": "[Reference]",
              "DATE_OF_BIRTH": "[Date of birth]", "ORGANISATION": "[Organisation]", "OTHER": "[Removed]"}


def effective(rows: list[dict], doc: Document) -> list[Redaction]:
    """The redactions to apply to one document: kept rows, without overlaps."""
    kept = [r for r in rows if r["doc_id"] == doc.doc_id and r["status"] != "rejected"
            and 0 <= r["start"] < r["end"] <= len(doc.text)]
    kept.sort(key=lambda r: (r["source"] != "reviewer", -(r["end"] - r["start"]), r["start"]))
    chosen: list[dict] = []
    for r in kept:
        if all(r["end"] <= c["start"] or r["start"] >= c["end"] for c in chosen):
            chosen.append(r)
    chosen.sort(key=lambda r: r["start"])
    return [Redaction(doc_id=doc.doc_id, page=doc.page_at(r["start"]), start=r["start"], end=r["end"], label=r["label"],
                      replacement=r["replacement"], source=r["source"], score=min(max(r["score"], 0.0), 1.0),
                      status="accepted" if r["status"] == "accepted" else "proposed") for r in chosen]


def case_redaction(case: Case, rows: list[dict]) -> CaseRedaction:
    """A :class:`CaseRedaction` from the checked rows (as ``Redactor.redact_case`` would return)."""
    result = CaseRedaction(case.case_id, "review", {})
    key: dict[str, set[str]] = {}
    for doc in case.documents:
        if doc.status != "ok":
            continue
        reds = effective(rows, doc)
        for r in reds:
            key.setdefault(r.replacement, set()).add(doc.text[r.start : r.end])
        result.documents[doc.doc_id] = DocumentRedaction(doc.doc_id, apply(doc.text, reds), reds, [])
    result.key = {k: sorted(v) for k, v in key.items()}
    return result


def segments(doc: Document, rows: list[dict]) -> list[dict]:
    """The original text cut into plain pieces and redaction pieces (for the admin's check page).

    Rejected rows are shown too (struck through) so an admin can change their mind; rows
    hidden by an overlapping kept row are not shown.
    """
    applied = {(r.start, r.end) for r in effective(rows, doc)}
    shown = [r for r in rows if r["doc_id"] == doc.doc_id and
             ((r["start"], r["end"]) in applied or r["status"] == "rejected")]
    shown.sort(key=lambda r: r["start"])
    out, pos = [], 0
    for r in shown:
        if r["start"] < pos:
            continue
        if r["start"] > pos:
            out.append({"text": doc.text[pos : r["start"]], "start": pos, "row": None})
        out.append({"text": doc.text[r["start"] : r["end"]], "start": r["start"], "row": r})
        pos = r["end"]
    out.append({"text": doc.text[pos:], "start": pos, "row": None})
    return out


def redacted_view(doc: Document, reds: list[Redaction], mark: tuple[int, int] | None = None) -> list[dict]:
    """The redacted text as pieces, with the span ``mark`` (original offsets) flagged for highlighting."""
    out: list[dict] = []

    def inside(s: int, e: int) -> bool:
        return mark is not None and s < mark[1] and e > mark[0]

    def plain(s: int, e: int) -> None:
        cuts = sorted({s, e, *(c for c in (mark or ()) if s < c < e)})
        for a, b in zip(cuts, cuts[1:]):
            out.append({"text": doc.text[a:b], "replaced": False, "mark": inside(a, b)})

    pos = 0
    for r in sorted(reds, key=lambda r: r.start):
        plain(pos, r.start)
        out.append({"text": r.replacement, "replaced": True, "mark": inside(r.start, r.end)})
        pos = r.end
    plain(pos, len(doc.text))
    return out


def scrubber(case: Case, redaction: CaseRedaction) -> Callable[[str], str]:
    """A function that replaces every removed value in a string (drafted text made before a
    redaction was added is cleaned too, so no later-found identifier shows in a quote)."""
    subs: dict[str, str] = {}
    for doc in case.documents:
        dr = redaction.documents.get(doc.doc_id)
        for r in dr.redactions if dr else []:
            surface = doc.text[r.start : r.end]
            if surface.strip() and surface != r.replacement:
                subs.setdefault(surface, r.replacement)
    if not subs:
        return lambda s: s
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in sorted(subs, key=len, reverse=True)))
    return lambda s: pattern.sub(lambda m: subs[m.group()], s) if s else s


def bundle_zip(case: Case, rows: list[dict], case_dir: Path) -> tuple[bytes, list[str]]:
    """The redacted copies as a zip (no pseudonym key), and the documents whose copy failed its check."""
    redaction = case_redaction(case, rows)
    with tempfile.TemporaryDirectory(prefix="leder-bundle-") as tmp:
        out = Path(tmp)
        report = write_case(case, redaction, case_dir, out)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for d in report.documents:
                for o in d.outputs:
                    zf.write(out / o.path, o.path)
            zf.writestr("redactions.json", (out / "redactions.json").read_text(encoding="utf-8"))
        failed = [d.doc_id for d in report.documents if d.status == "not_written"]
    return buf.getvalue(), failed
