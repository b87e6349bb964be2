"""Evaluation of the review drafts against gold files (samples and held-out cases).

- timeline recall: share of gold key dates (at their precision) found as event dates; and
  whether the date of death is present;
- pen-portrait coverage: a gold fact is covered when a portrait sentence under the right
  heading contains one of its keywords; unsupported sentences: portrait sentences with a
  content word that none of their sources' redacted text contains;
- triage agreement with the gold recommendation, and gold triggers the triage missed;
- missing-information agreement (the notification check) with gold, read two ways (items missing; items missing or
  stated only elsewhere);
- identifiers left: occurrences of the gold's identifiers still in the redacted documents.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..config import Settings
from ..gold import GoldCase, load_gold
from ..ingest import ingest_case
from ..notification import NotificationRules, notification_rules
from ..record import Case, CaseReview, PenPortrait
from ..redact import CaseRedaction, Redactor

_TEMPLATE_WORDS = {"aged", "lived", "died"}


def _same_date(event_date: Any, precision: str, gold_date: Any, gold_precision: str) -> bool:
    if event_date is None:
        return False
    if gold_precision == "year":
        return event_date.year == gold_date.year
    if gold_precision == "month":
        return (event_date.year, event_date.month) == (gold_date.year, gold_date.month)
    return event_date == gold_date and precision == "day"


def unsupported(portrait: PenPortrait, case: Case, redaction: CaseRedaction) -> list[str]:
    """Portrait sentences with a content word (4+ letters or a number) found in none of their sources."""
    bad = []
    for sec in portrait.sections:
        for sent in sec.sentences:
            support = " ".join(redaction.quote(case.document(s.doc_id), s.start or 0, s.end or 0) for s in sent.sources).lower()
            words = {w for w in re.findall(r"[a-z0-9']{4,}|\d+", re.sub(r"\[[^\]]*\]", " ", sent.text.lower())) if w not in _TEMPLATE_WORDS}
            if sent.derived.startswith("age at death") and len(sent.sources) >= 2:
                words = {w for w in words if not w.isdigit()}  # the age, worked out from the two dates cited
            if not sent.sources or any(w not in support for w in words):
                bad.append(sent.text)
    return bad


def _item_words(name: str) -> str:
    """An item's name as plain words: "Learning disability / autism status" and "learning disability or
    autism status" are one item."""
    return " ".join(name.lower().replace("_", " ").replace("/", " or ").split())


def item_ids(names: list[str], rules: NotificationRules) -> list[str]:
    """Gold files name missing items as ids ("cause_of_death") or as words ("cause of death", "GP",
    "someone who knew the person well"): each becomes the check's item id where one fits; an item
    the check does not look for ("religion or belief") stays as written, and counts as a disagreement."""
    out = []
    for name in names:
        key = _item_words(name)
        item = next((i.item for i in rules.items if key in _item_names(i.item, i.label)), None)
        out.append(item or name)
    return sorted(out)


def _item_names(item: str, label: str) -> set[str]:
    """An item's id and label as words, and each part of a label that names two things ("Learning disability / autism
    status" is also "learning disability status" and "autism status": a gold file may name the part it means)."""
    label = label.split(" (")[0]
    names = {_item_words(item), _item_words(label)}
    parts = [p.strip() for p in label.split("/")]
    if len(parts) > 1:
        tail = parts[-1].split()[-1]
        names |= {_item_words(p if p.split()[-1] == tail else f"{p} {tail}") for p in parts}
    return names


# the gold roles a pseudonym must keep: the person who died and their family ("[Mother]", "[Sister 1]"); staff
# roles are written too freely in gold files ("college health and wellbeing lead") to compare
_FAMILY_PSEUDONYM_ROLES = {"mother", "father", "sister", "brother", "son", "daughter", "wife", "husband", "partner",
                           "grandmother", "grandfather", "aunt", "uncle", "niece", "nephew", "cousin", "stepmother",
                           "stepfather", "stepson", "stepdaughter"}


def pseudonym_roles(gold: GoldCase, case: Case, redaction: CaseRedaction) -> dict[str, Any]:
    """Whether each occurrence of a gold name of the person ("[Person]") or of a relative ("[Mother]",
    "[Sister 1]") is replaced by a pseudonym of that role. Each stretch of text counts once, for the
    longest gold name found there; a name left unredacted is a leak (scored elsewhere), not counted here."""
    people = [i for i in gold.identifiers if i.label == "PERSON" and i.role]
    # a lone word that names people of two roles (the family's surname, "Hussain") is either's: not compared
    shared = {w.lower() for i in people for w in re.findall(r"[\w'\u2019-]+", i.text)
              if any(w.lower() in j.text.lower().split() for j in people if j.role != i.role)}
    names = sorted((i for i in people if (i.role == "person" or i.role in _FAMILY_PSEUDONYM_ROLES)
                    and not (" " not in i.text and i.text.lower() in shared)), key=lambda i: -len(i.text))
    checked, wrong = 0, []
    for doc in case.documents:
        done = redaction.documents.get(doc.doc_id)
        if done is None:
            continue
        claimed: list[tuple[int, int]] = []
        for ident in names:
            for m in re.finditer(rf"(?<![\w'\u2019-]){re.escape(ident.text)}(?![\w-])", doc.text):
                if any(a < m.end() and m.start() < b for a, b in claimed):
                    continue
                claimed.append(m.span())
                cover = next((r for r in done.redactions if r.start <= m.start() and m.end() <= r.end), None)
                if cover is None:
                    continue
                checked += 1
                want = "[person]" if ident.role == "person" else f"[{ident.role}"
                if not cover.replacement.lower().startswith(want) or (ident.role != "person"
                                                                      and cover.replacement == "[Person]"):
                    wrong.append(f"{ident.text} ({ident.role}) -> {cover.replacement}")
    return {"checked": checked, "right": checked - len(wrong), "wrong": sorted(set(wrong))}


