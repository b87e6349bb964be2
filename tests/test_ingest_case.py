"""Whole-case ingestion: bad files become failed documents and the rest is still read."""

from __future__ import annotations

import pytest

from leder_assist.config import Settings
from leder_assist.errors import UsageError
from leder_assist.ingest import ingest_case, ingest_file

from .conftest import DOCUMENTS, HOSTILE

EXPECTED = {
    "binary.txt": "binary",
    "blank.txt": "empty",
    "corrupt.pdf": "corrupt",
    "cut off.docx": "not_docx",
    "empty.txt": "empty",
    "no text.docx": "empty",
    "not a zip.docx": "not_docx",
    "not really.pdf": "not_pdf",
    "old format.doc": "unsupported",
    "password protected.pdf": "encrypted",
    "photo.jpg": "unsupported",
    "scanned letter.pdf": "no_text_layer",
    "truncated.pdf": "truncated",
    "undecodable.txt": "undecodable",
    "zip bomb.docx": "zip_bomb",
}


@pytest.fixture(scope="module")
def hostile(settings: Settings):
    return ingest_case(HOSTILE, settings)


def test_each_hostile_file_fails_with_its_own_reason(hostile) -> None:
    failed = {d.filename: d.error.code for d in hostile.documents if d.status == "failed"}
    assert failed == EXPECTED
    for doc in hostile.failed:
        assert doc.text == "" and doc.pages == []
        assert doc.error.message and doc.error.next_step


def test_good_files_beside_hostile_ones_are_read(hostile) -> None:
    good = {d.filename: d for d in hostile.documents if d.status == "ok"}
    assert set(good) == {"good notes.txt", "good record.pdf"}
    assert len(good["good record.pdf"].pages) == 2
    assert "Settled well after lunch" in good["good notes.txt"].text


def test_document_ids_follow_file_order(hostile) -> None:
    assert [d.doc_id for d in hostile.documents] == [f"D{n:02d}" for n in range(1, len(hostile.documents) + 1)]
    assert [d.filename.lower() for d in hostile.documents] == sorted(d.filename.lower() for d in hostile.documents)


def test_size_limit(tmp_path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 3000)
    doc = ingest_file(path, "D01", Settings(max_file_mb=0.001))
    assert doc.status == "failed" and doc.error.code == "too_large"
    assert "--max-file-mb" in doc.error.next_step
    assert ingest_file(path, "D01", Settings()).status == "ok"


def test_messages_never_quote_the_text(tmp_path, settings: Settings) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"Mr Quillfeather \x81\x8d was seen")
    doc = ingest_file(path, "D01", settings)
    assert doc.status == "failed"
    assert "Quillfeather" not in doc.error.message + doc.error.next_step


def test_unexpected_reader_errors_fail_only_that_document(tmp_path, settings: Settings, monkeypatch) -> None:
    import leder_assist.ingest as ingest

    (tmp_path / "a.txt").write_text("Daily notes: fine.")
    (tmp_path / "b.pdf").write_bytes((DOCUMENTS / "one page.pdf").read_bytes())

    def boom(data):
        raise ValueError("secret text inside")

    monkeypatch.setattr(ingest, "read_pdf", boom)
    case = ingest_case(tmp_path, settings)
    a, b = case.documents
    assert a.status == "ok"
    assert b.status == "failed" and b.error.code == "internal_error"
    assert "secret" not in b.error.message


def test_missing_folder_is_a_usage_error(tmp_path, settings: Settings) -> None:
    with pytest.raises(UsageError):
        ingest_case(tmp_path / "nope", settings)


def test_system_clutter_is_ignored(tmp_path, settings: Settings) -> None:
    (tmp_path / "notes.txt").write_text("Daily notes")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00")
    (tmp_path / "~$lock.docx").write_bytes(b"x")
    assert [d.filename for d in ingest_case(tmp_path, settings).documents] == ["notes.txt"]


def test_all_document_fixtures_read(settings: Settings) -> None:
    case = ingest_case(DOCUMENTS, settings)
    assert not case.failed
    cp1252 = next(d for d in case.documents if d.filename == "legacy cp1252.txt")
    assert "\u00a35" in cp1252.text and cp1252.warnings
