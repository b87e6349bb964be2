"""Search, reports and the exports of approved reviews."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from ..record import CaseReview
from ..store import case_columns, cases, documents, visible_clause
from . import exports
from .app import Workspace
from .deps import Deps
from .redaction_check import case_redaction, scrubber


def router(ws: Workspace, d: Deps) -> APIRouter:
    """Routes of search, reports and exports."""
    r = APIRouter()
    session, checked, page = d.session, d.checked, d.page

    @r.get("/search", response_class=HTMLResponse)
    def search_form(request: Request, sess: dict = Depends(session)) -> Response:
        return page(request, "search.html", sess, results=None, q={})

    @r.post("/search", response_class=HTMLResponse)
    async def search(request: Request, sess: dict = Depends(checked)) -> Response:
        form = await request.form()
        q = {k: str(form.get(k, "")).strip() for k in ("person", "ref", "date_from", "date_to", "theme", "trigger",
                                                        "recommendation", "decision", "words")}
        return page(request, "search.html", sess, results=_search(ws, sess["user"], q), q=q)

    @r.get("/reports", response_class=HTMLResponse)
    def reports(request: Request, sess: dict = Depends(session)) -> Response:
        return page(request, "reports.html", sess, counts=exports.report_counts(_reviews(ws, sess["user"])))

    @r.get("/reports/counts.csv")
    def reports_csv(sess: dict = Depends(session)) -> Response:
        rows = exports.report_counts(_reviews(ws, sess["user"]))
        return Response(exports.to_csv(rows, ["month", "decision", "kind", "code", "cases"]), media_type="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="theme-trigger-counts.csv"'})

    def approved_reviews(user: dict) -> list[tuple[dict, CaseReview, str]]:
        """Approved cases with their quotes cleaned of any identifier, and their redacted notes."""
        rows = []
        for row, review in _reviews(ws, user):
            if review is None or not row["approved"]:
                continue
            case = ws.parsed(row)
            red = case_redaction(case, ws.store.redactions_of(row["id"]))
            clean = scrubber(case, red)
            for t in review.themes:
                for ev in t.evidence:
                    ev.quote = clean(ev.quote)
            rows.append((row, review, "\n\n".join(d.text for d in red.documents.values())))
        return rows

    @r.get("/reports/labelled.jsonl")
    def labelled(sess: dict = Depends(session)) -> Response:
        return Response(exports.labelled_records(approved_reviews(sess["user"])), media_type="application/x-ndjson",
                        headers={"Content-Disposition": 'attachment; filename="reviewer-decisions.jsonl"'})

    @r.get("/reports/theme-corpus.yaml")
    def theme_corpus(sess: dict = Depends(session)) -> Response:
        reviews = [review for _row, review, _notes in approved_reviews(sess["user"])]
        return Response(exports.theme_corpus(reviews), media_type="application/yaml",
                        headers={"Content-Disposition": 'attachment; filename="reviewed-themes.yaml"'})

    return r


def _reviews(ws: Workspace, user: dict) -> list[tuple[dict, CaseReview | None]]:
    q = select(*case_columns()).where(cases.c.status == "ready")
    if user["role"] != "admin":
        q = q.where(visible_clause(user))
    with ws.store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q.order_by(cases.c.id))]
    return [(r, ws.store.review(r)) for r in rows]


def _search(ws: Workspace, user: dict, q: dict[str, str]) -> list[dict]:
    """Cases matching every filled field; words are searched in the redacted notes only."""
    query = select(*case_columns()).order_by(cases.c.notified_on.desc())
    if user["role"] != "admin":
        query = query.where(visible_clause(user))
    if q["ref"]:
        query = query.where(cases.c.ref.ilike(f"%{q['ref']}%"))
    if q["person"]:
        query = query.where(cases.c.person.ilike(f"%{q['person']}%"))
    if q["date_from"]:
        query = query.where(cases.c.notified_on >= q["date_from"])
    if q["date_to"]:
        query = query.where(cases.c.notified_on <= q["date_to"])
    if q["decision"]:
        query = query.where(cases.c.decision == q["decision"])
    for word in q["words"].split():
        query = query.where(select(documents.c.doc_id).where(documents.c.case_id == cases.c.id,
                                                             documents.c.redacted_text.ilike(f"%{word}%")).exists())
    with ws.store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    out = []
    for row in rows:
        review = ws.store.review(row)
        kept = [t for t in review.themes if t.status != "rejected"] if review else []
        themes = {t.code.lower() for t in kept} | {t.label.lower() for t in kept}
        triggers = {t.code.lower() for t in review.triage.triggers} if review and review.triage else set()
        rec = review.triage.recommendation if review and review.triage else ""
        if q["theme"] and q["theme"].lower() not in themes:
            continue
        if q["trigger"] and q["trigger"].lower() not in triggers:
            continue
        if q["recommendation"] and q["recommendation"] != rec:
            continue
        out.append({**row, "recommendation": rec})
    return out
