"""The full review of every sample: review.json validates, the pack is DRAFT, no gold identifier leaks.

Identifiers checked are the gold's identifiers with a label that the review profile
removes (rules/profiles.yaml); organisation names and event dates stay in that profile.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leder_assist.cli import app
from leder_assist.config import Settings
from leder_assist.gold import load_gold
from leder_assist.pipeline import run_review
from leder_assist.record import CaseReview
from leder_assist.redact.profiles import get_profile

from .conftest import SAMPLES

CASES = sorted(p.name for p in (SAMPLES / "cases").iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    settings = Settings()
    root = tmp_path_factory.mktemp("reviews")
    return {name: run_review(SAMPLES / "cases" / name, root / name, settings).paths["review"].parent for name in CASES}


def _pack_text(out: Path) -> str:
    from docx import Document

    doc = Document(str(out / "review-pack.docx"))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    parts += [p.text for s in doc.sections for p in s.header.paragraphs]
    return "\n".join(parts)


def _html_text(out: Path) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", " ", (out / "review-pack.html").read_text(encoding="utf-8")))


def _leaks(text: str, values: list[str]) -> list[str]:
    return [v for v in values if re.search(rf"(?<![\w]){re.escape(v)}(?![\w])", text)]


@pytest.mark.parametrize("name", CASES)
def test_no_gold_identifier_in_review_or_pack(reviews: dict[str, Path], name: str) -> None:
    gold = load_gold(SAMPLES / "gold" / f"{name}.yaml")
    removed = set(get_profile(Settings(), "review").remove)
    values = [i.text for i in gold.identifiers if i.label in removed]
    out = reviews[name]
    review = json.loads((out / "review.json").read_text(encoding="utf-8"))
    assert _leaks(json.dumps(review, ensure_ascii=False), values) == []
    assert _leaks(_pack_text(out), values) == []
    assert _leaks(_html_text(out), values) == []


@pytest.mark.parametrize("name", CASES)
def test_review_json_validates_and_is_marked_draft(reviews: dict[str, Path], name: str) -> None:
    out = reviews[name]
    review = CaseReview.model_validate_json((out / "review.json").read_text(encoding="utf-8"))
    gold = load_gold(SAMPLES / "gold" / f"{name}.yaml")
    assert review.case_id == name
    assert review.pen_portrait.status == "draft"
    assert review.pen_portrait.sections[0].heading == "Who they were"
    assert review.triage is not None and review.triage.recommendation == gold.triage.recommendation
    assert any(e.kind == "death" and e.date == gold.person.date_of_death for e in review.timeline)
    assert sorted(review.missing_information) == sorted(gold.missing_information)
    assert "DRAFT" in _pack_text(out) and "DRAFT" in _html_text(out)
    assert (out / "redacted").is_dir() and len(list((out / "redacted").glob("*.txt"))) == len(gold.documents)


def test_review_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["review", str(SAMPLES / "cases" / CASES[0]), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert "Triage (advisory): initial review recommended" in result.output
    assert (tmp_path / "o" / "review-pack.html").exists()


def test_review_command_missing_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["review", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1


def test_the_review_evaluation_counts_gold_identifiers_left_in_the_redacted_documents(settings) -> None:  # noqa: ANN001
    """`evaluate review` searches the gold's identifiers in the redacted documents: none is left in a sample's, and
    every occurrence would be counted in a copy that removed nothing."""
    from leder_assist.evaluate.review import identifiers_left
    from leder_assist.gold import load_gold
    from leder_assist.ingest import ingest_case
    from leder_assist.redact import Redactor

    gold = load_gold(Path("samples/gold/case-03-will-rose.yaml"))
    case = ingest_case(Path("samples/cases") / gold.case_id, settings)
    redactor = Redactor.load(settings)
    redaction = redactor.redact_case(case)
    removed = set(redactor.profile.remove)
    result = identifiers_left(gold, case, redaction, removed)
    assert result["checked"] > 50 and result["left"] == 0
    for doc in case.documents:  # a copy with nothing removed leaves every occurrence
        done = redaction.documents[doc.doc_id]
        redaction.documents[doc.doc_id] = done.__class__(done.doc_id, doc.text, [], [])
    assert identifiers_left(gold, case, redaction, removed)["left"] == result["checked"]
