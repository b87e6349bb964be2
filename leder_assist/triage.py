"""Triage: recommend an initial review only, or a focused review (../shared/docs/triage.md).

Policy triggers decide on their own (any one means `focused`); otherwise a transparent
weighted score does, each signal with its weight and evidence. A missing deciding fact
(ethnicity, learning disability status of an autistic adult) is an uncertainty, never a
"no". Everything configurable lives in ``rules/triage.yaml``. The result is advice: the
words shown say "recommended" and "advisory".
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property, lru_cache

from pydantic import Field

from .config import Settings
from .facts import PersonFacts, person_facts
from .fields import Field as FormField, find_field, ticked
from .record import Case, Document, Evidence, Signal, Theme, TimelineEvent, Triage, Trigger
from .redact import CaseRedaction
from .rules import Patterns, RuleModel, load_rules
from .dates import find_dates
from .extract.context import ContextMatcher
from .extract.sentences import sentence_spans



# What each weighted signal means, in a reviewer's words (theme signals are named by their theme).
SIGNAL_TEXT = {
    "AGE_UNDER_50": "died before the age of 50",
    "AGE_UNDER_65": "died before the age of 65",
    "AVOIDABLE_CAUSE": "a cause of death that good care can often prevent",
    "UNEXPECTED_DEATH": "the death was sudden or unexpected",
    "DIED_WITHIN_48H_OF_ADMISSION": "died within 48 hours of a hospital admission",
    "EMERGENCY_ADMISSIONS_2_IN_12_MONTHS": "two or more emergency admissions in the last 12 months",
    "CLASSIFIER": "the theme classifier's reading of all the documents together (no single quote)",
}


def signal_text(code: str, themes: list[Theme] | None = None) -> str:
    """A signal's meaning in plain words: "theme found: Delays in diagnosis ..." or "died before the age of 50"."""
    for theme in themes or ():
        if theme.code == code:
            if theme.found_by == "classifier":
                return f"theme found by the classifier only (no rule's wording): {theme.label}"  # its weight is shown beside it
            return f"theme found: {theme.label}"
    return SIGNAL_TEXT.get(code, code.replace("_", " ").lower())


def _any(patterns: list[str], text: str) -> bool:
    return any(re.search(p, text, re.I | re.M) for p in patterns)


# dots leading from a form's label to its answer, with the spaces around them
_LEADER = re.compile(r"^\s*(?:\.{2,}\s*)+")


def _clause(text: str, start: int, end: int) -> str:
    """The part of ``text`` around ``start:end`` between sentence ends (". ", "! ", "? ")."""
    before = [m.end() for m in re.finditer(r"[.!?][\"\u201d']?\s+", text[:start])]
    after = re.search(r"[.!?][\"\u201d']?(?:\s|$)", text[end:])
    return text[before[-1] if before else 0 : end + after.end() if after else len(text)]


class TriggerRule(RuleModel):
    id: str
    code: str
    enabled: bool = True
    reason: str
    patterns: Patterns
    exclude: Patterns = []
    kinds: list[str] | None = Field(None, description="only in documents of these kinds (e.g. notes of talks with the family)")
    not_kinds: list[str] = Field([], description="never in documents of these kinds (e.g. a professional's words, not the family's)")
    closed_after_years: int | None = Field(None, ge=0, description=(
        "a sentence whose every date (a bare year too) is more than this many years before the year of death tells of "
        "something long over, not open at the death ('2019  Safeguarding (section 42 enquiry)')"))

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.patterns), re.I | re.M)

    def fires(self, sentence: str, answer: str = "", negative: re.Pattern[str] | None = None,
              context: ContextMatcher | None = None) -> bool:
        """Whether ``sentence`` is evidence for the trigger.

        A form question or label ("Was the death referred to the coroner?", "Concerns about
        care: not known") is evidence only through its answer: the text after its "?", ":" or
        "|", or else ``answer`` (the next sentence); so is a heading that is nothing but the
        trigger's words ("Concerns about care" over "None, none at all."). An answer matching
        ``negative`` ("No", "None", "Not known") or no answer at all is not evidence. With
        ``context`` (the ConText rules), words about another resident or patient ("a safeguarding
        referral about the other resident's care plan") are not evidence either.
        """
        for m in self.regex.finditer(sentence):
            # an exclusion speaks for the clause the trigger is in, not for a neighbour inside the same
            # quotation ("I want a full review. I don't want a tick box.")
            if _any(self.exclude, _clause(sentence, m.start(), m.end())):
                continue
            if context is not None and context.flags(sentence, m.start(), m.end()).unrelated:
                continue
            break
        else:
            return False
        if _heading_only(sentence, m):
            reply = ticked(answer.strip())
            return bool(reply) and not (negative and negative.search(reply))
        # a form export's dot leader ("Concerns about care? .......... None known") is part of the separator
        sep = re.search(r"(?<!\d)(?:[?:|]|(?<=\s)\.{3,})(?!\d)", sentence[m.end():m.end() + 40])
        if sep is None:
            return True
        reply = _LEADER.sub("", sentence[m.end() + sep.end():]).strip()
        reply = reply or (answer.strip() if sep.group() != "|" else "")
        reply = ticked(reply)  # a tick-box answer is what is ticked ("Safeguarding concern? [ ] Yes [x] No")
        if not reply:
            return False
        # an answer the rule's exclusions speak for ("Referred to coroner? Discussed with coroner's office - no further
        # action") is no evidence, as in a sentence of its own
        return not (negative and negative.search(reply)) and not _any(self.exclude, reply)


