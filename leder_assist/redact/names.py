"""Names of people, found by rules: titles, relationship words, form fields, letters,
signatures, "SURNAME, Forename" headers, staff initials and name lists.

The statistical NER model (``ner.py``) and the case-wide search for names already found
(``people.py``) add to these. Each candidate carries the id of the rule that found it and,
where the context says, the person's role ("sister", "gp") for the pseudonym.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from ..config import Settings
from ..rules import RuleModel, load_rules
from .spans import Candidate


def _letters(pred) -> str:  # noqa: ANN001 - str.isupper / str.islower
    """Latin letters (A-Z and accented Latin-1/Extended-A) that satisfy ``pred``, as a regex class body."""
    chars = [chr(c) for c in range(0x41, 0x250) if chr(c).isalpha() and pred(chr(c))]
    return "".join(re.escape(c) for c in chars)


UP = _letters(str.isupper)
LO = _letters(str.islower)
APOS = "'\u2019"
# One word of a name: Title case (with Mc/Mac/O'/D' and hyphens), UPPER case, or an initial.
TITLE_WORD = rf"(?:(?:Mc|Mac|O[{APOS}]|D[{APOS}]|Fitz)?[{UP}][{LO}]+(?:[{APOS}\-][{UP}]?[{LO}]+)*)"
UPPER_WORD = rf"(?:[{UP}](?:[{APOS}]?[{UP}]+)(?:[{APOS}\-][{UP}]+)*)"
INITIAL = rf"(?:[{UP}]\.?(?![{LO}{UP}]))"
PARTICLE = r"(?:van|von|der|den|de|da|di|du|la|le|del|della|bin|binti|ibn|al|el|ap|ter|ten)"
NAME_WORD = rf"(?:{TITLE_WORD}|{UPPER_WORD}|(?:al|el)-{TITLE_WORD})"
NAME_SEQ = rf"(?:(?:{INITIAL}\s+){{0,2}}{NAME_WORD}(?:[ \t]+(?:{PARTICLE}[ \t]+){{0,2}}(?:{NAME_WORD}|{INITIAL}(?=[ \t]+{NAME_WORD}))){{0,3}})"
_TOKEN = re.compile(rf"{NAME_WORD}|{INITIAL}")


class Example(RuleModel):
    text: str
    names: list[str]
    roles: list[str | None]


class RoleWord(RuleModel):
    word: str
    numbered: bool


class NameRules(RuleModel):
    titles: dict[str, str | None]
    relations: dict[str, str]
    fields: dict[str, str | None]
    sign_offs: list[str]
    abbreviations: str
    roles: dict[str, RoleWord]
    examples: list[Example]

    @cached_property
    def title_re(self) -> str:
        return "|".join(sorted((re.escape(t) for t in self.titles), key=len, reverse=True))

    @cached_property
    def relation_re(self) -> str:
        words = sorted(self.relations, key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)

    @cached_property
    def field_re(self) -> str:
        return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(self.fields, key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    """Name lists from ``rules/names/`` (lower-cased for lookup)."""

    first: frozenset[str]
    surnames: frozenset[str]
    words: frozenset[str]  # names that are also ordinary words: need context
    not_names: frozenset[str]
    nicknames: dict[str, tuple[str, ...]]
    abbreviations: frozenset[str]


def _read_list(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    return frozenset(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.lstrip().startswith("#"))


@lru_cache(maxsize=4)
def _lexicon(names_dir: Path, abbreviations: tuple[str, ...]) -> Lexicon:
    nick_path = names_dir / "nicknames.yaml"
    nicknames: dict[str, tuple[str, ...]] = {}
    if nick_path.exists():
        raw = yaml.safe_load(nick_path.read_text(encoding="utf-8")) or {}
        nicknames = {str(k).lower(): tuple(str(v).lower() for v in vs) for k, vs in raw.items()}
    return Lexicon(
        first=_read_list(names_dir / "first_names.txt"),
        surnames=_read_list(names_dir / "surnames.txt"),
        words=_read_list(names_dir / "name_words.txt"),
        not_names=_read_list(names_dir / "not_names.txt"),
        nicknames=nicknames,
        abbreviations=frozenset(a.lower() for a in abbreviations),
    )


def name_rules(settings: Settings) -> NameRules:
    return load_rules(settings, "names.yaml", NameRules)


def lexicon(settings: Settings) -> Lexicon:
    rules = name_rules(settings)
    return _lexicon((settings.rules_dir / "names").resolve(), tuple(rules.abbreviations.split()))


def tokens(text: str) -> list[str]:
    """The name words of a span ("O'NEILL, Patrick J." -> ["O'NEILL", "Patrick", "J."])."""
    return _TOKEN.findall(text)


def normalise(word: str) -> str:
    """Lookup key of a name word: lower case, straight apostrophe, no trailing dot or possessive."""
    word = word.replace("\u2019", "'").rstrip(".").lower()
    return word[:-2] if word.endswith("'s") else word


# Form fields that name *someone*, not necessarily the person who died ("Name:" also
# heads the referrer's section of a form); the others name the person who died.
_WEAK_PERSON_FIELDS = {"name", "full name", "forename", "forenames", "forename(s)", "first name", "first names",
                       "surname", "last name", "family name", "known as", "preferred name", "client", "resident",
                       "service user"}


class NameFinder:
    """Finds candidate names in one document's text by rules and name lists."""

    def __init__(self, settings: Settings) -> None:
        self.rules = name_rules(settings)
        self.lex = lexicon(settings)
        r = self.rules
        seq = NAME_SEQ
        flags = re.MULTILINE
        self._title = re.compile(rf"(?<![\w])(?P<title>{r.title_re})\.?[ \t]+(?P<name>{seq})", flags)
        self._rel_before = re.compile(
            rf"(?i:\b(?P<rel>{r.relation_re}))(?:'s)?[ \t]*(?:[,:(\-\u2013]|\bis\b|\bwas\b|\bcalled\b|\bnamed\b)?[ \t]*"
            rf"(?:(?P<title>{r.title_re})\.?[ \t]+)?(?P<name>{seq})", flags)
        self._rel_after = re.compile(
            rf"(?P<name>{seq})[ \t]*(?:\([ \t]*(?i:(?:his|her|their|the|pt'?s|patient'?s)[ \t]+)?|,[ \t]*(?i:(?:his|her|their|the)[ \t]+)|[\-\u2013][ \t]*(?i:(?:his|her|their|the)[ \t]+)?)"
            rf"(?i:(?P<rel>{r.relation_re}))\b", flags)
        self._field = re.compile(
            rf"(?:^|\|)[ \t]*(?i:(?P<field>{r.field_re}))[ \t]*(?:[:|\t\-\u2013]|(?=[ \t]{{2,}}))[ \t:]*"
            rf"(?:(?P<title>{r.title_re})\.?[ \t]+)?(?P<name>{seq}(?:,[ \t]*{seq})?)"
            rf"(?:[ \t]*\((?i:(?P<rel>{r.relation_re}))\))?", flags)
        self._dear = re.compile(rf"\bDear[ \t]+(?:(?P<title>{r.title_re})\.?[ \t]+)?(?P<name>{seq})")
        self._comma = re.compile(rf"(?<![\w{APOS}])(?P<name>{UPPER_WORD}(?:[ \t\-]{UPPER_WORD})?,[ \t]*(?:{TITLE_WORD}|{UPPER_WORD})(?:[ \t]+(?:{TITLE_WORD}|{UPPER_WORD})){{0,2}})")
        self._initials = re.compile(
            r"(?:[-\u2013\u2014][ \t]*|\([ \t]*|\b(?i:signed|staff|sig|by)\b:?[ \t]*|/[ \t]*)(?P<name>[A-Z]{2,3})\)?[ \t]*\.?[ \t]*$", flags)
        self._sign_off = re.compile(
            rf"^[ \t]*(?i:{'|'.join(re.escape(s) for s in r.sign_offs)})[ \t]*[,.!]?[ \t]*\n(?:[ \t]*\n)?[ \t]*"
            rf"(?:(?P<title>{r.title_re})\.?[ \t]+)?(?P<name>{seq})[ \t]*(?:,.*)?$(?:\n[ \t]*(?P<roleline>.+))?", flags)
        self._cap_seq = re.compile(rf"(?<![\w{APOS}\-])(?P<name>{seq})(?![\w])")

    # -- helpers -------------------------------------------------------------------
    def _is_name_word(self, word: str) -> bool:
        key = normalise(word)
        return bool(key) and key not in self.lex.not_names and key not in self.lex.abbreviations

    def _clean(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Trim leading/trailing words that are not names (headings, drugs, "Ward")."""
        words = [(m.start() + start, m.end() + start, m.group()) for m in _TOKEN.finditer(text[start:end])]
        while words and not self._is_name_word(words[-1][2]):
            words.pop()
        while words and not self._is_name_word(words[0][2]):
            words.pop(0)
        if not words:
            return None
        if all(len(w[2].rstrip(".")) == 1 for w in words):
            return None  # initials alone are not a name here
        return words[0][0], words[-1][1]

    def clean(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """Other detectors' name candidates, trimmed of words that are not names (as rule hits are)."""
        out: list[Candidate] = []
        for c in cands:
            span = self._clean(text, c.start, c.end)
            if span:
                out.append(Candidate(span[0], span[1], c.label, c.score, c.source, c.role, list(c.flags)))
        return out

    def _add(self, out: list[Candidate], text: str, start: int, end: int, score: float, source: str,
             role: str | None) -> None:
        span = self._clean(text, start, end)
        if span:
            out.append(Candidate(span[0], span[1], "PERSON", score, source, role))

    def _role_of(self, rel: str | None) -> str | None:
        if not rel:
            return None
        return self.rules.relations.get(" ".join(rel.lower().split()))

    # -- rules ---------------------------------------------------------------------
    def find(self, text: str, kind: str = "other") -> list[Candidate]:
        out: list[Candidate] = []
        r = self.rules
        for m in self._title.finditer(text):
            self._add(out, text, *m.span("name"), 0.95, "name.title", r.titles.get(m["title"]))
        for m in self._rel_before.finditer(text):
            if m["title"] or self._name_like_after_relation(m["name"]):
                self._add(out, text, *m.span("name"), 0.9, "name.relation_before", self._role_of(m["rel"]))
        for m in self._rel_after.finditer(text):
            if self._name_like_after_relation(m["name"]):
                self._add(out, text, *m.span("name"), 0.9, "name.relation_after", self._role_of(m["rel"]))
        for m in self._field.finditer(text):
            label = " ".join(m["field"].lower().split())
            role = self._role_of(m["rel"]) or r.fields.get(label)
            self._add(out, text, *m.span("name"), 0.93, "name.field", role)
            if role == "person" and label not in _WEAK_PERSON_FIELDS and out and out[-1].source == "name.field":
                out[-1].flags.append("strong")
        for m in self._dear.finditer(text):
            self._add(out, text, *m.span("name"), 0.93, "name.letter_greeting", None)
        for m in self._sign_off.finditer(text):
            role = None
            if m["roleline"]:
                rel = re.search(rf"(?i:\b({r.relation_re})\b)", m["roleline"])
                role = self._role_of(rel.group(1)) if rel else None
            self._add(out, text, *m.span("name"), 0.93, "name.signature", role or r.titles.get(m["title"] or ""))
        for m in self._comma.finditer(text):
            surname, _, rest = m["name"].partition(",")
            first = rest.split()[0] if rest.split() else ""
            if self._is_name_word(surname.strip()) and self._is_name_word(first) and (
                    normalise(first) in self.lex.first or normalise(surname.strip()) in self.lex.surnames):
                out.append(Candidate(*m.span("name"), "PERSON", 0.9, "name.surname_comma_forename", None))
        for m in self._initials.finditer(text):
            if normalise(m["name"]) not in self.lex.abbreviations:
                out.append(Candidate(*m.span("name"), "PERSON", 0.8, "name.staff_initials",
                                     "carer" if kind == "care_notes" else None))
        out.extend(self._from_lists(text))
        return out

    def _name_like_after_relation(self, name: str) -> bool:
        first = tokens(name)[:1]
        return bool(first) and self._is_name_word(first[0]) and not first[0].isupper()

    def _from_lists(self, text: str) -> list[Candidate]:
        """Capitalised word runs that start with a known first name (or an initial and a known surname)."""
        out: list[Candidate] = []
        lex = self.lex
        for m in self._cap_seq.finditer(text):
            words = tokens(m["name"])
            if not words:
                continue
            first, rest = words[0], words[1:]
            key = normalise(first)
            if first.isupper() and len(first) > 1 and not rest:
                continue  # a lone upper-case word is far more often a heading
            if len(first.rstrip(".")) == 1:
                if rest and normalise(rest[0]) in lex.surnames and self._is_name_word(rest[0]):
                    self._add(out, text, m.start(), m.end(), 0.85, "name.initial_surname", None)
                continue
            if key not in lex.first or not self._is_name_word(first):
                continue
            known_surname = any(normalise(w) in lex.surnames for w in rest)
            if key in lex.words and not (rest and self._is_name_word(rest[0]) and known_surname):
                continue  # "Will", "May", "Rose": only with a surname here; the case search adds context
            score = 0.88 if known_surname else 0.78
            self._add(out, text, m.start(), m.end(), score, "name.list", None)
        return out
