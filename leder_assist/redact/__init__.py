"""Redaction of a whole case: find identifiers, settle them across documents, replace them.

Finding is kept apart from acting on what was found (as in Presidio's analyzer and
anonymizer): detectors yield :class:`~.spans.Candidate` spans per document; the case
stage searches every document for names, dates of birth, addresses and references found
in any of them, groups names into people with one role-keeping pseudonym each, and
settles overlaps; then the profile decides what is replaced and with what.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..config import Settings
from ..dates import find_dates
from ..record import Case, Document, Redaction
from .names import NameFinder, lexicon, name_rules, unprotect
from .patterns import find_patterns, find_phones, pattern_rules
from .people import Mention, People, title_before
from .places import address_parts, find_places, place_rules
from .profiles import Profile, get_profile, profile_rules
from .spans import Candidate, resolve
from .tablerows import find_table_cells

log = logging.getLogger(__name__)

# Name candidates at least this sure seed the case-wide search for a person.
SEED_SCORE = 0.75
# Labels whose exact values, once found, are searched for in every document.
_SEEDED_VALUES = ("ADDRESS", "LOCAL_ID", "EMAIL", "PHONE", "NHS_NUMBER", "NI_NUMBER", "POSTCODE")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


@dataclass
class DocumentRedaction:
    """What redaction decided for one document."""

    doc_id: str
    text: str  # the redacted text
    redactions: list[Redaction]
    spans: list[Candidate]  # every candidate kept (including ones the profile keeps visible)


@dataclass
class CaseRedaction:
    case_id: str
    profile: str
    documents: dict[str, DocumentRedaction]
    # pseudonym -> the real forms it replaced: for the authorised custodian only, never logged
    key: dict[str, list[str]] = field(default_factory=dict)

    @property
    def redactions(self) -> list[Redaction]:
        return [r for d in self.documents.values() for r in d.redactions]

    def quote(self, doc: Document, start: int, end: int) -> str:
        """The redacted text of ``doc.text[start:end]``, for evidence quotes and summaries.

        A redaction that overlaps the edge of the slice is replaced whole, so a name cut in
        half by a sentence boundary never shows its other half. Later stages must take every
        quote they show or write through this method.
        """
        dr = self.documents.get(doc.doc_id)
        if dr is None:  # a document redaction never reached (failed): show nothing of it
            return "[not redacted: text withheld]"
        inside = [r for r in dr.redactions if r.end > start and r.start < end]
        if inside:
            start = min(start, min(r.start for r in inside))
            end = max(end, max(r.end for r in inside))
        shifted = [r.model_copy(update={"start": r.start - start, "end": r.end - start}) for r in inside]
        return apply(doc.text[start:end], shifted)

    def redacted_values(self, case: Case) -> set[str]:
        """Every distinct string that was removed (what must not be found in any output)."""
        out = set()
        for doc in case.documents:
            dr = self.documents.get(doc.doc_id)
            if dr:
                out |= {doc.text[r.start : r.end] for r in dr.redactions if r.replacement != doc.text[r.start : r.end]}
        return out


# A scanned letter read by OCR often has two or more spaces between every word ("my  son  CALLUM  JAMES
# MacLEOD", "999  406  9527") and names spelt out letter by letter ("C A L L U M").
_WIDE_GAP = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_ONE_GAP = re.compile(r"(?<=\S) (?=\S)")
_LETTER_SPACED = re.compile(r"(?<![\w])[A-Z](?: [A-Z]){3,}(?![\w])")
# a scan's word hyphenated across a line break, its second part in small letters ("Oyel-" / "owo-Hart", "Assess-" / "ment")
_BROKEN_WORD = re.compile(r"(?<=[A-Za-z]{2})-[ \t]*\n[ \t]*(?=[a-z]{2})")
# OCR confuses letters and digits: "Te1 : 01632 96O512", "D0B : l4/08/l966", "NHS : 999 9O7 4162", "Dear Dr 0kafor".
# A number with a letter O, o, l or I in it is read with the digit; a word with a 0 or 1 in it, with the letter.
_OCR_NUMBER = re.compile(r"(?<![\w])(?=[OolI]?\d)(?=[\d]*[OolI])(?![Oo]2(?![\w]))[\dOolI]{2,}(?![\w])")
_OCR_WORD = re.compile(r"(?<![\w])(?:0(?=[a-z]{3,}(?![\w\d]))|[A-Z][a-z]+1[a-z]*(?![\w])|[A-Z]{1,2}0[A-Z]{1,2}(?![\w]))")
_TO_DIGIT = str.maketrans("OolI", "0011")
_POSTCODE_AFTER = re.compile(r"[ \t]?\d[A-Za-z]{2}(?![\w])")


@dataclass
class TextView:
    """The text the detectors read, and where each of its characters stands in the document's text.

    For most documents the view is the text itself. In a document spaced out like an OCR'd letter
    (most gaps between words two spaces or more), the gaps are read as one space, and a name spelt
    out letter by letter is read as the word; a word hyphenated across a line break is read whole. Look-alike
    letters and digits an OCR engine confused are read as the right one ("96O512" as 960512, "0kafor" as
    Okafor). Every span found is mapped back to the document.
    """

    text: str
    orig: list[int] | None = None  # view index -> document index; None when the view is the text

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.orig is None:
            return start, end
        return self.orig[start], self.orig[end - 1] + 1

    def candidate(self, c: Candidate) -> Candidate:
        if self.orig is None:
            return c
        start, end = self.span(c.start, c.end)
        return Candidate(start, end, c.label, c.score, c.source, c.role, c.flags)


def text_view(text: str, is_name: Any = None) -> TextView:  # noqa: ANN401 - a predicate on a word
    """The view of ``text`` the detectors read (see :class:`TextView`)."""
    drop: set[int] = set()
    if "  " in text:
        wide = _WIDE_GAP.findall(text)
        # most gaps between words are wide: at least as many wide gaps as single spaces
        if len(wide) >= 20 and len(wide) >= len(_ONE_GAP.findall(text)):
            for m in _WIDE_GAP.finditer(text):
                drop.update(range(m.start() + 1, m.end()))
    for m in _BROKEN_WORD.finditer(text) if "-\n" in text or "- \n" in text else ():
        drop.update(range(m.start(), m.end()))  # a word broken at a line's end: "Mrs D. Oyel-" / "owo-Hart"
    for m in _LETTER_SPACED.finditer(text) if " " in text else ():
        word = m.group().replace(" ", "")
        if is_name is None or is_name(word):
            drop.update(i for i in range(m.start(), m.end()) if text[i] == " ")
    fixed = _ocr_fixes(text) if _OCR_NUMBER.search(text) or _OCR_WORD.search(text) else {}
    if not drop and not fixed:
        return TextView(text)
    orig = [i for i in range(len(text)) if i not in drop]
    return TextView("".join(fixed.get(i, text[i]) for i in orig), orig)


def _ocr_fixes(text: str) -> dict[int, str]:
    """Characters an OCR engine read as the wrong one of a look-alike letter and digit (index -> the other)."""
    out: dict[int, str] = {}
    for m in _OCR_NUMBER.finditer(text):
        token = m.group()
        if _POSTCODE_AFTER.match(text, m.end()) and token[0] not in "0123456789":
            continue  # a postcode's outward code in lower case ("l20 4jt"), not a number
        digits = sum(ch.isdigit() for ch in token)
        if digits * 2 >= len(token) and digits < len(token):
            out |= {m.start() + i: ch.translate(_TO_DIGIT) for i, ch in enumerate(token) if not ch.isdigit()}
    for m in _OCR_WORD.finditer(text):
        out |= {m.start() + i: ("O" if ch == "0" else "l") for i, ch in enumerate(m.group()) if ch in "01"}
    return out


_WORKER: Redactor | None = None


def _init_worker(settings: Settings, profile: str, ner_spec: tuple[str | None, bool]) -> None:
    global _WORKER  # noqa: PLW0603 - one Redactor per worker process, loaded once
    _WORKER = Redactor.load(settings, profile, *ner_spec)


def _detect_in_worker(doc: Document) -> list[Candidate]:
    assert _WORKER is not None
    return _WORKER.detect(doc)


class Redactor:
    """Loads rules, name lists and models once; redacts any number of cases."""

    @classmethod
    def load(cls, settings: Settings, profile: str = "review", spacy_model: str | None = None,
             own_ner: bool = True) -> Redactor:
        """A redactor with the project's NER model (if present) and an optional extra spaCy pipeline."""
        from .ner import NerDetector

        ner = NerDetector.from_settings(settings, extra=spacy_model, own=own_ner)
        redactor = cls(settings, profile, ner)
        redactor.ner_spec = (spacy_model, own_ner)
        return redactor

    def __init__(self, settings: Settings, profile: str = "review", ner: Any | None = None) -> None:
        self.settings = settings
        self.ner_spec: tuple[str | None, bool] = (None, ner is not None)
        self.profile_name = profile
        self.profile: Profile = get_profile(settings, profile)
        self.profile_rules = profile_rules(settings)
        self.patterns = pattern_rules(settings)
        self.places = place_rules(settings)
        self.names = NameFinder(settings)
        self.name_rules = name_rules(settings)
        self.lex = lexicon(settings)
        self.ner = ner
        self._workers: tuple[int, Any] | None = None

    # -- per document -----------------------------------------------------------------
    def detect(self, doc: Document) -> list[Candidate]:
        """Candidates in one document, without knowledge of the rest of the case."""
        text = doc.text
        cands = find_patterns(text, self.patterns) + find_phones(text) + find_places(text, self.places, self.lex.first)
        cands += find_table_cells(text)
        cands += self.names.find(text, doc.kind)
        if self.ner is not None:
            cands += self.names.clean(text, self.ner.find(text, self.names.model_lines(text)))
        if self.profile.coarsen_dates:
            cands += [Candidate(d.start, d.end, "DATE", 0.9, "date.any") for d in find_dates(text) if d.date]
        return cands

    def _pool(self, workers: int):  # noqa: ANN202 - ProcessPoolExecutor
        """Worker processes, started once and kept for later cases (each loads the rules and models once)."""
        from concurrent.futures import ProcessPoolExecutor

        if self._workers is None or self._workers[0] != workers:
            self.close()
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                       initargs=(self.settings, self.profile_name, self.ner_spec))
            self._workers = (workers, pool)
        return self._workers[1]

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._workers is not None:
            self._workers[1].shutdown()
            self._workers = None

    # -- whole case -----------------------------------------------------------------
    def redact_case(self, case: Case, workers: int = 1) -> CaseRedaction:
        """Redact every readable document of a case; ``workers`` > 1 detects in parallel processes."""
        docs = [d for d in case.documents if d.status == "ok"]
        views = [text_view(d.text, self._spelt_name) for d in docs]
        texts = [v.text for v in views]
        seen = [d if v.orig is None else d.model_copy(update={"text": v.text}) for d, v in zip(docs, views)]
        if workers > 1 and len(docs) > 1:
            found = dict(enumerate(self._pool(workers).map(_detect_in_worker, seen)))
        else:
            found = {i: self.detect(d) for i, d in enumerate(seen)}
        self._seed_dates_of_birth(texts, found)
        self._seed_values(texts, found)

        # phrases that are never names ("Bair Hugger", "LONG DAY") neither seed the case's people nor are found by them
        protected = [self.names.protected(text) for text in texts]
        for i, text in enumerate(texts):
            if protected[i]:
                found[i] = unprotect(found[i], protected[i], text)
        people = People(self.lex, self.name_rules)
        mentions = [Mention(i, c, texts[i][c.start : c.end]) for i, cs in found.items() for c in cs
                    if c.label == "PERSON" and c.score >= SEED_SCORE]
        people.build(mentions, texts)
        for i, text in enumerate(texts):
            found[i] += people.search(text)
            if protected[i]:
                found[i] = unprotect(found[i], protected[i], text)

        result = CaseRedaction(case.case_id, self.profile_name, {})
        numbering: dict[str, dict[str, int]] = {}
        key: dict[str, set[str]] = {}
        for i, doc in enumerate(docs):
            text = texts[i]
            spans = [c for c in (_strip(text, c) for c in resolve(found[i]))
                     if c is not None and c.score >= self.profile_rules.min_score]
            redactions = []
            for c in spans:
                surface = text[c.start : c.end]
                replacement = self._replacement(c, surface, people, numbering, title_before(text, c.start))
                if replacement is None:
                    continue
                start, end = views[i].span(c.start, c.end)
                key.setdefault(replacement, set()).add(doc.text[start:end])
                redactions.append(Redaction(doc_id=doc.doc_id, page=doc.page_at(start), start=start, end=end,
                                            label=c.label, replacement=replacement, score=round(c.score, 3),
                                            source=c.source))
            spans = [views[i].candidate(c) for c in spans]
            redactions = _join_adjacent(doc.text, redactions)
            result.documents[doc.doc_id] = DocumentRedaction(doc.doc_id, apply(doc.text, redactions), redactions, spans)
        result.key = {k: sorted(v) for k, v in sorted(key.items())}
        log.info("case redacted: %d documents, %d redactions", len(docs), len(result.redactions))
        return result

    def _spelt_name(self, word: str) -> bool:
        """A word spelt out letter by letter ("C A L L U M") that is a listed name."""
        key = word.lower()
        return key in self.lex.first or key in self.lex.surnames

    def _seed_dates_of_birth(self, texts: list[str], found: dict[int, list[Candidate]]) -> None:
        """A date of birth found once is a date of birth wherever it appears, in any format."""
        dobs = set()
        for i, cands in found.items():
            for c in cands:
                if c.label == "DATE_OF_BIRTH":
                    for d in find_dates(texts[i][c.start : c.end]):
                        if d.date:
                            dobs.add(d.date)
        if not dobs:
            return
        for i, text in enumerate(texts):
            for d in find_dates(text):
                if d.date in dobs and d.precision == "day":
                    found[i].append(Candidate(d.start, d.end, "DATE_OF_BIRTH", 0.95, "dob.case_search"))

    def _seed_values(self, texts: list[str], found: dict[int, list[Candidate]]) -> None:
        """Addresses, references, numbers and e-mails found once are searched for everywhere."""
        values: dict[str, str] = {}
        for i, cands in found.items():
            for c in cands:
                if c.label in _SEEDED_VALUES and c.score >= 0.8:
                    value = texts[i][c.start : c.end].strip()
                    if len(value) >= 4:
                        values.setdefault(value, c.label)
                    if c.label == "ADDRESS":
                        for part in address_parts(value, self.places):
                            values.setdefault(part, "ADDRESS")
        if not values:
            return
        pattern = re.compile("|".join(rf"(?<![\w]){re.escape(v)}(?![\w])" for v in sorted(values, key=len, reverse=True)))
        for i, text in enumerate(texts):
            for m in pattern.finditer(text):
                found[i].append(Candidate(m.start(), m.end(), values[m.group()], 0.9, "seed.case_search"))

    def _replacement(self, c: Candidate, surface: str, people: People,
                     numbering: dict[str, dict[str, int]], title: str | None = None) -> str | None:
        profile = self.profile
        if c.label == "DATE":
            return _coarsen(surface) if profile.coarsen_dates else None
        if c.label == "AGE_OVER_89":
            return "90+" if profile.generalise_ages else None
        if c.label not in profile.remove:
            return None
        if c.label == "PERSON":
            person = people.person_of(surface, c.role, title)
            return person.pseudonym if person and person.pseudonym else people.unmatched_pseudonym(surface)
        if c.label == "ORGANISATION":
            kind = self.places.kinds.get(c.role or "other", "Organisation")
            n = _number(numbering, f"ORG:{kind}", _value_key(surface))
            return f"[{kind} {chr(ord('A') + (n - 1) % 26)}]"
        spec = self.profile_rules.replacements.get(c.label)
        word = spec.word if spec else c.label.replace("_", " ").capitalize()
        n = _number(numbering, c.label, _value_key(surface, c.label))
        if spec is None or spec.numbered:
            return f"[{word} {n}]"
        return f"[{word}]" if n == 1 else f"[{word} {n}]"


