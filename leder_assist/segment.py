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

from .dates import find_dates

_DATE_START = r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{1,2}/\d{1,2}:|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?[\s\-]+[A-Z][a-z]{2,8}\.?[\s\-]+\d{2,4})"
# a day name may head the date ("Wed 14 Aug 2024 (Kayleigh)", "Monday 3/6/24")
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|urday|rsday|rs|n|e|ur|ues)?\.?,?\s+)?"
_ENTRY_START = re.compile(rf"^\s*(?i:{_WEEKDAY}){_DATE_START}")


@dataclass
class Entry:
    """A run of text under one date (a case-note entry), or the undated rest of a document."""

    start: int
    end: int
    date: dt.date | None
    date_text: str
    date_start: int = 0


_HEADING = re.compile(r"^[A-Z][A-Za-z /&()'-]{2,40}$")


def _ends_entry(line: str) -> bool:
    """A blank line, a short heading ("Past problems") or a year-led list line ends an entry."""
    body = line.strip()
    return not body or bool(_HEADING.match(body)) or bool(re.match(r"(?:19|20)\d\d\s", body)) or body.startswith("Page ")


def dated_entries(text: str) -> list[Entry]:
    """Entries that start with a date at the beginning of a line; text before the first is undated."""
    entries: list[Entry] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        m = _ENTRY_START.match(line)
        if not m and entries and entries[-1].end == len(text) and _ends_entry(line):
            entries[-1].end = pos
            entries.append(Entry(pos, len(text), None, ""))
        if m:
            mentions = find_dates(line[: m.end() + 12], with_partial=True)
            if mentions and mentions[0].start <= m.end() and (mentions[0].date or mentions[0].flags):
                if entries:
                    entries[-1].end = pos
                elif pos > 0:
                    entries.append(Entry(0, pos, None, ""))
                entries.append(Entry(pos, len(text), mentions[0].date, mentions[0].text, pos + mentions[0].start))
        pos += len(line)
    if not entries:
        entries.append(Entry(0, len(text), None, ""))
    return entries
