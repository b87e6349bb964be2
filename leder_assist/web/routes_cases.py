"""The case list, intake (upload and background processing) and the admin's redaction check."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import insert, select, update

from ..record import Case
from ..store import cases, documents, now, redactions
from .app import Workspace
from .deps import Deps, open_document
from .redaction_check import ADD_LABELS, bundle_zip, case_redaction, segments

REF_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def router(ws: Workspace, d: Deps) -> APIRouter:
    """Routes of the case list, intake and redaction check."""
    r = APIRouter()
    session, role, role_post, page = d.session, d.role, d.role_post, d.page

    @r.get("/", response_class=HTMLResponse)
    def home(request: Request, sess: dict = Depends(session)) -> Response:
        reviewers = [u for u in ws.store.list_users() if u["role"] == "reviewer"] if sess["user"]["role"] == "admin" else []
        return page(request, "cases.html", sess, cases=ws.store.visible_cases(sess["user"]), reviewers=reviewers,
                    today=dt.date.today().isoformat(), max_mb=ws.max_upload // (1024 * 1024))

    @r.post("/cases")
    async def upload(request: Request, sess: dict = Depends(role_post("admin"))) -> Response:
        form = await request.form()
        ref = str(form.get("ref", "")).strip()
        if not REF_RE.match(ref):
            raise HTTPException(400, "The case reference must be 1 to 40 letters, digits, dots, dashes or underscores.")
        try:
            notified = dt.date.fromisoformat(str(form.get("notified_on", "")) or dt.date.today().isoformat())
        except ValueError:
            raise HTTPException(400, "The notification date must be a date like 2026-03-14.") from None
        files = [f for f in form.getlist("files") if getattr(f, "filename", "")]
        if not files:
            raise HTTPException(400, "Choose at least one file (PDF, Word, text) or a zip of them.")
        with ws.store.engine.connect() as conn:
            if conn.execute(select(cases.c.id).where(cases.c.ref == ref)).first():
                raise HTTPException(400, "A case with this reference already exists.")
        assigned = str(form.get("assigned_to", ""))
        with ws.store.tx() as conn:
            case_id = conn.execute(insert(cases).values(
                ref=ref, person=str(form.get("person", "")).strip()[:80], team=str(form.get("team", "")).strip()[:80],
                assigned_to=int(assigned) if assigned.isdigit() else None, notified_on=notified.isoformat(),
                status="queued", stage="waiting", progress=0.0, problem="", created_by=sess["user"]["id"],
                created_at=now(), updated_at=now(), case_json="", review_json="", version=0)).inserted_primary_key[0]
            ws.store.log(conn, sess["user"], "case.upload", case_id, after={"files": len(files)})
        folder = ws.jobs.case_dir(case_id, ref)
        folder.mkdir(parents=True, exist_ok=True)
        skipped = []
        for f in files:
            data = await f.read()
            name = Path(f.filename).name
            if name.lower().endswith(".zip"):
                skipped += _unzip(data, folder, ws.max_upload)
            elif name and not name.startswith("."):
                (folder / name).write_bytes(data)  # unsupported formats become failed documents, with a next step
        if skipped:
            with ws.store.tx() as conn:
                ws.store.set_case(conn, case_id, problem=f"{len(skipped)} file(s) in the zip were not read: "
                                                         "the zip is damaged or unpacks to too much.")
        ws.jobs.submit(case_id, ref)
        return RedirectResponse(f"/cases/{case_id}", status_code=303)

    @r.get("/cases/{case_id}", response_class=HTMLResponse)
    def case_page(request: Request, case_id: int, sess: dict = Depends(session)) -> Response:
        row = ws.case_for(sess["user"], case_id)
        case = ws.parsed(row) if row["status"] == "ready" else None
        docs = ws.store.documents_of(case_id)
        reviewers = [u for u in ws.store.list_users() if u["role"] == "reviewer"] if sess["user"]["role"] == "admin" else []
        return page(request, "case.html", sess, case=row, parsed=case, docs=docs, reviewers=reviewers,
                    all_checked=bool(docs) and all(d["checked"] for d in docs))

    @r.post("/cases/{case_id}/assign")
    async def assign(request: Request, case_id: int, sess: dict = Depends(role_post("admin"))) -> Response:
        row = ws.case_for(sess["user"], case_id)
        form = await request.form()
        reviewer = str(form.get("assigned_to", ""))
        ids = {u["id"] for u in ws.store.list_users() if u["role"] == "reviewer"}
        assigned = int(reviewer) if reviewer.isdigit() and int(reviewer) in ids else None
        team = str(form.get("team", "")).strip()[:80]
        with ws.store.tx() as conn:
            ws.store.set_case(conn, case_id, team=team, assigned_to=assigned)
            ws.store.log(conn, sess["user"], "case.assign", case_id, "team and reviewer",
                         {"team": row["team"], "reviewer": row["assigned_to"]}, {"team": team, "reviewer": assigned})
        return RedirectResponse(f"/cases/{case_id}", status_code=303)

    @r.get("/cases/{case_id}/status")
    def case_status(case_id: int, sess: dict = Depends(session)) -> dict:
        row = ws.case_for(sess["user"], case_id)
        return {"status": row["status"], "stage": row["stage"], "progress": row["progress"]}

    # ------------------------------------------------------------------ redaction check (admin)
    @r.get("/cases/{case_id}/redactions/{doc_id}", response_class=HTMLResponse)
    def redaction_doc(request: Request, case_id: int, doc_id: str, sess: dict = Depends(role("admin"))) -> Response:
        row, doc = open_document(ws, sess, case_id, doc_id)
        rows = ws.store.redactions_of(case_id, doc_id)
        preview = case_redaction(Case(case_id=row["ref"], documents=[doc]), rows).documents[doc_id].text
        docs = ws.store.documents_of(case_id)
        return page(request, "redactions.html", sess, case=row, doc=doc, segments=segments(doc, rows), preview=preview,
                    rows=rows, docs=docs, checked=next(d["checked"] for d in docs if d["doc_id"] == doc_id))

    @r.post("/cases/{case_id}/redactions/{doc_id}/{rid}")
    async def redaction_decide(request: Request, case_id: int, doc_id: str, rid: int,
                               sess: dict = Depends(role_post("admin"))) -> Response:
        row, _doc_ = open_document(ws, sess, case_id, doc_id)
        action = str((await request.form()).get("action", ""))
        if action not in ("accept", "reject"):
            raise HTTPException(400, "Choose accept or reject.")
        status = "accepted" if action == "accept" else "rejected"
        with ws.store.tx() as conn:
            old = conn.execute(select(redactions).where(redactions.c.id == rid, redactions.c.case_id == case_id,
                                                        redactions.c.doc_id == doc_id)).first()
            if old is None:
                raise HTTPException(404, "No such redaction.")
            conn.execute(update(redactions).where(redactions.c.id == rid).values(status=status))
            ws.store.log(conn, sess["user"], f"redaction.{action}", case_id, f"{doc_id} redaction {rid} ({old.label})",
                         old.status, status)
            _refresh_text(ws, conn, row, doc_id)
        return RedirectResponse(f"/cases/{case_id}/redactions/{doc_id}#r{rid}", status_code=303)

    @r.post("/cases/{case_id}/redactions/{doc_id}")
    async def redaction_add(request: Request, case_id: int, doc_id: str,
                            sess: dict = Depends(role_post("admin"))) -> Response:
        row, doc = open_document(ws, sess, case_id, doc_id)
        form = await request.form()
        label = str(form.get("label", "PERSON"))
        if label not in ADD_LABELS:
            raise HTTPException(400, "Choose what kind of identifier it is.")
        spans = _spans_to_add(doc.text, form)
        if not spans:
            raise HTTPException(400, "Select some text in the document, or type text that appears in it.")
        with ws.store.tx() as conn:
            for s, e in spans:
                conn.execute(insert(redactions).values(case_id=case_id, doc_id=doc_id, start=s, end=e, label=label,
                                                       replacement=ADD_LABELS[label], source="reviewer", score=1.0,
                                                       status="accepted"))
            ws.store.log(conn, sess["user"], "redaction.add", case_id, f"{doc_id} ({label})",
                         None, {"spans": [[s, e] for s, e in spans], "replacement": ADD_LABELS[label]})
            _refresh_text(ws, conn, row, doc_id)
        return RedirectResponse(f"/cases/{case_id}/redactions/{doc_id}", status_code=303)

    @r.post("/cases/{case_id}/checked/{doc_id}")
    def redaction_checked(case_id: int, doc_id: str, sess: dict = Depends(role_post("admin"))) -> Response:
        open_document(ws, sess, case_id, doc_id)
        with ws.store.tx() as conn:
            conn.execute(update(redactions).where(redactions.c.case_id == case_id, redactions.c.doc_id == doc_id,
                                                  redactions.c.status == "proposed").values(status="accepted"))
            conn.execute(update(documents).where(documents.c.case_id == case_id, documents.c.doc_id == doc_id)
                         .values(checked=True))
            ws.store.log(conn, sess["user"], "redaction.document_checked", case_id, doc_id)
        nxt = next((d["doc_id"] for d in ws.store.documents_of(case_id) if not d["checked"]), None)
        return RedirectResponse(f"/cases/{case_id}/redactions/{nxt}" if nxt else f"/cases/{case_id}", status_code=303)

    @r.post("/cases/{case_id}/redactions-approve")
    def redaction_approve(case_id: int, sess: dict = Depends(role_post("admin"))) -> Response:
        ws.case_for(sess["user"], case_id)
        if not all(d["checked"] for d in ws.store.documents_of(case_id)):
            raise HTTPException(409, "Check every document before approving the redactions.")
        with ws.store.tx() as conn:
            ws.store.set_case(conn, case_id, redaction_approved=True)
            ws.store.log(conn, sess["user"], "redaction.approve", case_id, before=False, after=True)
        return RedirectResponse(f"/cases/{case_id}", status_code=303)

    @r.get("/cases/{case_id}/redacted-bundle")
    def redacted_bundle(case_id: int, sess: dict = Depends(role("admin"))) -> Response:
        row = ws.case_for(sess["user"], case_id)
        docs = ws.store.documents_of(case_id)
        if row["status"] != "ready" or not docs or not all(d["checked"] for d in docs):
            raise HTTPException(409, "The redacted bundle can be downloaded once every document has been checked.")
        data, failed = bundle_zip(ws.parsed(row), ws.store.redactions_of(case_id), ws.jobs.case_dir(case_id, row["ref"]))
        with ws.store.tx() as conn:
            ws.store.log(conn, sess["user"], "bundle.download", case_id, after={"bytes": len(data), "refused": failed})
        return Response(data, media_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="redacted-{row["ref"]}.zip"'})

    return r


def _refresh_text(ws: Workspace, conn: Any, row: dict, doc_id: str) -> None:
    """Keep the searchable redacted text in step with the redaction check."""
    doc = ws.parsed(row).document(doc_id)
    rows = [dict(r._mapping) for r in conn.execute(select(redactions).where(redactions.c.case_id == row["id"],
                                                                            redactions.c.doc_id == doc_id))]
    text = case_redaction(Case(case_id=row["ref"], documents=[doc]), rows).documents[doc_id].text
    conn.execute(update(documents).where(documents.c.case_id == row["id"], documents.c.doc_id == doc_id)
                 .values(redacted_text=text))


def _spans_to_add(text: str, form: Any) -> list[tuple[int, int]]:
    """Offsets from a selection (start, end), or every whole-word occurrence of typed text."""
    start, end = str(form.get("start", "")), str(form.get("end", ""))
    if start.isdigit() and end.isdigit() and 0 <= int(start) < int(end) <= len(text):
        s, e = int(start), int(end)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        return [(s, e)] if e > s else []
    find = str(form.get("find", "")).strip()
    if len(find) < 2:
        return []
    return [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(find)}(?!\w)", text)]


def _unzip(data: bytes, folder: Path, limit: int) -> list[str]:
    """The files of a zip (flattened: no folders, so no path tricks; size-checked); returns skipped names."""
    import io

    skipped, total = [], 0
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return ["(a damaged zip file)"]
    with zf:
        for info in zf.infolist():
            name = Path(info.filename).name
            if info.is_dir() or not name or name.startswith("."):
                continue
            total += info.file_size
            if total > limit * 4:  # zip-bomb guard
                skipped.append(name)
                continue
            with zf.open(info) as src, open(folder / name, "wb") as dst:
                shutil.copyfileobj(src, dst)
    return skipped
