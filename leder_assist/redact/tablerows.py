"""Identifiers in the columns of a table: comma-separated rows, tab-separated rows and ruled tables.

A hospital's patient tracking list pasted as CSV, a surgery's message log exported with tabs, a
handover sheet drawn with bars: each names its columns once ("UnitNo,NHSNo,Surname,Forename,DOB,...",
"Time<tab>By<tab>Patient<tab>DOB<tab>NHS No", "Rm | Resident | DoB | Overnight") and then gives row
after row of bare values. Without the header a surname in capitals, an ISO date or a code is only a
word or a number; with it, every cell under "Surname" is a name and every cell under "DOB" a date of
birth.
"""

from __future__ import annotations

import datetime as dt
import re

from ..dates import find_dates
from .names import PARTICLE_WORDS
from .spans import Candidate

# a header cell, as letters only in lower case ("Unit No" -> "unitno", "date_of_birth" -> "dateofbirth"), and its label
_COLUMNS = {
    "PERSON": {"surname", "forename", "forenames", "firstname", "firstnames", "givenname", "lastname", "familyname", "name", "cons",
               "fullname", "knownas", "preferredname", "patientname", "patient", "consultant", "clinician", "owner",
               "namednurse", "keyworker", "gp", "usualgp", "doctor", "author", "staff", "enteredby", "nok", "nextofkin",
               "resident", "residentname", "tenant", "tenantname", "serviceuser", "client", "clientname", "personsupported", "by", "initials",
               "signed", "signature", "sign", "carer", "supportworker", "worker"},
    "DATE_OF_BIRTH": {"dob", "dateofbirth", "birthdate", "born", "db"},
    "NHS_NUMBER": {"nhsno", "nhsnumber", "nhs"},
    "LOCAL_ID": {"unitno", "unitnumber", "mrn", "hospno", "hospitalno", "hospitalnumber", "patientid", "pasno", "pasid",
                 "crn", "casenumber", "caseref", "rxno", "hospid"},
    "PHONE": {"phone", "tel", "telephone", "mobile", "contactnumber"},
    "ADDRESS": {"address", "homeaddress"},
    "POSTCODE": {"postcode"},
}
_LABEL_OF = {name: label for label, names in _COLUMNS.items() for name in names}
# a table of medicines or equipment names its items too ("Name | Dose | Route"): those are no people
_NOT_PEOPLE = {"dose", "drug", "medication", "medicine", "route", "frequency", "strength", "item", "product", "device"}
# a delimiter and how many of it make a row: comma-separated text needs more cells to be told from prose
_MIN_COMMAS = 4
_DELIMITERS = (("|", 2), ("\u2502", 2), ("\t", 3), (",", _MIN_COMMAS))
# a quick look for a header row before reading line by line: a column name between delimiters
_HEADER_HINT = re.compile(r"(?i)(?:^|[,|\t\u2502])[ \t]*(?:sur_?name|fore_?names?|first_?names?|known_?as|d\.?o\.?b\.?|date[ _]?of[ _]?birth|"
                          r"nhs[ _]?(?:no|number)|unit[ _]?no|mrn|hosp(?:ital)?[ _]?no|patient(?:[ _]?id)?|resident|tenant|born|birth[ _]?date|"
                          r"staff|by|initials|sign(?:ed|ature)?|author|carer|(?:support[ _]?)?worker)"
                          r"[ \t]*(?:[,|\t\u2502]|$)", re.M)
_TITLE = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Revd|Rev|Sr|Nurse)\.?\s+)+|\s*\((?:Dr|Mr|Mrs|Ms|Miss|Mx)\.?\)$")
_MAX_NAME_WORDS = 5
# roles and services that own an action or sign a row where a person would ("| 4 | IMCA report to chair | IMCA | 12/11 |")
_ROLES = {"IMCA", "GP", "CPN", "LD", "SALT", "PBS", "CQC", "MDT", "ICB", "NHS", "HCA", "CNS", "OOH", "CHAIR", "ALL", "PHARMACY",
          "PHARMACIST", "NURSE", "DOCTOR", "FAMILY", "MUM", "DAD", "REVIEWER"}  # not two letters that initials also are ("RM", "SW")
_ACTION_TABLE = {"action", "actions", "who", "owner", "lead", "responsible", "task"}
# a "Name" cell that names a service, a team or a place ("Hexley Community Palliative Care", "Cloverfield House staff office")
_NOT_A_PERSON = re.compile(r"(?i)\b(?:team|service|services|care|community|practice|surgery|hospital|hospice|centre|center|unit|"
                           r"ward|house|home|office|council|trust|nhs|clinic|pharmacy|agency|line|desk|switchboard|reception|"
                           r"department|group|association|church|school|college|ltd|limited|staff)\b")
_SUBJECTS = {"resident", "residentname", "tenant", "tenantname", "serviceuser", "client", "clientname", "personsupported"}
_WRITERS = {"staff", "by", "initials", "signed", "signature", "sign", "author", "enteredby", "carer", "supportworker", "worker"}


