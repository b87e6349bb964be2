"""Compiling the regular expressions of rules files (shared by sections, context and themes)."""

from __future__ import annotations

import re

from ..rules import compile_regex, start_guard


def edged(pattern: str, edges: bool = True) -> str:
    """Wrap a pattern so it only matches whole words (``edges``) and as one group."""
    return rf"(?<!\w)(?:{pattern})(?!\w)" if edges else f"(?:{pattern})"


def compile_rule(pattern: str, edges: bool = True) -> re.Pattern[str]:
    """A case-insensitive pattern of one rule; ValueError (reported with the rule id) when bad."""
    return compile_regex(_guarded(edged(pattern, edges), re.IGNORECASE), re.IGNORECASE)


def compile_group(patterns: list[tuple[str, bool]], ignore_case: bool = True) -> re.Pattern[str]:
    """One alternation of many rules, each a named group ``r<i>`` (one scan finds them all)."""
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(_guarded("|".join(f"(?P<r{i}>{edged(p, e)})" for i, (p, e) in enumerate(patterns)), flags), flags)


def _guarded(pattern: str, flags: int) -> str:
    """The pattern behind its start guard (:func:`start_guard`): the same matches, found faster."""
    guard = start_guard(pattern, flags)
    return f"{guard}(?:{pattern})" if guard else pattern
