"""Notification check: what is missing from the notification of death.

Reviewers lose time chasing facts the notification should have stated (date, place and
cause of death, ethnicity, learning disability / autism status, GP, someone who knew the
person well, who notified). Items and their field names live in ``rules/notification.yaml``.
"""

from __future__ import annotations

import re
from functools import cached_property

from .config import Settings
from .dates import find_dates
from .fields import Field, find_field, form_fields, ticked
from .record import Case, Document, NotificationItem, SourceRef
from .rules import OptionalPattern, Patterns, RuleModel, load_rules


class ItemRule(RuleModel):
    id: str
    item: str
    label: str
    fields: Patterns
    # fields read only when the notification has none of ``fields`` (the next of kin, where the form does not
    # ask for someone who knew the person well)
    fallback_fields: Patterns = []
    # ... and these only on the notification itself (an e-mail's "Family: mother ..., sister ..." names the family to
    # contact; a safeguarding record's "Family: niece informed" does not)
    notification_fallback_fields: Patterns = []
    # any of the item's fields saying "not known" leaves it missing, whatever another says ("Learning
    # disability?: Not sure" beside "Autistic: Yes")
    unknown_in_any_field: bool = False
    # a form section for this item ("Section 4: Notifier") whose own fields ("Name | ...") count too
    section: OptionalPattern = None
    section_fields: Patterns = []
    # a field that states several things ("Died: 21/01/2024 at 16:52 on Ward 4") counts for this item
    # only if its value matches `needs` (a date for the date of death) ...
    needs: OptionalPattern = None
    # ... or still says something once its dates and times, and words matching `strip`, are taken out
    strip_dates: bool = False
    strip: Patterns = []
    # values that do not state this item however much they say (an e-mail sent from a no-reply address
    # is the notification system's, not the notifier's)
    not_values: Patterns = []
    # in documents other than the notification, the item said in prose ("MCCD issued by Dr X: 1a ...");
    # the pattern's `value` group must state something beyond "not known"
    prose: Patterns = []
    # in the notification itself, the item said in prose, as an e-mail or letter notification says it
    # ("TJ died yesterday ... on Marsh Ward", "His sister ... is his next of kin and knew him well")
    notification_prose: Patterns = []

    @cached_property
    def prose_regexes(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.I) for p in self.prose]

    @cached_property
    def notification_prose_regexes(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.I) for p in self.notification_prose]

    @cached_property
    def name_regex(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.fields), re.I)

    @cached_property
    def section_regexes(self) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None:
        """The section's heading line (a boxed form draws it inside bars: "| 4. NOTIFIED BY |"), the same words
        in a field's label, and the section's own field names; None when the item names no section."""
        if not self.section:
            return None
        return (re.compile(rf"^[ \t|]*[^|\n]*\b(?:{self.section})\b[^|\n]*?[ \t|]*$", re.I | re.M),
                re.compile(rf"\b(?:{self.section})\b", re.I),
                re.compile("|".join(self.section_fields), re.I))

    @cached_property
    def fallback_regex(self) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{p})" for p in self.fallback_fields), re.I) if self.fallback_fields else None

    @cached_property
    def notification_fallback_regex(self) -> re.Pattern[str] | None:
        names = self.fallback_fields + self.notification_fallback_fields
        return re.compile("|".join(f"(?:{p})" for p in names), re.I) if names else None


class NotificationRules(RuleModel):
    not_known: Patterns
    # a value that opens with one of these as a sentence of its own ("not yet known. Post-mortem carried out
    # 12/02/2024, result to follow.") says the item is not known: what follows explains why
    not_known_opening: Patterns = []
    items: list[ItemRule]

    @cached_property
    def not_known_regex(self) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + "|".join(self.not_known) + r")\b", re.I)

    @cached_property
    def not_known_opening_regex(self) -> re.Pattern[str] | None:
        if not self.not_known_opening:
            return None
        return re.compile(r"^\W*(?:" + "|".join(self.not_known_opening) + r")(?:\s*[.;,](?:\s|$)|\s+[-\u2013\u2014]\s)", re.I)


