"""Every rule id of the extraction rules files has an example that a test exercises."""

from __future__ import annotations

import re

import pytest

from leder_assist.config import Settings
from tests.conftest import ROOT
from leder_assist.errors import RulesError
from leder_assist.evaluate.redaction import note_case
from leder_assist.extract.context import ContextMatcher, ContextRules, person_names
from leder_assist.extract.entities import EntityRules
from leder_assist.extract.nlp import get_pipeline
from leder_assist.extract.sections import SectionFinder, SectionRules
from leder_assist.extract.sentences import sentence_spans
from leder_assist.extract.themes import THEME_CODES, ThemeMatcher, ThemeRules
from leder_assist.rules import load_rules, start_guard

S = Settings()
THEMES = load_rules(S, "themes.yaml", ThemeRules)
CONTEXT = load_rules(S, "context.yaml", ContextRules)
SECTIONS = load_rules(S, "sections.yaml", SectionRules)
THEME_EXAMPLES = [(r.id, t.code, ex) for t in THEMES.themes for r in t.rules for ex in r.examples]


def test_every_code_has_rules() -> None:
    assert sorted(t.code for t in THEMES.themes) == sorted(THEME_CODES)


@pytest.mark.parametrize(("rule_id", "code", "example"), THEME_EXAMPLES)
def test_theme_rule_examples(rule_id: str, code: str, example: str) -> None:
    hits = ThemeMatcher(THEMES).find(example)
    assert (code, rule_id) in {(h.code, h.rule.id) for h in hits}


NON_EXAMPLES = [(r.id, ex) for t in THEMES.themes for r in t.rules for ex in r.non_examples]


@pytest.mark.parametrize(("rule_id", "example"), NON_EXAMPLES)
def test_theme_rule_non_examples_do_not_match(rule_id: str, example: str) -> None:
    assert rule_id not in {h.rule.id for h in ThemeMatcher(THEMES).find(example)}


UNLESS_EXAMPLES = [(r.id, t.code, ex) for t in THEMES.themes for r in t.rules for ex in r.unless_examples]


def test_every_unless_has_an_example() -> None:
    assert all(r.unless_examples for t in THEMES.themes for r in t.rules if r.unless)
    assert UNLESS_EXAMPLES


@pytest.mark.parametrize(("rule_id", "code", "example"), UNLESS_EXAMPLES)
def test_unless_examples_are_not_evidence(tmp_path, rule_id: str, code: str, example: str) -> None:
    from leder_assist.evaluate.redaction import note_case
    from leder_assist.extract import Extractor
    from leder_assist.redact import Redactor

    assert rule_id in {h.rule.id for h in ThemeMatcher(THEMES).find(example)}  # the rule does fire...
    case = note_case("t", example)
    themes = {t.code: t for t in Extractor.load(S, use_classifier=False).analyse(
        case, Redactor.load(S, own_ner=False).redact_case(case)).themes}
    assert code not in themes or not themes[code].evidence  # ...but the sentence is not evidence


@pytest.mark.parametrize(("text", "code", "present"), [
    # a supporting sign alone is no evidence...
    ("Staff found him unresponsive in bed at 06:10; CPR started. Cause of death: cardiac arrhythmia.", "EPI", False),
    ("The nurse said she was dying and rang her brother.", "DNR", False),
    # ...beside other evidence for its theme it is
    ("He had a tonic-clonic seizure on Monday.\nOn Friday staff found him unresponsive in bed.", "EPI", True),
    ("GP says she is dying. End of life care plan agreed with her brother.", "DNR", True),
])
def test_supporting_rules_need_other_evidence(text: str, code: str, present: bool) -> None:
    from leder_assist.extract import Extractor
    from leder_assist.redact import Redactor

    assert any(r.supporting for t in THEMES.themes for r in t.rules if t.code == code)
    case = note_case("t", text)
    themes = {t.code: t for t in Extractor.load(S, use_classifier=False).analyse(
        case, Redactor.load(S, own_ner=False).redact_case(case)).themes}
    assert (code in themes and bool(themes[code].evidence)) == present


