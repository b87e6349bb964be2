from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from leder_assist.cli import app
from leder_assist.record import Case

from .conftest import DOCUMENTS, HOSTILE

runner = CliRunner()


def test_parse_good_case_exits_0_and_writes_json(tmp_path) -> None:
    result = runner.invoke(app, ["parse", str(DOCUMENTS), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    case = Case.model_validate_json((tmp_path / "case.json").read_text())
    assert len(case.documents) == 8 and not case.failed
    assert "rich.docx" in result.output and "8 document(s): 8 read, 0 failed." in result.output


def test_parse_hostile_case_exits_2_and_names_each_file() -> None:
    result = runner.invoke(app, ["parse", str(HOSTILE)], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    for phrase in ("scanned letter.pdf has no text layer: needs OCR", "password protected.pdf is password-protected",
                   "zip bomb.docx", "empty.txt is empty (0 bytes)", "old format.doc is a type leder-assist cannot read",
                   "17 document(s): 2 read, 15 failed."):
        assert phrase in result.output, phrase
    assert result.output.count("Next step:") == 15


def test_size_limit_option(tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("Daily notes " * 200)
    result = runner.invoke(app, ["parse", str(tmp_path), "--max-file-mb", "0.001"], env={"COLUMNS": "200"})
    assert result.exit_code == 2 and "over the 0.001 MB limit" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["parse", "/definitely/not/here"],  # missing folder
        ["parse"],  # missing argument
        ["parse", ".", "--no-such-option"],
        ["parse", ".", "--max-file-mb", "-3"],  # invalid setting
        ["schema", "nonsense"],
        ["no-such-command"],
    ],
)
def test_usage_errors_exit_1(args) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output


def test_empty_folder_is_a_usage_error(tmp_path) -> None:
    result = runner.invoke(app, ["parse", str(tmp_path)])
    assert result.exit_code == 1 and "No files found" in result.output


@pytest.mark.parametrize("command", ["parse", "schema"])
def test_help_has_an_example(command) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Example: leder-assist " + command in result.output


@pytest.mark.parametrize(("which", "title"), [("review", "CaseReview"), ("case", "Case")])
def test_schema_prints_json_schema(which, title) -> None:
    result = runner.invoke(app, ["schema", which])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == title and "properties" in schema


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("leder-assist ")