def _heading_only(sentence: str, m: re.Match[str]) -> bool:
    """A heading or label that is nothing but the trigger's words, perhaps numbered ("Concerns about care",
    "4. Safeguarding referral"): what the notes say under it is its answer."""
    return not re.search(r"[A-Za-z]", sentence[:m.start()]) and not sentence[m.end():].strip()


# a year on its own ("2019  Safeguarding ..."), where no full date gives it
_YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d{2}(?![\d/.-]\d)")


def _long_before(sentence: str, death: dt.date, years: int) -> bool:
    """Whether ``sentence`` carries dates and every one of them is more than ``years`` years before ``death``."""
    dates = find_dates(sentence)
    found = [d.date.year for d in dates if d.date] + [int(y.group()) for y in _YEAR.finditer(sentence)
                                                      if not any(d.start <= y.start() < d.end for d in dates)]
    return bool(found) and max(found) < death.year - years


class EthnicityRule(RuleModel):
    id: str
    enabled: bool = True
    reason: str
    fields: Patterns
    triggering: Patterns
    not_triggering: Patterns
    not_recorded: Patterns
    # the notes saying in words that the person or their family are of a group that always triggers ("We are Irish
    # Travellers"): what people say of themselves decides, whatever a record's field codes
    triggering_text: Patterns = []
    uncertainty: str


class AutismRule(RuleModel):
    id: str
    enabled: bool = True
    reason: str
    autism_fields: Patterns
    autism: Patterns
    not_autism: Patterns
    ld_fields: Patterns
    ld_present: Patterns
    ld_absent: Patterns
    ld_absent_text: Patterns
    # where no form's field says it: the notes saying in words that the person is autistic ("Tomi was autistic.")
    autism_text: Patterns = []
    uncertainty: str


class ThemeDenial(RuleModel):
    """The notes saying plainly that a concern theme is not there ("they have no concerns about his care")."""
    kinds: list[str] | None = Field(None, description="only in documents of these kinds (e.g. notes of talks with the family)")
    patterns: Patterns
    exclude: Patterns = Field([], description="a denial with a concern beside it ('no concerns about the hospice, but ...') is none")


class SignalRules(RuleModel):
    themes: dict[str, float]
    # a concern theme whose every quote is dated more than this many years before the year of death ("s42 enquiry 2019
    # ... concluded") tells of something long over, not of the care around the death: no signal
    theme_closed_after_years: int | None = Field(None, ge=0)
    # the share of a theme's weight it carries when only the classifier found it (no rule did):
    # one sentence the model reads as "delay" is weaker evidence than a rule's plain wording
    classifier_only_theme: float = Field(1.0, ge=0, le=1)
    # a concern theme only the classifier found is no signal where the notes deny it in plain words: the family saying
    # they have no concerns about the care outweighs the model's reading of a sentence with "Mum said" in it
    classifier_only_denied: dict[str, ThemeDenial] = {}
    age_under_50: float
    age_under_65: float
    avoidable_cause: float
    avoidable_age_limit: int
    avoidable_causes: Patterns
    unexpected_death: float
    unexpected_patterns: Patterns
    unexpected_exclude: Patterns = []
    hospital_48h: float
    emergency_admissions_2: float
    classifier: float