@pytest.mark.parametrize(("rule_id", "example"), [(t.id, ex) for t in CONTEXT.triggers for ex in t.examples])
def test_context_trigger_examples(rule_id: str, example: str) -> None:
    matcher = ContextMatcher(CONTEXT)
    # a {names} trigger names its relative; an {other} one needs a document plainly about one person;
    # a {not_person} one a form that names the person
    hits, _ = matcher.triggers_in(example, matcher.relative_names(example), matcher.other_pronoun(example),
                                  person_names([note_case("x", example).documents[0]]))
    assert rule_id in {h.rule.id for h in hits}


@pytest.mark.parametrize(("rule_id", "example"), [(r.id, ex) for r in CONTEXT.relative_names for ex in r.examples])
def test_relative_names_examples(rule_id: str, example: str) -> None:
    rule = next(r for r in CONTEXT.relative_names if r.id == rule_id)
    assert ContextMatcher(CONTEXT.model_copy(update={"relative_names": [rule]})).relative_names(example)


def test_relative_names_are_first_names_of_relatives() -> None:
    matcher = ContextMatcher(CONTEXT)
    assert matcher.relative_names("Mum (Angela) and Dad (Roy) visit. Present: Ann and Ray Lee (parents).") == (
        "Angela", "Ann", "Ray", "Roy")
    assert matcher.relative_names("Her mother Said she was fine. His son Paul rang. Sister: Jean") == ()


@pytest.mark.parametrize(("rule_id", "example"), [(t.id, ex) for t in CONTEXT.terminators for ex in t.examples])
def test_terminator_examples(rule_id: str, example: str) -> None:
    _, terms = ContextMatcher(CONTEXT).triggers_in(example)
    assert rule_id in {t.id for t, _, _ in terms}


@pytest.mark.parametrize(("rule_id", "example"), [(p.id, ex) for p in CONTEXT.pseudo for ex in p.examples])
def test_pseudo_examples(rule_id: str, example: str) -> None:
    matcher = ContextMatcher(CONTEXT)
    rule = next(p for p in CONTEXT.pseudo if p.id == rule_id)
    rx = dict((p.id, r) for p, r in matcher._pseudo)[rule.id]  # noqa: SLF001 - the compiled rule itself
    assert rx.search(example)


@pytest.mark.parametrize(("rule_id", "name", "example"), [(s.id, s.name, ex) for s in SECTIONS.sections for ex in s.examples])
def test_section_examples(rule_id: str, name: str, example: str) -> None:
    found = SectionFinder(SECTIONS).find("Some text first\n" + example + "\nmore text")
    assert [(s.rule_id, s.name) for s in found] == [(rule_id, name)]


@pytest.mark.parametrize("rule", load_rules(S, "entities.yaml", EntityRules).entities, ids=lambda r: r.id)
def test_entity_rules(rule) -> None:  # noqa: ANN001
    doc = get_pipeline(S)(f"Noted: {rule.phrases[0]}.")
    assert (rule.label, rule.id) in {(e.label_, e.ent_id_) for e in doc.ents}


