"""Form fields in notes: "Ethnicity | Black Caribbean" (tables) and "Ethnicity: White British" (text).

Notification forms, record headers and referral forms state the deciding facts as
labelled fields; the notification check, triage and portrait read them from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .record import Document

# "Ethnicity: White British", "Ethnicity | White British", and numbered form questions ("13. Ethnicity:")
_ROW = re.compile(r"^(?P<indent>[ \t]*)(?:\(?\d{1,2}[.)][ \t]+)?(?P<name>[A-Za-z][^|:\n]{1,80}?)[ \t]*(?:\||:)[ \t]*"
                  r"(?P<value>[^\n]*)$", re.M)
# a line under a label: its indentation and its text
_LINE_BELOW = re.compile(r"\n([ \t]*)(\S[^\n]*)")


@dataclass
class Field:
    doc_id: str
    name: str  # lower case, as written
    value: str
    start: int  # offsets of the whole line in the document text
    end: int
    value_start: int


def form_fields(doc: Document) -> list[Field]:
    """Every labelled line of a document; a table row's value is everything after the first '|'.

    A label with nothing after it takes the lines indented under it as its value (forms typed
    up as numbered questions with the answer on the next lines); a blank line ends the value.
    """
    out = []
    text = doc.text
    for m in _ROW.finditer(text):
        name = m.group("name").strip()
        if len(name.split()) > 9:
            continue
        value = m.group("value").strip().strip("|").strip()
        value_start, end = m.start("value"), m.end()
        if not value:
            below = _value_below(text, end, len(m.group("indent").expandtabs()))
            if below is not None:
                value_start, end = below
                value = text[value_start:end]
        out.append(Field(doc.doc_id, name.lower(), value, m.start(), end, value_start))
    return out


def _value_below(text: str, pos: int, indent: int) -> tuple[int, int] | None:
    """The span of the lines right after ``pos`` indented deeper than ``indent`` (None when there are none)."""
    end = pos
    while (line := _LINE_BELOW.match(text, end)) and len(line.group(1).expandtabs()) > indent:
        end = line.end()
    if end == pos:
        return None
    first = _LINE_BELOW.match(text, pos)
    return first.start(2), end


def find_field(fields: list[Field], name_pattern: re.Pattern[str]) -> list[Field]:
    """The fields whose name matches ``name_pattern`` (searched from the start of the name)."""
    return [f for f in fields if name_pattern.match(f.name)]
