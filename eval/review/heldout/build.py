"""Build the held-out cases' notification forms (.docx) from source/<case>.txt.

Each source line "Field | Details" becomes a row of a two-column table, as on the
national form; the other lines become paragraphs. Run: python eval/review/heldout/build.py
"""

from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent
NAMES = {"heldout-01-danny-whitlock": "Notification of death.docx", "heldout-03-ryan-hale": "LeDeR notification.docx",
         "heldout-04-joyce-pell": "Notification of death.docx"}


def build(src: Path, dest: Path) -> None:
    doc = Document()
    lines = src.read_text(encoding="utf-8").splitlines()
    doc.add_heading(lines[0], level=1)
    rows = [line.split(" | ", 1) for line in lines[1:] if " | " in line]
    table = doc.add_table(rows=0, cols=2)
    for field, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = field, value
    doc.core_properties.author = "LeDeR notifications"
    doc.save(dest)


if __name__ == "__main__":
    for case, name in NAMES.items():
        build(HERE / "source" / f"{case}.txt", HERE / case / name)
        print(f"built {case}/{name}")
