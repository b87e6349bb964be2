"""Splitting note text into dated entries.

Sentences come from :func:`leder_assist.extract.sentences.sentence_spans`, the one notion of
a sentence that themes, the timeline, the portrait and triage share. Case notes are mostly
one dated entry per line ("01/03/24 07:30 Paddy had a good morning"); an entry runs until
the next line that starts with a date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import DateMention, find_dates

_DATE_START = r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{1,2}/\d{1,2}:|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?[\s\-]+[A-Z][a-z]{2,8}\.?[\s\-]+\d{2,4}|(?:\d{1,2}/\d{1,2}|\d{1,2}(?:st|nd|rd|th)?[\s\-]+[A-Z][a-z]{2,8}\.?)(?=[ \t]*(?:$|[-\u2013:,()]|[ \t]{2}|\t)))"
# (a day and month without a year heads an entry when a dash, colon, bracket, wide gap or the line's end follows it:
# "Thurs 27th July - ...", "04-Aug  Worsening ...", "Sat 29/7 - ...", "21st November"; the year comes from the document)
# a table row whose first cell is a date ("| 15/08/2022 | Letter | ... |"); a day-numbered heading ("Day 5 (19th November)")
_ROW_OR_DAY = r"(?:\|[ \t]*|Day[ \t]+\d{1,3}[ \t]*[(:\-\u2013,][ \t]*)?"
# a day name may head the date ("Wed 14 Aug 2024 (Kayleigh)", "Monday 3/6/24")
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|urday|rsday|rs|n|e|ur|ues)?\.?,?\s+)?"
# a short title naming the kind of note may head the date ("Annual review - 18/07/2023 (A. Procter)", "Internal note,
# 31/01/2024 (...)", "Home visit 24/06/2024", "Addendum, 24/09/24 (Dr Sabri):"): what follows, to a blank line or heading, is that note's, as in case notes
_NOTE_TITLE = (r"(?:(?:[A-Z][a-z]+(?:[ \t]+[a-z][a-z-]*){0,3}?[ \t]+(?:note|visit|review|call|contact|meeting|entry|assessment|"
               r"consultation|appointment)s?|Addendum|Update|Postscript)[ \t]*[,:\-\u2013]?[ \t]*)?")
# ... and in a table's date column a month or a year alone ("| 06/2016    | Father died ...", "| 2001       | Left university")
_ROW_PARTIAL = r"\|[ \t]*(?P<partial>(?:(?P<pm>\d{1,2})[/.\-])?(?P<py>(?:19|20)\d\d))(?=[ \t]*\|)"
# a diary's entry headed by a month alone, the whole month name, with perhaps the writer in brackets ("August 2024 (Funmi A.)",
# "March 2019 - ..."): what follows happened that month
_MONTH_LINE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December)[ \t]+(?:19|20)\d\d"
               r"(?=[ \t]*(?:\([^()\n]{0,40}\)[ \t]*)?(?:$|[-\u2013:]))")
_ENTRY_START = re.compile(rf"^\s*(?:{_ROW_OR_DAY}{_NOTE_TITLE}(?i:{_WEEKDAY}){_DATE_START}|{_ROW_PARTIAL}|{_MONTH_LINE})", re.M)
# the date line of an e-mail or letter in a file of several ("Sent:    Thu 30/11/2023 15:48", "Date: Wednesday 9 August
# 2023", "Letter 2        Dated 12/03/2024"): what follows, up to the next e-mail or letter, was written that day
_HEADER_DATE = re.compile(r"^\s*(?:(?:Sent|Date)[ \t]*:|(?:[A-Z][\w ]{0,30}?[ \t]+)?Dated\b)[ \t]*", re.I)
# a form's own date ("Ward: 7B     Date of decision: 04/01/2024     Time: 16:40" on a DNACPR or capacity form): what
# the form records, to the next dated entry, was decided that day
_FORM_DATE = re.compile(r"(?:^|[ \t]{2,}|\t|\|)[ \t]*Date of (?:the )?(?:decision|assessment|discussion|best interests? meeting)"
                        r"[ \t]*(?::|\||\.{3,})[ \t]*", re.I)
# ... and a form part's lone "Date:" field right under its heading ("PART A - CAPACITY ASSESSMENT" / "Date: 03/10/2024, at home")
_FORM_PART_DATE = re.compile(r"^[ \t]*Date[ \t]*:[ \t]*", re.I)
_FORM_PART_HEADING = re.compile(r"^[^a-z\n]*\b(?:ASSESSMENT|MEETING|DECISION|DISCUSSION|REVIEW|VISIT)S?\b[^a-z\n]*$")
_LEAD_WEEKDAY = re.compile(rf"\s*(?i:{_WEEKDAY})")
_SALUTATION = re.compile(r"^\s*Dear\s+\S")
# a letter's or memo's addressee or reference line right under its date ("28 November 2023" / "To: LeDeR Local Area
# Contact, ..." / "Ref: SG-...")
_ADDRESSEE = re.compile(r"^\s*(?:To|Re|Ref|Our ref|Your ref|FAO|For the attention of|Subject)[ \t]*:", re.I)
_MAIL_FIELD = re.compile(r"^\s*(?:From|To|Cc|Subject|Sent|Date)[ \t]*:", re.I)
# the start of the next e-mail or letter: its "From:" line, a rule of dashes or equals signs, "-----Original Message-----"
_NEXT_MESSAGE = re.compile(r"^\s*(?:From[ \t]*:|[-=_]{5,}|-+\s*Original Message)", re.I)


@dataclass
class Entry:
    """A run of text under one date (a case-note entry), or the undated rest of a document."""

    start: int
    end: int
    date: dt.date | None
    date_text: str
    date_start: int = 0
    # an e-mail's or letter's date: the entry runs over blank lines and headings to the next message
    header: bool = False
    # a form's own date ("Date of decision: ..."): the entry runs over blank lines and headings to the next dated entry
    form: bool = False
    # how much of the date the entry gives: "day", or "month" / "year" in a table's date column
    precision: str = "day"


_HEADING = re.compile(r"^[A-Z][A-Za-z /&()'-]{2,40}$")
# a line that breaks off mid-sentence: a date at the start of the next line is part of that sentence, not a new entry
_RUNS_ON = re.compile(r"(?:\b(?:on|of|from|since|until|till|to|and|or|dated|at|by|before|after|between|the|until)|,)[ \t]*\r?\n?$", re.I)


def _ends_entry(line: str) -> bool:
    """A blank line, a short heading ("Past problems") or a year-led list line ends an entry."""
    body = line.strip()
    return not body or bool(_HEADING.match(body)) or bool(re.match(r"(?:19|20)\d\d\s", body)) or body.startswith("Page ")


def _header_date(lines: list[str], i: int) -> int | None:
    """Where the date starts on line ``i`` when it is an e-mail's "Sent:"/"Date:" line (next to other e-mail fields)
    or a letter's "Dated" line; None otherwise."""
    m = _HEADER_DATE.match(lines[i])
    if not m:
        return None
    if not re.search(r"Dated\b", m.group(), re.I) and not any(
            _MAIL_FIELD.match(lines[j]) for j in range(max(0, i - 4), min(len(lines), i + 5)) if j != i) \
            and not any(_SALUTATION.match(lines[j]) for j in range(i + 1, min(len(lines), i + 3))):
        return None  # a form's lone "Date: ..." field is not an e-mail header, nor a letter's (over its "Dear ...")
    return m.end()


