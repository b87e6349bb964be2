"""Finding and reading UK dates in notes: day first, never silently swapped.

"03/04/2022" is 3 April 2022. A date that is impossible day-first ("13/25/2022") is
returned with ``date=None`` and the flag ``impossible`` — it is never reinterpreted
month-first. Used by redaction (dates of birth, publication-profile dates) and the
timeline.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
             "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
             "twentieth", "twenty-first", "twenty-second", "twenty-third", "twenty-fourth", "twenty-fifth", "twenty-sixth",
             "twenty-seventh", "twenty-eighth", "twenty-ninth", "thirtieth", "thirty-first"]
ORDINAL_DAY = {w: i + 1 for i, w in enumerate(_ORDINALS)}
# a day of the month: "3", "03", "3rd", or in words ("the ninth of January 1990")
_DAY = r"(?P<day>[0-3]?\d(?:st|nd|rd|th)?|" + "|".join(sorted(_ORDINALS, key=len, reverse=True)).replace("-", "[- ]") + ")"
# (two digits followed by ":dd" are the hour of a time, not a year: "Tues 1st August, 07:20")
_YEAR = r"(?P<year>(?:19|20)\d{2}|'?\d{2}(?!:\d\d))"


def day_number(text: str) -> int:
    """3 from "3", "03", "3rd" or "third"."""
    word = text.lower().replace(" ", "-")
    return ORDINAL_DAY[word] if word in ORDINAL_DAY else int(re.sub(r"(?:st|nd|rd|th)$", "", word))

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 2022-04-03 (ISO, year first: unambiguous)
    ("iso", re.compile(r"(?<![\d/.-])(?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d])")),
    # 03/04/2022, 3.4.22, 03-04-2022 (day first)
    ("numeric", re.compile(r"(?<![\d/.-])(?P<day>[0-3]?\d)(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2}|\d{2})(?![\d/]|\.\d)")),
    # 3rd April 2022, 03-Apr-2023, 3 Apr 22, 3rd of April 2022
    ("day_month_year", re.compile(rf"(?<![\w]){_DAY}(?:\s+of)?(?:[\s\-]+|/){_MONTH}(?:[\s\-,]+|/){_YEAR}(?![\w])", re.IGNORECASE)),
    # April 3rd, 2022 / April 3 2022
    ("month_day_year", re.compile(rf"(?<![\w]){_MONTH}\s+{_DAY},?\s+(?P<year>(?:19|20)\d{{2}})(?![\w])", re.IGNORECASE)),
    # April 2022, Apr 22, Apr-2023 (month precision)
    ("month_year", re.compile(rf"(?<!\d\s)(?<![\w]){_MONTH}[\s\-,]+(?P<year>(?:19|20)\d{{2}}|'\d{{2}}|\d{{2}}(?![\d:]))(?![\w/])", re.IGNORECASE)),
]
# "14/02" without a year (not clinical durations such as "3/7" = three days, "6/12" = six months)
_DAY_MONTH_NUM = re.compile(r"(?<![\d/.\-])(?P<day>[0-3]?\d)/(?P<month>[01]?\d)(?![\d/])(?!\s*(?:days?|weeks?|months?)\b)")
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


class _Taken:
    """Non-overlapping spans already claimed, kept sorted: checking a span is a binary search."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.starts, s)
        if i and self.ends[i - 1] > s:
            return False
        return not (i < len(self.starts) and self.starts[i] < e)

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_right(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)


def find_dates(text: str, with_partial: bool = False) -> list[DateMention]:
    """Every date mention in ``text``, left to right, without overlaps (longest first)."""
    found: list[DateMention] = []
    taken = _Taken()
    free = taken.free

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
                day = day_number(g["day"])
                date = _make(day, month, year)
                mention = DateMention(m.start(), m.end(), m.group(), date, "day")
                if date is None:
                    mention.flags.append("impossible")
                    # "05/13/2022" would be valid month-first: say so, never swap
                    if kind == "numeric" and _make(month, day, year) is not None:
                        mention.flags.append("looks_month_first")
            found.append(mention)
            taken.add(m.start(), m.end())
    if with_partial:
        for m in _DAY_MONTH.finditer(text):
            if free(m.start(), m.end()):
                g = m.groupdict()
                if g["mon"].lower() == "may" and not g["day"]:
                    continue
                found.append(DateMention(m.start(), m.end(), m.group(), None, "day", ["no_year"]))
                taken.add(m.start(), m.end())
        for m in _DAY_MONTH_NUM.finditer(text):
            day, month = m.group("day"), m.group("month")
            if not free(m.start(), m.end()) or not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
                continue
            if len(day) == 1 and len(month) <= 2 and month in ("7", "12"):
                continue  # "4/7": four days
            found.append(DateMention(m.start(), m.end(), m.group(), None, "day", ["no_year"]))
            taken.add(m.start(), m.end())
    found.sort(key=lambda d: d.start)
    return found


