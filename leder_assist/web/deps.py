"""What every route needs: the session, CSRF and role checks, page rendering, an open document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from . import security
from .app import HERE, Workspace
from ..triage import signal_text
from .redaction_check import ADD_LABELS


class Deps:
    """Dependencies bound to one workspace (FastAPI ``Depends`` targets and the page renderer)."""

    def __init__(self, ws: Workspace) -> None:
        templates = Jinja2Templates(directory=str(HERE / "templates"))
        templates.env.globals["ADD_LABELS"] = ADD_LABELS
        templates.env.globals["signal_text"] = signal_text
        self.templates = templates

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

        self.session, self.checked, self.role, self.role_post, self.page = session, checked, role, role_post, page


def open_document(ws: Workspace, sess: dict, case_id: int, doc_id: str) -> tuple[dict, Any]:
    """A readable document of a processed case this user may open (404/409 otherwise)."""
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
