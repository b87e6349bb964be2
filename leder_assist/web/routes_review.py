"""The reviewer's page of a case and every change made on it, the documents view and the audit log."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import insert, update

from ..record import Case, CaseReview, Evidence, PortraitSection, Theme, TimelineEvent
from ..store import clock_pauses
from . import exports
from .app import Workspace
from .deps import Deps, open_document
from .redaction_check import case_redaction, effective, redacted_view, scrubber

PORTRAIT_HEADINGS = ["Who they were", "What people liked and admired about them", "What mattered to them",
                     "How they communicated", "Home and support", "Important people", "Health in brief",
                     "In their family's words"]


def router(ws: Workspace, d: Deps) -> APIRouter:
    """Routes of the review page and its edits."""
    r = APIRouter()
    session, checked, role, role_post, page = d.session, d.checked, d.role, d.role_post, d.page

    def review_ctx(sess: dict, case_id: int) -> tuple[dict, Case, CaseReview, Callable[[str], str]]:
        row = ws.case_for(sess["user"], case_id)
        if row["status"] != "ready" or not row["redaction_approved"]:
            raise HTTPException(409, "This case is not ready for review: its redactions have not been approved yet.")
        case = ws.parsed(row)
        return row, case, ws.store.review(row), scrubber(case, case_redaction(case, ws.store.redactions_of(case_id)))

    @r.get("/cases/{case_id}/review", response_class=HTMLResponse)
    def review_page(request: Request, case_id: int, sess: dict = Depends(role("reviewer"))) -> Response:
        row, case, review, clean = review_ctx(sess, case_id)
        sections = review.pen_portrait.sections or [PortraitSection(heading=h, text="") for h in PORTRAIT_HEADINGS]
        return page(request, "review.html", sess, case=row, review=review, sections=sections, clean=clean,
                    clock=exports.clock(row["notified_on"], ws.store.pauses(case_id)),
                    pauses=ws.store.pauses(case_id), docs={d.doc_id: d for d in review.documents},
                    settings_choices=["gp", "hospital", "care_home", "community", "family", "other"])

    @r.get("/cases/{case_id}/documents/{doc_id}", response_class=HTMLResponse)
    def document_page(request: Request, case_id: int, doc_id: str, start: int | None = None, end: int | None = None,
                      sess: dict = Depends(session)) -> Response:
        row, doc = open_document(ws, sess, case_id, doc_id)
        if sess["user"]["role"] != "admin" and not row["redaction_approved"]:
            raise HTTPException(409, "This case's redactions have not been approved yet.")
        reds = effective(ws.store.redactions_of(case_id, doc_id), doc)
        mark = (start, end) if start is not None and end is not None and 0 <= start < end <= len(doc.text) else None
        return page(request, "document.html", sess, case=row, doc=doc, pieces=redacted_view(doc, reds, mark))

    @r.post("/cases/{case_id}/portrait/{index}")
    async def portrait_save(request: Request, case_id: int, index: int,
                            sess: dict = Depends(role_post("reviewer"))) -> Response:
        ws.case_for(sess["user"], case_id)
        form = await request.form()
        new_text = str(form.get("text", ""))[:20000]

        def edit(review: CaseReview) -> tuple[Any, Any]:
            if not review.pen_portrait.sections:
                review.pen_portrait.sections = [PortraitSection(heading=h, text="") for h in PORTRAIT_HEADINGS]
            if not 0 <= index < len(review.pen_portrait.sections):
                raise HTTPException(404, "No such section.")
            section = review.pen_portrait.sections[index]
            before, section.text = section.text, new_text
            review.pen_portrait.status = "draft"
            return before, new_text

        version = await run_in_threadpool(ws.change_review, sess["user"], case_id, "portrait.edit", f"section {index}", edit)
        if "application/json" not in request.headers.get("accept", ""):  # the "Save now" button, without scripts
            return RedirectResponse(f"/cases/{case_id}/review#portrait-{index}", status_code=303)
        return JSONResponse({"saved": True, "version": version, "seq": str(form.get("seq", ""))})

    @r.post("/cases/{case_id}/portrait-approve")
    def portrait_approve(case_id: int, sess: dict = Depends(role_post("reviewer"))) -> Response:
        ws.case_for(sess["user"], case_id)

        def edit(review: CaseReview) -> tuple[Any, Any]:
            before, review.pen_portrait.status = review.pen_portrait.status, "approved"
            return before, "approved"

        ws.change_review(sess["user"], case_id, "portrait.approve", "pen portrait", edit)
        return RedirectResponse(f"/cases/{case_id}/review#portrait", status_code=303)

    @r.post("/cases/{case_id}/themes/{index}")
    async def theme_decide(request: Request, case_id: int, index: int,
                           sess: dict = Depends(role_post("reviewer"))) -> Response:
        ws.case_for(sess["user"], case_id)
        action = str((await request.form()).get("action", ""))
        if action not in ("accept", "reject"):
            raise HTTPException(400, "Choose accept or reject.")

        def edit(review: CaseReview) -> tuple[Any, Any]:
            if not 0 <= index < len(review.themes):
                raise HTTPException(404, "No such theme.")
            theme = review.themes[index]
            before, theme.status = theme.status, "accepted" if action == "accept" else "rejected"
            return {"code": theme.code, "status": before}, {"code": theme.code, "status": theme.status}

        ws.change_review(sess["user"], case_id, f"theme.{action}", f"theme {index}", edit)
        return RedirectResponse(f"/cases/{case_id}/review#theme-{index}", status_code=303)

    @r.post("/cases/{case_id}/themes")
    async def theme_add(request: Request, case_id: int, sess: dict = Depends(role_post("reviewer"))) -> Response:
        ws.case_for(sess["user"], case_id)
        form = await request.form()
        label = str(form.get("label", "")).strip()[:120]
        if not label:
            raise HTTPException(400, "Give the theme a name.")
        code = re.sub(r"[^A-Z0-9]+", "_", (str(form.get("code", "")).strip() or label).upper()).strip("_")[:40]
        note = str(form.get("note", "")).strip()[:2000]

        def edit(review: CaseReview) -> tuple[Any, Any]:
            ev = [Evidence(doc_id="reviewer", page=1, quote=note, source="reviewer")] if note else []
            review.themes.append(Theme(code=code, label=label, score=1.0, evidence=ev, status="accepted"))
            return None, {"code": code, "label": label, "note": note}

        ws.change_review(sess["user"], case_id, "theme.add", code, edit)
        return RedirectResponse(f"/cases/{case_id}/review#themes", status_code=303)

    @r.post("/cases/{case_id}/timeline/{index}")
    async def timeline_edit(request: Request, case_id: int, index: int,
                            sess: dict = Depends(role_post("reviewer"))) -> Response:
        ws.case_for(sess["user"], case_id)
        form = await request.form()
        action = str(form.get("action", "save"))

        def edit(review: CaseReview) -> tuple[Any, Any]:
            if index == len(review.timeline) and action == "save":  # the empty last row adds an event
                review.timeline.append(TimelineEvent(date=None, precision="day", date_text="", summary="",
                                                     doc_id="reviewer", page=1, quote="", status="edited"))
            if not 0 <= index < len(review.timeline):
                raise HTTPException(404, "No such event.")
            event = review.timeline[index]
            before = event.model_dump(include={"date_text", "summary", "setting", "status"})
            if action == "remove":
                event.status = "rejected"
            else:
                event.date_text = str(form.get("date_text", "")).strip()[:40]
                event.summary = str(form.get("summary", "")).strip()[:2000]
                setting = str(form.get("setting", "other"))
                event.setting = setting if setting in ("gp", "hospital", "care_home", "community", "family") else "other"
                event.date = _parse_day(event.date_text)
                event.status = "edited"
            return before, event.model_dump(include={"date_text", "summary", "setting", "status"})

        ws.change_review(sess["user"], case_id, f"timeline.{action}", f"event {index}", edit)
        return RedirectResponse(f"/cases/{case_id}/review#timeline", status_code=303)

    @r.post("/cases/{case_id}/decision")
    async def decision(request: Request, case_id: int, sess: dict = Depends(role_post("reviewer"))) -> Response:
        row = ws.case_for(sess["user"], case_id)
        if row["approved"]:
            raise HTTPException(409, "This review is approved and can no longer be changed.")
        form = await request.form()
        choice, reason = str(form.get("decision", "")), str(form.get("reason", "")).strip()[:4000]
        if choice not in ("initial", "focused"):
            raise HTTPException(400, "Choose initial or focused review.")
        review = ws.store.review(row)
        recommended = review.triage.recommendation if review and review.triage else None
        if recommended and choice != recommended and not reason:
            raise HTTPException(400, f"Your decision differs from the recommendation ({recommended}): give a reason.")
        with ws.store.tx() as conn:
            ws.store.set_case(conn, case_id, decision=choice, decision_reason=reason)
            ws.store.log(conn, sess["user"], "triage.decision", case_id, "decision",
                         {"decision": row["decision"], "reason": row["decision_reason"]},
                         {"decision": choice, "reason": reason, "recommended": recommended})
        return RedirectResponse(f"/cases/{case_id}/review#triage", status_code=303)

    @r.post("/cases/{case_id}/clock")
    async def clock_change(request: Request, case_id: int, sess: dict = Depends(checked)) -> Response:
        ws.case_for(sess["user"], case_id)
        form = await request.form()
        try:
            day = dt.date.fromisoformat(str(form.get("date", "")) or dt.date.today().isoformat()).isoformat()
        except ValueError:
            raise HTTPException(400, "Give a date like 2026-03-14.") from None
        open_pauses = [p for p in ws.store.pauses(case_id) if p["ended_on"] is None]
        with ws.store.tx() as conn:
            if open_pauses:
                conn.execute(update(clock_pauses).where(clock_pauses.c.id == open_pauses[0]["id"]).values(ended_on=day))
                ws.store.log(conn, sess["user"], "clock.resume", case_id, after=day)
            else:
                conn.execute(insert(clock_pauses).values(case_id=case_id, started_on=day, ended_on=None,
                                                         reason="investigation open"))
                ws.store.log(conn, sess["user"], "clock.pause", case_id, after=day)
        return RedirectResponse(f"/cases/{case_id}/review#clock", status_code=303)

    @r.post("/cases/{case_id}/approve")
    def approve(case_id: int, sess: dict = Depends(role_post("reviewer"))) -> Response:
        row, _, review, _ = review_ctx(sess, case_id)
        missing = [what for what, ok in (("a triage decision", row["decision"]),
                                         ("an approved pen portrait", review.pen_portrait.status == "approved"))
                   if not ok]
        if missing:
            raise HTTPException(409, f"Before approving, record {' and '.join(missing)}.")
        with ws.store.tx() as conn:
            ws.store.set_case(conn, case_id, approved=True)
            ws.store.log(conn, sess["user"], "review.approve", case_id, before=False, after=True)
        return RedirectResponse(f"/cases/{case_id}/review", status_code=303)

    @r.get("/cases/{case_id}/review-pack")
    def review_pack(case_id: int, sess: dict = Depends(role("reviewer"))) -> Response:
        row, _, review, clean = review_ctx(sess, case_id)
        if not row["approved"]:
            raise HTTPException(409, "The review pack can be exported once the review is approved.")
        data = exports.review_pack(row["ref"], row["person"], review, row["decision"], row["decision_reason"], clean)
        with ws.store.tx() as conn:
            ws.store.log(conn, sess["user"], "review.export", case_id, after={"bytes": len(data)})
        return Response(data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        headers={"Content-Disposition": f'attachment; filename="review-pack-{row["ref"]}.docx"'})

    @r.get("/cases/{case_id}/audit", response_class=HTMLResponse)
    def audit_page(request: Request, case_id: int, sess: dict = Depends(session)) -> Response:
        row = ws.case_for(sess["user"], case_id)
        return page(request, "audit.html", sess, case=row, entries=ws.store.audit_for(case_id))

    return r


def _parse_day(text: str) -> dt.date | None:
    from ..dates import find_dates

    found = [d for d in find_dates(text) if d.date and d.precision == "day"]
    return found[0].date if found else None
