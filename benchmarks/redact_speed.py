"""Redaction speed: words per second and peak memory on MTSamples text.

    .venv/bin/python benchmarks/redact_speed.py [--notes 1000] [--case-size 50]

MTSamples (../shared/data/mtsamples.csv.gz, real clinical notes that are already largely
de-identified) is read in place, never copied. Its notes are grouped into cases of
``--case-size`` documents, as a bundle would be, and each case is redacted whole (people
clustered across the case, then searched for in every document), in one process and with
``workers=2`` (the CLI's ``--workers 2``), with rules only and with the project's own name
model. Each configuration runs in a fresh process so its peak memory is its own. Writes
benchmarks/results/redact_speed.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import PEAK_CODE, describe, run_child, write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MTSAMPLES = ROOT.parent / "shared" / "data" / "mtsamples.csv.gz"

_CHILD = PEAK_CODE + """
import json, sys, time
from pathlib import Path
from leder_assist.config import Settings
from leder_assist.evaluate.redaction import note_case, read_mtsamples
from leder_assist.record import Case
from leder_assist.redact import Redactor
path, notes, size, workers, own_ner = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1"
texts = read_mtsamples(Path(path), notes)
docs = [note_case("x", t).documents[0].model_copy(update={"doc_id": f"D{i:04d}"}) for i, t in enumerate(texts)]
cases = [Case(case_id=f"bench-{n}", documents=docs[n : n + size]) for n in range(0, len(docs), size)]
t = time.perf_counter()
redactor = Redactor.load(Settings(), own_ner=own_ner)
load = time.perf_counter() - t
t, cpu = time.perf_counter(), time.process_time()
redactions = sum(len(redactor.redact_case(c, workers=workers).redactions) for c in cases)
seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
words = sum(len(x.split()) for x in texts)
print(json.dumps({"notes": len(texts), "cases": len(cases), "words": words, "redactions": redactions,
                  "load_seconds": round(load, 2), "seconds": round(seconds, 2),
                  "words_per_second": round(words / seconds),
                  # this process's CPU time only: with workers > 1 most of the work is in the workers, so compare it
                  # between runs of one process (less sensitive than seconds to other load on a shared machine)
                  "words_per_cpu_second_this_process": round(words / cpu), "peak_rss_mib": round(PEAK(), 1)}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--case-size", type=int, default=50)
    parser.add_argument("--mtsamples", type=Path, default=MTSAMPLES)
    args = parser.parse_args()
    if not args.mtsamples.exists():
        print(f"MTSamples not found at {args.mtsamples}: give --mtsamples PATH", file=sys.stderr)
        return 1
    results: dict[str, object] = {"machine": describe(), "date": time.strftime("%Y-%m-%d"),
                                  "notes": args.notes, "case_size": args.case_size}
    for own_ner in (False, True):
        for workers in (1, 2):
            name = f"{'rules_and_own_ner' if own_ner else 'rules_only'}_workers_{workers}"
            r = run_child(_CHILD, str(args.mtsamples), str(args.notes), str(args.case_size), str(workers),
                          "1" if own_ner else "0")
            results[name] = r
            print(f"{name:32} {r['words']:,} words in {r['seconds']:.1f} s = {r['words_per_second']:,} words/s, "
                  f"{r['redactions']:,} redactions, peak {r['peak_rss_mib']:.0f} MiB (parent process)"
                  + (f", {r['words_per_cpu_second_this_process']:,} words per CPU second" if workers == 1 else ""))
    path = write("redact_speed", results)
    print(f"written to {path.relative_to(ROOT)}")
    print(json.dumps(results["machine"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
