"""Load test of the reviewer's workspace: concurrent simulated reviewers on loopback.

    .venv/bin/python benchmarks/web_load.py [--users 24] [--seconds 20]

Starts ``leder-assist serve`` (SQLite in a temporary folder) with one invented case per
reviewer, each reviewer in their own team. Every simulated reviewer logs in, then until the
time is up (and at most 300 rounds) opens their case's review page and auto-saves the pen
portrait three times, with a short think time. Reports latency percentiles of the review
page and of the auto-save, errors, and lost edits (the stored text of each reviewer's
portrait must be their last acknowledged save). Writes benchmarks/results/web_load.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
from machine import describe, write  # noqa: E402

MAX_ROUNDS = 300
THINK_S = 0.05


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    qs = statistics.quantiles(values, n=100, method="inclusive")
    return {"count": len(values), "p50_ms": round(qs[49] * 1000, 1), "p90_ms": round(qs[89] * 1000, 1),
            "p95_ms": round(qs[94] * 1000, 1), "p99_ms": round(qs[98] * 1000, 1),
            "max_ms": round(max(values) * 1000, 1)}


def reviewer(base: str, name: str, case_id: int, until: float, out: dict) -> None:
    import httpx

    from tests.web_support import login

    with httpx.Client(base_url=base, timeout=30) as client:
        t = time.perf_counter()
        csrf = login(client, name)
        out["login"].append(time.perf_counter() - t)
        n = 0
        for _ in range(MAX_ROUNDS):
            if time.monotonic() > until:
                break
            t = time.perf_counter()
            page = client.get(f"/cases/{case_id}/review")
            out["page"].append(time.perf_counter() - t)
            if page.status_code != 200 or 'id="portrait-0"' not in page.text:
                out["errors"].append(f"page {page.status_code}")
            for _ in range(3):
                n += 1
                t = time.perf_counter()
                resp = client.post(f"/cases/{case_id}/portrait/0", data={"text": f"{name} draft {n}"},
                                   headers={"x-csrf-token": csrf, "accept": "application/json"})
                out["save"].append(time.perf_counter() - t)
                if resp.status_code == 200 and resp.json().get("saved"):
                    out["acked"][name] = f"{name} draft {n}"
                else:
                    out["errors"].append(f"save {resp.status_code}")
                time.sleep(THINK_S)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()

    from leder_assist.record import CaseReview
    from leder_assist.web.security import hash_password
    from tests.web_support import PASSWORD, Server, make_workspace, seed_case

    with tempfile.TemporaryDirectory(prefix="leder-load-") as tmp:
        data = Path(tmp) / "data"
        _app, ws, ids = make_workspace(data)
        users = {}
        for i in range(args.users):
            name = f"reviewer{i:02d}"
            ws.store.add_user(name, hash_password(PASSWORD), "reviewer", f"team{i:02d}")
            users[name] = seed_case(ws, f"LD-L{i:03d}", f"team{i:02d}", ids["ada"])
        ws.store.engine.dispose()

        server = Server(data, Path(tmp) / "server.log").start()
        out: dict = {"login": [], "page": [], "save": [], "errors": [], "acked": {}}
        start = time.monotonic()
        until = start + args.seconds
        threads = [threading.Thread(target=reviewer, args=(server.url, name, cid, until, out))
                   for name, cid in users.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.seconds + 120)
        elapsed = time.monotonic() - start
        server.stop()

        from leder_assist.store import Store, make_engine
        store = Store(make_engine(None, data))
        lost = []
        for name, cid in users.items():
            stored = CaseReview.model_validate_json(store.case(cid)["review_json"]).pen_portrait.sections[0].text
            if stored != out["acked"].get(name):
                lost.append(name)
        with store.engine.connect() as conn:
            integrity = conn.exec_driver_sql("PRAGMA integrity_check").scalar()

    result = {
        "machine": describe(),
        "users": args.users, "seconds": round(elapsed, 1), "max_rounds": MAX_ROUNDS, "think_s": THINK_S,
        "requests": len(out["page"]) + len(out["save"]),
        "requests_per_s": round((len(out["page"]) + len(out["save"])) / elapsed, 1),
        "login": percentiles(out["login"]), "review_page": percentiles(out["page"]),
        "autosave": percentiles(out["save"]), "errors": len(out["errors"]), "error_kinds": sorted(set(out["errors"])),
        "lost_edits": len(lost), "integrity_check": integrity,
    }
    print(f"{args.users} reviewers for {result['seconds']} s: {result['requests']} requests "
          f"({result['requests_per_s']}/s), errors {result['errors']}, lost edits {result['lost_edits']}, "
          f"database {integrity}")
    for key in ("review_page", "autosave", "login"):
        p = result[key]
        print(f"  {key:12s} n={p.get('count')} p50 {p.get('p50_ms')} ms  p90 {p.get('p90_ms')} ms  "
              f"p95 {p.get('p95_ms')} ms  p99 {p.get('p99_ms')} ms  max {p.get('max_ms')} ms")
    print(f"written to {write('web_load', result)}")
    if result["errors"] or lost:
        sys.exit(1)


if __name__ == "__main__":
    main()
