"""Logging in and out."""

from __future__ import annotations

import secrets
import time

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from . import security
from .app import Workspace
from .deps import Deps


def router(ws: Workspace, d: Deps) -> APIRouter:
    """The login and logout routes."""
    r = APIRouter()
    checked, page = d.checked, d.page

    @r.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> Response:
        token = secrets.token_urlsafe(24)
        resp = page(request, "login.html", None, login_token=token, failed=False)
        resp.set_cookie(security.LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=ws.secure_cookies)
        return resp

    @r.post("/login")
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

    @r.post("/logout")
    def logout(request: Request, sess: dict = Depends(checked)) -> Response:
        security.end_session(ws.store, request.cookies.get(security.SESSION_COOKIE))
        resp = RedirectResponse("/login", status_code=303)
        resp.delete_cookie(security.SESSION_COOKIE)
        return resp

    return r


