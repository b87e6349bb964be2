"""Basic facts about the person read from form fields and record headers.

Dates of birth and death, age at death, ethnicity, learning disability and autism status
as recorded. Values keep the document and offsets they came from, so every later claim
can cite them. Used by the timeline, notification check, portrait and triage.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import find_dates
from .fields import Field, find_field, form_fields
from .record import Case

_DOB = re.compile(r"\b(?:DOB|D\.O\.B\.?|date of birth|born)\b[\s:|.-]*", re.I)
_NAMES = {
    "dob": re.compile(r"(?:date of birth|dob|born)\b"),
    "dod": re.compile(r"(?:date of death|died|deceased)\b"),
    "age": re.compile(r"age(?: at death)?\b"),
}
# a sentence saying when the person died, for notes with no "Date of death" field ("TJ died on the
# ward yesterday, Sunday 6th August 2023, at 17:55")
_DIED = re.compile(r"\b(?:died|passed away|death (?:occurred|was confirmed|was verified)|pronounced dead)\b", re.I)
# ... not someone else's death ("her mother died in 2001"), nor a conditional one
_SOMEONE_ELSE = re.compile(r"\b(?:mother|mum|father|dad|brother|sister|wife|husband|partner|son|daughter|friend|"
                           r"grand\w+|aunt|uncle|cousin|resident|tenant|housemate|patient in)\b|\bif\b", re.I)


@dataclass
class Fact:
    value: str
    doc_id: str
    start: int
    end: int


@dataclass
class PersonFacts:
    dob: dt.date | None = None
    dob_fact: Fact | None = None
    dod: Fact | None = None
    dod_date: dt.date | None = None
    age: int | None = None
    age_fact: Fact | None = None
    fields: dict[str, list[Field]] = field(default_factory=dict)  # doc_id -> its form fields


def dob_spans(text: str) -> list[tuple[int, int]]:
    """Spans of dates that are dates of birth ("DOB 03/04/1966", "born 9 Nov 1959")."""
    spans = []
    for m in _DOB.finditer(text):
        for d in find_dates(text[m.end() : m.end() + 30]):
            if d.start <= 2:
                spans.append((m.end() + d.start, m.end() + d.end))
            break
    return spans


def person_facts(case: Case) -> PersonFacts:
    """Dates of birth and death and age at death, preferring the notification of death."""
    facts = PersonFacts()
    docs = sorted((d for d in case.documents if d.status == "ok"), key=lambda d: d.kind != "notification")
    for doc in docs:
        fields = form_fields(doc)
        facts.fields[doc.doc_id] = fields
        if facts.dob is None:
            for s, e in dob_spans(doc.text):
                mention = find_dates(doc.text[s:e])
                if mention and mention[0].date:
                    facts.dob = mention[0].date
                    facts.dob_fact = Fact(doc.text[s:e], doc.doc_id, s, e)
                    break
        if facts.dod_date is None:
            for f in find_field(fields, _NAMES["dod"]):
                mention = [d for d in find_dates(f.value) if d.date and d.precision == "day"]
                if mention:
                    facts.dod_date = mention[0].date
                    facts.dod = Fact(mention[0].text, doc.doc_id, f.start, f.end)
                    break
        if facts.age_fact is None:
            for f in find_field(fields, _NAMES["age"]):
                m = re.match(r"(\d{1,3})\b", f.value)
                if m:
                    facts.age, facts.age_fact = int(m.group(1)), Fact(m.group(1), doc.doc_id, f.start, f.end)
                    break
    if facts.dod_date is None:
        _dod_from_prose(docs, facts)
    if facts.age is None and facts.dob and facts.dod_date:
        d, b = facts.dod_date, facts.dob
        facts.age = d.year - b.year - ((d.month, d.day) < (b.month, b.day))
    return facts


def _dod_from_prose(docs: list, facts: PersonFacts) -> None:
    """The date of death from the first sentence, notification first, that says the person died on
    a day-precise date: the date nearest the verb, never the date of birth."""
    from .extract.sentences import sentence_spans  # the case-notes splitter (its package loads spaCy)

    for doc in docs:
        for s, e in sentence_spans(doc.text):
            sentence = doc.text[s:e]
            verb = _DIED.search(sentence)
            if not verb or _SOMEONE_ELSE.search(sentence[:verb.start()]):
                continue
            days = [d for d in find_dates(sentence) if d.date and d.precision == "day" and d.date != facts.dob]
            if days:
                best = min(days, key=lambda d: abs(d.start - verb.start()))
                facts.dod_date = best.date
                facts.dod = Fact(best.text, doc.doc_id, s + best.start, s + best.end)
                return