def _join_adjacent(text: str, redactions: list[Redaction]) -> list[Redaction]:
    """One redaction for a name found word by word ("TOBIAS FENWICK-HALE" -> "[Person]", not
    "[Person] [Person]"): neighbours with the same replacement and only spaces between them."""
    out: list[Redaction] = []
    for r in sorted(redactions, key=lambda r: r.start):
        prev = out[-1] if out else None
        if prev and prev.replacement == r.replacement and prev.label == r.label \
                and not text[prev.end : r.start].strip(" \t") and r.start - prev.end <= 3:
            out[-1] = prev.model_copy(update={"end": r.end, "score": max(prev.score, r.score)})
        else:
            out.append(r)
    return out




_EDGE = " \t\n\r,;:()[]{}|-\u2013\u2014/"


def _strip(text: str, c: Candidate) -> Candidate | None:
    """A span without surrounding spaces and punctuation (trimmed pieces often carry them)."""
    start, end = c.start, c.end
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE and not (text[end - 1] == ")" and "(" in text[start:end]):
        end -= 1
    if end - start < 1 or not any(ch.isalnum() for ch in text[start:end]):
        return None
    if c.label == "ORGANISATION" and "trimmed" in c.flags and re.match(r"(?:of|and|on|upon|the|at|in)\s", text[start:end]):
        return None  # what is left of "Tel on Ward" once the name is taken is no organisation
    if c.label == "PERSON" and (m := _IRISH_PARTICLE.search(text, max(0, start - 6), start)):
        start = m.start()  # an Irish surname's particle before it: "Ó CEALLAIGH, Pádraig", "Ní Bhriain"
    if c.label == "PERSON" and text[start:end].isupper() and (m := _TRAILING_INITIALS.match(text, end)):
        end = m.end()  # a surname in capitals and the initials after it: "Patient: OKAFOR C D   NHS: ..."
    if (start, end) != (c.start, c.end):
        c = Candidate(start, end, c.label, c.score, c.source, c.role, c.flags)
    return c


