"""Structured identifiers found by validated patterns (``rules/identifiers.yaml``) and phone numbers.

NHS numbers are checked with Modulus 11, NI numbers against the issuing rules, phone
numbers with libphonenumber (Google's phone-number library, via ``phonenumbers``), dates
of birth by the date reader after a cue. A checksum is a filter, never proof: cue words
raise the score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
import re
from collections.abc import Callable
from functools import cached_property

import phonenumbers
from pydantic import field_validator

from ..config import Settings
from ..dates import find_dates
from ..rules import RuleModel, compile_regex, load_rules
from .spans import Candidate


def nhs_mod11(value: str) -> bool:
    """Modulus 11 check of a 10-digit NHS number (spaces and hyphens ignored)."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 10:
        return False
    check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1))) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == digits[9]


_NI_FIRST_BAD, _NI_SECOND_BAD = set("DFIQUV"), set("DFIOQUV")
_NI_PREFIX_BAD = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def ni_strict(value: str) -> bool:
    """National Insurance number issuing rules (letters allowed, unissued prefixes).

    QQ is the prefix reserved for examples; it fails the strict check, so test values
    are found by shape and cue, like a real number would be.
    """
    letters = "".join(c for c in value.upper() if c.isalpha())
    prefix = letters[:2]
    return (prefix[0] not in _NI_FIRST_BAD and prefix[1] not in _NI_SECOND_BAD and prefix not in _NI_PREFIX_BAD)


def postcode_shape(value: str) -> bool:
    """A postcode written in mixed case ("Ls6 2qZ") is more likely a word; all-upper or all-lower count."""
    letters = [c for c in value if c.isalpha()]
    return all(c.isupper() for c in letters) or all(c.islower() for c in letters)


def has_digit(value: str) -> bool:
    """A reference number has at least one digit ("Ref: see above" is not one)."""
    return any(c.isdigit() for c in value)


_SPOKEN_DIGIT = {"zero": "0", "oh": "0", "o": "0", "nought": "0", "one": "1", "two": "2", "three": "3", "four": "4",
                 "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
_REPEAT = {"double": 2, "treble": 3, "triple": 3}


def spoken_digits(value: str) -> str:
    """The digits of a number read aloud and written down ("oh-seven-seven-double-oh, nine-double-oh" ->
    "07700900"); "" when a word is not a digit word."""
    out, repeat = [], 1
    for word in re.findall(r"[A-Za-z]+|\d", value):
        key = word.lower()
        if key in _REPEAT:
            repeat = _REPEAT[key]
            continue
        digit = word if word.isdigit() else _SPOKEN_DIGIT.get(key)
        if digit is None:
            return ""
        out.append(digit * repeat)
        repeat = 1
    return "".join(out)


def spoken_nhs(value: str) -> bool:
    """An NHS number read aloud ("Nine nine nine, five five two, two five eight six") that passes Modulus 11."""
    digits = spoken_digits(value)
    return any(w.isalpha() for w in value.split()) and nhs_mod11(digits)


def spoken_phone(value: str) -> bool:
    """A UK phone number read aloud: eleven digits starting 01, 02, 03, 07 or 08."""
    digits = spoken_digits(value)
    return any(c.isalpha() for c in value) and len(digits) == 11 and digits[:2] in ("01", "02", "03", "07", "08")


_POSTCODE_SHAPE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}")


def spelled_postcode(value: str) -> bool:
    """A postcode spelled out character by character ("K-X-3, 9-D-T")."""
    return bool(_POSTCODE_SHAPE.fullmatch(re.sub(r"[^A-Za-z0-9]", "", value).upper()))


VALIDATORS: dict[str, Callable[[str], bool]] = {"nhs_mod11": nhs_mod11, "ni_strict": ni_strict,
                                                "postcode_shape": postcode_shape, "has_digit": has_digit,
                                                "spoken_nhs": spoken_nhs, "spoken_phone": spoken_phone,
                                                "spelled_postcode": spelled_postcode}
@dataclass(frozen=True)
class _DateCue:
    """A validator that takes the date after the rule's match (found by leder_assist.dates)."""

    window: int  # how far after the match the date may start
    birth: bool  # a full date long enough ago to be a date of birth, on the match's line
    closing: str | None = None  # what must follow the date ("Name (11.3.94, ...)")
    yearless: bool = False  # a day and month with no year counts, or a full date long enough ago ("bday sat 14/9")


SPECIAL = {
    "date_follows": _DateCue(3, False),  # "DOB: 03/04/1966"
    "birth_date_follows": _DateCue(3, True, r"[ \t]*[,;)]"),  # "Dominik Szabo (11.3.94, 999 ...)"
    "birth_date_near": _DateCue(60, True),  # "asked for his dob ... I said 05/03/87"
    "birth_date_next": _DateCue(3, True),  # "999 837 2615   15.8.87"
    "birth_date_answer": _DateCue(200, True),  # "HANDLER: And her date of birth?" / "CALLER: ... yeah, 09/09/1988."
    "birthday_follows": _DateCue(3, False, yearless=True),  # "robbie's bday sat 14/9", not "birthday on 14/09/2024"
}
# a date in brackets after a name is a date of birth only when it is that long ago
_BIRTH_YEAR_MAX = dt.date.today().year - 14


