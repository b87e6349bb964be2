"""Themes of whole cases, redacted evidence, the classifier's reproducibility and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from leder_assist.cli import app
from leder_assist.errors import ModelError
from leder_assist.extract import Extractor
from leder_assist.extract.classifier import ThemeClassifier
from leder_assist.evaluate.themes import evaluate, load_samples, unredacted
from leder_assist.record import Case, Document, Page, Redaction
from leder_assist.redact import CaseRedaction, DocumentRedaction
from leder_assist.train.themes import data_hash, load_corpus, train, train_estimators

from .conftest import ROOT, SAMPLES


@pytest.fixture(scope="module")
def extractor(settings) -> Extractor:  # noqa: ANN001
    return Extractor.load(settings)


def _case(text: str) -> Case:
    doc = Document(doc_id="D01", filename="note.txt", text=text, pages=[Page(number=1, start=0, end=len(text))])
    return Case(case_id="t", documents=[doc])


@pytest.mark.parametrize(("text", "present", "not_present"), [
    ("Admitted with aspiration pneumonia.\nNo seizures. Her mother had breast cancer.", {"RESP", "HOSP"}, {"EPI", "CAN"}),
    ("Constipation: No\nIf he develops a chest infection start doxycycline.", set(), {"CON", "RESP"}),
    ("Bowels not opened for 6 days, abdomen distended.\nDNACPR in place.", {"CON", "DNR"}, set()),
    # still the theme: an MCA assessment, an MI, seizures after a medicine lowered the threshold
    ("MCA assessment done on the ward.\nMI in 2019.\nTwo seizures overnight.", {"MCA", "CVM", "EPI"}, set()),
    # form fields that say a theme is absent
    ("Falls in last month: 0        Falls in last 12 months: 0\nConcerns about handover between services?  No\n"
     "Safeguarding referral made?  No", set(), {"FALL", "COORD", "SAFE"}),
    # another patient's or resident's affairs, even for rules exempt from other_person (a family's complaint
    # is the family's own), and another resident by room in a case whose forms do not name the person
    ("Note in ward log: PALS complaint from the son of another patient in bay 2 regarding visiting times.",
     set(), {"FAM"}),
    ("Home's safeguarding log (Feb): 1 referral - Mr D (Room 9), unexplained skin tear, reported to local authority.",
     set(), {"SAFE"}),
    # heldout14: a test not repeated for days, an ambulance that had not come; a shift handover is still COORD's
    ("Amber result 01/03 with repeat FBC not obtained\nfor 7 days.\n03:30 ambulance not here, rang 999 again.\n"
     "Handover at 08:00 did not mention the fall.", {"DEL", "COORD"}, set()),
    # heldout15: the true wordings beside the look-alikes fixed then: distress as her way of communicating, help not
    # called until the next day, the liaison nurse on day 1, a fall near a road named Falls, a church every Sunday
    ("Hard to describe her symptoms - probably her way of communicating distress.\n"
     "Found at 06:30; ambulance not called until 14:20 the next day.\n"
     "LD liaison nurse (A. Bee) saw Jo on day 1: hospital passport read.\nShe fell in the street near Falls Road.\n"
     "Ovarian cancer diagnosed; her cancer treatment starts in May.\nGoes to church every Sunday with her sister.\n"
     "Care coordinator was not told of the discharge.", {"OVS", "DEL", "GOOD", "FALL", "CAN", "EQ", "COORD"}, set()),    # heldout16: a stroke since which he is weak, a real fall, PEG written as the tube, capacity assessed (and "had"
    # capacity across a line), CAP, a hard stool on the bowel chart and an interpreter needed, beside the look-alikes
    ("Left-sided weakness since his stroke in 2019.\nHe had a fall in the garden on Monday.\nPEG site clean.\n"
     "The GP assessed his capacity about the operation and he had\ncapacity to refuse.\nTreated as CAP with amoxicillin.\n"
     "Bowel chart: no BO for 5 days, type 1 hard.\nInterpreter: needed for mum (Urdu).",
     {"CVM", "FALL", "DYS", "MCA", "RESP", "CON", "EQ"}, set()),
    # heldout17: a result beside the list of bloods taken, an interpreter field answered with a need
    ("Bloods: FBC, U&E, HbA1c 81 mmol/mol.", {"CVM"}, set()),
    ("Interpreter / cultural needs: Urdu interpreter for dad.", {"EQ"}, set()),
    ("Referred to the Community Falls Team.", {"FALL"}, set()),
    # a referral sentence broken across lines, a test not offered again, an appointment cancelled with its date between
    ("The referral to the\n   dietitian was never sent.", {"DEL"}, set()),
    ("The ECG declined in March was not re-offered.", {"DEL"}, set()),
    ("Your appointment on 14/02/2024 has been cancelled due to clinician unavailability.", {"DEL"}, set()),
    # contact asked for by text or email, a presentation put down to autism, a relative never called back or
    # heeded, a dose charted as omitted
    ("Communication: please contact him by text or email, not phone calls.", {"RA"}, set()),
    ("Impression: the low mood is probably related to his autism rather than a depressive illness.", {"OVS"}, set()),
    ("Sister rang the GP in June to say she was giving her things away. Nobody rang me back.", {"FAM"}, set()),
    # ... while a relative's complaint to a nurse, a manager or PALS still is (heldout16's trap beside it)
    ("His mother complained to the nurse in charge.\nShe complained to PALS.", {"FAM"}, set()),
    ("Her sister visited and she complained to the nurse that he had not been fed.", {"FAM"}, set()),
    ("I told them that at the review, and still nothing was done.", {"FAM"}, set()),
    ('Evening dose recorded as "omitted - not available" until pharmacy supplied it.', {"MED"}, set()),
    ("Moved to ward 16 at 02:00.", {"HOSP"}, set()),
    # heldout25-26: real falls and swallowing problems beside the look-alikes fixed then
    ("Two falls on Monday night, both unwitnessed.", {"FALL"}, set()),
    ("Eats a normal diet but coughs on thin fluids - referred to SALT.", {"DYS"}, set()),
    ("NBM - awaiting SALT.", {"DYS"}, set()),
    # heldout27: a mobility and falls field that records falls, beside the look-alikes fixed then (a mobility answer
    # with no fall, a falls risk graded moderate)
    ("Mobility / falls: walks with a frame, two falls since May.", {"FALL"}, set()),
    # ... and a medicine that sedated him beside a procedure done under sedation
    ("Over-sedated on the new dose of risperidone, asleep at meals.", {"MED"}, set()),
    # heldout30: a dose not given or withheld, weight loss in shorthand, a matter not discussed at handover, a referral
    # triaged routine, symptoms thought behavioural across a line wrap; a question answered by ticked boxes after wide
    # gaps, a relative with an aside between commas
    ("08:30  Lantus NOT given - not eating. MAR: withheld.\nHPC: wt loss (approx 12 kg over 2 yrs).\n"
     "Day handover: unsettled. Bowel status not discussed at handover.\nPodiatry: triaged routine - first appointment "
     "in 12 weeks.\nEscort reports pt \"unsettled, thought\n     behavioural\".", {"MED", "NUT", "COORD", "DEL", "OVS"},
     set()),
    ("8. Safeguarding concerns known?   Yes [ ]   No [x]\nMrs Ali: \"His father, God rest him, died of cancer in the "
     "liver.\"", set(), {"SAFE", "CAN"}),
])
def test_themes_and_traps(extractor: Extractor, text: str, present: set[str], not_present: set[str]) -> None:
    result = extractor.analyse(_case(text), unredacted(_case(text)))
    found = {t.code for t in result.themes if t.evidence}
    shown = {t.code for t in result.themes if t.mentioned_not_present and not t.evidence}
    assert present <= found
    assert not (not_present & found)
    assert not_present <= shown


@pytest.mark.parametrize(("text", "absent"), [
    # records of a normal result or of no problem (the rules' `unless`), and words that are not the theme
    ("Pharmacy reports no missed doses.\nBowels: bowel chart brought in - opening regularly, no concerns.", {"MED", "CON"}),
    ("SALT: bedside swallow assessment - swallow safe, normal diet and thin fluids.\n"
     "Bowel cancer screening: FIT kit done - result normal.\nHbA1c 38 - normal.", {"DYS", "CAN", "CVM"}),
    ("Health action plan (HAP): updated and sent to provider.\nNo hospital passport brought; used his picture cards.", {"RESP", "GOOD"}),
    # a symptom or a neighbouring theme's word is not the theme: breathlessness (heart failure
    # as often as the chest), a chest infection (RESP's, not INF's), a condition worse since its last review
    ("Breathless on the stairs, ankles swollen.\nWaking at night short of breath.", {"RESP"}),
    ("GP started amoxicillin for a chest infection.", {"INF"}),
    # the classifier's sentences too: a theme's unless patterns say what is a normal finding for it
    ("Bowels: regular, BO alternate days.\n| Bowels | BO alternate days, soft.", {"CON"}),
    ("Impression: oropharyngeal dysphagia, deteriorated since last review in 2023.", {"DET"}),
    # abbreviations and terms that look like a theme: the middle cerebral artery, a reference
    # number, the way a death ends, a medicine's effect on the seizure threshold
    ("Discharged from stroke unit. Right MCA infarct, left-sided weakness.", {"MCA"}),
    ("Medication incident form (cross-reference MI-0214): evening doses not given.", {"CVM"}),
    ("Cardiac arrest at 02:10; CPR for 25 minutes, unsuccessful.", {"CVM"}),
    ("Clozapine can also lower the seizure threshold.", {"EPI"}),
    # friends are "pals", not PALS; a concern nobody raised; a slow decline over years; a plan
    ("Her friend in the room next to her - they were pals.", {"FAM"}),
    ("The family have not raised any concerns about her care.", {"FAM"}),
    # review heldout16: a symptom, and the person's own grumble to the nurse, are no family or carer concern
    ("He complained of tummy ache after tea.", {"FAM"}),
    ("4 hours. Tired but OK. Said the hospital mash was cold and she complained to the\nnurse! Good to see her back to herself.",
     {"FAM"}),
    ("In 2019 the memory clinic said it was Alzheimer's. She went downhill slowly.", {"DET"}),
    # an admission only talked about: the rule sets it aside, and so must the classifier
    ("Hospital admission discussed with senior - plan to\nmanage at home.", {"HOSP"}),
    # an unticked checklist box, another resident by title and room, a worker off sick, a standard
    ("[ ] Constipation      Bowels: opens daily, no problems.\n[ ] Low mood           Mood: denies feeling low",
     {"CON", "MH"}),
    ("06/03/23 15:10 Mr H (Flat 2) had a fall in the lounge, no injury.\n22/02/23 07:30 JP off sick with flu.", {"FALL", "INF"}),
    ("Good practice standard: the acute LD liaison team should be told of every admission.", {"GOOD"}),
    # a 999 call is not hospital care (he may die at home); the LD liaison nurse is HOSP's, not RA's
    ("I rang 999 and the paramedics came.", {"HOSP"}),
    ("LD liaison nurse reviewed 13/06.", {"RA"}),
    # SALT not involved, an ECG's ST depression, a check that does not apply, best interests not needed
    ("Eating/drinking: normal diet - SALT not involved.\n12-lead: ST elevation II, III, aVF, ST depression V1-V3.\n"
     "LD annual health check: N/A - no learning disability.\nNo concerns about his capacity were raised, so a "
     "formal capacity assessment was not required and no best interests decision was needed.", {"DYS", "MH", "AHC", "MCA"}),
    # heldout14: a tick-box form with no interpreter needed, a person for full resuscitation, a chart of normal stools,
    # fasting for theatre said first, "NBM" as a drug chart's omission code, "mi" in dialect, a crew's handover time
    ("Interpreter needed [ ] Yes  [X] No\nResuscitation status: for full resuscitation. No DNACPR in place.\n"
     "Bowel chart: BO type 4. Settled.", {"EQ", "DNR", "CON"}),
    ("For theatre tomorrow - NBM from\n02:00. Continue antiepileptics.\n"
     'Root causes: eMAR allowed "NBM" omission code for a time-critical antiepileptic.\n'
     "Mi ring di ward and di nurse tell mi she just vex.", {"DYS", "CVM"}),
    ("At hospital 01:03 | Handover 02:37\nAmbulance handover delayed (queue) until 02:37.", {"COORD"}),
    # a chart row or a bare form row is codes and figures, too few words for the classifier to go on
    ("NEWS2 chart\n08:00       G      G      G      G      G      G\n20:00       G      G      G      G      G      G\n"
     "| Date | 08:00 | 20:00 |\nQ8 Ethnicity: White British", {"DET", "EQ"}),
    # heldout15: a park and a charity named like a theme, a falls form answered "low" or "independent", a church
    # fair, a care coordinator named in a field; a grandchild's illness, template guidance, a medicine's risk at
    # higher doses, a relative's praise
    ("Loved walking at Hebden Falls country park.\nFalls risk assessment (provider, attached): low.\n"
     "Mobility and falls: independent.\nVolunteers at the Cancer Research UK shop.\nSold her cakes at the church fair.\n"
     "Client: Tom Bell      Care coordinator: Ann Lee, CPN", {"FALL", "CAN", "EQ", "COORD"}),
    ("His granddaughter (Sam's girl) has epilepsy.\n[Template guidance: if the person needs a modified diet, attach "
     "it here.]\nWarned of the risk of seizures with higher bupropion doses.\n"
     "Her brother said the staff had been \"family to her\".", {"EPI", "DYS", "FAM"}),    # heldout16: what can happen in a group, a medicine's risk, another resident in an aside, a garden centre named
    # Falls, Peg the person, a form answered in the first person, HAP after a health check, an interpreter not needed,
    # a falls risk low; stroking her hair, a relative's own cancer, normal stools, a leaflet's entitlement
    ("Carers know that absence seizures can happen in older adults with Down syndrome.\n"
     "Older antipsychotics carry an increased risk of stroke.\n"
     "The accident report is about Mr Tom Reeve, another resident, who tripped on the patio step.\n"
     "Day trip to Mossley Falls garden centre.\nWent swimming with Peg on Tuesday.\n- Seizures: I do not have epilepsy.\n"
     "03/05/21  Annual health check done - see HAP.\nAllergies: none. Interpreter: not needed.\n"
     "Pressure areas intact. Falls risk low.", {"EPI", "CVM", "FALL", "DYS", "RESP", "EQ"}),
    ("Settles when carers stroke her hair.\nDad has been struggling with his own lung cancer since the spring.\n"
     "Tea taken well. BO this morning type 4 (see bowel chart).\nBowels: chart normal, last BO 02/05.\n"
     "Adults on the learning disability register can ask their surgery for a yearly health check.", {"CVM", "CAN", "CON", "AHC"}),
    # heldout17: a blood test only named in the list of bloods taken, an interpreter field shared with other needs
    ("Bloods taken after a visit to see the room: FBC, ferritin, U&E, LFT, HbA1c.\nInterpreter / cultural needs: none",
     {"CVM", "EQ"}),
    ("Low mood since he lost his job when Kell Falls Cycle Works closed.", {"FALL"}),
    # a referral's line and the next item of a list are two things, not one sentence broken by the page
    ("Referral: dietitian, routine, by e-RS\n- Copy to family: not sent (they asked for a phone call instead)", {"DEL"}),
    # a practice's own contact details, a condition's cause, a family told of a party, no medication incident
    ("Please contact the practice by email for repeat prescriptions.\n"
     "His epilepsy is likely related to his learning disability (tuberous sclerosis).\n"
     "We told the staff about his birthday and they made a cake.\nNo medication incidents this year.",
     {"RA", "OVS", "FAM", "MED"}),
    ("Staffing: the nurse in charge was off the ward 16:00-16:45 for a meeting.", {"HOSP"}),
    # themes heldout18: a star sign wrapped onto the next line; a care plan's domain heading
    ("About Callum: steam trains, crosswords. Read his horoscope every morning - star sign\n"
     "Cancer, \"the crab, like me, hard shell soft inside\".\nCARE PLAN 12 - MENTAL HEALTH AND WELLBEING\nMood settled.",
     {"CAN", "MH"}),
    # themes heldout25-26: a birthday that falls on a day, an eating and drinking plan of a normal diet, fasting again
    # before theatre and a dose omitted "patient NBM", a guideline for anyone NBM, an outbreak among other residents
    ("His birthday falls on Boxing Day - party in the lounge.\n"
     "Eating and drinking care plan (reviewed 01/2023): Cliff eats a normal diet and feeds himself.", {"FALL", "DYS"}),
    ("08/11 14:30 Theatre cancelled. Re-listed 09/11. NBM again from 02:00.\n"
     '08/11 17:00 Insulin glargine - omitted, "patient NBM".\nBasal insulin should continue when NBM.', {"DYS"}),
    ("28/05/2023 Norovirus outbreak on the ground floor - three residents.", {"INF"}),
    ("Mobility / falls: walks with a carer and a stick.\nFalls risk: moderate.", {"FALL"}),
    ("Colonoscopy under sedation with the LD liaison nurse present.", {"MED"}),
    # themes traps2: a seizure not recognised is no deterioration missed; a summary saying there was no missed
    # deterioration; self-neglect only considered and below the threshold
    ("Staring and lip smacking at breakfast; it was not recognised as a possible seizure at the time.\n"
     "Summary: there was no preceding infection or missed deterioration.", {"DET"}),
    ("Discussed with the duty manager re self-neglect - he keeps on top of most things. Did not meet the threshold, "
     "no referral made.", {"SAFE"}),
    # heldout30: full capacity and no assessment needed; a vaccine not given is no medicine missed
    ("Any other information\nDes had full capacity throughout; no MCA assessment was needed for any decision.\n"
     "Flu vaccine not given - declined.", {"MCA", "MED"}),
])
def test_records_of_no_problem_are_not_evidence(extractor: Extractor, text: str, absent: set[str]) -> None:
    result = extractor.analyse(_case(text), unredacted(_case(text)))
    assert not (absent & {t.code for t in result.themes if t.evidence})


def test_evidence_quotes_are_redacted(extractor: Extractor) -> None:
    text = "Bernadette said Paddy had aspiration pneumonia."
    case = _case(text)
    red = Redaction(doc_id="D01", page=1, start=16, end=21, source="test", score=1.0, label="PERSON", replacement="[Person]")
    redaction = CaseRedaction("t", "review", {"D01": DocumentRedaction("D01", "", [red], [])})
    resp = extractor.analyse(case, redaction).theme("RESP")
    assert resp is not None and resp.evidence[0].quote == "Bernadette said [Person] had aspiration pneumonia."
    ev = resp.evidence[0]
    assert (ev.doc_id, ev.page, ev.start, ev.end) == ("D01", 1, 0, len(text))
    assert ev.source.split("+")[0] == "resp.pneumonia"  # "+themes-classifier@..." when the model agrees
    assert resp.found_by in ("rules", "both")


def test_sentences_and_focused_probability(extractor: Extractor) -> None:
    text = "Mum raised concerns that nobody listened.\nReferral not actioned for 9 months."
    result = extractor.analyse(_case(text), unredacted(_case(text)))
    assert [text[s:e] for s, e in result.sentences["D01"]] == ["Mum raised concerns that nobody listened.",
                                                               "Referral not actioned for 9 months."]
    assert result.focused_probability is not None and 0.0 <= result.focused_probability <= 1.0
    assert {"FAM", "DEL"} <= {t.code for t in result.themes if t.evidence}


def test_samples_development_figures(settings, extractor: Extractor) -> None:  # noqa: ANN001
    scores = evaluate(load_samples(settings, SAMPLES / "gold", SAMPLES / "cases"), extractor)["combined"]
    assert scores.micro()["f1"] >= 0.9  # development data: measured 0.937 when written
    assert scores.traps["reported"] <= 3


def test_retraining_reproduces_the_shipped_metrics(settings) -> None:  # noqa: ANN001
    corpus = ROOT / "eval" / "themes" / "train"
    shipped = json.loads((settings.models_dir / "themes" / "training.json").read_text())
    _, first = train(corpus, seed=shipped["seed"])
    _, second = train(corpus, seed=shipped["seed"])
    assert first["test_themes"] == second["test_themes"] and first["test_concern"] == second["test_concern"]
    assert first["data_hash"] == data_hash(load_corpus(corpus)) == shipped["data_hash"]
    assert first["test_themes"] == shipped["test_themes"]


def test_model_round_trip(tmp_path) -> None:  # noqa: ANN001
    themes, concern, labels, meta = train_estimators(ROOT / "eval" / "themes" / "train")
    classifier = ThemeClassifier.from_estimators(themes, concern, labels, meta)
    classifier.save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["themes-vocabulary.json", "themes.npz"]
    loaded = ThemeClassifier.from_folder(tmp_path)
    texts = ["Aspiration pneumonia on CXR.", "Watched the football.", "Mum raised concerns that nobody listened.",
             "Referral not actioned for 9 months?", "Tonic-clonic seizure at 3am; rescue midazolam given.", ""]
    assert (loaded.theme_probabilities(texts) == classifier.theme_probabilities(texts)).all()
    assert (loaded.concern_probabilities(texts) == classifier.concern_probabilities(texts)).all()
    # the rebuilt vectorizers give the trained ones' matrix, and the matrix products scikit-learn's probabilities
    union = themes.steps[0][1]
    for (_, trained), rebuilt in zip(union.transformer_list, loaded.themes.vectorizers, strict=True):
        assert (trained.transform(texts) != rebuilt.transform(texts)).nnz == 0
    assert np.allclose(loaded.theme_probabilities(texts), themes.predict_proba(texts), rtol=0, atol=1e-12)
    assert np.allclose(loaded.concern_probabilities(texts), concern.predict_proba(texts)[:, 1], rtol=0, atol=1e-12)


def test_cli_themes_prints_table(tmp_path) -> None:  # noqa: ANN001
    result = CliRunner().invoke(app, ["themes", str(SAMPLES / "cases" / "case-01-paddy-oneill"), "--json", str(tmp_path / "t.json")])
    assert result.exit_code == 0, result.output
    assert "RESP" in result.output and "Mentioned, not present" in result.output
    data = json.loads((tmp_path / "t.json").read_text())
    assert "O'Neill" not in json.dumps(data) and "Bernadette" not in json.dumps(data)
    assert {"RESP", "DYS"} <= {t["code"] for t in data["themes"] if t["evidence"]}


def test_cli_themes_exit_2_when_documents_failed() -> None:
    from .conftest import HOSTILE

    result = CliRunner().invoke(app, ["themes", str(HOSTILE)])
    assert result.exit_code == 2
    assert "Themes in case" in result.output


def test_cli_evaluate_themes_json(tmp_path) -> None:  # noqa: ANN001
    # A tiny held-out file of its own (never the project's held-out set, which is evaluated once).
    cases = tmp_path / "cases.yaml"
    cases.write_text("cases:\n  - case_id: x\n    themes: [EPI]\n    themes_not_present: [CAN]\n"
                     "    documents:\n      - {name: a.txt, text: 'Tonic-clonic seizure at 3am. Her mother had breast cancer.'}\n")
    result = CliRunner().invoke(app, ["evaluate", "themes", "--heldout", str(cases), "--json", str(tmp_path / "e.json")])
    assert result.exit_code == 0, result.output
    figures = json.loads((tmp_path / "e.json").read_text())["heldout"]["combined"]
    assert figures["per_code"]["EPI"]["tp"] == 1 and figures["traps"] == {"suppressed_shown": 1}


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory) -> Path:  # noqa: ANN001
    """A freshly trained classifier saved in a folder of its own (the tests below spoil copies of it)."""
    classifier, _ = train(ROOT / "eval" / "themes" / "train")
    folder = tmp_path_factory.mktemp("themes")
    classifier.save(folder)
    return folder


def _copy(saved_model: Path, tmp_path: Path) -> tuple[dict[str, np.ndarray], dict]:
    """The saved arrays and JSON description, to change and write into ``tmp_path``."""
    with np.load(saved_model / "themes.npz", allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    return arrays, json.loads((saved_model / "themes-vocabulary.json").read_text(encoding="utf-8"))


def _write(tmp_path: Path, arrays: dict, spec: dict) -> None:
    np.savez_compressed(tmp_path / "themes.npz", **arrays)
    (tmp_path / "themes-vocabulary.json").write_text(json.dumps(spec), encoding="utf-8")


class Payload:
    """A type that is not an array of numbers: a model file holding it must not be loaded."""


def test_model_holding_an_object_array_is_refused(saved_model: Path, tmp_path) -> None:  # noqa: ANN001
    # an object array is stored pickled; np.load(allow_pickle=False) refuses to unpickle it
    arrays, spec = _copy(saved_model, tmp_path)
    arrays["themes_bias"] = np.array([Payload()] * len(spec["labels"]), dtype=object)
    _write(tmp_path, arrays, spec)
    with pytest.raises(ModelError, match="allow_pickle=False") as exc:
        ThemeClassifier.from_folder(tmp_path)
    assert exc.value.next_step == "run: leder-assist train themes"


@pytest.mark.parametrize("spoil", [
    "weights_short", "bias_long", "idf_short", "vocabulary_longer", "labels_fewer", "integer_weights",
    "missing_array", "extra_array", "unknown_parameter", "callable_parameter", "wrong_format", "not_finite",
])
def test_model_files_that_disagree_are_refused(saved_model: Path, tmp_path, spoil: str) -> None:  # noqa: ANN001
    arrays, spec = _copy(saved_model, tmp_path)
    themes = spec["models"]["themes"]
    words = themes["features"][0]
    if spoil == "weights_short":
        arrays["themes_weights"] = arrays["themes_weights"][:-1]
    elif spoil == "bias_long":
        arrays["concern_bias"] = np.zeros(2)
    elif spoil == "idf_short":
        arrays[words["idf"]] = arrays[words["idf"]][:-1]
    elif spoil == "vocabulary_longer":
        words["vocabulary"].append("zzz-not-a-term")
    elif spoil == "labels_fewer":
        spec["labels"] = spec["labels"][:-1]
    elif spoil == "integer_weights":
        arrays["themes_weights"] = arrays["themes_weights"].astype(np.int64)
    elif spoil == "missing_array":
        del arrays["concern_weights"]
    elif spoil == "extra_array":
        arrays["unexpected"] = np.zeros(3)
    elif spoil == "unknown_parameter":
        words["params"]["tokenizer"] = "builtins.eval"
    elif spoil == "callable_parameter":
        words["params"]["analyzer"] = "builtins.eval"
    elif spoil == "wrong_format":
        spec["format_version"] = 99
    elif spoil == "not_finite":
        arrays["themes_bias"] = np.full_like(arrays["themes_bias"], np.nan)
    _write(tmp_path, arrays, spec)
    with pytest.raises(ModelError, match="refusing to load it") as exc:
        ThemeClassifier.from_folder(tmp_path)
    assert exc.value.next_step == "run: leder-assist train themes"


@pytest.mark.parametrize("damage", ["npz_not_a_zip", "npz_truncated", "npz_one_array", "json_not_json", "json_missing"])
def test_corrupt_model_files_are_refused(saved_model: Path, tmp_path, damage: str) -> None:  # noqa: ANN001
    for name in ("themes.npz", "themes-vocabulary.json"):
        (tmp_path / name).write_bytes((saved_model / name).read_bytes())
    if damage == "npz_not_a_zip":
        (tmp_path / "themes.npz").write_bytes(b"not a model")
    elif damage == "npz_truncated":
        (tmp_path / "themes.npz").write_bytes((saved_model / "themes.npz").read_bytes()[:5000])
    elif damage == "npz_one_array":
        with (tmp_path / "themes.npz").open("wb") as f:
            np.save(f, np.zeros(3))
    elif damage == "json_not_json":
        (tmp_path / "themes-vocabulary.json").write_text("{", encoding="utf-8")
    else:
        (tmp_path / "themes-vocabulary.json").unlink()
    with pytest.raises(ModelError) as exc:
        ThemeClassifier.from_folder(tmp_path)
    assert exc.value.next_step == "run: leder-assist train themes"


def test_a_folder_with_only_the_old_skops_file_asks_for_a_retrain(tmp_path) -> None:  # noqa: ANN001
    from leder_assist.config import Settings

    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "themes.skops").write_bytes(b"PK\x03\x04 an old skops model")
    with pytest.raises(ModelError, match="old skops format") as exc:
        ThemeClassifier.from_folder(tmp_path / "themes")
    assert exc.value.next_step == "run: leder-assist train themes"
    # the extractor goes on with the rules alone, as without a model
    assert Extractor.load(Settings(models_dir=tmp_path)).classifier is None


def test_without_a_model_rules_still_work(tmp_path) -> None:  # noqa: ANN001
    from leder_assist.config import Settings

    extractor = Extractor.load(Settings(models_dir=tmp_path))
    text = "Admitted with aspiration pneumonia."
    result = extractor.analyse(_case(text), unredacted(_case(text)))
    assert extractor.classifier is None and result.focused_probability is None
    assert result.theme("RESP").found_by == "rules"


def test_reviewers_exported_corpus_can_be_added_to_training(tmp_path) -> None:  # noqa: ANN001
    """The workspace exports reviewers' corrections as corpus files; `train themes
    --extra-corpus` adds them (they stay outside the repository)."""
    extra = tmp_path / "exported"
    extra.mkdir()
    (extra / "theme-corpus.yaml").write_text(
        "items:\n"
        "  - {t: 'Staff did not escalate when his NEWS2 was 7 and he was off his legs.', y: [DET]}\n"
        "  - {t: 'Constipation not recognised; no bowel chart kept for nine days.', y: [CON]}\n",
        encoding="utf-8")
    _, base = train(ROOT / "eval" / "themes" / "train")
    _, more = train(ROOT / "eval" / "themes" / "train", extra=[extra])
    assert more["items"] == base["items"] + 2
    assert more["data_hash"] != base["data_hash"]


def test_a_relatives_own_condition_in_a_case_about_a_man_is_not_his(extractor: Extractor) -> None:
    # the sister's letter talks as much about herself as about him; the case as a whole is about him,
    # so "her epilepsy" and "her last seizure" are hers
    about_him = ("Notification. He died on 03/03/2024. He lived at home with his dad. He had Down's syndrome. "
                 "His GP saw him in January and his dad said he was eating less. He liked his music.")
    letter = ("Karen is his sister. She could not get in to see him that week because of her epilepsy; "
              "she can't drive since her last seizure and she has to get the bus.")
    docs = [Document(doc_id=f"D0{i}", filename=f"n{i}.txt", text=t, pages=[Page(number=1, start=0, end=len(t))])
            for i, t in enumerate((about_him, letter), start=1)]
    case = Case(case_id="t", documents=docs)
    result = extractor.analyse(case, unredacted(case))
    assert "EPI" not in {t.code for t in result.themes if t.evidence}
    # ... while in a case about a woman her own epilepsy is hers
    about_her = about_him.replace("He ", "She ").replace("his ", "her ").replace("him", "her").replace(" he ", " she ")
    mine = "She had a seizure at her day centre; her epilepsy was poorly controlled this year."
    docs = [Document(doc_id=f"D0{i}", filename=f"n{i}.txt", text=t, pages=[Page(number=1, start=0, end=len(t))])
            for i, t in enumerate((about_her, mine), start=1)]
    case = Case(case_id="t2", documents=docs)
    assert "EPI" in {t.code for t in extractor.analyse(case, unredacted(case)).themes if t.evidence}