def _delimiter(line: str) -> str | None:
    for delim, least in _DELIMITERS:
        if line.count(delim) >= least:
            return delim
    return None


def _cells(line: str, delim: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of ``line``; a comma inside quotation marks ("a, b") separates nothing."""
    out, start, quoted = [], 0, False
    for i, ch in enumerate(line):
        if ch == '"' and delim == ",":
            quoted = not quoted
        elif ch == delim and not quoted:
            out.append((start, i))
            start = i + 1
    out.append((start, len(line)))
    return out


def _header(line: str, cells: list[tuple[int, int]], delim: str) -> dict[int, str] | None:
    """The identifier columns that a header row names, or None when ``line`` is no header."""
    texts = [line[a:b].strip() for a, b in cells]
    if any(len(t) > 30 or '"' in t or re.search(r"\d", t) for t in texts):
        return None
    keys = [re.sub(r"[^a-z]", "", t.lower()) for t in texts]
    named = {i: _LABEL_OF[k] for i, k in enumerate(keys) if k in _LABEL_OF}
    for i, t in enumerate(texts):
        # a column of two things ("DOB / NHS"): its dates of birth are found by date, the numbers by their own rules
        parts = {_LABEL_OF.get(re.sub(r"[^a-z]", "", p.lower())) for p in re.split(r"/|&|\band\b", t)} if i not in named else set()
        if "DATE_OF_BIRTH" in parts:
            named[i] = "DATE_OF_BIRTH"
    if _NOT_PEOPLE & set(keys):
        named = {i: label for i, label in named.items() if label != "PERSON"}
    if _ACTION_TABLE & set(keys):  # "Action | Who | By": by when, not by whom
        named = {i: label for i, label in named.items() if keys[i] != "by"}
    # a header names two identifier columns, or a date of birth's ("Rm | Resident | DoB"); a row of two cells is
    # a form's label and its value ("| Patient | ... |"), no header
    # ... or, in a ruled or tabbed log, who wrote each entry ("Date<tab>Time<tab>Staff<tab>Entry")
    # ... or whom each row is about, in a ruled handover sheet ("FLAT | TENANT | RAG | HANDOVER")
    enough = len(named) >= 2 or delim != "," and ("DATE_OF_BIRTH" in named.values() or bool((_WRITERS | _SUBJECTS) & set(keys)))
    return named if enough and len(cells) >= 3 else None


def _values(value: str, label: str) -> list[tuple[int, int]]:
    """The identifier(s) in one cell under a column of ``label``, as offsets into ``value``."""
    if label == "PERSON":
        name = _TITLE.sub("", value).strip()
        if (not re.search(r"[A-Za-z]", name) or re.search(r"\d", name) or len(name.split()) > _MAX_NAME_WORDS
                or name.lower() in ("n/a", "none", "unknown", "not known", "self", "all", "tbc", "void", "vacant", "empty") or _NOT_A_PERSON.search(name)
                or name.upper() in _ROLES
                or (len(name.split()) > 1 and any(w[:1].islower() and w not in PARTICLE_WORDS for w in name.split()))):
            return []  # a service, a place, or words of a sentence ("ask for the team leader")
        start = value.index(name)
        return [(start, start + len(name))]
    if label == "DATE_OF_BIRTH":
        year = dt.date.today().year
        return [(d.start, d.end) for d in find_dates(value) if d.date is not None and d.precision == "day" and d.date.year <= year]
    if not re.search(r"\d", value):
        return []
    if label == "LOCAL_ID" and " " in value:
        # a hand-typed row may run into the first cell ("MANUAL ROW (ED) E2405-1193"): the code is its last word
        return [(len(value) - len(value.rsplit(" ", 1)[1]), len(value))]
    return [(0, len(value))]


def find_table_cells(text: str) -> list[Candidate]:
    """Cells under identifier columns of a table's rows, after a header row that names them."""
    if not _HEADER_HINT.search(text):
        return []
    out: list[Candidate] = []
    columns: dict[int, str] | None = None
    table_delim, width, pos = "", 0, 0
    for line in text.split("\n"):
        delim = _delimiter(line)
        cells = _cells(line, delim) if delim else []
        head = _header(line, cells, delim) if delim else None
        if head:
            columns, width, table_delim = head, len(cells), delim
        elif columns and delim == table_delim and len(cells) >= width - 2:
            for i, label in columns.items():
                if i >= len(cells):
                    continue
                a, b = cells[i]
                value = line[a:b].strip().strip('"').strip()
                if not value or value in ("-", "n/a", "N/A"):
                    continue
                offset = pos + a + line[a:b].index(value)
                out += [Candidate(offset + s, offset + e, label, 0.9, "table.column") for s, e in _values(value, label)]
        elif table_delim in ("|", "\u2502") and delim != table_delim:
            columns = None  # a ruled table ends where its bars do
        pos += len(line) + 1
    return out
