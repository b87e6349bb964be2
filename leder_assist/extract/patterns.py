"""Compiling the regular expressions of rules files (shared by sections, context and themes)."""

from __future__ import annotations

import re

from ..rules import compile_regex


def edged(pattern: str, edges: bool = True) -> str:
    """Wrap a pattern so it only matches whole words (``edges``) and as one group."""
    return rf"(?<!\w)(?:{pattern})(?!\w)" if edges else f"(?:{pattern})"


def compile_rule(pattern: str, edges: bool = True) -> re.Pattern[str]:
    """A case-insensitive pattern of one rule; ValueError (reported with the rule id) when bad."""
    return compile_regex(edged(pattern, edges), re.IGNORECASE)


def compile_group(patterns: list[tuple[str, bool]], ignore_case: bool = True) -> re.Pattern[str]:
    """One alternation of many rules, each a named group ``r<i>`` (one scan finds them all)."""
    return re.compile("|".join(f"(?P<r{i}>{edged(p, e)})" for i, (p, e) in enumerate(patterns)),
                      re.IGNORECASE if ignore_case else 0)
