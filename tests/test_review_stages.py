"""Timeline, notification check, triage and portrait on small invented cases.

Redaction is not the point here: cases are redacted with no redactions, so quotes are the
note text itself (the sample tests check identifiers).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from leder_assist.config import Settings
from leder_assist.fields import ticked
from leder_assist.ingest import ingest_case
from leder_assist.notification import check_notification, notification_rules, stated
from leder_assist.portrait import PortraitBuilder, _tidy, portrait_rules
from leder_assist.record import Case
from leder_assist.redact import CaseRedaction, DocumentRedaction, Redactor
from leder_assist.timeline import TimelineBuilder, find_gaps, timeline_rules
from leder_assist.triage import classify_ethnicity, triage, triage_rules

D = dt.date


def make_case(tmp_path: Path, files: dict[str, str], settings: Settings) -> tuple[Case, CaseRedaction]:
    folder = tmp_path / "case"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    case = ingest_case(folder, settings)
    redaction = CaseRedaction(case.case_id, "review", {d.doc_id: DocumentRedaction(d.doc_id, d.text, [], []) for d in case.documents})
    return case, redaction


NOTIFICATION = """LeDeR notification of death
Ethnicity: {ethnicity}
Learning disability: {ld}
Autism: {autism}
Date of death: 07/01/2024
Place of death: Harbourside General Hospital
Cause of death: {cause}
GP: Dr Test, Example Practice
Person who knew them well: key worker
Notified by: LD liaison nurse
"""


def notification(ethnicity: str = "White British", ld: str = "Yes - moderate", autism: str = "No",
                 cause: str = "1a Urosepsis") -> str:
    return NOTIFICATION.format(ethnicity=ethnicity, ld=ld, autism=autism, cause=cause)


# --------------------------------------------------------------------------- timeline

TIMELINE_EXAMPLES = [
    # review heldout14/17: a day out and a feast day with the family, heading their entries
    ("tl.occasion", "Sat 22 Mar 2025 - Day trip to Hunstanton with Tom and Priya in the car, as Graham asked."),
    ("tl.occasion", "Wed 25 Dec 2024 - Christmas Day at his mum's with Marcia and her boys."),
    # review heldout14/15/17: a record's line or table row whose type says what happened, a long-term condition's or the
    # medicines' review, meals refused, a name day
    ("tl.diagnosis", "| 2012        | Dr J. Trewin        | Diagnosis       | Type 2 diabetes. Metformin.   |"),
    ("tl.diagnosis", "2002         Diagnosis: Type 1 diabetes (aged 11, paediatric DKA at presentation)."),
    ("tl.review", "03-Apr-2024  Medication review - Dr N Farrant (face to face; Hannah came with him)"),
    ("tl.review", "| 12/06/2019  | Practice nurse      | Diabetes review | eGFR 38 - CKD stage 3b. Ramipril. |"),
    ("tl.letter_received", "| 05/12/2023  | Dr F. Gilchrist     | Clinic letter   | CKD stage 4, likely stage 5 within a year. |"),
    ("tl.deterioration", "Sun 2 Feb 2025 - Del refused breakfast and lunch, pushing plate away."),
    ("tl.occasion", "21 Jan 2025 - Aga's name day (imieniny). Mama made makowiec; cousins on video call."),
    # review heldout21: a brother or sister born, going to live somewhere, an eviction, a family trip, a wedding,
    # a new patient check, a place stopped
    ("tl.life_event", "Debbie came along in 2008 and Joshua in August 2010."),
    ("tl.move", "When I was 12, in 1955, I went to live at Calderbank Hospital."),
    ("tl.move", "Addendum 20/11/2020: Housing tell us Lee was evicted on 16/11/2020."),
    ("tl.occasion", "In August 2023 the family went home to Nigeria for a cousin's wedding."),
    ("tl.occasion", "In August 2016 Lee came with Dawn's family for a week in a caravan at Westcombe Bay."),
    ("tl.gp_contact", "15/03/2022  New patient check (HCA). BMI 19.1."),
    ("tl.life_event", "She stopped going to the resource centre in 2015."),
    # review heldout22: joining a course, a child taken into care, too unwell for the day centre, a celebration
    ("tl.life_event", "Reuben joined us in September 2021 on our Entry Level 3 Life Skills course."),
    ("tl.life_event", "Nov 2014 - daughter (born 2012) made subject of a care order; in long-term foster care."),
    ("tl.deterioration", "She came until September 2022, when she became too breathless to manage the minibus."),
    ("tl.occasion", "In 2021 we celebrated her twenty-five years with us with a cake."),
    # review heldout19: a record entry headed by its clinic, an MDT's outcome, an eConsult, a specialist service's report,
    # the last day at a day service
    ("tl.clinic", "09/10/2023  Neurology clinic, East Marsh University Hospital (Dr A. Rao): probable MND, EMG arranged."),
    ("tl.meeting", "3. MDT outcome, 19 September 2024"),
    ("tl.gp_contact", "04/06/2024 eConsult submitted with help of support worker: blood in his stools for six weeks."),
    ("tl.letter_received", "Jun 2004   Adult autism service report: Asperger's syndrome."),
    ("tl.last_contact", "Her last day with us was Friday 8 November 2024; she was a little chesty but happy."),
    # review heldout18: the scan and procedure before a diagnosis, a therapist's report, a move "here", a safeguarding
    # form's concern field, being sick, not wanting the GP rung, the last word from someone over a line break
    ("tl.test", "18/09/2024  CT: mass in head of pancreas, multiple liver metastases."),
    ("tl.test", "ERCP and biliary stent, day case, West Lowen Hospital."),
    ("tl.test", "Colonoscopy showed a tumour in the sigmoid colon."),
    ("tl.assessment", "SALT report: IDDSI level 6 soft and bite-sized diet, thin fluids."),
    ("tl.move", "I live on my own in my flat. I moved here in September 2016."),
    ("tl.move", "Jo lived at home with her sister until 1996, when caring for her got too much."),
    ("tl.safeguarding", "Concern raised: 10 May 2016 by his outreach support worker"),
    ("tl.deterioration", "Said he had a stomach bug since the weekend and had been sick."),
    ("tl.declined", "Did not want me to ring the GP: \"No phone calls.\""),
    ("tl.last_contact", "His mother last\nheard from him by text on Sunday 17 November."),
    # review heldout13/14: a relative's death however it is said; a record entry headed by the kind of contact
    ("tl.bereavement", "He lived with their mother until she died in March 2016."),
    ("tl.bereavement", "Tamsin is the daughter of his younger brother Frank, who died in 2018."),
    ("tl.bereavement", "Their dad Jack worked at the steelworks and died in 1998."),
    ("tl.gp_contact", "13-Jan-2025  Telephone - Dr N Example"),
    ("tl.medication", "06-Jan-2025  Online repeat request - insulin aspart\n  REJECTED (prescription clerk)"),
    ("tl.death", "Died 07/01/2024 at 23:50 with his mother present."),
    ("tl.admission", "Admitted to Harbourside General Hospital on 05/01/2024."),
    ("tl.discharge", "Discharged home 19/02/2019."),
    ("tl.attendance", "ED attendance 28/12/2023 after a seizure."),
    ("tl.diagnosis", "Type 2 diabetes diagnosed 14/03/2019."),
    ("tl.move", "He moved to Larchfield Court in June 2015."),
    ("tl.ahc", "Annual health check 19/09/2023 at the practice."),
    ("tl.referral", "Referral to neurology sent 11/07/2023."),
    ("tl.cancelled", "Neurology appointment cancelled 03/10/2023."),
    ("tl.safeguarding", "Section 42 enquiry opened 22/02/2024."),
    ("tl.dnacpr", "DNACPR completed 06/01/2024."),
    ("tl.capacity", "Best interests meeting 18/07/2023."),
    ("tl.end_of_life", "Syringe driver started 20/11/2023."),
    ("tl.deterioration", "Off his legs since 14/02/2024."),
    ("tl.investigation", "Inquest opened 08/03/2024."),
    ("tl.complaint", "Written complaint to the provider on 26/02/2024."),
    ("tl.illness", "Chest infection 21/08/2023."),
    ("tl.assessment", "Crisis team assessment at home 14/02/2024."),
    ("tl.ld_liaison", "Seen by the LD liaison nurse 09/03/2024."),
    ("tl.medication", "Levetiracetam ran out on 07/02/2024."),
    ("tl.screening", "Bowel screening kit sent 30/09/2021."),
    ("tl.notification", "LeDeR notification made 12/02/2024."),
    ("tl.meeting", "Family meeting with the reviewer 05/03/2024."),
    ("tl.gp_contact", "Telephone consultation 09/02/2024."),
    ("tl.advance_care_plan", "Advance care planning discussion at the home 05/02/2024."),
    ("tl.move", "He came to England in 1962 with his mother."),
    ("tl.cancelled", "Did not attend the annual health check on 22/01/2024."),  # "did not" is the event here
    ("tl.surgery", "Taken to theatre on 20/01/2024: laparotomy."),
    ("tl.surgery", "She had an emergency operation on 03/02/2024."),
    ("tl.deterioration", "1/52 more distressed, crying at night, off his food."),
    ("tl.diagnosis", "Diagnosis: squamous cell carcinoma of the cervix, 12/03/2024."),
    ("tl.move", "When the hospital shut they moved her to Hawthorn Lodge - March 1991."),
    ("tl.move", "Came to us: March 1991, from the long-stay hospital."),
    ("tl.move", "Tenancy started 01/03/2019."),
    ("tl.procedure", "14/05/2019 PEG inserted at the district hospital after videofluoroscopy showed silent aspiration."),
    ("tl.vaccination", "20/10/2022 Influenza vaccine given at home. PEG site clean."),
    ("tl.end_of_life", "Discussed with the family; focus changed to comfort."),
    ("tl.bereavement", "Their dad died in March 2016 and she missed him terribly."),
    ("tl.bereavement", "When his mother was dying in 2004 he stayed with an aunt."),
    ("tl.move", "He lived in a bungalow of his own from 2009."),
    ("tl.discharge", "Date of discharge: 03/05/2023"),
    ("tl.gp_contact", "12.04.23  Dr K Lowe - telephone, daughter of the carer"),
    ("tl.intake", "Not taking anything by mouth since this morning."),
    ("tl.deterioration", "Worsening: a new rash on both arms."),
    ("tl.deterioration", "Much quieter than usual at the allotment, more secretions after lunch."),
    ("tl.deterioration", "Right foot redder than yesterday and swollen."),
    ("tl.deterioration", "Weighed 48.2 kg, down 3.1 kg since the spring."),
    ("tl.last_contact", "He was last seen alive by a neighbour on the landing."),
    ("tl.life_event", "His job at the garden centre ended when it closed."),
    ("tl.end_of_life", "Family agreed; end of\nlife care plan started."),
    # review heldout14 (2026-12-06): the person turning a test down; a heart going fast
    ("tl.declined", "06/12/2024 11:00 ECG re-offered. Jerome declined - said the stickers \"pull my hair\"."),
    ("tl.declined", "He refused the blood test again."),
    ("tl.deterioration", "Came to the office saying his heart was \"going fast, like fluttery\". Pulse 112."),
    ("tl.deterioration", "Collapsed in the bathroom at 07:10."),
    # review heldout15 (2026-12-06)
    ("tl.intake", "06/12/24 Said pain 3. Had not eaten since Wednesday, sipping water."),
    # rules with no example until 2026-12-06 (the coverage test below found them)
    ("tl.support_change", "Night support: From 01/10/2024 waking night replaced by sleep-in staff."),
    ("tl.risk_discussed", "SUDEP discussed with mum 18/05/2021."),
    ("tl.concern_raised", "I think someone should look at those days properly."),
    ("tl.letter_received", "Discharge summary received by e-mail 5 days after discharge."),
    # wordings from review heldout9 (2026-12-07)
    ("tl.move", "My family came over to Ashford in Kent in 1952 when my daddy got work on the railway."),
    ("tl.support_change", "14/06/2024 (K. Burrows) Stuart's last shift."),
    ("tl.support_change", "Cover from agency until new staff recruited."),
    ("tl.end_of_life", "17/11/24 - Father Byrne gave Peggy the Sacrament of the Sick with her niece present."),
    ("tl.deterioration", 'Fri 19/07/24 Ray said "tummy hurts" at breakfast.'),
    ("tl.deterioration", "Complaining of stomach ache since lunch."),
    ("tl.life_event", "Ray went to the special school and then, from 1981, worked at Fenside Growers for 24 years."),
    ("tl.life_event", "He went to Cherrywood Special School and stayed in the sixth form until July 2023."),
    ("tl.life_event", "04/09/2023 (CR) First day. Hamza came with mum for the morning."),
    ("tl.letter_received", "05/03/2024  Letter from Dr M Kulkarni, consultant psychiatrist: mental state stable."),
    ("tl.review", "Annual review - 18/07/2023 (A. Procter)"),
    ("tl.review", "1st July 2024 (KB) Audit of folder: agency staff have not all signed the bowel care plan."),
    ("tl.clinic", "I saw Hamza with his mother for the last time in our transition clinic on 18/08/2022."),
    ("tl.meeting", "Home visit 24/06/2024 (post-discharge)"),
    ("tl.medication", "Two days later, on 02/02/2024, new prescription issued by practice."),
    # review heldout16: life events in a family's words - a relative named between commas or by name, volunteering from a
    # year, graduating, a partner met, a pet; support starting, a new worker's first session; occasions; soft signs
    ("tl.bereavement", "Their dad, Ron, a printer, died in 1999."),
    ("tl.bereavement", "She lived with their mum, Brenda, in the family flat until Brenda died of bowel cancer in June 2014."),
    ("tl.life_event", "From 2016 he volunteered at the heritage railway."),
    ("tl.life_event", "Since 2016 she had volunteered on Tuesdays at the hospice charity shop."),
    ("tl.life_event", "He graduated in history from the university in July 2005."),
    ("tl.life_event", "The Friday night bowling club, where she met Gary in 2019."),
    ("tl.life_event", "He adopted his\ncat, Pixel, in 2020."),
    ("tl.support_change", "He lived alone and had 2 hours a week of autism outreach support from us\n      since March 2019."),
    ("tl.support_change", "Floating autism support agreed, 2 hours a week (Friday mornings)."),
    ("tl.support_change", "New PA started, shown the medicines and the key safe."),
    ("tl.support_change", "First session. He didn't open the door for 10 minutes - then did."),
    ("tl.occasion", "Holiday - 4 nights in Clacton with her boyfriend and two staff."),
    ("tl.occasion", "Bowling club Christmas party at the bowling alley."),
    ("tl.occasion", "Peggy's 78th birthday. Tea party in the lounge."),
    ("tl.occasion", "The carol service at church on 22nd December 2024, his last time at the chapel."),
    ("tl.occasion", "He went for the last time in June 2024, in his wheelchair."),
    ("tl.deterioration", "Joe quieter today, did not want to go down to the lounge for dominoes."),
    ("tl.deterioration", "Ankles puffy."),
    ("tl.medication", "He said his Libre sensors had run out about a week ago."),
    ("tl.procedure", "[19.11.24] Letter: paracentesis as a day case, 4.5 L drained, home same day."),
    ("tl.letter_received", "| 22/01/2024   | Letter - G Smith     | Community respiratory physio: chest clearance routine |"),
    ("tl.diagnosis", "2008         Problem added: Type 2 diabetes mellitus."),
    ("tl.life_event", "In 1991 he got a job sweeping and varnishing at the boatyard and worked there until 2011."),
    ("tl.life_event", "I retired in 2016 and they gave me a party."),
    ("tl.treatment", "First chemo at the day unit."),
    ("tl.treatment", "[02.07.24] Cycle 1 chemotherapy given (Day Unit)."),
    ("tl.complaint", "His mother complained to the nurse in charge about his care."),
    ("tl.life_event", "until he left in July 2019, and from that September he went to the day service."),
    ("tl.life_event", "She went to Brookfield Day Opportunities three days a week from 2001."),
    ("tl.move", "After his heart failure admission at the end of 2020 Joe moved\ninto Holmfield House in January 2021."),
    # review heldout23/24 (ninth session): after the death, parents parting, a first day service
    ("tl.after_death", "Funeral: 26th April 2024. The Hindle Brook Mills Band played."),
    ("tl.after_death", "06/06/24 Bereavement call to Theresa: funeral at St Ann's today."),
    ("tl.after_death", "Coroner's office: no further action; MCCD issued and body released the same day."),
    ("tl.life_event", "Her dad Gary and mum separated in 2008."),
    ("tl.life_event", "He started at Horizons Day Opportunities in September 2023."),
    ("tl.life_event", "She has lived at Sowden Rise since she married Ron in 1969."),
    ("tl.life_event", "Her mother helped Madge bring up Janice, who was born in 1971."),
    ("tl.clinic", "Clinic date: 25/10/2022          Typed: 27/10/2022"),
    ("tl.test", "31/05  OGD: large ulcerating tumour of the gastric antrum, biopsied."),
    ("tl.clinic", "25/10/22 Went with Winnie and Theresa to breast clinic. Staff kind, used a quiet room."),
    # review heldout25: results back in a GP record's entry, a scan with its own date then its finding, a respite stay
    ("tl.test", "03/02/2024  Results: Hb 91, MCV 70, ferritin 8. Iron deficiency."),
    ("tl.test", "14/05/2023  Result: MSU - mixed growth, sensitive to amoxicillin. Filed."),
    ("tl.test", "20/11/2023  Letter in: MRI 02/11 - large mass in the left kidney."),
    ("tl.support_change", "Respite: Sam went to another Shared Lives carer for a week in May 24 - went well."),
    # review heldout26: a screening test with its result after a dash, reminder letters sent, a specialist's letter filed
    # under the writer's role, a test then a dash and its finding on a day of an admission, a referral chased, a chest
    # that went heavy as the person put it, a notification's record of when it was sent, the notifier's section's date
    ("tl.screening_done", "Cancer screening: cervical smear taken by the practice nurse 03/2021 - normal."),
    ("tl.letter_sent", "Oct 2022  Recall letter sent for the asthma clinic."),
    ("tl.letter_received", "02/05/2023  Diabetes specialist nurse letter (A Nurse): HbA1c 71, insulin dose changed."),
    ("tl.test", "Day 3 (14/06): MRI - swelling on both sides; sedation continued."),
    ("tl.referral_chased", "05/01/2024  Dad rang the clinic - no date for the hearing test yet, told about ten weeks."),
    ("tl.deterioration", "Said his tummy felt really heavy after tea."),
    ("tl.notification", "Received by the LeDeR platform 14/03/2024 (ref LDR-0000)"),
    ("tl.off_sick", "11/09/2023  Fit note - 2 weeks (back pain)."),
    # review heldout27 (2026-12-07): a letter discharging the person back to the GP; a call nobody answered; a change first noticed
    ("tl.discharge_letter", "In line with our access policy she has been discharged back to your care."),
    ("tl.discharge_letter", "I have therefore discharged him from our caseload."),
    ("tl.contact_attempt", "Called her mobile\n            x2 today, two days after the attendance - no answer."),
    ("tl.contact_attempt", "Tried to ring mum twice, no reply."),
    ("tl.deterioration", "Staff had noticed changes since Mar 21 - losing his way to his room, forgetting names."),
    # review heldout28 (2026-12-07): a medication review written short; a discharge summary's procedure field and a joint
    # rebuilt; a delirium and when it began; a dose not given or missed over a line break; a discharge with a leaflet; a
    # safeguarding team's letter deciding on an enquiry
    ("tl.review", "14 Jun 2022 - Dr P. Example\nMed review by video at pt's request."),
    ("tl.surgery", "PROCEDURE   Left hemiarthroplasty, 10.1.23 (Mr Example)"),
    ("tl.surgery", "Operation: right total knee arthroplasty."),
    ("tl.deterioration", "2. Post-operative delirium (from 11.1.23) - improving, NOT fully resolved"),
    ("tl.medication", "Wed 1 Nov - Evening Keppra not given: not in the blister pack, pharmacy\n  delivery late."),
    ("tl.medication", "Pharmacy delivered next morning - 1 dose\n  missed."),
    ("tl.discharge", "Letter, Adult Autism Service: diagnostic service only. Discharged with a leaflet."),
    ("tl.safeguarding_decision", "The threshold for a section 42 enquiry is met. The enquiry is led by T. Example."),
]

TIMELINE_NON_EXAMPLES = [
    # review heldout27: a change noticed in the plan, not in the person; a phone answered
    "Noted change to his medication plan.",
    "Called her mobile, she answered and was fine.",
    # review heldout26: a seizure is no FIT kit
    "Had a fit on the bus 03/03/2024, came round quickly.",
    "Discussed with family with interpreter; moved to end of life care, comfort measures.",  # no move of home: end of life
    "Plan written: 28/09/2023, home visit. Review due: 28/03/2024",  # a review only planned
    "Neurology informed, earlier clinic appointment requested.",
    "AUDIT-C score 2 on 03/03/2024.",  # an alcohol questionnaire, not an audit of records
    "12/03/2024  Medication review due - text sent to book.",  # a review only due
    "14/05/2023  Invited for diabetes review.",
    "He would like a brass band at his funeral.",  # a wish, not the funeral
    "The funeral plan is paid monthly from her account.",
    # review heldout25: a result still to come, respite only asked about
    "Results: awaited.",
    "Mum asked about respite but has not decided.",
]

# review heldout16: look-alikes of the new wordings - a quieter place, a bank holiday or a worker on leave, a ceiling of
# treatment decided in advance, a home lived in since a year with support mentioned, complaining of a symptom
@pytest.mark.parametrize(("sentence", "not_rule"), [
    ("The ward was quieter today.", "tl.deterioration"),
    ("Moved to a quieter room at the end of the corridor.", "tl.deterioration"),
    ("Bank holiday Monday - no day centre.", "tl.occasion"),
    ("GP on holiday until Monday; locum to review.", "tl.occasion"),
    ("Decision: option 2. Hospital admission and active ward treatment for chest infections, not for intubation or ICU.",
     "tl.admission"),
    ("She has had support from the LD team.", "tl.support_change"),
    # the person's own grumble, and a symptom, are no complaint
    ("Tired but OK. Said the hospital mash was cold and she complained to the\nnurse!", "tl.complaint"),
    ("He complained of feeling sick after tea.", "tl.complaint"),
    # review heldout28: an empty procedure field, a handover not given, a leaflet about a condition, an enquiry only asked about
    ("Procedure: none", "tl.surgery"),
    ("Evening staff not given handover.", "tl.medication"),
    ("Gave the team the leaflet on delirium.", "tl.deterioration"),
    ("The coroner will ask for the outcome of the safeguarding enquiry.", "tl.safeguarding_decision"),
])
def test_look_alikes_of_life_events_and_soft_signs(settings: Settings, sentence: str, not_rule: str) -> None:
    rule = TimelineBuilder(settings).rule_for(sentence)
    assert rule is None or rule.id != not_rule, rule.id


@pytest.mark.parametrize(("rule_id", "sentence"), TIMELINE_EXAMPLES)
def test_timeline_rule_examples(settings: Settings, rule_id: str, sentence: str) -> None:
    rule = TimelineBuilder(settings).rule_for(sentence)
    assert rule is not None and rule.id == rule_id


@pytest.mark.parametrize("sentence", TIMELINE_NON_EXAMPLES)
def test_timeline_rule_non_examples(settings: Settings, sentence: str) -> None:
    rule = TimelineBuilder(settings).rule_for(sentence)
    assert rule is None or rule.id not in {"tl.move", "tl.meeting", "tl.clinic", "tl.review", "tl.test", "tl.support_change"}, rule.id


def test_every_timeline_rule_has_an_example(settings: Settings) -> None:
    """Every rule of rules/timeline.yaml is in the table above, except those that need what surrounds the
    sentence (a problem list's heading, the label a start date continues, the notifier's section a date is in), which
    have tests of their own."""
    needs_context = {"tl.problem_list", "tl.move_start", "tl.notifier_date"}
    assert {r.id for r in timeline_rules(settings).events} - needs_context - {r for r, _ in TIMELINE_EXAMPLES} == set()


def test_a_start_date_continues_the_arrangement_before_it(settings: Settings) -> None:
    builder = TimelineBuilder(settings)
    assert builder.rule_for("Start date 01/09/2017", before="Arrangement: long-term, live-in. ").id == "tl.move_start"
    assert builder.rule_for("Start date 01/09/2017", before="Course: pottery. ") is None


def test_problem_list_rule_only_under_its_heading(settings: Settings) -> None:
    builder = TimelineBuilder(settings)
    assert builder.rule_for("17/06/2021 Alzheimer's disease, early onset", "Active problems").id == "tl.problem_list"
    assert builder.rule_for("17/06/2021 Alzheimer's disease, early onset", "Journal") is None


@pytest.mark.parametrize("sentence", [
    "02/11/2023 No signs of sepsis.",
    "Safety net: if any seizure lasts more than 5 mins give buccal midazolam and call 999.",
    "Staff to use RESTORE2 if he seems more unwell.",
    "LD annual health check booked for 03/05/24.",
    "Pulse 84, BP 124/78.",
])
def test_negated_or_planned_episodes_are_not_events(settings: Settings, sentence: str) -> None:
    """The timeline asks the project's ConText rules (rules/context.yaml), as themes do."""
    assert TimelineBuilder(settings).rule_for(sentence) is None