# --------------------------------------------------------------------------- relative dates

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14}
_N = r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen)"
_UNIT_DAYS = {"day": 1, "week": 7}
# what "N days after ..." counts from: "the meeting", "our first meeting"
_REFERENT_WORDS = r"\s+(?:the|our|that|this|his|her|their)\s+(?:first\s+|last\s+)?(?P<ref>[a-z]{3,})"
# (id, pattern, days relative to the anchor or None when the offset comes from n/unit, anchor kind)
_RELATIVE: list[tuple[str, re.Pattern[str], int | None, str]] = [
    ("later", re.compile(rf"\b{_N}\s+(?P<unit>day|week)s?\s+later\b", re.I), None, "entry"),
    # "two days after admission" counts from the admission; "three days after the meeting" from the entry
    ("after_admission", re.compile(rf"\b{_N}\s+(?P<unit>day|week)s?\s+(?:after|into)\s+(?:(?:his|her|their|the)\s+)?admission\b", re.I),
     None, "admission"),
    ("after", re.compile(rf"\b{_N}\s+(?P<unit>day|week)s?\s+after\b(?!\s+(?:(?:his|her|their|the)\s+)?admission\b)"
                        rf"(?:{_REFERENT_WORDS})?", re.I),
     None, "entry"),
    ("ago", re.compile(rf"\b{_N}\s+(?P<unit>day|week)s?\s+ago\b", re.I), None, "entry_back"),
    ("next_day", re.compile(r"\b(?:the\s+)?(?:next|following)\s+day\b|\bthe\s+day\s+after\b", re.I), 1, "entry"),
    ("yesterday", re.compile(r"\byesterday\b|\blast\s+night\b", re.I), -1, "entry"),
    ("today", re.compile(r"\btoday\b|\bthis\s+(?:morning|afternoon|evening)\b|\btonight\b", re.I), 0, "entry"),
    ("on_admission", re.compile(r"\bon\s+admission\b", re.I), 0, "admission"),
    # "last Thursday" in an entry written on a Wednesday: the Thursday before it (the days back depend on the anchor);
    # "no BO since last Monday" is how long something has lasted, not when anything happened
    ("last_weekday", re.compile(r"(?<!\bsince )(?<!\bfrom )(?<!\buntil )(?<!\btill )\blast\s+(?P<wd>mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b(?!\s+(?:and|or)\b)", re.I),
     0, "entry"),
]
_WEEKDAY = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


@dataclass
class RelativeMention:
    """A date said relative to something else ("two days later", "on admission")."""

    start: int
    end: int
    text: str
    rule: str
    days: int
    anchor: str  # entry | admission: what the offset counts from
    # "three days after the meeting": the thing it counts from, which the entry must be about
    referent: str = ""
    # "last Thursday": the day of the week (Monday 0), counted back from the anchor to the last such day before it
    weekday: int | None = None

    def resolve(self, anchor_date: dt.date | None) -> dt.date | None:
        """The absolute date, or None when there is nothing to anchor it to."""
        if anchor_date is None:
            return None
        if self.weekday is not None:
            back = (anchor_date.weekday() - self.weekday) % 7 or 7
            return anchor_date - dt.timedelta(days=back)
        return anchor_date + dt.timedelta(days=self.days)


_REFERENT = re.compile(_REFERENT_WORDS, re.I)


def referent_at(text: str, pos: int) -> str:
    """The thing "N days after ..." counts from, read from ``text`` at ``pos`` (just after "after")."""
    m = _REFERENT.match(text, pos)
    return m.group("ref").lower() if m else ""


def find_relative(text: str) -> list[RelativeMention]:
    """Relative date expressions in ``text``, left to right."""
    found = []
    for rule, pattern, days, anchor in _RELATIVE:
        for m in pattern.finditer(text):
            if days is None:
                n = m.group("n").lower()
                count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
                days_ = count * _UNIT_DAYS[m.group("unit").lower()]
                if anchor == "entry_back":
                    days_ = -days_
            else:
                days_ = days
            ref = (m.groupdict().get("ref") or "").lower() if rule == "after" else ""
            wd = _WEEKDAY[m.group("wd").lower()[:3]] if rule == "last_weekday" else None
            found.append(RelativeMention(m.start(), m.end(), m.group(), rule, days_,
                                         "admission" if anchor == "admission" else "entry", ref, wd))
    found.sort(key=lambda r: r.start)
    return found


# (a year in brackets too: a problem list's "Type 2 diabetes mellitus (2015)")
# (and a season's year: "in the spring of 2005", "summer 2019")
_YEAR_ONLY = re.compile(r"(?:\b(?:in|since|from|during|diagnosed|coded|until|ceased|stopped|(?:spring|summer|autumn|winter)(?:[ \t]+of)?)|\()\s*"
                        r"(?P<year>(?:19|20)\d{2})\b(?![/.\-]\d)", re.I)
