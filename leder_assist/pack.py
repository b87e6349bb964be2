"""The review pack: what a reviewer reads and pastes from (DOCX and a self-contained HTML page).

Pen portrait, timeline table, themes with quotes, triage with its reasons, and the missing
information, all marked DRAFT. Everything in it comes from :class:`CaseReview`, whose
texts are already redacted; file names are shown with the same pseudonyms.
"""

from __future__ import annotations

import html
from pathlib import Path

from .record import Case, CaseReview, Evidence, SourceRef
from .redact import CaseRedaction
from .redact.writers import safe_stem
from .triage import signal_text

DRAFT = "DRAFT - for reviewer approval"
ADVISORY = "Recommended, advisory only: a reviewer decides."



PORTRAIT_WORDS = 400  # "Under about 400 words" (../shared/docs/pen-portrait.md)


def portrait_length(portrait) -> str:  # noqa: ANN001 - PenPortrait
    """The portrait's length in words, with a prompt to trim it when it is longer than the guide asks."""
    words = sum(len(s.text.split()) for sec in portrait.sections for s in sec.sentences)
    if words > PORTRAIT_WORDS:
        return f"{words} words: the guide asks for under about {PORTRAIT_WORDS}, so trim it as you check it."
    return f"{words} words."

def _doc_names(case: Case, redaction: CaseRedaction) -> dict[str, str]:
    subs = {real: pseudo for pseudo, reals in redaction.key.items() for real in reals}
    return {d.doc_id: safe_stem(Path(d.filename).stem, subs) + Path(d.filename).suffix for d in case.documents}


def _cite(sources: list[SourceRef]) -> str:
    return "; ".join(f"{s.doc_id} p.{s.page}" for s in sources)


def _sections(review: CaseReview) -> list[tuple[str, list]]:
    """The pack's content as (heading, rows) so DOCX and HTML say exactly the same."""
    t = review.triage
    triage_rows: list[tuple[str, str]] = []
    if t is not None:
        head = f"Recommended: {t.recommendation} review" + (f" (score {t.score:g} of 100, threshold {t.threshold:g})" if t.score is not None else " (a policy trigger decided)")
        triage_rows.append(("", head + ". " + ADVISORY))
        triage_rows += [(f"Trigger {x.code}", x.reason + "".join(f" | {_quote(e)}" for e in x.evidence)) for x in t.triggers]
        triage_rows += [(f"Signal {x.code} (weight {x.weight:g})",
                         " | ".join([signal_text(x.code, review.themes)] + [_quote(e) for e in x.evidence])) for x in t.signals]
        triage_rows += [("Uncertainty", u) for u in t.uncertainties]
    missing = [(c.label, c.reason) for c in review.notification_check if c.status == "missing"]
    missing += [(f"{c.label} (found elsewhere)", c.reason) for c in review.notification_check if c.status == "elsewhere"]
    gaps = [(f"{g.start:%d %b %Y} to {g.end:%d %b %Y}", f"{g.days} days with no record") for g in review.timeline_gaps]
    themes = [(f"{th.code} {th.label} (found by {th.found_by})", " | ".join(_quote(e) for e in th.evidence[:3]))
              for th in review.themes if th.evidence]
    # a theme only negated, planned or about someone else is not a theme of the case: listed apart, with why
    mentioned = [(f"{th.code} {th.label}", " | ".join(f"{_quote(e)} [{e.context_note() or 'not about the person'}]"
                                                      for e in th.mentioned_not_present[:2]))
                 for th in review.themes if not th.evidence and th.mentioned_not_present]
    return [("Triage", triage_rows), ("Missing from the notification of death", missing),
            ("Themes", themes), ("Mentioned in the notes but not present", mentioned),
            ("Holes in the timeline (final two years)", gaps)]


def _quote(e: Evidence) -> str:
    """A quote on one line, with its source."""
    return f"“{' '.join(e.quote.split())}” ({e.doc_id} p.{e.page})"


def _timeline_rows(review: CaseReview) -> list[tuple[str, str, str, str]]:
    rows = []
    for e in review.timeline:
        when = "date not readable" if e.date is None else (
            f"{e.date:%d %b %Y}" if e.precision == "day" else f"{e.date:%b %Y}" if e.precision == "month" else f"{e.date:%Y}")
        note = f" ({'; '.join(e.flags)})" if e.flags else ""
        rows.append((when + note, e.setting.replace("_", " "), e.summary, _cite(e.sources)))
    return rows


def write_pack(review: CaseReview, case: Case, redaction: CaseRedaction, out_dir: Path) -> dict[str, Path]:
    """Write review-pack.docx and review-pack.html; returns their paths."""
    names = _doc_names(case, redaction)
    docx_path, html_path = out_dir / "review-pack.docx", out_dir / "review-pack.html"
    _write_docx(review, names, docx_path)
    html_path.write_text(render_html(review, names), encoding="utf-8")
    return {"pack_docx": docx_path, "pack_html": html_path}


