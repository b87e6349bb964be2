"""The writers really remove text, and refuse to write a copy that still holds a removed value."""

from __future__ import annotations

import io
import zipfile

import docx
import pdfplumber
from fpdf import FPDF

from leder_assist.config import Settings
from leder_assist.ingest import ingest_file
from leder_assist.record import Case
from leder_assist.redact import Redactor
from leder_assist.redact.writers import count_leaks, safe_stem, write_docx, write_pdf, write_txt

NAME = "Bernadette Kavanagh"


def _docx_with_split_name() -> bytes:
    d = docx.Document()
    p = d.add_paragraph()
    for piece in ("Seen with Bern", "adette Kav", "anagh", " today."):  # one name over three runs
        p.add_run(piece).bold = piece.startswith("adette")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Next of kin", NAME
    d.sections[0].header.paragraphs[0].text = f"Patient: {NAME}"
    d.sections[0].footer.paragraphs[0].text = f"Printed for {NAME}"
    d.core_properties.author = NAME
    d.core_properties.last_modified_by = NAME
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_name_split_across_runs_tables_headers_and_properties(tmp_path) -> None:
    subs = {NAME: "[Sister 1]"}
    result = write_docx(tmp_path / "out.docx", _docx_with_split_name(), subs, "[Sister 1]")
    assert result.verified and result.path is not None
    raw = b"".join(zipfile.ZipFile(result.path).read(n) for n in zipfile.ZipFile(result.path).namelist())
    assert b"Kavanagh" not in raw and b"Bernadette" not in raw and b"anagh" not in raw
    d = docx.Document(str(result.path))
    assert d.paragraphs[0].text == "Seen with [Sister 1] today."
    assert d.tables[0].cell(0, 1).text == "[Sister 1]"
    assert d.sections[0].header.paragraphs[0].text == "Patient: [Sister 1]"
    assert d.core_properties.author != NAME and d.core_properties.last_modified_by != NAME


def test_txt_writer_refuses_a_copy_that_leaks(tmp_path) -> None:
    path = tmp_path / "leaky.txt"
    result = write_txt(path, f"Seen with {NAME}", "Seen with [Sister 1]", {NAME})
    assert not result.verified and result.leaks == 1 and result.path is None
    assert not path.exists() and not list(tmp_path.iterdir())  # nothing half-written either
    assert NAME not in result.reason


def test_count_leaks_allows_values_the_redacted_text_keeps() -> None:
    # "May" was removed as a name once but the month "May" stays elsewhere: not a leak
    assert count_leaks("[Person] was seen on 3 May", "[Person] was seen on 3 May", {"May"}) == 0
    assert count_leaks("May was seen on 3 May", "[Person] was seen on 3 May", {"May"}) == 1


def test_file_names_are_redacted_too() -> None:
    assert safe_stem(f"Letter about {NAME}", {NAME: "[Sister 1]"}) == "Letter about [Sister 1]"
    assert safe_stem("a/b:c", {}) == "a_b_c"


def _pdf(path, lines: list[str]) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def test_pdf_copy_has_the_text_removed_not_covered(tmp_path) -> None:
    src = tmp_path / "letter.pdf"
    _pdf(src, ["Re: Bernadette Kavanagh, NHS No 999 590 8301", "Seen with her GP Dr Hannah Ellery today."])
    doc = ingest_file(src, "D01", Settings())
    redaction = Redactor.load(Settings(), own_ner=False).redact_case(Case(case_id="t", documents=[doc]))
    dr = redaction.documents["D01"]
    values = {doc.text[r.start : r.end] for r in dr.redactions}
    assert {"Bernadette Kavanagh", "999 590 8301", "Hannah Ellery"} <= values
    result = write_pdf(tmp_path / "out.pdf", src.read_bytes(), doc, dr.redactions, dr.text, values)
    assert result.verified, result.reason
    with pdfplumber.open(result.path) as pdf:
        text = pdf.pages[0].extract_text() or ""
        chars = "".join(c["text"] for c in pdf.pages[0].chars)
    for value in values:
        assert value not in text and value.replace(" ", "") not in chars
    assert "Seen with her GP" in text  # the rest stays readable and searchable
