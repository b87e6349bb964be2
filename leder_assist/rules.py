"""Loading rules files: YAML in ``rules/``, validated by pydantic models with ``extra="forbid"``.

A bad rules file fails at load with the file, the rule id and the reason. Files are
loaded once per process (cached by path and modification time).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from .config import Settings
from .errors import RulesError

M = TypeVar("M", bound=BaseModel)


class RuleModel(BaseModel):
    """Base for one rule and for whole rules files: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def compile_regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a rule's regular expression, raising ValueError (reported with the rule id)."""
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ValueError(f"bad regular expression: {exc}") from None


def literal_alternation(phrases: list[str] | set[str], ignore_case: bool = False,
                        piece: dict[str, str] | None = None) -> str:
    """One regular expression matching any of ``phrases``, as a prefix tree.

    ``a|ab|abc`` alternations of hundreds of literals make Python's engine try every
    phrase at every position; a tree shares each prefix, so a position where no phrase
    starts fails on its first character. Longer phrases are tried first (greedy), as in
    a longest-first alternation. ``piece`` maps a character to the pattern it stands for
    (" " to ``\\s+``, "'" to ``['’]``); with ``ignore_case`` phrases that differ only in
    case share a branch (compile the result with re.IGNORECASE).
    """
    piece = piece or {}
    tree: dict[str, dict] = {}
    for phrase in phrases:
        node = tree
        for ch in phrase.lower() if ignore_case else phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [piece.get(ch, re.escape(ch)) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(tree)


def _valid_patterns(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        compile_regex(pattern)
    return patterns


def _valid_pattern(pattern: str | None) -> str | None:
    if pattern is not None:
        compile_regex(pattern)
    return pattern


# Fields of rules that hold regular expressions: a bad one fails at load, with the rule id.
Patterns = Annotated[list[str], AfterValidator(_valid_patterns)]
OptionalPattern = Annotated[str | None, AfterValidator(_valid_pattern)]


def _rule_id(data: Any, loc: tuple[Any, ...]) -> str | None:
    """Walk the error location back to the nearest object with an ``id``."""
    node, found = data, None
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
    return found


@lru_cache(maxsize=64)
def _load(path: Path, mtime: float, model: type[M]) -> M:  # noqa: ARG001 - mtime keys the cache
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RulesError(str(path), "file not found (is --rules-dir right?)") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise RulesError(str(path), f"not valid YAML{where}") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(x) for x in err["loc"])
        raise RulesError(str(path), f"{field}: {err['msg']}", _rule_id(data, err["loc"])) from None


def load_rules(settings: Settings, filename: str, model: type[M]) -> M:
    """Load ``rules/<filename>`` into ``model`` (cached until the file changes)."""
    path = (settings.rules_dir / filename).resolve()
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        raise RulesError(str(path), "file not found (is the rules folder right? set --rules-dir or LEDER_RULES_DIR)") from None
    return _load(path, mtime, model)