def _write_docx(review: CaseReview, names: dict[str, str], path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    for section in doc.sections:
        section.header.paragraphs[0].text = f"{DRAFT} - case {review.case_id}"
    doc.add_heading(f"Review pack - case {review.case_id}", level=0)
    doc.add_paragraph(f"{DRAFT}. Drafted by leder-assist from the case documents ({review.profile} profile: "
                      "people appear as pseudonyms). Check every sentence against its source before use.")
    doc.add_heading("Pen portrait", level=1)
    doc.add_paragraph(review.pen_portrait.label if review.pen_portrait.status == "draft" else "Approved")
    doc.add_paragraph().add_run(portrait_length(review.pen_portrait)).italic = True
    for sec in review.pen_portrait.sections:
        doc.add_heading(sec.heading, level=2)
        for sent in sec.sentences:
            p = doc.add_paragraph(sent.text + " ")
            p.add_run(f"[{_cite(sent.sources)}]").italic = True
    doc.add_heading("Timeline of key episodes", level=1)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Date", "Setting", "What happened", "Source")):
        cell.text = text
    for row in _timeline_rows(review):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    for heading, rows in _sections(review):
        doc.add_heading(heading, level=1)
        if not rows:
            doc.add_paragraph("Nothing found.")
        for label, text in rows:
            p = doc.add_paragraph()
            if label:
                p.add_run(label + ": ").bold = True
            p.add_run(text)
    doc.add_heading("Documents", level=1)
    for d in review.documents:
        doc.add_paragraph(f"{d.doc_id}: {names.get(d.doc_id, d.doc_id)} ({d.kind}, {d.pages} page(s), {d.status})")
    doc.core_properties.title = f"Review pack {review.case_id} (DRAFT)"
    doc.core_properties.author = "leder-assist"
    doc.save(path)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;line-height:1.5;max-width:60rem;margin:0 auto;padding:1rem 1.5rem;color:#1a1a1a;background:#fff}
.draft{background:#fff3cd;border:2px solid #8a6d00;padding:.5rem 1rem;font-weight:bold}
h1{font-size:1.8rem}h2{font-size:1.4rem;border-bottom:2px solid #ccc;margin-top:2rem}h3{font-size:1.1rem}
cite{font-style:normal;color:#3d3d3d;font-size:.9em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #888;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}a{color:#0b4f9c}
@media print{.draft{border:2px solid #000}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
"""


def render_html(review: CaseReview, names: dict[str, str]) -> str:
    """A self-contained, printable HTML page (no scripts, no external resources)."""
    e = html.escape
    out = [f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
           f"<title>Review pack {e(review.case_id)} (DRAFT)</title><style>{_CSS}</style></head><body>",
           f'<header><p class="draft" role="note">{DRAFT}. {ADVISORY} People appear as pseudonyms.</p>',
           f"<h1>Review pack: case {e(review.case_id)}</h1></header><main>",
           '<nav aria-label="Contents"><ul><li><a href="#portrait">Pen portrait</a></li><li><a href="#timeline">Timeline</a></li>'
           '<li><a href="#triage">Triage</a></li><li><a href="#missing">Missing information</a></li><li><a href="#themes">Themes</a></li></ul></nav>',
           f'<section id="portrait"><h2>Pen portrait <small>({e(review.pen_portrait.label)})</small></h2>',
           f'<p class="note">{e(portrait_length(review.pen_portrait))}</p>']
    for sec in review.pen_portrait.sections:
        out.append(f"<h3>{e(sec.heading)}</h3><p>")
        out += [f"{e(s.text)} <cite>[{e(_cite(s.sources))}]</cite> " for s in sec.sentences]
        out.append("</p>")
    out.append('</section><section id="timeline"><h2>Timeline of key episodes</h2><table><caption class="draft">DRAFT</caption>'
               '<thead><tr><th scope="col">Date</th><th scope="col">Setting</th><th scope="col">What happened</th><th scope="col">Source</th></tr></thead><tbody>')
    out += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in _timeline_rows(review)]
    out.append("</tbody></table></section>")
    ids = {"Triage": "triage", "Missing from the notification of death": "missing", "Themes": "themes",
           "Mentioned in the notes but not present": "not-present"}
    for heading, rows in _sections(review):
        out.append(f'<section id="{ids.get(heading, "gaps")}"><h2>{e(heading)}</h2>')
        out.append("<ul>" + "".join(f"<li>{'<strong>' + e(a) + ':</strong> ' if a else ''}{e(b)}</li>" for a, b in rows) + "</ul>"
                   if rows else "<p>Nothing found.</p>")
        out.append("</section>")
    out.append("<section><h2>Documents</h2><ul>" + "".join(
        f"<li>{e(d.doc_id)}: {e(names.get(d.doc_id, d.doc_id))} ({e(d.kind)}, {d.pages} page(s), {e(d.status)})</li>" for d in review.documents)
        + "</ul></section>")
    out.append(f'</main><footer><p class="draft">{DRAFT}</p></footer></body></html>')
    return "".join(out)
