"""Splitting note text into sentences and dated entries.

Kept small and in one place so the timeline, portrait and triage share one notion of a
sentence; ``leder_assist.extract.sentence_spans`` can replace :func:`sentence_spans` at merge.
Case notes are mostly one dated entry per line ("01/03/24 07:30 Paddy had a good morning");
an entry runs until the next line that starts with a date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import find_dates

# inside a block, a sentence ends at . ! ? followed by space and a capital, quote, digit or bracket
_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'(A-Z0-9\[])")
_ABBREV = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|Miss|St|No|approx|e\.g|i\.e|vs|Prof|Rd|Fr)|\b[A-Z])\.$")
_DATE_START = r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{1,2}/\d{1,2}:|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?[\s\-]+[A-Z][a-z]{2,8}\.?[\s\-]+\d{2,4})"
_ENTRY_START = re.compile(rf"^\s*{_DATE_START}")
# a line that starts something new: a date, a bullet, a numbered point, a labelled field, a year
_NEW_LINE = re.compile(rf"^\s*(?:{_DATE_START}|[-*•·]\s|\d{{1,2}}[.)]\s|(?:19|20)\d\d\s|[A-Z][^|:\n]{{0,50}}\|)")
_SOFT_WRAP_MIN = 60  # a line at least this long that runs on is wrapped text, not a line of its own


def _blocks(text: str) -> list[tuple[int, int]]:
    """Runs of lines that belong together: wrapped lines of one paragraph are joined."""
    blocks, start, pos = [], 0, 0
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        pos_end = pos + len(line)
        body = line.rstrip()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        wraps = (len(body) >= _SOFT_WRAP_MIN and not body.endswith((".", "!", "?", ":", "|", '"', "”"))
                 and nxt.strip() != "" and not _NEW_LINE.match(nxt))
        if not wraps:
            blocks.append((start, pos + len(body)))
            start = pos_end
        pos = pos_end
    if start < len(text):
        blocks.append((start, len(text)))
    return blocks


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: wrapped lines are joined, then split at sentence punctuation."""
    spans = []
    for bs, be in _blocks(text):
        start = bs
        for m in _END.finditer(text, bs, be):
            if _ABBREV.search(text[max(bs, m.start() - 6) : m.start()]):
                continue  # "Dr. Smith": not a sentence end
            if text[start : m.start()].strip():
                spans.append(_trim(text, start, m.start()))
            start = m.end()
        if text[start:be].strip():
            spans.append(_trim(text, start, be))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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
