"""ConText-style context of a mention: negated, hypothetical, other person, historical, uncertain.

After Chapman et al.'s NegEx and ConText (the algorithm medspaCy implements), with the
rules as data in ``rules/context.yaml``: triggers with a category and a direction,
pseudo-triggers that look like triggers but are not, and terminators that end a
trigger's scope. Scope is the sentence (from :func:`sentence_spans`), cut by
terminators, by ``max_words`` and, for form fields ("Constipation: No"), by the start of
the field. A section can set a context too (everything under "Family history:" is about
someone else). Relatives a document names ("Mum (Angela) and Dad (Roy)", "her sister
Jean") are found with ``relative_names``; a trigger whose pattern holds ``{names}`` is
matched with those names, so a later "Roy had his heart attack" is about someone else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field, field_validator

from ..config import Settings
from ..fields import PERSON_NAME_FIELD, find_field, form_fields
from ..record import Document
from ..rules import RuleModel, load_rules
from .patterns import compile_rule
from .sections import ContextCategory

CATEGORIES: tuple[str, ...] = ("negated", "hypothetical", "other_person", "historical", "uncertain")
# Categories that stop a mention being evidence that a theme is present.
NOT_EVIDENCE: tuple[str, ...] = ("negated", "hypothetical", "other_person")
_WORD = re.compile(r"\w+")
# where a form field starts: after , ; a line break, a full stop, or a column gap
# ("Falls: 2        Constipation: 0" is two fields on one line); dot leaders are no full stop
# ("Falls in last 12 months .... [ ] Yes  [x] No")
_FIELD_EDGE = re.compile(r"[,;\n]|(?<!\.)\.\s|(?P<gap>\S(?:\s{3,}|\t))(?=\w)")
# ... but a gap before the field's ticked "No" answer is no new field ("Safeguarding concerns known?   Yes [ ]   No
# [x]": nor one before the empty "Yes" box beside it), while one before "Yes [x]   No [ ]" still is (an empty "No" box
# is no answer)
_TICKED = r"(?:\[\s*[x✓✔✗✘]\s*\]|[☒☑])"
_TICKED_NO = re.compile(rf"(?:no|n)[ \t]*{_TICKED}|(?:yes|y)[ \t]*(?:\[ ?\]|☐)[ \t]+(?:no|n)[ \t]*{_TICKED}", re.I)


def _field_edge(sentence: str, start: int, end: int) -> bool:
    """Whether a form field ends between ``start`` and ``end`` (see ``_FIELD_EDGE``)."""
    return any(not (m.group("gap") and _TICKED_NO.match(sentence, m.end()))
               for m in _FIELD_EDGE.finditer(sentence, start, end))


class _Patterned(RuleModel):
    id: str
    pattern: str
    edges: bool = True
    examples: list[str] = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        compile_rule(v)
        return v


class Trigger(_Patterned):
    category: ContextCategory
    direction: Literal["forward", "backward", "both"]
    scope: Literal["sentence", "field"] = "sentence"
    # 0: only a mention right after (or before) the trigger ("for my epilepsy")
    max_words: int | None = Field(None, ge=0)
    # about another patient, resident or worker, not anyone of the person's own circle: such a
    # mention is not evidence even for a rule exempt from other_person (a family's complaint is the
    # family's concern about the person; "a complaint from the son of another patient" is not)
    unrelated: bool = False


class Terminator(_Patterned):
    categories: list[ContextCategory] = list(CATEGORIES)


class Pseudo(_Patterned):
    categories: list[ContextCategory] = list(CATEGORIES)  # the triggers it cancels


class RelativeNames(_Patterned):
    """Where a document gives a relative's first name: groups named ``name``, ``name2``..."""


class ContextRules(RuleModel):
    max_words: int = Field(10, ge=1)
    relative_names: list[RelativeNames] = []
    terminators: list[Terminator]
    triggers: list[Trigger]
    pseudo: list[Pseudo]


@dataclass
class Flags:
    """The context of one mention, with the ids of the rules that set it."""

    negated: bool = False
    hypothetical: bool = False
    other_person: bool = False
    historical: bool = False
    uncertain: bool = False
    # about another patient, resident or worker (a trigger marked ``unrelated``): not evidence whatever
    # the rule is exempt from
    unrelated: bool = False
    rules: list[str] = field(default_factory=list)

    def blocks(self, exempt: tuple[str, ...] | list[str] = ()) -> bool:
        """True when the mention is not evidence (negated, hypothetical or about someone else)."""
        return self.unrelated or any(getattr(self, c) for c in NOT_EVIDENCE if c not in exempt)

    def as_dict(self) -> dict[str, bool]:
        return {c: getattr(self, c) for c in CATEGORIES}


@dataclass(frozen=True)
class _Hit:
    rule: Trigger
    start: int
    end: int


