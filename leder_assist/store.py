"""Persistence for the reviewer's workspace: users, sessions, cases, redaction checks, audit.

SQLite in a data folder by default (WAL mode, ``synchronous=FULL`` so an acknowledged save
survives a killed server), or any SQLAlchemy URL (``postgresql+psycopg://...``) for a
team server. The schema is created and migrated by :func:`migrate`: a list of numbered
steps, each run once and recorded in ``schema_version``.

The audit log is append-only: this module has no update or delete path for it, and the
database itself refuses UPDATE and DELETE on it (triggers, in SQLite and PostgreSQL).
Audit rows hold before/after values of edits, which may be note text: they stay in the
database and are never logged.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
import threading
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import (Boolean, Column, DateTime, Float, ForeignKey, Integer, MetaData, String, Table, Text,
                        create_engine, event, func, insert, select, text, update)
from sqlalchemy.engine import Connection, Engine

from .record import CaseReview

log = logging.getLogger(__name__)

metadata = MetaData()

schema_version = Table("schema_version", metadata, Column("version", Integer, primary_key=True),
                       Column("applied_at", DateTime(timezone=True), nullable=False))

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False, unique=True),
    Column("pw_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),  # admin | reviewer
    Column("team", String(80), nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

sessions = Table(
    "sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

cases = Table(
    "cases", metadata,
    Column("id", Integer, primary_key=True),
    Column("ref", String(40), nullable=False, unique=True),
    Column("person", String(80), nullable=False, default=""),  # the person's pseudonym, e.g. "Person A"
    Column("team", String(80), nullable=False, default=""),
    Column("assigned_to", Integer, ForeignKey("users.id"), nullable=True),
    Column("notified_on", String(10), nullable=False),  # ISO date
    Column("status", String(16), nullable=False),  # queued | processing | ready | failed
    Column("stage", String(40), nullable=False, default=""),
    Column("progress", Float, nullable=False, default=0.0),
    Column("problem", Text, nullable=False, default=""),
    Column("redaction_approved", Boolean, nullable=False, default=False),
    Column("decision", String(16), nullable=False, default=""),  # initial | focused
    Column("decision_reason", Text, nullable=False, default=""),
    Column("approved", Boolean, nullable=False, default=False),
    Column("case_json", Text, nullable=False, default=""),  # parsed Case: UNREDACTED text
    Column("review_json", Text, nullable=False, default=""),  # CaseReview (drafts and edits)
    Column("version", Integer, nullable=False, default=0),  # optimistic lock for review_json
    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("case_id", Integer, ForeignKey("cases.id"), primary_key=True),
    Column("doc_id", String(16), primary_key=True),
    Column("filename", String(255), nullable=False),
    Column("status", String(16), nullable=False),  # ok | failed
    Column("checked", Boolean, nullable=False, default=False),
    Column("redacted_text", Text, nullable=False, default=""),  # for search; refreshed on every redaction edit
)

redactions = Table(
    "redactions", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("doc_id", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("label", String(32), nullable=False),
    Column("replacement", String(80), nullable=False),
    Column("source", String(80), nullable=False),
    Column("score", Float, nullable=False),
    Column("status", String(16), nullable=False),  # proposed | accepted | rejected (added ones: source "reviewer")
)

clock_pauses = Table(
    "clock_pauses", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("started_on", String(10), nullable=False),
    Column("ended_on", String(10), nullable=True),
    Column("reason", String(80), nullable=False, default=""),
)

audit = Table(
    "audit", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, nullable=True, index=True),
    Column("user_id", Integer, nullable=True),
    Column("user_name", String(80), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", String(120), nullable=False, default=""),
    Column("before", Text, nullable=True),
    Column("after", Text, nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
)

_SQLITE_APPEND_ONLY = [
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
]
_PG_APPEND_ONLY = [
    "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS audit_no_change ON audit",
    "CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
]


def _step_1(conn: Connection) -> None:
    """Every table of version 1."""
    metadata.create_all(conn)


def _step_2(conn: Connection) -> None:
    """The audit log refuses UPDATE and DELETE."""
    for stmt in _SQLITE_APPEND_ONLY if conn.dialect.name == "sqlite" else _PG_APPEND_ONLY:
        conn.execute(text(stmt))


# Numbered migrations: append new steps, never edit old ones.
MIGRATIONS = [(1, _step_1), (2, _step_2)]


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def make_engine(db_url: str | None, data_dir: Path) -> Engine:
    """An engine for ``db_url``, or for ``data_dir/workspace.sqlite3`` when none is given."""
    if not db_url:
        data_dir.mkdir(parents=True, exist_ok=True)
        db_url = f"sqlite:///{data_dir / 'workspace.sqlite3'}"
    if db_url.startswith("sqlite"):
        engine = create_engine(db_url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
        return engine
    return create_engine(db_url, pool_pre_ping=True)


def migrate(engine: Engine) -> int:
    """Create or upgrade the schema; returns the version now in force."""
    with engine.begin() as conn:
        schema_version.create(conn, checkfirst=True)
        done = {row[0] for row in conn.execute(select(schema_version.c.version))}
        for number, step in MIGRATIONS:
            if number not in done:
                step(conn)
                conn.execute(insert(schema_version).values(version=number, applied_at=now()))
                log.info("database migrated to version %d", number)
    return MIGRATIONS[-1][0]


class Conflict(Exception):
    """Someone else saved the same case in between; the caller retries."""


class Store:
    """Thin access layer; every write that changes a case also appends to the audit log."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite allows one writer at a time and makes the others sleep and retry; queueing
        # writers of this process on a lock instead keeps auto-save latency low and even.
        self._write_lock = threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()

    @contextmanager
    def tx(self) -> Iterator[Connection]:
        """A write transaction: committed on success, rolled back on any error."""
        with self._write_lock, self.engine.begin() as conn:
            yield conn

    # ------------------------------------------------------------------ audit
    def log(self, conn: Connection, user: dict | None, action: str, case_id: int | None = None, target: str = "",
            before: Any = None, after: Any = None) -> None:
        def enc(v: Any) -> str | None:
            return None if v is None else (v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str))

        conn.execute(insert(audit).values(case_id=case_id, user_id=user["id"] if user else None,
                                          user_name=user["name"] if user else "system", action=action,
                                          target=target, before=enc(before), after=enc(after), at=now()))

    def audit_for(self, case_id: int) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(audit).where(audit.c.case_id == case_id).order_by(audit.c.id))
            return [dict(r._mapping) for r in rows]

    # ------------------------------------------------------------------ users
    def user_by_name(self, name: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).first()
            return dict(row._mapping) if row else None

    def user(self, user_id: int) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.id == user_id)).first()
            return dict(row._mapping) if row else None

    def list_users(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(users).order_by(users.c.name))]

    def add_user(self, name: str, pw_hash: str, role: str, team: str = "") -> int:
        with self.tx() as conn:
            uid = conn.execute(insert(users).values(name=name, pw_hash=pw_hash, role=role, team=team, active=True,
                                                    created_at=now())).inserted_primary_key[0]
            self.log(conn, None, "user.add", target=f"user {uid} ({role})")
            return uid

    # ------------------------------------------------------------------ cases
    def case(self, case_id: int) -> dict | None:
        """A case row without its parsed text (which can run to megabytes): see :meth:`case_text`."""
        with self.engine.connect() as conn:
            row = conn.execute(select(*case_columns()).where(cases.c.id == case_id)).first()
            return dict(row._mapping) if row else None

    def case_text(self, case_id: int) -> str:
        """The parsed case (JSON of :class:`~leder_assist.record.Case`, unredacted)."""
        with self.engine.connect() as conn:
            return conn.execute(select(cases.c.case_json).where(cases.c.id == case_id)).scalar_one()

    def visible_cases(self, user: dict) -> list[dict]:
        """Admins see every case; a reviewer sees cases assigned to them or to their team."""
        q = select(cases.c.id, cases.c.ref, cases.c.person, cases.c.team, cases.c.status, cases.c.notified_on,
                   cases.c.redaction_approved, cases.c.decision, cases.c.approved, cases.c.assigned_to,
                   cases.c.progress, cases.c.stage).order_by(cases.c.id.desc())
        if user["role"] != "admin":
            q = q.where(visible_clause(user))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def review(self, case_row: dict) -> CaseReview | None:
        return CaseReview.model_validate_json(case_row["review_json"]) if case_row["review_json"] else None

    def save_review(self, conn: Connection, case_row: dict, review: CaseReview) -> int:
        """Write a changed review if nobody else saved in between; returns the new version."""
        res = conn.execute(update(cases).where(cases.c.id == case_row["id"], cases.c.version == case_row["version"])
                           .values(review_json=review.model_dump_json(), version=cases.c.version + 1,
                                   updated_at=now()))
        if res.rowcount != 1:
            raise Conflict()
        return case_row["version"] + 1

    def set_case(self, conn: Connection, case_id: int, **values: Any) -> None:
        conn.execute(update(cases).where(cases.c.id == case_id).values(updated_at=now(), **values))

    def redactions_of(self, case_id: int, doc_id: str | None = None) -> list[dict]:
        q = select(redactions).where(redactions.c.case_id == case_id)
        if doc_id is not None:
            q = q.where(redactions.c.doc_id == doc_id)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q.order_by(redactions.c.doc_id, redactions.c.start))]

    def documents_of(self, case_id: int) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(documents.c.doc_id, documents.c.filename, documents.c.status, documents.c.checked)
                .where(documents.c.case_id == case_id).order_by(documents.c.doc_id))]

    def pauses(self, case_id: int) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(clock_pauses).where(clock_pauses.c.case_id == case_id).order_by(clock_pauses.c.id))]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {"cases": conn.execute(select(func.count()).select_from(cases)).scalar_one(),
                    "audit": conn.execute(select(func.count()).select_from(audit)).scalar_one()}


def case_columns() -> list[Column]:
    """Every column of ``cases`` but the parsed text, for listing and editing."""
    return [c for c in cases.c if c.name != "case_json"]


def visible_clause(user: dict) -> Any:
    """Rows of ``cases`` a reviewer may open."""
    cond = cases.c.assigned_to == user["id"]
    if user.get("team"):
        cond = cond | (cases.c.team == user["team"])
    return cond
