"""Context rules on a table of tricky sentences: negation (prose and form-style), scope after
colons, headers and terminators, hypothetical and planned, other people, history, uncertainty."""

from __future__ import annotations

import pytest

from leder_assist.evaluate.redaction import note_case
from leder_assist.extract.context import person_names
from leder_assist.extract.nlp import get_pipeline, make_doc

N, H, O, HI, U = "negated", "hypothetical", "other_person", "historical", "uncertain"

# (text, mention, expected context categories of the mention's first occurrence)
CASES = [
    # negated: prose
    ("No signs of aspiration.", "aspiration", {N}),
    ("There is no evidence of pneumonia on the x-ray.", "pneumonia", {N}),
    ("Denies chest pain.", "chest pain", {N}),
    ("She denied any seizures this week.", "seizures", {N}),
    ("Nil constipation reported by staff.", "constipation", {N}),
    # themes heldout22: the writer's own illness with an organ between ("my breast cancer"), a relative's mood at a
    # line's start, something not in place, a form question ending "now?"
    ("I can't go round myself, I'm having chemo for my breast cancer and I'm wiped out.", "cancer", {O}),
    ("Mum's low mood since Hafsa died - GP started sertraline.", "low mood", {O}),
    ("Escalation: for full escalation, DNACPR not in place.", "DNACPR", {N}),
    ("Thoughts of suicide or self-harm now?     [ ] Yes  [x] No", "self-harm", {N, U}),
    ("No seizures last year, now having fits most weeks.", "fits", set()),
    # themes heldout20: a checklist row whose boxes follow their items; a ticked one stays
    ("Long-term conditions: Epilepsy [ ]  Diabetes [ ]  Constipation [x]", "Epilepsy", {N}),
    ("Long-term conditions: Epilepsy [ ]  Diabetes [ ]  Constipation [x]", "Constipation", set()),
    ("[x] Epilepsy [ ] Diabetes", "Epilepsy", set()),
    ("Without any choking at lunch.", "choking", {N}),
    ("He has never had a seizure.", "seizure", {N}),
    ("Not known to have epilepsy.", "epilepsy", {N}),
    ("Absence of bruising on examination.", "bruising", {N}),
    ("No fever, cough, vomiting or constipation.", "constipation", {N}),
    ("Negative for COVID-19.", "COVID-19", {N}),
    ("Free of pressure sores.", "pressure sores", {N}),
    ("Pneumonia ruled out on CT.", "Pneumonia", {N}),
    ("Sepsis unlikely given normal bloods.", "Sepsis", {N}),
    ("COVID swab negative.", "COVID", {N}),
    ("No further seizures overnight.", "seizures", {N}),
    ("No concerns about her swallowing.", "swallowing", {N}),
    ("No history of falls.", "falls", {N}),
    ("She did not have a DNACPR in place.", "DNACPR", {N}),
    ("Chest clear, no crackles.", "crackles", {N}),
    # negated: form style and scope after colons
    ("Constipation: No", "Constipation", {N}),
    ("Constipation: No.", "Constipation", {N}),
    ("Fever: No", "Fever", {N}),
    ("Falls - none.", "Falls", {N}),
    ("Seizures: nil", "Seizures", {N}),
    ("Seizures - nil known", "Seizures", {N}),
    ("Safeguarding concerns: No.", "Safeguarding", {N}),
    ("Epilepsy: no history of epilepsy.", "Epilepsy", {N}),
    ("Psychotropic medication: none (STOMP not applicable).", "Psychotropic", {N}),
    ("Falls: none in last 12 months.", "Falls", {N}),
    ("Constipation: No, diarrhoea: yes", "diarrhoea", set()),
    ("Constipation: yes", "Constipation", set()),
    ("Dysphagia: known, on IDDSI level 4", "Dysphagia", set()),
    ("Diagnosis: aspiration pneumonia", "aspiration pneumonia", set()),
    ("Seizures: 3 this week", "Seizures", set()),
    ("Allergies: nil known. Epilepsy: yes", "Epilepsy", set()),
    ("Falls in last 12 months: 0", "Falls", {N}),  # a count of nought is a no
    ("Falls in last month: 0        Falls in last 12 months: 0", "Falls", {N}),
    ("Falls: 2        Constipation: 0", "Falls", set()),  # a column gap starts a new field
    ("Seizures: 0 this month, 3 last month", "Seizures", set()),
    # a form question keeps its answer (and its "?" is not uncertainty)
    ("Concerns about handover or information sharing between services?  No", "handover", {N}),
    ("Concerns about handover? No\nSafeguarding referral made?  Yes", "Safeguarding", set()),
    ("Bed rails in place? Yes - checked at 22:00", "Bed rails", set()),
    ("Was the choking witnessed?", "choking", {U}),
    # heldout16: a possibility, a first-person form answer, another resident in an aside, a relative's own illness
    ("Staff are aware seizures can happen in people with Down syndrome.", "seizures", {H}),
    ("Falls: I have not had any falls this year.", "Falls", {N}),
    ("The report concerns Mrs Joan Tait, another resident, who fell in the hall.", "fell", {O}),
    ("Her dad is having treatment for his own bowel cancer.", "bowel cancer", {O}),
    ("He has seizures most nights; they can happen at any time.", "seizures", set()),
    # terminators end the scope
    ("No cough but aspiration pneumonia confirmed on CT.", "aspiration pneumonia", set()),
    ("No fever, however the x-ray shows consolidation.", "consolidation", set()),
    ("No vomiting; constipation for 5 days.", "constipation", set()),
    ("Not eating, and constipated.", "constipated", set()),
    ("No pain apart from his constipation.", "constipation", set()),
    ("Nil by mouth after choking.", "choking", set()),
    ("No improvement in his chest infection.", "chest infection", set()),
    ("Not himself today, sleepy.", "Not himself", set()),
    ("Bowels not opened for 6 days.", "Bowels not opened", set()),
    ("AHC not completed since 2019.", "AHC", set()),  # "not completed" is a pseudo-trigger: a gap in care
    ("No seizures this month although his valproate was missed.", "valproate", set()),
    # hypothetical / planned
    ("If he develops a chest infection give antibiotics.", "chest infection", {H}),
    ("To monitor for seizures overnight.", "seizures", {H}),
    ("Watch for signs of dehydration.", "dehydration", {H}),
    ("Should she become septic, call 999.", "septic", {H}),
    ("In the event of a seizure give buccal midazolam.", "seizure", {H}),
    ("CT abdomen to rule out malignancy.", "malignancy", {H}),
    ("Safety netting advice given re sepsis.", "sepsis", {H}),
    ("Laxatives to prevent constipation.", "constipation", {H}),
    ("Staff to use RESTORE2 if he seems unwell.", "RESTORE2", {H}),
    ("Return if any signs of aspiration.", "aspiration", {H}),
    ("As if he was in pain, grimacing with constipation.", "constipation", set()),
    ("He had a seizure at 3am.", "seizure", set()),
    ("His mother said she had been thinking about applying to the Court of Protection to become his deputy.", "Court of Protection", {H}),
    ("His sister intends to apply for a DoLS review.", "DoLS", {H}),
    ("Health check pilot: he is on the list to be invited in the next phase.", "Health check", {H}),
    ("She is thinking about making a formal complaint.", "complaint", set()),  # meaning to complain is a concern
    ("She had no concerns about his care and has not made any complaint.", "complaint", {N}),
    ("Referral not made to SALT.", "SALT", set()),  # "not made" after the noun is still a gap in care
    # other person
    ("Her mother had breast cancer.", "breast cancer", {O}),
    ("Brother has epilepsy.", "epilepsy", {O}),
    ("His father died of a heart attack.", "heart attack", {O}),
    ("Family history of bowel cancer.", "bowel cancer", {O}),
    ("FH: ischaemic heart disease.", "ischaemic heart disease", {O}),
    ("Breast cancer in her mother.", "Breast cancer", {O}),
    ("Family history: father had diabetes.", "diabetes", {O}),
    ("FAMILY HISTORY\nFather - type 2 diabetes. Maternal aunt - breast cancer.\n\nMEDICATION\nMetformin", "breast cancer", {O}),
    ("FAMILY HISTORY\nFather - type 2 diabetes.\n\nMEDICATION\nMetformin for diabetes", "Metformin", set()),
    ("Another resident had a fall last night.", "fall", {O}),
    ("Mum said he had been choking on his food.", "choking", set()),
    ("His sister told us he had a fall on Sunday.", "fall", set()),
    ("Mum raised concerns that he was losing weight.", "losing weight", set()),
    ("His brother visited; he had a seizure after lunch.", "seizure", set()),
    ("Family history: nil relevant.\nHe has epilepsy.", "epilepsy", set()),
    ("Her uncle Stan has been very low since and is being treated by his own GP for depression.", "depression", {O}),
    ("His sister Jean has visited; he had a seizure after lunch.", "seizure", set()),
    ("Mum has been visiting daily and he has been on thickened fluids since March.", "thickened fluids", set()),
    ("Staff training matrix: DNACPR awareness e-learning completed by 6 of 9 staff.", "DNACPR", {O}),
    ("Staff training matrix reviewed. DNACPR discussed with his sister.", "DNACPR", set()),
    # historical
    ("History of pneumonia in 2015.", "pneumonia", {HI}),
    ("Previous fractured wrist.", "fractured wrist", {HI}),
    ("Known epilepsy, well controlled.", "epilepsy", {HI}),
    ("PMH: pneumonia 2015", "pneumonia", {HI}),
    ("No history of pneumonia.", "pneumonia", {N}),
    ("Over the past 24 hours he has been coughing.", "coughing", set()),
    # uncertain
    ("Possible aspiration.", "aspiration", {U}),
    ("?sepsis", "sepsis", {U}),
    ("? chest infection - start antibiotics", "chest infection", {U}),
    ("Suspected bowel obstruction.", "bowel obstruction", {U}),
    ("Likely urosepsis.", "urosepsis", {U}),
    ("Picture in keeping with aspiration pneumonia.", "aspiration pneumonia", {U}),
    ("Sepsis cannot be excluded.", "Sepsis", {U}),
    # spoken and decided-against negation, answers that mean nothing wrong
    ("He didn't fall and didn't hit his head.", "fall", {N}),
    ("Decided against starting risperidone.", "risperidone", {N}),
    ("I don't think it's anything like cancer, but she needs to be seen.", "cancer", {N}),
    ("Mood / mental health: happy, no concerns", "mental health", {N}),
    ("Bowels: normal.", "Bowels", {N}),
    ("Epilepsy: well controlled on valproate.", "Epilepsy", set()),
    ("I want to know why she wasn't seen and why I was not listened to.", "not listened to", set()),
    ("Why was his constipation not treated?", "constipation", {U}),  # not negated; the "?" is a question
    # someone else: a note that says so, the speaker's own illness, a relative named earlier
    ("Another attendee has been diagnosed with epilepsy (not relevant to Sam, noted for the risk assessment).", "epilepsy", {O}),
    ("Old fracture, not relevant to this admission.", "fracture", {HI}),  # still his own
    ("You have epilepsy yourself, his mother told me.", "epilepsy", {O}),
    ("Mum (Ann) and Dad (Ray) visit weekly.\nShe moved to the home when Ray had his stroke.", "stroke", {O}),
    ("Her brother Tom visits weekly.\nTom has diabetes.", "diabetes", {O}),
    ("Mum (Ann) visits weekly.\nShe had a stroke in May.", "stroke", set()),
    ("Mum (Ann) visits weekly.\nAnn said she had a stroke in May.", "stroke", set()),
    # tick-box forms, general knowledge, plans still to be arranged
    ("Epilepsy: [ ] Yes  [x] No", "Epilepsy", {N}),
    ("Falls in last year  Yes [ ]  No [x]", "Falls", {N}),
    ("Epilepsy: [x] Yes  [ ] No", "Epilepsy", set()),
    ("Epilepsy: [ ] Yes  [x] No\nFalls: [x] Yes  [ ] No", "Falls", set()),
    ("People with Down's syndrome and dementia can develop late-onset seizures, so staff to monitor.", "seizures", {H}),
    ("OT recommended that a capacity assessment about whether he could decide on moving to a care home "
     "be arranged after discharge.", "capacity assessment", {H}),
    ("A capacity assessment has been arranged for Monday.", "capacity assessment", set()),
    # other residents and the speaker's own illness
    ("- Resident in room 4 had an unwitnessed fall at 02:00 - both night staff attended her.", "fall", {O}),
    ("The other person placed with me, Mr T., had a mental health crisis that week.", "mental health", {O}),
    ("Another service user was diagnosed with COVID-19 on Monday.", "COVID-19", {O}),
    ("He pushed another resident and then had a fall.", "fall", set()),
    ("I have my own hospital appointment on Thursday for my epilepsy so I can't visit.", "epilepsy", {O}),
    ("I had a fall myself last winter.", "fall", {O}),
    ("My son's seizures were getting worse.", "seizures", set()),
    ("I made my complaint to PALS in June.", "complaint", set()),
    ("Family contact: Nora Pellow-Grant (sister, next of kin)\nNora herself has had a fall and broke her wrist.",
     "fall", {O}),
    # other people without a relation word next to the illness (devtraps1, heldout7 after its score)
    ("06/03/23 15:10 Mr H (Flat 2) had a fall in the lounge, no injury.", "fall", {O}),
    ("GP in today for Mrs Ivy Marsh's annual health check (room 7).", "annual health check", {O}),
    ("22/02/23 07:30 JP off sick with flu; agency worker AG covering this week.", "flu", {O}),
    ("His dad's the one with the chest, the COPD.", "COPD", {O}),
    ("My sister's lad has epilepsy and has seizures most weeks.", "epilepsy", {O}),
    ("He's on tablets and he's still having his own treatment for prostate cancer.", "prostate cancer", {O}),
    ("There was bother when one of the other ladies had money going missing - the staff reported it to "
     "safeguarding - but that was nothing to do with\nBernie.", "safeguarding", {O}),
    ("The only safeguarding referral this year concerned another tenant's finances.", "safeguarding referral", {O}),
    ("Housemate Ben (non-verbal, uses Makaton) joined him.", "Makaton", {O}),
    # checklists, form answers and denials that reach far
    ("[ ] Constipation      Bowels: opens daily, no problems.", "Constipation", {N}),
    ("[x] Constipation      Bowels: not opened for 5 days.", "Constipation", set()),
    ("Choking            | N        | Eats a normal diet.", "Choking", {N}),
    ("Makaton: not used.", "Makaton", {N}),
    ("Hospital passport not used on admission.", "Hospital passport", set()),
    ("- Seizures: Tessa does not have epilepsy; no seizure plan is needed.", "Seizures", {N}),
    ("Since the PEG there has not been\n  a single chest infection or any episode that looked like aspiration.",
     "aspiration", {N}),
    # information, standards, staff training and beliefs are not the person's illness
    ("- given all staff the leaflet \"Falls and sedating medicines\";", "Falls", {H}),
    ("Easy read leaflet given on discharge.", "Easy read", set()),
    ("Good practice standard: the acute LD liaison team should be told of every admission.", "admission", {H}),
    ("Epilepsy awareness & buccal midazolam   | 9/9           | 03/2023", "Epilepsy", {O}),
    ("Liam got it into his head he had cancer too.", "cancer", {H}),
    ("Seizure plan: if it continues 10 minutes after midazolam call 999 - he will be taken to ED.", "taken to ED", {H}),
    # several mentions in one sentence, each with its own context
    ("Aspiration pneumonia; no seizures.", "Aspiration pneumonia", set()),
    ("Aspiration pneumonia; no seizures.", "seizures", {N}),
    # in a note plainly about a man, "her" condition is someone else's (and "his" in one about a woman)
    ("He missed his sister and he asked for his tablet. He was sad. Karen could not visit because of her epilepsy.",
     "epilepsy", {O}),
    ("She saw her GP and she took her tablets. She was tired. Her brother stayed away with his own chest infection.",
     "chest infection", {O}),
    ("He missed his sister and he asked for his tablet. He was sad. I explained to her constipation was likely.",
     "constipation", set()),
    ("Karen and Joe visited. Karen could not stay long because of her epilepsy.", "epilepsy", set()),
    # another tenant named with an aside, general advice, a form's "not identified", advice and plans
    ("19:40 Leon (lives here too) had a tonic-clonic seizure in the lounge.", "seizure", {O}),
    ("Olive (the other tenant) slipped in the bathroom at 20:15.", "slipped", {O}),
    ("Practice newsletter: if you have a learning disability you can have a free annual health check.",
     "annual health check", {H}),
    ("- Diagnostic overshadowing: not identified.", "overshadowing", {N}),
    ("Missed deterioration not identified by the home until day 3.", "deterioration", set()),
    ("Advised: call 999 for admission if the pain lasts.", "admission", {H}),
    ("If staff have doubts, request a capacity assessment.", "capacity assessment", {H}),
    ("She asked that her family's experience of bowel cancer be kept separate.", "bowel cancer", {O}),
    # heldout11 after its first score: an admission only expected, general knowledge, a prognosis, advice,
    # another resident by "Rm" or by a letter, a PRN dose that was given, the speaker's own health
    ("Seizure plan: call 999 if no response 10 min after Buccolam - he will probably be admitted.", "admitted", {H, U}),
    ("Late-onset epilepsy common in DS with dementia - staff to record any jerks.", "epilepsy", {H}),
    ("Seizures are more common in people with Down's syndrome.", "Seizures", {H}),
    ("As her swallow is likely to deteriorate further, I suggest an early conversation.", "deteriorate", {H, U}),
    ("He is likely to have aspirated on his vomit.", "aspirated", {U}),  # a past event, only uncertain
    ("BMI 39.6. Advised weight loss, leg elevation.", "weight loss", {H}),
    ("Weight loss of 6 kg since March, advised fortified diet.", "Weight loss", set()),
    ("Breathless walking to the lounge. HF nurse phoned - advised GP.", "GP", set()),  # who was told, not advice
    ("Bedside swallow screen passed; should he cough with fluids, refer SALT.", "SALT", {H}),
    ("06/02/24 L  Mr Hollis (Rm 4) had a fall in the dining room at teatime.", "fall", {O}),
    ("15/05 L  Patient B fell in the courtyard at 16:20 - separate incident report.", "fell", {O}),
    ("15/05 L  Patient fell in the courtyard at 16:20.", "fell", set()),
    ("Haloperidol 0.5 mg PRN given on 3 nights.", "Haloperidol", set()),
    ("Haloperidol 0.5 mg PRN for agitation.", "Haloperidol", {H}),
    ("We are getting older and my own health - I had the breast cancer in 2020 - I could not lift her.",
     "breast cancer", {O}),
    ("Name: Harold Pickstock\nDennis passed in 2019 with his lung cancer and Harry took it hard.", "lung cancer", {O}),
    ("Name: Dennis Pickstock\nDennis passed in 2019 with his lung cancer.", "lung cancer", set()),
    # traps heldout8-10 still gave after their fixes: another person's story goes on through "after his ...", an
    # ambulance "called for her", "- not <the person>", a possible side effect, a practice's plan, a family
    # history given by someone, a roommate in a form, what was done for another resident, "her own" in a
    # case about a man, a relative's fall, an outbreak that did not reach the person's unit
    ("Name: Delroy Beck\nUpset because Kevin (Flat 3) had a paramedic visit last night after his fall on the stairs.",
     "fall", {O}),
    ("No pain after his fall on the stairs.", "fall", set()),
    ("Doreen (other resident) had a fall in the lounge, ambulance called for her, she went to hospital with a "
     "suspected wrist fracture.", "fracture", {O, U}),
    ("Name: Bally Dhillon\nDoreen fell in the lounge, she went to A&E with a suspected wrist fracture - not Bally, "
     "he was asleep.", "fracture", {O, U}),
    ("Name: Bally Dhillon\nBally had a fall - not a serious one.", "fall", set()),
    ("Leaflet with his prescription: quetiapine may cause constipation - tell your doctor.", "constipation", {H}),
    ("The practice plans to invite autistic adults for a yearly health check next spring.", "health check", {H}),
    ("Family history given by his brother: he has diabetes.", "diabetes", {O}),
    ("Roommate: Mr Ellis - depression, CPN visits weekly.", "depression", {O}),
    ("The agency nurse interpreted in Yoruba for Mrs A's family visit (Room 11).", "Yoruba", {O}),
    ("He lived at home and loved his garden. He went to his club and his church. Folake has been low since he "
     "died; her own GP has started treatment for depression.", "depression", {O}),
    ("Mum fell in the kitchen last winter and broke her wrist.", "fell", {O}),
    ("My son fell in the kitchen last winter.", "fell", set()),
    ("COVID-19 outbreak on Willow unit - Kath's unit not affected.", "COVID-19", {N, O}),
    # heldout12 (first score): tables, dot leaders, asides about other people
    ("| DNACPR in place | N |", "DNACPR", {N}),  # a table cell answered N
    ("| Epilepsy | N | |", "Epilepsy", {N}),
    ("| Epilepsy | Y | focal seizures |", "Epilepsy", set()),
    ("Falls in last 12 months .... [ ] Yes  [x] No   (hoisted for all transfers)", "Falls", {N}),  # dot leaders
    ("Falls in last 12 months .... [x] Yes  [ ] No", "Falls", set()),
    ('Support plan: "risk of aspiration if he vomits - sit him upright"', "aspiration", {H}),
    ("My wife were poorly herself wi' her breast cancer in 2019.", "breast cancer", {O}),
    ("FHx: father d. bowel cancer aged 47.", "bowel cancer", {O}),
    ("Mrs Dodd (Room 4) now receiving palliative care for her lung cancer.", "lung cancer", {O}),
    # themes heldout23/24 (first scores): a relative's own story through "now"; an instruction to report a sign; a form's
    # question; what a relative has had since the person died
    ("My dad is in the hospice now with the cancer in his lungs so it's been one thing on another.", "cancer", {O}),
    ("My dad is in the hospice now with the cancer in his lungs.", "hospice", {O}),
    ("His mum had a stroke, now he has a cough.", "cough", set()),
    ("No seizures last year, now having fits most weeks.", "fits", set()),
    ("Clozapine information sheet for staff (laminated, in clinic room): report constipation straight away;", "constipation", {H}),
    ("Q6. Any falls or injuries recently?  A. No falls and no injuries.", "falls", {H, U}),
    ("Any falls? Yes - fell in the bathroom on 2/1.", "falls", set()),
    ("Name: Nadia Brennan\nCarol said she has had depression since Nadia died and is seeing her own GP.", "depression", {O}),
    ("Name: Nadia Brennan\nNadia has had depression since 2019.", "depression", set()),
    ("Name: Jane Akhtar\nMr Hughes continues to have frequent seizures, most often at night, and staff at the home "
     "must bring his seizure chart and the buccal midazolam protocol to his next review.", "buccal midazolam", {O}),
    ("Name: Jane Akhtar\nMr Akhtar continues to have frequent seizures.", "seizures", set()),  # the person's surname
    ("We are sorry that your mother's levetiracetam doses were missed on Ward 12.", "levetiracetam", {O}),
    ("We are sorry that your brother's observations were missed; his seizure was not reported.", "seizure", set()),
    # heldout13 (first score): dot-leader rows, unlabelled Yes/No boxes, relatives in apposition, rooms as
    # people, another patient's ward, boilerplate on every form
    ("Head injury ........................ NO", "Head injury", {N}),
    ("Epilepsy ..................... N\nFalls ....................... YES - two this month", "Falls", set()),
    ("Safeguarding concerns ............. YES - referral made 03/04", "Safeguarding", set()),
    ("Seizures ..................... 2 this month", "Seizures", set()),
    ("DNACPR / ReSPECT ............... N/A", "DNACPR", {N}),
    ("Gastric cancer or its treatment .........  [ ]  [x]", "cancer", {N}),
    ("Oral contraception .........  [x]  [ ]", "contraception", set()),
    ("She told me their uncle Norman, who died in 2009, had diabetes.", "diabetes", {O}),
    ("Her granddad is having radiotherapy at the moment.", "radiotherapy", {O}),
    ("A cousin on his mother's side has schizophrenia.", "schizophrenia", {O}),
    ("My father, Ray's brother Dennis, died of lung cancer in 2012.", "lung cancer", {O}),
    ("Mr Oakes rm 2 had a fall in the dining room at teatime.", "fall", {O}),
    ("14/03 Room 6 has a chest infection, GP called for him.", "chest infection", {O}),
    ("14/03 (Jo) - Room 2 fell in the corridor, ambulance called.", "fell", {O}),
    ("Another tenant (Bridget) had a fall on the stairs.", "fall", {O}),
    ("Another resident fell in the hallway, first aid given.", "fell", {O}),
    ("Pt on Linden ward had a seizure in the lounge, staff attended.", "seizure", {O}),
    ("Ward template text (applies to all admission forms): \"Check bowels weekly for constipation.\"", "constipation", {H}),
    ("--- Oakfield leaflet insert (all care plans) ---\n\"Choking prevention: every resident has a swallow screen on admission.\"",
     "admission", {H}),
    ("All patients prescribed lithium must have monthly bloods and a check for dehydration.", "dehydration", {H}),
    ("Every resident has had the flu vaccine this winter.", "flu vaccine", set()),
    ("Hospital admission discussed and not pursued.", "admission", {N}),
    # heldout14: another tenant or resident named by flat or room ("Flat 2 tenant has", "Rm 4 (Mr B) had")
    ("03/07/23 Jo - Flat 2 tenant has a chest infection, GP been.", "chest infection", {O}),
    ("29/01/24 N  Jo - Rm 4 (Mr B) had seizure in lounge 22:40, buccal given.", "seizure", {O}),
    ("The resident in Flat 2 has a chest infection.", "chest infection", {O}),
    # safety-netting and general advice: "When to call us:", "these can be signs of", "If you suspect ..."
    ('When to call us: if she seems "not herself", is suddenly drowsy or confused, has a high temperature or shivers - '
     "these can be signs of infection or sepsis.", "sepsis", {H}),
    ("Shivers and confusion can be signs of infection.", "infection", {H}),
    ("If you suspect a person we support is being abused or neglected, report it to your line manager or the "
     "Safeguarding Lead the same day.", "Safeguarding", {H}),
    ("SAFEGUARDING - the company has a zero-tolerance approach to abuse and neglect.", "SAFEGUARDING", {H}),
    # a template question offering both answers records neither
    ('Transfer letter template amended to include "Clozapine / lithium / insulin / anticoagulant: Yes / No".',
     "insulin", {H}),
    ("Insulin: yes, 10 units at night.", "Insulin", set()),
    # a referral only if something is ever seen
    ("Consider SALT referral if coughing on food is ever observed.", "SALT", {H}),
    ("SALT referral made as coughing on food was observed.", "SALT", set()),
    # heldout15: a template's guidance, a medicine's risk at higher doses, a grandchild's illness, a relative's own
    # treatment
    ("[Template guidance: attach any modified diet plan here.]", "modified diet", {H}),
    ("Started on a modified diet after the SALT review.", "modified diet", set()),
    ("Warned of the risk of seizures with higher bupropion doses.", "seizures", {H}),
    ("He had two seizures after the bupropion dose was increased.", "seizures", set()),
    ("Her granddaughter (Sam's girl) has epilepsy.", "epilepsy", {O}),
    ("Grandad is tired - his own cancer treatment (bowel, 2021) takes up his week.", "cancer", {O}),
    ("He started his cancer treatment in May.", "cancer", set()),
    # heldout17: a family history under a ruled heading ("--- Family history ---") runs to the blank line; a
    # relative named with their death in brackets; another patient named by their ward
    ("--- Family history ---\n  Father: type 2 diabetes; prostate cancer (2019).\n\nDiagnosis: asthma.",
     "prostate cancer", {O}),
    ("--- Family history ---\n  Mother: hypothyroidism.\n\nDiagnosis: prostate cancer (2023).", "prostate cancer", set()),
    ("Other history: sister Joan (d. 2018, stroke) - per nephew.", "stroke", {O}),
    ("Other history: stroke (2018) - per nephew.", "stroke", set()),
    ("Context: another patient on Rowan Ward (Patient C) was the subject of a safeguarding referral on 02/03.",
     "safeguarding", {O}),
    ("Context: he was the subject of a safeguarding referral on 02/03.", "safeguarding", set()),
    # themes heldout25/26 (first scores), negated: "r/o" after a mention (ruled out; before one it is a test to do),
    # a checklist's answer followed by its ticked box
    ("Troponin 6 at 3 h - MI r/o, home with GP follow-up.", "MI", {N}),
    ("Plan: serial troponins to r/o MI.", "MI", {H}),
    ("Pre-op checklist:  Anticoagulants: N [x]   Epilepsy: N [x]   Consent signed [x]", "Epilepsy", {N}),
    ("Pre-op checklist:  Epilepsy: Y [x]   Allergies: none [x]", "Epilepsy", set()),
    # ... hypothetical: a condition about anyone ("if a resident seems"), the instruction after an "If ..., " clause,
    # what "some people" get
    ("Reminder on every handover sheet: use the NEWS2 chart if a resident seems unwell.", "NEWS2", {H}),
    ("If she starts coughing at meals, ask the GP to refer her to SALT.", "SALT", {H}),
    ("If he chokes on bread or anything dry at teatime, staff will stop the meal and call the GP for a SALT referral.",
     "SALT", {H}),
    ("If his sister came to visit on a Sunday afternoon after church with the children, he choked more at tea.",
     "choked", set()),
    ("After a hip operation some people get a chest infection, so we help you sit up early.", "chest infection", {H}),
    ("Some people at the day centre said he had a chest infection last week.", "chest infection", set()),
    # ... someone else: a named carer's own injury (the person named by a care record's "Person:" header), a housemate
    # named with "(housemate)", the speaker's own treatment and what it was for, an outbreak (the home's, not the
    # person's)
    ("Person: Beryl Ashdown\nPauline broke her wrist in a fall on the ice; Lynn covering days for two weeks.", "fall",
     {O}),
    ("Person: Beryl Ashdown\nBeryl broke her wrist in a fall on the ice.", "fall", set()),
    ("Tenant: Eamon Gallagher\nKieran fractured his ankle in a fall at work, so he could not visit.", "fall", {O}),
    ("Dougie (housemate) has a chest infection, on antibiotics - kept the two apart.", "chest infection", {O}),
    ("I'd only just finished my chemo for breast cancer so I wasn't great either.", "cancer", {O}),
    ("My son's chemo for his leukaemia was stopped in May.", "leukaemia", set()),
    ("28/05/2023 Norovirus outbreak on the ground floor - three residents.", "Norovirus", {O}),
    ("Norovirus confirmed on stool sample - he was the first case in the home.", "Norovirus", set()),
    ("He caught COVID-19 during the outbreak in May and was isolated.", "COVID-19", set()),
    ("I rang to move my appointment for his epilepsy review.", "epilepsy", set()),
    # themes heldout27 (first score), hypothetical: what a group "may go on to develop" (across a line too); what the
    # person went on to develop stays
    ("Adults with Down syndrome and dementia may go on to develop seizures; staff to watch at night.", "seizures", {H}),
    ("Adults with Down syndrome and dementia can go\non to develop seizures.", "seizures", {H}),
    ("He went on to develop seizures in his forties.", "seizures", set()),
    # ... someone else: a relative's illness by a bare possessive, a relative admitted with an illness, a note-style
    # list of relatives' illnesses, another named person's own event, a relative who is the subject of a second verb
    ("Carers put his silence down to sulking since dad's stroke.", "stroke", {O}),
    ("Weak on the left side since his stroke.", "stroke", set()),
    ("Note - dad (Trevor) admitted to Ward 9 with a chest infection; he is at home with mum.", "chest infection", {O}),
    ("Mum admitted she had missed two of his seizure tablets.", "seizure", set()),
    ("Admitted to Ward 9 with a chest infection.", "chest infection", set()),
    ("Both parents frail - father Parkinson's + COPD, several falls; mother dementia.", "COPD", {O}),
    ("Both parents frail - father Parkinson's + COPD, several falls; mother dementia.", "falls", {O}),
    ("Name: Owen Price\nHis aunt told staff that Reg had another fall at the weekend.", "fall", {O}),
    ("Name: Owen Price\nOwen had another fall at the weekend.", "fall", set()),
    ("Home: dad uses a frame and has had two falls since Easter.", "falls", {O}),
    ("Home: mum says he uses a frame and has had two falls since Easter.", "falls", set()),
    # ... and in a case plainly about a man, whoever "she" is on a medicine is someone else (and "he" about a woman)
    ("He loves his bus trips. He has his own flat. He sees his mum on Sundays. She is on sertraline for her nerves.",
     "sertraline", {O}),
    ("She loves her bus trips. She has her own flat. She sees her mum on Sundays. She is on sertraline for her nerves.",
     "sertraline", set()),
    # themes traps2: an illness only asked about or feared (named bare right after), and the speaker's and another
    # named person's own illness ("me and <name> both had")
    ("Her uncle died of lung cancer, so the family asked the consultant about cancer.", "cancer.", {H}),
    ("When they said the scan showed a shadow I thought cancer; the doctor said no.", "cancer", {H}),
    ("Mum asked about his seizures at the clinic.", "seizures", set()),
    ("I thought he was having a seizure and rang 999.", "seizure", set()),
    ("Name: Ryan Cole\nMe and Stevie both had norovirus over Easter and were fine in two days.", "norovirus", {O}),
    ("Name: Ryan Cole\nMe and Ryan both had norovirus over Easter.", "norovirus", set()),
    ("Ryan had norovirus over Easter.", "norovirus", set()),
    # ... another named person's own fall, the person named by a safeguarding form's "Adult at risk:"
    ("Adult at risk: Brian HALE, 58.\nGordon fell in the garden going out for a smoke.", "fell", {O}),
    ("Adult at risk: Brian HALE, 58.\nBrian fell in the garden going out for a smoke.", "fell", set()),
    ("Name: Brian Hale\nNearly fell on the stairs this morning, steadied by staff.", "fell", set()),
    # ... a named relative's illness they died of in a family's words, the person named by a short breaks "Guest:" line
    ("Guest: Liam DOYLE     Stay: Mon - Thu\nOur Sean went with the bowel cancer in 2012, and now Liam.", "cancer", {O}),
    ("Guest: Liam DOYLE     Stay: Mon - Thu\nLiam went with the nurse to the cancer clinic.", "cancer", set()),
    # ... a sentence whose subject has "his own treatment" is about that someone else, earlier in it too
    ("Grandad is struggling. He's got depression now and he's still having his own treatment for his heart.",
     "depression", {O}),
    ("He had a seizure at lunch while his mum was at her own hospital appointment.", "seizure", set()),
    ("He has depression and sees the CPN monthly.", "depression", set()),
    # themes heldout28: an interview's question answered no in quotation marks (a list of topics too), a form answer
    # after an em dash, a referral only on a condition, another student, a relative called by title and surname (not
    # the person's own), a conversation's part about a relative's own health
    ('- Epilepsy? "No, never, not him."', "Epilepsy", {N}),
    ('- Choking, swallowing, chest infections? "No, none of that."', "Choking", {N}),
    ('- Seizures? "Yes, most weeks."', "Seizures", set()),
    ('- Asked about any seizures at home: "Never."', "seizures", {N}),
    ("Screened at triage: chest pain — no; head injury — no.", "head injury", {N}),
    ("Please refer to the falls clinic if he has another one.", "falls clinic", {H}),
    ("Referred to the falls clinic after the second one.", "falls clinic", set()),
    ("Another student (K.) slipped on the wet floor and bumped her knee.", "slipped", {O}),
    ("Next of kin: Mrs Farida Khan (mother).\nMrs Khan has had low mood since 2019.", "low mood", {O}),
    ("Patient: Ruth OKAFOR\nNext of kin: Mrs Grace Okafor (mother)\nMiss Okafor has had two seizures this week.",
     "seizures", set()),
    ("Dad's own health\n- Heart attack in 2021, on tablets since.\n\nHis health\n- Epilepsy.", "Heart attack", {O}),
    ("Dad's own health\n- Heart attack in 2021, on tablets since.\n\nHis health\n- Epilepsy.", "Epilepsy", set()),
    # themes heldout30: a question answered by ticked boxes after wide gaps (an empty "No" box is no answer), a
    # relative with an aside between commas, the speaker's own treatment said with "I"
    ("8. Safeguarding concerns known?   Yes [ ]   No [x]", "Safeguarding", {N}),
    ("8. Safeguarding concerns known?   Yes [x]   No [ ]", "Safeguarding", set()),
    ("Epilepsy: Yes [x]   No [ ]", "Epilepsy", set()),
    ("Seizures   No [x]   Yes [ ]", "Seizures", {N}),
    ("His father, God rest him, died of cancer in the liver back home.", "cancer", {O}),
    ("Her sister, Jean, has epilepsy.", "epilepsy", {O}),
    ("Last year was hard. I was having radiotherapy for prostate cancer, so his mum did everything.", "cancer", {O}),
    ("He was having radiotherapy for prostate cancer.", "cancer", set()),
    # ... and a form row with a short dot leader lined up with the longer ones
    ("Epilepsy ................. No\nFalls in last 12 months .. Nil\nSafeguarding referral .... Yes", "Falls", {N}),
    ("Epilepsy ................. No\nFalls in last 12 months .. 2 (May, June)", "Falls", set()),
]


def _flags(text: str, mention: str, settings) -> set[str]:  # noqa: ANN001
    nlp = get_pipeline(settings)
    # the person's names from a "Name:" line, as the extractor takes them from the case's forms
    person = person_names([note_case("x", text).documents[0]])
    doc = nlp(make_doc(nlp, text, person=person))
    doc.user_data["_person_names"] = person  # (the pipeline drops it once every hit has its flags)
    start = text.index(mention)
    context = nlp.get_pipe("leder_context")
    found = context.flags_at(doc, start, start + len(mention))
    return {k for k, v in found.as_dict().items() if v}


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 80


@pytest.mark.parametrize(("text", "mention", "expected"), CASES)
def test_context(text: str, mention: str, expected: set[str], settings) -> None:  # noqa: ANN001
    assert _flags(text, mention, settings) == expected