def identifiers_left(gold: GoldCase, case: Case, redaction: CaseRedaction, removed: set[str]) -> dict[str, Any]:
    """Every occurrence of a gold identifier of a label the profile removes that is still in a redacted document
    (a whole-word match of its text): what the review's copies would leak."""
    checked, left = 0, []
    idents = [i for i in gold.identifiers if i.label in removed]
    for doc in case.documents:
        done = redaction.documents.get(doc.doc_id)
        if done is None:
            continue
        for ident in idents:
            pattern = re.compile(rf"(?<![\w'\u2019-]){re.escape(ident.text)}(?![\w-])")
            checked += len(pattern.findall(doc.text))
            left += [f"{ident.label} {ident.text!r} in {doc.doc_id}" for _ in pattern.finditer(done.text)]
    return {"checked": checked, "left": len(left), "where": left}


def score_case(review: CaseReview, gold: GoldCase, case: Case, redaction: CaseRedaction,
               rules: NotificationRules | None = None, removed: set[str] | None = None) -> dict[str, Any]:
    gold_missing = item_ids(gold.missing_information, rules) if rules else sorted(gold.missing_information)
    events = review.timeline
    found = [g for g in gold.timeline if any(_same_date(e.date, e.precision, g.date, g.precision) for e in events)]
    death = any(e.date == gold.person.date_of_death for e in events)
    secs = {s.heading: s for s in review.pen_portrait.sections}
    covered = [f for f in gold.pen_portrait if f.heading in secs and any(
        any(k.lower() in s.text.lower() for k in f.keywords) for s in secs[f.heading].sentences)]
    tri = review.triage
    codes = {t.code for t in tri.triggers} if tri else set()
    return {
        "case_id": gold.case_id,
        "timeline_recall": len(found) / len(gold.timeline) if gold.timeline else 1.0,
        "timeline_missed": [f"{g.date} {g.event}" for g in gold.timeline if g not in found],
        "death_date_present": death,
        "portrait_coverage": len(covered) / len(gold.pen_portrait) if gold.pen_portrait else 1.0,
        "portrait_missed": [f"{f.heading}: {f.fact}" for f in gold.pen_portrait if f not in covered],
        "unsupported_sentences": len(unsupported(review.pen_portrait, case, redaction)),
        "triage": tri.recommendation if tri else None,
        "gold_triage": gold.triage.recommendation,
        "triage_agrees": bool(tri and tri.recommendation == gold.triage.recommendation),
        "missed_triggers": sorted(set(gold.triage.triggers) - codes),
        "extra_triggers": sorted(codes - set(gold.triage.triggers)),
        "missing_info": sorted(review.missing_information),
        "gold_missing_info": gold_missing,
        "missing_info_agrees": sorted(review.missing_information) == gold_missing,
        # the other reading of the gold: an item the notification lacks counts even when another document states it
        "missing_or_elsewhere_agrees": sorted(c.item for c in review.notification_check
                                              if c.status in ("missing", "elsewhere")) == gold_missing,
        "pseudonyms": pseudonym_roles(gold, case, redaction),
        "identifiers_left": identifiers_left(gold, case, redaction, removed or set()),
    }


def evaluate_cases(cases_dir: Path, gold_dir: Path, settings: Settings) -> dict[str, Any]:
    """Draft every case with a gold file (no files written) and score it."""
    # the same drafts `leder-assist review` writes, triage included with its themes and the
    # classifier's signal (until 2026-12-05 this scored triage without them)
    from ..pipeline import draft_review

    redactor = Redactor.load(settings)
    rules = notification_rules(settings)
    results = []
    for gold_path in sorted(gold_dir.glob("*.yaml")):
        gold = load_gold(gold_path)
        case = ingest_case(cases_dir / gold.case_id, settings)
        redaction = redactor.redact_case(case)
        review = draft_review(case, redaction, settings)
        results.append(score_case(review, gold, case, redaction, rules, set(redactor.profile.remove)))
    n = len(results) or 1
    totals = {
        "cases": len(results),
        "timeline_recall": sum(r["timeline_recall"] for r in results) / n,
        "death_date_present": sum(r["death_date_present"] for r in results) / n,
        "portrait_coverage": sum(r["portrait_coverage"] for r in results) / n,
        "unsupported_sentences": sum(r["unsupported_sentences"] for r in results),
        "triage_agreement": sum(r["triage_agrees"] for r in results) / n,
        "missed_triggers": sum(len(r["missed_triggers"]) for r in results),
        "missing_info_agreement": sum(r["missing_info_agrees"] for r in results) / n,
        "pseudonym_roles_right": sum(r["pseudonyms"]["right"] for r in results),
        "pseudonym_roles_checked": sum(r["pseudonyms"]["checked"] for r in results),
        "missing_or_elsewhere_agreement": sum(r["missing_or_elsewhere_agrees"] for r in results) / n,
        "identifiers_checked": sum(r["identifiers_left"]["checked"] for r in results),
        "identifiers_left": sum(r["identifiers_left"]["left"] for r in results),
    }
    return {"cases": results, "totals": totals}
