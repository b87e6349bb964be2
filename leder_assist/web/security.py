"""Passwords, sessions, CSRF tokens and upload limits for the workspace.

- Passwords: Argon2id (memory-hard) through argon2-cffi.
- Sessions: a random token in an HttpOnly, SameSite=Strict cookie; the database keeps only
  its SHA-256, so a copied database does not hold live sessions.
- CSRF: a random token per session, sent back in every form (hidden field) or in the
  ``X-CSRF-Token`` header by scripts; the login form uses a double-submit cookie.
- Uploads: a request body larger than the limit is refused with 413 before it is parsed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, insert, select

from ..store import Store, now, sessions

log = logging.getLogger(__name__)
SESSION_COOKIE = "leder_session"
LOGIN_COOKIE = "leder_login"
SESSION_HOURS = 10

_hasher = PasswordHasher()  # argon2id, 64 MiB memory, 3 passes (library defaults)
_DUMMY_HASH = _hasher.hash("not a real password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(pw_hash: str | None, password: str) -> bool:
    """True when the password matches; spends the same effort when the user does not exist."""
    try:
        return _hasher.verify(pw_hash or _DUMMY_HASH, password) and pw_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_session(store: Store, user_id: int) -> str:
    token = secrets.token_urlsafe(32)
    with store.tx() as conn:
        conn.execute(delete(sessions).where(sessions.c.expires_at < now()))
        conn.execute(insert(sessions).values(token_hash=_digest(token), user_id=user_id, csrf=secrets.token_urlsafe(32),
                                             expires_at=now() + dt.timedelta(hours=SESSION_HOURS)))
    return token


def session_of(store: Store, token: str | None) -> dict[str, Any] | None:
    """The session row (with ``csrf``) and its user, or None when absent or expired."""
    if not token:
        return None
    with store.engine.connect() as conn:
        row = conn.execute(select(sessions).where(sessions.c.token_hash == _digest(token))).first()
    if row is None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.timezone.utc)
    if expires < now():
        return None
    user = store.user(row.user_id)
    if user is None or not user["active"]:
        return None
    return {"csrf": row.csrf, "user": user}


def end_session(store: Store, token: str | None) -> None:
    if token:
        with store.tx() as conn:
            conn.execute(delete(sessions).where(sessions.c.token_hash == _digest(token)))


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_bytes`` with a plain 413 page."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT"):
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            return await _too_large(send, self.max_bytes)
        seen = 0

        async def limited() -> dict:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise _TooLarge()
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await _too_large(send, self.max_bytes)


class _TooLarge(Exception):
    pass


async def _too_large(send: Any, max_bytes: int) -> None:
    body = (f"<!doctype html><title>Too large</title><h1>The upload is too large</h1><p>The limit is "
            f"{max_bytes // (1024 * 1024)} MB in one go. Upload fewer files at a time, or ask your "
            f"administrator to raise the limit.</p><p><a href=\"/\">Back to cases</a></p>").encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class SafeErrors:
    """ASGI middleware: an unexpected error is logged by type and place only (its message or
    traceback locals may quote note text) and the user gets a plain 500 page."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracked(message: dict) -> None:
            nonlocal started
            started |= message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:  # noqa: BLE001 - never let the message reach the server log
            import traceback

            frame = traceback.extract_tb(exc.__traceback__)[-1]
            log.error("internal error %s at %s:%d", type(exc).__name__, frame.filename.rsplit("/", 1)[-1], frame.lineno)
            if not started:
                body = (b"<!doctype html><title>Problem</title><h1>Something went wrong</h1><p>The problem has been "
                        b"noted (without any case details). Go back and try again; if it happens again, tell "
                        b"whoever runs the workspace.</p><p><a href=\"/\">Back to cases</a></p>")
                await send({"type": "http.response.start", "status": 500,
                            "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
