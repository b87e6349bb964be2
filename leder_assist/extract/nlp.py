"""The spaCy pipeline of extraction, built once per process from ``rules/``.

This is the only place leder-assist registers spaCy components. The pipeline is
``spacy.blank("en")`` (no downloaded model) plus:

``leder_sentences``  sentence and entry segmentation for case notes (:mod:`.sentences`)
``leder_sections``   record headings and their sections (``rules/sections.yaml``)
``entity_ruler``     conditions, medications, professionals, services, family, tools (``rules/entities.yaml``)
``leder_themes``     theme rule hits (``rules/themes.yaml``)
``leder_context``    negated / hypothetical / other person / historical / uncertain (``rules/context.yaml``)

Matching is kept apart from writing results, as in spaCy's EntityRuler: each component
finds, then sets annotations on the Doc. Results a later stage needs are kept in
``doc.user_data`` (plain Python objects) and mirrored in ``doc.spans`` for spaCy users.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..config import Settings
from .context import ContextMatcher, Flags
from .entities import entity_patterns
from .sections import SectionFinder, section_at
from .sentences import sentence_spans
from .themes import ThemeMatcher

if not Span.has_extension("context"):
    Span.set_extension("context", default=None)


def _settings(rules_dir: str) -> Settings:
    return Settings(rules_dir=Path(rules_dir))


def _text(doc: Doc) -> str:
    """The Doc's text, built once (spaCy joins the tokens again on every ``doc.text``)."""
    if "_text" not in doc.user_data:
        doc.user_data["_text"] = doc.text
    return doc.user_data["_text"]


class SentenceSetter:
    """Sets token sentence starts from :func:`sentence_spans` (lines and entries, not only prose)."""

    def __call__(self, doc: Doc) -> Doc:
        text = _text(doc)
        spans = sentence_spans(text)
        if len(doc):
            # Only sentence starts are set (others stay unknown, which spaCy reads as "inside"):
            # a Python loop over every token would be the slowest step of the pipeline.
            # Set in one array: token.is_sent_start = True checks the whole Doc for a parse each
            # time, which made long bundles quadratic.
            idx = doc.to_array("IDX")
            starts = np.zeros((len(doc), 1), dtype="uint64")
            where = np.searchsorted(idx, [s for s, _ in spans])
            starts[where[where < len(doc)], 0] = 1
            starts[0, 0] = 1
            doc.from_array([SENT_START], starts)
        doc.user_data["sentences"] = spans
        return doc


class FindingSetter:
    """Runs a finder over the text; keeps what it found in ``doc.user_data[key]`` (plain
    objects with ``start``/``end``) and mirrors it as spans in ``doc.spans[key]``."""

    def __init__(self, key: str, find: Callable[[str], list], span_args: Callable[[Any], dict[str, str]]) -> None:
        self.key = key
        self.find = find
        self.span_args = span_args

    def __call__(self, doc: Doc) -> Doc:
        found = self.find(_text(doc))
        doc.user_data[self.key] = found
        doc.spans[self.key] = [sp for f in found if (sp := doc.char_span(f.start, f.end, alignment_mode="expand",
                                                                         **self.span_args(f))) is not None]
        return doc