@pytest.mark.parametrize(("text", "expected"), [
    ("12/01/24 08:00 Ate little.\n13/01/24 Sleepy. Temp 37.9.", ["12/01/24 08:00 Ate little.", "13/01/24 Sleepy.", "Temp 37.9."]),
    ("He was seen by Dr. Patel today and\nthe chest was clear. Plan as below.", ["He was seen by Dr. Patel today and\nthe chest was clear.", "Plan as below."]),
    ("DIAGNOSIS\nAspiration pneumonia\nPLAN\n- SALT review\n- chest physio", ["DIAGNOSIS", "Aspiration pneumonia", "PLAN", "- SALT review", "- chest physio"]),
    ("Fever: No\nCough: Yes", ["Fever: No", "Cough: Yes"]),
    ("Name | Ward 7 | Bed 3\nSats 94%   RR 20", ["Name | Ward 7 | Bed 3", "Sats 94%   RR 20"]),
    # PDF text: a problem list's headings and year-led lines with no blank line around them
    ("05/02/2024 Advance care planning discussed\nPast problems\nFeb 2019 Pneumonia (admitted, 5 days)\n2015 Cataract extraction\nFamily history",
     ["05/02/2024 Advance care planning discussed", "Past problems", "Feb 2019 Pneumonia (admitted, 5 days)", "2015 Cataract extraction", "Family history"]),
    # a wrapped line that starts with a year is still one sentence
    ("He was admitted to hospital in\n2019 with pneumonia.", ["He was admitted to hospital in\n2019 with pneumonia."]),
    # a form question answered on its line is one field, and the answer does not run into the next line
    ("Concerns about handover between services?  No\nSafeguarding referral made?  Yes - ref 123\nReferred to coroner?  No",
     ["Concerns about handover between services?  No", "Safeguarding referral made?  Yes - ref 123", "Referred to coroner?  No"]),
    ("Is he eating? He has refused two meals.", ["Is he eating?", "He has refused two meals."]),
    ("Was pain considered? No one thought of constipation.", ["Was pain considered?", "No one thought of constipation."]),
    # a closing curly quotation mark ends a sentence
    ("Imran said: “Put a song on and her face changed.” When Zayn came in she would laugh.",
     ["Imran said: “Put a song on and her face changed.”", "When Zayn came in she would laugh."]),
    # a short quoted utterance is one sentence, with the words that say who said it
    ("\"Football, always football. Arsenal was his team,\" said his sister. He had every shirt.",
     ["\"Football, always football. Arsenal was his team,\" said his sister.", "He had every shirt."]),
    # a field or a speaker's words wrapped onto a line starting in lower case run on; a short one does not
    ("Communication: She does not use words. She communicates with sounds and by\nreaching for people.\nDiet: soft\nfluids thickened",
     ["Communication: She does not use words.", "She communicates with sounds and by\nreaching for people.", "Diet: soft", "fluids thickened"]),
    # a heading line of a notes document is not the start of the paragraph under it
    ("She was glad to talk.\nHow he communicated\nHe used Makaton signs.", ["She was glad to talk.", "How he communicated", "He used Makaton signs."]),
    # "month" and "friend" at a line start are not weekday entries; a line stopping on "a" runs on
    ("his sister in Luton (she came every\nmonth), his friend Jo.", ["his sister in Luton (she came every\nmonth), his friend Jo."]),
    ("- Routine: fish and chips on a\n  Friday. He loved it.", ["- Routine: fish and chips on a\n  Friday.", "He loved it."]),
    ("Seen on the ward\nFriday 12/01: settled.", ["Seen on the ward", "Friday 12/01: settled."]),
    # dot leaders are no full stop: a form row keeps its answer, and each row is a field of its own
    ("CHECKS                          Yes / No\nPressure areas ............... NO\nMobility ..................... YES - frame\nBloods ............ Not done (23/05)",
     ["CHECKS                          Yes / No", "Pressure areas ............... NO", "Mobility ..................... YES - frame",
      "Bloods ............ Not done (23/05)"]),
    ("Smoker ..........  [ ]  [x]\nAlcohol ..........  [x]  [ ]", ["Smoker ..........  [ ]  [x]", "Alcohol ..........  [x]  [ ]"]),
    ("He was tired... Then he slept.", ["He was tired...", "Then he slept."]),
    # a row whose label nearly fills the column has a leader of two or three dots, lined up with the longer ones; a
    # spaced ellipsis in prose lines up with nothing
    ("Safeguarding referral .... Yes - raised by ED\nFalls in last 12 months .. Nil\nMental health diagnosis .. "
     "schizophrenia\nDate of death ............ 23/03/2024\nHe was tired ... Then he slept.",
     ["Safeguarding referral .... Yes - raised by ED", "Falls in last 12 months .. Nil",
      "Mental health diagnosis .. schizophrenia", "Date of death ............ 23/03/2024", "He was tired ...",
      "Then he slept."]),
    # an interview's answer in quotation marks stays with its question; an answer in plain words does not
    ('- Fits? "No, never. Not once."\n- Eating? He ate well.', ['- Fits? "No, never. Not once."', "- Eating?", "He ate well."]),
    ("", []),
])
def test_sentence_spans(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in sentence_spans(text)] == expected


