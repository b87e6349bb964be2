"""Guessing a document's kind from rules in ``rules/doc_kinds.yaml``."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Literal

from pydantic import field_validator

from ..config import Settings
from ..record import DocKind
from ..rules import RuleModel, compile_regex, load_rules


class KindRule(RuleModel):
    id: str
    kind: DocKind
    where: Literal["filename", "head", "start", "text"]
    pattern: str
    weight: float
    description: str
    examples: list[str]

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        compile_regex(value)
        return value

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return compile_regex(self.pattern, re.IGNORECASE)


class KindRules(RuleModel):
    model_config = RuleModel.model_config | {"frozen": False}
    min_score: float
    head_chars: int
    start_chars: int
    text_chars: int
    rules: list[KindRule]


def guess_kind(filename: str, text: str, settings: Settings) -> tuple[DocKind, str]:
    """The most likely kind of a document, and the reason in words."""
    rules = load_rules(settings, "doc_kinds.yaml", KindRules)
    haystacks = {"filename": filename, "head": text[: rules.head_chars], "start": text[: rules.start_chars], "text": text[: rules.text_chars]}
    scores: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    for rule in rules.rules:
        if rule.regex.search(haystacks[rule.where]):
            scores[rule.kind] = scores.get(rule.kind, 0) + rule.weight
            reasons.setdefault(rule.kind, []).append(f"{rule.description} [{rule.id}]")
    if not scores:
        return "other", "no kind rule matched"
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < rules.min_score:
        return "other", f"weak evidence only ({'; '.join(reasons[best])})"
    return best, "; ".join(reasons[best])  # type: ignore[return-value]
