"""Scoring theme extraction against gold: case-level precision, recall and F1 per code,
and the confusion on context traps (themes the gold says are only negated,
hypothetical or about someone else).

Gold comes from the held-out invented cases (``eval/themes/heldout/cases.yaml``: never
used to write rules or train) and, for development, the sample cases' gold files
(``samples/gold/*.yaml``: ``themes`` and ``themes_not_present``). Theme detection does
not depend on redaction, so cases are scored with an empty redaction (quotes are the
notes' own text, which this evaluation never prints).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from ..config import Settings
from ..extract import Extraction, Extractor
from ..extract.themes import THEME_CODES
from ..gold import load_gold
from ..ingest import ingest_case
from ..record import Case, Document, Page
from ..redact import CaseRedaction, DocumentRedaction


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HeldoutDocument(_Strict):
    name: str
    text: str


class HeldoutCase(_Strict):
    case_id: str
    themes: list[str]
    themes_not_present: list[str] = []
    documents: list[HeldoutDocument]


class HeldoutFile(_Strict):
    cases: list[HeldoutCase]


@dataclass
class GoldThemes:
    case: Case
    present: set[str]
    not_present: set[str]


@dataclass
class ThemeScores:
    """Counts per code over cases; ``traps`` counts the gold's not-present themes."""

    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    traps: Counter = field(default_factory=Counter)  # suppressed_shown, suppressed_unseen, reported
    trap_errors: list[str] = field(default_factory=list)  # "case:CODE" reported although only a trap
    cases: int = 0

    def add(self, gold: GoldThemes, predicted: set[str], shown_not_present: set[str]) -> None:
        self.cases += 1
        for code in THEME_CODES:
            if code in predicted and code in gold.present:
                self.tp[code] += 1
            elif code in predicted:
                self.fp[code] += 1
            elif code in gold.present:
                self.fn[code] += 1
        for code in gold.not_present:
            if code in predicted:
                self.traps["reported"] += 1
                self.trap_errors.append(f"{gold.case.case_id}:{code}")
            elif code in shown_not_present:
                self.traps["suppressed_shown"] += 1
            else:
                self.traps["suppressed_unseen"] += 1

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> dict[str, float | None]:
        p = tp / (tp + fp) if tp + fp else None
        r = tp / (tp + fn) if tp + fn else None
        f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        return {"precision": p, "recall": r, "f1": f}

    def code(self, code: str) -> dict[str, Any]:
        return {**self._prf(self.tp[code], self.fp[code], self.fn[code]), "gold": self.tp[code] + self.fn[code],
                "tp": self.tp[code], "fp": self.fp[code], "fn": self.fn[code]}

    def micro(self) -> dict[str, Any]:
        return self._prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def as_dict(self) -> dict[str, Any]:
        return {"cases": self.cases, "micro": self.micro(), "per_code": {c: self.code(c) for c in THEME_CODES},
                "traps": dict(self.traps), "trap_errors": self.trap_errors}


def load_heldout(path: Path) -> list[GoldThemes]:
    data = HeldoutFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    out = []
    for c in data.cases:
        docs = []
        for i, d in enumerate(c.documents, 1):
            docs.append(Document(doc_id=f"D{i:02d}", filename=d.name, format="txt", text=d.text,
                                 pages=[Page(number=1, start=0, end=len(d.text))]))
        out.append(GoldThemes(Case(case_id=c.case_id, documents=docs), set(c.themes), set(c.themes_not_present)))
    return out


def load_samples(settings: Settings, gold_dir: Path, cases_dir: Path) -> list[GoldThemes]:
    out = []
    for path in sorted(gold_dir.glob("*.yaml")):
        gold = load_gold(path)
        case = ingest_case(cases_dir / gold.case_id, settings, case_id=gold.case_id)
        out.append(GoldThemes(case, set(gold.themes), set(gold.themes_not_present)))
    return out


def unredacted(case: Case) -> CaseRedaction:
    """An empty redaction, for scoring only: theme detection does not depend on it."""
    docs = {d.doc_id: DocumentRedaction(d.doc_id, d.text, [], []) for d in case.documents if d.status == "ok"}
    return CaseRedaction(case.case_id, "none", docs)


def present(extraction: Extraction, source: str = "any") -> tuple[set[str], set[str]]:
    """Codes reported present (``source``: any, rules or classifier) and codes shown only as not present."""
    def by(t) -> bool:  # noqa: ANN001 - Theme
        if source == "any":
            return bool(t.evidence)
        if source == "classifier":
            return any("themes-classifier" in e.source for e in t.evidence)
        return any(not e.source.startswith("themes-classifier") for e in t.evidence)

    codes = {t.code for t in extraction.themes if by(t)}
    shown = {t.code for t in extraction.themes if t.mentioned_not_present} - codes
    return codes, shown


def evaluate(cases: list[GoldThemes], extractor: Extractor) -> dict[str, ThemeScores]:
    """Scores of the combined output, and of rules and classifier evidence on their own."""
    scores = {"combined": ThemeScores(), "rules": ThemeScores(), "classifier": ThemeScores()}
    for gold in cases:
        extraction = extractor.analyse(gold.case, unredacted(gold.case))
        for name, source in (("combined", "any"), ("rules", "rules"), ("classifier", "classifier")):
            codes, shown = present(extraction, source)
            scores[name].add(gold, codes, shown)
    return scores