@pytest.mark.parametrize(("yaml_text", "rule_id"), [
    ("themes:\n  - code: RESP\n    label: x\n    rules:\n      - {id: bad.one, pattern: '(unclosed', examples: [x]}\n", "bad.one"),
    ("themes:\n  - code: NOPE\n    label: x\n    rules:\n      - {id: bad.code, pattern: 'x', examples: [x]}\n", None),
    ("themes:\n  - code: RESP\n    label: x\n    rules:\n      - {id: bad.extra, pattern: 'x', examples: [x], colour: red}\n", "bad.extra"),
])
def test_bad_theme_rules_name_the_file(tmp_path, yaml_text: str, rule_id: str | None) -> None:  # noqa: ANN001
    (tmp_path / "themes.yaml").write_text(yaml_text)
    with pytest.raises(RulesError) as info:
        load_rules(Settings(rules_dir=tmp_path), "themes.yaml", ThemeRules)
    assert "themes.yaml" in str(info.value)
    assert info.value.rule_id == rule_id


# The "typical wording" column of ../shared/docs/themes.md (copied: the docs folder is not
# part of the package). "learning disability" as a DNACPR reason needs the DNACPR beside it.
THEMES_MD_WORDING = [
    ('aspiration pneumonia', 'RESP'),
    ('LRTI', 'RESP'),
    ('chest infection', 'RESP'),
    ('consolidation on CXR', 'RESP'),
    ('recurrent chest infections', 'RESP'),
    ('SALT assessment', 'DYS'),
    ('IDDSI level 4', 'DYS'),
    ('thickened fluids', 'DYS'),
    ('pureed diet', 'DYS'),
    ('coughing when eating', 'DYS'),
    ('choking episode', 'DYS'),
    ('PEG fed', 'DYS'),
    ('NBM', 'DYS'),
    ('not himself', 'DET'),
    ('off his legs', 'DET'),
    ('NEWS2 of 7', 'DET'),
    ('RESTORE2', 'DET'),
    ('obs not repeated', 'DET'),
    ('sepsis', 'DET'),
    ('sepsis screen not done', 'DET'),
    ('no BO for 6 days', 'CON'),
    ('bowel chart', 'CON'),
    ('laxatives', 'CON'),
    ('faecal impaction', 'CON'),
    ('faecal vomiting', 'CON'),
    ('bowel obstruction', 'CON'),
    ('tonic-clonic seizure', 'EPI'),
    ('status epilepticus', 'EPI'),
    ('buccal midazolam', 'EPI'),
    ('found unresponsive in bed', 'EPI'),
    ('SUDEP', 'EPI'),
    ('seizure chart', 'EPI'),
    ('bowel screening kit not returned', 'CAN'),
    ('ceased from cervical screening', 'CAN'),
    ('2WW referral', 'CAN'),
    ('metastatic at diagnosis', 'CAN'),
    ('unexplained weight loss', 'CAN'),
    ('HbA1c 78', 'CVM'),
    ('heart failure', 'CVM'),
    ('BP not recorded', 'CVM'),
    ('statin', 'CVM'),
    ('MI', 'CVM'),
    ('stroke', 'CVM'),
    ('annual health check', 'AHC'),
    ('AHC not completed', 'AHC'),
    ('health action plan', 'AHC'),
    ('not on the LD register', 'AHC'),
    ('thought to be behavioural', 'OVS'),
    ('attention seeking', 'OVS'),
    ('due to his learning disability', 'OVS'),
    ('challenging behaviour', 'OVS'),
    ('referral not actioned', 'DEL'),
    ('on waiting list for 9 months', 'DEL'),
    ('appointment cancelled', 'DEL'),
    ('discharged after DNA', 'DEL'),
    ('reasonable adjustments', 'RA'),
    ('LD flag', 'RA'),
    ('hospital passport', 'RA'),
    ('easy read', 'RA'),
    ('desensitisation', 'RA'),
    ('Makaton', 'RA'),
    ('non-verbal', 'RA'),
    ('longer appointment', 'RA'),
    ('lacks capacity', 'MCA'),
    ('capacity assessment', 'MCA'),
    ('best interests meeting', 'MCA'),
    ('IMCA', 'MCA'),
    ('DoLS authorisation', 'MCA'),
    ('DNACPR', 'DNR'),
    ('ReSPECT form', 'DNR'),
    ('ceiling of care', 'DNR'),
    ('end of life care plan', 'DNR'),
    ('risperidone', 'MED'),
    ('antipsychotic', 'MED'),
    ('PRN lorazepam', 'MED'),
    ('polypharmacy', 'MED'),
    ('missed dose', 'MED'),
    ('STOMP review', 'MED'),
    ('admitted via ED', 'HOSP'),
    ('LD liaison nurse', 'HOSP'),
    ('discharged home', 'HOSP'),
    ('readmitted within 48 hours', 'HOSP'),
    ('discharge summary not received', 'COORD'),
    ('not handed over', 'COORD'),
    ('transfer of care', 'COORD'),
    ('no care coordinator', 'COORD'),
    ('safeguarding referral', 'SAFE'),
    ('section 42 enquiry', 'SAFE'),
    ('unexplained bruising', 'SAFE'),
    ('neglect', 'SAFE'),
    ('family raised concerns', 'FAM'),
    ('mum felt nobody listened', 'FAM'),
    ('complaint to PALS', 'FAM'),
    ('self-harm', 'MH'),
    ('suicidal ideation', 'MH'),
    ('overdose', 'MH'),
    ('crisis team', 'MH'),
    ('detained under the MHA', 'MH'),
    ('COVID-19 positive', 'INF'),
    ('flu vaccine declined', 'INF'),
    ('urosepsis', 'INF'),
    ('UTI', 'INF'),
    ('MUST score 3', 'NUT'),
    ('weight loss of 8 kg', 'NUT'),
    ('BMI 16', 'NUT'),
    ('dehydrated', 'NUT'),
    ('AKI', 'NUT'),
    ('fluid chart', 'NUT'),
    ('unwitnessed fall', 'FALL'),
    ('fractured neck of femur', 'FALL'),
    ('head injury', 'FALL'),
    ('bed rails', 'FALL'),
    ('interpreter needed', 'EQ'),
    ('first language Urdu', 'EQ'),
    ('ethnicity: Black Caribbean', 'EQ'),
    ('LD nurse involved early', 'GOOD'),
    ('best interests meeting held', 'GOOD'),
    ('passport used on admission', 'GOOD'),
    ('family fully involved', 'GOOD'),
]


