"""What leaves the workspace: the approved review pack (DOCX), report CSVs, labelled data,
and the six-month review clock."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable

import yaml
from docx import Document as DocxDocument

from ..record import CaseReview

REVIEW_MONTHS = 6


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def clock(notified_on: str, pauses: list[dict], today: dt.date | None = None) -> dict:
    """The six-month clock: due date moved on by every paused day; paused while a pause is open."""
    today = today or dt.date.today()
    start = dt.date.fromisoformat(notified_on)
    paused_days, open_pause = 0, False
    for p in pauses:
        begin = dt.date.fromisoformat(p["started_on"])
        end = dt.date.fromisoformat(p["ended_on"]) if p["ended_on"] else today
        open_pause |= p["ended_on"] is None
        paused_days += max((end - begin).days, 0)
    due = add_months(start, REVIEW_MONTHS) + dt.timedelta(days=paused_days)
    return {"notified_on": start, "due": due, "paused_days": paused_days, "paused": open_pause,
            "days_left": (due - today).days}


def review_pack(ref: str, person: str, review: CaseReview, decision: str, reason: str,
                clean: Callable[[str], str]) -> bytes:
    """The approved review as a Word document, in the order of the national form."""
    doc = DocxDocument()
    doc.add_heading(f"LeDeR review pack: {ref}", level=0)
    doc.add_paragraph(f"Person: {person or 'not recorded'}. Redacted: identifiers are replaced by role pseudonyms.")
    doc.add_heading("Pen portrait", level=1)
    for section in review.pen_portrait.sections:
        doc.add_heading(section.heading, level=2)
        doc.add_paragraph(clean(section.text))
    doc.add_heading("Triage decision", level=1)
    rec = review.triage.recommendation if review.triage else "none"
    doc.add_paragraph(f"Reviewer's decision: {decision} review. Tool's recommendation: {rec}.")
    if reason:
        doc.add_paragraph(f"Reason: {clean(reason)}")
    for trig in review.triage.triggers if review.triage else []:
        doc.add_paragraph(f"{trig.code}: {clean(trig.reason)}", style="List Bullet")
    doc.add_heading("Themes", level=1)
    for theme in (t for t in review.themes if t.status in ("accepted", "edited")):
        doc.add_heading(theme.label, level=2)
        for ev in theme.evidence:
            doc.add_paragraph(f"\u201c{clean(ev.quote)}\u201d ({ev.doc_id}, page {ev.page})", style="List Bullet")
    doc.add_heading("Timeline", level=1)
    events = [e for e in review.timeline if e.status != "rejected"]
    table = doc.add_table(rows=1, cols=3)
    for cell, title in zip(table.rows[0].cells, ("Date", "What happened", "Source")):
        cell.text = title
    for e in events:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = e.date_text, clean(e.summary), f"{e.doc_id} p{e.page}"
    if review.missing_information:
        doc.add_heading("Missing information", level=1)
        for item in review.missing_information:
            doc.add_paragraph(item, style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def report_counts(rows: Iterable[tuple[dict, CaseReview | None]]) -> list[dict]:
    """Counts of accepted (or still proposed) themes and of triggers, by notification month and decision."""
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for case, review in rows:
        if review is None:
            continue
        month = case["notified_on"][:7]
        decision = case["decision"] or "not decided"
        for theme in review.themes:
            if theme.status != "rejected":
                counts[(month, decision, "theme", theme.code)] += 1
        for trig in review.triage.triggers if review.triage else []:
            counts[(month, decision, "trigger", trig.code)] += 1
    return [{"month": m, "decision": d, "kind": k, "code": c, "cases": n} for (m, d, k, c), n in sorted(counts.items())]


def to_csv(rows: list[dict], fields: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def labelled_records(rows: Iterable[tuple[dict, CaseReview | None, str]]) -> str:
    """JSON Lines of approved decisions for training: redacted notes, the tool's draft and the
    reviewer's correction (themes accepted/rejected/added, triage decision)."""
    lines = []
    for case, review, notes in rows:
        if review is None or not case["approved"]:
            continue
        lines.append(json.dumps({
            "case_ref": case["ref"],
            "text": notes,
            "triage_recommended": review.triage.recommendation if review.triage else None,
            "triage_decision": case["decision"],
            "themes": {t.code: t.status for t in review.themes},
            "theme_evidence": [{"code": t.code, "label": 1 if t.status in ("accepted", "edited") else 0,
                                "quote": ev.quote} for t in review.themes if t.status != "proposed"
                               for ev in t.evidence],
        }, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")


def theme_corpus(reviews: Iterable[CaseReview]) -> str:
    """Reviewed theme quotes of approved cases as a theme-classifier corpus file: the
    ``items: [{t: text, y: [codes]}]`` YAML that ``leder-assist train themes`` reads from its
    corpus folder. A quote of an accepted theme is labelled with it; a quote of a rejected
    theme is a negative example (no code) unless another accepted theme cites it. Themes a
    reviewer added by hand carry no drafted quote and are left out."""
    labels: dict[str, set[str]] = {}
    for review in reviews:
        for theme in review.themes:
            if theme.status == "proposed":
                continue
            for ev in theme.evidence:
                if ev.source == "reviewer" or not ev.quote.strip():
                    continue
                codes = labels.setdefault(ev.quote.strip(), set())
                if theme.status in ("accepted", "edited"):
                    codes.add(theme.code)
    items = [{"t": text, "y": sorted(codes)} for text, codes in sorted(labels.items())]
    header = "# Reviewed theme quotes from the workspace (redacted). Keep with case records, not in the repository.\n"
    return header + yaml.safe_dump({"items": items}, allow_unicode=True, sort_keys=False, width=100)
