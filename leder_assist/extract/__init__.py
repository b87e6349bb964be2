"""Clinical extraction: entities, context and themes, from rules and a trained classifier.

``Extractor.load(settings)`` builds the spaCy pipeline from ``rules/`` and loads the
classifier from ``models/themes`` once; ``Extractor.analyse(case, redaction)`` returns an
:class:`Extraction`. Every quote in it comes from ``redaction.quote`` (redacted text).

How a theme is decided:

* A **rule hit** (``rules/themes.yaml``) is evidence unless its context is negated,
  hypothetical or about someone else (then it is listed under ``mentioned_not_present``).
* The **classifier** scores every sentence; a sentence of at least
  ``CLASSIFIER_MIN_WORDS`` words (of two letters or more) scoring at least ``CLASSIFIER_EVIDENCE`` for a theme,
  with no negation, hypothetical or other-person trigger in it (one reaching past the word
  beside it: "for my epilepsy" only blocks "epilepsy"), is evidence too, unless the rules
  judged a mention of that theme in the same sentence not present or set it aside
  (a rule's ``unless``: "Hospital admission discussed - plan to manage at home"), or the
  sentence matches one of that theme's ``unless`` patterns even where no rule fired
  ("Bowels: regular, BO alternate days" for CON).
* A theme is present when it has evidence. Its score is the best rule score, the best
  classifier probability, or ``1 - (1 - rule)(1 - classifier)`` when both found it;
  ``found_by`` says which.
* ``focused_probability`` is the largest document-level concern probability of the
  case's documents (one document showing a concern is enough to look closer; an average
  would dilute it in a large bundle).
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field

from ..config import Settings
from ..errors import ModelError
from ..record import Case, Document, Entity, Evidence, Theme
from .classifier import ThemeClassifier, load_classifier
from .context import NOT_EVIDENCE, ContextMatcher, Flags, person_names
from .nlp import get_pipeline, make_doc
from .sections import section_at
from .sentences import sentence_spans
from .themes import THEME_CODES, ThemeMatcher

__all__ = ["Extraction", "Extractor", "sentence_spans", "THEME_CODES"]

log = logging.getLogger(__name__)

CLASSIFIER_EVIDENCE = 0.8  # sentence probability that makes classifier evidence on its own (chosen on the samples)
CLASSIFIER_MIN_WORDS = 4  # shorter fragments ("This", "Drinks 400ml.") carry too little to go on
_WORD = re.compile(r"[A-Za-z]{2}")  # what counts as a word for CLASSIFIER_MIN_WORDS: two letters or more
MAX_EVIDENCE = 20  # per theme, strongest first: enough for a reviewer to check
ENTITY_SCORE = 0.9


@dataclass
class Extraction:
    entities: list[Entity] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    sentences: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    focused_probability: float | None = None
    document_concern: dict[str, float] = field(default_factory=dict)

    def theme(self, code: str) -> Theme | None:
        return next((t for t in self.themes if t.code == code), None)


@dataclass
class _Found:
    """Evidence gathered for one theme across a case."""

    rule_score: float = 0.0
    clf_score: float = 0.0
    evidence: dict[tuple[str, int], tuple[float, Evidence]] = field(default_factory=dict)
    not_present: dict[tuple[str, int], Evidence] = field(default_factory=dict)
    # sentences a rule's ``unless`` set aside (a look-alike, or a concern handled well)
    set_aside: set[tuple[str, int]] = field(default_factory=set)


CASE_PRONOUN_RATIO = 2.0  # he/him/his at least twice she/her/hers across a case (or the reverse)


class Extractor:
    """Loads the pipeline and the classifier once; analyses any number of cases."""

    def __init__(self, settings: Settings, classifier: ThemeClassifier | None) -> None:
        self.settings = settings
        self.nlp = get_pipeline(settings)
        themes = ThemeMatcher.load(settings)
        self.labels = themes.labels
        # each theme's ``unless`` patterns: what its rules call a look-alike or a normal finding
        self._unless = {t.code: [r.unless_re for r in t.rules if r.unless_re is not None] for t in themes.themes}
        # rules whose hits only support other evidence for their theme (see ThemeRule.supporting)
        self._supporting = {r.id for t in themes.themes for r in t.rules if r.supporting}
        self.context = ContextMatcher.load(settings)
        self.classifier = classifier

    @classmethod
    def load(cls, settings: Settings, use_classifier: bool = True) -> Extractor:
        """The extractor; without a trained model it runs on rules alone (and says so in the log)."""
        classifier = None
        if use_classifier:
            try:
                classifier = load_classifier(settings)
            except ModelError as exc:
                log.warning("theme classifier not used: %s", exc.message)
        return cls(settings, classifier)

    def analyse(self, case: Case, redaction) -> Extraction:  # noqa: ANN001 - CaseRedaction (avoids importing redact)
        """Entities, themes, sentence spans and the case-level focused-review probability."""
        docs = [d for d in case.documents if d.status == "ok" and d.text]
        result = Extraction()
        found = {code: _Found() for code in self.labels}
        # a case plainly about a man (or a woman) says whose "her epilepsy" is, even in a sister's
        # letter that is mostly about herself
        other = self.context.other_pronoun("\n".join(d.text for d in docs), ratio=CASE_PRONOUN_RATIO)
        # the person's own names, so that "Stuart's mood" is known to be someone else's
        person = person_names(docs)
        for doc, sdoc in zip(docs, self.nlp.pipe(make_doc(self.nlp, d.text, other, person) for d in docs), strict=True):
            sentences = sdoc.user_data["sentences"]
            result.sentences[doc.doc_id] = sentences
            result.entities += self._entities(doc, sdoc)
            self._rule_evidence(doc, sdoc, sentences, redaction, found)
            if self.classifier is not None:
                self._classifier_evidence(doc, sentences, redaction, found, other, person)
        if self.classifier is not None and docs:
            concern = self.classifier.concern_probabilities([d.text for d in docs])
            result.document_concern = {d.doc_id: round(float(p), 4) for d, p in zip(docs, concern, strict=True)}
            result.focused_probability = round(float(max(concern)), 4)
        result.themes = self._themes(found)
        return result

    # -- per document ------------------------------------------------------------------
    def _entities(self, doc: Document, sdoc) -> list[Entity]:  # noqa: ANN001 - spacy Doc
        sections = sdoc.user_data.get("sections", [])
        out = []
        for ent in sdoc.ents:
            flags: Flags = ent._.context or Flags()
            section = section_at(sections, ent.start_char)
            out.append(Entity(doc_id=doc.doc_id, page=doc.page_at(ent.start_char), start=ent.start_char,
                              end=ent.end_char, source=ent.ent_id_ or "entity_ruler", score=ENTITY_SCORE,
                              label=ent.label_, section=section.name if section else None, **flags.as_dict()))
        return out

    def _evidence(self, doc: Document, span: tuple[int, int], redaction, source: str, flags: Flags) -> Evidence:  # noqa: ANN001
        return Evidence(doc_id=doc.doc_id, page=doc.page_at(span[0]), quote=redaction.quote(doc, *span),
                        start=span[0], end=span[1], source=source, **flags.as_dict())

    def _rule_evidence(self, doc: Document, sdoc, sentences, redaction, found: dict[str, _Found]) -> None:  # noqa: ANN001
        starts = [s for s, _ in sentences]
        for hit, flags in zip(sdoc.user_data["theme_hits"], sdoc.user_data["theme_flags"], strict=True):
            i = max(bisect.bisect_right(starts, hit.start) - 1, 0)
            key = (doc.doc_id, sentences[i][0])
            f = found[hit.code]
            if hit.rule.unless_re is not None:
                window_end = sentences[min(i + 1, len(sentences) - 1)][1]
                if hit.rule.unless_re.search(doc.text[_wrapped_start(doc.text, sentences[i][0]) : window_end].lower()):
                    f.set_aside.add(key)
                    continue  # handled well: not a concern ("NEWS2 6. Escalated at once")
            if flags.blocks(hit.rule.context_exempt):
                if key not in f.not_present:
                    f.not_present[key] = self._evidence(doc, sentences[i], redaction, hit.rule.id, flags)
                continue
            score = hit.rule.score * (0.8 if flags.uncertain else 1.0)
            f.rule_score = max(f.rule_score, score)
            if key not in f.evidence or f.evidence[key][0] < score:
                f.evidence[key] = (score, self._evidence(doc, sentences[i], redaction, hit.rule.id, flags))

    def _classifier_evidence(self, doc: Document, sentences, redaction, found: dict[str, _Found],  # noqa: ANN001
                             other: str | None = None, person: tuple[str, ...] = ()) -> None:
        assert self.classifier is not None
        texts = [doc.text[s:e] for s, e in sentences]
        # the same triggers as the rules' mentions: relatives and others the document names too
        names = self.context.relative_names(doc.text)
        probs = self.classifier.theme_probabilities(texts)
        model_id = self.classifier.model_id
        for j, code in enumerate(self.classifier.labels):
            if code not in found:
                continue
            f = found[code]
            for i in (probs[:, j] >= CLASSIFIER_EVIDENCE).nonzero()[0]:
                p = float(probs[i, j])
                key = (doc.doc_id, sentences[i][0])
                if sum(1 for w in texts[i].split() if _WORD.search(w)) < CLASSIFIER_MIN_WORDS:
                    continue  # a chart row ("08:00  G  G  G  G") is codes and figures, not words
                if (key in f.not_present or key in f.set_aside) and key not in f.evidence:
                    continue  # the rules saw this mention negated / hypothetical / someone else's, or set it aside
                if key not in f.evidence and any(rx.search(texts[i].lower()) for rx in self._unless.get(code, ())):
                    continue  # the theme's own rules call this wording a normal finding ("Bowels: regular")
                hits, _ = self.context.triggers_in(texts[i], names, other, person)
                # a trigger that reaches only the word beside it ("for my epilepsy") says nothing
                # about the rest of the sentence
                if any(h.rule.category in NOT_EVIDENCE and h.rule.max_words != 0 for h in hits):
                    continue
                f.clf_score = max(f.clf_score, p)
                if key in f.evidence:
                    score, ev = f.evidence[key]
                    f.evidence[key] = (max(score, p), ev.model_copy(update={"source": f"{ev.source}+{model_id}"}))
                else:
                    f.evidence[key] = (p, self._evidence(doc, sentences[i], redaction, model_id, Flags()))

    # -- whole case --------------------------------------------------------------------
    def _themes(self, found: dict[str, _Found]) -> list[Theme]:
        themes = []
        for code, f in found.items():
            if f.evidence and all(ev.source in self._supporting for _, ev in f.evidence.values()):
                f.evidence.clear()  # only supporting signs: nothing else in the case says the theme is there
                f.rule_score = 0.0
            if not f.evidence and not f.not_present:
                continue
            by_rules = any(not ev.source.startswith("themes-classifier") for _, ev in f.evidence.values())
            by_clf = f.clf_score > 0
            if by_rules and by_clf:
                score, found_by = 1 - (1 - f.rule_score) * (1 - f.clf_score), "both"
            elif by_rules:
                score, found_by = f.rule_score, "rules"
            elif by_clf:
                score, found_by = f.clf_score, "classifier"
            else:
                score, found_by = 0.0, "rules"
            ranked = [ev for _, ev in sorted(f.evidence.values(), key=lambda x: -x[0])][:MAX_EVIDENCE]
            themes.append(Theme(code=code, label=self.labels[code], score=round(min(score, 1.0), 4), found_by=found_by,
                                evidence=ranked, mentioned_not_present=list(f.not_present.values())[:MAX_EVIDENCE]))
        return sorted(themes, key=lambda t: (not t.evidence, -t.score, t.code))


def _wrapped_start(text: str, start: int) -> int:
    """Where a sentence really starts when the splitter cut it at a line wrap ("star sign" / "Cancer, the crab"):
    the start of the line before, if that line runs on (no full stop, colon or other end at its end)."""
    nl = text.rfind("\n", 0, start)
    if nl < 0 or text[nl + 1:start].strip() or re.search(r"[.!?:;]\s*$|^\s*$", text[text.rfind("\n", 0, nl) + 1:nl]):
        return start
    return text.rfind("\n", 0, nl) + 1