class TriageRules(RuleModel):
    threshold: float = 50
    negative_answers: Patterns = Field(["no\\b", "none\\b", "nil\\b", "not known", "unknown", "not (?:stated|recorded)", "n/?a\\b"],
                                       description="answers to a form question that mean no (or not known)")
    ethnicity: EthnicityRule
    autism: AutismRule
    triggers: list[TriggerRule]
    signals: SignalRules

    @cached_property
    def negative_answer(self) -> re.Pattern[str]:
        """An answer that starts with one of ``negative_answers``."""
        return re.compile(r"^\W*(?:" + "|".join(f"(?:{p})" for p in self.negative_answers) + ")", re.I | re.M)


def triage_rules(settings: Settings) -> TriageRules:
    return load_rules(settings, "triage.yaml", TriageRules)


class _Notes:
    """Sentences of every readable document, with their redacted quotes made on demand."""

    def __init__(self, case: Case, redaction: CaseRedaction, facts: PersonFacts) -> None:
        self.case, self.redaction, self.facts = case, redaction, facts
        self.docs = sorted((d for d in case.documents if d.status == "ok"), key=lambda d: d.kind != "notification")
        self.sentences = [(d, s, e) for d in self.docs for s, e in sentence_spans(d.text)]

    def evidence(self, doc: Document, start: int, end: int, source: str) -> Evidence:
        return Evidence(doc_id=doc.doc_id, page=doc.page_at(start), quote=" ".join(self.redaction.quote(doc, start, end).split()),
                        start=start, end=end, source=source)

    def fields(self, names: list[str]) -> list[tuple[Document, FormField]]:
        regex = re.compile("|".join(f"(?:{n})" for n in names), re.I)
        return [(d, f) for d in self.docs for f in find_field(self.facts.fields.get(d.doc_id, []), regex)]


def triage(case: Case, redaction: CaseRedaction, themes: list[Theme], focused_probability: float | None,
           settings: Settings, facts: PersonFacts | None = None,
           timeline: list[TimelineEvent] | None = None) -> Triage:
    """The triage recommendation with its triggers, weighted signals and uncertainties."""
    rules = triage_rules(settings)
    notes = _Notes(case, redaction, facts or person_facts(case))
    triggers: list[Trigger] = []
    uncertainties: list[str] = []
    _ethnicity(notes, rules.ethnicity, triggers, uncertainties)
    _autism(notes, rules.autism, triggers, uncertainties)
    # the date of death as the forms give it, else as the timeline found it ("died peacefully at 05:10" in a dated entry)
    death = notes.facts.dod_date or max((e.date for e in timeline or () if e.kind == "death" and e.date), default=None)
    context = _context(settings)
    for rule in rules.triggers:
        if not rule.enabled:
            continue
        evidence = []
        for i, (d, s, e) in enumerate(notes.sentences):
            if (rule.kinds and d.kind not in rule.kinds) or d.kind in rule.not_kinds:
                continue
            nxt = notes.sentences[i + 1] if i + 1 < len(notes.sentences) and notes.sentences[i + 1][0] is d else None
            answer = d.text[nxt[1]:nxt[2]] if nxt else ""
            if (rule.closed_after_years is not None and death
                    and _long_before(d.text[s:e], death, rule.closed_after_years)):
                continue
            if rule.fires(d.text[s:e], answer, rules.negative_answer, context):
                end = nxt[2] if nxt and not _answered_within(d.text[s:e], rule) else e
                evidence.append(notes.evidence(d, s, end, rule.id))
        if not evidence:
            continue
        same = next((t for t in triggers if t.code == rule.code), None)
        if same is None:
            triggers.append(Trigger(code=rule.code, reason=rule.reason, evidence=evidence[:3]))
        else:  # a second rule for the same trigger adds its evidence
            same.evidence = (same.evidence + evidence)[:3]
    signals = _signals(notes, rules.signals, themes, focused_probability, timeline or [], death)
    score = min(100.0, round(sum(s.weight for s in signals), 1))
    if triggers:
        return Triage(recommendation="focused", score=None, threshold=rules.threshold, triggers=triggers,
                      signals=signals, uncertainties=uncertainties)
    return Triage(recommendation="focused" if score >= rules.threshold else "initial", score=score,
                  threshold=rules.threshold, signals=signals, uncertainties=uncertainties)


