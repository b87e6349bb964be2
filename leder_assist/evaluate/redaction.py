"""Scoring redaction against gold: per-label recall and precision, leaks, over-redaction.

Three kinds of gold are read:

- sample case gold (``samples/gold/*.yaml``): every identifier's surface forms; each
  whole-word, case-sensitive occurrence in the bundle is a gold span;
- annotated notes (``eval/redaction/*.yaml``): notes with inline marks
  ``[[Jean Pike|PERSON]]`` giving exact gold spans;
- presidio-research's synthetic sentences (``../shared/data/presidio-synth``), US-centred,
  with their labels mapped to ours.

A gold span is *caught* when redactions cover all of it; a predicted span that overlaps
no gold span of any label is a false positive. Must-keep words (clinical eponyms, drug
names, tools, ordinary words that are also names) that any redaction touches are listed.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..config import Settings
from ..gold import load_gold
from ..ingest import ingest_case
from ..record import Case, Document, Page
from ..redact import Redactor

# Labels that the review profile removes; others (ORGANISATION) are scored as detection.
MARK = re.compile(r"\[\[(?P<text>[^\[\]|]+)\|(?P<label>[A-Z_]+)(?:\|(?P<role>[^\[\]]+))?\]\]")
# Clinical words that must survive redaction in every note (besides each note's own list).
MUST_KEEP_ALWAYS = ["Down's syndrome", "Parkinson's", "Alzheimer's", "Makaton", "NEWS2", "RESTORE2", "Waterlow",
                    "Epilim", "Keppra", "Crohn's", "Addison's", "Asperger's", "Hodgkin"]
PRESIDIO_LABELS = {"PERSON": "PERSON", "PHONE_NUMBER": "PHONE", "EMAIL_ADDRESS": "EMAIL", "STREET_ADDRESS": "ADDRESS",
                   "US_SSN": "LOCAL_ID", "ZIP_CODE": None, "CREDIT_CARD": None, "DATE_TIME": None, "ORGANIZATION": "ORGANISATION",
                   "GPE": None, "NRP": None, "TITLE": None, "AGE": None, "IP_ADDRESS": None, "US_DRIVER_LICENSE": "LOCAL_ID",
                   "IBAN_CODE": None, "URL": None, "US_BANK_NUMBER": None, "US_PASSPORT": None, "US_ITIN": None}


@dataclass
class GoldSpan:
    doc_id: str
    start: int
    end: int
    label: str
    text: str


@dataclass
class Scores:
    """Counts per label, leaks and over-redactions, accumulated over many documents."""

    caught: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    false_pos: Counter[str] = field(default_factory=Counter)
    leaks: list[tuple[str, str, str]] = field(default_factory=list)  # (source, label, text)
    over_redacted: list[tuple[str, str]] = field(default_factory=list)  # (source, must-keep word)
    false_pos_words: Counter[str] = field(default_factory=Counter)
    words: int = 0

    def recall(self, label: str) -> float | None:
        return self.caught[label] / self.gold[label] if self.gold[label] else None

    def precision(self, label: str) -> float | None:
        return 1 - self.false_pos[label] / self.predicted[label] if self.predicted[label] else None

    def overall_precision(self) -> float | None:
        total = sum(self.predicted.values())
        return 1 - sum(self.false_pos.values()) / total if total else None

    def overall_recall(self) -> float | None:
        total = sum(self.gold.values())
        return sum(self.caught.values()) / total if total else None

    def as_dict(self) -> dict:
        labels = sorted(set(self.gold) | set(self.predicted))
        return {
            "labels": {lab: {"gold": self.gold[lab], "caught": self.caught[lab], "recall": _r(self.recall(lab)),
                             "predicted": self.predicted[lab], "false_positives": self.false_pos[lab],
                             "precision": _r(self.precision(lab))} for lab in labels},
            "overall": {"recall": _r(self.overall_recall()), "precision": _r(self.overall_precision())},
            "leaks": [{"where": w, "label": lab, "text": t} for w, lab, t in self.leaks],
            "over_redacted_must_keep": [{"where": w, "word": t} for w, t in self.over_redacted],
            "false_positive_words": self.false_pos_words.most_common(30),
            "words": self.words,
        }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def score_document(scores: Scores, where: str, doc: Document, gold: list[GoldSpan], spans, redactions,
                   must_keep: list[str], removed: set[str]) -> None:
    """Add one document's results to ``scores``.

    ``spans`` are every detected span (for detection recall of labels the profile keeps,
    such as ORGANISATION); ``redactions`` what was actually replaced.
    """
    text = doc.text
    scores.words += len(text.split())
    covered = _coverage(redactions, len(text))
    detected = _coverage(spans, len(text))
    for g in gold:
        mask = covered if g.label in removed else detected
        scores.gold[g.label] += 1
        # punctuation at the edges of a gold span ("(01632) 960572") identifies no one, nor does the
        # possessive ending of a name ("CALLUM's" redacted as "[Person]'s")
        end = g.end - 2 if g.label == "PERSON" and text[g.start : g.end].endswith(("'s", "\u2019s")) else g.end
        # ... nor a title that a gold file marked inside the name ("[[Mr O'Driscoll|PERSON]]"; the convention leaves it out)
        title = _TITLE.match(text, g.start, end) if g.label == "PERSON" else None
        start = title.end() if title and title.end() < end else g.start
        if all(mask[i] for i in range(start, end) if text[i].isalnum()):
            scores.caught[g.label] += 1
        elif g.label in removed:
            scores.leaks.append((where, g.label, g.text))
    gold_mask = _coverage(gold, len(text))
    for r in list(redactions) + [s for s in spans if s.label not in removed and s.label in ("ORGANISATION",)]:
        scores.predicted[r.label] += 1
        if not any(gold_mask[r.start : r.end]):
            scores.false_pos[r.label] += 1
            scores.false_pos_words[text[r.start : r.end]] += 1
    for word in set(must_keep) | set(MUST_KEEP_ALWAYS):
        for m in re.finditer(rf"(?<![\w]){re.escape(word)}(?![\w])", text):
            # "Will" may be a must-keep word and, elsewhere in the note, a name (gold): only the
            # occurrences that are not gold identifiers must survive
            if any(covered[m.start() : m.end()]) and not any(gold_mask[m.start() : m.end()]):
                scores.over_redacted.append((where, word))


_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev|Revd)\.?[ \t]+(?=\S)")


def _coverage(spans, n: int) -> list[bool]:
    mask = [False] * n
    for s in spans:
        for i in range(max(0, s.start), min(n, s.end)):
            mask[i] = True
    return mask


# --------------------------------------------------------------------------- gold readers


def sample_gold_spans(doc: Document, identifiers) -> list[GoldSpan]:
    """Whole-word, case-sensitive occurrences of every gold surface form in a document."""
    out = []
    for ident in sorted(identifiers, key=lambda i: -len(i.text)):
        for m in re.finditer(rf"(?<![\w]){re.escape(ident.text)}(?![\w])", doc.text):
            if not any(o.start <= m.start() < o.end or m.start() <= o.start < m.end() for o in out):
                out.append(GoldSpan(doc.doc_id, m.start(), m.end(), ident.label, ident.text))
    return out


def parse_marked(text: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Strip ``[[text|LABEL]]`` marks; returns the plain text and (start, end, label, text) spans."""
    plain, spans, pos = [], [], 0
    length = 0
    for m in MARK.finditer(text):
        before = text[pos : m.start()]
        plain.append(before)
        length += len(before)
        spans.append((length, length + len(m["text"]), m["label"], m["text"]))
        plain.append(m["text"])
        length += len(m["text"])
        pos = m.end()
    plain.append(text[pos:])
    return "".join(plain), spans


