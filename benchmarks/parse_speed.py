"""Parsing speed: pages per second and peak memory, for a generated 300-page PDF and the samples.

    .venv/bin/python benchmarks/parse_speed.py      (or: make bench)

Each measurement runs in a fresh process so its peak memory is its own. Compares the
PDF engine leder-assist uses (PDFium via pypdfium2) with pdfplumber (pdfminer.six) on
the same file. Writes benchmarks/results/parse_speed.json.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import PEAK_CODE, describe, run_child, write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAGES = 300
PLUMBER_PAGES = 60  # pdfplumber is slow; measured on the first pages only

_WORDS = ("seen today with carer reports reduced oral intake and a cough chest clear on auscultation "
          "observations stable temperature plan review in two weeks bowels opened settled well at night "
          "medication given as prescribed no concerns raised by staff family informed").split()


def make_pdf(path: Path) -> None:
    """A 300-page record with running header and footer, 40 dated entries a page."""
    from fpdf import FPDF

    rng = random.Random(42)

    class Record(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "B", 8)
            self.cell(0, 4, "EXAMPLE, Person   NHS No: 999 000 0000   DOB: 01/01/1970", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 4, f"Page {self.page_no()} of {PAGES}", align="C")

    pdf = Record()
    for page in range(PAGES):
        pdf.add_page()
        pdf.set_font("Helvetica", "", 9)
        for line in range(40):
            day = 1 + (page + line) % 28
            words = " ".join(rng.choice(_WORDS) for _ in range(16))
            pdf.cell(0, 6, f"{day:02d}/03/2023 {words}", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


# Peak resident memory of the child itself: VmHWM belongs to the process image, whereas
_LEDER = PEAK_CODE + """
import json, sys, time
from pathlib import Path
from leder_assist.config import Settings
from leder_assist.ingest import ingest_case, ingest_file
t = time.perf_counter()
path = Path(sys.argv[1])
if path.is_dir():
    case = ingest_case(path, Settings())
    pages = sum(len(d.pages) for d in case.documents)
    chars = sum(len(d.text) for d in case.documents)
    failed = len(case.failed)
else:
    doc = ingest_file(path, "D01", Settings())
    pages, chars, failed = len(doc.pages), len(doc.text), int(doc.status == "failed")
s = time.perf_counter() - t
print(json.dumps({"pages": pages, "chars": chars, "failed": failed, "seconds": s,
                  "peak_rss_mib": PEAK()}))
"""

_PLUMBER = PEAK_CODE + """
import json, sys, time
import pdfplumber
t = time.perf_counter()
chars = 0
with pdfplumber.open(sys.argv[1]) as pdf:
    pages = pdf.pages[: int(sys.argv[2])]
    for page in pages:
        chars += len(page.extract_text() or "")
        page.close()
s = time.perf_counter() - t
print(json.dumps({"pages": len(pages), "chars": chars, "seconds": s,
                  "peak_rss_mib": PEAK()}))
"""


def main() -> int:
    results: dict[str, object] = {"machine": describe(), "date": time.strftime("%Y-%m-%d")}
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "record-300-pages.pdf"
        t = time.perf_counter()
        make_pdf(pdf)
        print(f"generated {PAGES}-page PDF ({pdf.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
        runs = [run_child(_LEDER, str(pdf)) for _ in range(3)]
        best = min(runs, key=lambda r: r["seconds"])
        best["pages_per_second"] = round(best["pages"] / best["seconds"], 1)
        results["pdf_300_pages_leder_assist"] = best
        print(f"leder-assist (PDFium): {best['pages']} pages in {best['seconds']:.2f} s = "
              f"{best['pages_per_second']:,.0f} pages/s, peak {best['peak_rss_mib']:.0f} MiB (best of 3)")
        plumber = run_child(_PLUMBER, str(pdf), str(PLUMBER_PAGES))
        plumber["pages_per_second"] = round(plumber["pages"] / plumber["seconds"], 1)
        results["pdf_pdfplumber_first_pages"] = plumber
        print(f"pdfplumber:            {plumber['pages']} pages in {plumber['seconds']:.2f} s = "
              f"{plumber['pages_per_second']:,.1f} pages/s, peak {plumber['peak_rss_mib']:.0f} MiB")

    samples = {}
    for case in sorted((ROOT / "samples" / "cases").glob("*/")):
        r = run_child(_LEDER, str(case))
        r["pages_per_second"] = round(r["pages"] / r["seconds"], 1)
        samples[case.name] = r
        print(f"sample {case.name}: {r['pages']} pages, {r['chars']:,} chars in {r['seconds']:.2f} s "
              f"({r['pages_per_second']:,.0f} pages/s), peak {r['peak_rss_mib']:.0f} MiB")
    results["samples"] = samples
    path = write("parse_speed", results)
    print(f"written to {path.relative_to(ROOT)}")
    print(json.dumps(results["machine"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
