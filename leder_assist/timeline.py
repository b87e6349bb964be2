"""The timeline of key episodes: dated events across every document of a case.

Each event has a normalised date with its precision, the original date text, a setting,
a short redacted summary and its sources. Dates are day first; relative dates ("two days
later", "on admission") are anchored to the entry or document date and marked
``relative``; impossible dates are kept with ``date=None`` and a flag, never swapped.
The same episode reported in two documents (same date, same kind) appears once with
both sources. Holes (long stretches with no record in the final two years) are flagged.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from pydantic import Field

from .config import Settings
from .dates import DateMention, find_dates, find_day_only, find_relative, find_years, referent_at, with_month, with_year
from .extract.context import ContextMatcher
from .facts import PersonFacts, dob_spans, person_facts
from .record import Case, Document, Setting, SourceRef, TimelineEvent, TimelineGap
from .redact import CaseRedaction
from .rules import OptionalPattern, Patterns, RuleModel, load_rules, start_guard
from .extract.sentences import sentence_spans
from .segment import Entry, dated_entries

SETTING_OF_KIND: dict[str, Setting] = {"gp_record": "gp", "discharge_summary": "hospital", "care_notes": "care_home",
                                       "family": "family", "notification": "other", "other": "other"}
SUMMARY_CHARS = 220
BEFORE_CHARS = 120  # how much text before a sentence a rule's `preceded_by` sees


class EventRule(RuleModel):
    id: str
    kind: str
    patterns: Patterns
    exclude: Patterns = []
    section: OptionalPattern = Field(None, description="only under a heading matching this (e.g. a problem list)")
    setting: Setting | None = None
    context_exempt: list[str] = Field([], description="context that does not stop this event, as for theme rules "
                                                      "(a cancelled appointment is a 'did not attend')")
    written: bool = Field(False, description="the writing is the episode: in an e-mail or letter of a file of several, "
                                             "an undated sentence takes the message's date ('I think someone should look "
                                             "at his care properly')")
    preceded_by: OptionalPattern = Field(None, description="only when the text just before the sentence (the line or "
                                                           "label it continues) matches this: 'Arrangement: live-in. "
                                                           "Start date 01/09/2017'")

    @cached_property
    def regexes(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.I | re.M) for p in self.patterns]

    @cached_property
    def excludes(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.I | re.M) for p in self.exclude]

    @cached_property
    def any_pattern(self) -> re.Pattern[str] | None:
        """All patterns in one alternation: one scan of a sentence tells whether any of them matches
        (most sentences match none of a rule's patterns; about half the time of one scan each)."""
        if len(self.patterns) < 2:
            return None
        try:
            joined = "|".join(f"(?:{p})" for p in self.patterns)
            return re.compile(f"{start_guard(joined, re.I | re.M)}(?:{joined})", re.I | re.M)
        except re.error:  # a pattern that cannot be joined (a back-reference): scanned on its own
            return None

    def match(self, text: str, heading: str = "", before: str = "") -> re.Match[str] | None:
        """The first pattern match in ``text`` (None when no pattern matches, or an exclusion does)."""
        if self.section is not None and not re.search(self.section, heading, re.I):
            return None
        if self.preceded_by is not None and not re.search(self.preceded_by, before, re.I):
            return None
        if self.any_pattern is not None and not self.any_pattern.search(text):
            return None
        if any(r.search(text) for r in self.excludes):
            return None
        return next((m for r in self.regexes if (m := r.search(text))), None)


class TimelineRules(RuleModel):
    gap_days: int = 183
    gap_window_days: int = 730
    events: list[EventRule]
    # a document that is itself the episode, by its title ("Transition to adult services: meeting notes", "EPILEPSY CARE
    # PLAN", "Care Act assessment (section 9) - summary"): one event on the document's own date
    documents: list[EventRule] = []


def timeline_rules(settings: Settings) -> TimelineRules:
    return load_rules(settings, "timeline.yaml", TimelineRules)


# the label of the day a letter was typed, dictated or printed, before its date
_WRITING_DATE = re.compile(r"(?i)\b(?:typed|dictated|transcribed|printed|date[ \t]+(?:typed|dictated|printed))[ \t]*(?:on)?[ \t]*[:\-]?[ \t]*$")
_HEADING_LINE = re.compile(r"^[ \t]*([A-Z][A-Za-z /&()'-]{2,40})[ \t]*$", re.M)
# a sub-heading that only qualifies the heading above it ("PROBLEM LIST" / "Active", "Inactive / other")
_PROBLEMS = re.compile(r"(?i)\bproblems?\b")
_SUBHEADING = re.compile(r"(?i)(?:active|inactive|current|past|previous|historic(?:al)?|resolved|ongoing|significant|"
                         r"minor|major|other)\b[ /&a-z-]*$")


def _headings(text: str) -> list[tuple[int, str]]:
    """Heading lines with their offsets; a qualifying sub-heading keeps the heading above it
    ("PROBLEM LIST - Active"), so a rule for a section still knows where it is."""
    out: list[tuple[int, str]] = []
    indents: list[int] = []
    for m in _HEADING_LINE.finditer(text):
        heading = m.group(1).strip()
        indent = m.start(1) - m.start()
        # an item indented under a problem list's heading or sub-heading ("Active" / "  Down's syndrome (from birth)")
        # is a problem, not a heading
        if out and indent > indents[-1] and (_SUBHEADING.fullmatch(out[-1][1].split(" - ")[-1]) or _PROBLEMS.search(out[-1][1])):
            continue
        # ... and so is a line in ordinary case under a problem list headed in capitals ("PROBLEMS" / "Down's syndrome
        # (congenital)" / "Hypothyroidism (1994)"): the next heading is in capitals too
        if out and _PROBLEMS.search(out[-1][1]) and out[-1][1].split(" - ")[0].isupper() and not heading.isupper() \
                and not _SUBHEADING.fullmatch(heading):
            continue
        if out and _SUBHEADING.fullmatch(heading):
            parent = out[-1][1].split(" - ")[0]
            heading = f"{parent} - {heading}"
        out.append((m.start(), heading))
        indents.append(indent)
    return out


@dataclass
class _Anchors:
    document: tuple[dt.date, str] | None
    admission: tuple[dt.date, str] | None
    latest: dt.date | None  # the document's latest full date: the year of "14/02" is read from it
    headings: list[tuple[int, str]]

    def heading_at(self, offset: int) -> str:
        i = bisect.bisect_right(self.headings, (offset, "\uffff")) - 1
        return self.headings[i][1] if i >= 0 else ""


class _Covered:
    """Whether an offset falls in any of a document's spans (page headers and footers, dates of birth):
    the spans merged and searched by bisection, as a long bundle has hundreds of them."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def __call__(self, offset: int) -> bool:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._ends[i]


# a document header's label for the date of what it records: "Date:", "Date/place:", "Date of visit:", "Review date:"
_HEADER_DATE = re.compile(r"(?im)(?:^|[ \t]{2,})(?:date(?:[ \t]*/[ \t]*(?:place|time|venue))?(?:[ \t]+of[ \t]+(?:the[ \t]+)?"
                          r"(?:review|meeting|visit|call|conversation|assessment|contact|interview))?|(?:review|meeting|visit|call|"
                          r"conversation|assessment|interview)[ \t]+date)[ \t]*:[ \t]*")
_DAY_NAME = re.compile(r"(?i)(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?[ \t]+)?")
HEADER_CHARS = 700  # how far into a document its header may give that date


def _header_date(text: str) -> tuple[dt.date, str] | None:
    """The full date after a header's date label ("Date: 20th March 2024, 18:00"), within the document's header."""
    for m in _HEADER_DATE.finditer(text[:HEADER_CHARS]):
        line_end = text.find("\n", m.end())
        rest = text[m.end():line_end if line_end >= 0 else len(text)]
        found = find_dates(rest)
        day_name = _DAY_NAME.match(rest).end()  # "Date: Wed 10 April 2024"
        if found and found[0].start <= day_name and found[0].date and found[0].precision == "day":
            return found[0].date, found[0].text
    return None


def _document_anchor(doc: Document, dobs: _Covered) -> tuple[dt.date, str] | None:
    """The document's own date: its first full date that is not a date of birth."""
    for d in find_dates(doc.text[:1500]):
        if d.date and d.precision == "day" and not dobs(d.start):
            return d.date, d.text
    return None


# words in brackets or quotation marks within a sentence (on one line)
_EMBEDDED = re.compile(r"\([^()\n]*\)|\"[^\"\n]*\"|“[^”\n]*”")

# a field label just before a date ("... Died: 27/06/2024"): it belongs to that date, not to the one before
_LABEL_BEFORE = re.compile(r"(?:^|(?<=\s))[A-Z][A-Za-z /&'-]{1,30}:\s*$")


# a date naming an earlier decision or document by when it was made, which the sentence then changes ("The DNACPR
# of 19/02 was rescinded after this discussion", "the care plan dated 3/1 has been replaced"): in a dated entry the
# change happened on the entry's date ("the night of 17/02" is a time, not a thing; "the eConsult of 06/11 describing
# vomiting" tells what happened then)
_BACK_REFERENCE = re.compile(r"\b(?:the|his|her|their|this|that)\s+(?!(?:night|morning|evening|afternoon|day|week|weekend|"
                             r"end|start|beginning|middle|month|year|early|late)\b)(?:[\w-]+\s+){0,2}?[\w-]+\s+(?:of|dated)\s+$", re.I)
_CHANGED = re.compile(r"\s*(?:was|were|has been|have been|had been|is|is being|are)\s+(?:now\s+|then\s+|formally\s+)?"
                      r"(?:rescinded|cancell?ed|withdrawn|reversed|revoked|replaced|updated|amended|superseded|"
                      r"discontinued|stopped|ended|changed|reviewed|torn up|removed)\b", re.I)


# an appointment named by its date ("appointment of 30/05/23", "clinic on 12/09", "her assessment 22/02/2024") ...
_APPOINTMENT_OF = re.compile(r"\b(?:appointments?|appts?|clinics?|assessments?|reviews?|operations?|surgery|scans?|visits?|"
                             r"procedures?|admissions?)[ \t]+(?:(?:of|on|for|dated|booked for|due on)[ \t]+)?(?:the[ \t]+)?$", re.I)
# ... then called off, with no new date of its own
_CALLED_OFF = re.compile(r"[ \t]*(?:\([^()\n]{0,30}\)[ \t]*)?[,:]?[ \t]*(?:(?:was|has been|had been|is|now|then)[ \t]+)*"
                         r"(?:cancell?ed|postponed|called off|stood down|deferred|put back)\b(?![ \t]+(?:to|until|till)\b)", re.I)

# an episode told in the past tense just before a later date is no plan: an entry summing up what followed
# ("14.03.21  A&E letter ... Transferred to Cedar Ward. Discharged 28/04/21 on sertraline")
_PAST_EPISODE_BEFORE = re.compile(r"\b(?:discharged|admitted|transferred|died|moved|diagnosed|returned)\b[^.\n:]{0,25}$", re.I)
_ONLY_DATE = re.compile(r"[\s,;.:\-–]*(?:(?:on|dated?|mon|tue|wed|thu|fri|sat|sun)\w*[\s,;.:\-–]*)*", re.I)


def _without(text: str, mentions: list[DateMention], offset: int) -> str:
    """``text`` (found at ``offset`` in the sentence) with the date mentions in it blanked."""
    for m in mentions:
        a, b = max(m.start - offset, 0), min(m.end - offset, len(text))
        if a < b:
            text = text[:a] + " " * (b - a) + text[b:]
    return text


def _clauses(text: str, mentions: list[DateMention]) -> list[tuple[DateMention, tuple[int, int], tuple[int, int]]]:
    """For a sentence with several dates, the stretch of text that belongs to each date, and the
    list item within it, as (date, item, stretch).

    Each date's stretch runs from the end of the date before it to the start of the next one (or to a semicolon between them),
    except that a label heading the next date ("Admitted: 20/06/2024   Died: 27/06/2024") is
    not part of the stretch of the date before. A list the sentence splitter left as one sentence
    ("Hypothyroidism (2002)\nAlzheimer's disease (18/06/2019)\nDysphagia (10/05/2023)") keeps each
    date to its own item (see :func:`_item_edges`); a date alone on its line has the whole stretch.
    """
    out = []
    for i, m in enumerate(mentions):
        start = mentions[i - 1].end if i else 0
        if i and (semi := text.rfind(";", start, m.start)) >= 0:
            start = semi + 1  # a semicolon between two dates parts their clauses ("... 08/12/2024 in shock; died 10/12/2024")
        end = len(text)
        if i + 1 < len(mentions):
            label = _LABEL_BEFORE.search(text, m.end, mentions[i + 1].start)
            end = label.start() if label else mentions[i + 1].start
            if (semi := text.find(";", m.end, end)) >= 0:
                end = semi + 1
        item = _item_edges(text, m, start, end)
        if not re.search(r"[A-Za-z]", _without(text[item[0]:item[1]], [m], item[0])):
            item = (start, end)
        out.append((m, item, (start, end)))
    return out


# a bullet, "[2001]", "3." or "1b" heads a list item; a year or a date heads a record's line
_LEADER = re.compile(r"[ \t]*\.{4,}[ \t]*")
_ITEM_START = re.compile(r"[ \t]*(?:[\-*\u2022\[]|\d+[.)][ \t]|\d[a-c]\b|(?:19|20)\d\d\b|\d{1,2}[./\-]\d{1,2}[./\-]\d{2,4}\b"
                         r"|\d{1,2}-[A-Z][a-z]{2}-\d{2,4}\b)")
_ITEM_END = re.compile(r"[).;:][ \t]*$")  # "Hypothyroidism (2002)" ends one
# a line that runs on into the next: it ends with a little word, a comma or a title ("admission to\nHeron Ward")
_RUNS_ON = re.compile(r"(?i:\b(?:to|of|and|or|the|a|an|in|on|at|with|for|from|by|after|before|into|onto|under|was|is|"
                      r"were|had|has|her|his|their|Dr|Mr|Mrs|Ms|Miss|Nurse|Sister)|[,\-\u2013/&])[ \t]*$")


def _item_edges(text: str, m: DateMention, start: int, end: int) -> tuple[int, int]:
    """The line of a list item holding the date ``m``, within ``start``-``end``: a line break is an edge
    after a line that is finished (a bracket or stop, or a heading that does not run on) or before a
    bullet; a wrapped line of prose running on in lower case, after a little word, is not."""
    for nl in range(m.start - 1, start - 1, -1):
        if text[nl] == "\n":
            prev = text[text.rfind("\n", 0, nl) + 1 : nl]
            if _ITEM_END.search(prev) or _ITEM_START.match(text, nl + 1) or (
                    not _RUNS_ON.search(prev) and text[nl + 1 : nl + 80].lstrip(" \t")[:1].isupper()):
                start = nl + 1
                break
    nl = text.find("\n", m.end, end)
    while nl != -1:
        line = text[text.rfind("\n", 0, nl) + 1 : nl]
        if _ITEM_END.search(line) or _ITEM_START.match(text, nl + 1):
            end = nl
            break
        nl = text.find("\n", nl + 1, end)
    return start, end


def _entry_end(entry: Entry) -> dt.date:
    """The last day an entry's date covers: a month's or a year's entry ("May 2019 - ... First visit 14.05.19.") tells of
    days within it, which are no plans."""
    d = entry.date
    assert d is not None
    if entry.precision == "year":
        return dt.date(d.year, 12, 31)
    if entry.precision == "month":
        return (dt.date(d.year + d.month // 12, d.month % 12 + 1, 1) - dt.timedelta(days=1))
    return d


def _about(referent: str, text: str) -> bool:
    """Whether an entry's text so far is about ``referent`` ("meeting"), so that "three days after the
    meeting" can count from the entry's date; never for an undated document or an unnamed referent."""
    return bool(referent and text and re.search(rf"\b{re.escape(referent)}", text, re.I))


# what stands between two dates of one episode ("Sep 2023 / Nov 2023", "3/4 and 5/4")
_DATE_PAIR = re.compile(r"[ \t]*(?:[/&,+]|\band\b)[ \t]*")

# where a clause ends and the next episode begins ("..., and then on Saturday it was bad")
_NEXT_CLAUSE = re.compile(r",?\s+(?:and\s+)?then\b|;|\.(?:\s|$)", re.I)

# what may stand between an event's words and its date: a first month of two ("diagnosed Sept/Oct 23")
_DATE_LEAD = re.compile(r"[ \t]*[A-Za-z]{3,9}\.?[ \t]*/[ \t]*")


class TimelineBuilder:
    """Loads the timeline rules once; builds the timeline of any case."""

    def __init__(self, settings: Settings) -> None:
        self.rules = timeline_rules(settings)
        self.context = ContextMatcher.load(settings)  # the ConText rules of rules/context.yaml, loaded once

    def rule_for(self, text: str, heading: str = "", before: str = "", at: int | None = None) -> EventRule | None:
        """The first rule (in file order) that matches ``text`` under ``heading``.

        A match that the ConText rules (``rules/context.yaml``, as for themes) find negated,
        only planned or conditional, or about someone else ("No signs of sepsis", "if any
        seizure lasts ...") makes no event, unless the rule is exempt from that context; a
        death is always kept. ``before`` is the text just before the sentence, for rules that
        look at it (``preceded_by``). ``at``: where the date stands in ``text``; a rule whose words
        end right before it wins over one that comes first in the file.
        """
        found = None
        for rule in self.rules.events:
            m = rule.match(text, heading, before)
            if m is None:
                continue
            if rule.kind != "death" and self.context.flags(text, m.start(), m.end()).blocks(rule.context_exempt):
                continue
            if at is None:
                return rule
            if found is None:
                found = rule
            if at - 3 <= m.end() <= at or (m.end() <= at and _DATE_LEAD.fullmatch(text, m.end(), at)):
                # the words right before the date say what it is ("admitted ..., discharged 13/02/2024"; "diagnosed
                # Sept/Oct 23, palliative, died at home": the diagnosis's date, not the death's)
                return rule
        return found

    def build(self, case: Case, redaction: CaseRedaction,
              facts: PersonFacts | None = None) -> tuple[list[TimelineEvent], list[TimelineGap]]:
        facts = facts or person_facts(case)
        events: list[TimelineEvent] = []
        for doc in case.documents:
            if doc.status == "ok":
                events += self._document_events(doc, redaction, facts)
        if facts.dod_date and facts.dod and not any(e.kind == "death" and e.date == facts.dod_date for e in events):
            doc = case.document(facts.dod.doc_id)
            events.append(self._event(doc, redaction, "death", "other", facts.dod_date, "day", facts.dod.value,
                                      facts.dod.start, facts.dod.end, "tl.death_field"))
        if facts.dod_date:
            # a death dated long before the person's recorded death is someone else's ("Ron died in 1988"): a
            # bereavement in the person's life
            for e in events:
                if e.kind == "death" and e.date and (facts.dod_date - e.date).days > 366:
                    e.kind = "bereavement"
        events = merge_events(events, facts)
        return events, find_gaps(events, facts.dod_date, self.rules.gap_days, self.rules.gap_window_days)

    def _title_event(self, doc: Document, redaction: CaseRedaction, anchor: tuple[dt.date, str] | None) -> list[TimelineEvent]:
        """The episode a document's title names, on the document's own date (see ``documents`` in the rules): the date
        its header gives the episode ("Review date: 17th January 2024", "Date/place: 14/03/2024, at ..."), else its
        first full date (the header's "Arrangement start: 01/03/2010" or "died 18/01/2023" is not when it happened)."""
        lines = [m for m in re.finditer(r"[^\n]*\S[^\n]*", doc.text[:400])][:3]
        anchor = _header_date(doc.text) or anchor
        for m in lines if anchor else ():
            rule = next((r for r in self.rules.documents if r.match(m.group())), None)
            if rule is not None:
                return [self._event(doc, redaction, rule.kind, rule.setting or SETTING_OF_KIND[doc.kind], anchor[0], "day",
                                    anchor[1], m.start(), m.end(), rule.id, flags=["date of the document"])]
        return []

    def _document_events(self, doc: Document, redaction: CaseRedaction, facts: PersonFacts) -> list[TimelineEvent]:
        dobs = _Covered(dob_spans(doc.text))
        full = [d.date for d in find_dates(doc.text) if d.date and d.precision == "day"
                and not dobs(d.start) and d.date != facts.dob]
        latest = max(full) if full else None
        anchors = _Anchors(_document_anchor(doc, dobs), None, latest,
                           _headings(doc.text))
        entries = dated_entries(doc.text)
        for en in entries:
            if en.date is None and en.date_text and latest:
                en.date = with_year(find_dates(en.date_text.rstrip(":"), with_partial=True)[0], latest) \
                    if find_dates(en.date_text.rstrip(":"), with_partial=True) else None
        skip = _Covered([(r.start, r.end) for r in doc.regions if r.kind in ("header", "footer", "property", "comment")])
        setting = SETTING_OF_KIND[doc.kind]
        starts = [en.start for en in entries]
        out = self._title_event(doc, redaction, anchors.document)
        for s, e in sentence_spans(doc.text):
            if skip(s):
                continue
            text = doc.text[s:e]
            i = bisect.bisect_right(starts, s) - 1
            entry = entries[i] if i >= 0 and entries[i].start <= s < entries[i].end else None
            out += self._sentence_events(doc, redaction, s, text, entry, anchors, dobs, facts, setting)
        return out

    def _sentence_events(self, doc: Document, redaction: CaseRedaction, s: int, text: str, entry: Entry | None,
                         anchors: _Anchors, dobs: _Covered, facts: PersonFacts,
                         setting: Setting) -> list[TimelineEvent]:
        # (nor when a letter was typed or printed: "Clinic date: 25/10/2022   Typed: 27/10/2022")
        mentions = [d for d in find_dates(text, with_partial=True) + find_years(text)
                    if not dobs(s + d.start) and not (d.date and d.date == facts.dob)
                    and not _WRITING_DATE.search(text, max(0, d.start - 24), d.start)]
        mentions.sort(key=lambda d: d.start)
        if entry is not None and mentions and s + mentions[0].start == entry.date_start:
            mentions = mentions[1:]  # the entry's own date heads the line; it is the anchor
        if entry is not None and entry.date and entry.date == facts.dob:
            entry = None  # a problem list's "03/04/1966 Down's syndrome": a birth date, not an episode
        if entry is not None and entry.date:
            # "rang the GP on the 4th" in an entry of 6 March: the month (and year) come from the entry's date
            for d in find_day_only(text):
                if all(d.end <= m.start or d.start >= m.end for m in mentions) and (date := with_month(d, entry.date)):
                    mentions.append(DateMention(d.start, d.end, d.text, date, "day", ["month inferred from the entry date"]))
            mentions.sort(key=lambda d: d.start)
        for m in mentions:
            if m.date is None and "no_year" in m.flags:
                year_from = entry.date if entry is not None and entry.date else anchors.latest
                m.date = with_year(m, year_from) if year_from else None
                m.flags = ["year inferred from the document"] if m.date else m.flags
        heading = anchors.heading_at(s)
        before = doc.text[max(0, s - BEFORE_CHARS):s]
        out = []
        # an e-mail's or letter's date (a header entry) anchors its relative dates ("opened today"), but what it tells
        # without a date of its own did not happen that day ("diagnosed as a child"), unless the writing is the episode
        dated_entry = entry is not None and entry.date is not None and not entry.header
        if mentions:
            # in a dated entry, a date in brackets or quotation marks belongs to what is said there ("Referral to
            # neurology: "seizures since Nov 23"", "(admitted 09/12/2023, discharged 12/12/2023)"); the rest of
            # the sentence is the entry's own episode, on the entry's date. Outside an entry the same holds when
            # the sentence has a date of its own outside the brackets ("Date of death: 14/02/2024 (found at home;
            # last known contact 11/02/2024)")
            # (a bracket holding only a date restates the date of what precedes it: "on Tuesday (28/11/2023)")
            spans = [(m.start(), m.end()) for m in _EMBEDDED.finditer(text)
                     if not _ONLY_DATE.fullmatch(_without(text[m.start() + 1:m.end() - 1], mentions, m.start() + 1))]
            inner = [(m, a, b) for m in mentions for a, b in spans if a <= m.start < b]
            if inner and (dated_entry or len(inner) < len(mentions)):
                found = []
                for group in sorted({(a, b) for _, a, b in inner}):
                    dated = [m for m, a, b in inner if (a, b) == group]
                    for m, (cs, ce), _ in _clauses(text[: group[1]], dated):
                        cs = max(cs, group[0])
                        rule = self.rule_for(text[cs:ce], heading)
                        if rule is not None:
                            found.append(group)
                            out.append(self._event(doc, redaction, rule.kind, rule.setting or setting, m.date, m.precision,
                                                   m.text, s + cs, s + ce, rule.id, flags=list(m.flags)))
                if not dated_entry:  # outside an entry, only brackets that told of an episode of their own
                    spans = found
                    inner = [(m, a, b) for m, a, b in inner if (a, b) in found]
                for a, b in spans:
                    text = text[:a] + " " * (b - a) + text[b:]
                mentions = [m for m in mentions if not any(m is i for i, _, _ in inner)]
            if dated_entry:
                mentions = [m for m in mentions if not (m.date and m.date < entry.date and _CHANGED.match(text, m.end)
                                                        and _BACK_REFERENCE.search(text[max(0, m.start - 60):m.start]))]
                # an appointment still to come named by its date, then called off ("Letter TRI neurology: appointment of
                # 30/05/23 cancelled", "clinic 12/09 postponed"): the calling off is what happened, on the entry's date
                mentions = [m for m in mentions if not (m.date and m.date > _entry_end(entry) and _CALLED_OFF.match(text, m.end)
                                                        and _APPOINTMENT_OF.search(text[max(0, m.start - 40):m.start]))]
            first = mentions[0] if mentions else None
            if dated_entry and first is not None and first.date and first.date > _entry_end(entry) \
                    and not _PAST_EPISODE_BEFORE.search(text[max(0, first.start - 40):first.start]):
                # "Neurology booking letter received: appointment 18/11/2024": a date after the entry's is a plan
                # (an appointment); what heads the sentence before it happened on the entry's date
                cut = text.rfind(":", 0, first.start)
                cut = cut if cut > 0 else first.start
                head = self.rule_for(text[:cut], heading, before)
                if head is not None:
                    out.append(self._event(doc, redaction, head.kind, head.setting or setting, entry.date, entry.precision,
                                           entry.date_text, s, s + cut, head.id, flags=["date of the entry"]))
                    text = " " * cut + text[cut:]
        if mentions:
            previous = None
            clauses = _clauses(text, mentions)
            for k, (m, (cs, ce), (us, ue)) in enumerate(clauses):
                rule = self.rule_for(text[cs:ce], heading, before if cs == 0 else "", at=m.start - cs)
                if rule is None and k + 1 < len(clauses) and _DATE_PAIR.fullmatch(text, m.end, clauses[k + 1][0].start):
                    # the first of two dates heading one episode ("Sep 2023 / Nov 2023  Admin - invitation letters x2"):
                    # what follows the second is what happened on both
                    ce = clauses[k + 1][2][1]
                    rule = self.rule_for(text[cs:ce], heading, before if cs == 0 else "")
                if rule is None and (cs, ce) != (us, ue):
                    # the line's own words say nothing the rules know: the whole stretch may ("admitted ... \n on 3/4")
                    rule = self.rule_for(text[us:ue], heading, before if us == 0 else "")
                    cs, ce = us, ue
                rule = rule or (self.rule_for(text, heading, before) if len(mentions) == 1 else None)
                if rule is None and previous is not None and len(re.findall(r"[A-Za-z]+", _without(text[cs:ce], mentions, cs))) <= 3:
                    # a date listed after another of the same kind ("a seizure on 28/12/24, one on 11/01/25", "and 3/4"):
                    # the whole sentence says what it was
                    rule, cs, ce = previous, 0, len(text)
                previous = rule
                if rule is None:
                    continue
                if rule.kind == "admission" and m.date and anchors.admission is None:
                    anchors.admission = (m.date, m.text)
                ev = self._event(doc, redaction, rule.kind, rule.setting or setting, m.date, m.precision, m.text,
                                 s + cs, s + ce, rule.id, flags=list(m.flags))
                out.append(ev)
            return out
        rule = self.rule_for(text, heading, before)
        if rule is None or not text.strip():
            return out
        base = (entry.date, entry.date_text) if entry and entry.date else anchors.document
        relatives = find_relative(text)
        # a relative date in brackets beside what the sentence tells is an aside ("LD liaison nurse reviewed (on leave
        # yesterday)"): it does not date the episode, when the rule's words stand outside the brackets
        asides = [(m.start(), m.end()) for m in _EMBEDDED.finditer(text)]
        for i, rel in enumerate(relatives):
            anchor = anchors.admission if rel.anchor == "admission" else base
            if anchor is None:
                continue
            aside = next(((a, b) for a, b in asides if a <= rel.start and rel.end <= b), None)
            if aside and rule.match(text[:aside[0]] + " " * (aside[1] - aside[0]) + text[aside[1]:], heading, before):
                continue
            if rel.weekday is not None:
                # "last Thursday at chess his chest went tight ..., and then on Saturday he went to A&E": the day is
                # what its own clause tells, up to the next relative date or "and then"
                start = relatives[i - 1].end if i else 0
                end = relatives[i + 1].start if i + 1 < len(relatives) else len(text)
                cut = _NEXT_CLAUSE.search(text, rel.end, end)
                end = cut.start() if cut else end
                clause_rule = self.rule_for(text[start:end], heading, before if start == 0 else "")
                if clause_rule is None:
                    continue
                out.append(self._event(doc, redaction, clause_rule.kind, clause_rule.setting or setting, rel.resolve(anchor[0]),
                                       "day", rel.text, s + start, s + end, clause_rule.id, relative=True,
                                       flags=[f"relative to entry date {anchor[1]}"]))
                return out
            referent = rel.referent or referent_at(doc.text, s + rel.end)  # the sentence may end at a line break
            if rel.rule == "after" and not _about(referent, doc.text[entry.start:s + rel.start] if entry else ""):
                continue  # "a week after our first meeting": counts from something this entry is not about
            out.append(self._event(doc, redaction, rule.kind, rule.setting or setting, rel.resolve(anchor[0]), "day",
                                   rel.text, s, s + len(text), rule.id, relative=True,
                                   flags=[f"relative to {'admission' if rel.anchor == 'admission' else 'entry'} date {anchor[1]}"]))
            return out
        if entry is not None and entry.date and (not entry.header or rule.written):
            out.append(self._event(doc, redaction, rule.kind, rule.setting or setting, entry.date, entry.precision,
                                   entry.date_text, s, s + len(text), rule.id, flags=["date of the entry"]))
        return out

    @staticmethod
    def _event(doc: Document, redaction: CaseRedaction, kind: str, setting: Setting, date: dt.date | None,
               precision: str, date_text: str, start: int, end: int, rule_id: str, relative: bool = False,
               flags: list[str] | None = None) -> TimelineEvent:
        quote = " ".join(redaction.quote(doc, start, end).split())
        # a date heading the sentence is in the Date column already; one inside it stays, so it still reads
        summary = quote[len(date_text):].strip(" -–:,;|.") if date_text and quote.startswith(date_text) else quote
        summary = _LEADER.sub(": ", summary)  # a form row's dot leaders ("Asthma ...... 2002") read as a colon
        if "|" in summary:  # a table's row, perhaps wrapped onto the next: its cells' words, not its rules and bars
            cells = [c.strip() for c in _TABLE_RULE.sub(" ", summary).split("|")]
            summary = " ".join(c for c in cells if c and c != date_text.strip())
        if len(summary) > SUMMARY_CHARS:
            summary = summary[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
        page = doc.page_at(start)
        return TimelineEvent(date=date, precision=precision, date_text=date_text, summary=summary or quote,  # type: ignore[arg-type]
                             setting=setting, doc_id=doc.doc_id, page=page, quote=quote, relative=relative,
                             flags=flags or [], kind=kind, source=rule_id,
                             sources=[SourceRef(doc_id=doc.doc_id, page=page, start=start, end=end)])


_TABLE_RULE = re.compile(r"\+[-=+]{3,}\+?")


def merge_events(events: list[TimelineEvent], facts: PersonFacts) -> list[TimelineEvent]:
    """One event per (date, kind): later reports of the same episode become extra sources."""
    merged: dict[tuple[object, ...], TimelineEvent] = {}
    for ev in events:
        if ev.date and facts.dob and ev.date < facts.dob:
            continue
        key = (ev.date, ev.kind, ev.precision) if ev.date else (None, ev.doc_id, ev.sources[0].start)
        if key in merged:
            have = merged[key]
            for src in ev.sources:
                if all((s.doc_id, s.start) != (src.doc_id, src.start) for s in have.sources):
                    have.sources.append(src)
        else:
            merged[key] = ev
    out = list(merged.values())
    out.sort(key=lambda e: (e.date is None, e.date or dt.date.min, e.kind != "death"))
    return out


def find_gaps(events: list[TimelineEvent], death: dt.date | None, gap_days: int, window_days: int) -> list[TimelineGap]:
    """Stretches of more than ``gap_days`` with no dated event in the final ``window_days`` before death."""
    if death is None:
        return []
    start = death - dt.timedelta(days=window_days)
    dates = sorted({e.date for e in events if e.date and e.precision == "day" and start <= e.date <= death})
    points = [start, *dates, death]
    return [TimelineGap(start=a, end=b, days=(b - a).days) for a, b in zip(points, points[1:]) if (b - a).days > gap_days]
