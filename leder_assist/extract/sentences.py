"""Sentence and entry segmentation that suits case notes, not only prose.

Case notes are mostly lines: dated one-line entries, ``Heading: value`` form fields,
table rows and bullets. Prose is wrapped across lines. The rule here: a line starts a
new segment when it looks like the start of an entry (a date, a time, a bullet, a
heading or field, a table row, an upper-case title), when the previous line ended a
sentence, or after a blank line; otherwise it continues the previous line's sentence.
Inside a segment, sentences end at ``. ! ?`` followed by a capital or digit (not after
titles and common abbreviations such as ``Dr.`` or ``e.g.``). Offsets are characters of
the input text, end exclusive, with surrounding white space trimmed.
"""

from __future__ import annotations

import re

# A line that begins an entry of its own.
_ENTRY_START = re.compile(
    r"""^\s*(?:
        \d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?\b          # 12/03/24, 12.3
      | \d{1,2}[\s\-](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b  # 12 Mar, 03-Mar-2023
      | \d{4}-\d{2}-\d{2}\b                                # 2024-03-12
      | (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+(?:19|20)\d\d\s  # Feb 2019  Pneumonia
      | (?:19|20)\d\d\s{2,}\S                               # 2015     Cataract extraction
      | \d{1,2}[:.]\d{2}\b                                 # 07:30
      | (?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b  # weekday entries (not "month", "friend")
      | (?:day|visit|entry|week)\s+\d+\b                   # Day 3:, Visit 2:
      | [-*•·▪o>]\s                                        # bullets
      | \(?\d{1,2}[.)]\s                                   # numbered lists
      | (?-i:[A-Z][A-Za-z0-9/&'’()\- ]{0,40}?\s?:)(?:\s|$) # Field: value, Heading:
      | (?-i:[A-Z][A-Z0-9/&'’()\-,. ]{3,})$                # UPPER-CASE TITLE line
      | \S.*(?:\t|\s\|\s|\s{3,}\S)                         # table rows / aligned columns (not a hanging indent)
      | \S[^\n]*?[ \t]\.{4,}                                # dot-leader form rows: "Seizures ........ NO"
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_YEAR_LED = re.compile(r"^\s*(?:19|20)\d\d\s+[A-Za-z]")
_SHORT_HEADING = re.compile(r"^\s*[A-Z][a-z]+(?: [A-Za-z][a-z]*){0,3}\s*$")
_LINE_END_SENTENCE = re.compile(r"[.!?:;]['\")\]’”]*\s*$|[-–—]\s*[A-Z]{2,3}\s*$")
# a sentence ends at . ! ? and any closing marks, curly quotes included ("... face changed.” When ...")
_SENT_END = re.compile(r"[.!?]+['\")\]’”]*\s+(?=[\"'(\[“‘]?[A-Z0-9])")
# A heading of a notes document on its own line ("About Paddy", "How he communicated", "Who Sunny
# was"): a few words, no punctuation, not indented, at the start of a paragraph, with a new
# capitalised line after it. It is not the first words of that paragraph.
_WORD_HEADING = re.compile(r"^[A-Z][A-Za-z'’]*(?: [A-Za-z'’]+){0,6}$")
# a form row with dot leaders ("Head injury ....... NO", "Falls in last 12 months .... [x] No"): its
# leader is no full stop, and the row is a field of its own (an answer on it ends it)
_DOT_LEADER = re.compile(r"\.{4,}")
_LEADER_ROW = re.compile(r"^\s*\S[^\n]*?[ \t]\.{4,}[ \t]*\S")
# a row whose label nearly fills the column has a leader of only two or three dots ("Falls in last 12 months .. Nil"
# under "Safeguarding referral .... Yes"): it is a leader when its answer starts in the same column as the answer of
# a row with a longer leader a few lines away (a spaced ellipsis in prose lines up with nothing)
_LEADER_VALUE = re.compile(r"^[ \t]*\S[^\n]*?[ \t]\.{4,}[ \t]*(?=\S)")
_SHORT_LEADER = re.compile(r"^([ \t]*\S[^\n]*?[ \t])\.{2,3}(?!\.)[ \t]+(?=\S)")
_LEADER_LINES = 3
_CAPITAL_LINE = re.compile(r"^[\"“'‘]?[A-Z]")
# A wrapped line of prose that continues a field or a speaker's words on the line before it
# ("Communication: She communicates with sounds, facial expressions and by" / "reaching for ...").
_LOWER_LINE = re.compile(r"^[ \t]*[a-z]")
_WRAPPED_FIELD_CHARS = 50
# A line that stops on an article, preposition or conjunction runs on into the next line, even
# when that line looks like an entry of its own ("... fish and chips on a" / "  Friday. ...").
_RUNS_ON = re.compile(r"(?-i:\b(?:a|an|the|and|or|of|to|in|on|at|for|with|by|from|his|her|their|its|my|our|your))[ \t]*$")
_BULLET = re.compile(r"^\s*(?:[-*•·▪>]\s|\(?\d{1,2}[.)]\s)")
_QUOTE_MARK = re.compile(r'["“”]')
_QUOTE_CHARS = 240
# A form question answered on its own line ("Safeguarding referral made?  No",
# "Bed rails in place? Yes - checked") is one field: the answer stays with its question; so
# does an interview's answer in quotation marks ('Seizures? "No, never."').
_QUESTION_ANSWER = re.compile(r"\?[ \t]*(?:(?:yes|no(?![ \t]+one\b)|y|n|n/?a|none|nil|unknown|not known|not assessed)\b(?![ \t]*\w+\?)[^\n?]{0,80}"
                              r"|[\"“][ \t]*(?:yes|no(?![ \t]+one\b)|never|none|nil)\b[^\n?]{0,160})$",
                              re.IGNORECASE | re.MULTILINE)
_ABBREV = re.compile(
    r"(?:\b(?:dr|mr|mrs|ms|miss|prof|rev|st|no|nos|approx|e\.g|i\.e|etc|vs|ref|tel|dept|inc|jan|feb|mar|apr|jun|"
    r"jul|aug|sep|sept|oct|nov|dec|mg|ml|bd|tds|od|qds|prn|fig|cont|obs)\.|\b[A-Z]\.)$",
    re.IGNORECASE,
)


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((pos, pos + len(body)))
        pos += len(line)
    return spans


def _short_leaders(text: str, lines: list[tuple[int, int]]) -> dict[int, int]:
    """Rows with a short dot leader lined up with a longer one (see ``_SHORT_LEADER``): line index -> where the
    leader's dots start in the text."""
    if ".." not in text:
        return {}
    columns = {i: m.end() for i, (s, e) in enumerate(lines) if (m := _LEADER_VALUE.match(text[s:e]))}
    out = {}
    for i, (s, e) in enumerate(lines):
        m = _SHORT_LEADER.match(text[s:e])
        if m and any(columns.get(j) == m.end() for j in range(i - _LEADER_LINES, i + _LEADER_LINES + 1)):
            out[i] = s + m.end(1)
    return out


def _blocks(text: str, short_leaders: dict[int, int] | None = None) -> list[tuple[int, int]]:
    """Groups of lines that form one entry or one wrapped paragraph.

    A short heading line ("Past problems", "Family history") right after a list or dated
    line is a heading of its own, not the end of that line's sentence: PDF text often
    has no blank line around headings.
    """
    blocks: list[list[int]] = []
    prev_ended, prev_listed, prev_heading = True, False, False
    lines = _lines(text)
    if short_leaders is None:
        short_leaders = _short_leaders(text, lines)
    for i, (start, end) in enumerate(lines):
        line = text[start:end]
        if not line.strip():
            prev_ended, prev_listed, prev_heading = True, False, False
            continue
        after = text[lines[i + 1][0]:lines[i + 1][1]] if i + 1 < len(lines) else ""
        heading = (prev_listed and bool(_SHORT_HEADING.match(line))) or \
            (prev_ended and bool(_WORD_HEADING.match(line)) and bool(_CAPITAL_LINE.match(after)))
        year_led = prev_listed and bool(_YEAR_LED.match(line))  # a problem list's "2015 Cataract extraction"
        before = text[lines[i - 1][0]:lines[i - 1][1]] if i > 0 else ""
        runs_on = i > 0 and blocks and not _BULLET.match(line) and (
            # (even after a field's first line: "What she loved: drawing. She started a course at" / "Hallowfield College
            # in 2022"; not after a heading that ends on one: "Who he lived with")
            (not prev_heading and bool(_RUNS_ON.search(before)))
            # a field's answer wrapped onto the next line ("Any safeguarding concerns:" / "none. No incidents.")
            or (before.rstrip().endswith(":") and line.lstrip()[:1].islower()))
        leader_row = i in short_leaders
        if not runs_on and (prev_ended or heading or year_led or leader_row or _ENTRY_START.match(line) or not blocks):
            blocks.append([start, end])
        else:
            blocks[-1][1] = end
        listed = year_led or leader_row or bool(_ENTRY_START.match(line))
        wrapped = len(line.strip()) >= _WRAPPED_FIELD_CHARS and bool(_LOWER_LINE.match(after)) and not _ENTRY_START.match(after)
        prev_ended = (heading or bool(_LINE_END_SENTENCE.search(line)) or bool(listed and _field_only(line) and not wrapped)
                      or bool(_QUESTION_ANSWER.search(line)) or bool(_LEADER_ROW.match(line)) or leader_row)
        prev_listed = listed or heading
        prev_heading = heading
    return [(s, e) for s, e in blocks]


def _field_only(line: str) -> bool:
    """A heading or form field ends its own line ("Allergies: nil", "PLAN")."""
    stripped = line.strip()
    return stripped.isupper() or bool(re.match(r"^[A-Z][A-Za-z/&'’()\- ]{0,40}?:\s*\S", stripped))


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _inside_short_quote(text: str, bstart: int, pos: int, bend: int) -> bool:
    """Whether ``pos`` is inside words in double quotation marks that close, in the same block,
    within ``_QUOTE_CHARS`` of where they opened: a short quoted utterance is one sentence."""
    opened = None
    for m in _QUOTE_MARK.finditer(text, bstart, pos):
        mark = m.group()
        if opened is None and mark in '"“':
            opened = m.start()
        elif opened is not None and mark in '"”':
            opened = None
    if opened is None:
        return False
    close = _QUOTE_MARK.search(text, pos, bend)
    return bool(close and close.group() in '"”' and close.end() - opened <= _QUOTE_CHARS)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end exclusive) of the sentences and entries of a note."""
    out: list[tuple[int, int]] = []
    short_leaders = _short_leaders(text, _lines(text))
    leader_starts = set(short_leaders.values())
    for bstart, bend in _blocks(text, short_leaders):
        cut = bstart
        for m in _SENT_END.finditer(text, bstart, bend):
            if _ABBREV.search(text[max(cut, m.start() - 8) : m.start() + 1]):
                continue
            if _DOT_LEADER.match(text, m.start()) or m.start() in leader_starts:
                continue  # "Seizures ........ NO", "Falls in last 12 months .. Nil": the answer belongs to its field
            if text[m.start()] == "?" and _QUESTION_ANSWER.match(text, m.start(), bend):
                continue  # "Concerns about handover?  No": the answer belongs to the question
            if _inside_short_quote(text, bstart, m.end(), bend):
                continue  # '"Elvis, morning, noon and night. Return to Sender was her favourite," said her brother.'
            span = _trim(text, cut, m.end())
            if span:
                out.append(span)
            cut = m.end()
        span = _trim(text, cut, bend)
        if span:
            out.append(span)
    return out