def note_case(note_id: str, text: str) -> Case:
    """A one-document case holding a plain-text note."""
    doc = Document(doc_id="D01", filename=f"{note_id}.txt", format="txt", text=text,
                   pages=[Page(number=1, start=0, end=len(text))], kind="other")
    return Case(case_id=note_id, documents=[doc])


# --------------------------------------------------------------------------- runners


def evaluate_samples(settings: Settings, gold_dir: Path, cases_dir: Path, redactor: Redactor) -> Scores:
    scores = Scores()
    removed = set(redactor.profile.remove)
    for path in sorted(gold_dir.glob("*.yaml")):
        gold = load_gold(path)
        case = ingest_case(cases_dir / gold.case_id, settings)
        result = redactor.redact_case(case)
        for doc in case.documents:
            dr = result.documents.get(doc.doc_id)
            if dr is None:
                continue
            score_document(scores, f"{gold.case_id}/{doc.filename}", doc, sample_gold_spans(doc, gold.identifiers),
                           dr.spans, dr.redactions, gold.must_keep, removed)
    return scores


def evaluate_notes(path: Path, redactor: Redactor) -> Scores:
    scores = Scores()
    removed = set(redactor.profile.remove)
    notes = yaml.safe_load(path.read_text(encoding="utf-8"))
    for note in notes:
        text, marks = parse_marked(note["text"])
        case = note_case(note["id"], text)
        result = redactor.redact_case(case)
        doc = case.documents[0]
        dr = result.documents["D01"]
        gold = [GoldSpan("D01", s, e, lab, t) for s, e, lab, t in marks]
        score_document(scores, note["id"], doc, gold, dr.spans, dr.redactions, note.get("must_keep", []), removed)
    return scores


