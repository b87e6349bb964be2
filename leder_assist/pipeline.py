"""Run the whole review pipeline on one case folder (MINIMAL STAND-IN on the ``web`` branch).

This version only parses, redacts and writes the redacted copies, and returns a
:class:`~leder_assist.record.CaseReview` with documents and redactions filled; themes,
timeline, pen portrait and triage stay empty. Branch ``review`` builds the real one with
the same signature, which replaces this file at merge. The web workspace calls exactly
:func:`run_review` from its background job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings
from .ingest import ingest_case
from .record import Case, CaseReview, DocumentSummary
from .redact import CaseRedaction, Redactor
from .redact.output import write_case


@dataclass
class ReviewResult:
    case: Case
    redaction: CaseRedaction
    review: CaseReview
    paths: dict[str, Path] = field(default_factory=dict)  # "redacted", "redactions", "review"


def run_review(case_dir: Path, out_dir: Path, settings: Settings, profile: str = "review", workers: int = 1,
               on_stage: Callable[[str, float], None] | None = None) -> ReviewResult:
    """Parse, redact and write one case; ``on_stage(name, fraction_done)`` reports progress."""
    stage = on_stage or (lambda name, done: None)
    stage("reading", 0.0)
    case = ingest_case(case_dir, settings)
    stage("redacting", 0.3)
    redaction = Redactor.load(settings, profile).redact_case(case, workers=workers)
    stage("writing", 0.7)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_case(case, redaction, case_dir, out_dir, workers=workers)
    review = CaseReview(case_id=case.case_id, profile=profile,
                        documents=[DocumentSummary.of(d) for d in case.documents],
                        redactions=redaction.redactions)
    review_path = out_dir / "review.json"
    review_path.write_text(review.model_dump_json(indent=2), encoding="utf-8")
    stage("done", 1.0)
    return ReviewResult(case, redaction, review, {"redacted": out_dir / "redacted",
                                                  "redactions": out_dir / "redactions.json", "review": review_path})
