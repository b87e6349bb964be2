"""The workspace through FastAPI's TestClient: access control, CSRF, limits, every review view,
the redaction check's effect on the download, audit, search, reports and exports."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import warnings
import zipfile

import pytest
import yaml
from sqlalchemy import text

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from leder_assist.web.exports import clock

from .web_support import TEXT, invented_case, login, make_workspace, seed_case


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    """Argon2id with tiny cost so the tests stay fast (the served app keeps the library defaults)."""
    from argon2 import PasswordHasher

    from leder_assist.web import security
    monkeypatch.setattr(security, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


PG_URL = os.environ.get("LEDER_TEST_PG_URL")  # e.g. postgresql+psycopg://leder:...@127.0.0.1/leder_test


def _db_url(backend: str) -> str | None:
    """None for the default SQLite file; an emptied PostgreSQL database when one is configured."""
    if backend == "sqlite":
        return None
    from sqlalchemy import create_engine

    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return PG_URL


@pytest.fixture(params=["sqlite"] + (["postgresql"] if PG_URL else []))
def env(request, tmp_path):
    app, ws, ids = make_workspace(tmp_path / "data", db_url=_db_url(request.param))
    north = seed_case(ws, "LD-0001", "north", ids["ada"])
    south = seed_case(ws, "LD-0002", "south", ids["ada"], notified_on="2026-03-02", person="Person B")
    with TestClient(app) as client:
        yield client, ws, ids, north, south
    ws.store.engine.dispose()


def _get(client, url):
    return client.get(url, headers={"accept": "text/html"}, follow_redirects=False)


# ---------------------------------------------------------------------- security


@pytest.mark.parametrize("method,url", [
    ("GET", "/"), ("GET", "/cases/1"), ("GET", "/cases/1/review"), ("GET", "/cases/1/documents/D01"),
    ("GET", "/cases/1/audit"), ("GET", "/reports/counts.csv"), ("GET", "/reports/labelled.jsonl"),
    ("GET", "/cases/1/redacted-bundle"), ("POST", "/cases/1/portrait/0"), ("POST", "/cases/1/decision"),
])
def test_request_without_session_is_refused(env, method, url):
    client = env[0]
    resp = client.request(method, url, headers={"accept": "text/html"}, follow_redirects=False)
    assert resp.status_code in (303, 401)
    if resp.status_code == 303:
        assert resp.headers["location"] == "/login"
    assert "aspiration" not in resp.text and "Elm Grove" not in resp.text


@pytest.mark.parametrize("url", ["/cases/{}", "/cases/{}/review", "/cases/{}/documents/D01", "/cases/{}/audit",
                                 "/cases/{}/status"])
def test_reviewer_cannot_open_another_teams_case(env, url):
    client, _ws, _ids, north, south = env
    login(client, "rev")
    assert _get(client, url.format(north)).status_code == 200
    refused = _get(client, url.format(south))
    assert refused.status_code == 404
    assert "LD-0002" not in refused.text


@pytest.mark.parametrize("url,data", [
    ("/cases/{}/themes/0", {"action": "reject"}),
    ("/cases/{}/portrait/0", {"text": "overwritten"}),
    ("/cases/{}/decision", {"decision": "focused"}),
    ("/cases/{}/timeline/0", {"action": "remove"}),
    ("/cases/{}/clock", {"date": "2026-02-01"}),
])
def test_reviewer_cannot_change_another_teams_case(env, url, data):
    client, ws, _ids, north, _south = env
    csrf = login(client, "sol")
    assert client.post(url.format(north), data={"csrf": csrf, **data}, follow_redirects=False).status_code == 404
    row = ws.store.case(north)
    review = ws.store.review(row)
    assert (review.themes[0].status, review.pen_portrait.sections[0].text, row["decision"],
            review.timeline[0].status, ws.store.pauses(north)) == ("proposed", "[Person] loved trains.", "", "proposed", [])


def test_reviewer_case_list_and_search_show_only_their_team(env):
    client, *_ = env
    csrf = login(client, "sol")
    listing = _get(client, "/").text
    assert "LD-0002" in listing and "LD-0001" not in listing
    found = client.post("/search", data={"csrf": csrf, "words": "pneumonia"}).text
    assert "LD-0002" in found and "LD-0001" not in found


@pytest.mark.parametrize("url,data", [
    ("/cases/{}/themes/0", {"action": "accept"}),
    ("/cases/{}/portrait/0", {"text": "changed"}),
    ("/cases/{}/decision", {"decision": "focused", "reason": "x"}),
    ("/cases/{}/approve", {}),
    ("/logout", {}),
])
@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_form_post_without_csrf_token_is_refused(env, url, data, token):
    client, ws, _ids, north, _ = env
    login(client, "rev")
    form = dict(data, **({"csrf": token} if token else {}))
    resp = client.post(url.format(north), data=form, follow_redirects=False)
    assert resp.status_code == 403
    row = ws.store.case(north)
    review = ws.store.review(row)
    assert review.themes[0].status == "proposed"
    assert review.pen_portrait.sections[0].text == "[Person] loved trains."
    assert row["decision"] == "" and not row["approved"]
    assert _get(client, "/").status_code == 200  # still logged in: logout without a token did nothing


def test_login_without_its_token_is_refused(env):
    client = env[0]
    resp = client.post("/login", data={"name": "rev", "password": "correct horse battery"}, follow_redirects=False)
    assert resp.status_code == 403
    assert "leder_session" not in resp.cookies


@pytest.mark.parametrize("password,status", [("correct horse battery", 303), ("wrong password", 401)])
def test_login_password_checked_and_cookie_flags(env, password, status):
    client = env[0]
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    resp = client.post("/login", data={"name": "rev", "password": password, "csrf": token}, follow_redirects=False)
    assert resp.status_code == status
    cookie = resp.headers.get("set-cookie", "")
    if status == 303:
        assert "leder_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    else:
        assert "leder_session=" not in cookie


def test_password_hash_is_argon2id(env):
    ws = env[1]
    assert ws.store.user_by_name("rev")["pw_hash"].startswith("$argon2id$")


def test_oversized_upload_is_refused_cleanly(tmp_path):
    app, ws, _ids = make_workspace(tmp_path / "data", max_upload_mb=1)
    with TestClient(app) as client:
        csrf = login(client, "ada")
        big = b"x" * (2 * 1024 * 1024)
        resp = client.post("/cases", data={"csrf": csrf, "ref": "LD-0009", "notified_on": "2026-01-01"},
                           files=[("files", ("big.txt", big))], follow_redirects=False)
        assert resp.status_code == 413
        assert "too large" in resp.text and "1 MB" in resp.text
        assert ws.store.counts()["cases"] == 0
        assert _get(client, "/").status_code == 200  # the server is fine afterwards


@pytest.mark.parametrize("role_user,url", [("rev", "/cases/{}/redactions/D01"), ("rev", "/cases/{}/redacted-bundle"),
                                           ("ada", "/cases/{}/review")])
def test_roles_are_enforced(env, role_user, url):
    client, _ws, _ids, north, _ = env
    login(client, role_user)
    assert _get(client, url.format(north)).status_code == 403


# ---------------------------------------------------------------------- the review page


def test_review_page_shows_every_part_of_the_draft(env):
    client, _ws, _ids, north, _ = env
    login(client, "rev")
    page = _get(client, f"/cases/{north}/review").text
    for expected in ["focused review", "FAMILY_REQUEST", "The family asked for a full review", "RESPIRATORY",
                     "Ethnicity is not recorded", "Aspiration pneumonia", "admitted with aspiration pneumonia",
                     "02/01/2026", "Admitted to hospital with aspiration pneumonia", "[Person] loved trains.",
                     "GP practice", "Due by <strong>10 July 2026</strong>"]:
        assert expected in page, expected
    s, e = TEXT.index("admitted with"), TEXT.index("admitted with") + len("admitted with aspiration pneumonia")
    assert f"/cases/{north}/documents/D01?start={s}&amp;end={e}#quote" in page
    assert "Wrenfield" not in page and "Elm Grove" not in page


def test_evidence_opens_in_its_document_redacted_and_highlighted(env):
    client, _ws, _ids, north, _ = env
    login(client, "rev")
    s = TEXT.index("admitted with")
    page = _get(client, f"/cases/{north}/documents/D01?start={s}&end={s + 34}").text
    assert '<mark class="quote" id="quote">admitted with aspiration pneumonia</mark>' in page
    assert "[Address]" in page and "[Sister]" in page
    assert "Wrenfield" not in page and "Elm Grove" not in page


def test_autosave_keeps_the_text_and_audits_before_and_after(env):
    client, ws, _ids, north, _ = env
    csrf = login(client, "rev")
    resp = client.post(f"/cases/{north}/portrait/0", data={"text": "He loved steam trains and Sunday walks."},
                       headers={"x-csrf-token": csrf, "accept": "application/json"})
    assert resp.status_code == 200 and resp.json()["saved"] is True
    assert "He loved steam trains and Sunday walks." in _get(client, f"/cases/{north}/review").text
    entry = [e for e in ws.store.audit_for(north) if e["action"] == "portrait.edit"][-1]
    assert (entry["user_name"], entry["before"], entry["after"]) == (
        "rev", "[Person] loved trains.", "He loved steam trains and Sunday walks.")


def test_save_now_button_works_without_scripts(env):
    client, ws, _ids, north, _ = env
    csrf = login(client, "rev")
    resp = client.post(f"/cases/{north}/portrait/1", data={"csrf": csrf, "text": "Moderate learning disability."},
                       follow_redirects=False)
    assert (resp.status_code, resp.headers["location"]) == (303, f"/cases/{north}/review#portrait-1")
    assert ws.store.review(ws.store.case(north)).pen_portrait.sections[1].text == "Moderate learning disability."


@pytest.mark.parametrize("action,status", [("accept", "accepted"), ("reject", "rejected")])
def test_theme_decision(env, action, status):
    client, ws, _ids, north, _ = env
    csrf = login(client, "rev")
    client.post(f"/cases/{north}/themes/1", data={"csrf": csrf, "action": action})
    review = ws.store.review(ws.store.case(north))
    assert [t.status for t in review.themes] == ["proposed", status]
    assert ws.store.audit_for(north)[-1]["action"] == f"theme.{action}"


def test_theme_added_and_timeline_edited(env):
    client, ws, _ids, north, _ = env
    csrf = login(client, "rev")
    client.post(f"/cases/{north}/themes", data={"csrf": csrf, "label": "Dysphagia", "note": "needed soft diet"})
    client.post(f"/cases/{north}/timeline/0", data={"csrf": csrf, "action": "save", "date_text": "03/01/2026",
                                                     "summary": "Admitted on the ward", "setting": "hospital"})
    client.post(f"/cases/{north}/timeline/1", data={"csrf": csrf, "action": "save", "date_text": "05/01/2026",
                                                     "summary": "Died in hospital", "setting": "hospital"})
    review = ws.store.review(ws.store.case(north))
    assert (review.themes[-1].code, review.themes[-1].status) == ("DYSPHAGIA", "accepted")
    assert [(e.date_text, e.summary, e.date, e.status) for e in review.timeline] == [
        ("03/01/2026", "Admitted on the ward", dt.date(2026, 1, 3), "edited"),
        ("05/01/2026", "Died in hospital", dt.date(2026, 1, 5), "edited")]
    client.post(f"/cases/{north}/timeline/0", data={"csrf": csrf, "action": "remove"})
    assert ws.store.review(ws.store.case(north)).timeline[0].status == "rejected"


@pytest.mark.parametrize("decision,reason,status", [
    ("initial", "", 400),  # differs from the recommendation (focused): a reason is needed
    ("initial", "Family content after meeting", 303),
    ("focused", "", 303),
    ("maybe", "", 400),
])
def test_triage_decision_needs_a_reason_when_it_differs(env, decision, reason, status):
    client, ws, _ids, north, _ = env
    csrf = login(client, "rev")
    resp = client.post(f"/cases/{north}/decision", data={"csrf": csrf, "decision": decision, "reason": reason},
                       follow_redirects=False)
    assert resp.status_code == status
    assert ws.store.case(north)["decision"] == (decision if status == 303 else "")


def test_approval_needs_decision_and_portrait_then_locks_and_exports(env):
    client, ws, _ids, north, _ = env
    csrf = login(client, "rev")
    assert client.post(f"/cases/{north}/approve", data={"csrf": csrf}).status_code == 409
    assert _get(client, f"/cases/{north}/review-pack").status_code == 409
    client.post(f"/cases/{north}/themes/0", data={"csrf": csrf, "action": "accept"})
    client.post(f"/cases/{north}/decision", data={"csrf": csrf, "decision": "focused"})
    client.post(f"/cases/{north}/portrait-approve", data={"csrf": csrf})
    assert client.post(f"/cases/{north}/approve", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    locked = client.post(f"/cases/{north}/portrait/0", data={"text": "late"}, headers={"x-csrf-token": csrf})
    assert locked.status_code == 409
    pack = _get(client, f"/cases/{north}/review-pack")
    from docx import Document

    body = "\n".join(p.text for p in Document(io.BytesIO(pack.content)).paragraphs)
    assert "[Person] loved trains." in body and "focused review" in body and "admitted with aspiration" in body
    assert "Wrenfield" not in body
    lines = _get(client, "/reports/labelled.jsonl").text.splitlines()
    record = json.loads(lines[0])
    assert (record["case_ref"], record["triage_decision"], record["triage_recommended"]) == ("LD-0001", "focused",
                                                                                            "focused")
    assert record["themes"] == {"ASPIRATION_PNEUMONIA": "accepted", "CONSTIPATION": "proposed"}
    assert "Wrenfield" not in record["text"] and "[Address]" in record["text"]
    corpus = yaml.safe_load(_get(client, "/reports/theme-corpus.yaml").text)
    assert corpus == {"items": [{"t": "admitted with aspiration pneumonia", "y": ["ASPIRATION_PNEUMONIA"]}]}


# ---------------------------------------------------------------------- redaction check


def test_redaction_check_changes_the_download(env):
    client, ws, _ids, _north, _ = env
    case_id = seed_case(ws, "LD-0003", "north", env[2]["ada"], approved_redactions=False)
    login(client, "ada")
    csrf = re.search(r'data-csrf="([^"]+)"', _get(client, "/").text).group(1)
    assert _get(client, f"/cases/{case_id}/redacted-bundle").status_code == 409  # not checked yet
    rows = ws.store.redactions_of(case_id)
    address = next(r for r in rows if r["label"] == "ADDRESS")
    client.post(f"/cases/{case_id}/redactions/D01/{address['id']}", data={"csrf": csrf, "action": "reject"})
    client.post(f"/cases/{case_id}/redactions/D01", data={"csrf": csrf, "find": "Rowan House", "label": "ORGANISATION"})
    s = TEXT.index("trains")
    client.post(f"/cases/{case_id}/redactions/D01", data={"csrf": csrf, "start": s, "end": s + 6, "label": "OTHER"})
    page = _get(client, f"/cases/{case_id}/redactions/D01").text
    assert "[Organisation]" in page and 'class="lab-ADDRESS st-rejected"' in page
    client.post(f"/cases/{case_id}/checked/D01", data={"csrf": csrf})
    bundle = _get(client, f"/cases/{case_id}/redacted-bundle")
    assert bundle.status_code == 200
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as zf:
        names = zf.namelist()
        txt = zf.read(next(n for n in names if n.endswith(".txt"))).decode()
    assert "pseudonym-key.json" not in names
    assert "14 Elm Grove" in txt  # rejected: kept
    assert "Rowan House" not in txt and "[Organisation]" in txt and "loved [Removed]" in txt
    assert "Wrenfield" not in txt and "[Sister]" in txt
    actions = [e["action"] for e in ws.store.audit_for(case_id)]
    assert actions[-4:] == ["redaction.add", "redaction.add", "redaction.document_checked", "bundle.download"]


def test_search_words_use_the_redacted_text(env):
    client, ws, _ids, _north, _ = env
    csrf = login(client, "ada")
    assert "0 case(s) found" in client.post("/search", data={"csrf": csrf, "words": "Wrenfield"}).text
    assert "2 case(s) found" in client.post("/search", data={"csrf": csrf, "words": "[Sister] trains"}).text


@pytest.mark.parametrize("query,refs", [
    ({"person": "Person B"}, ["LD-0002"]),
    ({"ref": "0001"}, ["LD-0001"]),
    ({"date_from": "2026-02-01"}, ["LD-0002"]),
    ({"date_to": "2026-02-01"}, ["LD-0001"]),
    ({"theme": "constipation"}, ["LD-0002", "LD-0001"]),
    ({"trigger": "FAMILY_REQUEST"}, ["LD-0002", "LD-0001"]),
    ({"trigger": "ETHNICITY"}, []),
    ({"recommendation": "initial"}, []),
    ({"words": "pneumonia", "date_from": "2026-01-01", "date_to": "2026-01-31"}, ["LD-0001"]),
])
def test_search_fields(env, query, refs):
    client = env[0]
    csrf = login(client, "ada")
    page = client.post("/search", data={"csrf": csrf, **query}).text
    found = re.findall(r'<li><a href="/cases/\d+">([^<]+)</a>', page)
    assert found == refs


def test_report_counts_and_csv(env):
    client, ws, _ids, north, _ = env
    csrf = login(client, "rev")
    client.post(f"/cases/{north}/themes/1", data={"csrf": csrf, "action": "reject"})
    client.post(f"/cases/{north}/decision", data={"csrf": csrf, "decision": "focused"})
    csv_text = _get(client, "/reports/counts.csv").text.splitlines()
    assert csv_text == ["month,decision,kind,code,cases", "2026-01,focused,theme,ASPIRATION_PNEUMONIA,1",
                        "2026-01,focused,trigger,FAMILY_REQUEST,1"]


def test_audit_log_is_append_only(env):
    _client, ws, _ids, north, _ = env
    with pytest.raises(Exception, match="append-only"):
        with ws.store.tx() as conn:
            conn.execute(text("UPDATE audit SET action = 'x'"))
    with pytest.raises(Exception, match="append-only"):
        with ws.store.tx() as conn:
            conn.execute(text("DELETE FROM audit"))
    assert ws.store.audit_for(north)[0]["action"] == "case.processed"


def test_clock_pause_and_resume_through_the_app(env):
    client, ws, _ids, north, _ = env
    csrf = login(client, "rev")
    client.post(f"/cases/{north}/clock", data={"csrf": csrf, "date": "2026-02-01"})
    assert "<strong>paused</strong>" in _get(client, f"/cases/{north}/review").text
    client.post(f"/cases/{north}/clock", data={"csrf": csrf, "date": "2026-03-03"})
    assert "Due by <strong>09 August 2026</strong>" in _get(client, f"/cases/{north}/review").text


@pytest.mark.parametrize("notified,pauses,today,due,paused,left", [
    ("2026-01-10", [], "2026-01-10", "2026-07-10", False, 181),
    ("2025-08-31", [], "2025-09-01", "2026-02-28", False, 180),
    ("2026-01-10", [("2026-02-01", "2026-02-11")], "2026-03-01", "2026-07-20", False, 141),
    ("2026-01-10", [("2026-02-01", None)], "2026-02-21", "2026-07-30", True, 159),
])
def test_clock(notified, pauses, today, due, paused, left):
    got = clock(notified, [{"started_on": s, "ended_on": e} for s, e in pauses], dt.date.fromisoformat(today))
    assert (got["due"].isoformat(), got["paused"], got["days_left"]) == (due, paused, left)


def test_invented_case_fixture_is_consistent():
    case, review = invented_case("X")
    assert [case.documents[0].text[r.start:r.end] for r in review.redactions] == [
        "Tobias Wrenfield", "Tobias", "14 Elm Grove", "Maude Wrenfield"]


def test_unexpected_error_is_logged_without_its_message(env, caplog):
    client, ws, _ids, north, _ = env
    login(client, "rev")
    secret = "Ottoline Quarrington lives at 9 Imaginary Row"
    with ws.store.tx() as conn:
        ws.store.set_case(conn, north, review_json=json.dumps({"case_id": north, "themes": [{"code": secret}]}))
    with caplog.at_level("DEBUG"):
        resp = _get(client, f"/cases/{north}/review")
    assert resp.status_code == 500 and "Something went wrong" in resp.text
    assert "internal error ValidationError" in caplog.text
    assert "Ottoline" not in caplog.text and "Ottoline" not in resp.text


def test_zip_upload_is_processed_with_per_file_problems_shown(tmp_path):
    import time

    app, ws, _ids = make_workspace(tmp_path / "data")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("bundle/Notes.txt", TEXT)
        zf.writestr("bundle/Empty.txt", "")
        zf.writestr("bundle/Scan.jpg", b"\xff\xd8\xff\xe0 not really a photo")
    with TestClient(app) as client:
        csrf = login(client, "ada")
        resp = client.post("/cases", data={"csrf": csrf, "ref": "LD-0042", "notified_on": "2026-02-01", "team": "north"},
                           files=[("files", ("bundle.zip", buf.getvalue(), "application/zip"))], follow_redirects=False)
        assert resp.status_code == 303
        case_id = int(resp.headers["location"].rsplit("/", 1)[1])
        for _ in range(240):
            status = client.get(f"/cases/{case_id}/status").json()
            if status["status"] in ("ready", "failed"):
                break
            time.sleep(0.25)
        assert status == {"status": "ready", "stage": "done", "progress": 1.0}
        page = _get(client, f"/cases/{case_id}").text
    assert page.count("Could not be read:") == 2
    assert "Read: 1 page(s)" in page and "Notes.txt" in page
    assert "Empty.txt" in page and "Scan.jpg" in page and "Next step:" in page
    assert [d["status"] for d in ws.store.documents_of(case_id)] == ["failed", "ok", "failed"]


def test_five_wrong_passwords_lock_the_name(env):
    client = env[0]

    def attempt(password):
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
        return client.post("/login", data={"name": "rev", "password": password, "csrf": token},
                           follow_redirects=False).status_code

    assert [attempt("wrong") for _ in range(5)] == [401] * 5
    assert attempt("correct horse battery") == 429  # locked even with the right password
    assert "leder_session" not in client.cookies


def test_assigning_a_reviewer_of_another_team_lets_them_open_the_case(env):
    client, ws, ids, north, _ = env
    csrf = login(client, "ada")
    client.post(f"/cases/{north}/assign", data={"csrf": csrf, "team": "north", "assigned_to": str(ids["sol"])})
    entry = ws.store.audit_for(north)[-1]
    assert (entry["action"], json.loads(entry["after"])) == ("case.assign", {"team": "north", "reviewer": ids["sol"]})
    client.post("/logout", data={"csrf": csrf})
    login(client, "sol")
    assert _get(client, f"/cases/{north}/review").status_code == 200


def test_a_case_left_queued_by_a_stopped_server_is_processed_at_start(tmp_path):
    import time

    from leder_assist.store import cases as cases_table
    from leder_assist.store import now

    app, ws, ids = make_workspace(tmp_path / "data")
    with ws.store.tx() as conn:
        case_id = conn.execute(cases_table.insert().values(
            ref="LD-0077", person="", team="north", notified_on="2026-01-01", status="processing", stage="redacting",
            progress=0.3, problem="", created_by=ids["ada"], created_at=now(), updated_at=now(), case_json="",
            review_json="", version=0)).inserted_primary_key[0]
    folder = ws.jobs.case_dir(case_id, "LD-0077")
    folder.mkdir(parents=True)
    (folder / "Notes.txt").write_text(TEXT, encoding="utf-8")
    with TestClient(app):  # starting the app resumes the job
        for _ in range(240):
            if ws.store.case(case_id)["status"] in ("ready", "failed"):
                break
            time.sleep(0.25)
    row = ws.store.case(case_id)
    assert (row["status"], row["progress"]) == ("ready", 1.0)
    assert [d["status"] for d in ws.store.documents_of(case_id)] == ["ok"]
