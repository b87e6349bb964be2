"""Finding and reading UK dates in notes: day first, never silently swapped.

"03/04/2022" is 3 April 2022. A date that is impossible day-first ("13/25/2022") is
returned with ``date=None`` and the flag ``impossible`` — it is never reinterpreted
month-first. Used by redaction (dates of birth, publication-profile dates) and the
timeline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2}|'?\d{2})"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 2022-04-03 (ISO, year first: unambiguous)
    ("iso", re.compile(r"(?<![\d/.-])(?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d])")),
    # 03/04/2022, 3.4.22, 03-04-2022 (day first)
    ("numeric", re.compile(r"(?<![\d/.-])(?P<day>[0-3]?\d)(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2}|\d{2})(?![\d/]|\.\d)")),
    # 3rd April 2022, 03-Apr-2023, 3 Apr 22, 3rd of April 2022
    ("day_month_year", re.compile(rf"(?<![\w]){_DAY}(?:\s+of)?[\s\-]+{_MONTH}[\s\-,]+{_YEAR}(?![\w])", re.IGNORECASE)),
    # April 3rd, 2022 / April 3 2022
    ("month_day_year", re.compile(rf"(?<![\w]){_MONTH}\s+{_DAY},?\s+(?P<year>(?:19|20)\d{{2}})(?![\w])", re.IGNORECASE)),
    # April 2022, Apr 22, Apr-2023 (month precision)
    ("month_year", re.compile(rf"(?<![\w\d]\s)(?<![\w]){_MONTH}[\s\-,]+(?P<year>(?:19|20)\d{{2}}|'\d{{2}}|\d{{2}}(?![\d:]))(?![\w/])", re.IGNORECASE)),
]
# "3rd April" or "3 Apr" without a year: the year comes from the surrounding entry.
_DAY_MONTH = re.compile(rf"(?<![\w]){_DAY}(?:\s+of)?[\s\-]+{_MONTH}(?![\w])", re.IGNORECASE)


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    date: dt.date | None
    precision: str  # day | month | year
    flags: list[str] = field(default_factory=list)


def expand_year(year: str, pivot: int | None = None) -> int:
    """Two-digit years: up to this year's two digits means 20xx, otherwise 19xx."""
    year = year.lstrip("'")
    if len(year) == 4:
        return int(year)
    pivot = dt.date.today().year % 100 if pivot is None else pivot
    value = int(year)
    return 2000 + value if value <= pivot else 1900 + value


def _make(day: int, month: int, year: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, with_partial: bool = False) -> list[DateMention]:
    """Every date mention in ``text``, left to right, without overlaps (longest first)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            year = expand_year(g["year"])
            if kind == "month_year":
                if g["year"].isdigit() and len(g["year"]) == 2 and g["mon"].lower() == "may":
                    continue  # "may 22" is too often the verb
                date, precision = _make(1, MONTHS[g["mon"].lower().rstrip(".")], year), "month"
                mention = DateMention(m.start(), m.end(), m.group(), date, precision)
            else:
                month = int(g["month"]) if kind in ("numeric", "iso") else MONTHS[g["mon"].lower().rstrip(".")]
                day = int(g["day"])
                date = _make(day, month, year)
                mention = DateMention(m.start(), m.end(), m.group(), date, "day")
                if date is None:
                    mention.flags.append("impossible")
                    # "05/13/2022" would be valid month-first: say so, never swap
                    if kind == "numeric" and _make(month, day, year) is not None:
                        mention.flags.append("looks_month_first")
            found.append(mention)
            taken.append((m.start(), m.end()))
    if with_partial:
        for m in _DAY_MONTH.finditer(text):
            if free(m.start(), m.end()):
                g = m.groupdict()
                if g["mon"].lower() == "may" and not g["day"]:
                    continue
                found.append(DateMention(m.start(), m.end(), m.group(), None, "day", ["no_year"]))
                taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found