@pytest.mark.parametrize(("wording", "code"), THEMES_MD_WORDING)
def test_themes_md_wording(wording: str, code: str) -> None:
    assert code in {h.code for h in ThemeMatcher(THEMES).find(wording)}


def test_spacy_sentences_follow_sentence_spans() -> None:
    text = "12/01/24 08:00 Ate little.\n13/01/24 Sleepy. Temp 37.9.\nPLAN\n- SALT review"
    doc = get_pipeline(S)(text)
    assert [s.text.strip() for s in doc.sents] == [text[a:b] for a, b in sentence_spans(text)]


def test_person_names_come_from_the_forms() -> None:
    docs = [note_case("x", t).documents[0] for t in ("Name of person: Marcus Adebayo OYELARAN\nKnown as: Mo\n",
                                                      "Patient | Mr Stuart Lee |\n", "Patient: LEE, Stuart   NHS 999 356 2300\n")]
    assert person_names(docs) == ("Adebayo", "LEE", "Lee", "Marcus", "OYELARAN", "Oyelaran", "Stuart")  # no "NHS"
    assert person_names([note_case("x", "He had a seizure.").documents[0]]) == ()
    # a care record's header naming whom it is about; a label that only starts with such a word is not one
    docs = [note_case("x", t).documents[0] for t in ("Person: Beryl Ashdown     Carer: Pauline Threlfall\n",
                                                      "Tenant: Eamon Gallagher     Flat 2\n",
                                                      "Person completing form: Jane Hewitt\n")]
    assert person_names(docs) == ("Ashdown", "Beryl", "Eamon", "Gallagher")