def evaluate_presidio(path: Path, redactor: Redactor, limit: int | None = None) -> Scores:
    """presidio-research synthetic sentences; labels mapped (US-only labels are ignored)."""
    scores = Scores()
    removed = set(redactor.profile.remove)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        records = json.load(fh)
    for n, rec in enumerate(records[:limit] if limit else records):
        text = rec["full_text"]
        case = note_case(f"presidio-{n}", text)
        result = redactor.redact_case(case)
        dr = result.documents["D01"]
        gold = []
        ignore = []
        for span in rec.get("spans", []):
            label = PRESIDIO_LABELS.get(span["entity_type"])
            start, end = span["start_position"], span["end_position"]
            if label:
                gold.append(GoldSpan("D01", start, end, label, text[start:end]))
            else:
                ignore.append(GoldSpan("D01", start, end, span["entity_type"], text[start:end]))
        # Redactions over unmapped labels (dates, zip codes, credit cards) are not false positives.
        score_document(scores, f"presidio-{n}", case.documents[0], gold + [_as_ignored(g) for g in ignore],
                       dr.spans, dr.redactions, [], removed)
    for lab in list(scores.gold):
        if lab.startswith("IGNORED:"):
            scores.caught.pop(lab, None)
            scores.gold.pop(lab, None)
    scores.leaks = [lk for lk in scores.leaks if not lk[1].startswith("IGNORED:")]
    return scores


def _as_ignored(g: GoldSpan) -> GoldSpan:
    return GoldSpan(g.doc_id, g.start, g.end, f"IGNORED:{g.label}", g.text)


@dataclass
class FalsePositiveScan:
    """Redactions made on already de-identified real notes (MTSamples): nearly all are over-redaction."""

    notes: int = 0
    words: int = 0
    redactions: int = 0
    by_label: Counter[str] = field(default_factory=Counter)
    by_source: Counter[str] = field(default_factory=Counter)
    words_hit: Counter[str] = field(default_factory=Counter)

    def per_1000_words(self) -> float:
        return 1000 * self.redactions / self.words if self.words else 0.0

    def as_dict(self) -> dict:
        return {"notes": self.notes, "words": self.words, "redactions": self.redactions,
                "redactions_per_1000_words": round(self.per_1000_words(), 3),
                "by_label": dict(self.by_label.most_common()), "by_source": dict(self.by_source.most_common()),
                "most_hit": self.words_hit.most_common(40)}


def read_mtsamples(path: Path, limit: int | None = None) -> list[str]:
    """Transcriptions from MTSamples (``mtsamples.csv.gz``), in file order."""
    import csv

    csv.field_size_limit(10**8)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        texts = [row["transcription"] for row in csv.DictReader(fh) if (row.get("transcription") or "").strip()]
    return texts[:limit] if limit else texts


def scan_mtsamples(path: Path, redactor: Redactor, limit: int | None = None) -> FalsePositiveScan:
    scan = FalsePositiveScan()
    for n, text in enumerate(read_mtsamples(path, limit)):
        result = redactor.redact_case(note_case(f"mtsamples-{n}", text))
        scan.notes += 1
        scan.words += len(text.split())
        for r in result.documents["D01"].redactions:
            scan.redactions += 1
            scan.by_label[r.label] += 1
            scan.by_source[r.source] += 1
            scan.words_hit[f"{text[r.start : r.end]} ({r.label})"] += 1
    return scan
