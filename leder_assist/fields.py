"""Form fields in notes: "Ethnicity | Black Caribbean" (tables) and "Ethnicity: White British" (text).

Notification forms, record headers and referral forms state the deciding facts as
labelled fields; the notification check, triage and portrait read them from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .record import Document

_ROW = re.compile(r"^[ \t]*(?P<name>[A-Za-z][^|:\n]{1,60}?)[ \t]*(?:\||:)[ \t]*(?P<value>[^\n]*)$", re.M)


@dataclass
class Field:
    doc_id: str
    name: str  # lower case, as written
    value: str
    start: int  # offsets of the whole line in the document text
    end: int
    value_start: int


def form_fields(doc: Document) -> list[Field]:
    """Every labelled line of a document; a table row's value is everything after the first '|'."""
    out = []
    for m in _ROW.finditer(doc.text):
        name = m.group("name").strip()
        if len(name.split()) > 9:
            continue
        value = m.group("value").strip().strip("|").strip()
        out.append(Field(doc.doc_id, name.lower(), value, m.start(), m.end(), m.start("value")))
    return out


def find_field(fields: list[Field], name_pattern: re.Pattern[str]) -> list[Field]:
    """The fields whose name matches ``name_pattern`` (searched from the start of the name)."""
    return [f for f in fields if name_pattern.match(f.name)]