def notification_rules(settings: Settings) -> NotificationRules:
    return load_rules(settings, "notification.yaml", NotificationRules)


def stated(value: str, rules: NotificationRules) -> bool:
    """Whether a field value says something beyond "not known" (at least one word of 3+ letters or a digit)."""
    if rules.not_known_opening_regex and rules.not_known_opening_regex.match(value):
        return False
    rest = rules.not_known_regex.sub(" ", value)
    return bool(re.search(r"[A-Za-z]{3,}|\d", rest))


# where a form's section ends: the next "SECTION E - PERSON NOTIFYING", "Part 3" or upper-case heading ("Q6. YOUR DETAILS")
_SECTION_HEADING = re.compile(r"^[ \t]*(?i:section|part)\b[^\n]*$|^[ \t]*(?:Q\d{1,2}[.):]?[ \t]+)?[A-Z][A-Z ,/&()'-]{6,}$", re.M)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|hrs|h)\b)?", re.I)


def item_stated(value: str, rule: ItemRule, rules: NotificationRules) -> bool:
    """Whether a field value states this item: something beyond "not known", and what the item needs."""
    value = ticked(value)  # "Place of death: [x] Usual place of residence  [ ] Hospital"; none ticked states nothing
    if any(re.search(p, value, re.I) for p in rule.not_values):
        return False
    if rule.needs and not re.search(rule.needs, value, re.I):
        return False
    if rule.strip_dates:
        for d in reversed(find_dates(value)):
            value = value[: d.start] + " " + value[d.end :]
        value = _TIME.sub(" ", value)
    for pattern in rule.strip:
        value = re.sub(pattern, " ", value, flags=re.I)
    return stated(value, rules)


def _label_says_not_known(name: str, rules: NotificationRules) -> bool:
    """A label answered by what follows its dash ("GP - she doesn't know: ...", "Ethnicity - not asked:")."""
    _, dash, tail = name.partition(" - ")
    return bool(dash) and rules.not_known_regex.search(tail) is not None


def _says_not_known(value: str, rule: ItemRule, rules: NotificationRules) -> bool:
    """A field answered "not known" ("Not sure", "[x] Not known") or not answered at all (none of its boxes
    ticked), as opposed to one that states the item."""
    answer = ticked(value)
    if value.strip() and not answer.strip():
        return True  # a tick-box question left unanswered ("Learning disability?  Yes [ ]  No [ ]  Not known [ ]")
    if not value.strip():
        return True  # a label with nothing after it ("Autistic:" left blank) is not answered either
    return bool(rules.not_known_regex.search(answer)) and not item_stated(answer, rule, rules)


def check_notification(case: Case, settings: Settings) -> list[NotificationItem]:
    """One entry per item: present (with its source), missing (with why), or "elsewhere": not on
    the notification but stated in a labelled field of another document, so nobody need chase it."""
    rules = notification_rules(settings)
    readable = [d for d in case.documents if d.status == "ok"]
    fields = {d.doc_id: form_fields(d) for d in readable}  # each document's labelled lines, read once
    docs = [d for d in readable if d.kind == "notification"]
    others = [d for d in readable if d.kind != "notification"]
    out = []
    for rule in rules.items:
        if not docs:
            out.append(NotificationItem(item=rule.item, label=rule.label, status="missing", rule=rule.id,
                                        reason="no notification of death found in the case"))
            continue
        found = None
        for doc in docs:
            candidates = find_field(fields[doc.doc_id], rule.name_regex) + _section_fields(doc.text, fields[doc.doc_id], rule)
            if not candidates and rule.notification_fallback_regex is not None:
                candidates = find_field(fields[doc.doc_id], rule.notification_fallback_regex)
            # (a question read twice, once without the answer on the line below it, is answered)
            candidates = [f for f in candidates if f.value.strip() or not any(g.start == f.start and g.value.strip() for g in candidates)]
            if rule.unknown_in_any_field and any(_says_not_known(f.value, rule, rules) for f in candidates):
                found = False
                break
            for f in candidates:
                if _label_says_not_known(f.name, rules):
                    found = found or False
                    continue
                if item_stated(f.value, rule, rules):
                    found = SourceRef(doc_id=doc.doc_id, page=doc.page_at(f.start), start=f.start, end=f.end)
                    break
                found = found or False  # the field is there but empty or "not known"
            if found:
                break
        if not found:
            # what states the item in another document's prose ("The certified cause of death is: 1a ...") states it here too
            found = _stated_in_prose(docs, rule.notification_prose_regexes + rule.prose_regexes, rule, rules) or found
        if found:
            out.append(NotificationItem(item=rule.item, label=rule.label, status="present", rule=rule.id, source=found))
            continue
        reason = "the field is empty or says it is not known" if found is False else "no such field on the notification"
        elsewhere = _stated_elsewhere(others, fields, rule, rules)
        if elsewhere is not None:
            out.append(NotificationItem(item=rule.item, label=rule.label, status="elsewhere", rule=rule.id, source=elsewhere,
                                        reason=f"not on the notification ({reason}), but {elsewhere.doc_id} page {elsewhere.page} states it"))
        else:
            out.append(NotificationItem(item=rule.item, label=rule.label, status="missing", rule=rule.id, reason=reason))
    return out