# a year heading a line of a record, set off by a wide gap or a dash ("2015        Moved from family home ...",
# "[2001]  Autism - diagnosed at Child Development Centre")
# (or the first year of a range heading it: "1961-1992   Resident at Calderwood Hospital")
# (or the first cell of a table's row: "| 2012        | Dr J. Trewin | Diagnosis | Type 2 diabetes. |"; or one space before a
# capitalised word: "1998 Hepatitis B surface antigen positive on routine bloods.")
_YEAR_LINE = re.compile(r"^[ \t]*(?:\|[ \t]*)?\[?(?P<year>(?:19|20)\d{2})(?:[-–](?:19|20)\d{2})?\]?"
                        r"(?=[ \t]{2,}|\t|[ \t]+[-–:][ \t]|[ \t]*\||[ \t](?-i:[A-Z][a-z]))", re.M)


# a month and a four-digit year in figures heading a record's line, as problem lists write them ("03/2005  Infantile
# spasms"), or in brackets ("Epilepsy (03/2005)"); not part of a full date ("14/03/2005"), and not in running text,
# where it is as often a plan ("AHC due 01/2021"); a table row's first cell is a line's head ("| 09/2020 | ...")
# ... or after the test that found it, in brackets ("Heart failure (echo 03/2021, EF 30%)")
_MONTH_YEAR_NUM = re.compile(r"(?:^[ \t]*(?:\|[ \t]*)?\[?|\((?:(?i:echo|ecg|ct|mri|scan|x-?ray|bloods|biopsy|ogd|coded|diagnosed|dx)[ \t]+)?)"
                             r"(?P<month>0?[1-9]|1[0-2])/(?P<year>(?:19|20)\d{2})(?![\d/])", re.M)


def find_years(text: str) -> list[DateMention]:
    """Year-only dates introduced by a cue ("since 1999", "diagnosed 2011") or heading a record line: precision
    year; and a month with its year in figures ("03/2005"): precision month."""
    found = [m for m in _YEAR_ONLY.finditer(text)]
    found += [m for m in _YEAR_LINE.finditer(text) if not any(f.start("year") == m.start("year") for f in found)]
    out = [DateMention(m.start("year"), m.end("year"), m.group("year"), dt.date(int(m.group("year")), 1, 1), "year")
           for m in found]
    out += [DateMention(m.start("month"), m.end(), text[m.start("month"):m.end()],
                        dt.date(int(m.group("year")), int(m.group("month")), 1), "month")
            for m in _MONTH_YEAR_NUM.finditer(text)]
    return sorted(out, key=lambda d: d.start)


def with_year(mention: DateMention, anchor: dt.date) -> dt.date | None:
    """A day and month without a year, placed in the year that puts it nearest before or at ``anchor``
    (an entry's "14/02" in notes printed 20/02/2024 is 14 February 2024)."""
    m = _DAY_MONTH_NUM.fullmatch(mention.text.strip())
    if m:
        day, month = int(m.group("day")), int(m.group("month"))
    else:
        m2 = _DAY_MONTH.search(mention.text)
        if not m2:
            return None
        day, month = day_number(m2.group("day")), MONTHS[m2.group("mon").lower().rstrip(".")]
    for year in (anchor.year, anchor.year - 1):
        date = _make(day, month, year)
        if date and date <= anchor + dt.timedelta(days=31):
            return date
    return None


# "on the 11th": a day of the month alone, read in the month of the entry it is written in
_DAY_ONLY = re.compile(r"(?<![\w'])the\s+(?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b"
                       r"(?!\s+(?:of\s+)?" + _MONTH.replace("(?P<mon>", "(?:") + r"(?![a-z]))"
                       r"(?!\s*(?:[-–]\s*)?(?:century|centile|percentile|birthday|anniversary|floor|time|attempt|dose|"
                       r"day|week|month|year|hour|minute|person|one|of\s+(?:the|his|her|their|us|them)|place|row|bed|room)s?\b)",
                       re.IGNORECASE)


def find_day_only(text: str) -> list[DateMention]:
    """Days of the month said without a month ("rang the GP on the 4th"): ``date=None``, flagged ``no_month``."""
    return [DateMention(m.start(), m.end(), m.group(), None, "day", ["no_month"]) for m in _DAY_ONLY.finditer(text)]


def with_month(mention: DateMention, anchor: dt.date) -> dt.date | None:
    """A day of the month alone, placed on the nearest such day at or before ``anchor`` (an entry of 14 March's
    "on the 11th" is 11 March; its "the 28th" is 28 February), within a month of it."""
    m = _DAY_ONLY.search(mention.text)
    if not m:
        return None
    day = int(m.group("day"))
    year, month = anchor.year, anchor.month
    for _ in range(2):
        date = _make(day, month, year)
        if date and date <= anchor and (anchor - date).days <= 31:
            return date
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return None
