from __future__ import annotations

import shutil

import pytest

from leder_assist.config import Settings
from leder_assist.errors import RulesError
from leder_assist.ingest.kinds import KindRules, guess_kind
from leder_assist.rules import load_rules

from .conftest import ROOT

RULES = load_rules(Settings(), "doc_kinds.yaml", KindRules).rules


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_matches_its_examples(rule) -> None:
    assert rule.examples, f"{rule.id} has no examples"
    for example in rule.examples:
        assert rule.regex.search(example), f"{rule.id} does not match {example!r}"


def test_rule_ids_are_unique() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("filename", "text", "kind"),
    [
        ("form.docx", "LeDeR NOTIFICATION OF DEATH\nName | X\nNotified by | GP", "notification"),
        ("letter.pdf", "INPATIENT DEATH SUMMARY\nDate of admission: 01/02/2024\nWard: 7", "discharge_summary"),
        ("export.txt", "Mill Lane Surgery\nConsultation 03/04/2023\nO/E chest clear. Imp: LRTI", "gp_record"),
        ("notes.txt", "DAILY NOTES\nSupport worker: KB. Had a good night.", "care_notes"),
        ("x.docx", "Notes of conversation with his sister\nShe said he loved music.", "family"),
        ("x.txt", "Invoice for services", "other"),
        # a relative's letter telling LeDeR of the death, in a file named as the notification (review heldout23)
        ("notification_of_death.txt", "To the people at LeDeR,\nMy sister died at home.\nShe said she was grand.\n"
         "Yours sincerely,\nTesta Example (sister)\n", "notification"),
        ("family_letter.txt", "Dear reviewer,\nMy sister died at home.\nShe said she was grand.\n"
         "Yours sincerely,\nTesta Example (sister)\n", "family"),
    ],
)
def test_guess_kind(settings: Settings, filename: str, text: str, kind: str) -> None:
    got, reason = guess_kind(filename, text, settings)
    assert got == kind
    assert reason
    assert "[" in reason or kind == "other"


def test_reason_names_rules_not_text(settings: Settings) -> None:
    _, reason = guess_kind("a.txt", "DISCHARGE SUMMARY for Mr Zebedee Quill", settings)
    assert "discharge.title" in reason and "Zebedee" not in reason


@pytest.mark.parametrize(
    ("change", "message", "rule_id"),
    [
        (("weight: 6\n    description: titled as a notification", "weight: six\n    description: titled as a notification"),
         "weight", "notification.title"),
        (("kind: notification\n    where: start\n    pattern: '\\b(leder", "kind: notice\n    where: start\n    pattern: '\\b(leder"),
         "kind", "notification.title"),
        (("description: titled as a notification of death", "description: x\n    colour: red"), "colour", "notification.title"),
        (("pattern: 'notif'", "pattern: 'notif('"), "regular expression", "notification.filename"),
    ],
)
def test_bad_rules_file_names_file_rule_and_reason(tmp_path, change, message, rule_id) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    path = rules / "doc_kinds.yaml"
    text = path.read_text()
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1))
    with pytest.raises(RulesError) as info:
        guess_kind("a.txt", "text", Settings(rules_dir=rules))
    assert info.value.rule_id == rule_id
    assert "doc_kinds.yaml" in str(info.value) and message in str(info.value)


def test_missing_rules_file(tmp_path) -> None:
    with pytest.raises(RulesError, match="not found"):
        guess_kind("a.txt", "text", Settings(rules_dir=tmp_path))