def _stated_elsewhere(others: list[Document], fields: dict[str, list[Field]], rule: ItemRule,
                      rules: NotificationRules) -> SourceRef | None:
    """A labelled field stating the item in another document ("Usual GP: Dr ...", "Ethnicity: ..."),
    else the item said in prose there, as the rule's ``prose`` patterns find it."""
    for doc in others:
        named = find_field(fields[doc.doc_id], rule.name_regex)
        if rule.fallback_regex is not None:
            named += find_field(fields[doc.doc_id], rule.fallback_regex)
        for f in named:
            if item_stated(f.value, rule, rules):
                return SourceRef(doc_id=doc.doc_id, page=doc.page_at(f.start), start=f.start, end=f.end)
    return _stated_in_prose(others, rule.prose_regexes, rule, rules)


def _stated_in_prose(docs: list[Document], regexes: list[re.Pattern[str]], rule: ItemRule,
                     rules: NotificationRules) -> SourceRef | None:
    """The first match of ``regexes`` whose ``value`` group (or whole match) states the item."""
    for doc in docs:
        for regex in regexes:
            for m in regex.finditer(doc.text):
                value = m.groupdict().get("value") or m.group()
                if item_stated(value, rule, rules):
                    return SourceRef(doc_id=doc.doc_id, page=doc.page_at(m.start()), start=m.start(), end=m.end())
    return None


def _section_fields(text: str, fields: list[Field], rule: ItemRule) -> list[Field]:
    """Fields named like ``rule.section_fields`` within a heading line matching ``rule.section``."""
    if rule.section_regexes is None:
        return []
    heading, in_label, names = rule.section_regexes
    out = []
    for m in heading.finditer(text):
        label, colon, value = m.group().partition(":")
        if colon and value.strip() and in_label.search(label):
            continue  # a field with its answer ("Next of kin: Mr Roy Example (brother)") heads no section ("Section 4: Notifier" does)
        # the section ends at the next section heading ("SECTION E - PERSON NOTIFYING", "Part 3")
        nxt = _SECTION_HEADING.search(text, m.end() + 1)
        end = min(m.end() + 400, nxt.start() if nxt else len(text))
        named = [f for f in fields if m.end() < f.start < end and names.match(f.name)]
        if not named and not any(m.end() < f.start < end for f in fields):
            # a heading whose answer is the indented line under it, with no labels ("Notified by" / "  Jo Example, LD
            # liaison nurse, ..."): that line is the value
            line = _ANSWER_LINE.match(text, m.end() + 1)
            if line and line.end() <= end:
                named = [Field(doc_id="", name=m.group().strip(" \t|").lower(), value=line["value"].strip(),
                               start=line.start("value"), end=line.end(), value_start=line.start("value"))]
        out += named
    return out


# the indented line of text under a heading (not a label, not blank)
_ANSWER_LINE = re.compile(r"[ \t]+(?P<value>[^\s:|][^:\n]{2,}?)[ \t]*(?:\n|$)")