_HE = re.compile(r"\b(?:he|him|his|himself)\b", re.I)
_SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)


class ContextMatcher:
    """Finds the context of mentions within one sentence at a time."""

    def __init__(self, rules: ContextRules) -> None:
        self.rules = rules
        self._triggers = [(t, compile_rule(t.pattern, t.edges)) for t in rules.triggers if not _templated(t.pattern)]
        # templates, filled per document: relatives' names, the possessive not the person's, and
        # anyone named who is not the person
        self._named = [t for t in rules.triggers if _templated(t.pattern)]
        self._names = [compile_rule(r.pattern, r.edges) for r in rules.relative_names]
        self._named_cache: dict[tuple[str, ...], list[tuple[Trigger, re.Pattern[str]]]] = {}
        self._pseudo = [(p, compile_rule(p.pattern, p.edges)) for p in rules.pseudo]
        self._terms = [(t, compile_rule(t.pattern, t.edges)) for t in rules.terminators]

    @classmethod
    def load(cls, settings: Settings) -> ContextMatcher:
        return cls(load_rules(settings, "context.yaml", ContextRules))

    def relative_names(self, text: str) -> tuple[str, ...]:
        """First names the text gives to the person's relatives, sorted."""
        names = {v for rx in self._names for m in rx.finditer(text)
                 for k, v in m.groupdict().items() if k.startswith("name") and v}
        return tuple(sorted(names))

    @staticmethod
    def other_pronoun(text: str, ratio: float = 3.0) -> str | None:
        """The possessive that cannot be the person's own in a document plainly about a man ("her")
        or a woman ("his"): one set of pronouns outnumbers the other ``ratio`` times; None when the
        pronouns do not say. A whole case, with more text, says it at a lower ratio."""
        he = len(_HE.findall(text))
        she = len(_SHE.findall(text))
        if he >= 4 and he >= ratio * she:
            return "her"
        if she >= 4 and she >= ratio * he:
            return "his"
        return None

    def _named_triggers(self, names: tuple[str, ...], other: str | None = None, person: tuple[str, ...] = ()
                        ) -> list[tuple[Trigger, re.Pattern[str]]]:
        if not self._named:
            return []
        # a relative's name that is also one of the person's own (a shared surname: "Mr Tom Price (father)" in
        # Ann Price's case) says nothing about whose a mention is
        names = tuple(n for n in names if n not in person)
        key = (names, other, person)
        if key not in self._named_cache:
            if len(self._named_cache) >= _NAMED_CACHE_SIZE:
                self._named_cache.clear()  # a long-running workspace meets new names with every case
            alts = "|".join(re.escape(n) for n in names)
            # someone named who is not the person: a capitalised word that is none of the person's
            # names, no pronoun and no day ("Stuart's mood", but not "Marcus's", "She's", "Today's")
            not_person = (rf"(?<!\bDr )(?<!\bDr\. )(?!(?-i:{'|'.join(re.escape(n) for n in person)}|{_NOT_NAMES})\b)"
                          r"(?-i:[A-Z][a-z]{2,})")
            # the person's own names ("- not Bally, he was in his room")
            own = f"(?-i:{'|'.join(re.escape(n) for n in person)})"
            out = []
            for t in self._named:
                if ("{names}" in t.pattern and not names) or ("{other" in t.pattern and not other):
                    continue
                # without the person's names, a template's other alternatives still count ("Mr D (Room 9)"
                # needs no names): "{not_person}" and "{person}" then match nothing
                self_word = "herself" if other == "her" else "himself"
                subject = "she" if other == "her" else "he"
                pattern = (t.pattern.replace("{names}", f"(?-i:{alts})")
                           .replace("{not_person}", not_person if person else _NEVER)
                           .replace("{person}", own if person else _NEVER)
                           .replace("{other_self}", f"(?-i:{self_word})")
                           .replace("{other_subject}", f"(?-i:{subject}|{subject.title()})")
                           .replace("{other}", f"(?-i:{other}|{(other or '').title()})"))
                if not _can_match(pattern):
                    continue  # (every note without the person's names would pay for a scan that finds nothing)
                out.append((t, compile_rule(pattern, t.edges)))
            self._named_cache[key] = out
        return self._named_cache[key]

    def triggers_in(self, sentence: str, names: tuple[str, ...] = (), other: str | None = None,
                    person: tuple[str, ...] = ()) -> tuple[list[_Hit], list[tuple[Terminator, int, int]]]:
        """Triggers (minus those inside pseudo-triggers) and terminators of one sentence;
        ``names``: the relatives' names of its document (see :meth:`relative_names`); ``other``:
        the possessive that is not the person's in that document (see :meth:`other_pronoun`);
        ``person``: the names the case gives the person who died (see :func:`person_names`)."""
        pseudo = [(p.categories, m.start(), m.end()) for p, rx in self._pseudo for m in rx.finditer(sentence)]
        triggers = self._triggers + self._named_triggers(names, other, person)
        hits = [_Hit(t, m.start(), m.end()) for t, rx in triggers for m in rx.finditer(sentence)
                if m.end() > m.start()
                and not any(t.category in cats and ps < m.end() and m.start() < pe for cats, ps, pe in pseudo)]
        terms = [(t, m.start(), m.end()) for t, rx in self._terms for m in rx.finditer(sentence)]
        return hits, terms

    def flags(self, sentence: str, start: int, end: int, found: tuple[list[_Hit], list] | None = None) -> Flags:
        """Context of the mention ``sentence[start:end]`` (offsets within the sentence)."""
        hits, terms = found if found is not None else self.triggers_in(sentence)
        flags = Flags()
        for hit in hits:
            if hit.start < end and start < hit.end:  # a trigger inside the mention is part of it
                continue
            if self._in_scope(sentence, hit, terms, start, end):
                setattr(flags, hit.rule.category, True)
                flags.unrelated |= hit.rule.unrelated
                flags.rules.append(hit.rule.id)
        return flags

    def _in_scope(self, sentence: str, hit: _Hit, terms: list, start: int, end: int) -> bool:
        rule = hit.rule
        if hit.end <= start and rule.direction in ("forward", "both"):
            gap = (hit.end, start)
        elif end <= hit.start and rule.direction in ("backward", "both"):
            gap = (end, hit.start)
            if rule.scope == "field" and _field_edge(sentence, start, hit.start):
                return False
        else:
            return False
        if any(gap[0] <= t_start < gap[1] for t, t_start, _ in terms if rule.category in t.categories):
            return False
        limit = rule.max_words if rule.max_words is not None else self.rules.max_words
        return len(_WORD.findall(sentence, gap[0], gap[1])) <= limit


