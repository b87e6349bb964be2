from __future__ import annotations

import pytest
from pydantic import ValidationError

from leder_assist.record import Case, CaseReview, Document, DocumentSummary, Page, Redaction


def _doc() -> Document:
    return Document(doc_id="D01", filename="a.txt", text="aaaa\nbbbb\ncc",
                    pages=[Page(number=1, start=0, end=5), Page(number=2, start=5, end=10), Page(number=3, start=10, end=12)])


@pytest.mark.parametrize(("offset", "page"), [(0, 1), (4, 1), (5, 2), (9, 2), (10, 3), (11, 3), (99, 3)])
def test_page_at(offset: int, page: int) -> None:
    assert _doc().page_at(offset) == page


def test_case_round_trips_through_json() -> None:
    case = Case(case_id="c1", documents=[_doc()])
    again = Case.model_validate_json(case.model_dump_json())
    assert again == case


def test_summary_counts_pages() -> None:
    assert DocumentSummary.of(_doc()).pages == 3


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Redaction(doc_id="D01", page=1, start=0, end=3, source="r", score=0.9, label="PERSON", replacement="[Person]", extra=1)


def test_scores_are_bounded() -> None:
    with pytest.raises(ValidationError):
        Redaction(doc_id="D01", page=1, start=0, end=3, source="r", score=1.5, label="PERSON", replacement="[Person]")


def test_review_schema_has_contract_fields() -> None:
    props = CaseReview.model_json_schema()["properties"]
    for field in ("case_id", "documents", "redactions", "themes", "timeline", "pen_portrait", "triage"):
        assert field in props
