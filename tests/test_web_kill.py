"""Killing the server mid-edit loses at most the unsaved keystrokes: start ``leder-assist serve``,
auto-save edits from two writers, SIGKILL the server while saves are in flight, restart it,
and check the database (integrity, parseable review) and that every acknowledged save is there."""

from __future__ import annotations

import sqlite3
import threading
import time

import httpx
import pytest

from leder_assist.record import CaseReview

from .web_support import Server, login, make_workspace, seed_case

pytestmark = pytest.mark.slow


def _writer(base: str, cookies: httpx.Cookies, csrf: str, case_id: int, section: int, acked: list[int],
            stop: threading.Event) -> None:
    with httpx.Client(base_url=base, cookies=cookies, timeout=5) as client:
        n = 0
        while not stop.is_set():
            n += 1
            try:
                resp = client.post(f"/cases/{case_id}/portrait/{section}", data={"text": f"section {section} edit {n}"},
                                   headers={"x-csrf-token": csrf, "accept": "application/json"})
            except httpx.HTTPError:
                return  # the server is gone: this save was never acknowledged
            if resp.status_code == 200 and resp.json()["saved"]:
                acked.append(n)
            else:
                return


def test_killed_server_keeps_every_acknowledged_save(tmp_path):
    data = tmp_path / "data"
    _app, ws, ids = make_workspace(data)
    case_id = seed_case(ws, "LD-0100", "north", ids["ada"])
    ws.store.engine.dispose()

    server = Server(data, tmp_path / "server.log").start()
    acked: dict[int, list[int]] = {0: [], 1: []}
    stop = threading.Event()
    try:
        with httpx.Client(base_url=server.url) as client:
            csrf = login(client, "rev")
            cookies = client.cookies
        writers = [threading.Thread(target=_writer, args=(server.url, cookies, csrf, case_id, s, acked[s], stop))
                   for s in (0, 1)]
        for w in writers:
            w.start()
        deadline = time.monotonic() + 30
        while min(len(a) for a in acked.values()) < 25 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill()  # SIGKILL while both writers are mid-stream
    finally:
        stop.set()
        for w in writers:
            w.join(10)
        server.kill()
    assert min(len(a) for a in acked.values()) >= 25

    db = sqlite3.connect(data / "workspace.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    review = CaseReview.model_validate_json(db.execute("SELECT review_json FROM cases WHERE id=?", (case_id,)).fetchone()[0])
    audited = {row[0] for row in db.execute("SELECT after FROM audit WHERE action='portrait.edit'")}
    db.close()
    for section, saves in acked.items():
        stored = review.pen_portrait.sections[section].text
        stored_n = int(stored.rsplit(" ", 1)[1])
        assert stored_n >= saves[-1]  # the last acknowledged save, or a later one the server committed but never answered
        assert {f"section {section} edit {n}" for n in saves} <= audited

    restarted = Server(data, tmp_path / "server2.log").start()
    try:
        with httpx.Client(base_url=restarted.url) as client:
            login(client, "rev")
            page = client.get(f"/cases/{case_id}/review").text
        assert all(s.text in page for s in review.pen_portrait.sections[:2])
    finally:
        restarted.stop()