_NAMED_CACHE_SIZE = 256  # filled templates kept per matcher (each document's relatives, each case's person)


_NEVER = "(?!)"  # a template part that cannot be filled: matches nothing


def _can_match(pattern: str) -> bool:
    """False when an unfilled part (``_NEVER``) is a required part of the pattern: outside any group
    and with no ``|`` at the top level (a rough check: a pattern it cannot judge is kept)."""
    depth, top_never, top_alt, i = 0, False, False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if depth == 0 and pattern.startswith(_NEVER, i):
            top_never = True
            i += len(_NEVER)
            continue
        if c == "[":  # a character class: skip to its end
            j = i + 1 + (pattern[i + 1 : i + 2] == "^")
            j = pattern.find("]", j + 1) if pattern[j : j + 1] == "]" else pattern.find("]", j)
            i = (j if j >= 0 else len(pattern)) + 1
            continue
        depth += c == "("
        depth -= c == ")"
        top_alt |= depth == 0 and c == "|"
        i += 1
    return not top_never or top_alt


def _templated(pattern: str) -> bool:
    return any(k in pattern for k in ("{names}", "{other", "{not_person}", "{person}"))


# capitalised words that name no one: pronouns, days and words that start notes ("Today's seizure")
_NOT_NAMES = ("She|He|Her|His|They|Their|The|This|That|Patient|Client|Resident|Today|Yesterday|Tonight|Last|Next|"
              "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mum|Dad|Mother|Father|Staff|Everyone|Nobody|"
              "Anyone|Someone|Team|Home|House|Hospital|Ward|Night|Morning|Evening|Week|Month|Year")


# a safeguarding form names the person as the adult at risk ("Adult at risk: Keith ARBUTHNOT, 61"), a short
# breaks record as the guest ("Guest: Paddy McDONAGH     Stay: ...")
_PERSON_FIELD = re.compile(rf"(?:{PERSON_NAME_FIELD.pattern})|(?:adult|person) at risk$|guest$", re.I)


def person_names(docs: list[Document]) -> tuple[str, ...]:
    """The names the case's forms give the person who died ("Name: Marcus Adebayo OYELARAN",
    "Known as: Danny", "Adult at risk: ..."), each as written and in title case; empty when no form names them. Only
    the first column of a record header counts ("Patient: OYELARAN, Marcus A   NHS 999 ..."), and no
    table's header row."""
    names: set[str] = set()
    for doc in docs:
        for f in find_field(form_fields(doc), _PERSON_FIELD):
            if "|" in f.value:  # a table's header row ("| Name | Relationship | View |") names no one
                continue
            for word in re.findall(r"[A-Za-z][A-Za-z'\-]{2,}", re.split(r"\s{2,}", f.value)[0]):
                if word[0].isupper() and word.lower() not in ("mr", "mrs", "miss", "the", "and", "nhs", "dob"):
                    names |= {word, word.title()}
    return tuple(sorted(names))
