"""The reviewer's workspace: a local web app (FastAPI, server-rendered Jinja2 pages, a little
vanilla JavaScript, no build step).

URLs carry only numeric case ids and document ids (D01...), never references, names or
search words, so the server's access log holds no identifiers; searches are POSTed.
Every change goes through :meth:`Workspace.change_review` or a transaction that also
appends to the audit log.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
import shutil
import time
import zipfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..config import Settings
from ..errors import LederError
from ..record import Case, CaseReview, Evidence, PortraitSection, Theme, TimelineEvent
from ..store import (Conflict, Store, case_columns, cases, clock_pauses, documents, make_engine, migrate, now, redactions,
                     visible_clause)
from . import exports, security
from .jobs import Jobs
from .redaction_check import ADD_LABELS, bundle_zip, case_redaction, effective, redacted_view, scrubber, segments

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
REF_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
LOCKOUT_FAILURES, LOCKOUT_SECONDS = 5, 15 * 60
PORTRAIT_HEADINGS = ["Who they were", "What people liked and admired about them", "What mattered to them",
                     "How they communicated", "Home and support", "Important people", "Health in brief",
                     "In their family's words"]


class Workspace:
    """Everything a request needs: the store, the settings, the job runner, limits."""

    def __init__(self, settings: Settings, data_dir: Path, db_url: str | None, max_upload_mb: float,
                 secure_cookies: bool) -> None:
        self.settings = settings
        self.data_dir = data_dir
        try:
            self.store = Store(make_engine(db_url, data_dir))
            migrate(self.store.engine)
        except (SQLAlchemyError, ImportError, OSError) as exc:  # the URL may hold a password: never show it
            raise LederError(f"cannot open the workspace database ({type(exc).__name__})",
                             "check --db-url (and that its driver is installed) or --data-dir") from None
        self.jobs = Jobs(self.store, settings, data_dir)
        self.max_upload = int(max_upload_mb * 1024 * 1024)
        self.secure_cookies = secure_cookies
        self.failed_logins: dict[str, list[float]] = {}  # user name -> times of recent failures (this process)

    def locked_out(self, name: str) -> bool:
        """Five wrong passwords for one name within the lock-out window lock it for that window."""
        cutoff = time.monotonic() - LOCKOUT_SECONDS
        recent = [t for t in self.failed_logins.get(name, []) if t > cutoff]
        self.failed_logins[name] = recent
        return len(recent) >= LOCKOUT_FAILURES

    # ------------------------------------------------------------------ loading a case
    def case_for(self, user: dict, case_id: int) -> dict:
        """The case row if this user may open it; 404 otherwise (do not say whether it exists)."""
        row = self.store.case(case_id)
        if row is None or (user["role"] != "admin" and not _visible(user, row)):
            raise HTTPException(404, "No such case, or it is not yours to open.")
        return row

    def parsed(self, row: dict) -> Case:
        return Case.model_validate_json(row["case_json"] if "case_json" in row else self.store.case_text(row["id"]))

    def change_review(self, user: dict, case_id: int, action: str, target: str,
                      fn: Callable[[CaseReview], tuple[Any, Any]]) -> int:
        """Apply ``fn`` to the stored review and audit it with its before/after; retries on a conflict."""
        for _ in range(20):
            row = self.store.case(case_id)
            review = self.store.review(row) if row else None
            if review is None:
                raise HTTPException(409, "This case has no draft yet.")
            if row["approved"]:
                raise HTTPException(409, "This review is approved and can no longer be changed.")
            before, after = fn(review)
            try:
                with self.store.tx() as conn:
                    version = self.store.save_review(conn, row, review)
                    self.store.log(conn, user, action, case_id, target, before, after)
                return version
            except Conflict:
                continue
        raise HTTPException(409, "The case is busy; try again.")


def _visible(user: dict, row: dict) -> bool:
    return row["assigned_to"] == user["id"] or (bool(user["team"]) and row["team"] == user["team"])


def create_app(settings: Settings | None = None, data_dir: Path | None = None, db_url: str | None = None,
               max_upload_mb: float = 100.0, secure_cookies: bool = False) -> FastAPI:
    """The app; ``data_dir`` holds the SQLite database (unless ``db_url``) and uploaded bundles."""
    ws = Workspace(settings or Settings.from_env(), Path(data_dir or "leder-data"), db_url, max_upload_mb,
                   secure_cookies)
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        ws.jobs.resume()  # cases a stopped server left half-processed
        yield
        ws.jobs.pool.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(title="leder-assist workspace", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.ws = ws
    app.add_middleware(security.BodyLimit, max_bytes=ws.max_upload)
    app.add_middleware(security.SafeErrors)  # outermost of ours: sees every unexpected error
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["ADD_LABELS"] = ADD_LABELS
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = ("default-src 'self'; img-src 'self' data:; "
                                                       "frame-ancestors 'none'; form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if not request.url.path.startswith("/static"):
            response.headers["Cache-Control"] = "no-store"
        return response

    # ------------------------------------------------------------------ auth
    def session(request: Request) -> dict:
        found = security.session_of(ws.store, request.cookies.get(security.SESSION_COOKIE))
        if found is None:
            if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
                raise HTTPException(303, headers={"Location": "/login"})
            raise HTTPException(401, "Please log in.")
        return found

    async def checked(request: Request, sess: dict = Depends(session)) -> dict:
        """A session for a POST: the CSRF token must come back in the form or the header."""
        token = request.headers.get("x-csrf-token")
        if token is None and "form" in request.headers.get("content-type", ""):
            token = (await request.form()).get("csrf")
        if not security.same(token if isinstance(token, str) else None, sess["csrf"]):
            raise HTTPException(403, "This form has expired. Go back, reload the page and try again.")
        return sess

    def role(name: str) -> Callable:
        def need(sess: dict = Depends(session)) -> dict:
            if sess["user"]["role"] != name:
                raise HTTPException(403, f"Only {name}s can do this.")
            return sess
        return need

    def role_post(name: str) -> Callable:
        def need(sess: dict = Depends(checked)) -> dict:
            if sess["user"]["role"] != name:
                raise HTTPException(403, f"Only {name}s can do this.")
            return sess
        return need

    def page(request: Request, name: str, sess: dict | None, **ctx: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"user": sess["user"] if sess else None,
                                                          "csrf": sess["csrf"] if sess else "", **ctx})

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 303:
            return RedirectResponse(exc.headers["Location"], status_code=303)
        if "application/json" in request.headers.get("accept", "") or request.headers.get("x-csrf-token"):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return templates.TemplateResponse(request, "error.html", {"user": None, "csrf": "", "status": exc.status_code,
                                                                  "message": exc.detail}, status_code=exc.status_code)

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> Response:
        token = secrets.token_urlsafe(24)
        resp = page(request, "login.html", None, login_token=token, failed=False)
        resp.set_cookie(security.LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=ws.secure_cookies)
        return resp

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await request.form()
        if not security.same(str(form.get("csrf", "")), request.cookies.get(security.LOGIN_COOKIE)):
            raise HTTPException(403, "This form has expired. Reload the page and try again.")
        name = str(form.get("name", "")).strip()[:80]
        if ws.locked_out(name):
            raise HTTPException(429, "Too many wrong passwords for this user name. Wait 15 minutes and try again, "
                                     "or ask an administrator.")
        user = ws.store.user_by_name(name)
        # Argon2 is slow on purpose: verify in a worker thread so other requests go on meanwhile.
        ok = await run_in_threadpool(security.verify_password, user["pw_hash"] if user else None,
                                     str(form.get("password", "")))
        if not ok or not user or not user["active"]:
            ws.failed_logins.setdefault(name, []).append(time.monotonic())
            token = secrets.token_urlsafe(24)
            resp = page(request, "login.html", None, login_token=token, failed=True)
            resp.status_code = 401
            resp.set_cookie(security.LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=ws.secure_cookies)
            return resp
        ws.failed_logins.pop(name, None)
        token = security.new_session(ws.store, user["id"])
        with ws.store.tx() as conn:
            ws.store.log(conn, user, "login")
        resp = RedirectResponse("/", status_code=303)
        resp.set_cookie(security.SESSION_COOKIE, token, httponly=True, samesite="strict", secure=ws.secure_cookies,
                        max_age=security.SESSION_HOURS * 3600)
        resp.delete_cookie(security.LOGIN_COOKIE)
        return resp

    @app.post("/logout")
    def logout(request: Request, sess: dict = Depends(checked)) -> Response:
        security.end_session(ws.store, request.cookies.get(security.SESSION_COOKIE))
        resp = RedirectResponse("/login", status_code=303)
        resp.delete_cookie(security.SESSION_COOKIE)
        return resp

    # ------------------------------------------------------------------ cases and intake
    @app.get("/", response_class=HTMLResponse)
    def home(request: Request, sess: dict = Depends(session)) -> Response:
        reviewers = [u for u in ws.store.list_users() if u["role"] == "reviewer"] if sess["user"]["role"] == "admin" else []
        return page(request, "cases.html", sess, cases=ws.store.visible_cases(sess["user"]), reviewers=reviewers,
                    today=dt.date.today().isoformat(), max_mb=ws.max_upload // (1024 * 1024))

    @app.post("/cases")
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

    @app.get("/cases/{case_id}", response_class=HTMLResponse)
    def case_page(request: Request, case_id: int, sess: dict = Depends(session)) -> Response:
        row = ws.case_for(sess["user"], case_id)
        case = ws.parsed(row) if row["status"] == "ready" else None
        docs = ws.store.documents_of(case_id)
        reviewers = [u for u in ws.store.list_users() if u["role"] == "reviewer"] if sess["user"]["role"] == "admin" else []
        return page(request, "case.html", sess, case=row, parsed=case, docs=docs, reviewers=reviewers,
                    all_checked=bool(docs) and all(d["checked"] for d in docs))

    @app.post("/cases/{case_id}/assign")
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

    @app.get("/cases/{case_id}/status")
    def case_status(case_id: int, sess: dict = Depends(session)) -> dict:
        row = ws.case_for(sess["user"], case_id)
        return {"status": row["status"], "stage": row["stage"], "progress": row["progress"]}

    # ------------------------------------------------------------------ redaction check (admin)
    @app.get("/cases/{case_id}/redactions/{doc_id}", response_class=HTMLResponse)
    def redaction_doc(request: Request, case_id: int, doc_id: str, sess: dict = Depends(role("admin"))) -> Response:
        row, doc = _doc(ws, sess, case_id, doc_id)
        rows = ws.store.redactions_of(case_id, doc_id)
        preview = case_redaction(Case(case_id=row["ref"], documents=[doc]), rows).documents[doc_id].text
        docs = ws.store.documents_of(case_id)
        return page(request, "redactions.html", sess, case=row, doc=doc, segments=segments(doc, rows), preview=preview,
                    rows=rows, docs=docs, checked=next(d["checked"] for d in docs if d["doc_id"] == doc_id))

    @app.post("/cases/{case_id}/redactions/{doc_id}/{rid}")
    async def redaction_decide(request: Request, case_id: int, doc_id: str, rid: int,
                               sess: dict = Depends(role_post("admin"))) -> Response:
        row, _doc_ = _doc(ws, sess, case_id, doc_id)
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

    @app.post("/cases/{case_id}/redactions/{doc_id}")
    async def redaction_add(request: Request, case_id: int, doc_id: str,
                            sess: dict = Depends(role_post("admin"))) -> Response:
        row, doc = _doc(ws, sess, case_id, doc_id)
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

    @app.post("/cases/{case_id}/checked/{doc_id}")
    def redaction_checked(case_id: int, doc_id: str, sess: dict = Depends(role_post("admin"))) -> Response:
        _doc(ws, sess, case_id, doc_id)
        with ws.store.tx() as conn:
            conn.execute(update(redactions).where(redactions.c.case_id == case_id, redactions.c.doc_id == doc_id,
                                                  redactions.c.status == "proposed").values(status="accepted"))
            conn.execute(update(documents).where(documents.c.case_id == case_id, documents.c.doc_id == doc_id)
                         .values(checked=True))
            ws.store.log(conn, sess["user"], "redaction.document_checked", case_id, doc_id)
        nxt = next((d["doc_id"] for d in ws.store.documents_of(case_id) if not d["checked"]), None)
        return RedirectResponse(f"/cases/{case_id}/redactions/{nxt}" if nxt else f"/cases/{case_id}", status_code=303)

    @app.post("/cases/{case_id}/redactions-approve")
    def redaction_approve(case_id: int, sess: dict = Depends(role_post("admin"))) -> Response:
        ws.case_for(sess["user"], case_id)
        if not all(d["checked"] for d in ws.store.documents_of(case_id)):
            raise HTTPException(409, "Check every document before approving the redactions.")
        with ws.store.tx() as conn:
            ws.store.set_case(conn, case_id, redaction_approved=True)
            ws.store.log(conn, sess["user"], "redaction.approve", case_id, before=False, after=True)
        return RedirectResponse(f"/cases/{case_id}", status_code=303)

    @app.get("/cases/{case_id}/redacted-bundle")
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

    # ------------------------------------------------------------------ review (reviewer)
    def review_ctx(sess: dict, case_id: int) -> tuple[dict, Case, CaseReview, Callable[[str], str]]:
        row = ws.case_for(sess["user"], case_id)
        if row["status"] != "ready" or not row["redaction_approved"]:
            raise HTTPException(409, "This case is not ready for review: its redactions have not been approved yet.")
        case = ws.parsed(row)
        return row, case, ws.store.review(row), scrubber(case, case_redaction(case, ws.store.redactions_of(case_id)))

    @app.get("/cases/{case_id}/review", response_class=HTMLResponse)
    def review_page(request: Request, case_id: int, sess: dict = Depends(role("reviewer"))) -> Response:
        row, case, review, clean = review_ctx(sess, case_id)
        sections = review.pen_portrait.sections or [PortraitSection(heading=h, text="") for h in PORTRAIT_HEADINGS]
        return page(request, "review.html", sess, case=row, review=review, sections=sections, clean=clean,
                    clock=exports.clock(row["notified_on"], ws.store.pauses(case_id)),
                    pauses=ws.store.pauses(case_id), docs={d.doc_id: d for d in review.documents},
                    settings_choices=["gp", "hospital", "care_home", "community", "family", "other"])

    @app.get("/cases/{case_id}/documents/{doc_id}", response_class=HTMLResponse)
    def document_page(request: Request, case_id: int, doc_id: str, start: int | None = None, end: int | None = None,
                      sess: dict = Depends(session)) -> Response:
        row, doc = _doc(ws, sess, case_id, doc_id)
        if sess["user"]["role"] != "admin" and not row["redaction_approved"]:
            raise HTTPException(409, "This case's redactions have not been approved yet.")
        reds = effective(ws.store.redactions_of(case_id, doc_id), doc)
        mark = (start, end) if start is not None and end is not None and 0 <= start < end <= len(doc.text) else None
        return page(request, "document.html", sess, case=row, doc=doc, pieces=redacted_view(doc, reds, mark))

    @app.post("/cases/{case_id}/portrait/{index}")
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

    @app.post("/cases/{case_id}/portrait-approve")
    def portrait_approve(case_id: int, sess: dict = Depends(role_post("reviewer"))) -> Response:
        ws.case_for(sess["user"], case_id)

        def edit(review: CaseReview) -> tuple[Any, Any]:
            before, review.pen_portrait.status = review.pen_portrait.status, "approved"
            return before, "approved"

        ws.change_review(sess["user"], case_id, "portrait.approve", "pen portrait", edit)
        return RedirectResponse(f"/cases/{case_id}/review#portrait", status_code=303)

    @app.post("/cases/{case_id}/themes/{index}")
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

    @app.post("/cases/{case_id}/themes")
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

    @app.post("/cases/{case_id}/timeline/{index}")
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

    @app.post("/cases/{case_id}/decision")
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

    @app.post("/cases/{case_id}/clock")
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

    @app.post("/cases/{case_id}/approve")
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

    @app.get("/cases/{case_id}/review-pack")
    def review_pack(case_id: int, sess: dict = Depends(role("reviewer"))) -> Response:
        row, _, review, clean = review_ctx(sess, case_id)
        if not row["approved"]:
            raise HTTPException(409, "The review pack can be exported once the review is approved.")
        data = exports.review_pack(row["ref"], row["person"], review, row["decision"], row["decision_reason"], clean)
        with ws.store.tx() as conn:
            ws.store.log(conn, sess["user"], "review.export", case_id, after={"bytes": len(data)})
        return Response(data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        headers={"Content-Disposition": f'attachment; filename="review-pack-{row["ref"]}.docx"'})

    @app.get("/cases/{case_id}/audit", response_class=HTMLResponse)
    def audit_page(request: Request, case_id: int, sess: dict = Depends(session)) -> Response:
        row = ws.case_for(sess["user"], case_id)
        return page(request, "audit.html", sess, case=row, entries=ws.store.audit_for(case_id))

    # ------------------------------------------------------------------ search and reports
    @app.get("/search", response_class=HTMLResponse)
    def search_form(request: Request, sess: dict = Depends(session)) -> Response:
        return page(request, "search.html", sess, results=None, q={})

    @app.post("/search", response_class=HTMLResponse)
    async def search(request: Request, sess: dict = Depends(checked)) -> Response:
        form = await request.form()
        q = {k: str(form.get(k, "")).strip() for k in ("person", "ref", "date_from", "date_to", "theme", "trigger",
                                                        "recommendation", "decision", "words")}
        return page(request, "search.html", sess, results=_search(ws, sess["user"], q), q=q)

    @app.get("/reports", response_class=HTMLResponse)
    def reports(request: Request, sess: dict = Depends(session)) -> Response:
        return page(request, "reports.html", sess, counts=exports.report_counts(_reviews(ws, sess["user"])))

    @app.get("/reports/counts.csv")
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

    @app.get("/reports/labelled.jsonl")
    def labelled(sess: dict = Depends(session)) -> Response:
        return Response(exports.labelled_records(approved_reviews(sess["user"])), media_type="application/x-ndjson",
                        headers={"Content-Disposition": 'attachment; filename="reviewer-decisions.jsonl"'})

    @app.get("/reports/theme-corpus.yaml")
    def theme_corpus(sess: dict = Depends(session)) -> Response:
        reviews = [review for _row, review, _notes in approved_reviews(sess["user"])]
        return Response(exports.theme_corpus(reviews), media_type="application/yaml",
                        headers={"Content-Disposition": 'attachment; filename="reviewed-themes.yaml"'})

    return app


# ---------------------------------------------------------------------- helpers


def _doc(ws: Workspace, sess: dict, case_id: int, doc_id: str) -> tuple[dict, Any]:
    row = ws.case_for(sess["user"], case_id)
    if row["status"] != "ready":
        raise HTTPException(409, "This case is still being processed.")
    try:
        doc = ws.parsed(row).document(doc_id)
    except KeyError:
        raise HTTPException(404, "No such document.") from None
    if doc.status != "ok":
        raise HTTPException(409, "This document could not be read, so there is nothing to check.")
    return row, doc


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


def _parse_day(text: str) -> dt.date | None:
    from ..dates import find_dates

    found = [d for d in find_dates(text) if d.date and d.precision == "day"]
    return found[0].date if found else None


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
