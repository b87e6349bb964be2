from __future__ import annotations

import pytest

from leder_assist.config import Settings
from leder_assist.errors import UnreadableFile
from leder_assist.ingest import ingest_file
from leder_assist.ingest.docx import check_archive, read_docx

from .conftest import DOCUMENTS, HOSTILE


@pytest.fixture(scope="module")
def rich(settings: Settings):
    return ingest_file(DOCUMENTS / "rich.docx", "D01", settings)


def _regions(doc, kind: str) -> list[str]:
    return [doc.text[r.start : r.end].strip() for r in doc.regions if r.kind == kind]


def test_body_runs_tables_and_controls(rich) -> None:
    assert rich.status == "ok"
    text = rich.text
    assert "Seen with her sister Margaret today." in text  # name split over three runs
    assert "Name | Nell Tiverton" in text
    assert "Address | 2 Quarry Row / Exampleton" in text  # two paragraphs in a cell
    assert "Ethnicity |" in text  # a blank answer stays visible as blank
    assert "Nested | inner A / inner B" in text
    assert "Inside a content control." in text
    assert "Tab\tand\nbreak" in text
    assert text.count("Text box words") == 1  # the compatibility fallback copy is skipped
    assert "inserted words" in text and "deleted words" not in text
    assert any("tracked deletions" in w for w in rich.warnings)


def test_table_region_covers_rows(rich) -> None:
    (table,) = _regions(rich, "table")
    assert table.startswith("Name | Nell Tiverton") and table.endswith("Nested | inner A / inner B")


def test_every_other_part_is_read_and_marked(rich) -> None:
    assert _regions(rich, "header") == ["Running header: Nell TIVERTON"]
    assert _regions(rich, "footer") == ["Footer: printed by the referrals team"]
    assert _regions(rich, "footnote") == ["Footnote 1: Footnote text naming Dr Oakshott."]
    assert _regions(rich, "endnote") == ["Endnote 1: Endnote text."]
    assert _regions(rich, "comment") == ["Comment by Priya Fenwick (PF): Please check the date."]
    assert _regions(rich, "property") == [
        "Author: Olwen Marchbank",
        "Last modified by: T. Grebby",
        "Title: Referral for Nell Tiverton",
        "Company: Exampleton Community Team",
        "Manager: Ivo Lanyon",
        "Custom property PatientName: Nell Tiverton",
    ]


def test_explicit_page_breaks(rich) -> None:
    assert len(rich.pages) == 3
    assert rich.page_text(2).strip() == "Second page of the referral."
    assert rich.page_text(3).startswith("Third page starts here.")


def test_rendered_page_breaks_win_over_explicit_ones(settings: Settings) -> None:
    doc = ingest_file(DOCUMENTS / "rendered breaks.docx", "D01", settings)
    assert [doc.page_text(n).strip() for n in (1, 2, 3)] == ["Page one text.", "Page two text.", "Page three text."]
    assert doc.regions == []  # no invented core properties for a file that has none


@pytest.mark.parametrize(("name", "code"), [("not a zip.docx", "not_docx"), ("cut off.docx", "not_docx"),
                                            ("zip bomb.docx", "zip_bomb")])
def test_hostile_docx(settings: Settings, name: str, code: str) -> None:
    with pytest.raises(UnreadableFile) as info:
        read_docx((HOSTILE / name).read_bytes(), settings)
    assert info.value.code == code


def test_uncompressed_size_limit_is_configurable() -> None:
    data = (DOCUMENTS / "rich.docx").read_bytes()
    check_archive(data, Settings())
    with pytest.raises(UnreadableFile) as info:
        check_archive(data, Settings(max_docx_uncompressed_mb=0.001))
    assert info.value.code == "zip_bomb" and "--max-docx-mb" in (info.value.next_step or "")