def test_a_named_other_person_s_own_health_is_not_the_person_s() -> None:
    """"Stuart's mood ... (his depression)" in a case about Marcus is someone else's; in Stuart's own
    case it is his; with no form naming the person the rule says nothing."""
    matcher = ContextMatcher(CONTEXT)
    text = "Stuart's mood very low again (his depression) - on-call manager aware."
    start = text.index("depression")
    for person, other in ((("Marcus", "Oyelaran"), True), (("Stuart",), False), ((), False)):
        found = matcher.triggers_in(text, (), None, person)
        assert matcher.flags(text, start, start + len("depression"), found).other_person is other, person


# ------------------------------------------------------------------ start guards (rules.start_guard)

@pytest.mark.parametrize(("pattern", "flags", "guard"), [
    (r"(?<!\w)(?:aspiration|choking|pneumonia)(?!\w)", 0, r"(?=\b[acp])"),
    (r"(?<!\w)(?:aspiration|Choking)", re.IGNORECASE, r"(?=\b[ACac])"),
    (r"(?<!\w)(?:\?sepsis|no)(?!\w)", 0, r"(?=[\?n])"),          # "?" is no word character: no \b
    (r"\b(?:annual|six[- ]monthly) review\b", 0, r"(?=\b[as])"),
    (r"(?<!\w)(?:(?-i:Dr) x)", 0, r"(?=\b[D])"),
    (r"(?<!\w)(?:(?i:dr) x)", 0, r"(?=\b[Dd])"),                  # a scoped (?i:) widens the guard
    (r"(?<!\w)(?:\d+ days?)", 0, r"(?=\b[0123456789])"),
    (r"(?:[:\-|?]|\s{2,})\s*no", 0, ""),                           # \s can be any space: no guard
    (r"(?:very )?ill", 0, r"(?=[iv])"),                            # an optional word adds its letters
    (r"(?:x)?", 0, ""),                                            # may match nothing: no guard
    (r"\w+ectomy", 0, ""),
])
def test_start_guard(pattern: str, flags: int, guard: str) -> None:
    assert start_guard(pattern, flags) == guard


def _rule_patterns() -> list[tuple[str, int]]:
    from leder_assist.extract.patterns import edged
    from leder_assist.timeline import timeline_rules

    out = [(edged(r.pattern, r.edges), 0) for t in THEMES.themes for r in t.rules]
    out += [(edged(t.pattern, t.edges), re.IGNORECASE)
            for t in CONTEXT.triggers + CONTEXT.pseudo + CONTEXT.terminators if "{" not in t.pattern]
    out += [(p, re.IGNORECASE | re.MULTILINE) for ev in timeline_rules(S).events for p in ev.patterns]
    return out


def test_start_guards_change_no_match_of_any_rule() -> None:
    """Every theme, context and timeline pattern finds exactly the same spans with its guard as
    without it, in the text of every sample case (and its lower-cased copy, as themes scan it)."""
    from leder_assist.ingest import ingest_case

    texts = [d.text for case in sorted((ROOT / "samples" / "cases").glob("*/")) for d in ingest_case(case, S).documents]
    texts += [t.lower() for t in texts]
    guarded = 0
    for pattern, flags in _rule_patterns():
        guard = start_guard(pattern, flags)
        if not guard:
            continue
        guarded += 1
        plain, fast = re.compile(pattern, flags), re.compile(f"{guard}(?:{pattern})", flags)
        for text in texts:
            assert [m.span() for m in plain.finditer(text)] == [m.span() for m in fast.finditer(text)], pattern
    assert guarded > 200  # most rules get a guard
