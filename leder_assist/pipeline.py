"""One call runs the whole review of a case: parse, redact, themes, timeline, portrait, triage.

``run_review`` is what the CLI's ``review`` command and the web app's background job call.
It writes ``review.json`` (the shape of :class:`~leder_assist.record.CaseReview`), the
redacted documents and the review pack (DOCX and HTML), and reports each stage's progress
through ``on_stage(stage, fraction_done)``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .config import Settings
from .facts import person_facts
from .ingest import ingest_case
from .notification import check_notification
from .portrait import PortraitBuilder
from .record import Case, CaseReview, DocumentSummary, StageTime, Theme
from .redact import CaseRedaction, Redactor
from .redact.output import write_case
from .timeline import TimelineBuilder
from .triage import triage

log = logging.getLogger(__name__)

STAGES = ("parse", "redact", "themes", "timeline", "portrait", "triage", "write")


@dataclass
class ReviewResult:
    case: Case
    redaction: CaseRedaction
    review: CaseReview
    paths: dict[str, Path] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """True when some document could not be read or written (exit code 2)."""
        return bool(self.case.failed) or any(d.status != "redacted" for d in self.report_documents)

    report_documents: list = field(default_factory=list)


def _themes_stage(case: Case, redaction: CaseRedaction, settings: Settings) -> tuple[list[Theme], float | None]:
    """Themes (rules and the trained classifier) and the classifier's probability of a focused review."""
    extraction = _extractor(settings).analyse(case, redaction)
    return extraction.themes, extraction.focused_probability


@lru_cache(maxsize=2)
def _extractor(settings: Settings):  # noqa: ANN202 - Extractor (imported lazily: spaCy is slow to import)
    """One extractor per process and settings: the web app's jobs reuse it case after case."""
    from .extract import Extractor

    return Extractor.load(settings)


def draft_review(case: Case, redaction: CaseRedaction, settings: Settings, profile: str = "review",
                 done: Callable[[str], None] | None = None) -> CaseReview:
    """The drafts for a parsed and redacted case: themes, timeline, pen portrait, notification
    check and triage (with the themes and the classifier's signal). ``run_review`` writes what
    this returns; ``evaluate review`` scores exactly the same thing."""
    mark = done or (lambda stage: None)
    themes, probability = _themes_stage(case, redaction, settings)
    mark("themes")
    facts = person_facts(case)
    events, gaps = TimelineBuilder(settings).build(case, redaction, facts)
    mark("timeline")
    portrait = PortraitBuilder(settings).build(case, redaction, facts)
    mark("portrait")
    checks = check_notification(case, settings)
    decision = triage(case, redaction, themes, probability, settings, facts=facts, timeline=events)
    mark("triage")
    return CaseReview(case_id=case.case_id, profile=profile, documents=[DocumentSummary.of(d) for d in case.documents],
                      redactions=redaction.redactions, themes=themes, timeline=events, timeline_gaps=gaps,
                      pen_portrait=portrait, triage=decision, notification_check=checks,
                      missing_information=[c.item for c in checks if c.status == "missing"])


def run_review(case_dir: Path, out_dir: Path, settings: Settings, profile: str = "review", workers: int = 1,
               on_stage: Callable[[str, float], None] | None = None) -> ReviewResult:
    """Review one case folder into ``out_dir``: review.json, redacted/, review-pack.docx and .html."""
    from .pack import write_pack

    times: list[StageTime] = []
    clock = time.perf_counter()

    def done(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times.append(StageTime(stage=stage, seconds=round(now - clock, 3)))
        clock = now
        if on_stage:
            on_stage(stage, (STAGES.index(stage) + 1) / len(STAGES))

    if on_stage:
        on_stage("parse", 0.0)
    case = ingest_case(case_dir, settings)
    done("parse")
    redaction = Redactor.load(settings, profile).redact_case(case, workers=workers)
    done("redact")
    review = draft_review(case, redaction, settings, profile, done)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = write_case(case, redaction, case_dir, out_dir, workers=workers)
    paths = {"redacted": out_dir / "redacted", "redactions": out_dir / "redactions.json"}
    paths.update(write_pack(review, case, redaction, out_dir))
    done("write")
    review.stage_seconds = times
    path = out_dir / "review.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(review.model_dump_json(indent=2), encoding="utf-8")
    tmp.replace(path)
    paths["review"] = path
    log.info("case reviewed: %d documents, %d events", len(case.documents), len(review.timeline))
    return ReviewResult(case, redaction, review, paths, report.documents)
