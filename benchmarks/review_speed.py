"""Full `review` speed: seconds per stage and peak memory, on each sample and a generated 300-page bundle.

    .venv/bin/python benchmarks/review_speed.py      (or: make bench)

Each run is a fresh process (its peak memory is its own) calling ``run_review`` exactly as
``leder-assist review`` does, with one worker. The 300-page bundle is the generated PDF of
parse_speed.py plus the documents of sample case 01. Target: under 60 s for 300 pages.
Writes benchmarks/results/review_speed.json.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import PEAK_CODE, describe, run_child, write  # noqa: E402
from parse_speed import make_pdf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 60

_REVIEW = PEAK_CODE + """
import json, sys, time
from pathlib import Path
from leder_assist.config import Settings
from leder_assist.pipeline import run_review
t = time.perf_counter()
r = run_review(Path(sys.argv[1]), Path(sys.argv[2]), Settings(), workers=int(sys.argv[3]))
s = time.perf_counter() - t
print(json.dumps({"pages": sum(len(d.pages) for d in r.case.documents), "seconds": round(s, 2),
                  "stages": {x.stage: x.seconds for x in r.review.stage_seconds},
                  "events": len(r.review.timeline), "peak_rss_mib": round(PEAK())}))
"""


def _show(name: str, r: dict) -> None:
    stages = ", ".join(f"{k} {v:.2f}" for k, v in r["stages"].items())
    print(f"{name}: {r['pages']} pages in {r['seconds']:.2f} s (peak {r['peak_rss_mib']} MiB) - {stages}")


def main() -> int:
    results: dict[str, object] = {"machine": describe(), "date": time.strftime("%Y-%m-%d"), "target_seconds_300_pages": TARGET_SECONDS}
    with tempfile.TemporaryDirectory() as tmp:
        samples = {}
        for case in sorted((ROOT / "samples" / "cases").glob("*/")):
            r = run_child(_REVIEW, str(case), str(Path(tmp) / case.name), "1")
            samples[case.name] = r
            _show(case.name, r)
        results["samples"] = samples
        bundle = Path(tmp) / "bundle-300"
        shutil.copytree(ROOT / "samples" / "cases" / "case-01-paddy-oneill", bundle)
        make_pdf(bundle / "GP record 300 pages.pdf")
        for workers in (1, 2):
            r = run_child(_REVIEW, str(bundle), str(Path(tmp) / f"out-300-{workers}"), str(workers))
            r["within_target"] = r["seconds"] < TARGET_SECONDS
            results[f"bundle_300_pages_workers_{workers}"] = r
            _show(f"300-page bundle, {workers} worker(s)", r)
    path = write("review_speed", results)
    print(f"written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