_IRISH_PARTICLE = re.compile(r"(?<![\w'\u2019])(?:[ÓÒ]|N[íÍ]|U[aA]|Mhic|MHIC)[ \t]+\Z")
# one to three single capital letters after a name in capitals, up to a wide gap, a table bar, a comma or the line's end
_TRAILING_INITIALS = re.compile(r"(?:[ \t][A-Z](?![\w'\u2019&/.\-])){1,3}(?=[ \t]{2,}|\t|[ \t]*[|,]|[ \t]*$)", re.M)


def _value_key(surface: str, label: str = "") -> str:
    """What makes two surface forms the same value, so they share one numbered replacement."""
    if label in ("PHONE", "NHS_NUMBER"):
        d = re.sub(r"\D", "", surface)
        return d[-10:] if len(d) >= 10 else d
    if label == "DATE_OF_BIRTH":
        dates = [m.date for m in find_dates(surface) if m.date]
        if dates:
            return dates[0].isoformat()
    if label == "ADDRESS":
        # "9 Larch Grove" and "9 Larch Grove, Hollinbrook" are one address; a flat keeps its building
        parts = [p for p in surface.split(",") if p.strip()]
        unit = bool(parts) and re.match(r"(?i)\s*(flat|apartment|apt|room|unit|plot|block)\b", parts[0])
        surface = ",".join(parts[:2] if unit else parts[:1])
    return re.sub(r"[^a-z0-9]", "", surface.lower())


def _number(numbering: dict[str, dict[str, int]], label: str, value: str) -> int:
    seen = numbering.setdefault(label, {})
    if value not in seen:
        seen[value] = len(seen) + 1
    return seen[value]


def _coarsen(surface: str) -> str | None:
    mentions = find_dates(surface)
    if not mentions or not mentions[0].date:
        return None
    d = mentions[0].date
    return f"{_MONTHS[d.month - 1]} {d.year}"


def apply(text: str, redactions: list[Redaction]) -> str:
    """The text with every redaction's span replaced (spans must not overlap)."""
    parts = []
    pos = 0
    for r in sorted(redactions, key=lambda r: r.start):
        parts.append(text[pos : r.start])
        parts.append(r.replacement)
        pos = r.end
    parts.append(text[pos:])
    return "".join(parts)


def summary(redaction: CaseRedaction) -> dict[str, Counter[str]]:
    """Counts of redactions per label per document."""
    return {doc_id: Counter(r.label for r in d.redactions) for doc_id, d in redaction.documents.items()}