def dated_entries(text: str) -> list[Entry]:
    """Entries that start with a date at the beginning of a line; text before the first is undated."""
    entries: list[Entry] = []
    pos = 0
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        m = _ENTRY_START.match(line)
        if m and i and _RUNS_ON.search(lines[i - 1]):
            m = None  # "... one tonic-clonic seizure 28/12/24, one on" / "  11/01/25. Both nocturnal": the sentence goes on
        head = _header_date(lines, i) if not m else None
        form = _FORM_DATE.search(line) if not m and head is None else None
        if form is None and not m and head is None and i and _FORM_PART_HEADING.match(lines[i - 1].strip()):
            form = _FORM_PART_DATE.match(line)
        if form is not None:
            at = _LEAD_WEEKDAY.match(line, form.end()).end()  # "Date: Thursday 10 October 2024"
            dates = [d for d in find_dates(line[at:at + 30]) if d.date and d.start == 0]
            if dates:
                if entries:
                    entries[-1].end = pos
                elif pos > 0:
                    entries.append(Entry(0, pos, None, ""))
                entries.append(Entry(pos, len(text), dates[0].date, dates[0].text, pos + at, form=True))
                pos += len(line)
                continue
        if entries and entries[-1].header and entries[-1].end == len(text) and _NEXT_MESSAGE.match(line):
            entries[-1].end = pos
            entries.append(Entry(pos, len(text), None, ""))
        elif not m and head is None and entries and entries[-1].end == len(text) and not entries[-1].header \
                and not entries[-1].form and _ends_entry(line):
            entries[-1].end = pos
            entries.append(Entry(pos, len(text), None, ""))
        if m or head is not None:
            at = m.end() if m else head + 40
            mentions = find_dates(line[: at + 12], with_partial=True)
            if m and m["partial"] and (not m["pm"] or 1 <= int(m["pm"]) <= 12):
                month = int(m["pm"]) if m["pm"] else 1
                mentions = [DateMention(m.start("partial"), m.end("partial"), m["partial"], dt.date(int(m["py"]), month, 1),
                                        "month" if m["pm"] else "year")]
            if head is not None:  # the date right after the label (a day name may come first)
                mentions = [d for d in mentions if d.date and d.start >= head
                            and _LEAD_WEEKDAY.fullmatch(line[head:d.start])][:1]
            if mentions and mentions[0].start <= at and (mentions[0].date or mentions[0].flags):
                if entries:
                    entries[-1].end = pos
                elif pos > 0:
                    entries.append(Entry(0, pos, None, ""))
                # a date alone on its line over a letter's "Dear ..." is the letter's date, as an e-mail's "Sent:" line is
                # ("9 July 2024" / "Dear Dr Farrant" / "Mr Quayle did not attend clinic today."), and so is one over its
                # addressee or reference ("28 November 2023" / "To: LeDeR Local Area Contact")
                letter = m is not None and not line[m.end():].strip() and i + 1 < len(lines) and bool(
                    _SALUTATION.match(lines[i + 1]) or _ADDRESSEE.match(lines[i + 1]))
                entries.append(Entry(pos, len(text), mentions[0].date, mentions[0].text, pos + mentions[0].start,
                                     header=head is not None or letter, precision=mentions[0].precision or "day"))
        pos += len(line)
    if not entries:
        entries.append(Entry(0, len(text), None, ""))
    return entries
