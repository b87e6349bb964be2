"""Section detection for English health and care record headings (rules in ``rules/sections.yaml``).

A heading is a known heading phrase at the start of a line, followed by ``:``, a dash or
the end of the line. A section runs from its heading to the next heading. A section may
carry a context (family history is about other people; past history is historical).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import field_validator, model_validator

from ..config import Settings
from ..rules import RuleModel, load_rules

ContextCategory = Literal["negated", "hypothetical", "other_person", "historical", "uncertain"]


class SectionRule(RuleModel):
    id: str
    name: str
    headings: list[str] = []
    # headings that name someone, as regular expressions (matched ignoring case, at a line's start like
    # the phrases): "Keith's own health"
    patterns: list[str] = []
    context: ContextCategory | None = None
    examples: list[str]

    @field_validator("headings")
    @classmethod
    def _not_empty(cls, v: list[str]) -> list[str]:
        if any(not h.strip() for h in v):
            raise ValueError("headings must be non-empty phrases")
        return v

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, v: list[str]) -> list[str]:
        for p in v:
            if re.compile(p).groupindex:
                raise ValueError("heading patterns must not name groups")
        return v

    @model_validator(mode="after")
    def _has_headings(self) -> SectionRule:
        if not self.headings and not self.patterns:
            raise ValueError("a section needs headings or patterns")
        return self


class SectionRules(RuleModel):
    sections: list[SectionRule]


@dataclass(frozen=True)
class Section:
    name: str
    rule_id: str
    start: int
    end: int
    context: str | None


class SectionFinder:
    """Finds section headings in a text with one regular expression built from the rules."""

    def __init__(self, rules: SectionRules) -> None:
        self.rules = rules.sections
        by_heading = sorted(((h.lower(), i) for i, r in enumerate(self.rules) for h in r.headings), key=lambda x: -len(x[0]))
        self._index = {h: i for h, i in by_heading}
        alts = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h, _ in by_heading)
        self._patterned = [(f"p{k}", i) for k, (i, _) in enumerate((i, p) for i, r in enumerate(self.rules) for p in r.patterns)]
        pats = [p for r in self.rules for p in r.patterns]
        if pats:
            alts += "|" + "|".join(f"(?P<{g}>{p})" for (g, _), p in zip(self._patterned, pats, strict=True))
        self._regex = re.compile(rf"^[ \t*#>\-•]*(?P<h>{alts})[ \t]*(?:[:\-–]|$)", re.IGNORECASE | re.MULTILINE)

    @classmethod
    def load(cls, settings: Settings) -> SectionFinder:
        return cls(load_rules(settings, "sections.yaml", SectionRules))

    def find(self, text: str) -> list[Section]:
        """Sections in order; text before the first heading belongs to no section."""
        heads = []
        for m in self._regex.finditer(text):
            i = next((i for g, i in self._patterned if m.group(g) is not None), None)
            if i is None:
                i = self._index[re.sub(r"\s+", " ", m.group("h").lower())]
            heads.append((m.start(), m.end("h"), self.rules[i]))
        out = []
        for k, (start, h_end, rule) in enumerate(heads):
            end = heads[k + 1][0] if k + 1 < len(heads) else len(text)
            if rule.context:
                end = min(end, _context_end(text, start, h_end))
            out.append(Section(rule.name, rule.id, start, end, rule.context))
        return out


def _context_end(text: str, start: int, h_end: int) -> int:
    """A section that changes context ends sooner: with its line when the heading has text
    after it ("Family history: father had epilepsy"), else at the next blank line. Rules around
    a heading are no text ("--- Family history ---" heads the lines below it)."""
    eol = text.find("\n", start)
    eol = len(text) if eol < 0 else eol
    if re.search(r"[:\-–][\s\-–=*#_]*\w", text[h_end:eol]):
        return eol
    blank = re.compile(r"\n[ \t]*\n").search(text, eol)
    return blank.start() if blank else len(text)


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The section holding a character offset, if any."""
    i = bisect.bisect_right([s.start for s in sections], offset) - 1
    return sections[i] if i >= 0 and sections[i].start <= offset < sections[i].end else None
