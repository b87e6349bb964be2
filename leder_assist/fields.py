"""Form fields in notes: "Ethnicity | Black Caribbean" (tables) and "Ethnicity: White British" (text).

Notification forms, record headers and referral forms state the deciding facts as
labelled fields; the notification check, triage and portrait read them from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .record import Document

# a form question's number before its label: "13.", "(4)", a web form export's "2.11" (not a date, "10.03.25"), a paper
# form's "Q7" or "Q3b", an online form export's "Question:" before every label ("Question: Date of death: 11/03/2024")
_NUMBERS = r"\(?\d{1,2}[.)]|\d{1,2}\.\d{1,2}[.)]?|[Qq]\d{1,2}[a-z]?[.)]?|Question(?:[ \t]*\d{1,2})?[ \t]*[:.]"
QUESTION_NUMBER = rf"(?:(?:{_NUMBERS})[ \t]+)?"
# ... and, in a form's fields, a web platform export's question numbered within its lettered section ("[Section A -
# Notifier]" / "A1 Your name: ...", "C4 Cause of death (if known): ..."), a capital A to H before the number
FIELD_NUMBER = rf"(?:(?:{_NUMBERS}|[A-H]\d{{1,2}}[a-z]?[.)]?)[ \t]+)?"
# "Ethnicity: White British", "Ethnicity | White British", a Markdown table row ("| Ethnic group | Not known |"),
# numbered form questions ("13. Ethnicity:", "2.7 Ethnicity ..... [White - British]", "Q7  Date of death ....... 17 April 2025")
# and a form export's dot leaders ("Date of death ........ 06/01/2024", and the shortest, "Learning disability .. Yes")
_ROW = re.compile(rf"^(?P<indent>[ \t]*)(?:\|[ \t]*)?{FIELD_NUMBER}(?P<name>[A-Za-z][^|:\n]{{1,80}}?)[ \t]*(?:\||:|(?<=[ \t])(?:\.{{3,}}|\.\.(?=[ \t])))[ \t]*"
                  r"(?P<value>[^\n]*)$", re.M)
# a form's question answered on its own line ("Is the person autistic?  Yes - Asperger's syndrome",
# "Was the death expected?: No")
_QUESTION_ROW = re.compile(rf"^[ \t]*(?:\|[ \t]*)?{FIELD_NUMBER}(?P<name>[A-Z][^|:?\n]{{3,120}}\?)[ \t]*[:|]?[ \t]*"
                           r"(?P<value>[^\n]*)$", re.M)
# a system export's "key = value" lines ("date_of_death = 06/11/2024", "registered_gp_practice ="): the key's
# underscores are spaces
# (a one-word key too, "ethnicity = ...", in a document that has keys of several words)
_KEY_VALUE = re.compile(r"^[ \t]*(?P<name>[a-z][a-z0-9]*(?:_[a-z0-9]+)*)[ \t]*=[ \t]*(?P<value>[^\n]*)$", re.M)
_EXPORT_KEYS = 3
# another label further along the same line, after a gap of three or more spaces or a tab
_NEXT_LABEL = re.compile(r"(?:[ ]{3,}|\t)(?P<name>[A-Z][A-Za-z /()'\-]{1,30}?)[ \t]*:[ \t]*")
# a line under a label: its indentation and its text
_LINE_BELOW = re.compile(r"\n([ \t]*)(\S[^\n]*)")
# ... in a form drawn with bars, inside the frame ("| Someone who knew them well:      |" /
# "|            [ Mum - Kasia, 07700 900452 ]   |"): its indentation counts from the bar
_FRAMED_LINE_BELOW = re.compile(r"\n([ \t]*\|[ \t]*)(?![|+])(\S[^\n]*)")
# a printed web form's numbered question on a line of its own, its answer on the lines below, not indented
# ("12. Date of death" / "02/03/2024"): no colon, no bar, not a sentence that ends with a full stop
_QUESTION = re.compile(r"^[ \t]*\d{1,2}[.)][ \t]+(?P<name>[A-Za-z][^|:\n]{1,150}?)[ \t]*$", re.M)
_NUMBERED = re.compile(r"[ \t]*\(?\d{1,2}[.)][ \t]")
# a document needs this many numbered questions to be read as a numbered form
_MIN_QUESTIONS = 3


def _answer_below(text: str, pos: int) -> tuple[int, int] | None:
    """The line right under a long label that stands alone ("Someone who knew the person well and is
    willing to speak to the reviewer:" / "Joanne (sister) - see above."), unless it is a field of its own."""
    line = _LINE_BELOW.match(text, pos)
    # (nor the next numbered question: "15. Name of someone who knew the person well:" / "16. Has the death been ...?")
    if line is None or _ROW.match(text, line.start(2)) or _QUESTION_ROW.match(text, line.start(2)) \
            or _NUMBERED.match(text, line.start(2)):
        return None
    return line.start(2), line.end()


# a form's tick box: "[x]", "[X]", "[ ]", "☒", "☐"; the first two kinds ticked
_BOX = re.compile(r"\[[ \t]*(?P<tick>[xX✓✔*])?[ \t]*\]|(?P<ticked>[☒☑✅])|[☐□]")
# round boxes ("( ) Yes  (x) No"), read as boxes only in a value that has an empty one ("Grade (x)" is no box)
_ROUND_BOX = re.compile(r"\([ \t]*(?P<tick>[xX✓✔*])?[ \t]*\)")
_EMPTY_ROUND_BOX = re.compile(r"\([ \t]+\)")
# a line below a field that carries on its tick boxes
_BOX_LINE = re.compile(r"\n([ \t]+)(?:\[[ \t]*[xX✓✔*]?[ \t]*\]|[☒☑✅☐□])[^\n]*")
# ... or its options wrapping, each before its box ("Ethnicity:  White - British [ ]   White - Irish [ ]" /
# "           White - any other White background [X]  (please say) Polish"): a box before any colon or bar
_BOX_OPTION_LINE = re.compile(r"\n([ \t]+)(?=[^\n:|\[]{0,80}(?:\[[ \t]*[xX✓✔*]?[ \t]*\]|[☒☑✅☐□]))[^\n]*")
# a label alone on its line (no colon), as over a list of tick boxes
_BOX_LABEL = re.compile(r"^(?P<indent>[ \t]*)(?P<name>[A-Z][A-Za-z /()'-]{2,60}?)[ \t]*$", re.M)
# the most words a label standing alone at the end of its line may have
_LONG_LABEL_WORDS = 16


# the labels of fields that give the person's name ("Name of person:", "Known as:", "Patient |", "Surname:"), and a
# care record's header naming whom it is about ("Person: Beryl Ashdown", "Tenant: Eamon Gallagher", "Adult: ...")
PERSON_NAME_FIELD = re.compile(r"known as|preferred name|full name|name of person|name\b|patient(?: name)?$|forenames?\b|"
                               r"first names?\b|surname\b|family name\b|"
                               r"(?:person|tenant|adult|service user|resident|client)$", re.I)


@dataclass
class Field:
    doc_id: str
    name: str  # lower case, as written (a web form export's "q2_1_date_of_death" as "date of death")
    value: str
    start: int  # offsets of the whole line in the document text
    end: int
    value_start: int

    def __post_init__(self) -> None:
        if "_" in self.name:
            self.name = _EXPORT_KEY.sub("", self.name).replace("_", " ").strip()


# a web form export's question key before the field's name ("q1_10_learning_disability")
# a label broken over two lines, the line before a lower-case field name ("Someone who knew her" / "well:  Maureen")
_WRAPPED_LABEL = re.compile(r"(?:^|\n)(?P<head>[ \t]*[A-Z][A-Za-z /'()-]{2,60}?)[ \t]*\n\Z")
_EXPORT_KEY = re.compile(r"^q\d+(?:[_.]\d+)*_+")
_EXPORT_KEY_ALONE = re.compile(r"^[ \t]*(?P<name>q\d+(?:[_.]\d+)*_[a-z][a-z0-9_]*)[ \t]*$", re.M | re.I)


def form_fields(doc: Document) -> list[Field]:
    """Every labelled line of a document; a table row's value is everything after the first '|'.

    A label with nothing after it takes the lines indented under it as its value (forms typed
    up as numbered questions with the answer on the next lines); a blank line ends the value.
    """
    out = []
    text = doc.text
    for m in _ROW.finditer(text):
        name = m.group("name").strip()
        # (words in brackets do not count: "Cause of death (as on MCCD, Part 1a-1c and Part 2):")
        words = len(re.sub(r"\([^)]*\)", "", name).split())
        # a long label stands alone, its answer (if any) below it: "Someone who knew the person well and
        # would talk to the reviewer:"; a long name with an answer after it is a sentence, not a label
        if words > (_LONG_LABEL_WORDS if not m.group("value").strip() else 9) or "?" in name:
            continue  # (a question is read whole below, with the answer after its question mark)
        value = _value(m.group("value"))
        value_start, end = m.start("value"), m.end()
        if _BOX.search(value):
            # tick boxes wrapping onto indented lines below ("Place of death ... [ ] Hospital  [ ] Home" /
            # "    [X] Other: his bedroom at college")
            indent = len(m.group("indent").expandtabs())
            while (line := _BOX_LINE.match(text, end) or _BOX_OPTION_LINE.match(text, end)) \
                    and len(line.group(1).expandtabs()) > indent:
                end = line.end()
            value = _value(text[value_start:end])
        if not value:
            framed = text[m.start():m.start("name")].lstrip().startswith("|")
            if framed:
                below = _value_below(text, end, len(text[m.start():m.start("name")].expandtabs()), _FRAMED_LINE_BELOW)
            else:
                below = _value_below(text, end, len(m.group("indent").expandtabs()))
            if below is None and words > 9:
                below = _answer_below(text, end)
            if below is not None:
                value_start, end = below
                value = text[value_start:end]
                if framed:  # each line's answer without the frame's bars
                    value = " ".join(filter(None, (_value(line) for line in value.split("\n"))))
        # a second label on the same line, after a wide gap ("Ethnicity: Not recorded     Main language: English")
        more = list(_NEXT_LABEL.finditer(text, m.start("value"), m.end()))
        if more and value:
            value = _value(text[m.start("value") : more[0].start()])
            end = more[0].start()
        if len(name.split()) <= 2 and name[:1].islower() and (head := _WRAPPED_LABEL.search(text, max(0, m.start() - 80), m.start())):
            name = head.group("head").strip() + " " + name  # "Someone who knew her" / "well:    Maureen ..."
        out.append(Field(doc.doc_id, name.lower(), value, m.start(), end, value_start))
        for i, nxt in enumerate(more):
            stop = more[i + 1].start() if i + 1 < len(more) else m.end()
            out.append(Field(doc.doc_id, nxt.group("name").strip().lower(), text[nxt.end() : stop].strip(),
                             nxt.start("name"), stop, nxt.end()))
    for m in _BOX_LABEL.finditer(text):
        # a label on a line of its own over indented tick boxes ("Ethnic group (tick one)" / "   [X] White - Irish")
        end, indent = m.end(), len(m.group("indent").expandtabs())
        while (line := _BOX_LINE.match(text, end)) and len(line.group(1).expandtabs()) > indent:
            end = line.end()
        if end > m.end():
            value_start = m.end() + 1
            out.append(Field(doc.doc_id, m.group("name").strip().lower(), _value(text[value_start:end]), m.start(), end,
                             value_start))
    for m in _EXPORT_KEY_ALONE.finditer(text):
        # a web form export's question left unanswered: its key alone on the line ("q3_3_someone_who_knew_them_well")
        out.append(Field(doc.doc_id, m.group("name").lower(), "", m.start(), m.end(), m.end()))
    pairs = list(_KEY_VALUE.finditer(text))
    for m in pairs if sum("_" in p.group("name") for p in pairs) >= _EXPORT_KEYS else ():
        out.append(Field(doc.doc_id, m.group("name").replace("_", " "), _value(m.group("value")), m.start(), m.end(),
                         m.start("value")))
    for m in _QUESTION_ROW.finditer(text):
        if len(m.group("name").split()) <= 20:
            out.append(Field(doc.doc_id, m.group("name").strip().lower(), _value(m.group("value")), m.start(), m.end(),
                             m.start("value")))
    return sorted(out + _question_fields(doc) + _sheet_fields(doc), key=lambda f: f.start)


# a spreadsheet's header row and the row under it, pasted with tabs between the cells ("Ref<TAB>Date notified<TAB>
# Notified by ..." / "MSH-D-0412<TAB>27/03/24<TAB>Bernice Adjei ..."): each header is the label of the cell below it
_SHEET_HEADER = re.compile(r"^(?P<row>[A-Za-z][^\t\n]{0,60}(?:\t[^\t\n]{0,60}){4,})$", re.M)
_SHEET_MIN_COLUMNS = 5
_SHEET_ROW = re.compile(r"\n+(?P<row>[^\n]*\t[^\n]*)")
_SHEET_LABEL = re.compile(r"[A-Za-z][A-Za-z /()?'&\-]*")


def _sheet_fields(doc: Document) -> list[Field]:
    out = []
    text = doc.text
    for m in _SHEET_HEADER.finditer(text):
        headers = m.group("row").split("\t")
        if sum(bool(_SHEET_LABEL.fullmatch(h.strip())) for h in headers) < max(_SHEET_MIN_COLUMNS, len(headers) * 0.7):
            continue  # a header row is labels, not values
        nxt = _SHEET_ROW.match(text, m.end())
        if nxt is None:
            continue
        pos = nxt.start("row")
        for head, cell in zip(headers, nxt.group("row").split("\t") + [""] * len(headers)):
            if head.strip():
                out.append(Field(doc.doc_id, head.strip().lower(), cell.strip(), pos, pos + len(cell), pos))
            pos += len(cell) + 1
    return out


# a web form export's answer in square brackets ("[Harriet Cole]", "[]" unanswered), perhaps wrapping onto the
# next line so that its closing bracket is not on this one; a tick box ("[x] Yes") is not one
_BRACKETED = re.compile(r"^\[(?![ \t]*[xX✓✔*]?[ \t]*\])(?P<answer>[^\[\]]*)\]?$")
_EMPTY_BRACKETS = re.compile(r"^\[[ \t]*\]$")


def _value(raw: str) -> str:
    """A field's answer without the spaces and table bars around it, the dot leader before it (a question's
    "Autistic? ....... Yes") and a web form export's square brackets ("[Yes]")."""
    value = re.sub(r"^(?:\.{2,}[ \t]*)+", "", raw.strip().strip("|").strip())
    if _EMPTY_BRACKETS.match(value):
        return ""
    m = _BRACKETED.match(value)
    return m.group("answer").strip() if m else value


def _question_fields(doc: Document) -> list[Field]:
    """Numbered questions of a printed form, each answered on the lines below it up to a blank line
    or the next question ("7. Ethnicity" followed by a blank line is an empty answer)."""
    text = doc.text
    questions = [m for m in _QUESTION.finditer(text)
                 if not m.group("name").rstrip().endswith(".") and len(m.group("name").split()) <= 20]
    if len(questions) < _MIN_QUESTIONS:
        return []
    out = []
    for m in questions:
        first = _LINE_BELOW.match(text, m.end())
        if first is not None and (_ROW.match(first.group(2)) or _QUESTION_ROW.match(first.group(2))):
            # a heading over fields of its own ("5. ABOUT YOU (the person notifying)" / "   Name:  ______"): its
            # fields are read as themselves, and the heading takes none of them as its answer
            continue
        end = pos = m.end()
        while (line := _LINE_BELOW.match(text, end)) and not _NUMBERED.match(line.group(0)[1:]):
            end = line.end()
        value_start = _LINE_BELOW.match(text, pos).start(2) if end > pos else pos
        out.append(Field(doc.doc_id, m.group("name").strip().lower(), text[value_start:end].strip(),
                         m.start(), end, value_start))
    return out


def _value_below(text: str, pos: int, indent: int, below: re.Pattern[str] = _LINE_BELOW) -> tuple[int, int] | None:
    """The span of the lines right after ``pos`` indented deeper than ``indent`` (None when there are none)."""
    end = pos
    while (line := below.match(text, end)) and len(line.group(1).expandtabs()) > indent:
        if _ROW.match(line.group(2)) or _QUESTION_ROW.match(line.group(2)):
            # a field of its own: the label is a section's heading ("5. ABOUT YOU (the person notifying)" /
            # "   Name:  ______", "| GP      |" / "|  Practice / GP:  Not known |")
            break
        end = line.end()
    if end == pos:
        return None
    first = below.match(text, pos)
    return first.start(2), end




def ticked(value: str) -> str:
    """A tick-box answer as the options ticked ("[ ] Yes  [x] No" -> "No", "( ) Yes  (x) No" -> "No"; none ticked -> "").

    A value without boxes is returned as it is. The text before the first box ("(tick one):")
    is an instruction, not an answer.
    """
    boxes = list(_BOX.finditer(value))
    if not boxes and _EMPTY_ROUND_BOX.search(value):
        boxes = list(_ROUND_BOX.finditer(value))
    if not boxes:
        return value
    picked = []
    lead = re.sub(r"\([^)]*\)|[:\s]", "", value[:boxes[0].start()])
    if lead and not value[boxes[-1].end():].strip():
        # each box after its option ("White: British [ ] Irish [X] Gypsy/Irish Traveller [ ]"): the option is before it
        for i, box in enumerate(boxes):
            if box.group("tick") or box.groupdict().get("ticked"):
                option = value[boxes[i - 1].end() if i else 0:box.start()]
                picked.append(" ".join(option.rsplit(":", 1)[-1].split()))  # not the group's label ("White:")
        return "; ".join(p for p in picked if p)
    for i, box in enumerate(boxes):
        if box.group("tick") or box.groupdict().get("ticked"):
            stop = boxes[i + 1].start() if i + 1 < len(boxes) else len(value)
            picked.append(" ".join(value[box.end():stop].split()))
    return "; ".join(p for p in picked if p)


def find_field(fields: list[Field], name_pattern: re.Pattern[str]) -> list[Field]:
    """The fields whose name matches ``name_pattern`` (searched from the start of the name)."""
    return [f for f in fields if name_pattern.match(f.name)]
