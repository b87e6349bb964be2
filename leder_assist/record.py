"""The data model that flows through every stage (pydantic v2).

Stages *add findings* to a case; later stages read them (see ``docs/architecture.md``).
Every finding carries its provenance — document, page, character offsets into the
document's extracted text (end exclusive), the rule or model id that produced it, a
score — and a status that a reviewer changes. ``leder-assist schema`` prints the JSON
Schema of :class:`Case` and :class:`CaseReview`; ``review.json`` follows
``CaseReview`` and the stable fields of ``../shared/docs/output-contract.md``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from . import __version__

SCHEMA_VERSION = "1.0"

DocKind = Literal["gp_record", "discharge_summary", "care_notes", "notification", "family", "other"]
DocFormat = Literal["pdf", "docx", "txt"]
RegionKind = Literal["header", "footer", "table", "footnote", "endnote", "comment", "property"]
Status = Literal["proposed", "accepted", "rejected", "edited"]
Precision = Literal["day", "month", "year"]
Setting = Literal["gp", "hospital", "care_home", "community", "family", "other"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- documents


class Page(_Model):
    """A page of a document: its 1-based number and its span of the document text."""

    number: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0, description="exclusive")


class Region(_Model):
    """A marked span of the text that is not plain body text.

    Running headers and footers of PDFs (which often repeat the person's name and NHS
    number on every page), DOCX headers, footers, tables, footnotes, comments and core
    properties are all kept in the text so they are redacted with everything else, and
    marked here so later stages can treat them differently.
    """

    kind: RegionKind
    start: int = Field(ge=0)
    end: int = Field(ge=0, description="exclusive")
    page: int = Field(ge=1)


class FileProblem(_Model):
    """Why a document could not be read, in words an admin user can act on."""

    code: str = Field(description="stable reason: no_text_layer, encrypted, corrupt, too_large, ...")
    message: str
    next_step: str


class Document(_Model):
    """One input file of a case, with its extracted text, pages and regions."""

    doc_id: str
    filename: str
    format: DocFormat | None = None
    size_bytes: int = 0
    sha256: str = ""
    status: Literal["ok", "failed"] = "ok"
    error: FileProblem | None = None
    kind: DocKind = "other"
    kind_reason: str = ""
    text: str = ""
    pages: list[Page] = []
    regions: list[Region] = []
    warnings: list[str] = []

    def page_at(self, offset: int) -> int:
        """The 1-based page number holding a character offset (the last page past the end)."""
        if not self.pages:
            return 1
        starts = [p.start for p in self.pages]
        i = bisect.bisect_right(starts, offset) - 1
        return self.pages[max(i, 0)].number

    def page_text(self, number: int) -> str:
        page = self.pages[number - 1]
        return self.text[page.start : page.end]


class Case(_Model):
    """A parsed case bundle: every document, including the ones that failed."""

    schema_version: str = SCHEMA_VERSION
    tool_version: str = __version__
    case_id: str
    created_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    documents: list[Document] = []

    @property
    def failed(self) -> list[Document]:
        return [d for d in self.documents if d.status == "failed"]

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.doc_id == doc_id:
                return doc
        raise KeyError(doc_id)


# --------------------------------------------------------------------------- findings


class SourceRef(_Model):
    """Where a claim comes from: the reviewer clicks this to check it."""

    doc_id: str
    page: int = Field(ge=1)
    start: int | None = Field(None, ge=0)
    end: int | None = Field(None, ge=0)


class Finding(_Model):
    """Common provenance of everything a stage finds."""

    doc_id: str
    page: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0, description="exclusive")
    source: str = Field(description="id of the rule or model that found it")
    source_version: str | None = None
    score: float = Field(ge=0.0, le=1.0)
    status: Status = "proposed"


class Redaction(Finding):
    """An identifier to remove; ``replacement`` is the role pseudonym or label shown instead."""

    label: str
    replacement: str


class Entity(Finding):
    """A clinical or care entity (condition, medication, professional...) with its context."""

    label: str
    negated: bool = False
    hypothetical: bool = False
    other_person: bool = False
    historical: bool = False
    uncertain: bool = False
    section: str | None = None


class Evidence(_Model):
    """A redacted quote supporting a theme, trigger or signal."""

    doc_id: str
    page: int = Field(ge=1)
    quote: str
    start: int | None = None
    end: int | None = None
    negated: bool = False
    hypothetical: bool = False
    other_person: bool = False
    historical: bool = False
    uncertain: bool = False
    source: str = ""

    def context_note(self) -> str:
        """Why a mention is not evidence, in plain words ("negated", "about someone else"), or ""."""
        words = [w for w, on in (("negated", self.negated), ("planned or hypothetical", self.hypothetical),
                                 ("about someone else", self.other_person), ("in the past", self.historical),
                                 ("uncertain", self.uncertain)) if on]
        return ", ".join(words)


class Theme(_Model):
    code: str
    label: str
    score: float = Field(ge=0.0, le=1.0)
    found_by: Literal["rules", "classifier", "both"] = "rules"
    evidence: list[Evidence] = []
    mentioned_not_present: list[Evidence] = []
    status: Status = "proposed"


class TimelineEvent(_Model):
    date: dt.date | None
    precision: Precision
    date_text: str
    summary: str
    setting: Setting = "other"
    doc_id: str
    page: int = Field(ge=1)
    quote: str
    relative: bool = False
    flags: list[str] = Field([], description="how the date was read: relative, entry date, impossible, ...")
    kind: str = Field("other", description="death, admission, discharge, diagnosis, move, ahc, referral, ...")
    source: str = Field("", description="id of the timeline rule that found it")
    sources: list[SourceRef] = Field([], description="every place the episode is reported")
    status: Status = "proposed"


class TimelineGap(_Model):
    """A hole in the timeline: no record between two dates in the final two years."""

    start: dt.date
    end: dt.date
    days: int


class PortraitSentence(_Model):
    """One sentence of the pen portrait and the places in the notes that say it."""

    text: str
    sources: list[SourceRef]
    rule: str = ""
    derived: str = Field("", description="how a value not quoted from the notes was worked out from its sources")


class PortraitSection(_Model):
    heading: str
    text: str
    sources: list[SourceRef] = []
    sentences: list[PortraitSentence] = []


class PenPortrait(_Model):
    status: Literal["draft", "approved"] = "draft"
    label: str = "DRAFT - for reviewer approval"
    sections: list[PortraitSection] = []


class Trigger(_Model):
    code: str
    reason: str
    evidence: list[Evidence] = []


class Signal(_Model):
    code: str
    weight: float
    evidence: list[Evidence] = []


class Triage(_Model):
    recommendation: Literal["initial", "focused"]
    score: float | None = None
    threshold: float | None = None
    triggers: list[Trigger] = []
    signals: list[Signal] = []
    uncertainties: list[str] = []
    advisory: str = "Recommended, advisory only: a reviewer decides."


class DocumentSummary(_Model):
    """A document as listed in ``review.json`` (page count instead of page spans)."""

    doc_id: str
    filename: str
    pages: int
    kind: DocKind
    kind_reason: str = ""
    status: Literal["ok", "failed"] = "ok"
    error: FileProblem | None = None
    warnings: list[str] = []

    @classmethod
    def of(cls, doc: Document) -> DocumentSummary:
        return cls(doc_id=doc.doc_id, filename=doc.filename, pages=len(doc.pages), kind=doc.kind,
                   kind_reason=doc.kind_reason, status=doc.status, error=doc.error, warnings=doc.warnings)


class OutputFile(_Model):
    """A redacted copy written for a document, and the check it passed."""

    path: str = Field(description="relative to the output folder")
    format: DocFormat
    verified: bool
    checked_with: str


class RedactedDocument(_Model):
    doc_id: str
    filename: str = Field(description="the input's name with any identifier in it replaced")
    status: Literal["redacted", "failed", "not_written"]
    error: FileProblem | None = None
    outputs: list[OutputFile] = []
    counts: dict[str, int] = {}


class RedactionReport(_Model):
    """The shape of ``redactions.json``: what was removed where, and how each copy was checked.

    It holds offsets, labels, replacements and rule ids, never the removed text; the
    pseudonym key for an authorised custodian is written separately.
    """

    schema_version: str = SCHEMA_VERSION
    tool_version: str = __version__
    case_id: str
    profile: str
    generated_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    documents: list[RedactedDocument] = []
    redactions: list[Redaction] = []


class NotificationItem(_Model):
    """One fact the notification of death should state, and whether it does."""

    item: str = Field(description="date_of_death, place_of_death, cause_of_death, ethnicity, ld_status, gp, knew_person, notifier")
    label: str
    status: Literal["present", "missing", "elsewhere"] = Field(description="elsewhere: not on the notification, but another document states it")
    reason: str = ""
    rule: str = ""
    source: SourceRef | None = None


class StageTime(_Model):
    stage: str
    seconds: float


class CaseReview(_Model):
    """Everything drafted for one case: the shape of ``review.json``."""

    schema_version: str = SCHEMA_VERSION
    tool_version: str = __version__
    case_id: str
    profile: str = "review"
    generated_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    documents: list[DocumentSummary] = []
    redactions: list[Redaction] = []
    themes: list[Theme] = []
    timeline: list[TimelineEvent] = []
    pen_portrait: PenPortrait = PenPortrait()
    triage: Triage | None = None
    missing_information: list[str] = Field([], description="ids of notification items that are missing")
    notification_check: list[NotificationItem] = []
    timeline_gaps: list[TimelineGap] = Field([], description="holes: long stretches with no record in the final two years")
    draft: str = "DRAFT - for reviewer approval. Recommended, advisory only: a reviewer decides."
    stage_seconds: list[StageTime] = []
