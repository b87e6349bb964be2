"""Loading spaCy pipelines for names: a small pipeline built here stands in for any installed one."""

from __future__ import annotations

import pytest
import spacy
from typer.testing import CliRunner

from leder_assist.cli import app
from leder_assist.config import Settings
from leder_assist.errors import ModelError
from leder_assist.evaluate.redaction import note_case
from leder_assist.redact import Redactor
from leder_assist.redact.ner import chunks, load_pipeline, model_path

TEXT = "Zorblax Quintavius attended clinic with his keyworker.\nPlan: review in two weeks."


@pytest.fixture(scope="module")
def small_pipeline(tmp_path_factory) -> str:
    """A pipeline with an entity ruler that knows one invented name no rule or list could find."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Zorblax Quintavius"},
                        {"label": "PERSON", "pattern": "Vicryl"}])  # a brand name a careless model might tag
    path = tmp_path_factory.mktemp("pipelines") / "tiny_names"
    nlp.to_disk(path)
    return str(path)


def test_rules_alone_miss_the_invented_name() -> None:
    text = Redactor.load(Settings(), own_ner=False).redact_case(note_case("t", TEXT)).documents["D01"].text
    assert "Zorblax" in text


def test_extra_pipeline_by_path_finds_names(small_pipeline: str) -> None:
    redactor = Redactor.load(Settings(), spacy_model=small_pipeline, own_ner=False)
    result = redactor.redact_case(note_case("t", TEXT + " Closed with Vicryl."))
    doc = result.documents["D01"]
    assert "Zorblax" not in doc.text and "Quintavius" not in doc.text
    assert "Vicryl" in doc.text  # a model's lone unknown capitalised word is not taken as a name


def test_pipeline_is_loaded_once_per_process(small_pipeline: str) -> None:
    assert load_pipeline(small_pipeline) is load_pipeline(small_pipeline)


def test_missing_pipeline_is_a_clear_error() -> None:
    with pytest.raises(ModelError) as err:
        load_pipeline("/no/such/pipeline")
    assert "not found" in str(err.value)


def test_pipeline_without_entities_is_refused(tmp_path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "no_ner")
    with pytest.raises(ModelError):
        load_pipeline(str(tmp_path / "no_ner"))


def test_cli_spacy_model_option(small_pipeline: str, tmp_path) -> None:
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "note.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["redact", str(tmp_path / "case"), "--out", str(tmp_path / "out"),
                                      "--spacy-model", small_pipeline])
    assert result.exit_code == 0, result.output
    assert "Zorblax" not in (tmp_path / "out" / "redacted" / "note.txt").read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, ["redact", str(tmp_path / "case"), "--out", str(tmp_path / "out2"),
                                   "--spacy-model", "/no/such/pipeline"])
    assert bad.exit_code == 1 and "not found" in bad.output


def test_chunks_cut_at_line_ends_and_cover_the_text() -> None:
    text = ("line of notes\n" * 700)
    pieces = chunks(text, size=1000)
    assert "".join(p for _, p in pieces) == text
    assert all(p.endswith("\n") for _, p in pieces)
    assert all(text[o : o + len(p)] == p for o, p in pieces)


@pytest.mark.skipif(not model_path(Settings()).exists(), reason="own model not trained in this checkout")
def test_own_model_loads_and_has_a_card() -> None:
    path = model_path(Settings())
    assert (path / "MODEL_CARD.md").exists() and (path / "training.json").exists()
    nlp = load_pipeline(str(path))
    assert "ner" in nlp.pipe_names
