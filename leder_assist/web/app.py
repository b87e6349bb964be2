"""The reviewer's workspace: a local web app (FastAPI, server-rendered Jinja2 pages, a little
vanilla JavaScript, no build step).

URLs carry only numeric case ids and document ids (D01...), never references, names or
search words, so the server's access log holds no identifiers; searches are POSTed.
Every change goes through :meth:`Workspace.change_review` or a transaction that also
appends to the audit log. Routes live in ``routes_auth``, ``routes_cases`` (intake and the
redaction check), ``routes_review`` and ``routes_reports``; ``deps`` holds the session, CSRF
and role checks they share.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError

from ..config import Settings
from ..errors import LederError
from ..record import Case, CaseReview
from ..store import Conflict, Store, make_engine, migrate
from . import security
from .jobs import Jobs

HERE = Path(__file__).resolve().parent
LOCKOUT_FAILURES, LOCKOUT_SECONDS = 5, 15 * 60


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
    from . import (  # they import this module
        routes_auth,
        routes_cases,
        routes_reports,
        routes_review,
    )
    from .deps import Deps

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
    deps = Deps(ws)
    templates = deps.templates
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

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 303:
            return RedirectResponse(exc.headers["Location"], status_code=303)
        if "application/json" in request.headers.get("accept", "") or request.headers.get("x-csrf-token"):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return templates.TemplateResponse(request, "error.html", {"user": None, "csrf": "", "status": exc.status_code,
                                                                  "message": exc.detail}, status_code=exc.status_code)

    for module in (routes_auth, routes_cases, routes_review, routes_reports):
        app.include_router(module.router(ws, deps))
    return app
