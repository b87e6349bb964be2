"""Identifiers in the columns of comma-separated rows pasted into a note.

A hospital's patient tracking list or a system export pasted as CSV names its columns once
("UnitNo,NHSNo,Surname,Forename,KnownAs,DOB,Bed,Consultant,...,Owner") and then gives row after
row of bare values ("S0481273,9993836133,HOLLOWAY,Raymond,Ray,1966-02-19,AMU-B4,OYELARAN K,...").
Without the header a surname in capitals, an ISO date or a code is only a word or a number; with
it, every cell under "Surname" is a name and every cell under "DOB" a date of birth.
"""

from __future__ import annotations

import re

from .spans import Candidate

# a header cell, as letters only in lower case ("Unit No" -> "unitno", "date_of_birth" -> "dateofbirth"), and its label
_COLUMNS = {
    "PERSON": {"surname", "forename", "forenames", "firstname", "firstnames", "givenname", "lastname", "familyname", "name", "cons",
               "fullname", "knownas", "preferredname", "patientname", "patient", "consultant", "clinician", "owner",
               "namednurse", "keyworker", "gp", "usualgp", "doctor", "author", "staff", "enteredby", "nok", "nextofkin"},
    "DATE_OF_BIRTH": {"dob", "dateofbirth", "birthdate", "born"},
    "NHS_NUMBER": {"nhsno", "nhsnumber", "nhs"},
    "LOCAL_ID": {"unitno", "unitnumber", "mrn", "hospno", "hospitalno", "hospitalnumber", "patientid", "pasno", "pasid",
                 "crn", "casenumber", "caseref", "rxno", "hospid"},
    "PHONE": {"phone", "tel", "telephone", "mobile", "contactnumber"},
    "ADDRESS": {"address", "homeaddress"},
    "POSTCODE": {"postcode"},
}
_LABEL_OF = {name: label for label, names in _COLUMNS.items() for name in names}
_MIN_COLUMNS = 5
# a quick look for a header row before reading line by line: a column name between commas
_HEADER_HINT = re.compile(r"(?i)(?:^|,)[ \t]*(?:sur_?name|fore_?names?|first_?names?|known_?as|d\.?o\.?b|date_?of_?birth|nhs_?(?:no|number)|"
                          r"unit_?no|mrn|hosp(?:ital)?_?no|patient_?id)[ \t]*(?:,|$)", re.M)


def _cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each comma-separated cell of ``line``, inside any quotation marks ("a, b" is one cell)."""
    out, start, quoted = [], 0, False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            out.append((start, i))
            start = i + 1
    out.append((start, len(line)))
    return out


def find_csv_cells(text: str) -> list[Candidate]:
    """Cells under identifier columns of comma-separated rows, after a header row that names them."""
    if text.count(",") < _MIN_COLUMNS * 2 or not _HEADER_HINT.search(text):
        return []
    out: list[Candidate] = []
    columns: dict[int, str] | None = None
    width = 0
    pos = 0
    for line in text.split("\n"):
        cells = _cells(line) if line.count(",") >= _MIN_COLUMNS - 1 else []
        keys = [re.sub(r"[^a-z]", "", line[a:b].lower()) for a, b in cells]
        named = {i: _LABEL_OF[k] for i, k in enumerate(keys) if k in _LABEL_OF}
        if cells and len(named) >= 2 and all(len(line[a:b].strip()) <= 30 and '"' not in line[a:b] for a, b in cells):
            columns, width = named, len(cells)  # a header row
        elif columns and cells and len(cells) >= width - 2:
            for i, label in columns.items():
                if i >= len(cells):
                    continue
                a, b = cells[i]
                value = line[a:b].strip().strip('"').strip()
                if not value or value in ("-", "n/a", "N/A") or (label != "PERSON" and not re.search(r"\d", value)):
                    continue
                start = a + line[a:b].index(value)
                if label == "LOCAL_ID" and " " in value:
                    # a hand-typed row may run into the first cell ("MANUAL ROW (ED) E2405-1193"): the code is its last word
                    last = value.rsplit(" ", 1)[1]
                    start, value = start + len(value) - len(last), last
                out.append(Candidate(pos + start, pos + start + len(value), label, 0.9, "csv.column"))
        pos += len(line) + 1
    return out
