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


def start_guard(pattern: str, flags: int = 0) -> str:
    """A look-ahead that every match of ``pattern`` passes at its first character, or "" when
    that cannot be worked out: ``(?=\\b[acp])`` for ``(?<!\\w)(?:aspiration|choking|pneumonia)``.

    Put before a pattern it changes no match, and lets the engine reject most positions of a
    text with one character test instead of trying every alternative there: a theme's scan or
    a context trigger's runs two to three times faster. Found from the parsed pattern: the
    characters a match can begin with (after zero-width assertions) and whether every match
    begins at a word start (``\\b`` or ``(?<!\\w)`` before a word character).
    """
    try:
        from re import _constants as sre_c, _parser as sre_p  # noqa: PLC0415 - Python's own regex parser
        found = _first(list(sre_p.parse(pattern, flags)), flags & re.IGNORECASE, False, sre_c)
    except Exception:  # noqa: BLE001 - a construct the analysis does not know: no guard, same matches
        return ""
    if found is None:
        return ""
    chars, word_start = found
    if not chars or len(chars) > 200:
        return ""
    cls = "".join(sorted(re.escape(c) for c in chars))
    word = word_start and all(re.fullmatch(r"\w", c) for c in chars)
    return f"(?=\\b[{cls}])" if word else f"(?=[{cls}])"


def _first(items: list, ignore_case: int, word_start: bool, c: Any) -> tuple[set[str], bool] | None:
    """(first characters, every path starts at a word start) of a parsed sequence; None when unknown
    or when the sequence can match the empty string."""
    chars: set[str] = set()
    all_word = True
    for op, av in items:
        if op is c.AT:
            word_start |= av is c.AT_BOUNDARY
            continue
        if op is c.ASSERT_NOT and av[0] == -1 and _is_word_class(av[1], c):
            word_start = True  # (?<!\w)
            continue
        if op in (c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.LITERAL:
            got: tuple[set[str], bool] | None = ({chr(av)}, word_start)
            optional = False
        elif op is c.IN:
            got, optional = _charset(av, c, word_start), False
        elif op is c.SUBPATTERN:
            add = av[1]
            got, optional = _first(list(av[-1]), ignore_case | (add & re.IGNORECASE), word_start, c), False
        elif op is c.BRANCH:
            alts = [_first(list(a), ignore_case, word_start, c) for a in av[1]]
            got = None if any(a is None for a in alts) else (set().union(*(a[0] for a in alts)),  # type: ignore[index]
                                                             all(a[1] for a in alts))  # type: ignore[index]
            optional = False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            got, optional = _first(list(av[2]), ignore_case, word_start, c), av[0] == 0
        else:
            return None
        if got is None:
            return None
        letters, ws = got
        if ignore_case:
            letters = letters | {x.swapcase() for x in letters} | {x.lower() for x in letters} | {x.upper() for x in letters}
        chars |= letters
        all_word &= ws
        if not optional:
            return chars, all_word
    return None  # every item optional: the match may be empty


def _charset(items: list, c: Any, word_start: bool) -> tuple[set[str], bool] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            chars.add(chr(av))
        elif op is c.RANGE and av[1] - av[0] <= 200:
            chars |= {chr(x) for x in range(av[0], av[1] + 1)}
        elif op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            chars |= set("0123456789")
        else:
            return None  # \w, \s, a negated set, a wide range: anything
    return chars, word_start


def _is_word_class(items: list, c: Any) -> bool:
    return len(items) == 1 and items[0][0] is c.IN and items[0][1] == [(c.CATEGORY, c.CATEGORY_WORD)]


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
