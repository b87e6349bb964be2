"""The people of a case: names found anywhere are searched for everywhere, grouped into
people, and each person gets one role-keeping pseudonym for the whole case.

"Bernadette Kavanagh (sister)" in the notification makes "Bernadette", "Bernie" (a known
nickname), "B. Kavanagh", "KAVANAGH" and "Bernadette's" in every other document the same
person, "[Sister 1]". Names that are also ordinary words ("Will", "May", "Rose") are
matched only where the context makes them names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .names import APOS, NAME_SEQ, NAME_WORD, TITLE_WORD, Lexicon, NameRules, normalise, tokens
from .spans import Candidate

# Field and header cues that say "this is the person who died", and how strongly.
_PERSON_VOTES = {"name.field": 1.0, "name.surname_comma_forename": 2.0}
_STRONG_PERSON_FIELDS = 3.0
# When roles tie, the more specific wins.
_ROLE_ORDER = ["person", "mother", "father", "stepmother", "stepfather", "sister", "brother", "son", "daughter",
               "partner", "niece", "nephew", "aunt", "uncle", "cousin", "grandparent", "family", "gp", "nurse",
               "therapist", "paramedic", "pharmacist", "social_worker", "advocate", "manager", "carer", "doctor",
               "reviewer", "police", "faith_leader", "interpreter", "friend", "other"]
_NICK = re.compile(
    rf"(?P<first>{TITLE_WORD})[ \t]+[\"\u201c\u2018{APOS}(]+(?P<nick>{TITLE_WORD})[\"\u201d\u2019{APOS})]+[ \t]+(?P<last>{NAME_WORD})"
    rf"|(?P<name>{NAME_SEQ})[ \t]*[(,]?[ \t]*(?i:known[ \t]+as|aka|called|preferred[ \t]+name:?)[ \t]*[\"\u201c\u2018{APOS}]?(?P<nick2>{TITLE_WORD})")
_STOP_BEFORE_WORD_NAME = {"the", "a", "an", "this", "that", "these", "those", "in", "of", "on", "by", "since", "until",
                          "during", "early", "late", "mid", "last", "next", "from", "to", "for", "with", "and", "or",
                          "may", "will", "might", "could", "would", "should", "must", "can", "not", "rose", "very",
                          "more", "most", "much", "some", "any", "no", "all", "every", "her", "his", "their", "our",
                          "my", "your", "its"}
_VERBS_AFTER_NAME = {"was", "is", "has", "had", "said", "says", "told", "seemed", "went", "appeared", "enjoyed",
                     "loved", "liked", "did", "didn't", "wasn't", "isn't", "hasn't", "ate", "drank", "slept", "became",
                     "felt", "looked", "remained", "returned", "smiled", "laughed", "asked", "wanted", "needed",
                     "would", "could", "and", "who", "lived", "died", "passed", "attended", "came", "visited"}


@dataclass
class Person:
    """One real person of the case, as far as the names tell."""

    pid: int
    first: set[str] = field(default_factory=set)  # normalised first names and nicknames
    last: set[str] = field(default_factory=set)  # normalised surnames
    initials: set[str] = field(default_factory=set)
    forms: set[str] = field(default_factory=set)  # surface forms to search for (words, as written)
    roles: Counter[str] = field(default_factory=Counter)
    person_votes: float = 0.0
    first_seen: tuple[int, int] = (10**9, 0)
    pseudonym: str = ""

    def role(self) -> str:
        if not self.roles:
            return "other"
        best = max(self.roles.values())
        return min((r for r, n in self.roles.items() if n == best), key=lambda r: _ROLE_ORDER.index(r)
                   if r in _ROLE_ORDER else len(_ROLE_ORDER))


@dataclass
class Mention:
    doc_index: int
    cand: Candidate
    surface: str


class People:
    """Builds the case's people from name candidates, then finds every further mention."""

    def __init__(self, lex: Lexicon, rules: NameRules) -> None:
        self.lex = lex
        self.rules = rules
        self.people: list[Person] = []

    # -- building --------------------------------------------------------------------
    def _split(self, surface: str) -> tuple[list[str], list[str], list[str]]:
        """(first names, surnames, initials) of a surface form."""
        if "," in surface:
            before, _, after = surface.partition(",")
            last_words, first_words = tokens(before), tokens(after)
        else:
            words = tokens(surface)
            first_words, last_words = words[:-1], words[-1:]
            if len(words) == 1:
                first_words, last_words = (words, []) if normalise(words[0]) in self.lex.first else ([], words)
        initials = [w for w in first_words if len(w.rstrip(".")) == 1]
        firsts = [w for w in first_words if len(w.rstrip(".")) > 1]
        return firsts, last_words, initials

    def _useful(self, word: str) -> bool:
        key = normalise(word)
        return len(key) > 1 and key not in self.lex.not_names and key not in self.lex.abbreviations

    def build(self, mentions: list[Mention], texts: list[str]) -> None:
        """Group name mentions into people; full names first, then single words join them."""
        nick_links = self._nickname_links(texts)
        full = [m for m in mentions if len([w for w in tokens(m.surface) if len(w.rstrip(".")) > 1]) >= 2]
        single = [m for m in mentions if m not in full]
        for m in sorted(full, key=lambda m: (m.doc_index, m.cand.start)):
            firsts, lasts, initials = self._split(m.surface)
            person = self._find(firsts, lasts) or self._new()
            self._absorb(person, m, firsts, lasts, initials)
        for m in sorted(single, key=lambda m: (m.doc_index, m.cand.start)):
            word = tokens(m.surface)[0] if tokens(m.surface) else m.surface
            person = self.match_word(word)
            if person is None:
                person = self._new()
                firsts, lasts, initials = self._split(m.surface)
                self._absorb(person, m, firsts, lasts, initials)
            else:
                self._vote(person, m)
        for first, nick in nick_links:
            for person in self.people:
                if first in person.first:
                    person.first.add(nick)
        # Known nicknames join a person only if the bundle actually uses them.
        used = {normalise(w) for text in texts for w in re.findall(rf"\b{TITLE_WORD}\b", text)}
        for person in self.people:
            for nick, formal in self.lex.nicknames.items():
                if nick in used and person.first & set(formal):
                    person.first.add(nick)
        self._assign_pseudonyms()

    def _nickname_links(self, texts: list[str]) -> list[tuple[str, str]]:
        links = []
        for text in texts:
            for m in _NICK.finditer(text):
                if m["nick"]:
                    links.append((normalise(m["first"]), normalise(m["nick"])))
                elif m["nick2"]:
                    firsts = [w for w in tokens(m["name"]) if len(w.rstrip(".")) > 1]
                    if firsts:
                        links.append((normalise(firsts[0]), normalise(m["nick2"])))
        return links

    def _new(self) -> Person:
        person = Person(pid=len(self.people))
        self.people.append(person)
        return person

    def _find(self, firsts: list[str], lasts: list[str]) -> Person | None:
        f = {normalise(w) for w in firsts}
        last = {normalise(w) for w in lasts}
        for person in self.people:
            if last and last & person.last and (not f or not person.first or f & person.first):
                return person
            if not last and f and f & person.first:
                return person
        return None

    def _absorb(self, person: Person, m: Mention, firsts: list[str], lasts: list[str], initials: list[str]) -> None:
        person.first |= {normalise(w) for w in firsts if self._useful(w)}
        person.last |= {normalise(w) for w in lasts if self._useful(w)}
        if firsts and lasts:
            person.initials.add((firsts[0][0] + lasts[-1][0]).upper())
        elif initials and lasts:
            person.initials.add((initials[0][0] + lasts[-1][0]).upper())
        person.forms |= {w.rstrip(".") for w in firsts + lasts if self._useful(w)}
        self._vote(person, m)

    def _vote(self, person: Person, m: Mention) -> None:
        role = m.cand.role
        if role == "person":
            strong = m.cand.source == "name.field" and m.cand.score >= 0.93 and "strong" in m.cand.flags
            person.person_votes += _STRONG_PERSON_FIELDS if strong else _PERSON_VOTES.get(m.cand.source, 0.5)
        elif role:
            person.roles[role] += 1
        if m.cand.source == "name.surname_comma_forename":
            person.person_votes += _PERSON_VOTES[m.cand.source]
        key = (m.doc_index, m.cand.start)
        person.first_seen = min(person.first_seen, key)

    def match_word(self, word: str) -> Person | None:
        """The person a single name word (or initials, or nickname) refers to, if any."""
        key = normalise(word)
        if word.isupper() and 2 <= len(word) <= 3 and key not in self.lex.first | self.lex.surnames:
            hits = [p for p in self.people if word in p.initials]
            return hits[0] if len(hits) == 1 else None
        for attr in ("first", "last"):
            hits = [p for p in self.people if key in getattr(p, attr)]
            if hits:
                return min(hits, key=lambda p: p.first_seen)
        formal = self.lex.nicknames.get(key, ())
        hits = [p for p in self.people if p.first & set(formal)]
        if hits:
            person = min(hits, key=lambda p: p.first_seen)
            person.first.add(key)
            person.forms.add(word)
            return person
        return None

    def _assign_pseudonyms(self) -> None:
        if not self.people:
            return
        deceased = max(self.people, key=lambda p: (p.person_votes, -p.first_seen[0], -p.first_seen[1]))
        counters: Counter[str] = Counter()
        for person in sorted(self.people, key=lambda p: p.first_seen):
            if person is deceased and person.person_votes > 0:
                person.pseudonym = "[Person]"
                continue
            role = person.role()
            if role == "person":
                role = "other"
            spec = self.rules.roles.get(role) or self.rules.roles["other"]
            if spec.numbered:
                counters[role] += 1
                person.pseudonym = f"[{spec.word} {counters[role]}]"
            else:
                counters[role] += 1
                person.pseudonym = f"[{spec.word}]" if counters[role] == 1 else f"[{spec.word} {counters[role]}]"

    # -- searching -----------------------------------------------------------------
    def search(self, text: str) -> list[Candidate]:
        """Every further mention of the case's people in ``text`` (all case variants, possessives)."""
        words: dict[str, Person] = {}
        for person in self.people:
            for form in person.forms | {w.title() for w in person.first | person.last}:
                words.setdefault(form, person)
            for ini in person.initials:
                words.setdefault(ini, person)
        if not words:
            return []
        out: list[Candidate] = []
        variants = {}
        for form in words:
            for v in {form, form.upper(), form.title() if "'" not in form else form}:
                variants[v.replace("'", "\u2019")] = form
                variants[v.replace("\u2019", "'")] = form
        alternation = "|".join(sorted((re.escape(v) for v in variants), key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w{APOS}\-])(?:{alternation})(?![\w\-])")
        for m in pattern.finditer(text):
            word = m.group()
            key = normalise(word)
            if word.isupper() and len(word) <= 3 and word not in words:
                continue
            if key in self.lex.words and not self._word_is_name(text, m.start(), m.end()):
                continue
            if word.isupper() and len(word) > 3 and key in self.lex.words and not self._upper_context(text, m.start()):
                continue
            out.append(Candidate(m.start(), m.end(), "PERSON", 0.9, "name.case_search"))
        return out

    def _word_is_name(self, text: str, start: int, end: int) -> bool:
        """Context for a name that is also a word: capitalised, and used as a name here."""
        word = text[start:end]
        if not word[0].isupper():
            return False
        before = text[max(0, start - 40) : start]
        after = text[end : end + 40]
        prev = re.findall(r"[\w']+|[^\w\s]", before)
        nxt = re.findall(r"[\w']+|[^\w\s]", after)
        prev_word = prev[-1] if prev else ""
        next_word = nxt[0] if nxt else ""
        # next to another known name word ("Will Rose", "May Rose") or after a title
        if next_word and next_word[0].isupper() and normalise(next_word) in self._all_names():
            return True
        if prev_word and (prev_word.rstrip(".") in self.rules.titles or (prev_word[0].isupper()
                          and normalise(prev_word) in self._all_names())):
            return True
        if after.startswith(("'s", "\u2019s")):
            return True
        if prev_word.lower() in self.rules.relations or prev_word == ",":
            return prev_word != "," or (len(prev) > 1 and prev[-2].lower() in self.rules.relations)
        sentence_start = not prev_word or prev_word in {".", "!", "?", ":", "|", "-", "\u2013", "\"", "\u201c"} \
            or before.rstrip(" \t").endswith("\n")
        if sentence_start:
            return next_word.lower() in _VERBS_AFTER_NAME
        if prev_word.lower() in _STOP_BEFORE_WORD_NAME:
            return False
        return next_word.lower() in _VERBS_AFTER_NAME or next_word in {",", ".", ")", "("} or not next_word

    def _upper_context(self, text: str, start: int) -> bool:
        line_start = text.rfind("\n", 0, start) + 1
        line = text[line_start : text.find("\n", start) if text.find("\n", start) != -1 else len(text)]
        return "," in line or bool(re.search(r"(?i)\b(nhs|dob|name|patient)\b", line))

    def _all_names(self) -> set[str]:
        names: set[str] = set()
        for p in self.people:
            names |= p.first | p.last
        return names

    def person_of(self, surface: str) -> Person | None:
        """The person a found span (any form) belongs to."""
        firsts, lasts, initials = self._split(surface)
        person = self._find(firsts, lasts)
        if person:
            return person
        for word in tokens(surface):
            person = self.match_word(word)
            if person:
                return person
        return None


def mentions_by_doc(candidates: dict[int, list[Candidate]], texts: list[str], min_score: float) -> list[Mention]:
    out = []
    for i, cands in candidates.items():
        for c in cands:
            if c.label == "PERSON" and c.score >= min_score:
                out.append(Mention(i, c, texts[i][c.start : c.end]))
    return out

