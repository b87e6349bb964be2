"""Helpers for the workspace tests: an app in a temporary folder, users, and an invented case
with every part of a drafted review (themes, timeline, pen portrait, triage, missing info)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import insert

from leder_assist.record import (Case, CaseReview, Document, DocumentSummary, Evidence, Page, PenPortrait,
                                 PortraitSection, Redaction, Signal, SourceRef, Theme, TimelineEvent, Triage, Trigger)
from leder_assist.store import Store, cases, now
from leder_assist.web.security import hash_password

PASSWORD = "correct horse battery"
USERS = [("ada", "admin", "north"), ("rev", "reviewer", "north"), ("sol", "reviewer", "south")]

# Invented person and family; the address and names are made up for the tests.
TEXT = ("Notification of death\n"
        "Name: Tobias Wrenfield\n"
        "Tobias lived at 14 Elm Grove with support from Rowan House.\n"
        "On 02/01/2026 he was admitted with aspiration pneumonia.\n"
        "His sister Maude Wrenfield said he loved trains and asked for a full review.\n")
IDENTIFIERS = {"Tobias Wrenfield": ("PERSON", "[Person]"), "Tobias": ("PERSON", "[Person]"),
               "14 Elm Grove": ("ADDRESS", "[Address]"), "Maude Wrenfield": ("PERSON", "[Sister]")}


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def add_users(store: Store) -> dict[str, int]:
    return {name: store.add_user(name, hash_password(PASSWORD), role, team) for name, role, team in USERS}


def login(client, name: str) -> str:  # noqa: ANN001 - TestClient or httpx.Client
    """Log in through the form; returns the session's CSRF token."""
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    page = client.post("/login", data={"name": name, "password": PASSWORD, "csrf": token}, follow_redirects=True)
    assert page.status_code == 200, page.status_code
    return re.search(r'data-csrf="([^"]+)"', page.text).group(1)


def invented_case(ref: str) -> tuple[Case, CaseReview]:
    doc = Document(doc_id="D01", filename="Notification.txt", format="txt", kind="notification", text=TEXT,
                   pages=[Page(number=1, start=0, end=len(TEXT))])
    reds = []
    for m in re.finditer("|".join(re.escape(k) for k in sorted(IDENTIFIERS, key=len, reverse=True)), TEXT):
        label, repl = IDENTIFIERS[m.group()]
        reds.append(Redaction(doc_id="D01", page=1, start=m.start(), end=m.end(), label=label, replacement=repl,
                              source="test.fixture", score=0.9))
    q_s, q_e = span(TEXT, "admitted with aspiration pneumonia")
    f_s, f_e = span(TEXT, "asked for a full review")
    review = CaseReview(
        case_id=ref, documents=[DocumentSummary.of(doc)], redactions=reds,
        themes=[Theme(code="ASPIRATION_PNEUMONIA", label="Aspiration pneumonia", score=0.9,
                      evidence=[Evidence(doc_id="D01", page=1, quote="admitted with aspiration pneumonia",
                                         start=q_s, end=q_e)]),
                Theme(code="CONSTIPATION", label="Constipation", score=0.4,
                      evidence=[Evidence(doc_id="D01", page=1, quote="no constipation noted")])],
        timeline=[TimelineEvent(date=None, precision="day", date_text="02/01/2026",
                                summary="Admitted to hospital with aspiration pneumonia", setting="hospital",
                                doc_id="D01", page=1, quote="admitted with aspiration pneumonia")],
        pen_portrait=PenPortrait(sections=[
            PortraitSection(heading="Who they were", text="[Person] loved trains.",
                            sources=[SourceRef(doc_id="D01", page=1, start=f_s - 30, end=f_s)]),
            PortraitSection(heading="Health in brief", text="Learning disability.", sources=[])]),
        triage=Triage(recommendation="focused", score=0.81, threshold=0.5,
                      triggers=[Trigger(code="FAMILY_REQUEST", reason="The family asked for a full review",
                                        evidence=[Evidence(doc_id="D01", page=1, quote="asked for a full review",
                                                           start=f_s, end=f_e)])],
                      signals=[Signal(code="RESPIRATORY", weight=0.3)],
                      uncertainties=["Ethnicity is not recorded"]),
        missing_information=["ethnicity", "GP practice"])
    return Case(case_id=ref, documents=[doc]), review


def seed_case(ws, ref: str, team: str, admin_id: int, notified_on: str = "2026-01-10",  # noqa: ANN001 - Workspace
              approved_redactions: bool = True, person: str = "Person A") -> int:
    """A processed case in the store, as the background job would leave it."""
    with ws.store.tx() as conn:
        case_id = conn.execute(insert(cases).values(
            ref=ref, person=person, team=team, assigned_to=None, notified_on=notified_on, status="processing",
            stage="", progress=0.0, problem="", created_by=admin_id, created_at=now(), updated_at=now(),
            case_json="", review_json="", version=0)).inserted_primary_key[0]
    case, review = invented_case(ref)
    ws.jobs.store_result(case_id, case, review)
    folder = ws.jobs.case_dir(case_id, ref)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Notification.txt").write_text(TEXT, encoding="utf-8")
    if approved_redactions:
        from sqlalchemy import update

        from leder_assist.store import documents
        with ws.store.tx() as conn:
            conn.execute(update(documents).where(documents.c.case_id == case_id).values(checked=True))
            ws.store.set_case(conn, case_id, redaction_approved=True)
    return case_id


def make_workspace(data_dir: Path, **kw):  # noqa: ANN201
    from leder_assist.web.app import create_app

    app = create_app(data_dir=data_dir, **kw)
    ws = app.state.ws
    return app, ws, add_users(ws.store)


# ---------------------------------------------------------------------- a real server process

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``leder-assist serve`` as a child process, its output in ``log_path``."""

    def __init__(self, data_dir: Path, log_path: Path, port: int | None = None) -> None:
        self.data_dir, self.log_path = data_dir, log_path
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> Server:
        import httpx

        log = open(self.log_path, "ab")  # noqa: SIM115 - kept open for the child's lifetime
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "leder_assist.cli", "serve", "--port", str(self.port),
                                      "--data-dir", str(self.data_dir)], stdout=log, stderr=subprocess.STDOUT,
                                     cwd=ROOT, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log_path}")
            try:
                if httpx.get(self.url + "/login", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.kill()
        raise RuntimeError("server did not start in time")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