def _answered_within(sentence: str, rule: TriggerRule | None = None) -> bool:
    """False for a bare question or label whose answer is the next sentence ("Expected?" / "No.", "Concerns ..... ",
    a heading that is only the trigger's words)."""
    if rule is not None and (m := rule.regex.search(sentence)) and _heading_only(sentence, m):
        return False
    return not re.search(r"(?:[?:|]|(?<=\s)\.{3,})\s*$", sentence)


@lru_cache(maxsize=2)
def _context(settings: Settings) -> ContextMatcher:
    """The ConText rules (rules/context.yaml), loaded once per settings."""
    return ContextMatcher.load(settings)


def classify_ethnicity(value: str, rule: EthnicityRule) -> str:
    """'trigger', 'no_trigger' or 'not_recorded' for an ethnicity as written."""
    if _any(rule.not_recorded, value):
        return "not_recorded"
    if _any(rule.triggering, value):
        return "trigger"
    if _any(rule.not_triggering, value):
        return "no_trigger"
    return "trigger"


def _ethnicity(notes: _Notes, rule: EthnicityRule, triggers: list[Trigger], uncertainties: list[str]) -> None:
    if not rule.enabled:
        return
    recorded = False
    for doc, f in notes.fields(rule.fields):
        verdict = classify_ethnicity(ticked(f.value), rule)  # "(tick one): [ ] White - Irish ... [x] Pakistani"
        if verdict == "trigger":
            triggers.append(Trigger(code="ETHNICITY", reason=rule.reason, evidence=[notes.evidence(doc, f.start, f.end, rule.id)]))
            return
        if verdict != "not_recorded":
            recorded = True
            break
    # a family's own words ("We are Irish Travellers") over a record's "White Irish", or where no field records it
    said = next(((d, s, e) for d, s, e in notes.sentences if _any(rule.triggering_text, d.text[s:e])), None)
    if said is not None:
        doc, start, end = said
        triggers.append(Trigger(code="ETHNICITY", reason=rule.reason, evidence=[notes.evidence(doc, start, end, rule.id)]))
    elif not recorded:
        uncertainties.append(rule.uncertainty)


def _autism(notes: _Notes, rule: AutismRule, triggers: list[Trigger], uncertainties: list[str]) -> None:
    if not rule.enabled:
        return
    autism_at, ld = None, None  # ld: True present, False absent, None not stated
    for doc, f in notes.fields(rule.autism_fields):
        # "Autism: Yes", "Is the person autistic?  Yes": the field is about autism; otherwise its value must say so
        about = re.match("autis", f.name, re.I) or (re.search("autis", f.name, re.I) and "learning disab" not in f.name)
        answer = ticked(f.value)  # "Autistic:  [x] Yes  [ ] No  [ ] Not known"
        value = answer if about else answer if _any([r"autis|asperger"], answer) else ""
        if value and not _any(rule.not_autism, value) and _any(rule.autism, value) and autism_at is None:
            autism_at = (doc, f.start, f.end)
    for doc, f in notes.fields(rule.ld_fields):
        if re.match("autis", f.name, re.I):
            continue
        part = re.split(r"(?i)\bautis", ticked(f.value))[0]  # "Moderate learning disability and autism"
        if _any(rule.ld_absent, part):
            ld = ld if ld is not None else False
        elif _any(rule.ld_present, part) or re.search(r"learning disabilit", part, re.I):
            ld = True
    if autism_at is None:
        autism_at = next(((d, s, e) for d, s, e in notes.sentences
                          if _any(rule.autism_text, d.text[s:e]) and not _any(rule.not_autism, d.text[s:e])), None)
    if autism_at is None:
        return
    if ld is None and any(_any(rule.ld_absent_text, d.text[s:e]) for d, s, e in notes.sentences):
        ld = False
    if ld is False:
        doc, start, end = autism_at
        triggers.append(Trigger(code="AUTISM_NO_LD", reason=rule.reason, evidence=[notes.evidence(doc, start, end, rule.id)]))
    elif ld is None:
        uncertainties.append(rule.uncertainty)