class Example(RuleModel):
    text: str
    finds: list[str]


class PatternRule(RuleModel):
    id: str
    label: str
    pattern: str
    group: int | str = 0
    validator: str | None = None
    cue: str | None = None
    cue_window: int = 40
    cue_required: bool = False
    score: float
    cue_score: float | None = None
    fail_score: float | None = None
    examples: list[Example]
    ignores: list[str] = []

    @field_validator("pattern", "cue")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            compile_regex(value)
        return value

    @field_validator("validator")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        if value is not None and value not in VALIDATORS and value not in SPECIAL:
            raise ValueError(f"unknown validator {value!r}; known: {sorted(VALIDATORS) + sorted(SPECIAL)}")
        return value

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return compile_regex(self.pattern)

    @cached_property
    def cue_regex(self) -> re.Pattern[str] | None:
        return compile_regex(self.cue) if self.cue else None


class PatternRules(RuleModel):
    rules: list[PatternRule]


def pattern_rules(settings: Settings) -> list[PatternRule]:
    return load_rules(settings, "identifiers.yaml", PatternRules).rules


def _has_cue(rule: PatternRule, text: str, start: int) -> bool:
    if rule.cue_regex is None:
        return False
    window = text[max(0, start - rule.cue_window) : start]
    return bool(rule.cue_regex.search(window))


def find_patterns(text: str, rules: list[PatternRule]) -> list[Candidate]:
    """Every structured identifier the rules find in ``text``."""
    out: list[Candidate] = []
    dates = partial = None
    for rule in rules:
        for m in rule.regex.finditer(text):
            cue = SPECIAL.get(rule.validator or "")
            if cue is not None:
                if cue.yearless:
                    partial = partial if partial is not None else find_dates(text, with_partial=True)
                    near = [d for d in partial if m.end() <= d.start <= m.end() + cue.window
                            and (d.date is None and "no_year" in d.flags or d.date is not None and d.date.year <= _BIRTH_YEAR_MAX)]
                else:
                    dates = dates if dates is not None else find_dates(text)
                    near = [d for d in dates if m.end() <= d.start <= m.end() + cue.window]
                if cue.birth:  # the first date on the line that is a full date long enough ago ("Ninth of September" is not)
                    near = [d for d in near if "\n" not in text[m.end():d.start] and d.date is not None
                            and d.precision == "day" and d.date.year <= _BIRTH_YEAR_MAX]
                hit = near[0] if near else None
                if hit is None:
                    continue
                if cue.closing and not re.match(cue.closing, text[hit.end:hit.end + 2]):
                    continue
                out.append(Candidate(hit.start, hit.end, rule.label, rule.score, rule.id))
                continue
            start, end = m.span(rule.group)
            if start < 0:
                continue
            value = text[start:end]
            cue = _has_cue(rule, text, start)
            if rule.cue_required and not cue:
                continue
            flags: list[str] = []
            if rule.validator and not VALIDATORS[rule.validator](value):
                if rule.fail_score is None or (rule.label == "NHS_NUMBER" and not cue):
                    continue
                score = rule.fail_score
                flags.append("failed_check")
            else:
                score = rule.cue_score if cue and rule.cue_score is not None else rule.score
            out.append(Candidate(start, end, rule.label, score, rule.id, flags=flags))
    return out


# UK national numbers have 10 or 11 digits with the leading 0; shorter runs are other numbers.
_MIN_PHONE_DIGITS = 10
_DATE_INSIDE = re.compile(r"(?<!\d)[0-3]?\d[./][01]?\d[./](?:19|20)?\d\d(?!\d)")


def find_phones(text: str) -> list[Candidate]:
    """UK and international phone numbers, with extensions (libphonenumber, lenient)."""
    out = []
    for m in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        national = str(m.number.national_number)
        if len(national) + 1 < _MIN_PHONE_DIGITS or _DATE_INSIDE.search(m.raw_string):
            continue  # too short, or a date run into other digits ("FY2 / 20.08.2024")
        if m.raw_string[:1].isdigit() and not m.raw_string.startswith("0"):
            continue  # UK numbers are written from their 0 (or +44): "422588002" is a SNOMED code
        out.append(_phone(m.start, m.end, m.number))
    # the matcher can pass over a number that another follows on the same line ("Tel (01632) 960 600
    # 24-hour line 07700 900 601"): a UK-shaped number it missed is parsed on its own
    for m in _UK_SHAPE.finditer(text):
        if any(c.start < m.end() and m.start() < c.end for c in out):
            continue
        try:
            number = phonenumbers.parse(m.group(), "GB")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            out.append(_phone(m.start(), m.end(), number))
    return out


def _phone(start: int, end: int, number: phonenumbers.PhoneNumber) -> Candidate:
    valid = phonenumbers.is_valid_number(number)
    return Candidate(start, end, "PHONE", 0.95 if valid else 0.8,
                     "phone.libphonenumber" if valid else "phone.libphonenumber_possible")


# (London and the other 02 areas group their eight digits in fours: "020 7946 0672")
_UK_SHAPE = re.compile(r"(?<![\d(])(?:\(0\d{2,4}\)|0\d{2,4})[ \t]?(?:\d{3}[ \t]?\d{3,4}|\d{4}[ \t]?\d{4})(?![\d])")