class ContextSetter:
    """Context flags for every entity and theme hit, from the triggers of its sentence."""

    def __init__(self, matcher: ContextMatcher) -> None:
        self.matcher = matcher

    def flags_at(self, doc: Doc, start: int, end: int) -> Flags:
        """Context of the mention ``doc.text[start:end]`` (triggers cached per sentence)."""
        text = _text(doc)
        sentences = doc.user_data.get("sentences") or [(0, len(text))]
        starts = doc.user_data.get("_sentence_starts")
        if starts is None:  # built once per Doc (setdefault would rebuild it for every mention)
            starts = doc.user_data["_sentence_starts"] = [s for s, _ in sentences]
        cache = doc.user_data.setdefault("_triggers", {})
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        s_start, s_end = sentences[i]
        sentence = text[s_start:s_end]
        names = doc.user_data.get("_relative_names")
        if names is None:  # relatives named anywhere in the document
            names = doc.user_data["_relative_names"] = self.matcher.relative_names(text)
        other = doc.user_data.get("_other_pronoun", "")
        if other == "":  # the possessive that is not the person's, from the whole document
            other = doc.user_data["_other_pronoun"] = self.matcher.other_pronoun(text)
        if i not in cache:
            cache[i] = self.matcher.triggers_in(sentence, names, other, doc.user_data.get("_person_names", ()))
        found = self.matcher.flags(sentence, start - s_start, max(min(end, s_end) - s_start, 0), cache[i])
        section = section_at(doc.user_data.get("sections", []), start)
        if section is not None and section.context:
            setattr(found, section.context, True)
            found.rules.append(section.rule_id)
        return found

    def __call__(self, doc: Doc) -> Doc:
        for ent in doc.ents:
            ent._.context = self.flags_at(doc, ent.start_char, ent.end_char)
        doc.user_data["theme_flags"] = [self.flags_at(doc, h.start, h.end) for h in doc.user_data.get("theme_hits", [])]
        for key in ("_triggers", "_sentence_starts", "_relative_names", "_other_pronoun", "_person_names", "_text"):
            doc.user_data.pop(key, None)
        return doc


@Language.factory("leder_sentences")
def _make_sentences(nlp: Language, name: str) -> SentenceSetter:
    return SentenceSetter()


@Language.factory("leder_sections", default_config={"rules_dir": ""})
def _make_sections(nlp: Language, name: str, rules_dir: str) -> FindingSetter:
    return FindingSetter("sections", SectionFinder.load(_settings(rules_dir)).find, lambda s: {"label": s.name})


@Language.factory("leder_themes", default_config={"rules_dir": ""})
def _make_themes(nlp: Language, name: str, rules_dir: str) -> FindingSetter:
    return FindingSetter("theme_hits", ThemeMatcher.load(_settings(rules_dir)).find,
                         lambda h: {"label": h.code, "span_id": h.rule.id})


@Language.factory("leder_context", default_config={"rules_dir": ""})
def _make_context(nlp: Language, name: str, rules_dir: str) -> ContextSetter:
    return ContextSetter(ContextMatcher.load(_settings(rules_dir)))


def build_pipeline(settings: Settings) -> Language:
    """A new pipeline from the rules folder (prefer :func:`get_pipeline`, which builds it once)."""
    rules_dir = str(settings.rules_dir)
    nlp = spacy.blank("en")
    nlp.max_length = 5_000_000
    nlp.add_pipe("leder_sentences")
    nlp.add_pipe("leder_sections", config={"rules_dir": rules_dir})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "validate": True})
    ruler.add_patterns(entity_patterns(settings))  # type: ignore[attr-defined]
    nlp.add_pipe("leder_themes", config={"rules_dir": rules_dir})
    nlp.add_pipe("leder_context", config={"rules_dir": rules_dir})
    return nlp


def make_doc(nlp: Language, text: str, other_pronoun: str | None = None, person: tuple[str, ...] = ()) -> Doc:
    """A tokenised Doc that remembers its text (pass it to ``nlp`` or ``nlp.pipe``); ``other_pronoun``:
    the possessive that is not the person's, when the whole case says it (else the document decides);
    ``person``: the names the case gives the person who died."""
    doc = nlp.make_doc(text)
    doc.user_data["_text"] = text
    if other_pronoun:
        doc.user_data["_other_pronoun"] = other_pronoun
    if person:
        doc.user_data["_person_names"] = person
    return doc


@lru_cache(maxsize=4)
def get_pipeline(settings: Settings) -> Language:
    """The pipeline for these settings, built once per process."""
    return build_pipeline(settings)