def _signals(notes: _Notes, rules: SignalRules, themes: list[Theme], probability: float | None,
             timeline: list[TimelineEvent], death: dt.date | None = None) -> list[Signal]:
    out = []
    for theme in themes:
        evidence = theme.evidence
        if rules.theme_closed_after_years is not None and death:
            evidence = [ev for ev in evidence if not _long_before(ev.quote, death, rules.theme_closed_after_years)]
        if theme.found_by == "classifier" and _denied(notes, rules.classifier_only_denied.get(theme.code), theme):
            continue
        if theme.code in rules.themes and evidence:
            share = rules.classifier_only_theme if theme.found_by == "classifier" else 1.0
            out.append(Signal(code=theme.code, weight=round(rules.themes[theme.code] * share, 1), evidence=evidence[:2]))
    age = notes.facts.age
    if age is not None:
        age_ev = _fact_evidence(notes)
        if age < 50:
            out.append(Signal(code="AGE_UNDER_50", weight=rules.age_under_50, evidence=age_ev))
        elif age < 65:
            out.append(Signal(code="AGE_UNDER_65", weight=rules.age_under_65, evidence=age_ev))
    cause = notes.fields([r"cause of death"])
    for doc, f in cause:
        if age is not None and age < rules.avoidable_age_limit and _any(rules.avoidable_causes, ticked(f.value)):
            out.append(Signal(code="AVOIDABLE_CAUSE", weight=rules.avoidable_cause,
                              evidence=[notes.evidence(doc, f.start, f.end, "tr.avoidable_cause")]))
            break
    unexpected = [(d, s, e) for d, s, e in notes.sentences
                  if _any(rules.unexpected_patterns, d.text[s:e]) and not _any(rules.unexpected_exclude, d.text[s:e])]
    if unexpected:
        out.append(Signal(code="UNEXPECTED_DEATH", weight=rules.unexpected_death,
                          evidence=[notes.evidence(d, s, e, "tr.unexpected") for d, s, e in unexpected[:2]]))
    death = notes.facts.dod_date
    admissions = sorted({e.date for e in timeline if e.kind == "admission" and e.date and death and e.date <= death})
    if death and admissions and (death - admissions[-1]).days <= 2 and _died_in_hospital(notes):
        out.append(Signal(code="DIED_WITHIN_48H_OF_ADMISSION", weight=rules.hospital_48h,
                          evidence=_event_evidence(timeline, admissions[-1])))
    if death and len([d for d in admissions if (death - d).days <= 365]) >= 2:
        out.append(Signal(code="EMERGENCY_ADMISSIONS_2_IN_12_MONTHS", weight=rules.emergency_admissions_2,
                          evidence=[ev for d in admissions[-2:] for ev in _event_evidence(timeline, d)]))
    if probability is not None:
        out.append(Signal(code="CLASSIFIER", weight=round(rules.classifier * probability, 1), evidence=[]))
    return out


def _denied(notes: _Notes, denial: ThemeDenial | None, theme: Theme) -> bool:
    """Whether a sentence of the notes (of the denial's kinds) denies the theme and says nothing against it, while the
    theme's own evidence comes from other documents (what the family said in the same notes is not overruled)."""
    if denial is None:
        return False
    kinds = {d.doc_id: d.kind for d in notes.docs}
    if denial.kinds and any(kinds.get(ev.doc_id) in denial.kinds for ev in theme.evidence):
        return False
    return any(_any(denial.patterns, d.text[s:e]) and not _any(denial.exclude, d.text[s:e])
               for d, s, e in notes.sentences if not denial.kinds or d.kind in denial.kinds)


def _died_in_hospital(notes: _Notes) -> bool:
    return any(re.search(r"hospital|ward|infirmary|\bICU\b|\bED\b", ticked(f.value), re.I) for _, f in notes.fields([r"place of death"]))


def _fact_evidence(notes: _Notes) -> list[Evidence]:
    fact = notes.facts.age_fact or notes.facts.dod
    if fact is None:
        return []
    doc = notes.case.document(fact.doc_id)
    return [notes.evidence(doc, fact.start, fact.end, "facts.age")]


def _event_evidence(timeline: list[TimelineEvent], date: dt.date) -> list[Evidence]:
    return [Evidence(doc_id=e.doc_id, page=e.page, quote=e.quote, source=e.source)
            for e in timeline if e.date == date and e.kind == "admission"][:1]
