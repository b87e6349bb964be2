"""Theme rules (``rules/themes.yaml``): the 24 codes of ``themes.md``, each with rules.

A rule is a regular expression with a stable id, a score and examples it must find
(tests check each one). A hit whose context is negated, hypothetical or about someone
else is not evidence, unless the rule is exempt from that context (a rule about care
that should have happened, "AHC not completed", counts even though it reads negated).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from pydantic import Field, field_validator

from ..config import Settings
from ..rules import RuleModel, load_rules
from .patterns import compile_group, compile_rule
from .sections import ContextCategory

# The public vocabulary of ../shared/docs/themes.md: renaming or removing one is breaking.
THEME_CODES: tuple[str, ...] = ("RESP", "DYS", "DET", "CON", "EPI", "CAN", "CVM", "AHC", "OVS", "DEL", "RA", "MCA",
                                "DNR", "MED", "HOSP", "COORD", "SAFE", "FAM", "MH", "INF", "NUT", "FALL", "EQ", "GOOD")


# Lower-casing A-Z only keeps every offset; matching without re.IGNORECASE is about 2.5
# times faster on long notes.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class ThemeRule(RuleModel):
    id: str
    pattern: str
    edges: bool = True
    score: float = Field(0.85, gt=0, le=1)
    context_exempt: list[ContextCategory] = []
    # a weak sign that is evidence only beside other evidence for its theme in the case: "found
    # unresponsive in bed" supports epilepsy in a case with seizures, and says nothing on its own
    supporting: bool = False
    # the hit is not evidence when this matches in its sentence or the next one
    # ("NEWS2 6. Escalated by the nurse in charge at once" is deterioration acted on in time)
    unless: str | None = None
    # the matched words as written in the document (case-sensitive) must match this in full:
    # "CAP" in capitals is community-acquired pneumonia, "cap" is something worn
    as_written: str | None = None
    # a match written with a capital between two capitalised words on its line is part of a name
    # ("Weir Falls Bike Co-op", "Niagara Falls Hotel"), not the theme's word
    not_in_name: bool = False
    examples: list[str] = Field(min_length=1)
    unless_examples: list[str] = []
    # look-alikes the pattern itself must not match (tests check each): "salt and vinegar"
    # is not the speech and language therapist, "choked up" is not choking
    non_examples: list[str] = []

    @field_validator("unless", "as_written")
    @classmethod
    def _optional_compiles(cls, v: str | None) -> str | None:
        if v is not None:
            re.compile(v)
        return v

    @cached_property
    def unless_re(self) -> re.Pattern[str] | None:
        return re.compile(self.unless) if self.unless else None

    @cached_property
    def as_written_re(self) -> re.Pattern[str] | None:
        return re.compile(self.as_written) if self.as_written else None

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        if re.search(r"(?<!\\)[A-Z]", v):
            raise ValueError("write theme patterns in lower case (text is lower-cased before matching)")
        compile_rule(v)
        return v


class ThemeDef(RuleModel):
    code: str
    label: str
    rules: list[ThemeRule] = Field(min_length=1)

    @field_validator("code")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in THEME_CODES:
            raise ValueError(f"unknown theme code {v!r} (see themes.md)")
        return v


class ThemeRules(RuleModel):
    themes: list[ThemeDef]

    @field_validator("themes")
    @classmethod
    def _complete(cls, v: list[ThemeDef]) -> list[ThemeDef]:
        missing = set(THEME_CODES) - {t.code for t in v}
        if missing:
            raise ValueError(f"no rules for theme(s) {', '.join(sorted(missing))}")
        ids = [r.id for t in v for r in t.rules]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"duplicate rule id(s) {', '.join(sorted(dupes))}")
        return v


@dataclass(frozen=True)
class RuleHit:
    code: str
    rule: ThemeRule
    start: int
    end: int


class ThemeMatcher:
    """One regular-expression scan per theme over a whole text."""

    def __init__(self, rules: ThemeRules) -> None:
        self.themes = rules.themes
        self.labels = {t.code: t.label for t in rules.themes}
        self._scans: list[tuple[ThemeDef, re.Pattern[str]]] = [
            (t, compile_group([(r.pattern, r.edges) for r in t.rules], ignore_case=False)) for t in rules.themes]

    @classmethod
    def load(cls, settings: Settings) -> ThemeMatcher:
        return cls(load_rules(settings, "themes.yaml", ThemeRules))

    def find(self, text: str) -> list[RuleHit]:
        """Every rule hit in the text, in order of position."""
        hits = []
        lowered = text.translate(_ASCII_LOWER)  # same length as text, unlike str.lower()
        for theme, rx in self._scans:
            for m in rx.finditer(lowered):
                if m.end() > m.start():
                    rule = theme.rules[int(m.lastgroup[1:])]  # type: ignore[index]
                    if rule.as_written_re is not None and not rule.as_written_re.fullmatch(text, m.start(), m.end()):
                        continue
                    if rule.not_in_name and _in_name(text, m.start(), m.end()):
                        continue
                    hits.append(RuleHit(theme.code, rule, m.start(), m.end()))
        return sorted(hits, key=lambda h: (h.start, h.code))


_NAME_BEFORE = re.compile(r"(?<![\w'’-])[A-Z][a-z]+[ \t]$")
# ... but a service named for the theme's word is about it ("Community Falls Team", "Falls Prevention Service")
_NAME_AFTER = re.compile(r"[ \t](?!(?:Team|Teams|Clinic|Service|Services|Prevention|Assessment|Risk|Pathway|Nurse|Practitioner|"
                         r"Co-?ordinator|Specialist|Screening|Diary|Chart|Log|Register|Review|Policy|Protocol|Plan)\b)"
                         r"[A-Z][\w'’-]*[a-z]")


def _in_name(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is written with a capital and stands between two capitalised words of
    its line: a name's part ("Weir Falls Bike Co-op"), not a heading's word at the start of a line."""
    if not text[start].isupper():
        return False
    return bool(_NAME_BEFORE.search(text, max(0, start - 40), start)) and bool(_NAME_AFTER.match(text, end))
