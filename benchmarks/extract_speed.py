"""Words per second of the full extraction pipeline (sentences, sections, entities, theme
rules, context, classifier) on MTSamples, one note per case, in one process.

Reads ../shared/data/mtsamples.csv.gz in place (never copied). Redaction is not timed here
(it has its own figures); extraction is given an empty redaction. Writes
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
    started = time.perf_counter()
    for n, text in enumerate(texts):
        case = note_case(f"mtsamples-{n}", text)
        result = extractor.analyse(case, unredacted(case))
        themes += sum(1 for t in result.themes if t.evidence)
        entities += len(result.entities)
    seconds = time.perf_counter() - started
    results = {"machine": describe(), "date": time.strftime("%Y-%m-%d"), "notes": len(texts), "words": words,
               "seconds": round(seconds, 2), "words_per_second": round(words / seconds), "load_seconds": round(load_s, 2),
               "themes_per_note": round(themes / len(texts), 2), "entities_per_note": round(entities / len(texts), 1),
               "classifier": extractor.classifier is not None}
    path = write("extract_speed", results)
    print(f"{len(texts):,} notes, {words:,} words in {seconds:.1f} s: {words / seconds:,.0f} words/s "
          f"(pipeline and model loaded in {load_s:.1f} s); {themes / len(texts):.1f} themes and "
          f"{entities / len(texts):.0f} entities per note. Written to {path}")


if __name__ == "__main__":
    main()
