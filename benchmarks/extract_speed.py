"""Words per second of the full extraction pipeline (sentences, sections, entities, theme
rules, context, classifier) on MTSamples, one note per case, in one process.

Reads ../shared/data/mtsamples.csv.gz in place (never copied). Extraction is given an
empty redaction so that only extraction is timed; redaction of the same notes is timed
too, in the same run, so the two stages are compared under the same load (the machine
is shared: wall-clock figures vary, CPU-time figures less). Writes
benchmarks/results/extract_speed.json.

    .venv/bin/python benchmarks/extract_speed.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from machine import describe, write  # noqa: E402

from leder_assist.config import Settings  # noqa: E402
from leder_assist.evaluate.redaction import note_case, read_mtsamples  # noqa: E402
from leder_assist.evaluate.themes import unredacted  # noqa: E402
from leder_assist.extract import Extractor  # noqa: E402
from leder_assist.redact import Redactor  # noqa: E402

MTSAMPLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "mtsamples.csv.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N notes")
    parser.add_argument("--path", type=Path, default=MTSAMPLES)
    args = parser.parse_args()
    started = time.perf_counter()
    extractor = Extractor.load(Settings())
    load_s = time.perf_counter() - started
    texts = read_mtsamples(args.path, args.limit)
    words = sum(len(t.split()) for t in texts)
    themes = entities = 0
    cases = [note_case(f"mtsamples-{n}", text) for n, text in enumerate(texts)]
    started, cpu = time.perf_counter(), time.process_time()
    for case in cases:
        result = extractor.analyse(case, unredacted(case))
        themes += sum(1 for t in result.themes if t.evidence)
        entities += len(result.entities)
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    redactor = Redactor.load(Settings())
    r_started, r_cpu = time.perf_counter(), time.process_time()
    for case in cases:
        redactor.redact_case(case)
    r_seconds, r_cpu_s = time.perf_counter() - r_started, time.process_time() - r_cpu
    results = {"machine": describe(), "date": time.strftime("%Y-%m-%d"), "notes": len(texts), "words": words,
               "seconds": round(seconds, 2), "words_per_second": round(words / seconds),
               "words_per_cpu_second": round(words / cpu_s), "load_seconds": round(load_s, 2),
               "redaction_same_notes": {"seconds": round(r_seconds, 2), "words_per_second": round(words / r_seconds),
                                        "words_per_cpu_second": round(words / r_cpu_s)},
               "themes_per_note": round(themes / len(texts), 2), "entities_per_note": round(entities / len(texts), 1),
               "classifier": extractor.classifier is not None}
    path = write("extract_speed", results)
    print(f"Extraction: {len(texts):,} notes, {words:,} words in {seconds:.1f} s: {words / seconds:,.0f} words/s "
          f"({words / cpu_s:,.0f} per CPU second; pipeline and model loaded in {load_s:.1f} s); "
          f"{themes / len(texts):.1f} themes and {entities / len(texts):.0f} entities per note.")
    print(f"Redaction of the same notes: {words / r_seconds:,.0f} words/s ({words / r_cpu_s:,.0f} per CPU second). "
          f"Written to {path}")


if __name__ == "__main__":
    main()