@pytest.mark.parametrize("sentence", [
    "Online repeat request for insulin declined by the practice.",
    "Funding application refused by the panel.",
    "Refused breakfast and lunch.",
])
def test_a_service_turning_a_request_down_is_not_the_person_declining(settings: Settings, sentence: str) -> None:
    rule = TimelineBuilder(settings).rule_for(sentence)
    assert rule is None or rule.id != "tl.declined"


def test_a_death_is_kept_whatever_its_context(settings: Settings) -> None:
    assert TimelineBuilder(settings).rule_for("No family were present when he died on 14/03/2024.").kind == "death"


def test_someone_elses_death_is_not_the_persons(settings: Settings) -> None:
    rule = TimelineBuilder(settings).rule_for("He lived with their mother until she died in 1998.")
    assert rule is None or rule.kind != "death"  # a bereavement, a life event of the person's, at most


def test_same_event_in_two_documents_appears_once_with_both_sources(tmp_path: Path, settings: Settings) -> None:
    case, red = make_case(tmp_path, {
        "notes.txt": "05/01/2024 01:10\nAmbulance came. Danny admitted to Harbourside General Hospital.\n",
        "summary.txt": "Inpatient summary\nAdmitted: 05/01/2024 via ED.\nDied 07/01/2024 at 23:50.\n",
        "notification.txt": notification(),
    }, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    admissions = [e for e in events if e.kind == "admission"]
    assert len(admissions) == 1
    assert admissions[0].date == D(2024, 1, 5)
    assert {s.doc_id for s in admissions[0].sources} == {d.doc_id for d in case.documents if d.filename != "notification.txt"}
    deaths = [e for e in events if e.kind == "death"]
    assert [e.date for e in deaths] == [D(2024, 1, 7)]


def test_relative_and_entry_dates_in_notes(tmp_path: Path, settings: Settings) -> None:
    case, red = make_case(tmp_path, {"daily notes.txt": (
        "DAILY NOTES\n"
        "08/03/24 07:30\nRang 999, admitted to hospital.\n\n"
        "10/03/24\nBest interests meeting yesterday with his sister.\n"
    )}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    by_kind = {e.kind: e for e in events}
    assert by_kind["admission"].date == D(2024, 3, 8) and by_kind["admission"].flags == ["date of the entry"]
    assert by_kind["capacity"].date == D(2024, 3, 9) and by_kind["capacity"].relative
    assert by_kind["capacity"].flags == ["relative to entry date 10/03/24"]


def test_titled_notes_forms_and_sub_headed_problem_lists_date_what_they_record(tmp_path: Path, settings: Settings) -> None:
    case, red = make_case(tmp_path, {
        "slt.txt": ("Dear Beth\nWe are sorry.\n\n-----------------\n"
                    "Internal note, 31/01/2024 (Clinical Lead SLT)\nE-mail received from the coordinator. Referral re-triaged as urgent.\n"),
        "ward.txt": ("20/02/2024 - Dr E reviewed with her brother. The DNACPR of 19/02/2024 was rescinded after this discussion.\n"
                     "21/02/2024 - Night staff: she vomited on the night of 19/02/2024.\n"),
        "dnacpr.txt": ("DNACPR FORM\nWard: 7B     Date of decision: 04/01/2024     Time: 16:40\n\n"
                       "1. Capacity?   NO\n   He lacks capacity for this decision.\n\nContinuation note 05/01/2024 15:30 (Dr N): "
                       "moved to end of life care, comfort measures.\n"),
        "gp.txt": "PROBLEM LIST\nActive\n  03/2005      Infantile spasms (West syndrome)\n  14/05/2010   Autism spectrum disorder\n",
    }, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    got = {(e.kind, e.date, e.precision) for e in events}
    assert ("referral", D(2024, 1, 31), "day") in got  # the note's title dates its paragraph
    assert ("dnacpr", D(2024, 2, 20), "day") in got  # rescinded on the entry's day, not on the day it was made
    assert ("deterioration", D(2024, 2, 19), "day") in got  # "the night of 19/02" is when it happened
    assert ("capacity", D(2024, 1, 4), "day") in got  # a form's own date dates what it records
    assert ("end_of_life", D(2024, 1, 5), "day") in got and not any(k == "move" for k, _, _ in got)
    assert ("diagnosis", D(2005, 3, 1), "month") in got and ("diagnosis", D(2010, 5, 14), "day") in got


def test_a_month_heading_and_a_form_parts_date_field_date_what_follows(tmp_path: Path, settings: Settings) -> None:
    """Review heldout16: a diary entry headed by a month alone, and a form's parts each with a lone "Date:" under its
    heading (the second part ends the first)."""
    diary = ("2 July 2024 (D. K.)\nFirst chemo at the day unit.\n\nAugust 2024 (F. A.)\n"
             "Holiday - 4 nights in Clacton with two staff.\n")
    form = ("PART A - CAPACITY ASSESSMENT\nDate: 03/10/2024, at home\nDecision: treatment if seriously unwell.\n"
            "Outcome: he lacks capacity to make this decision.\n\nPART B - BEST INTERESTS MEETING\n"
            "Date: Thursday 10 October 2024, 14:00, surgery meeting room\nReSPECT form completed at the meeting.\n")
    case, red = make_case(tmp_path, {"Support diary.txt": diary, "Capacity record.txt": form}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    got = {(e.kind, e.date, e.precision) for e in events}
    assert ("life_event", dt.date(2024, 8, 1), "month") in got
    assert ("capacity", dt.date(2024, 10, 3), "day") in got
    assert ("dnacpr", dt.date(2024, 10, 10), "day") in got and ("dnacpr", dt.date(2024, 10, 3), "day") not in got


def test_a_notification_s_own_dates_a_statement_and_two_dates_of_one_episode(tmp_path: Path, settings: Settings) -> None:
    """Review heldout26: when a notification was sent (the notifier's section's "Date:"), a statement for the coroner
    and a reviewer's conversation record on their header's date, two months heading one GP entry, and "last
    Friday" in a support worker's entry as its own clause tells it."""
    form = ("LeDeR NOTIFICATION OF DEATH (typed up later by the admin team)\nName: Test Person\n"
            "Date of death: 02 March 2024\nCause of death: pneumonia\n\n5. NOTIFIER\nA Manager, Home Manager\n"
            "a.manager@example.org     Date: 06/03/2024\n")
    statement = "STATEMENT FOR THE CORONER\nMade by: a team leader\nDate: 4th April 2024\n\n1. I have known him since 2015.\n"
    talk = "LeDeR REVIEW - CONVERSATION RECORD\nDate: Friday 10th May 2024, at the day centre\nWe talked about his life.\n"
    gp = "CONSULTATIONS\nJan 2023 / Mar 2023  Admin - repeat bloods invitation letters x2. Not booked.\n"
    notes = ("12/06/2024  Visit (AB)\nHe told me last Friday at work his chest went tight and he sat down, and then on "
             "Sunday he went to the walk-in centre.\n")
    case, red = make_case(tmp_path, {"notification.txt": form, "coroner statement.txt": statement,
                                     "family conversation.txt": talk, "gp record.txt": gp, "support notes.txt": notes}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    got = {(e.kind, e.date, e.precision) for e in events}
    assert ("notification", D(2024, 3, 6), "day") in got
    assert ("statement", D(2024, 4, 4), "day") in got and ("conversation", D(2024, 5, 10), "day") in got
    assert {("letter", D(2023, 1, 1), "month"), ("letter", D(2023, 3, 1), "month")} <= got
    assert ("deterioration", D(2024, 6, 7), "day") in got  # the Friday before Wednesday 12 June


def test_a_letters_date_over_its_salutation_dates_what_it_says_happened_today(tmp_path: Path, settings: Settings) -> None:
    """Review heldout14: clinic letters in one file, each a date alone on its line over "Dear ..."; what the letter
    tells of the past without a date of its own is not dated by it."""
    letters = ("14/05/2024\nDear Mr Quayle\nYou did not attend your appointment in the Diabetes Clinic today.\n\n"
               "-------------\n\n9 July 2024\nDear Dr Farrant\nHe was diagnosed with epilepsy as a child.\n"
               "Mr Quayle did not attend clinic today.\n")
    case, red = make_case(tmp_path, {"Clinic letters.txt": letters}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    got = {(e.kind, e.date) for e in events}
    assert {("cancelled_appointment", dt.date(2024, 5, 14)), ("cancelled_appointment", dt.date(2024, 7, 9))} <= got
    assert ("diagnosis", dt.date(2024, 7, 9)) not in got


def test_an_appointment_called_off_and_a_letter_over_its_addressee(tmp_path: Path, settings: Settings) -> None:
    """Review heldout28: a GP record's entry for a letter calling off an appointment still to come is the calling off,
    on the entry's date (not the appointment's); a date alone on its line over the letter's "To:" line is the letter's
    date, which dates the decision the letter is ("The threshold for a section 42 enquiry is met") but not what it tells
    of the past."""
    gp = ("GP record\n\n22-May-2023  Letter TRI neurology: appointment of 30/05/23 cancelled - clinician\n"
          "  unavailable. To be rebooked.\n04-Sep-2023  Letter TRI neurology: appointment 12/09/23 cancelled.\n")
    letters = ("-----------\nADULT SOCIAL CARE\n\n28 November 2023\nTo: LeDeR Local Area Contact\nRef: SG-0000\n\n"
               "Section 42 enquiry - notice to partner agencies\n\nThe threshold for a section 42 enquiry is met. The enquiry "
               "is led by a senior practitioner.\n\nHe was diagnosed with epilepsy as a child.\n")
    case, red = make_case(tmp_path, {"gp.txt": gp, "letters.txt": letters}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    got = {(e.kind, e.date) for e in events}
    assert {("cancelled_appointment", D(2023, 5, 22)), ("cancelled_appointment", D(2023, 9, 4))} <= got
    assert not {("cancelled_appointment", D(2023, 5, 30)), ("cancelled_appointment", D(2023, 9, 12))} & got
    assert ("safeguarding", D(2023, 11, 28)) in got
    assert not any(k == "diagnosis" for k, _ in got)


def test_impossible_date_is_flagged_not_swapped(tmp_path: Path, settings: Settings) -> None:
    case, red = make_case(tmp_path, {"gp.txt": "Referral to neurology sent 05/13/2023.\n"}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    assert [(e.date, e.flags) for e in events] == [(None, ["impossible", "looks_month_first"])]


def test_gaps_in_the_final_two_years(settings: Settings) -> None:
    from leder_assist.record import TimelineEvent

    def ev(d: dt.date) -> TimelineEvent:
        return TimelineEvent(date=d, precision="day", date_text="", summary="", doc_id="D01", page=1, quote="")

    gaps = find_gaps([ev(D(2023, 1, 10)), ev(D(2023, 2, 1)), ev(D(2024, 1, 5))], D(2024, 1, 7), 183, 730)
    assert [(g.start, g.end) for g in gaps] == [(D(2022, 1, 7), D(2023, 1, 10)), (D(2023, 2, 1), D(2024, 1, 5))]


# --------------------------------------------------------------------------- notification check

@pytest.mark.parametrize(("value", "expected"), [
    ("1a Aspiration pneumonia", True), ("", False), ("awaited", False), ("Awaiting inquest", False),
    # "not known" and a dash: what follows explains why (a suspicion is no cause)
    ("Not yet known - awaiting post-mortem and inquest. Suspected overdose.", False), ("to follow", False),
    ("Not known - not on our system, family to confirm", False), ("Not sure", False),
    ("1a Pneumonia - not known if aspiration", True),
    ("Not known - MCCD not yet issued (medical examiner review in progress)", False),
    # review heldout13: "Not known yet"; and the shortest dot leader
    ("Not known yet", False), ("Not known yet.", False),
    ("Not available - death reported to HM Coroner", False), ("1a Sepsis; medical examiner review complete", True),
    # review heldout28: what it waits for, then what the death summary says of the death
    ("awaiting post-mortem. The death was reported to the coroner on 07/03/2024 (sudden death; severe malnutrition).", False),
    ("Post-mortem awaited; death reported to the coroner, who has asked for records.", False),
    ("1a Aspiration pneumonia. Post-mortem not required.", True),
])
def test_stated(settings: Settings, value: str, expected: bool) -> None:
    assert stated(value, notification_rules(settings)) is expected


def test_notification_check_items(tmp_path: Path, settings: Settings) -> None:
    text = notification(ethnicity="", cause="awaited").replace("GP: Dr Test, Example Practice\n", "")
    case, _ = make_case(tmp_path, {"Notification of death.txt": text}, settings)
    checks = check_notification(case, settings)
    assert {c.rule for c in checks} == {r.id for r in notification_rules(settings).items}
    assert sorted(c.item for c in checks if c.status == "missing") == ["cause_of_death", "ethnicity", "gp"]


def test_item_stated_in_another_document_is_found_elsewhere(tmp_path: Path, settings: Settings) -> None:
    """A GP missing from the notification but named in the GP record's header is not for chasing;
    an ethnicity the record says is "Not stated" is still missing."""
    text = notification(ethnicity="", cause="awaited").replace("GP: Dr Test, Example Practice\n", "")
    record = "Usual GP: Dr Test, Example Practice\nEthnicity: Not stated\n01/02/2024 Seen at home.\n"
    case, _ = make_case(tmp_path, {"Notification of death.txt": text, "GP record.txt": record}, settings)
    checks = {c.item: c for c in check_notification(case, settings)}
    assert checks["gp"].status == "elsewhere" and checks["gp"].source is not None
    assert checks["gp"].source.doc_id == next(d.doc_id for d in case.documents if d.filename == "GP record.txt")
    assert "states it" in checks["gp"].reason
    assert checks["ethnicity"].status == "missing" and checks["cause_of_death"].status == "missing"


def test_a_cause_of_death_not_yet_given_is_not_stated_elsewhere(tmp_path: Path, settings: Settings) -> None:
    """A coroner's officer writing that "no medical cause of death has been given yet" states no cause."""
    text = notification(ethnicity="White British", cause="Not known. Referred to HM Coroner")
    mail = ("Dear Ms Test,\nThe post-mortem examination has been carried out, so no medical cause of death has been "
            "given yet and I am not able to share a provisional cause.\n")
    case, _ = make_case(tmp_path, {"Notification of death.txt": text, "Coroner e-mail.txt": mail}, settings)
    assert {c.item: c for c in check_notification(case, settings)}["cause_of_death"].status == "missing"


def test_gold_names_for_missing_items_are_the_check_s_ids(settings: Settings) -> None:
    from leder_assist.evaluate.review import item_ids

    names = ["cause of death", "GP", "someone who knew the person well", "ethnicity", "notifier", "religion or belief"]
    assert item_ids(names, notification_rules(settings)) == sorted(
        ["cause_of_death", "gp", "knew_person", "ethnicity", "notifier", "religion or belief"])
    # review heldout26: one part of an item that names two things is that item
    assert item_ids(["autism status"], notification_rules(settings)) == ["ld_status"]
    assert item_ids(["learning disability status"], notification_rules(settings)) == ["ld_status"]


def test_no_notification_means_everything_missing(tmp_path: Path, settings: Settings) -> None:
    case, _ = make_case(tmp_path, {"notes.txt": "01/02/2024 Quiet day.\n"}, settings)
    assert all(c.status == "missing" for c in check_notification(case, settings))


# --------------------------------------------------------------------------- triage

@pytest.mark.parametrize(("value", "answer"), [
    ("[ ] Yes  [x] No", "No"),
    ("[X] Yes - for grandmother only (Punjabi)  [ ] No", "Yes - for grandmother only (Punjabi)"),
    ("(tick one):\n  [ ] White - Irish  [ ] White - Gypsy or Irish Traveller\n  [x] Asian or Asian British - Pakistani\n  [ ] Other", "Asian or Asian British - Pakistani"),
    ("[ ] Home  [ ] Hospital", ""),
    ("\u2612 Yes \u2610 No", "Yes"),
    ("White British", "White British"),
    # review heldout12/14: each box after its option
    ("White: British [ ] Irish [X] Gypsy/Irish Traveller [ ] Other White [ ]", "Irish"),
    ("Yes [x]  No [ ]", "Yes"),
    # review heldout12: round boxes, when the value has an empty one; a lone "(x)" is no box
    ("( ) Yes  (x) No  ( ) Don't know", "No"), ("(x) Male  ( ) Female", "Male"), ("Grade (x) on the chart", "Grade (x) on the chart"),
])
def test_a_tick_box_answer_is_what_is_ticked(value: str, answer: str) -> None:
    assert ticked(value) == answer


@pytest.mark.parametrize(("value", "verdict"), [
    ("Black Caribbean", "trigger"),
    ("Asian or Asian British – Pakistani", "trigger"),
    ("Mixed White and Black African", "trigger"),
    ("Gypsy or Irish Traveller", "trigger"),
    ("White British", "no_trigger"),
    ("White - Irish", "no_trigger"),
    ("White - any other White background (Polish)", "no_trigger"), ("Other White background - Polish", "no_trigger"),
    ("", "not_recorded"),
    ("Not stated", "not_recorded"),
    # review heldout14: a GP's e-mail notification
    ("I'm afraid this isn't recorded on our system", "not_recorded"), ("N/K", "not_recorded"), ("To be confirmed with the family", "not_recorded"),
    # review heldout15: the nationality before its category; a telephone notification's unasked question
    ("Polish (White other). Born in England, parents came from Poland.", "no_trigger"), ("Lithuanian - other White background", "no_trigger"),
    ('not asked - caller "would have to check"', "not_recorded"),
    # review heldout21: a reviewer's note of a talk with the family
    ("not discussed - to ask at the next contact.", "not_recorded"),
    # traps: a mixed background is no White background, with or without the word "Mixed"; "asked" is no "not asked"
    ("Mixed - White and any other background", "trigger"), ("White and Black Caribbean", "trigger"), ("White & Asian", "trigger"),
    ("Black African (asked the family)", "trigger"),
])
def test_ethnicity_values(settings: Settings, value: str, verdict: str) -> None:
    assert classify_ethnicity(value, triage_rules(settings).ethnicity) == verdict


@pytest.mark.parametrize(("ethnicity", "ld", "autism", "triggers", "uncertain"), [
    ("Black African", "Yes - moderate", "No", ["ETHNICITY"], []),
    ("Gypsy or Irish Traveller", "Yes - mild", "No", ["ETHNICITY"], []),
    ("White Irish", "Yes - moderate", "No", [], []),
    ("", "Yes - moderate", "No", [], ["ethnicity"]),
    ("White British", "No learning disability", "Yes - autism diagnosed 2011", ["AUTISM_NO_LD"], []),
    ("White British", "", "Yes - Asperger's syndrome", [], ["learning disability"]),
    ("White British", "Moderate learning disability and autism", "Yes", [], []),
    # tick boxes: only the ticked option is the answer (an unticked "Gypsy or Irish Traveller" is not the person's)
    ("[x] White - Irish   [ ] White - Gypsy or Irish Traveller   [ ] Black", "[x] Yes  [ ] No", "[ ] Yes  [x] No", [], []),
    ("[ ] White - Irish   [x] Asian or Asian British - Pakistani", "[x] Yes  [ ] No", "[ ] Yes  [x] No", ["ETHNICITY"], []),
    ("[ ] White British   [ ] White - Gypsy or Irish Traveller", "[x] Yes  [ ] No", "[ ] Yes  [x] No", [], ["ethnicity"]),
    ("White British", "[ ] Yes  [x] No  [ ] Not known", "[x] Yes  [ ] No  [ ] Not known", ["AUTISM_NO_LD"], []),
])
def test_policy_triggers_and_uncertainties(tmp_path: Path, settings: Settings, ethnicity: str, ld: str, autism: str,
                                           triggers: list[str], uncertain: list[str]) -> None:
    case, red = make_case(tmp_path, {"Notification.txt": notification(ethnicity, ld, autism)}, settings)
    result = triage(case, red, [], None, settings)
    assert [t.code for t in result.triggers] == triggers
    assert [u.split(" ")[0] for u in result.uncertainties] == [w.split(" ")[0] for w in uncertain]
    assert result.recommendation == ("focused" if triggers else "initial")
    if triggers:
        assert result.score is None and result.triggers[0].evidence[0].quote.startswith(("Ethnicity", "Autism"))


def test_score_from_signals_when_no_trigger(tmp_path: Path, settings: Settings) -> None:
    from leder_assist.record import Evidence, Theme

    case, red = make_case(tmp_path, {"Notification.txt": notification() + "Age at death: 44\n"}, settings)
    themes = [Theme(code=c, label=c, score=0.9, evidence=[Evidence(doc_id="D01", page=1, quote="q")]) for c in ("DEL", "OVS")]
    result = triage(case, red, themes, 0.5, settings)
    weights = {s.code: s.weight for s in result.signals}
    assert weights == {"DEL": 15, "OVS": 15, "AGE_UNDER_50": 20, "AVOIDABLE_CAUSE": 10, "CLASSIFIER": 15}
    assert result.score == 75 and result.recommendation == "focused"


def test_a_theme_only_the_classifier_found_counts_part_weight(tmp_path: Path, settings: Settings) -> None:
    from leder_assist.pack import render_html
    from leder_assist.record import CaseReview, Evidence, PenPortrait, Theme

    case, red = make_case(tmp_path, {"Notification.txt": notification() + "Age at death: 77\n"}, settings)
    ev = [Evidence(doc_id="D01", page=1, quote="q")]
    themes = [Theme(code="DEL", label="Delays", score=0.86, found_by="classifier", evidence=ev),
              Theme(code="OVS", label="Overshadowing", score=0.9, found_by="both", evidence=ev)]
    result = triage(case, red, themes, None, settings)
    weights = {s.code: s.weight for s in result.signals}
    assert weights["DEL"] == 7.5 and weights["OVS"] == 15
    page = render_html(CaseReview(case_id="c1", pen_portrait=PenPortrait(sections=[]), themes=themes, triage=result), {})
    assert "found by the classifier only" in page and "theme found: Overshadowing" in page


@pytest.mark.parametrize(("diary", "fam"), [
    # review heldout16: the person's own grumble to the nurse in a support diary is no family concern, so no signal
    ("2 July 2024\nFirst chemo. Tired but OK. Said the hospital mash was cold and she complained to the\nnurse! "
     "Good to see her back to herself.\n", False),
    # ... while her sister's complaint about her care is one
    ("2 July 2024\nHer sister complained to the ward manager that she had been left without a drink.\n", True),
])
def test_the_persons_own_grumble_is_no_family_concern_signal(tmp_path: Path, settings: Settings, diary: str,
                                                            fam: bool) -> None:
    from leder_assist.extract import Extractor

    case, red = make_case(tmp_path, {"Notification.txt": notification(cause="1a Ovarian cancer") + "Age at death: 57\n",
                                     "Support diary.txt": diary}, settings)
    themes = Extractor.load(settings, use_classifier=False).analyse(case, red).themes
    result = triage(case, red, themes, None, settings)
    assert ("FAM" in {s.code for s in result.signals}) is fam
    assert not result.triggers


# --------------------------------------------------------------------------- portrait

FAMILY = """Notes of conversation with family
He lived with his mum and his younger brother in the family home.
Mrs Whitlock said: "Danny was the most generous boy in the world."
He loved gospel music and went to church every Sunday.
He used Makaton signs and pictures to tell you what he wanted.
His brother was his best friend.
The GP should have acted sooner.
"""


def test_portrait_opens_with_the_person_and_cites_every_sentence(tmp_path: Path, settings: Settings) -> None:
    case, red = make_case(tmp_path, {"Family notes.txt": FAMILY, "Notification.txt": notification() + "Age at death: 44\n"}, settings)
    portrait = PortraitBuilder(settings).build(case, red)
    headings = [s.heading for s in portrait.sections]
    order = [h.heading for h in portrait_rules(settings).headings]
    assert headings == [h for h in order if h in headings]  # spec order, empty headings left out
    assert headings[0] == "Who they were"
    assert {"Important people", "Health in brief", "How they communicated"} <= set(headings)
    first = portrait.sections[0].sentences[0].text
    assert first.startswith("[Person], aged 44, lived with his mum")
    assert all(s.text and s.sources for sec in portrait.sections for s in sec.sentences)
    assert all(sec.sentences for sec in portrait.sections)
    words = portrait.sections[-1]
    assert words.heading == "In their family's words" and words.sentences[0].text == "“Danny was the most generous boy in the world.”"
    assert "should have" not in " ".join(sec.text for sec in portrait.sections)  # no judgement
    assert portrait.status == "draft" and "DRAFT" in portrait.label


@pytest.mark.parametrize(("rule_id", "sentence"), [
    ("pp.who", "He went to Mass as a Roman Catholic."),
    ("pp.admired", "She was the kindest person."),
    ("pp.mattered", "He loved trains."),
    ("pp.communication", "She used Makaton signs."),
    ("pp.home", "He moved into supported living."),
    ("pp.people", "His sister visited every week."),
    ("pp.health", "He had Down's syndrome."),
    ("pp.family_words", "anything in quotation marks"),
])
def test_every_portrait_rule_has_an_example(settings: Settings, rule_id: str, sentence: str) -> None:
    rule = next(r for r in portrait_rules(settings).headings if r.id == rule_id)
    assert rule.regex.search(sentence)


def test_bad_regex_in_timeline_rules_names_the_rule(tmp_path: Path) -> None:
    import shutil

    from leder_assist.errors import RulesError
    from leder_assist.timeline import timeline_rules

    rules = tmp_path / "rules"
    shutil.copytree(Settings().rules_dir, rules)
    (rules / "timeline.yaml").write_text("events:\n  - {id: tl.bad, kind: death, patterns: ['(unclosed']}\n")
    with pytest.raises(RulesError) as err:
        timeline_rules(Settings(rules_dir=rules))
    assert err.value.rule_id == "tl.bad"


@pytest.mark.parametrize(("raw", "tidy"), [
    ("Ethnicity: White Irish Main language: English (uses Makaton signs) Religion: Roman Catholic",
     "Ethnicity: White Irish. Main language: English (uses Makaton signs). Religion: Roman Catholic."),
    ("(f) The family praised the epilepsy nurse", "The family praised the epilepsy nurse."),
    ("He was the kindest man I know.\u201d", "\u201cHe was the kindest man I know.\u201d"),
    ("[Sister 1] described [Person] as \u201cthe life and soul of Rowanbank.",
     "[Sister 1] described [Person] as \u201cthe life and soul of Rowanbank.\u201d"),
    ("Learning disability | Yes - moderate", "Learning disability: Yes - moderate."),
    ("| 5.10.23 | 11:00 | Kitchen told. Peggy enjoyed her rice pudding. | DI |", "Kitchen told. Peggy enjoyed her rice pudding."),
    ("Settled with music on. | [Carer 2] |", "Settled with music on."),
    # a transcript's speaker label before the quotation
    ('[Sister 1] ([Sister 1]): "[Person] was born in Poland in 1978.', '"[Person] was born in Poland in 1978."'),
    ('Dad: "He loved the buses."', '"He loved the buses."'),
    ("Diagnosis: Down's syndrome", "Diagnosis: Down's syndrome."),
])
def test_portrait_sentences_are_tidied_without_changing_what_they_say(raw: str, tidy: str) -> None:
    assert _tidy(raw) == tidy


def test_pack_lists_themes_only_mentioned_apart_and_explains_signals(tmp_path: Path, settings: Settings) -> None:
    from leder_assist.pack import render_html
    from leder_assist.record import CaseReview, Evidence, PenPortrait, Signal, Theme, Triage

    negated = Evidence(doc_id="D01", page=1, quote="Constipation: No", negated=True)
    review = CaseReview(
        case_id="c1", pen_portrait=PenPortrait(sections=[]),
        themes=[Theme(code="RESP", label="Respiratory", score=0.9, evidence=[Evidence(doc_id="D01", page=1, quote="Aspiration pneumonia")]),
                Theme(code="CON", label="Constipation", score=0.0, mentioned_not_present=[negated])],
        triage=Triage(recommendation="initial", score=30, threshold=50,
                      signals=[Signal(code="RESP", weight=15), Signal(code="CLASSIFIER", weight=15)]))
    page = render_html(review, {})
    themes = page[page.index('id="themes"'):page.index('id="not-present"')]
    mentioned = page[page.index('id="not-present"'):]
    assert "Respiratory" in themes and "Constipation" not in themes
    assert "Constipation" in mentioned and "[negated]" in mentioned
    assert "theme found: Respiratory" in page and "reading of all the documents together" in page


# --------------------------------------------------------------------------- held-out set 3: other wordings

def test_the_gp_surgery_is_not_an_operation(settings: Settings) -> None:
    rule = TimelineBuilder(settings).rule_for("Rang surgery at 08:35 on 18/07/2023.")
    assert rule is None or rule.kind != "surgery"


def test_start_date_under_an_arrangement_is_a_move(tmp_path: Path, settings: Settings) -> None:
    case, red = make_case(tmp_path, {"scheme file.txt": (
        "Arrangement:       long-term, live-in. Start date 01/09/2017\n"
        "Medication review. Start date 01/10/2020\n")}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    assert [(e.kind, e.date) for e in events if e.kind == "move"] == [("move", D(2017, 9, 1))]


def test_a_label_before_the_next_date_goes_with_that_date(tmp_path: Path, settings: Settings) -> None:
    case, red = make_case(tmp_path, {"summary.txt": "Admitted:    20/06/2024          Died: 27/06/2024 at 03:45\n"}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    assert sorted((e.kind, e.date) for e in events) == [("admission", D(2024, 6, 20)), ("death", D(2024, 6, 27))]


def test_days_after_something_the_entry_is_about(tmp_path: Path, settings: Settings) -> None:
    """"three days after the meeting" counts from an entry about a meeting; "a week after our first
    meeting" in a letter that is not about it is not given a date."""
    case, red = make_case(tmp_path, {"gp.txt": (
        "15-Sep-2023  Dr A\n  Best interests meeting at the home.\n"
        "  Addendum: ReSPECT form completed with niece present three days after the\n  meeting.\n\n"
        "Letter 3\nShe came back a week after our first meeting to discuss treatment.\n")}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    dnacpr = [e for e in events if e.kind == "dnacpr"]
    assert [(e.date, e.relative) for e in dnacpr] == [(D(2023, 9, 18), True)]
    assert not any(e.kind == "meeting" and e.date and e.date.year == 2023 and e.date.month != 9 for e in events)


NUMBERED_FORM = """LeDeR - NOTIFICATION OF A DEATH
 8. Date of death:
    14th November 2023

10. Place of death:
    Her own room at the care home

11. Cause of death (as given on the MCCD):
    1a Congestive cardiac failure
    1b Ischaemic heart disease

13. Ethnicity:
    White British

16. Learning disability and/or autism:
    Moderate learning disability. Not autistic.

17. GP name and practice:


19. Someone who knew the person well (name, relationship, contact):
    Key worker, the care home.

21. Notifier (name, role, contact):
    Registered Manager, the care home
"""


def test_numbered_form_with_answers_under_the_questions(tmp_path: Path, settings: Settings) -> None:
    from leder_assist.facts import person_facts

    case, _ = make_case(tmp_path, {"01_notification.txt": NUMBERED_FORM}, settings)
    checks = {c.item: c.status for c in check_notification(case, settings)}
    assert [item for item, status in checks.items() if status != "present"] == ["gp"]
    assert person_facts(case).dod_date == D(2023, 11, 14)


@pytest.mark.parametrize(("died", "date", "place"), [
    ("Died: 21/01/2024 at 16:52 on our Intensive Care Unit, General Hospital.", "present", "present"),
    ("Died: 21/01/2024 (expected)", "present", "missing"),
])
def test_a_died_field_states_the_date_and_maybe_the_place(tmp_path: Path, settings: Settings, died: str, date: str,
                                                          place: str) -> None:
    text = "\n".join(line for line in notification().splitlines() if not line.startswith(("Date of death", "Place of death")))
    case, _ = make_case(tmp_path, {"Notification.txt": text + "\n" + died + "\n"}, settings)
    checks = {c.item: c.status for c in check_notification(case, settings)}
    assert (checks["date_of_death"], checks["place_of_death"]) == (date, place)


def test_an_e_mail_notification_names_its_sender_and_contact(tmp_path: Path, settings: Settings) -> None:
    text = ("From:    LD liaison nurse, General Hospital <nurse@example.nhs.example>\nSubject: LeDeR notification of death\n"
            "Cause of death: not yet known - referred to HM Coroner, post mortem awaited.\n"
            "Best person to contact: his sister, 07700 900000.\n")
    case, _ = make_case(tmp_path, {"Notification.txt": text}, settings)
    checks = {c.item: c.status for c in check_notification(case, settings)}
    assert checks["notifier"] == "present" and checks["knew_person"] == "present"
    assert checks["cause_of_death"] == "missing"


def test_a_web_form_s_numbered_section_about_the_person_reporting_names_the_notifier(tmp_path: Path, settings: Settings) -> None:
    text = ("LeDeR - REPORT A DEATH: web form submission\nQ5. FAMILY AND PEOPLE WHO KNEW THE PERSON WELL\n"
            "  Next of kin .............. Mr Tariq Mirza (brother)\n\n"
            "Q6. YOUR DETAILS (PERSON REPORTING THE DEATH)\n  Name ..................... Joanne Peel\n"
            "  Job title ................ Community Learning Disability Nurse\n")
    for name, status in (("Joanne Peel", "present"), ("", "missing")):
        folder = tmp_path / status
        folder.mkdir()
        case, _ = make_case(folder, {"Notification.txt": text.replace("Joanne Peel", name)}, settings)
        assert {c.item: c.status for c in check_notification(case, settings)}["notifier"] == status


def test_an_e_mail_notification_in_prose_states_its_items(tmp_path: Path, settings: Settings) -> None:
    text = ("From: Community nurse <nurse@example.nhs.example>\nSubject: Notification of death\n\n"
            "Ray had a moderate learning disability and schizophrenia.\n"
            "Ray died on Friday 26 July 2024 on the Intensive Care Unit at General Hospital. The certified cause of death is:\n"
            "1a Septic shock\n\nNext of kin is his sister, Mrs Example, 07700 900000. Her husband died in 2019.\n")
    case, _ = make_case(tmp_path, {"Notification.txt": text}, settings)
    checks = {c.item: c.status for c in check_notification(case, settings)}
    assert [i for i, st in checks.items() if st != "present"] == ["ethnicity", "gp"]  # neither is in the e-mail


@pytest.mark.parametrize(("text", "item", "status"), [
    # a web form forwarded from a no-reply address, its own notifier section blank
    ("From: LeDeR Notifications <noreply-notify@leder.example>\nNOTIFIER\nName ..........\nRole ..........\n", "notifier", "missing"),
    ("From: Jo Example, LD nurse <jo@example.nhs.example>\n", "notifier", "present"),
    # "not yet known" as a sentence of its own: what follows explains, it is no cause
    ("Cause of death: not yet known. Post-mortem carried out 12/02/2024, result to follow.\n", "cause_of_death", "missing"),
    ("Cause of death: 1a Aspiration pneumonia. Not known whether the PM will be needed.\n", "cause_of_death", "present"),
    # tick boxes: the option ticked, none ticked is no answer
    ("Place of death: [x] Usual place of residence  [ ] Hospital  [ ] Hospice\n", "place_of_death", "present"),
    ("Place of death: [ ] Usual place of residence  [ ] Hospital  [ ] Hospice\n", "place_of_death", "missing"),
    # someone else's death is not the person's date of death
    ("His mother died on 3 March 2019.\n", "date_of_death", "missing"),
    # tick boxes carried on to an indented line below the label
    ("Place of death ..... [ ] Hospital  [ ] Home  [ ] Care home\n        [X] Other: his room at college\n", "place_of_death",
     "present"),
    # a label over indented tick boxes, without a colon
    ("Ethnic group (tick one)\n   [ ] White - British\n   [X] White - Irish\n", "ethnicity", "present"),
    # a blank answer to the question is missing, whoever the next of kin is ...
    ("Next of kin ....... Niece, Mrs Ann Example\nSomeone who knew the person well and would talk to the reviewer:\n\n"
     "Notified by: Jo Example\n", "knew_person", "missing"),
    # ... an answer on the line below a long question is its answer ...
    ("Someone who knew the person well and is willing to speak to the reviewer:\nAnn Example (sister) - see above.\n",
     "knew_person", "present"),
    # ... and the next of kin counts where the form does not ask
    ("Next of kin: Mrs Ann Example (sister), 07700 900123\n", "knew_person", "present"),
    ("Family member / person who knew them .... Ann Example (sister)\n", "knew_person", "present"),
    # either half of the status said to be not known leaves it to chase
    ("Does the person have a learning disability?: Not sure\nIs the person autistic?: Yes\n", "ld_status", "missing"),
    ("Learning disability: Yes - moderate\nAutistic: No\n", "ld_status", "present"),
    # a provisional cause pending the inquest is not the cause of death
    ("Cause of death: not yet known\n", "cause_of_death", "missing"),
    # review heldout19: a numbered question left blank does not take the next question as its answer; a caller
    # whose name was not taken; a death dated by the e-mail's own day
    ("14. Next of kin:  Niece - Mrs Ann Example\n15. Name and contact details of someone who knew the person well:\n"
     "16. Has the death been referred to the coroner?  Yes - by the hospital\n", "knew_person", "missing"),
    ("Caller: staff member from Example Support - NAME NOT TAKEN (poor line)\n", "notifier", "missing"),
    ("Sent: Monday 3 March 2025 11:47\n\nGraham died on our ward at 05:55 yesterday morning with his sister beside him.\n",
     "date_of_death", "present"),
    # review heldout20: a system export's "key = value" lines, a blank one among them; a letter's prose and its writer
    ("[section_2]\nfirst_name = Joseph\nethnicity = White - Gypsy or Irish Traveller\nregistered_gp_name = Unknown\n"
     "next_of_kin_name = Bridget Example\ncontact_who_knew_person_well_name =\n", "knew_person", "missing"),
    ("[section_2]\nfirst_name = Joseph\ndate_of_birth = 14/02/2003\nethnicity = White - Gypsy or Irish Traveller\n"
     "registered_gp_name = Unknown\n", "ethnicity", "present"),
    ("Dear colleagues,\n\nChrissie died at Marshlight Hospice at 03:10 on Friday 9th August 2024.\n"
     "Her GP is Dr Fiona Lacey at Holmby Medical Practice.\nBev Rudd, who runs the café, knew Chrissie for nearly twenty years.\n\n"
     "Yours faithfully,\n\nAlison Fenn\nFamily Support Social Worker\n", "notifier", "present"),
    # review heldout21/22 (ninth session): an online form export's "Question:" before every label
    ("Question: Date of death: 02/02/2025\nQuestion: Ethnicity:\n", "date_of_death", "present"),
    ("Question: Date of death: 02/02/2025\nQuestion: Ethnicity:\n", "ethnicity", "missing"),
    # "not known to us yet"; a label answered after its dash
    ("7.  Cause of death (if known): Not known to us yet\n", "cause_of_death", "missing"),
    ("GP - the caller doesn't know: \"he went to the walk-in centre sometimes\"\n", "gp", "missing"),
    # a box-drawn form: the answer inside the frame on the line below; a heading over fields of its own is no answer
    ("| Someone who knew them well:                |\n|            [ Dad - Tom Example ]           |\n", "knew_person", "present"),
    ("| GP                                         |\n|   Practice / GP:  Not known                |\n", "gp", "missing"),
    ("5. ABOUT YOU (the person notifying)\n   Name:          ________\n   Role:          ________\n   Date:     20/01/2025\n",
     "notifier", "missing"),
    # a learning disability question left unticked beside "Autistic? Yes": the status is to chase
    ("Learning disability?  Yes [ ]  No [ ]  Not known [ ]\nAutistic? ......... Yes [X]  No [ ]\n", "ld_status", "missing"),
    # a letter's prose: the cause on the certificate, a learning disability, who knew the person best, the usual GP
    ("Dear team,\n\nTed had a learning disability. His sister tells me the cause of death on the certificate is pneumonia.\n",
     "cause_of_death", "present"),
    ("Dear team,\n\nTed had a learning disability and lived with his sister.\n", "ld_status", "present"),
    ("Dear team,\n\nTed was autistic. He did not have a learning disability.\n", "ld_status", "present"),
    ("Dear team,\n\nTed was autistic - he loved trains.\n", "ld_status", "missing"),
    ("Dear team,\n\nThe person who knew Ted best, apart from his sister, is his nephew, Mr Example.\n", "knew_person", "present"),
    ("Person who knew Ted well and is willing to talk to the reviewer:\nContact details:\n", "knew_person", "missing"),
    ("Dear team,\n\nSam Example is happy to talk to a reviewer.\n", "knew_person", "present"),
    ("Dear team,\n\nDr Example was his usual GP.\n", "gp", "present"),
    # review heldout26: the notifier's name on the indented line under a "Notified by" heading, and such a heading
    # over empty labels; a contact by relation or role; the autism question left blank beside the learning disability
    ("Notified by\n  Sam Example, community nurse, Example Trust\n\nSummary\nShe died at home.\n", "notifier", "present"),
    ("Notified by\n  Name:\n  Role:\n", "notifier", "missing"),
    ("Contacts\n  Mum and dad: Ann and Bob Example, 01632 960000\n  Key worker: Jo Example, Example House\n", "knew_person", "present"),
    ("Learning disability:   Yes - severe\nAutistic:\nGP: Dr Example\n", "ld_status", "missing"),
    ("Learning disability:   Yes - severe\nAutistic:   no\n", "ld_status", "present"),
])
def test_notification_fields_that_do_or_do_not_state_an_item(tmp_path: Path, settings: Settings, text: str, item: str,
                                                             status: str) -> None:
    case, _ = make_case(tmp_path, {"Notification of death.txt": "LeDeR notification of death\n" + text}, settings)
    assert {c.item: c.status for c in check_notification(case, settings)}[item] == status


def _fires(settings: Settings, rule_id: str, sentence: str, answer: str = "") -> bool:
    """Whether one trigger rule takes ``sentence`` (with ``answer`` after it) as evidence."""
    rules = triage_rules(settings)
    rule = next(r for r in rules.triggers if r.id == rule_id)
    return rule.fires(sentence, answer, rules.negative_answer)


@pytest.mark.parametrize(("rule_id", "sentence", "answer", "fires"), [
    ("tr.family_request", "Her brother said the family want a full review of her care.", "", True),
    ("tr.family_request", "Mum raised concerns about the cancelled appointment.", "", True),
    ("tr.family_request", "She has no complaints about his care.", "", False),
    ("tr.family_request", "She did not want to make a complaint herself.", "", False),
    ("tr.reviewer_concern", "Incident report INC-1 submitted by ED.", "", True),
    ("tr.reviewer_concern", "Concerns about care | None raised by family.", "", False),
    ("tr.investigation", "Referred to the coroner on 25/01/2024.", "", True),
    ("tr.investigation", "Section 42 enquiry opened 22/02/2024.", "", True),
    ("tr.investigation", "Not referred to coroner.", "", False),
    ("tr.investigation", "18. Was the death referred to the coroner?", "No. Reviewed by the Medical Examiner.", False),
    ("tr.investigation", "Was the death referred to the coroner?", "Yes, on 22/01/2024.", True),
    ("tr.investigation", "Referred to coroner: No - MCCD issued after Medical Examiner review", "", False),
    ("tr.reviewer_concern", "Has anyone raised concerns about the care the person received?", "No concerns raised.", False),
    ("tr.reviewer_concern", "Concerns about care: not known", "", False),
    ("tr.reviewer_concern", "Concerns about care: yes, the ward did not use his passport", "", True),
    ("tr.family_request", "The family do not want a full review.", "", False),
    # a form export's dot leaders: the answer is after the dots, or on the next line
    ("tr.reviewer_concern", "Yes (ReSPECT, July 2024)\nConcerns about care? ..........", "None known", False),
    ("tr.reviewer_concern", "Concerns about care ........ None known", "", False),
    ("tr.reviewer_concern", "Concerns about care? ..........", "Yes - pressure sores not reported", True),
    ("tr.investigation", "Referred to the coroner? ......", "No", False),
    # an ellipsis in prose is no leader
    ("tr.reviewer_concern", "I had concerns about his care... nobody came for hours.", "", True),
    # a tick-box answer is the option ticked
    ("tr.reviewer_concern", "Safeguarding concern?  [ ] Yes  [x] No", "", False),
    ("tr.reviewer_concern", "Safeguarding concern?  [x] Yes  [ ] No", "", True),
    ("tr.reviewer_concern", "Safeguarding concern?  [ ] Yes  [ ] No", "Brief circumstances:", False),
    ("tr.investigation", "Referred to coroner?  [x] Yes   Coroner ref (if known): BC/2024/0419", "", True),
    ("tr.investigation", "Referred to coroner?  [ ] Yes  [x] No", "", False),
    # review heldout15: a heading that is only the trigger's words is answered by what follows it
    ("tr.reviewer_concern", "Concerns about care", '"None, none at all. Everyone was wonderful.', False),
    ("tr.reviewer_concern", "Concerns about care", "The ward did not give his antibiotics for two days.", True),
    ("tr.reviewer_concern", "Concerns about care were raised by the ward sister", "None of the staff disagreed.", True),
    # a complaint or an enquiry said not to be one
    ("tr.family_request", "I never made a complaint, there was no need - they sorted it.", "", False),
    ("tr.family_request", "Her brother hasn't made a formal complaint.", "", False),
    ("tr.family_request", "His sister has made a formal complaint to the hospital.", "", True),
    ("tr.investigation", "Referral about another resident closed by the council 20/03/2023, no section 42 enquiry.", "", False),
    ("tr.investigation", "No suspicious circumstances. This is not a police\ninvestigation.", "", False),
    ("tr.investigation", "No suspicious circumstances. This is not a police investigation.", "", False),
    ("tr.investigation", "The police investigation is still open.", "", True),
    ("tr.investigation", "Outcome: section 42 enquiry to follow.", "", True),
    # heldout13/6 (extra triggers in cases focused for other reasons): an enquiry closed without one; the reviewer's question
    ("tr.investigation", "The safeguarding hub closed its enquiry on 28/01 without a section 42 enquiry.", "", False),
    ("tr.reviewer_concern", "I asked whether they had any concerns about the care he received.", "", False),
    ("tr.reviewer_concern", "I asked the ward manager and she said she had concerns about his care.", "", True),
    # heldout12: round tick boxes
    ("tr.investigation", "Has the death been referred to the coroner? ( ) Yes  (x) No  ( ) Don't know", "", False),
    ("tr.investigation", "Has the death been referred to the coroner? (x) Yes  ( ) No  ( ) Don't know", "", True),
    # review heldout21: an answer nobody knows; an enquiry decided against
    ("tr.investigation", "13. Was the death referred to the coroner? Don't know", "", False),
    ("tr.investigation", "13. Was the death referred to the coroner?", "Don't know", False),
    ("tr.investigation", "They will not open a section 42 enquiry because he has died and no other tenant is at risk.", "", False),
    ("tr.investigation", "They will open a section 42 enquiry next week.", "", True),
])
def test_form_questions_count_by_their_answer(settings: Settings, rule_id: str, sentence: str, answer: str, fires: bool) -> None:
    assert _fires(settings, rule_id, sentence, answer) is fires


@pytest.mark.parametrize(("family_note", "fires"), [
    ("Reviewer's note: Alasdair has asked for a focused review and raised concerns about screening.", True),
    ('"Would I like a proper look at it? Yes. I\'d like a full review, if that is what it is called."', True),
    ("Reviewer's note: Janet raised no concerns and does not want a fuller review.", False),
    # a "not" in the next sentence of the same quotation does not cancel the request
    ('Kerry said straight away: "I want a full review. I don\'t want a tick box."', True),
    # review heldout14: a sister's own letter
    ("I am asking for a full review (a focused review, I think you called it).", True),
])
def test_a_request_in_notes_of_a_talk_with_the_family_is_the_familys(tmp_path: Path, settings: Settings,
                                                                     family_note: str, fires: bool) -> None:
    case, red = make_case(tmp_path, {"Notification.txt": notification(),
                                     "Family conversation.txt": "Note of conversation with family\n" + family_note + "\n"}, settings)
    assert case.document(next(d.doc_id for d in case.documents if d.filename.startswith("Family"))).kind == "family"
    codes = [t.code for t in triage(case, red, [], None, settings).triggers]
    assert ("FAMILY_REQUEST" in codes) is fires


def test_ld_slash_autism_field_settles_learning_disability(tmp_path: Path, settings: Settings) -> None:
    text = notification().replace("Learning disability: Yes - moderate\nAutism: No\n",
                                  "LD / autism: severe learning disability and autism. Also epilepsy.\n")
    case, red = make_case(tmp_path, {"Notification.txt": text}, settings)
    result = triage(case, red, [], None, settings)
    assert not result.triggers and not result.uncertainties


FAMILY_3 = """Note of conversation with family
Sana: "He lived with us all his life. Mum was his main
carer - she never wanted anyone else to do it."

"Bernie was like a daughter to her."
"""


def test_portrait_quotes_over_a_line_break_and_no_first_person_opening(tmp_path: Path, settings: Settings) -> None:
    text = notification() + "Age at death: 29\nLiving arrangement: Shared Lives - long-term live-in arrangement\n"
    case, red = make_case(tmp_path, {"Family notes.txt": FAMILY_3, "Notification.txt": text}, settings)
    portrait = PortraitBuilder(settings).build(case, red)
    secs = {s.heading: s for s in portrait.sections}
    assert secs["Who they were"].sentences[0].text == "[Person], aged 29, lived in Shared Lives - long-term live-in arrangement."
    words = [s.text for s in secs["In their family's words"].sentences]
    assert "“He lived with us all his life. Mum was his main carer - she never wanted anyone else to do it.”" in words
    assert any("like a daughter" in s.text for s in secs["Important people"].sentences)


def test_a_label_without_its_value_is_not_a_portrait_sentence(tmp_path: Path, settings: Settings) -> None:
    case, red = make_case(tmp_path, {"Notification.txt": NUMBERED_FORM}, settings)
    portrait = PortraitBuilder(settings).build(case, red)
    assert not any(s.text.rstrip(".").endswith(":") for sec in portrait.sections for s in sec.sentences)


@pytest.mark.parametrize(("rule_id", "sentence"), [
    ("pp.admired", "What people like about me: I am honest."),
    ("pp.mattered", "That handbag went everywhere, even to bed some nights."),
    ("pp.mattered", "My tea first thing, in my china cup with the blue flowers."),
    ("pp.communication", "When something hurt he'd hit his head."),
    ("pp.communication", "She'd never say she was in pain."),
    ("pp.communication", "If I go quiet and rock I am overloaded - give me space."),
    ("pp.home", "Our mum looked after her until she died in 2017."),
    ("pp.home", "She had her own room for the first time in her life."),
    ("pp.people", "Bernie was like a daughter to her."),
    ("pp.people", "Janet is Peggy's only living relative."),
    ("pp.people", "Mum was his main carer."),
    ("pp.people", "Her older brother lives two streets away and visits most days."),
    ("pp.people", "Her mum knows her best."),
    ("pp.home", "Mobility: wheelchair user; needs two people and a hoist for transfers."),
    ("pp.home", "She uses a wheelchair and needs full help with all personal care."),
    ("pp.mattered", "She loves bright scarves, pink and orange are her favourites."),
    ("pp.health", "Lifelong constipation, treated with Movicol."),
    # review heldout12: work, and the level of the learning disability
    ("pp.mattered", "He worked two mornings a week at the cafe, washing up and wiping tables."),
    ("pp.mattered", "She went to work at the laundry at sixteen and stayed till it shut."),
    ("pp.mattered", "Her volunteering at the hospice shop on Tuesday mornings."),
    ("pp.health", "She is a 79-year-old woman with a mild learning disability living in a residential home."),
    ("pp.health", "LD register: Yes (moderate to severe learning disability)."),
    # review heldout26: strengths in a family's words, an allotment, doing things for oneself, support in hours a week
    ("pp.admired", "She was the most cheerful woman at the club, always singing."),
    ("pp.admired", "Draughts - he was brilliant, and so patient with the little ones."),
    ("pp.admired", "She could make anything with a sewing machine."),
    ("pp.admired", "He mended bikes for nothing for half the street."),
    ("pp.admired", "He always held the door open for the old ladies."),
    ("pp.admired", "Everyone in the village knew her - the postman always stopped to chat."),
    ("pp.mattered", "His allotment, and the runner beans he grew there with his uncle."),
    ("pp.mattered", "She did a lot for herself - shopping, the washing, her own tea."),
    ("pp.home", "We gave her 20 hours a week, mostly money and cooking."),
    ("pp.home", "Floating support from a housing charity for his bills."),
])
def test_other_wordings_of_portrait_facts(settings: Settings, rule_id: str, sentence: str) -> None:
    rule = next(r for r in portrait_rules(settings).headings if r.id == rule_id)
    assert rule.regex.search(sentence) and not (rule.exclude_regex and rule.exclude_regex.search(sentence))


@pytest.mark.parametrize(("rule_id", "sentence"), [
    ("pp.admired", "She loves Bollywood songs and visits from her nephew, who makes her laugh."),  # what mattered
    ("pp.mattered", "Give medicines at the same times every day."),  # an instruction to staff
    ("pp.mattered", "Think he is unsettled, maybe behavioural, as his routine changed."),
    ("pp.home", "Where | Family home"),  # where a meeting was held
    ("pp.family_words", "The hospital nurse was so kind."),  # about services, not the person
    ("pp.home", "From: Bev Morgan (Shared Lives carer)."),  # an e-mail header
    ("pp.health", "Plan: diabetes review 12/12, AHC due 01/2021."),  # a plan, not the person's health
    ("pp.health", "No constipation on exam."),  # what the person did not have
    # a bowel care plan's instructions and doses are care, not what mattered (heldout9)
    ("pp.mattered", "Ask Ray every day, privately, if he has been to the toilet."),
    ("pp.mattered", "Ray takes Movicol 2 sachets every morning, made up in squash."),
    ("pp.health", "MCCD issued by hospice doctor: 1a metastatic cancer; 2 moderate learning disability."),  # a cause of death
    # review heldout26: a sentence leaning on the one before, how to give the person information, being loved, the
    # patient, a record's line of reference numbers
    ("pp.admired", "It made the whole ward brighter."),
    ("pp.mattered", "She liked things written down in big letters so she could look again."),
    ("pp.mattered", "She had a lovely life and she knew she was loved."),
    ("pp.admired", "Letter copied to the patient and patient transport booked."),
    ("pp.home", "Client ID 12345   NHS number 999 000 0000   Tenancy: the council."),
])
def test_portrait_rules_leave_out(settings: Settings, rule_id: str, sentence: str) -> None:
    rule = next(r for r in portrait_rules(settings).headings if r.id == rule_id)
    assert not rule.regex.search(sentence) or (rule.exclude_regex and rule.exclude_regex.search(sentence))


FAMILY_4 = """Notes of conversation with family
About her
Her brother said she was "a ray of light" to everyone. "She was the heart of our house. Nobody laughed like her."
4. The family's concerns
The follow-up was moved twice. "Nobody rang us, we just got letters."
"""
CARE_PLAN = """Epilepsy care plan
1. ABOUT HER
She is 34. She lives with her mum and dad and her younger brother.
Communication: She does not use words. She communicates with sounds, facial expressions and by
reaching for things or people.
"""


def test_portrait_reads_whole_sentences_and_family_words_first(tmp_path: Path, settings: Settings) -> None:
    text = notification() + "Age at death: 34\n"
    case, red = make_case(tmp_path, {"Family notes.txt": FAMILY_4, "Care plan.txt": CARE_PLAN, "Notification.txt": text}, settings)
    secs = {s.heading: s for s in PortraitBuilder(settings).build(case, red).sections}
    # a care plan's present tense "She lives with" gives where the person lived
    assert secs["Who they were"].sentences[0].text == "[Person], aged 34, lived with her mum and dad and her younger brother."
    # a field wrapped onto the next line is one sentence, not "... and by."
    comm = [s.text for s in secs["How they communicated"].sentences]
    assert "She communicates with sounds, facial expressions and by reaching for things or people." in comm
    # whole things said come before a phrase quoted inside the note-taker's sentence
    builder = PortraitBuilder(settings)
    builder.rules = builder.rules.model_copy(update={"headings": [
        h.model_copy(update={"max": 1}) if h.quotes else h for h in builder.rules.headings]})
    secs = {s.heading: s for s in builder.build(case, red).sections}
    words = [s.text for s in secs["In their family's words"].sentences]
    assert words == ["“She was the heart of our house. Nobody laughed like her.”"]
    assert all(not s.text.startswith("About her") for sec in secs.values() for s in sec.sentences)
    # what the family said under their concerns is for the review, not the portrait
    assert all("Nobody rang us" not in s.text for s in secs["In their family's words"].sentences)


FAMILY_HEADED = """Conversation with Ben's sister

What people liked about him
Everyone at the bowls club asked after him on a Tuesday.

What mattered to him
- Routine: porridge every morning and the quiz on a
  Friday night.
- Bus rides to the coast.

How he communicated
He needed time to answer and hated being rushed.

The last week
He loved the nurses on the ward and enjoyed the jelly they brought him.

Concerns
"He loved his flat and they moved him without asking us."
"""


def test_a_family_notes_heading_naming_what_the_person_loved_is_what_mattered(tmp_path: Path, settings: Settings) -> None:
    notes = ("LeDeR initial review - meeting with Ray's sister\n\nWhat Ray loved\n - Buses - the Coasthopper to Hunstanton.\n"
             " - Saturday breakfast at the Market Cafe.\n")
    case, red = make_case(tmp_path, {"notes.txt": notes, "Notification.txt": notification()}, settings)
    assert case.documents[1].kind == "family" or case.documents[0].kind == "family"  # titled by the person's name
    secs = {s.heading: " ".join(x.text for x in s.sentences) for s in PortraitBuilder(settings).build(case, red).sections}
    assert "Coasthopper" in secs["What mattered to them"] and "Market Cafe" in secs["What mattered to them"]


def test_what_he_loved_is_what_mattered_and_the_recorded_ethnicity_is_who_they_were(tmp_path: Path, settings: Settings) -> None:
    """Review heldout28: a family note's "What he loved" list is what mattered to him; the notification's ethnicity, when
    it records one, follows the opening (culture is part of who the person was); one the form does not record is left out."""
    notes = ("Notes of a conversation with Manny's mum\n\nWhat he loved\n- Dominoes with his uncle - \"slapping the tiles "
             "down\".\n- Buses. He knew all the routes and numbers.\n")
    text = notification(ethnicity="Black or Black British - Caribbean")
    case, red = make_case(tmp_path, {"notes.txt": notes, "Notification.txt": text}, settings)
    secs = {s.heading: [x.text for x in s.sentences] for s in PortraitBuilder(settings).build(case, red).sections}
    assert any("Dominoes" in t for t in secs["What mattered to them"]) and any("Buses" in t for t in secs["What mattered to them"])
    assert "Ethnicity: Black or Black British - Caribbean." in secs["Who they were"]
    (tmp_path / "b").mkdir()
    case, red = make_case(tmp_path / "b", {"notes.txt": notes, "Notification.txt": notification(ethnicity="Not stated")}, settings)
    secs = {s.heading: [x.text for x in s.sentences] for s in PortraitBuilder(settings).build(case, red).sections}
    assert not any("Ethnicity" in t for texts in secs.values() for t in texts)
    # ... but a GP record's, when the form does not record it; a spreadsheet row's value under its column's name is not read
    record = "GP record\nEthnic category: White British    Main language: English\n"
    (tmp_path / "c").mkdir()
    case, red = make_case(tmp_path / "c", {"notes.txt": notes, "Notification.txt": notification(ethnicity="Not stated"),
                                           "GP record.txt": record}, settings)
    secs = {s.heading: [x.text for x in s.sentences] for s in PortraitBuilder(settings).build(case, red).sections}
    assert "Ethnic category: White British." in secs["Who they were"]


def test_portrait_follows_the_family_notes_own_headings(tmp_path: Path, settings: Settings) -> None:
    case, red = make_case(tmp_path, {"Family notes.txt": FAMILY_HEADED, "Notification.txt": notification()}, settings)
    secs = {s.heading: [x.text for x in s.sentences] for s in PortraitBuilder(settings).build(case, red).sections}
    # a sentence under the notes' own heading goes to that heading, though no pattern of it matches
    assert secs["What people liked and admired about them"] == [
        "Everyone at the bowls club asked after him on a Tuesday."]
    assert secs["What mattered to them"] == [
        "Routine: porridge every morning and the quiz on a Friday night.", "Bus rides to the coast."]
    assert secs["How they communicated"] == ["He needed time to answer and hated being rushed."]
    everything = " ".join(t for texts in secs.values() for t in texts)
    # heading lines are not sentences; the last week and the concerns are for the review
    assert "What mattered to him" not in everything
    assert "jelly" not in everything and "moved him" not in everything


DOT_LEADER_FORM = """LeDeR notification of death - form export
Notifier name ........................ Example Notifier
Ethnicity ............................ Not stated
Learning disability .................. Yes - moderate
Date of death ........................ 06/01/2024
Place of death ....................... Hospital - Example General, Ward 7B
"""


def test_fields_of_a_form_export_with_dot_leaders(tmp_path: Path, settings: Settings) -> None:
    from leder_assist.facts import person_facts
    from leder_assist.fields import form_fields

    case, _ = make_case(tmp_path, {"01_notification.txt": DOT_LEADER_FORM}, settings)
    fields = {f.name: f.value for f in form_fields(case.documents[0])}
    assert fields["date of death"] == "06/01/2024" and fields["ethnicity"] == "Not stated"
    assert person_facts(case).dod_date == D(2024, 1, 6)
    checks = {c.item: c.status for c in check_notification(case, settings)}
    assert checks["place_of_death"] == "present" and checks["ld_status"] == "present"


def test_date_of_death_from_a_sentence_when_no_field_gives_it(tmp_path: Path, settings: Settings) -> None:
    from leder_assist.facts import person_facts

    letter = ("Dear team,\nName: Trevor Example\nDate of birth: 30.09.1970\n"
              "His mother died on 2 March 2006.\n"
              "TJ died on the ward yesterday, Sunday 6th August 2023, at 17:55.\n")
    case, _ = make_case(tmp_path, {"01_notification.txt": letter}, settings)
    facts = person_facts(case)
    assert facts.dod_date == D(2023, 8, 6)  # not the mother's death, nor the date of birth
    assert facts.age == 52


def test_move_and_end_of_life_wordings_of_gp_records(settings: Settings) -> None:
    builder = TimelineBuilder(settings)
    for rule_id, sentence in [("tl.move", "Moved from family home (41 Example Way) into supported living."),
                              ("tl.move", "Change of address to Flat 2, Example House."),
                              ("tl.end_of_life", "Anticipatory medicines prescribed."),
                              ("tl.deterioration", "Sleeping most of the day, taking small amounts."),
                              ("tl.assessment", "Letter - community LD speech and language therapy")]:
        rule = builder.rule_for(sentence)
        assert rule is not None and rule.id == rule_id, sentence


# --------------------------------------------------------------------------- heldout4 misses, fixed generically

@pytest.mark.parametrize(("sentence", "fires"), [
    ("But I want somebody to go through it all properly, start to finish, and tell me straight.", True),
    ("We'd like someone to look into what happened on the ward.", True),
    ("His brother wants his care looked into properly.", True),
    ("Mum said she just wants to know what went wrong.", True),
    ("She wasn't agitated, she was in pain. I said it and I said it.", True),
    ("She kept telling them, and it felt like it went in one ear and out the other.", True),
    ("We were not listened to.", True),
    # ordinary family speech
    ("I want to go through the photos with you.", False),
    ("She wanted someone to look after the dog.", False),
    ("We went through it all with the GP at the time.", False),
    ("I don't want anyone to look into it, we are content.", False),
    ("We were listened to and felt heard.", False),
    ("Dad wants someone to look at the garden.", False),
    ("She wants to go through the photographs and pick one for the funeral.", False),
])
def test_family_asking_in_their_own_words_for_the_care_to_be_looked_into(settings: Settings, sentence: str, fires: bool) -> None:
    assert _fires(settings, "tr.family_request_family_notes", sentence) is fires


NUMBERED_QUESTIONS_FORM = """LeDeR NOTIFICATION OF DEATH

7. Ethnicity


10. Does the person have a learning disability?
Yes - moderate.

12. Date of death
02/03/2024

14. Place of death
At her home (care home).

15. Cause of death (as on the Medical Certificate of Cause of Death, if available)
Not yet known - GP to issue certificate

17. Registered GP practice
Brookfold Medical Practice.

18. Name and contact details of someone who knew the person well
Her sister, tel 07700 900000.

19. Your name, role and contact details (person notifying)
Registered Manager, the care home
"""


def test_a_printed_form_of_numbered_questions_answered_below(tmp_path: Path, settings: Settings) -> None:
    gp = "GP RECORD\nEthnicity: White British\n04/03/2024  MCCD issued by Dr X. 1a Alzheimer's disease  1b Down's syndrome.\n"
    case, _ = make_case(tmp_path, {"01_notification.txt": NUMBERED_QUESTIONS_FORM, "02_gp_record.txt": gp}, settings)
    checks = {c.item: c.status for c in check_notification(case, settings)}
    assert checks == {"date_of_death": "present", "place_of_death": "present", "cause_of_death": "elsewhere",
                      "ethnicity": "elsewhere", "ld_status": "present", "gp": "present", "knew_person": "present",
                      "notifier": "present"}


def test_a_markdown_table_notification_and_a_person_notifying_section(tmp_path: Path, settings: Settings) -> None:
    table = ("NOTIFICATION OF DEATH\n\n| Question | Answer |\n|---|---|\n| Ethnic group | Not known |\n"
             "| Date of death | 17/11/2023 |\n| GP practice |  |\n| Next of kin / person who knew them well | Her mother |\n")
    case, _ = make_case(tmp_path, {"Notification.txt": table}, settings)
    checks = {c.item: c.status for c in check_notification(case, settings)}
    assert checks["date_of_death"] == "present" and checks["knew_person"] == "present"
    assert checks["ethnicity"] == "missing" and checks["gp"] == "missing"
    sectioned = "LeDeR notification\nCause of death: Awaiting post-mortem\n\nSection D - Person notifying\nName: A Manager\n"
    coroner = ("HM CORONER\n\nFollowing the post-mortem examination, the provisional medical cause of death is:\n\n"
               "1a  Sudden unexpected death in epilepsy (SUDEP)\n")
    (tmp_path / "b").mkdir()
    case, _ = make_case(tmp_path / "b", {"01_notification.txt": sectioned, "07_coroner_letter.txt": coroner}, settings)
    checks = {c.item: c.status for c in check_notification(case, settings)}
    assert checks["notifier"] == "present" and checks["cause_of_death"] == "elsewhere"


def test_cause_of_death_not_known_in_prose_is_not_stated_elsewhere(tmp_path: Path, settings: Settings) -> None:
    gp = "GP RECORD\n02/03/2024  Death notified. The cause of death was not yet known - awaiting post-mortem.\n"
    case, _ = make_case(tmp_path, {"01_notification.txt": "LeDeR notification\nCause of death: not known\n",
                                   "02_gp_record.txt": gp}, settings)
    checks = {c.item: c.status for c in check_notification(case, settings)}
    assert checks["cause_of_death"] == "missing"


def test_timeline_entry_dates_win_over_quoted_bracketed_and_later_dates(tmp_path: Path, settings: Settings) -> None:
    gp = ("GP RECORD\n\nCONSULTATIONS\n"
          "2015        Moved from family home to supported living.\n"
          "26 Sep 23   Letter from LD psychiatry (STOMP review). Reduce risperidone 1mg to 0.5mg nocte.\n"
          '12 Feb 24   Referral to adult neurology: "increase in seizures since Nov 23". Routine.\n'
          "04 Mar 24   Neurology booking letter received: appointment 18/11/2024 (first available).\n"
          "22-Aug-2023   Emergency admission - lower respiratory tract infection.\n"
          "17/12/2023  Discharge summary received (admitted 09/12/2023, discharged 12/12/2023): water infection.\n")
    notes = ("SUPPORT NOTES\n\nWed 14 Aug 2024 (team leader)\n"
             "Yesterday afternoon he had one tonic-clonic seizure at the day service lasting about a minute.\n")
    case, redaction = make_case(tmp_path, {"02_gp_record.txt": gp, "05_support_notes.txt": notes}, settings)
    events, _ = TimelineBuilder(settings).build(case, redaction)
    got = {(e.date, e.kind) for e in events}
    assert (D(2015, 1, 1), "move") in got
    assert (D(2023, 9, 26), "medication") in got
    assert (D(2024, 2, 12), "referral") in got and not any(e.date == D(2023, 11, 1) for e in events)
    assert (D(2024, 3, 4), "letter") in got and not any(e.date == D(2024, 11, 18) for e in events)
    assert (D(2023, 8, 22), "admission") in got
    assert {(D(2023, 12, 9), "admission"), (D(2023, 12, 12), "discharge")} <= got
    assert any(e.date == D(2023, 12, 17) for e in events)  # the entry's own episode, on the entry's date
    assert (D(2024, 8, 13), "illness") in got


def test_portrait_admired_skips_staff_and_a_missing_smile(settings: Settings) -> None:
    rule = next(h for h in portrait_rules(settings).headings if h.id == "pp.admired")
    def picked(s: str) -> bool:
        return bool(rule.regex.search(s)) and not rule.exclude_regex.search(s)
    assert picked("She is determined - she will keep going at a task until she has finished it.")
    assert picked("Her laugh fills the building and everyone who meets her remembers her smile.")
    assert not picked("She wasn't singing, she wasn't smiling.")
    assert not picked("The carers were smashing, and so kind.")
    assert not picked("Dr Okafor was kind, he sat with us properly.")


def test_a_question_on_its_own_line_is_left_out_of_its_answer(tmp_path: Path, settings: Settings) -> None:
    text = notification() + "\n9. Type of accommodation\n   Residential care home where she lived for nearly 15 years.\n"
    case, red = make_case(tmp_path, {"Notification.txt": text}, settings)
    portrait = PortraitBuilder(settings).build(case, red)
    texts = [s.text for sec in portrait.sections for s in sec.sentences]
    assert "Residential care home where she lived for nearly 15 years." in texts
    assert not any(t.startswith("Type of accommodation") for t in texts)


def test_the_opening_reads_an_accommodation_field_in_lower_case(tmp_path: Path, settings: Settings) -> None:
    text = notification() + "Type of accommodation: Care home with nursing (residential since March 2018)\n"
    case, red = make_case(tmp_path, {"Notification.txt": text}, settings)
    opening = PortraitBuilder(settings).build(case, red).sections[0].sentences[0].text
    assert "lived in a care home with nursing" in opening  # with its article (review heldout9)


@pytest.mark.parametrize(("field", "lived"), [
    # review heldout26: a form's "Type of home", and the kind of home in brackets after the home's name in the address
    ("Type of home: Supported living (an example provider) - own tenancy\n", "lived in supported living"),
    ("Home address: [Address 1] (residential care home), 4 Example Row,\n", "lived in a residential care home"),
])
def test_the_opening_reads_a_type_of_home_and_a_bracketed_kind_of_home(tmp_path: Path, settings: Settings, field: str,
                                                                       lived: str) -> None:
    case, red = make_case(tmp_path, {"Notification.txt": notification() + field}, settings)
    opening = PortraitBuilder(settings).build(case, red).sections[0].sentences[0].text
    assert lived in opening


def test_where_the_person_died_is_not_where_they_lived(tmp_path: Path, settings: Settings) -> None:
    """Review heldout26: a form's answer to "Where did the person die?" on the question's line is no home."""
    text = notification() + "Where did the person die? At home (his supported living flat)\n"
    case, red = make_case(tmp_path, {"Notification.txt": text}, settings)
    home = [s.text for sec in PortraitBuilder(settings).build(case, red).sections for s in sec.sentences
            if sec.heading == "Home and support"]
    assert not any("supported living flat" in t for t in home)


# --------------------------------------------------------------------------- heldout5 triage misses, fixed generically

@pytest.mark.parametrize(("sentence", "fires"), [
    ("That doesn't sit right with me.", True),
    ("One note says he was being stubborn. That does not sit right.", True),
    ("It still doesn't sit well with any of us on the team.", True),
    ("But I keep going over those four days and I think someone should look at them properly.", True),
    ("I think somebody should go through his care in those last weeks properly.", True),
    ("His last days should really be looked at properly.", True),
    ("I am uneasy about how he was looked after that weekend.", True),
    ("I keep coming back to the days before he was admitted.", True),
    # ordinary professional speech
    ("The splint doesn't sit right on his leg, so OT to review.", False),
    ("He doesn't sit well in his wheelchair after lunch.", False),
    ("The dietitian should look at his weight at the next visit.", False),
    ("Someone should look at his ears at the annual health check.", False),
    ("I'm worried about his weight.", False),
    ("I keep thinking about him and his jokes.", False),
    ("Staff looked at it properly and found nothing.", False),
    ("I don't think anyone needs to look at this again; I have no concerns.", False),
])
def test_a_professional_voicing_unease_in_their_own_words(settings: Settings, sentence: str, fires: bool) -> None:
    assert _fires(settings, "tr.reviewer_concern_own_words", sentence) is fires


@pytest.mark.parametrize(("sentence", "fires"), [
    ("The family have not raised any concerns about her care.", False),
    ("Staff hadn't expressed concerns about his care.", False),
    ("Her sister has never raised concerns about the care.", False),
    ("The LD nurse raised concerns about his care on the ward.", True),
    ("Nobody acted on the concerns about his care.", True),
    ("Sam's sister and mother have raised concerns about his care on the ward.", False),
    ("Significant event analysis opened. I have a concern about our eConsult triage process.", True),
    ("No significant event was identified.", False),
])
def test_concerns_about_care_nobody_voiced_are_not_a_concern(settings: Settings, sentence: str, fires: bool) -> None:
    assert _fires(settings, "tr.reviewer_concern", sentence) is fires


def test_unease_in_the_familys_words_is_not_a_professionals_concern(tmp_path: Path, settings: Settings) -> None:
    email = ("From: community nurse\nSubject: before you start\n\nOne of the notes says he was being stubborn. "
             "That doesn't sit right with me. I think someone should look at them properly.\n")
    case, red = make_case(tmp_path, {"Notification.txt": notification(), "Email from nurse.txt": email}, settings)
    assert "REVIEWER_CONCERN" in [t.code for t in triage(case, red, [], None, settings).triggers]
    (tmp_path / "f").mkdir()
    case, red = make_case(tmp_path / "f", {"Notification.txt": notification(),
                                           "Family conversation.txt": "Note of conversation with family\n" + email}, settings)
    assert "REVIEWER_CONCERN" not in [t.code for t in triage(case, red, [], None, settings).triggers]


SECTIONED_FORM = """LeDeR NOTIFICATION OF DEATH
SECTION B - THE DEATH
Date of death: 09/03/2023
Place of death: the care home
SECTION D - SOMEONE WHO KNEW THE PERSON WELL
Name: {name}
Relationship: Sister
SECTION E - PERSON NOTIFYING
Name: A Manager
Role: Registered Manager
"""


@pytest.mark.parametrize(("name", "status"), [("Jo Bloggs", "present"), ("", "missing")])
def test_a_form_section_for_someone_who_knew_the_person_is_read_to_its_end(tmp_path: Path, settings: Settings,
                                                                            name: str, status: str) -> None:
    case, _ = make_case(tmp_path, {"Notification.txt": SECTIONED_FORM.format(name=name)}, settings)
    checks = {c.item: c.status for c in check_notification(case, settings)}
    assert checks["knew_person"] == status  # an empty section is not filled by the next section's "Name:"
    assert checks["notifier"] == "present"


@pytest.mark.parametrize(("prose", "place", "knew"), [
    ("He died on the ward yesterday, Sunday 6th August 2023, at 17:55, on Elm Ward here at the hospital.\n"
     "His sister, Jo Bloggs, is his next of kin and knew him well.", "present", "present"),
    ("She died peacefully at home on 3 May 2023.\nHer key worker knew her best.", "present", "present"),
    ("His mother died at home in 2010. He died on 6 August 2023.\nNobody has been named yet.", "missing", "missing"),
])
def test_an_e_mail_notification_states_the_place_and_who_knew_the_person_in_prose(tmp_path: Path, settings: Settings,
                                                                                   prose: str, place: str, knew: str) -> None:
    text = "From: LD liaison nurse <nurse@example.nhs.example>\nSubject: Notification of death\n\nDear team,\n\n" + prose + "\n"
    case, _ = make_case(tmp_path, {"Notification.txt": text}, settings)
    checks = {c.item: c.status for c in check_notification(case, settings)}
    assert (checks["place_of_death"], checks["knew_person"]) == (place, knew)


# --------------------------------------------------------------------------- held-out set 6: lists, roles, life events

FAMILY_6 = """Notes of a visit to the family
Present: the person's aunt and her cousin.

Her life
Marnie loved the pictures and she sang along to everything. When she was poorly
"she'd pull at her ear and go off her food."
Things she enjoyed: the bingo on Wednesday nights - "she won a tin of biscuits once and told everyone";
a milky coffee in the morning; feeding the pigeons in the square; her jigsaw books; the Friday market;
"the Christmas lights in town, every year without fail" and a window seat on the train.
"She could light up a room the minute she came in."
Her stepmum rang her most weekends. She doted on her half-brother.
"""


def test_a_sentence_cut_before_a_quote_is_put_back_together(tmp_path: Path, settings: Settings) -> None:
    case, red = make_case(tmp_path, {"Family notes.txt": FAMILY_6}, settings)
    portrait = PortraitBuilder(settings).build(case, red)
    secs = {s.heading: s for s in portrait.sections}
    said = [s.text for s in secs["How they communicated"].sentences]
    assert "When she was poorly \"she'd pull at her ear and go off her food.\"" in said


def test_a_long_list_of_what_mattered_is_kept_in_whole_items(tmp_path: Path, settings: Settings) -> None:
    case, red = make_case(tmp_path, {"Family notes.txt": FAMILY_6}, settings)
    portrait = PortraitBuilder(settings).build(case, red)
    mattered = " ".join(s.text for s in {s.heading: s for s in portrait.sections}["What mattered to them"].sentences)
    for item in ("bingo on Wednesday nights", "milky coffee", "pigeons", "Friday market"):
        assert item in mattered
    # every piece is whole items of the list, never cut inside a quotation, and cites the notes
    for sent in {s.heading: s for s in portrait.sections}["What mattered to them"].sentences:
        assert sent.text.count('"') % 2 == 0 and sent.sources
        assert not sent.text.endswith(";.")


def test_list_pieces_keep_quotations_whole() -> None:
    from leder_assist.portrait import list_pieces

    text = ("Likes: a long walk by the canal on a dry day; the " + "very " * 20 + "big garden centre; "
            "\"the dog next door; she called him her boy\"; bread and jam; her sister's old radio.")
    pieces = list_pieces(text, 0, len(text), 20)
    assert len(pieces) > 1
    assert all(text[a:b].count('"') % 2 == 0 for a, b in pieces)
    assert "".join(text[a:b] for a, b in pieces).replace(" ", "") == text.replace(" ", "")


def test_what_people_admired_and_people_by_role(tmp_path: Path, settings: Settings) -> None:
    case, red = make_case(tmp_path, {"Family notes.txt": FAMILY_6}, settings)
    portrait = PortraitBuilder(settings).build(case, red)
    secs = {s.heading: s for s in portrait.sections}
    assert any("light up a room" in s.text for s in secs["What people liked and admired about them"].sentences)
    people = " ".join(s.text for s in secs["Important people"].sentences)
    assert "stepmum" in people and "half-brother" in people


@pytest.mark.parametrize(("rule_id", "sentence"), [
    ("pp.admired", "Everyone said he was the heart of the family."),
    ("pp.admired", "He never forgot a face or a name."),
    ("pp.people", "His brother-in-law was his best pal."),
    ("pp.people", "Her goddaughter was the apple of her eye."),
    ("pp.people", "Her named nurse came in on her day off to see her."),
    ("pp.mattered", "Chapel every Tuesday morning with his uncle."),
])
def test_more_wordings_of_portrait_facts(settings: Settings, rule_id: str, sentence: str) -> None:
    rule = next(r for r in portrait_rules(settings).headings if r.id == rule_id)
    assert rule.regex.search(sentence)


def test_a_relatives_death_with_a_month_is_a_dated_life_event(tmp_path: Path, settings: Settings) -> None:
    text = notification() + "Family notes: Their mum died in October 2015. He lived on his own in his flat from 2011.\n"
    case, red = make_case(tmp_path, {"Notification.txt": text}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    got = {(e.kind, e.date, e.precision) for e in events}
    assert ("bereavement", D(2015, 10, 1), "month") in got and ("move", D(2011, 1, 1), "year") in got
    assert not any(e.kind == "death" and e.date == D(2015, 10, 1) for e in events)


@pytest.mark.parametrize("sentence", ["Bowel ca diagnosed Sept/Oct 23, palliative, died at home with family.",
                                      "Lung cancer diagnosed Sep / Oct 2023; he died at home."])
def test_the_words_before_a_date_say_what_it_is_over_a_death_later_in_the_sentence(tmp_path: Path, settings: Settings,
                                                                                 sentence: str) -> None:
    """review heldout25: a notification's summary dates the diagnosis, not the death it goes on to tell ("Sept/" is a
    first month of two between the words and the date)."""
    case, red = make_case(tmp_path, {"Notification.txt": notification() + "Summary: " + sentence + "\n"}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    assert ("diagnosis", D(2023, 10, 1)) in {(e.kind, e.date) for e in events}
    assert not any(e.kind == "death" and e.date == D(2023, 10, 1) for e in events)


def test_a_heading_at_the_head_of_a_sentence_is_that_sentences_heading(tmp_path: Path, settings: Settings) -> None:
    note = ("Notes of a visit to the family\n\nHow she communicated\nShe used a few signs and her picture board.\n"
            "\nThe last weeks (in her brother's words)\n\"They moved her bed by the window on the Monday. I sat with her.\" "
            "Her nephew read to her.\n")
    case, red = make_case(tmp_path, {"Family notes.txt": note}, settings)
    portrait = PortraitBuilder(settings).build(case, red)
    texts = [s.text for sec in portrait.sections if sec.heading != "In their family's words" for s in sec.sentences]
    assert not any("bed by the window" in t for t in texts)


@pytest.mark.parametrize(("sentence", "fires"), [
    ("Father Anselm came on the Friday and said prayers.", False),
    ("Her father came every evening after work.", True),
    # a call about care, or what was not passed on, is an episode, not who mattered to the person
    ("His mum rang at 11.00 and was upset about the bus, she asked us to get a doctor out to him.", False),
    ("Nobody handed over that his mum wanted a GP visit, I only found out when she rang at 10.", False),
    ("His sister rang him every night at seven.", True),
    # who knew the person best
    ("Dawn, her key worker for the last eight years, knew her better than I did by the end.", True),
    ("Her key worker had known her for many years.", True),
    # review heldout25: a brother on the Shared Lives carer
    ("But Jan knew her better than any of us these last years, so if Jan's worried, listen to Jan.", True),
])
def test_a_priest_by_his_title_is_not_the_persons_father(settings: Settings, sentence: str, fires: bool) -> None:
    rule = next(r for r in portrait_rules(settings).headings if r.id == "pp.people")
    picked = bool(rule.regex.search(sentence)) and not (rule.exclude_regex and rule.exclude_regex.search(sentence))
    assert picked == fires


def test_each_e_mail_in_a_chain_dates_its_own_body(tmp_path: Path, settings: Settings) -> None:
    chain = ("From:    A Carer <a.carer@example.org>\nTo:      Duty team\nSent:    Tue 05/03/2024 10:02\n"
             "Subject: Concern about Sam\n\nDear team,\n\nI am worried about the missed visits.\n\nThanks\nA Carer\n\n"
             "--------------------------------------------------\n\n"
             "From:    Duty team <duty@example.gov.uk>\nTo:      A Carer\nDate:    Friday, 8 March 2024 15:40\n"
             "Subject: RE: Concern about Sam\n\nThank you. A safeguarding enquiry was opened today.\n\n"
             "Kind regards\nDuty team\n")
    case, red = make_case(tmp_path, {"06_emails.txt": chain}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    got = {(e.date, e.kind) for e in events}
    assert (D(2024, 3, 8), "safeguarding") in got and not any(e.date == D(2024, 3, 5) and e.kind == "safeguarding"
                                                               for e in events)


def test_an_e_mail_date_is_an_anchor_not_the_date_of_everything_it_tells(tmp_path: Path, settings: Settings) -> None:
    mail = ("From: A Nurse <a.nurse@example.org>\nTo: The reviewer\nDate: Tuesday 9 April 2024 11:05\n"
            "Subject: Sam - before you start\n\nHi,\n\nSam was diagnosed with epilepsy as a small boy and his "
            "referral to the memory clinic was still waiting.\nI keep going over that weekend and I think someone "
            "should look at it properly.\n\nBest wishes\n")
    case, red = make_case(tmp_path, {"06_email.txt": mail}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    got = {(e.date, e.kind) for e in events}
    assert (D(2024, 4, 9), "complaint") in got  # the message asking for a look is the episode, on its date
    assert not any(e.kind in ("diagnosis", "referral") for e in events)  # told in it, not done that day


def test_a_lone_date_field_is_not_an_e_mail_header(tmp_path: Path, settings: Settings) -> None:
    """A form's lone "Date:" field starts no entry; over a letter's "Dear ..." it is the letter's date, as an e-mail's
    "Sent:" is: it dates what the writing itself is (heldout27: "she has been discharged back to your care"), not all
    the letter tells ("He was referred to the dietitian" happened some time before)."""
    from leder_assist.segment import dated_entries
    assert all(en.date is None for en in dated_entries("ASSESSMENT FORM\nName: J\nDate: 04/06/2023\nOutcome: referred.\n"))
    letter = "CLINIC LETTER\nDate: 04/06/2023\n\nDear Dr Green,\n\nHe was referred to the dietitian.\n"
    assert [(en.date, en.header) for en in dated_entries(letter) if en.date] == [(D(2023, 6, 4), True)]
    case, red = make_case(tmp_path, {"letter.txt": letter + "He has been discharged back to your care.\n"}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    assert {(e.kind, e.date) for e in events} == {("discharge", D(2023, 6, 4))}


def test_entry_dates_without_a_year_table_rows_and_day_headings(tmp_path: Path, settings: Settings) -> None:
    notes = ("DAILY NOTES  Extract: 1 March 2024 - 12 March 2024\n\n"
             "Fri 8th March - Porridge at breakfast. Sam very drowsy and hard to rouse after lunch.\n\n"
             "Sat 9/3 - Quiet morning. Stayed in bed most of the day.\n")
    ward = ("WARD SUMMARY\nAdmitted: 10th March 2024\n\nCOURSE\n"
            "10-Mar  IV fluids and antibiotics.\n11-Mar  Worsening: new confusion.\n\n"
            "Day 3 (12th March)\nAntibiotics changed. He deteriorated overnight despite treatment. End of\n"
            "life care plan started.\n")
    gp = ("GP RECORD\n| Date | Type | Entry |\n|---|---|---|\n"
          "| 20/03/2024 | Letter | Discharge letter (discharged 15/03/2024): no further falls. Home with carers. |\n")
    case, red = make_case(tmp_path, {"04_care_notes.txt": notes, "03_discharge_summary.txt": ward,
                                     "02_gp_record.txt": gp}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    got = {(e.date, e.kind) for e in events}
    assert (D(2024, 3, 8), "deterioration") in got
    assert (D(2024, 3, 9), "deterioration") in got
    assert (D(2024, 3, 11), "deterioration") in got
    assert (D(2024, 3, 12), "deterioration") in got
    assert (D(2024, 3, 12), "end_of_life") in got  # the words run over a line break
    assert (D(2024, 3, 15), "discharge") in got and (D(2024, 3, 20), "discharge") not in got


def test_brackets_in_a_dated_sentence(tmp_path: Path, settings: Settings) -> None:
    text = (notification() + "Date of death: 07/01/2024 (found at home by his sister; last known contact 04/01/2024)\n"
            "\nSUPPORT NOTES\n\n12/12/2023 09:00 Keyworker\nThe review meeting was held on Monday (11/12/2023) at the home.\n")
    case, red = make_case(tmp_path, {"Notification.txt": text}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    got = {(e.date, e.kind) for e in events}
    assert (D(2024, 1, 4), "last_contact") in got and (D(2024, 1, 7), "death") in got
    assert (D(2023, 12, 11), "meeting") in got  # a bracket holding only a date restates the date before it


def test_the_nth_in_a_dated_entry_is_in_the_entrys_month(tmp_path: Path, settings: Settings) -> None:
    notes = ("SUPPORT NOTES\n\n14/03/2024 10:00 Keyworker\n"
             "Sam's mother said he had a seizure at home on the 11th and they did not call anyone.\n")
    case, red = make_case(tmp_path, {"05_support_notes.txt": notes}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    got = {(e.date, e.kind) for e in events}
    assert (D(2024, 3, 11), "illness") in got and (D(2024, 3, 14), "illness") not in got
    assert any("month inferred from the entry date" in e.flags for e in events)


def test_each_date_of_a_list_keeps_to_its_own_item() -> None:
    """A problem list the splitter left as one sentence: each dated item is its own stretch; a line of prose
    wrapped after a little word ("admission to\\nHeron Ward in 2016") is not cut."""
    from leder_assist.dates import find_dates, find_years
    from leder_assist.timeline import _clauses

    def stretches(text: str) -> list[str]:
        mentions = sorted(find_dates(text) + find_years(text), key=lambda d: d.start)
        return [" ".join(text[s:e].split()) for _, (s, e), _ in _clauses(text, mentions)]

    assert stretches("Down's syndrome\nHypothyroidism (2002)\nAlzheimer's disease (18/06/2019)\nDysphagia (10/05/2023)") == [
        "Hypothyroidism (2002)", "Alzheimer's disease (18/06/2019)", "Dysphagia (10/05/2023)"]
    assert stretches("Problem list\n  [1999]  Epilepsy\n  [2001]  Autism") == ["[1999] Epilepsy", "[2001] Autism"]
    assert stretches("Previous informal admission to\nHeron Ward in 2016 after an overdose; seen 03/04/2023.") == [
        "Previous informal admission to Heron Ward in 2016 after an overdose;", "seen 03/04/2023."]
    # a semicolon between two dates parts their clauses: the death is on the second date, not the first
    assert stretches("Re-attended 08/12/2024 in septic shock with perforated appendix; died 10/12/2024.") == [
        "Re-attended 08/12/2024 in septic shock with perforated appendix;", "died 10/12/2024."]


def test_important_people_name_the_family_by_role(tmp_path: Path, settings: Settings) -> None:
    """The family and friends the notes name head "Important people", by their pseudonyms only, each cited."""
    notes = ("Notes of conversation with family\nPresent: Jean Whitlock (mother), Paul Whitlock (brother).\n"
             "His friend Kofi came every Saturday.\n")
    from leder_assist.redact import Redactor

    case, _ = make_case(tmp_path, {"Family notes.txt": notes, "Notification.txt": notification()}, settings)
    red = Redactor.load(settings, own_ner=False).redact_case(case)
    secs = {s.heading: s for s in PortraitBuilder(settings).build(case, red).sections}
    first = secs["Important people"].sentences[0]
    assert first.text == "[Mother], [Brother 1] and [Friend 1]."
    assert len(first.sources) == 2 and first.rule == "pp.family_named"
    assert not {"Jean", "Paul", "Kofi", "Whitlock"} & set(first.text.replace(",", " ").split())


def test_the_opening_says_in_which_town_from_the_address(tmp_path: Path, settings: Settings) -> None:
    """The town after the (redacted) street of the notification's address says where "lived with ..." was;
    a phrase with a place or time of its own is left as written."""
    from leder_assist.redact import Redactor

    form = notification() + "Age at death: 52\nAddress: 41 Pelham Grove, Alum Rock, Birmingham B8 9XQ\n"
    redactor = Redactor.load(settings, own_ner=False)
    for notes, opening in (
            ("Notes of conversation with family\nHe lived with his mother and brother.\n",
             "[Person], aged 52, lived in Alum Rock, Birmingham, with his mother and brother."),
            ("Notes of conversation with family\nHe lived with his mother in Small Heath since 1995.\n",
             "[Person], aged 52, lived with his mother in Small Heath since 1995.")):
        folder = tmp_path / str(len(notes))
        folder.mkdir()
        case, _ = make_case(folder, {"Family notes.txt": notes, "Notification.txt": form}, settings)
        red = redactor.redact_case(case)
        first = PortraitBuilder(settings).build(case, red).sections[0].sentences[0]
        assert first.text == opening
        assert "Pelham" not in first.text and "B8 9XQ" not in first.text


def test_a_form_s_questions_say_autism_without_a_learning_disability(tmp_path: Path, settings: Settings) -> None:
    """"Does the person have a learning disability?  No" / "Is the person autistic?  Yes" is the AUTISM_NO_LD trigger."""
    form = ("LeDeR - NOTIFICATION OF DEATH\nEthnicity: White British\nDoes the person have a learning disability?  No\n"
            "Is the person autistic?  Yes - Asperger's syndrome, diagnosed 2012\nDate of death: 11/11/2024\n")
    case, red = make_case(tmp_path, {"Notification.txt": form}, settings)
    assert "AUTISM_NO_LD" in [t.code for t in triage(case, red, [], None, settings).triggers]


@pytest.mark.parametrize(("letter", "codes"), [
    # review heldout21: a GP's e-mail says it in words; no form has an autism field
    ("Tomi was autistic. He did not have a learning disability - his assessment from 2014 says so.", ["AUTISM_NO_LD"]),
    ("I am autistic. I do not have a learning disability.", ["AUTISM_NO_LD"]),
    ("His brother is autistic. He did not have a learning disability.", []),  # someone else's autism
    ("Tomi was not autistic and did not have a learning disability.", []),
    ("Tomi was autistic, with a moderate learning disability.", []),  # no "no learning disability" anywhere
])
def test_notes_that_say_in_words_the_person_was_autistic_without_a_learning_disability(
        tmp_path: Path, settings: Settings, letter: str, codes: list[str]) -> None:
    note = "Dear LeDeR team,\nOne of our patients died on 27/03/2024. Ethnicity: White British.\n" + letter + "\n"
    case, red = make_case(tmp_path, {"Notification.txt": note}, settings)
    assert [t.code for t in triage(case, red, [], None, settings).triggers if t.code == "AUTISM_NO_LD"] == codes


def test_a_second_label_on_the_same_line_is_its_own_field() -> None:
    from leder_assist.fields import form_fields
    from leder_assist.record import Document, Page

    text = "Ethnicity: Not recorded     Main language: English\nCause of death (as on MCCD, Part 1a-1c and Part 2): awaited\n"
    doc = Document(doc_id="D01", filename="x.txt", format="txt", text=text, pages=[Page(number=1, start=0, end=len(text))])
    fields = {f.name: f.value for f in form_fields(doc)}
    assert fields["ethnicity"] == "Not recorded" and fields["main language"] == "English"
    assert fields["cause of death (as on mccd, part 1a-1c and part 2)"] == "awaited"


def test_a_spreadsheet_row_pasted_under_its_header_row_gives_a_field_per_column() -> None:
    """review heldout22: a notifications log copied from a spreadsheet, tab separated; an empty cell is an empty field."""
    from leder_assist.fields import form_fields
    from leder_assist.record import Document, Page

    text = ("LeDeR notifications log (copied from spreadsheet)\n\n"
            "Ref\tDate notified\tNotified by\tEthnicity\tDate of death\tGP practice\tPerson who knew them well\n"
            "MSH-D-0412\t27/03/24\tBernice Adjei\tChinese\t26/03/24\t\t\n")
    doc = Document(doc_id="D01", filename="x.txt", format="txt", text=text, pages=[Page(number=1, start=0, end=len(text))])
    fields = {f.name: f for f in form_fields(doc)}
    assert fields["ethnicity"].value == "Chinese" and fields["date of death"].value == "26/03/24"
    assert fields["gp practice"].value == "" and fields["person who knew them well"].value == ""
    assert text[fields["notified by"].value_start:].startswith("Bernice Adjei")


# --------------------------------------------------------------------------- portrait, from review heldout8/9

@pytest.mark.parametrize(("raw", "tidy"), [
    # a form's tick boxes read as the options ticked; a dot leader as a colon
    ("Learning disability:  [x] Yes  [ ] No  [ ] Not known     Level: [ ] Mild [ ] Moderate [x] Severe",
     "Learning disability: Yes. Level: Severe."),
    ("Epilepsy:  [x] Yes - Lennox-Gastaut syndrome", "Epilepsy: Yes - Lennox-Gastaut syndrome."),
    ("Other conditions .............. Heart failure; chronic kidney disease",
     "Other conditions: Heart failure; chronic kidney disease."),
])
def test_form_answers_read_as_what_was_ticked(raw: str, tidy: str) -> None:
    assert _tidy(raw) == tidy


@pytest.mark.parametrize(("before", "speaker"), [
    ("[Carer 1]: ", "Carer"),
    ("[Sister 1] said he gave ", "Sister"),
    ("[Mother] explained that [Person] never spoke but ", "Mother"),
    ("[Brother 1] (brother): ", "Brother"),
    ("When he was put on clozapine in 2006 ", None),
    ("[Sister 1] said. Then ", None),
])
def test_who_said_a_quotation(before: str, speaker: str | None) -> None:
    from leder_assist.portrait import _speaker

    assert _speaker(before) == speaker


@pytest.mark.parametrize(("heading", "owner"), [
    ("In their words", "pp.family_words"),
    ("In her family's words", "pp.family_words"),
    ("What the family want people to know about Hamza", "pp.family_words"),  # not a concern
    ("What the family want from the review", "concerns"),
    ("The night he died", "skip"),
    ("The last six months", "skip"),
])
def test_family_notes_headings_for_the_familys_words(settings: Settings, heading: str, owner: str) -> None:
    assert portrait_rules(settings).section_owner(heading) == owner


FAMILY_WORDS = """LeDeR initial review - conversation with Bea's brother and Shared Lives carers
Present: Mr Dan Example (brother); Mrs Mo Example (Shared Lives carer)

About Bea
Dan said she gave "the best hugs, the squeezy ones". She phoned him every night "to tell me what was on the telly".
Mo: "You couldn't be in a bad mood with her about." About the enquiry, Dan said: "I'll let them find out what happened."
She was kind, "darling" to everyone, and shared her sweets with the whole bus. Dan: "She had a laugh you could hear from the car park."

In their words
"Our mum always said she came with her own sunshine."
"""


def test_the_familys_words_are_what_family_members_said(tmp_path: Path, settings: Settings) -> None:
    text = FAMILY_WORDS.replace("Dan Example", "[Brother 1]").replace("Dan", "[Brother 1]").replace(
        "Mo Example", "[Carer 1]").replace("Mo:", "[Carer 1]:")
    case, red = make_case(tmp_path, {"Family notes.txt": text, "Notification.txt": notification()}, settings)
    secs = {s.heading: [x.text for x in s.sentences] for s in PortraitBuilder(settings).build(case, red).sections}
    words = secs["In their family's words"]
    assert "“Our mum always said she came with her own sunshine.”" in words
    # a short phrase a named family member said is given in its sentence
    assert "[Brother 1] said she gave \"the best hugs, the squeezy ones\"." in words
    joined = " ".join(words)
    assert "bad mood" not in joined  # a carer's words are not the family's
    assert "find out what happened" not in joined  # said about the enquiry: for the review
    assert "what was on the telly" not in joined  # the rest of someone else's sentence, a scrap
    assert "shared her sweets" not in joined  # the text between two quotations is no quotation
    assert "“She had a laugh you could hear from the car park.”" in words
    # the notes' own heading for the family's words comes first
    builder = PortraitBuilder(settings)
    builder.rules = builder.rules.model_copy(update={"headings": [
        h.model_copy(update={"max": 1}) if h.quotes else h for h in builder.rules.headings]})
    secs = {s.heading: [x.text for x in s.sentences] for s in builder.build(case, red).sections}
    assert secs["In their family's words"] == ["“Our mum always said she came with her own sunshine.”"]


def test_opening_from_a_notifications_tick_boxes_and_lived_with(tmp_path: Path, settings: Settings) -> None:
    text = (notification() + "Age at death: 19\nUsual address: [Address 1], Sparkhill, Birmingham\n"
            "Living arrangement: [x] Family home  [ ] Supported living  [ ] Residential care\n"
            "Lived with: parents, younger sister and paternal grandmother\n")
    case, red = make_case(tmp_path, {"Notification.txt": text}, settings)
    first = PortraitBuilder(settings).build(case, red).sections[0].sentences[0]
    assert first.text == ("[Person], aged 19, lived in the family home in Sparkhill, Birmingham, "
                          "with parents, younger sister and paternal grandmother.")
    assert len(first.sources) == 4  # the age, the living arrangement, the address and whom he lived with


def test_opening_from_an_address_note_and_a_cut_off_accommodation_field(tmp_path: Path, settings: Settings) -> None:
    text = notification() + "Age at death: 19\nHome address: [Address 2], Wisbech [Postcode 1] (family home - lived at college in term time)\n"
    case, red = make_case(tmp_path, {"Notification.txt": text}, settings)
    first = PortraitBuilder(settings).build(case, red).sections[0].sentences[0].text
    assert first == "[Person], aged 19, lived in the family home in Wisbech (lived at college in term time)."
    text = notification() + "Age at death: 37\n| Accommodation type | Shared Lives (long-term arrangement) - lived with her |\n"
    (tmp_path / "b").mkdir()
    case, red = make_case(tmp_path / "b", {"Notification.txt": text}, settings)
    first = PortraitBuilder(settings).build(case, red).sections[0].sentences[0].text
    assert first == "[Person], aged 37, lived in Shared Lives (long-term arrangement)."


@pytest.mark.parametrize(("rule_id", "sentence"), [
    # from review heldout8/9: a note's header, a clinician's advice, a cause of death's parts, a scrap
    ("pp.home", "LeDeR initial review - notes of conversation with Beth's brother and Shared Lives carers."),
    ("pp.home", "Present: Mr Daniel Example (brother)."),
    ("pp.home", "I lived there for 27 years."),
    ("pp.health", "I discussed sudden unexpected death in epilepsy (SUDEP) with his parents."),
    ("pp.health", "We agreed that an epilepsy bed sensor is the right equipment for him."),
    ("pp.health", "| | 1b Oropharyngeal dysphagia |"),
    ("pp.health", 'Reason recorded: "Down\'s syndrome, learning disability, poor quality of life".'),
    ("pp.mattered", "It goes everywhere with me."),
    ("pp.mattered", "Please do not move it."),
])
def test_portrait_rules_leave_out_from_heldout9(settings: Settings, rule_id: str, sentence: str) -> None:
    rule = next(r for r in portrait_rules(settings).headings if r.id == rule_id)
    assert not rule.regex.search(sentence) or (rule.exclude_regex and rule.exclude_regex.search(sentence))


def test_a_forms_list_of_conditions_is_health_in_brief(settings: Settings) -> None:
    rule = next(r for r in portrait_rules(settings).headings if r.id == "pp.health")
    for sentence in ("Other conditions .............. Heart failure; chronic kidney disease",
                     "Other conditions: hypertension; metastatic bowel cancer (diagnosed March 2024)"):
        assert rule.regex.search(sentence) and not rule.exclude_regex.search(sentence)
    # a sentence in lower case that goes on from the line before is still what mattered
    mattered = next(r for r in portrait_rules(settings).headings if r.id == "pp.mattered")
    assert not mattered.exclude_regex.search("it is warm, and visits from her nephew, who makes her laugh.")


@pytest.mark.parametrize(("letter", "status"), [
    ("The medical cause of death is:\n   1a  Sudden unexpected death in epilepsy\n", "elsewhere"),
    # a provisional cause, pending toxicology or the inquest, is still to chase
    ("The provisional cause of death is:\n   1a  Sudden unexpected death in epilepsy\n", "missing"),
])
def test_a_provisional_cause_in_a_coroners_letter_is_not_stated_elsewhere(tmp_path: Path, settings: Settings,
                                                                           letter: str, status: str) -> None:
    case, _ = make_case(tmp_path, {"Notification of death.txt": "LeDeR notification of death\nCause of death: awaiting post mortem\n",
                                   "Coroner letter.txt": "Dear Reviewer\n" + letter}, settings)
    assert {c.item: c.status for c in check_notification(case, settings)}["cause_of_death"] == status


def test_a_long_portrait_is_cut_to_its_ceiling_and_the_pack_states_its_length() -> None:
    from leder_assist.pack import portrait_length
    from leder_assist.portrait import _within
    from leder_assist.record import PenPortrait, PortraitSection, PortraitSentence

    def sentence(n: int) -> PortraitSentence:
        return PortraitSentence(text=" ".join(["word"] * n), sources=[], rule="pp.x")

    sections = [("Who they were", [sentence(30)]), ("What mattered to them", [sentence(40)] * 5),
                ("In their family's words", [sentence(30)] * 4)]
    cut = _within(sections, 200)
    lengths = [sum(len(s.text.split()) for s in chosen) for _, chosen in cut]
    assert sum(lengths) <= 200 and all(chosen for _, chosen in cut)  # no heading emptied
    assert lengths == [30, 80, 90]  # the longest headings lose their last sentences first
    portrait = PenPortrait(sections=[PortraitSection(heading=h, text="", sources=[], sentences=c) for h, c in sections])
    assert portrait_length(portrait) == "350 words."
    long = PenPortrait(sections=[PortraitSection(heading="x", text="", sources=[], sentences=[sentence(450)])])
    assert "trim it" in portrait_length(long)


def test_a_problem_list_row_with_dot_leaders_is_a_diagnosis(tmp_path: Path, settings: Settings) -> None:
    case, red = make_case(tmp_path, {"gp record.txt": (
        "PROBLEMS\n Type 1 diabetes mellitus ...... 12/03/2002\n"
        " Autism spectrum condition (Asperger's) ...... 21/07/2015\n")}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    found = {(e.kind, e.date, e.summary) for e in events}
    assert ("diagnosis", D(2015, 7, 21), "Autism spectrum condition (Asperger's): 21/07/2015") in found


def test_episodes_heldout12_showed_the_timeline_had_no_words_for(tmp_path: Path, settings: Settings) -> None:
    case, red = make_case(tmp_path, {
        "gp record.txt": ("CONSULTATIONS\n14.03.21  A&E letter: paracetamol overdose. Transferred to Cedar Ward.\n"
                          "          Discharged 28/04/21 on sertraline 100 mg.\n"
                          "11.07.23  Seen by GP: mood good. His job at the bike workshop since 2019.\n"),
        "ward notes.txt": ("Addendum, 24/09/24 (Dr Sabri): ECG done with sensory adjustments. Olanzapine 10 mg nocte started.\n\n"
                           "29/11/24 DW   (Fri) 14:30 Ciaran said his right leg hurts \"in the calf\".\n"
                           "09/03/25 KL   Ciaran pulled out the NG tube. Re-passed.\n"),
        "trust letter.txt": "Notification of a Patient Safety Incident Investigation (PSII), 05/12/2024\nWard: Larch Ward\n",
    }, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    found = {(e.kind, e.date) for e in events}
    for kind, date in [("discharge", D(2021, 4, 28)), ("medication", D(2024, 9, 24)), ("deterioration", D(2024, 11, 29)),
                       ("hospital", D(2025, 3, 9)), ("investigation", D(2024, 12, 5)), ("life_event", D(2019, 1, 1))]:
        assert (kind, date) in found, (kind, date)
    assert ("discharge", D(2021, 3, 14)) not in found  # the later date in the entry is when it happened


def test_episodes_heldout27_showed_the_timeline_missed(tmp_path: Path, settings: Settings) -> None:
    """A letter's "Date:" line over its "Dear ..." dates what the letter did; a relative date in brackets is an aside,
    not the entry's date; a field's sentence that stops on "at" runs on to the next line, which holds its date."""
    case, red = make_case(tmp_path, {
        "letters.txt": ("RESPIRATORY MEDICINE\nDr G Yeoman, Consultant\nDate: 17/10/2023\nDear Dr Lindqvist\n"
                        "She was sent an appointment for 10th October 2023 but did not attend. In line with our access\n"
                        "policy she has been discharged back to your care.\n"),
        "ward notes.txt": "12/02/2024 SALT review: unsafe swallow.\n13/02/2024 LD liaison nurse Hannah Byrne reviewed (on leave yesterday).\n",
        "family.txt": ("Notes of meeting with parents\nDate: 28/11/2023, at the family home.\n\n"
                       "What she loved: drawing, every day. She started a graphic design course at\n"
                       "Hallowfield College in September 2022, was in her second year.\n"),
    }, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    found = {(e.kind, e.date) for e in events}
    for kind, date in [("discharge", D(2023, 10, 17)), ("hospital", D(2024, 2, 13)), ("life_event", D(2022, 9, 1))]:
        assert (kind, date) in found, (kind, date)
    assert not any("liaison" in e.summary and e.date == D(2024, 2, 12) for e in events)  # not "yesterday"'s date
    assert not any(e.kind == "life_event" and e.date == D(2023, 11, 28) for e in events)


@pytest.mark.parametrize("when", ["Thursday 9th January 2025, at the family home in Hatcham Rise, 11:00 to 12:40.",
                                  # review heldout21: written out without a time range
                                  "Thursday 2nd May 2024, at the family home, about 1 hr 40 min."])
def test_a_meeting_s_time_line_is_not_where_the_person_lived(tmp_path: Path, settings: Settings, when: str) -> None:
    family = (f"Conversation with Ciaran's parents\n{when}\n\n"
              "He lived on his own in a flat in Lewisham and loved it.\n")
    case, red = make_case(tmp_path, {"Family notes.txt": family, "Notification.txt": notification()}, settings)
    portrait = PortraitBuilder(settings).build(case, red)
    home = [s.text for sec in portrait.sections if sec.heading == "Home and support" for s in sec.sentences]
    texts = [s.text for sec in portrait.sections for s in sec.sentences]
    assert not any(when[:20] in t for t in texts)
    assert any("own in a flat" in t for t in texts), (home, texts)


def test_an_indented_problem_list_item_is_no_heading(tmp_path: Path, settings: Settings) -> None:
    # "  Down's syndrome (from birth)" under "Active" had been read as a heading, so the problems after it were
    # outside the problem list and one event's summary ran from one item into the next (") Bilateral ... left (")
    case, red = make_case(tmp_path, {"gp summary.txt": (
        "PROBLEMS\nActive\n  Down's syndrome (from birth)\n  Alzheimer's disease – diagnosed Mar 2018 (memory clinic)\n"
        "  Hypothyroidism (2004)\n  Bilateral sensorineural hearing loss – hearing aids (2012)\n"
        "  Fractured neck of femur, left (31 Jan 2024)\nPast\n  Cataract extraction, right eye (2016)\n\nFAMILY HISTORY\n")}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    found = {(e.kind, e.date, e.summary) for e in events}
    assert ("diagnosis", D(2004, 1, 1), "Hypothyroidism (2004)") in found
    assert ("diagnosis", D(2012, 1, 1), "Bilateral sensorineural hearing loss – hearing aids (2012)") in found
    assert ("diagnosis", D(2016, 1, 1), "Cataract extraction, right eye (2016)") in found
    assert not any(e.summary.startswith(")") for e in events)


PROFILE_LIST = """ALL ABOUT ME - EXAMPLE
My name is Dot. Reviewed with Dot by her key worker.

People say I am...
  kind and motherly - I look after the new ladies when they come to live here
  tidy - I worked at the post office sorting room for twenty years and I still sort my cards
  good fun - I like a laugh and a sing-song
  a good knitter - I knit squares for the chapel's blankets for the hospital

How to talk with me
  Speak clearly and slowly.
"""


def test_a_profiles_unmarked_list_under_its_heading_is_read_item_by_item(tmp_path: Path, settings: Settings) -> None:
    from leder_assist.portrait import list_pieces

    start = PROFILE_LIST.index("kind and")
    end = PROFILE_LIST.index("\n\nHow to talk")
    pieces = list_pieces(PROFILE_LIST, start, end, 20)
    assert [PROFILE_LIST[a:b].split(" - ")[0] for a, b in pieces] == ["kind and motherly", "tidy", "good fun", "a good knitter"]
    # the same lines as wrapped prose stay one sentence: running on with "and" under a heading, or with no heading above
    for head in ("Notes\n", "Notes\n\n"):
        prose = head + "  she went to the shop with her sister and\n  they bought bread and milk and eggs and jam\n  and walked home by the long way round.\n"
        s = prose.index("she")
        assert list_pieces(prose, s, len(prose.rstrip()), 10) == [(s, len(prose.rstrip()))]
    listed = "Notes\n  she went to the shop with her sister\n  they bought bread and milk and eggs and jam\n  then walked home by the long way round\n"
    assert len(list_pieces(listed, listed.index("she"), len(listed.rstrip()), 10)) == 3  # the same without "and": a list
    case, red = make_case(tmp_path, {"All about me.txt": PROFILE_LIST}, settings)
    portrait = PortraitBuilder(settings).build(case, red)
    admired = " ".join(s.text for s in {s.heading: s for s in portrait.sections}["What people liked and admired about them"].sentences)
    assert "motherly" in admired and "sing-song" in admired


def test_episodes_heldout13_showed_the_timeline_had_no_words_for(tmp_path: Path, settings: Settings) -> None:
    gp = ("GP RECORD\n\n"
          "20-Jan-2025  Face to face (double appt) - Dr A. Example\n"
          "  Seen with mum. Seizure diary: one tonic-clonic seizure in the night 28/12/24, one on\n"
          "  11/01/25. Both nocturnal. Discussed SUDEP again - he knew about it from the leaflet.\n\n"
          "04/08/2022 Discharge letter Example Hospital: acute urinary retention (1.2 L),\n"
          "          enlarged prostate. Long-term urethral catheter.\n"
          "20.11.23 Community LD team SALT report received. Seen at home 14/11/23 after\n"
          "         staff reported coughing when eating.\n")
    family = ("Notes of a talk with her niece\n\n"
              "She lived with her mother in the family's council house until their mother\n"
              "died in 1994. She worked at the café at the resource centre for twelve years, from 2007 to 2019.\n"
              "Medical examiner: scrutiny completed 25/11/2024 - cause of death agreed.\n")
    case, redaction = make_case(tmp_path, {"02_gp_record.txt": gp, "04_family_notes.txt": family}, settings)
    events, _ = TimelineBuilder(settings).build(case, redaction)
    got = {(e.date, e.kind) for e in events}
    # a date at the start of a wrapped line ("one on" / "11/01/25.") is no new entry: the SUDEP talk is on the entry's date
    assert (D(2025, 1, 20), "discussion") in got and not any(e.date == D(2025, 1, 11) and e.kind == "discussion" for e in events)
    # ... and the second date of the list is a seizure too, told by its whole sentence
    second = next(e for e in events if e.date == D(2025, 1, 11))
    assert second.kind == "illness" and "28/12/24" in second.summary
    assert (D(2022, 8, 4), "letter") in got
    assert (D(2023, 11, 14), "assessment") in got
    assert (D(1994, 1, 1), "bereavement") in got  # a relative's death is about someone else by nature
    assert (D(2007, 1, 1), "life_event") in got
    assert (D(2024, 11, 25), "investigation") in got


def test_a_line_breaking_off_mid_sentence_does_not_end_the_entry() -> None:
    from leder_assist.segment import dated_entries

    text = "01/02/2024 Seen. Seizures on 28/01/24 and on\n  30/01/24. Plan as before.\n02/02/2024 Phone call.\n"
    assert [e.date_text for e in dated_entries(text)] == ["01/02/2024", "02/02/2024"]


def test_a_next_of_kin_field_heads_no_section_of_someone_who_knew_the_person(tmp_path: Path, settings: Settings) -> None:
    """review heldout13: "Someone who knew the person well (...): not known", then "Next of kin: <name>" and, in the
    notifier's part, "Name: <notifier>": the notifier's name is not the answer; "Section 4: Notifier" still heads one."""
    text = ("LeDeR NOTIFICATION OF DEATH\nContacts\n  GP name and practice:\n"
            "  Someone who knew the person well (name, relationship, phone):   not known\n"
            "  Next of kin:                Mr Roy Example (brother)\n\nPerson notifying\n"
            "  Name:                       Tamsin Example\n  Job:                        Registered Manager\n")
    case, _ = make_case(tmp_path, {"Notification of death.txt": text}, settings)
    checks = {c.item: c for c in check_notification(case, settings)}
    assert checks["knew_person"].status == "missing" and checks["gp"].status == "missing"
    form = "Section 4: Notifier\nName | Niamh Example\nRole and organisation | Care Coordinator\n"
    (tmp_path / "b").mkdir()
    case, _ = make_case(tmp_path / "b", {"Notification of death.txt": form}, settings)
    assert {c.item: c for c in check_notification(case, settings)}["notifier"].status == "present"


def test_the_shortest_dot_leader_is_a_field(tmp_path: Path, settings: Settings) -> None:
    """review heldout13: "Learning disability .. Yes - moderate" (two dots, to line up with longer labels)."""
    text = ("1. The person\n   Ethnicity ............ Black Caribbean\n   Learning disability .. Yes - moderate\n"
            "   Autistic ............. No\n2. Death\n   Cause of death ....... Not known yet\n")
    case, _ = make_case(tmp_path, {"Notification of death.txt": text}, settings)
    checks = {c.item: c for c in check_notification(case, settings)}
    assert checks["ld_status"].status == "present" and checks["cause_of_death"].status == "missing"


def test_a_family_quotation_running_past_its_sentence_does_not_stop_the_portrait(settings: Settings) -> None:
    """review heldout14: the splitter ends a sentence at a line starting with a dash inside the quotation
    ('... Tamsin said, "chuffed to bits' / '- he'd show everyone his boats and his kettle".'); the portrait failed."""
    from leder_assist.ingest import ingest_case
    from leder_assist.redact import Redactor

    case = ingest_case(Path(__file__).parent.parent / "eval/review/heldout14/hx14-sw-supportedliving-renal", settings)
    portrait = PortraitBuilder(settings).build(case, Redactor.load(settings).redact_case(case))
    assert all(s.sources for sec in portrait.sections for s in sec.sentences)


# notification forms as the held-out sets wrote them, each with the items the check must find missing
NOTIFICATION_LAYOUTS_14 = [
    # review heldout14: a web platform's export with question keys, one left blank
    ("=== section_2 : about the death ===\nq2_1_date_of_death ............ 14/01/2025\n"
     "q2_3_place_of_death ........... Emergency Department, Example General Hospital\n"
     "q2_4_cause_of_death ........... Not known - referred to HM Coroner\nq1_6_ethnicity ................ White British\n"
     "q1_10_learning_disability ..... Yes - mild learning disability\nq1_11_autism .................. No\n"
     "q3_1_gp ....................... Dr Example, Example Practice\nq3_2_next_of_kin .............. Mrs Example (mother)\n"
     "q3_3_someone_who_knew_them_well\n=== section_4 : notifier ===\nq4_1_name ..................... Peter Example\n",
     ["cause_of_death", "knew_person"]),
    # a telephone record: the caller notified; a label broken over two lines; a GP's e-mail saying ethnicity is not recorded
    ("Caller name / role:      Gemma Example, Shared Lives Coordinator\nDate of death:           02/03/2025\n"
     "Place of death:          At home\nCause of death:          1a Dementia\nLD / autism:             moderate learning disability\n"
     "Ethnicity:               I'm afraid this isn't recorded on our system\nGP / practice:           Dr Example, Example Surgery\n"
     "Someone who knew her\nwell:                    Maureen Example, Shared Lives carer\n",
     ["ethnicity"]),
]


def test_a_boxed_forms_section_heading_inside_bars_heads_its_fields(tmp_path: Path, settings: Settings) -> None:
    form = ("| 4. NOTIFIED BY                                          |\n+--------------------+---------------------+\n"
            "| Name / role        | Bryony Example, Senior Staff Nurse |\n")
    case, _ = make_case(tmp_path, {"Notification of death.txt": form}, settings)
    assert {c.item: c for c in check_notification(case, settings)}["notifier"].status == "present"


def test_the_person_dying_after_a_relative_found_them_is_no_bereavement(settings: Settings) -> None:
    rule = TimelineBuilder(settings).rule_for("He was found unwell at home by his sister on Sunday and died in ICU two days later.")
    assert rule is None or rule.id != "tl.bereavement"


ABOUT_ME = """PERSON-CENTRED SUPPORT PLAN (extract)
"ALL ABOUT ME"

What matters to me
- Fishing at the lock with my friend on a Saturday (I throw them back).
- Pierogi and beetroot soup. A strong black tea with lemon.
- Doing things for myself. Please don't rush in and do it for me.

How I communicate (updated 11/2024)
- My speech has got harder to understand. Give me time.
- I use the talking app on my iPad (I recorded my own voice in
  October 2024). I type and it speaks.
- Thumbs up = yes. Hand flat = no.
"""


def test_a_profiles_own_headings_in_the_first_person_and_its_items_whole(tmp_path: Path, settings: Settings) -> None:
    """review heldout15: "What matters to me" and "How I communicate" are the portrait's headings, and a list item of
    short sentences ("Thumbs up = yes. Hand flat = no.") is one thing said, its wrapped line included."""
    from leder_assist.extract.sentences import sentence_spans
    from leder_assist.portrait import rejoin_spans

    spans = [ABOUT_ME[a:b] for a, b in rejoin_spans(ABOUT_ME, sentence_spans(ABOUT_ME))]
    assert "- Thumbs up = yes. Hand flat = no." in spans
    assert any(s.startswith("- I use the talking app") and s.endswith("I type and it speaks.") for s in spans)
    assert "What matters to me" not in " ".join(s for s in spans if "Fishing" in s)  # a heading joins nothing
    case, red = make_case(tmp_path, {"support plan.txt": ABOUT_ME}, settings)
    sections = {s.heading: [x.text for x in s.sentences] for s in PortraitBuilder(settings).build(case, red).sections}
    assert "Thumbs up = yes. Hand flat = no." in sections["How they communicated"]
    assert any("Fishing" in t for t in sections["What mattered to them"])
    assert any("Doing things for myself" in t for t in sections["What mattered to them"])


def test_a_table_records_month_and_year_rows_and_reads_without_its_bars(tmp_path: Path, settings: Settings) -> None:
    """review heldout15: a GP summary printed as a ruled table; a month or a year alone in its date column heads the
    row's entry at that precision, and the timeline's summary is the row's words, not its bars and rules."""
    table = ("SUMMARY CARE PRINT\n+------------+--------------------------------------------+\n"
             "| Date       | Entry                                      |\n+------------+--------------------------------------------+\n"
             "| 2001       | Left university (history, 2nd year).       |\n"
             "| 06/2016    | Father died - MI. Seen with mum.           |\n"
             "| 09/2017    | Change of address: own flat.               |\n"
             "| 10/12/2024 | Notified by the hospital: died in ICU.     |\n+------------+--------------------------------------------+\n")
    case, red = make_case(tmp_path, {"gp summary.txt": table, "notification.txt": notification()}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    got = {(e.date, e.precision, e.kind): e.summary for e in events}
    assert got[(D(2001, 1, 1), "year", "life_event")] == "Left university (history, 2nd year)."
    assert (D(2016, 6, 1), "month", "bereavement") in got
    assert got[(D(2017, 9, 1), "month", "move")] == "Change of address: own flat."
    assert not any("|" in e.summary or "---" in e.summary for e in events)


# --------------------------------------------------------------------------- review heldout15 (2026-12-06)

WEB_FORM_EXPORT = """LeDeR NOTIFICATION - WEB FORM EXPORT
Section 1 - About you (the notifier)
  1.1 Your name ..................... [Example Notifier]
Section 2 - About the person who died
  2.7 Ethnicity ..................... [White - British]
  2.8 Gender ........................ [ ] Male  [X] Female
  2.11 Learning disability? ......... [Not known]
  2.12 Autistic? .................... [Yes]
  2.13 Registered GP ................ [Example Health Centre]
Section 3 - About the death
  3.1 Date of death ................. [10/12/2024]
  3.3 Place of death ................ [Hospital - Intensive Care Unit, Example General Hospital]
  3.4 Cause of death (as known) ..... [1a multi-organ failure 1b faecal
                                       peritonitis]
Section 4 - Someone who knew the person well
  4.1 Name .......................... []
"""


def test_a_web_form_export_s_sub_numbered_questions_and_bracketed_answers(tmp_path: Path, settings: Settings) -> None:
    from leder_assist.fields import form_fields

    case, red = make_case(tmp_path, {"Notification of death.txt": WEB_FORM_EXPORT,
                                     "GP record.txt": "GP RECORD SUMMARY\nCodes: Asperger's syndrome | No learning disability\n"
                                                      "10.03.24  Dr Example: home visit\n"}, settings)
    form, gp = (next(d for d in case.documents if d.kind == k) for k in ("notification", "gp_record"))
    fields = {f.name: f.value for f in form_fields(form)}
    assert fields["ethnicity"] == "White - British" and fields["autistic?"] == "Yes" and fields["name"] == ""
    assert fields["cause of death (as known)"] == "1a multi-organ failure 1b faecal"  # the bracket closes on the next line
    assert ticked(fields["gender"]) == "Female"  # a tick box is no bracketed answer
    # trap: a record entry's date ("10.03.24") is no question number
    assert not [f for f in form_fields(gp) if f.name.startswith("dr")]
    checks = {c.item: c.status for c in check_notification(case, settings)}
    assert sorted(i for i, s in checks.items() if s == "missing") == ["knew_person", "ld_status"]
    codes = [t.code for t in triage(case, red, [], None, settings).triggers]
    assert codes == ["AUTISM_NO_LD"]  # not ETHNICITY: "White - British" without its brackets


@pytest.mark.parametrize(("record", "codes"), [
    # a safeguarding referral about another resident, and an enquiry dated years before the death, are not the person's
    ("Safeguarding referral made about the other resident's care plan; closed by the council 20/03/2023.", []),
    ("2019      Safeguarding (section 42 enquiry) - see summary above.", []),
    # ... a referral about the person's care, and an enquiry of the last year, are
    ("Safeguarding referral made about his care plan by the district nurse.", ["REVIEWER_CONCERN"]),
    ("12/2023   Safeguarding (section 42 enquiry) opened about his care at the home.", ["INVESTIGATION"]),
])
def test_triggers_about_someone_else_or_long_over_are_not_evidence(tmp_path: Path, settings: Settings, record: str,
                                                                   codes: list[str]) -> None:
    case, red = make_case(tmp_path, {"Notification.txt": notification(),
                                     "GP record.txt": "GP RECORD SUMMARY\n" + record + "\n"}, settings)
    assert [t.code for t in triage(case, red, [], None, settings).triggers] == codes


NOTIFICATION_LAYOUTS_15 = [
    # review heldout15: a telephone record's CALLER heading over the caller's name; an ethnicity nobody asked
    ("CALLER\nName: Example Caller\nRole: Epilepsy nurse\n\nTHE PERSON WHO DIED\nName: Example Person\n"
     "Ethnicity: not asked - caller \"would have to check\"\nLearning disability: yes, severe\nDate of death: 02/02/2025\n"
     "Place of death: at home\nCause of death: 1a SUDEP\nGP: Dr Example, Example Surgery\nSomeone who knew him well: his sister\n",
     ["ethnicity"]),
    # trap: the person's own name under "THE PERSON WHO DIED" does not name the notifier
    ("THE PERSON WHO DIED\nName: Example Person\nEthnicity: White British\nLearning disability: yes, severe\n"
     "Date of death: 02/02/2025\nPlace of death: at home\nCause of death: 1a SUDEP\nGP: Dr Example, Example Surgery\n"
     "Someone who knew him well: his sister\n",
     ["notifier"]),
]


@pytest.mark.parametrize(("quotes", "signal"), [
    # review heldout15: a safeguarding enquiry that ended years before the death (notification: died 07/01/2024)
    (["Safeguarding: s42 enquiry 2019 (financial abuse by an acquaintance) - concluded", "2019  Safeguarding (section 42 enquiry)"], False),
    # ... one of the last years, or one quote of the last years beside an old one, or an undated quote, still counts
    (["Safeguarding referral 12/2023: bruising not reported by the home"], True),
    (["2019  Safeguarding (section 42 enquiry)", "Safeguarding referral made 02/01/2024 about missed medication"], True),
    (["Safeguarding referral made about missed medication"], True),
])
def test_a_concern_theme_dated_only_years_before_the_death_is_no_signal(tmp_path: Path, settings: Settings,
                                                                        quotes: list[str], signal: bool) -> None:
    from leder_assist.record import Evidence, Theme

    case, red = make_case(tmp_path, {"Notification.txt": notification()}, settings)
    themes = [Theme(code="SAFE", label="Safeguarding", score=0.9, evidence=[Evidence(doc_id="D01", page=1, quote=q) for q in quotes])]
    assert ("SAFE" in {s.code for s in triage(case, red, themes, None, settings).signals}) is signal


@pytest.mark.parametrize(("sentence", "fires"), [
    ("In 2019 her niece made a complaint to the council about his bus pass being stopped - also sorted.", False),
    ("Historical: 2016 - safeguarding concern (financial) re neighbour, s42 enquiry closed 09/2016.", False),
    ("In March 2025 his niece made a complaint to the ward about his care.", True),
])
def test_a_complaint_or_concern_dated_years_before_the_death_is_history(tmp_path: Path, settings: Settings,
                                                                         sentence: str, fires: bool) -> None:
    """review heldout17: triggers from a bus-pass complaint and a closed safeguarding concern of years before."""
    case, red = make_case(tmp_path, {"Notification.txt": notification(), "gp record.txt": f"Summary\n{sentence}\n"}, settings)
    codes = {t.code for t in triage(case, red, [], None, settings).triggers}
    assert bool(codes & {"FAMILY_REQUEST", "REVIEWER_CONCERN"}) is fires



PAPER_FORM_17 = """NOTIFICATION OF THE DEATH OF A PERSON WITH A LEARNING DISABILITY AND/OR AUTISTIC PERSON
(paper form, typed up on receipt)

Q1  Name of the person ............ Mr Test Example
Q5  Ethnicity ..................... Not known
Q6  Learning disability ........... Yes - mild
    Autism ........................ No
Q7  Date of death ................. 17 April 2025
Q8  Place of death ................ At home (his own flat)
Q9  Cause of death ................ 1a Congestive cardiac failure
Q12 GP practice and GP ............ not known
Q13 Someone who knew the person well: his niece - tel 07700 900264
Q14 Person notifying .............. Service Manager, Example Support
"""

EMAIL_FORM_17 = """From: (sender not stated - forwarded by ICB inbox)
To: leder@example.org
Subject: Notification of death

Name: Test Example
Ethnicity: White - Other (Polish)
LD / autism: Profound and multiple learning disability. Not autistic.
Date of death: 3rd June 2025
Where she died: at home
Cause of death: not known at time of writing
GP: Dr Test, Example Health Centre
Person who knew her well: her mother, 07700 900418

Notified by:
Role:
"""

WEB_SECTIONS_FORM = """LeDeR WEB PLATFORM - NOTIFICATION OF DEATH
SECTION 1 - ABOUT THE PERSON WHO DIED
Ethnicity ............................. Black Caribbean
Learning disability? .................. Yes - severe
SECTION 2 - ABOUT THE DEATH
Date of death ......................... 09/02/2025
Place of death ........................ Example General Hospital
Cause of death (if known) ............. 1a Faecal peritonitis
SECTION 3 - GP
GP practice ........................... Example Road Surgery (Dr Test)
SECTION 4 - SOMEONE WHO KNEW THE PERSON WELL
Name .................................. Mrs Example (mother)
SECTION 5 - WHO IS NOTIFYING
Name .................................. Test Notifier
Role .................................. LD Liaison Nurse
"""


NOTIFICATION_LAYOUTS_17 = [
    (PAPER_FORM_17, ["ethnicity", "gp"]),  # "Q7  Date of death ....": a paper form's numbered questions are fields
    (EMAIL_FORM_17, ["cause_of_death", "notifier"]),  # "not known at time of writing", a sender not stated
    (WEB_SECTIONS_FORM, []),  # "SECTION 5 - WHO IS NOTIFYING" then "Name ...."
]


@pytest.mark.parametrize(("form", "missing"), [("LeDeR NOTIFICATION OF DEATH\n" + f, m) for f, m in NOTIFICATION_LAYOUTS_14]
                         + [("TELEPHONE NOTIFICATION RECORD\n" + f, m) for f, m in NOTIFICATION_LAYOUTS_15]
                         + NOTIFICATION_LAYOUTS_17)
def test_notification_layouts_of_the_held_out_sets(tmp_path: Path, settings: Settings, form: str, missing: list[str]) -> None:
    case, _ = make_case(tmp_path, {"Notification of death.txt": form}, settings)
    assert sorted(c.item for c in check_notification(case, settings) if c.status == "missing") == missing


# --------------------------------------------------------------------------- review heldout18 misses, fixed generically

@pytest.mark.parametrize(("rule_id", "sentence", "fires"), [
    # a relative taking the care to PALS, in notes of a talk with the family and in other notes
    ("tr.family_request_family_notes", "I rang the PALS office at the hospital on the 2nd, when she went back in, and told them so.", True),
    ("tr.family_request", "His sister contacted PALS on 02/01/2025 about the discharge.", True),
    ("tr.family_request_family_notes", "I rang the surgery to book his flu jab.", False),
    # an enquiry said not to be open, or written up as closed; an old alert seen on the record
    ("tr.investigation", "No open safeguarding enquiry.", False),
    ("tr.investigation", "SAFEGUARDING ADULTS: SECTION 42 ENQUIRY - CLOSURE SUMMARY", False),
    ("tr.investigation", "A section 42 enquiry has been opened into the care at the home.", True),
    ("tr.reviewer_concern", "She saw the bruise and the old safeguarding alert on his record.", False),
    ("tr.reviewer_concern", "Staff made a safeguarding referral about the bruising.", True),
    # review heldout20: a mother wanting it looked at properly, a family asking again and again; the reviewer saying
    # what a family may ask, and an inquest into someone else's death long ago
    ("tr.family_request_family_notes", "I want somebody to look properly at it.", True),
    ("tr.family_request_family_notes", "Family told me they had asked \"over and over\" for a night alarm for Joey.", True),
    ("tr.family_request_family_notes", "On the review: I explained the initial review and that a family can ask for a focused review.", False),
    ("tr.investigation", "There was an inquest for Nobby and it dragged on for a year. I'm glad we didn't have all that for Wilf.", False),
    ("tr.investigation", "02/12/2024 - Inquest opened and adjourned by the Senior Coroner.", True),
    # review heldout23: the family asking, in their own words, for it all to be looked at
    ("tr.family_request_family_notes", "Dad: \"We are not after blame. We want somebody to look at all of this properly.\"", True),
    ("tr.family_request_family_notes", "We'd like someone to go through all that, start to finish.", True),
    ("tr.family_request_family_notes", "I want somebody to go over this properly.", True),
    ("tr.family_request_family_notes", "I want someone to look at this rash on her arm.", False),
    ("tr.family_request_family_notes", "I want someone to look at all that paperwork for me.", False),
    ("tr.family_request_family_notes", "We don't want anyone to look at all of this again.", False),
    # review heldout24: an incident raised on the incident system by its name, and one not raised
    ("tr.reviewer_concern", "A Datix (ref EX-IR-1) has been raised about the delay in the referral.", True),
    ("tr.reviewer_concern", "Datixed by the ward sister.", True),
    ("tr.reviewer_concern", "Datix not completed by this team.", False),
    ("tr.reviewer_concern", "No Datix was raised.", False),
    ("tr.reviewer_concern", "We did not complete a Datix for this.", False),
    # review heldout23: the coroner's office told of the death and taking it no further; an answer that says so
    ("tr.investigation", "Referred to coroner? ..... Discussed with coroner's office 03/03/2024 - no further action, MCCD issued", False),
    ("tr.investigation", "Death referred to the coroner's officer - NFA, GP to issue the certificate.", False),
    ("tr.investigation", "Death referred to the coroner's officer, who has opened an inquest.", True),
    ("tr.investigation", "Referred to coroner? ..... Yes - inquest opened 03/03/2024", True),
])
def test_held_out_trigger_wordings(settings: Settings, rule_id: str, sentence: str, fires: bool) -> None:
    assert _fires(settings, rule_id, sentence) is fires


@pytest.mark.parametrize(("files", "opening"), [
    # a provider's "lived with us at ...", after what else the sentence says of the person
    ({"Notification.txt": "Name: Jo Example\nAge at death: 52\n\nJo was born in 1972 and lived with us at Sedge House for many years.\n"},
     "[Person], aged 52, lived at Sedge House for many years."),
    # "Mr X lived alone." ends its sentence; "she lives in Manchester" in a person's own words is someone else
    ({"Notification.txt": "Name: Deji Example\nAge at death: 34\n",
      "All about me.txt": "My sister Titi (she lives in Manchester). I like buses.\n",
      "Coroner's officer note.txt": "Circumstances (from police report): Mr Example lived alone. His mother visited.\n"},
     "[Person], aged 34, lived alone."),
    # no words for where, only the notification's "Lived with"
    ({"Notification.txt": "Name: Sandie Example\nAge at death: 69\nLived with: Husband\n"},
     "[Person], aged 69, lived with husband."),
])
def test_the_opening_says_where_and_with_whom_from_what_the_notes_offer(tmp_path: Path, settings: Settings,
                                                                          files: dict[str, str], opening: str) -> None:
    case, _ = make_case(tmp_path, files, settings)
    red = Redactor.load(settings, own_ner=False).redact_case(case)
    portrait = PortraitBuilder(settings).build(case, red)
    assert portrait.sections[0].heading == "Who they were"
    assert portrait.sections[0].sentences[0].text == opening


def test_a_relative_s_statement_quoted_over_several_paragraphs_gives_its_sentences_about_the_person(
        tmp_path: Path, settings: Settings) -> None:
    """review heldout22: a brother's words written down by his daughter, one quotation over several paragraphs: its
    sentences are the family's words, those about the person first ("She was a grafter.", not "I said no, she's my
    sister.")."""
    statement = ("About Win - from her brother Stan, written down by his daughter\n2nd November 2023\n\nStan said:\n"
                 "\"Winnie and me lived in this house all our lives. People said she should go in a home. I said no, "
                 "she's my sister.\n\nShe was a grafter. Thirty-seven years at the laundry, never a day off sick.\n\n"
                 "She sang louder than the organ.\n\nI've no complaints, none at all.\"\n")
    case, red = make_case(tmp_path, {"Family statement.txt": statement, "Notification.txt": notification()}, settings)
    builder = PortraitBuilder(settings)
    builder.rules = builder.rules.model_copy(update={"headings": [
        h.model_copy(update={"max": 2}) if h.quotes else h for h in builder.rules.headings]})
    secs = {s.heading: s for s in builder.build(case, red).sections}
    words = [s.text for s in secs["In their family's words"].sentences]
    assert words == ["“She was a grafter.”", "“She sang louder than the organ.”"]



def test_a_statement_a_sister_wrote_herself_gives_her_words_about_the_person(tmp_path: Path, settings: Settings) -> None:
    """review heldout24: a sister's e-mailed statement, no quotation marks: its sentences saying who he was are the
    family's words; what went wrong ("the GP", "the hospital rang him") is the review's."""
    statement = ("Statement for the LeDeR review of my brother Stefan Nowacki\nWritten by: Karen Holt (sister)   29 August 2024\n\n"
                 "He worked at the Archives for 28 years and loved every day of it. He was honest to a fault and the funniest "
                 "person I knew. My kids adored him.\n\nWhat went wrong: in November he told the GP about his stomach. "
                 "He was sent a text about iron tablets.\n")
    case, red = make_case(tmp_path, {"Sister statement.txt": statement, "Notification.txt": notification()}, settings)
    secs = {s.heading: s for s in PortraitBuilder(settings).build(case, red).sections}
    words = [s.text for s in secs["In their family's words"].sentences]
    assert "“He was honest to a fault and the funniest person I knew.”" in words and "“My kids adored him.”" in words
    assert not any("GP" in w or "iron" in w for w in words)


@pytest.mark.parametrize("header", [
    "Written statement from Colin Ashdown, brother of Marian\nWritten 4th May 2024 for the reviewer\n\n",
    "For the LeDeR reviewer, 4 May 2024\n\nI'm Marian's big brother, six years older.\n",
    "Memories - from her cousin, Ruth Ellery (cousin)\n\n",
])
def test_a_statement_a_relative_wrote_is_known_by_its_header_or_first_line(tmp_path: Path, settings: Settings,
                                                                          header: str) -> None:
    """review heldout22: "Written statement from ..., brother of ..." and "I'm Marian's big brother" open a relative's
    own statement; a sentence about the person by name ("Marian would want people to know ...") is said of her too."""
    statement = header + ("Marian would want people to know she was a good friend to everyone. She knew every bus driver "
                          "by name.\n\nIn March the surgery said on the phone it was her nerves.\n")
    case, _ = make_case(tmp_path, {"Family statement.txt": statement,
                                   "Notification.txt": notification().replace("death\n", "death\nName: Marian ASHDOWN\n", 1)}, settings)
    red = Redactor.load(settings, own_ner=False).redact_case(case)  # her name is "[Person]" in what is said
    secs = {s.heading: s for s in PortraitBuilder(settings).build(case, red).sections}
    words = [s.text for s in secs["In their family's words"].sentences]
    assert "“She knew every bus driver by name.”" in words
    assert "“[Person] would want people to know she was a good friend to everyone.”" in words
    assert not any("surgery" in w for w in words)


@pytest.mark.parametrize(("title", "kind"), [
    ("Transition to adult services: meeting notes", "meeting"),
    ("EPILEPSY CARE PLAN - for home and college", "plan"),
    ("Care Act assessment (section 9) - summary", "assessment"),
])
def test_a_document_whose_title_names_its_episode_is_that_episode_on_its_date(tmp_path: Path, settings: Settings,
                                                                              title: str, kind: str) -> None:
    """review heldout21/22: a meeting's notes, a plan and an assessment dated only in their header."""
    text = f"{title}\nName: Reuben Kettleby      DOB: 8.9.05\nDate: 15/06/2023\n\nHe said he likes trains.\n"
    case, red = make_case(tmp_path, {"Document.txt": text}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    assert [(e.date.isoformat(), e.kind) for e in events if e.kind == kind] == [("2023-06-15", kind)]


# --------------------------------------------------------------------------- review heldout23/24 triage misses, fixed generically

@pytest.mark.parametrize(("value", "verdict"), [
    # a GP system's census wording for White British, and a nationality with its White category after it
    ("British or mixed British (White) - recorded 2011", "no_trigger"), ("British or mixed British", "no_trigger"),
    ("British or mixed British - ethnic category 2001 census", "no_trigger"), ("Irish (White)", "no_trigger"),
    ("English - White", "no_trigger"),
    # traps: a British background of another group, a Traveller written after "Irish"
    ("Bangladeshi or British Bangladeshi", "trigger"), ("Pakistani or British Pakistani", "trigger"),
    ("Irish Traveller (White)", "trigger"), ("British - White and Black Caribbean", "trigger"),
])
def test_ethnicity_values_heldout24(settings: Settings, value: str, verdict: str) -> None:
    assert classify_ethnicity(value, triage_rules(settings).ethnicity) == verdict


@pytest.mark.parametrize(("ethnicity", "said", "triggers", "uncertain"), [
    # the family's own words decide over a record's "White Irish" or "White British", or where nothing is recorded
    ("White Irish", 'His aunt said: "We are Irish Travellers, all of us, and he was too."', ["ETHNICITY"], []),
    ("White British", "Kez's family are Romany Gypsies and lived on the Example Lane site until 2001.", ["ETHNICITY"], []),
    ("", "He came from a Traveller family and was proud of it.", ["ETHNICITY"], []),
    ("Not recorded", "The family describe themselves as Gypsy or Irish Traveller.", ["ETHNICITY"], []),
    # traps: a site or a service named for Travellers, a traveller who travels, a denial
    ("White Irish", "She lived on the Example Lane Traveller Site. The Traveller health team visited monthly.", [], []),
    ("White British", "He was a keen traveller and went to Spain every year.", [], []),
    ("", "They are not Travellers, his sister said; the caravan was for holidays.", [], ["ethnicity"]),
])
def test_the_familys_words_say_the_person_was_a_gypsy_roma_or_traveller(
        tmp_path: Path, settings: Settings, ethnicity: str, said: str, triggers: list[str], uncertain: list[str]) -> None:
    """review heldout23: an Irish Traveller recorded by the GP and the hospice as "White Irish"."""
    files = {"Notification.txt": notification(ethnicity), "Notes of conversation with the family.txt": said + "\n"}
    case, red = make_case(tmp_path, files, settings)
    result = triage(case, red, [], None, settings)
    assert [t.code for t in result.triggers] == triggers
    assert [u.split(" ")[0] for u in result.uncertainties] == uncertain


# --------------------------------------------------------------------------- review heldout23/24 notification check, fixed generically

RELATIVES_LETTER_23 = """[Letter received by post at the LeDeR office. Handwritten; typed up by LeDeR admin.]

To the people at LeDeR,

My sister was Example Test, everybody called her Ex. She died at home in her own bed on Wednesday 29th May 2024 early in the morning.

She had the cancer in her breast and it went to her liver and her bones. The doctor from the hospice said that was what she died of.

Ex had a learning disability from when she was born. She lived with our Mammy all her life.

We are Irish Travellers. I want that wrote down right.

I am her sister Testa Example, I live next door. You can ring me on 07700 900000.

Yours sincerely,
Testa Example (sister)
"""

WEB_EXPORT_24 = """=== LeDeR web platform - notification export (plain text) ===
[Section A - Notifier]
A1 Your name: Test Notifier
A2 Your role: Learning Disability Liaison Nurse

[Section B - The person]
B7 Ethnicity: Not known
B8 Learning disability: Yes
B10 Autism: No

[Section C - The death]
C1 Date of death: 2025-01-06
C3 Place of death: Hospital - Example General Hospital, Example Ward
C4 Cause of death (if known): 1a Aspiration pneumonia

[Section D - GP]
D1 GP practice: Example Health Centre

[Section E - Someone who knew the person well]
E1 Name: Test Example
E2 Relationship: Mother
"""

PHONE_NOTE_24 = """LeDeR - TELEPHONE NOTIFICATION NOTE
Taken by: Test Admin (LeDeR admin)      Date: 24 July 2024, 14:35
Call from: Test Caller, Bereavement Office, Example Royal Infirmary

Caller said she is ringing because the ward flagged the death as "autism".

Name:               Test EXAMPLE
Date of death:      23/07/24, early hours - 03:10 on the screen
Place of death:     Ward 14, Example Royal Infirmary.
Cause of death:     1a Metastatic gastric adenocarcinoma
Ethnicity:          White British
LD / autism:        Autism - on his alert. No learning disability.
GP:                 Not on the screen she had - "they'll have it on the ward".
Family / someone who knew him: sister, Mrs Test Example - next of kin - 07700 900000.
"""

COLLEGE_EMAIL_24 = """From:    Test Sender <t.sender@example.org>
Subject: Notification of death - former student

Name: Test EXAMPLE
Ethnicity: Bangladeshi (as recorded on his college enrolment form)
Needs: autism and moderate learning difficulties (EHCP).

What we know: his father rang our office yesterday (Mon 17 March) at about 11am to say Test had died at home that morning.

Cause of death: not known.
GP: not known - we don't hold GP details for students, sorry.
Place of death: I believe he was pronounced dead at Example Hospital.

Someone who knew him well: his father Mr Example, 07700 900000.

Kind regards

Test Sender
"""


@pytest.mark.parametrize(("filename", "form", "missing"), [
    # a relative's letter: the cause, the ethnicity, someone who knew her and the writer in the letter's own words
    ("notification_of_death.txt", RELATIVES_LETTER_23, ["gp"]),
    # a web platform export's questions numbered within lettered sections ("A1 Your name:", "C4 Cause of death")
    ("notification_webform.txt", WEB_EXPORT_24, ["ethnicity"]),
    # a caller reading from a screen: "Not on the screen she had"; "Call from:"; "Family / someone who knew him:"
    ("notification_phone_note.txt", PHONE_NOTE_24, ["gp"]),
    # "had died at home that morning" after the day is named; "autism and moderate learning difficulties"
    ("notification_email.txt", COLLEGE_EMAIL_24, ["cause_of_death", "gp"]),
])
def test_notification_layouts_23_24(tmp_path: Path, settings: Settings, filename: str, form: str, missing: list[str]) -> None:
    case, _ = make_case(tmp_path, {filename: form}, settings)
    assert case.documents[0].kind == "notification"
    assert sorted(c.item for c in check_notification(case, settings) if c.status == "missing") == missing


@pytest.mark.parametrize(("sentence", "item", "status"), [
    # traps: a relative's death, a cause nobody knows, a family that is not said to be of an ethnic group, a day not the
    # death's
    ("Her mother died of cancer in 2001. Test died at home on 2nd May 2024.", "cause_of_death", "missing"),
    ("We don't know what he died of yet.", "cause_of_death", "missing"),
    ("Her Mum died of a stroke in 2001 and she took it hard.", "cause_of_death", "missing"),
    ("Test died of pneumonia on Ward 4 on 2nd May 2024.", "cause_of_death", "present"),
    ("We are a close family and proud of her.", "ethnicity", "missing"),
    ("His family are Bangladeshi and Muslim.", "ethnicity", "present"),
    ("He went to the day centre that morning.", "date_of_death", "missing"),
    ("I am the manager of the home where he lived.", "knew_person", "missing"),
])
def test_a_letter_notifying_says_it_in_its_own_words(tmp_path: Path, settings: Settings, sentence: str, item: str,
                                                      status: str) -> None:
    letter = "LeDeR notification of death\n\nDear LeDeR team,\n\n" + sentence + "\n\nYours faithfully,\nTest Sender\n"
    case, _ = make_case(tmp_path, {"letter.txt": letter}, settings)
    assert {c.item: c.status for c in check_notification(case, settings)}[item] == status


def test_a_numbered_heading_over_fields_of_its_own_takes_none_as_its_answer(tmp_path: Path, settings: Settings) -> None:
    """review heldout16: a paper form's "5. ABOUT YOU (the person notifying)" over a blank "Name: ____" (in a form of
    numbered questions answered on the lines below) is no notifier; the questions answered below are still read."""
    form = ("LeDeR notification of death\n\n1. Date of death\n02/03/2025\n\n2. Place of death\nExample General Hospital\n\n"
            "3. Cause of death\n1a Pneumonia\n\n"
            "5. ABOUT YOU (the person notifying)\n   Name:                 ______________\n"
            "   Role / organisation:  ______________\n   Date:                 20/01/2025\n")
    case, _ = make_case(tmp_path, {"Notification of death.txt": form}, settings)
    checks = {c.item: c.status for c in check_notification(case, settings)}
    assert checks["notifier"] == "missing"
    assert (checks["date_of_death"], checks["place_of_death"], checks["cause_of_death"]) == ("present",) * 3


@pytest.mark.parametrize(("form", "value"), [
    # review heldout12: the tick-box options wrap onto indented lines, each option before its box; the one ticked is
    # on the second line
    ("Ethnicity:         White - British [ ]   White - Irish [ ]\n"
     "                   White - any other White background [X]  (please say) Polish\n"
     "                   Mixed [ ]   Asian/Asian British [ ]   Black/Black British [ ]\n"
     "First language:    Polish\n", "White - any other White background"),
    # an indented field of its own below is not a wrapped option
    ("Ethnicity:  White - British [ ]   White - Irish [ ]\n     Other: see GP record [ ]\n", ""),
])
def test_tick_box_options_wrapping_onto_the_lines_below(tmp_path: Path, settings: Settings, form: str, value: str) -> None:
    from leder_assist.fields import form_fields, ticked
    case, _ = make_case(tmp_path, {"Notification of death.txt": "LeDeR notification of death\n" + form}, settings)
    ethnicity = next(f for f in form_fields(case.documents[0]) if f.name == "ethnicity")
    assert ticked(ethnicity.value) == value


def test_a_death_years_before_the_person_s_is_a_bereavement(tmp_path: Path, settings: Settings) -> None:
    """review heldout24: "Ron died in 1988" in a social worker's review of a woman who died in 2024 is her husband's
    death, a bereavement in her life, not a second death of hers."""
    text = ("Care Act review 21/05/2019\nName: Madge Example\nShe married Ron in 1969. Ron died in 1988.\n")
    case, red = make_case(tmp_path, {"Review.txt": text, "Notification.txt": notification()}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    kinds = {(e.date.year, e.kind) for e in events if e.date}
    assert (1988, "bereavement") in kinds and (1988, "death") not in kinds
    assert any(e.kind == "death" and e.date and e.date.year == 2024 for e in events)


def test_a_clinic_letter_s_date_is_the_clinic_and_its_typing_date_is_none(tmp_path: Path, settings: Settings) -> None:
    """review heldout23: "Clinic date: 25/10/2022   Typed: 27/10/2022" is one clinic, on the 25th."""
    text = ("Breast Unit, One-Stop Clinic\nClinic date: 25/10/2022          Typed: 27/10/2022\nDear Dr Fairweather,\n"
            "Thank you for referring this lady.\n")
    case, red = make_case(tmp_path, {"Clinic letters.txt": text, "Notification.txt": notification()}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    clinics = [e.date.isoformat() for e in events if e.kind == "clinic"]
    assert clinics == ["2022-10-25"]


# --------------------------------------------------------------------------- review heldout25 misses, fixed generically

@pytest.mark.parametrize(("value", "verdict"), [
    # a form's field nobody filled in is no ethnicity, so never a trigger
    ("[not completed]", "not_recorded"), ("Not filled in", "not_recorded"), ("(left blank by the notifier)", "not_recorded"),
    ("not answered", "not_recorded"), ("Blank", "not_recorded"), ("Not specified", "not_recorded"),
    # traps: a group recorded with a part left unsaid is still a group
    ("Any other Asian background - not specified", "trigger"), ("Black - other (not specified further)", "trigger"),
])
def test_ethnicity_values_left_blank(settings: Settings, value: str, verdict: str) -> None:
    assert classify_ethnicity(value, triage_rules(settings).ethnicity) == verdict


def test_an_ethnicity_nobody_filled_in_is_an_uncertainty_and_missing(tmp_path: Path, settings: Settings) -> None:
    """review heldout25: a web form's "Ethnicity: [not completed]" and a hospital header's "Ethnic category: Z - Not
    stated" record no ethnicity: no ETHNICITY trigger, an uncertainty, and the notification check lists it missing."""
    hospital = ("Example General Hospital - death summary\nPatient: Test EXAMPLE   Hosp No: EX0000001\n"
                "NHS No: 9990000000        Ethnic category: Z - Not stated\n")
    case, red = make_case(tmp_path, {"Notification.txt": notification("[not completed]"),
                                     "Death summary.txt": hospital}, settings)
    result = triage(case, red, [], None, settings)
    assert [t.code for t in result.triggers] == []
    assert [u.split(" ")[0] for u in result.uncertainties] == ["ethnicity"]
    assert {c.item: c.status for c in check_notification(case, settings)}["ethnicity"] == "missing"


@pytest.mark.parametrize(("text", "item", "status"), [
    # a caller without the answer, who says who has it; a hospital header asking for it to be added
    ('GP: caller didn\'t have it ("the care home will know")\n', "gp", "missing"),
    ("GP: notifier does not have the details to hand\n", "gp", "missing"),
    ("GP: ** not recorded on PAS - please update **\n", "gp", "missing"),
    # traps: a practice named beside a deferral, a practice on a record
    ("GP: Example Surgery - the home will have the details\n", "gp", "present"),
    ("GP: Dr Test, Example Practice (recorded on PAS)\n", "gp", "present"), ("GP: Example Surgery will know\n", "gp", "present"),
    # a form's question "Who else knew the person well?" answered on the lines below; an e-mail's "Family:" line
    ("1. Date of death\n02/03/2025\n\n2. Place of death\nHome\n\n3. Cause of death\n1a Pneumonia\n\n"
     "4. Who else knew the person well?\n   Mrs Test Example (mother) - same address\n", "knew_person", "present"),
    ("Date of death: 02/03/2025\nFamily:  mother Test Example (needs an interpreter),\n         sister Jo (speaks English)\n",
     "knew_person", "present"),
    # traps: a family history is nobody who knew the person; a family line that names nobody
    ("Date of death: 02/03/2025\nFamily history: mother - type 2 diabetes\n", "knew_person", "missing"),
    ("Date of death: 02/03/2025\nFamily: not known\n", "knew_person", "missing"),
])
def test_notification_fields_of_heldout25(tmp_path: Path, settings: Settings, text: str, item: str, status: str) -> None:
    """review heldout25: a telephone note's GP the caller did not have, a question "Who else knew the person well?", an
    e-mail's "Family:" line."""
    case, _ = make_case(tmp_path, {"Notification of death.txt": "LeDeR notification of death\n" + text}, settings)
    assert {c.item: c.status for c in check_notification(case, settings)}[item] == status


@pytest.mark.parametrize(("family", "evidence_in", "fam"), [
    # the family saying plainly they have no concerns about the care outweighs the classifier's reading of a nurse's
    # "Radio on, Mum said ..." as a family concern
    ("Conversation with family\nMum and Jo both said they have no concerns about Sam's care and did not want anything "
     "else looked at.\n", "D02", False),
    ("Conversation with family\nWe've got no complaints at all, everybody was lovely.\n", "D02", False),
    # traps: a concern beside the denial; a denial of one thing only; the classifier's evidence in the family's own notes
    ("Conversation with family\nThey have no concerns about the hospice, but the GP never listened.\n", "D02", True),
    ("Conversation with family\nMum has no worries about his weight now.\n", "D02", True),
    ("Conversation with family\nMum said they have no concerns about Sam's care.\nJo said the ward kept them waiting "
     "for hours.\n", "D03", True),
])
def test_a_classifier_only_family_concern_the_family_deny_is_no_signal(tmp_path: Path, settings: Settings, family: str,
                                                                      evidence_in: str, fam: bool) -> None:
    """review heldout25: a classifier-only FAM on a district nurse's "Radio on, Mum said ..." is no signal where the
    family say in plain words that they have no concerns about the care."""
    from leder_assist.record import Evidence, Theme

    nursing = "District nursing notes\n04/03/2024 Radio on, Mum said \"he'd want it on\".\n"
    case, red = make_case(tmp_path, {"01 Notification.txt": notification(cause="1a Bowel cancer") + "Age at death: 64\n",
                                     "02 District nursing notes.txt": nursing,
                                     "03 Family conversation.txt": family}, settings)
    assert case.document("D03").kind == "family"
    themes = [Theme(code="FAM", label="Family concerns", score=0.93, found_by="classifier",
                    evidence=[Evidence(doc_id=evidence_in, page=1, quote="q")])]
    result = triage(case, red, themes, None, settings)
    assert ("FAM" in {s.code for s in result.signals}) is fam
    # a theme a rule found is never overruled this way
    ruled = [themes[0].model_copy(update={"found_by": "rules"})]
    assert "FAM" in {s.code for s in triage(case, red, ruled, None, settings).signals}


def test_a_family_line_elsewhere_is_no_contact_for_the_notification(tmp_path: Path, settings: Settings) -> None:
    """review heldout25 (and its trap in heldout19): an e-mail notification's "Family:" line names whom to contact; a
    safeguarding record's "Family: niece informed" does not state someone who knew the person well."""
    form = "LeDeR notification of death\nDate of death: 02/03/2025\nGP: Dr Test, Example Practice\n"
    record = "Safeguarding record\nConcern: pressure damage\nFamily: niece informed and wants to be involved.\n"
    case, _ = make_case(tmp_path, {"Notification of death.txt": form, "Safeguarding record.txt": record}, settings)
    assert {c.item: c.status for c in check_notification(case, settings)}["knew_person"] == "missing"


@pytest.mark.parametrize(("title", "header", "kind", "date"), [
    # a reviewer's record of a conversation, dated by its header's "Date:" after the person's date of death
    ("LeDeR review - record of conversation", "Person: Sam Example, died 02/01/2024\nWith: his sister\n"
     "Date/place: 14/02/2024, at her home\n", "conversation", "2024-02-14"),
    ("LeDeR review: family conversation (telephone)", "Spoke with: Jo Example (brother)\n"
     "Reviewer: Test Reviewer          Date: Wed 21 February 2024, 18:00\n", "conversation", "2024-02-21"),
    # a service's annual review, dated by its review date, not by when the arrangement started
    ("ANNUAL REVIEW OF ARRANGEMENT (long term)", "Arrangement start: 01/03/2011\nReview date:     9th January 2024, at home\n",
     "review", "2024-01-09"),
])
def test_a_conversation_or_review_document_is_that_episode_on_its_header_date(tmp_path: Path, settings: Settings, title: str,
                                                                              header: str, kind: str, date: str) -> None:
    """review heldout25: the notes of a reviewer's talk with the family, and a Shared Lives annual review."""
    case, red = make_case(tmp_path, {"Document.txt": f"{title}\n{header}\nShe liked the market on Saturdays.\n"}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    assert [(e.date.isoformat(), e.kind) for e in events if e.kind == kind] == [(date, kind)]


def test_a_record_naming_what_the_family_call_the_person_is_no_conversation(tmp_path: Path, settings: Settings) -> None:
    """review heldout25's trap in heldout22: a GP extract's "Name: ... (his family call him Fai)" is no family call."""
    text = ("EXAMPLE HEALTH CENTRE - PATIENT RECORD EXTRACT\nRequested 04/04/2024\n"
            "Name: Test EXAMPLE (known as Ben; his family call him Fai)\n\n02/01/2024  Dr Test - reviewed.\n")
    case, red = make_case(tmp_path, {"GP record.txt": text}, settings)
    events, _ = TimelineBuilder(settings).build(case, red)
    assert not [e for e in events if e.kind == "conversation"]


@pytest.mark.parametrize(("line", "given"), [
    # what the family ask the portrait to say of the person is their words, even under "Concerns / what the family want"
    ('Mum asked that the review says he was "a kind lad and a good brother".', True),
    ('He asked\nthat it says "she was a proud Eastbay girl".', True),
    # traps: what they ask of the review itself, or of the note-taker
    ('They asked that the review is done "properly" and that they can see the report.', False),
    ('Jo asked that I write down "what Sam was like, not just what went wrong".', False),
    # (a quotation further on gives a reason, not what is to be said: heldout4)
    ('Jo asked that the pen portrait says Sam was Welsh "because that was who he was".', False),
])
def test_what_the_family_ask_the_portrait_to_say_is_their_words(tmp_path: Path, settings: Settings, line: str,
                                                                 given: bool) -> None:
    """review heldout25: "Mum asked that the review says he was "a good son ..."" and "He asked that it says "she was a
    proud ... girl"" (cf. heldout4's "asked that the pen portrait says Danny was Irish")."""
    note = ("LeDeR review - conversation with family\nSpoke with: his mum and sister\n\nAbout Sam\n"
            "Mum said: \"He was the kindest boy, he'd give you his last biscuit.\"\n\nConcerns / what the family want\n"
            + line + "\n")
    case, red = make_case(tmp_path, {"Family conversation.txt": note}, settings)
    portrait = PortraitBuilder(settings).build(case, red)
    words = next((sec.sentences for sec in portrait.sections if sec.heading == "In their family's words"), [])
    key = line.split('"')[1]
    assert any(key in s.text for s in words) is given
