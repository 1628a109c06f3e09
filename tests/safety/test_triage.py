"""Worked examples for the red-flag rules: each presentation positive (lay, clinical shorthand, vitals), negated,
historical and as a benign look-alike. Phrasings written for these tests (not taken from tests/safety/cases).
Thresholds: NHS 111 / Manchester Triage discriminators, NICE NG143 (fever in under-5s), NICE NG133 (pre-eclampsia),
RCP NEWS2 (2017), Sepsis-3 qSOFA (Seymour 2016)."""

import pathlib
import time

import pytest

from safety import assess
from safety.triage import RULES, is_general_question, is_research_text


def titles(text: str) -> list[str]:
    return [e.title for e in assess(text)]


def fires(text: str, fragment: str) -> bool:
    return any(fragment.lower() in t.lower() for t in titles(text))


EMERGENCIES = [
    # ACS / STEMI
    ("Crushing central chest pain for 30 minutes spreading to my jaw and I'm drenched in sweat", "heart attack"),
    ("63M CP 45 min, diaphoretic, ST elevation V1-V4", "heart attack"),
    (
        "Heavy tight feeling in my chest when I walk up the stairs, now it won't go away and goes down my left arm",
        "heart attack",
    ),
    ("Inferior STEMI on the ambulance ECG", "heart attack"),
    # aortic dissection
    ("Sudden ripping pain in his chest that goes right through to his back", "dissection"),
    ("Tearing interscapular pain, BP differs between arms by 30", "dissection"),
    # PE
    ("Two weeks after my knee replacement I suddenly can't catch my breath and my calf is swollen", "embolism"),
    ("Breathless since this morning, coughing up blood, on the combined pill", "embolism"),
    # stroke
    ("Her face has dropped on the left and her speech is slurred, started 40 minutes ago", "stroke"),
    ("Sudden weakness of the right arm and he can't find his words", "stroke"),
    ("FAST positive, last seen well 1 hour ago", "stroke"),
    # SAH
    ("Explosive headache during sex, worst ever, then vomited", "thunderclap"),
    ("Headache came on instantly like being hit on the back of the head", "thunderclap"),
    # meningitis / sepsis
    ("Fever, stiff neck and the light hurts his eyes", "meningitis"),
    ("Temp 39.6, HR 124, BP 86/50, RR 26, new confusion", "sepsis"),
    ("She is on chemotherapy and now has a fever of 38.3", "sepsis"),
    ("Urosepsis, lactate 5", "sepsis"),
    # anaphylaxis
    ("Ate a prawn curry and now her lips are swelling and she's wheezing", "anaphylaxis"),
    ("Gave him his EpiPen after the bee sting", "anaphylaxis"),
    # breathing
    ("Asthma attack, too breathless to talk, inhaler not helping", "breathing"),
    ("Sats 87% on air", "breathing"),
    # GI bleeding
    ("Vomiting bright red blood and clots", "vomiting blood"),
    ("Coffee ground vomit x3 today", "vomiting blood"),
    ("Passing black sticky poo and feel faint when I stand", "bleed"),
    ("Heavy bleeding from the back passage with clots, dizzy", "bleed"),
    # haemoptysis
    ("Coughed up about half a cup of fresh blood", "blood"),
    # DKA / hypo
    ("Type 1 diabetic, ketones 4.2, vomiting and breathing fast", "ketoacidosis"),
    ("Blood sugar 520 mg/dL, very drowsy and confused", "ketoacidosis"),
    ("BM 2.1 and he's confused and sweaty", "low blood sugar"),
    ("Glucose 40 mg/dL", "low blood sugar"),
    # overdose / suicide
    ("She swallowed a whole box of paracetamol an hour ago", "overdose"),
    ("I've taken 50 of my sertraline", "overdose"),
    ("Deliberate overdose of amitriptyline", "overdose"),
    ("I want to kill myself and I've been saving up my tablets", "suicid"),
    ("I've written goodbye letters and plan to jump from the bridge tonight", "suicid"),
    # infant fever
    ("My 7 week old has a temperature of 38.2", "baby under 3 months"),
    ("Baby aged 20 days, feels hot, temp 100.9F", "baby under 3 months"),
    ("10-day-old with fever", "baby under 3 months"),
    # pre-eclampsia / ectopic
    ("I'm 33 weeks pregnant with a bad headache and blurred vision", "pre-eclampsia"),
    ("36/40, sudden swelling of face and hands", "pre-eclampsia"),
    ("G1P0 at 29 weeks, BP 165/112", "pre-eclampsia"),
    ("Positive pregnancy test, now severe one-sided lower abdominal pain and shoulder tip pain", "ectopic"),
    # surgical
    ("Sudden severe pain in his left testicle, vomiting", "torsion"),
    ("Sciatica in both legs and now numbness around my bottom", "cauda equina"),
    ("Back pain and he has lost control of his bladder", "cauda equina"),
    ("Rigid abdomen, rebound tenderness, known peptic ulcer", "acute abdomen"),
    # seizures / consciousness
    ("Seizure lasting 7 minutes and still shaking", "seizure"),
    ("Fits one after another without waking up", "seizure"),
    ("Found collapsed and unresponsive", "unconscious"),
    ("GCS 6 post fall", "unconscious"),
    # trauma / burns
    ("Fell off a ladder, hit his head, on apixaban", "head injury"),
    ("Knocked off his bike by a car at 40 mph", "trauma"),
    ("Stabbed in the chest", "trauma"),
    ("House fire, soot around the nose and a hoarse voice", "burn"),
    ("Chemical burn to the face from drain cleaner", "burn"),
    # electrolytes / vascular / skin
    ("K+ 7.0 with peaked T waves", "potassium"),
    ("Potassium 6.9", "potassium"),
    ("His foot is cold, pale and pulseless", "limb"),
    ("Necrotising fasciitis suspected", "fasciitis"),
    ("Pain out of proportion to the redness on her thigh", "fasciitis"),
    # paediatrics / eye
    ("Toddler with a rash that does not fade under a glass", "does not fade"),
    ("Baby with vomiting and diarrhoea, no wet nappies for 12 hours, very floppy", "dehydration"),
    ("Sudden loss of vision in my right eye like a curtain", "vision"),
    ("Painful red eye with halos around lights and vomiting", "glaucoma"),
    ("Tension pneumothorax suspected, trachea deviated", "pneumothorax"),
    # vitals only
    ("BP 78/40", "vital signs"),
    ("RR 32, HR 140", "vital signs"),
    # presentations added at case-set 2.0.0 (heat, carbon monoxide, obstetric bleeding, adrenal crisis, cord
    # compression, ruptured aneurysm), and phrasings the 2.0.0 development cases showed were missed
    ("Working on the roof in the sun all afternoon, now he is confused and stumbling", "heat stroke"),
    ("Without a helmet and hit his head on the kerb; vomited three times since, keeps asking the same thing", "head"),
    ("The CO alarm went off last night and now the whole family has headaches and the kids are drowsy", "monoxide"),
    ("Gave birth three days ago and now soaking a maternity pad every half hour with big clots", "bleeding"),
    ("She has Addison's, been vomiting since yesterday and now she is confused and very weak", "adrenal"),
    ("Known prostate cancer, back pain for a week and now both legs are weak and he can't stand", "cauda equina"),
    ("There is a pulsating lump in his belly and he has just collapsed", "aneurysm"),
    ("Vomited something that looked like coffee twice and his stools are also black today", "bleed"),
    ("Her lips look bluish and ten puffs of the blue inhaler did nothing", "breathing"),
    ("the skin around the cut became dark purple and the redness goes up the leg very fast, high fever", "fasciitis"),
    ("Bloody diarrhoea since this morning and she fainted in the bathroom", "bleed"),
    ("Type 1, meter just says HI, vomiting all night and breathing deep and fast", "ketoacidosis"),
    ("I have stockpiled two months of my sertraline and I will take it all tonight", "suicidal"),
    # phrasings a user tried after last round (missed before this round)
    ("i have taken 30 of my mum's sleeping tablets", "overdose"),
    ("Everyone would be better off without me and I've written the letters", "suicidal"),
    ("She keeps saying the family would be better off if she wasn't around", "suicidal"),
    ("my waters broke and I can feel the cord", "cord prolapse"),
    ("39 weeks pregnant, waters just went and there's something hanging out, I think it's the cord", "cord prolapse"),
    # a cold reviewer's inputs: clinical shorthand for a cord prolapse, and symptoms asked as a "why" question
    ("SROM at 37/40, cord felt in vagina", "cord prolapse"),
    ("cord palpable on VE after ARM, fetal bradycardia", "cord prolapse"),
    ("G2P1 in labour, cord visible at vulva", "cord prolapse"),
    ("I can see the cord between my legs, baby not born yet", "cord prolapse"),
    ("why does everything feel pointless, want to die", "suicidal"),
    ("why is everything so pointless, want to die", "suicidal"),
    ("why do lips go blue and face swell after peanut, can't breathe", "anaphylaxis"),
    ("why does toddler have purple rash that doesn't fade with a glass and fever", "rash"),
    ("Why does crushing chest pain radiate to left arm, sweating, pale, started 20 min", "heart attack"),
]


@pytest.mark.parametrize(("text", "fragment"), EMERGENCIES)
def test_emergency_presentations_escalate_with_the_named_rule(text, fragment):
    assert fires(text, fragment), titles(text)


LOOKALIKES = [
    "No chest pain, no shortness of breath, no sweating",
    "Denies CP/SOB. Routine BP check.",
    "Chest pain last year, investigated, nothing found",
    "History of MI in 2016, stable, here for statin review",
    "My father had a stroke years ago",
    "Sharp chest wall pain when I press on my ribs after the gym",
    "Tension headache after a long day at the computer",
    "Mild headache, no visual disturbance, 12 weeks pregnant",
    "Ankle swelling in the evenings at 34 weeks, no headache, BP 118/76",
    "Fever 38.4 in my 3 year old, playing and drinking",
    "6 month old with a cold, temperature 37.9, feeding well",
    "Black stools since starting ferrous sulfate",
    "Bright red blood on the toilet paper, known haemorrhoids",
    "Streaks of blood in my phlegm with a chest infection",
    "Rash that fades when I press a glass on it, no fever",
    "Bee sting on my arm, red and itchy, breathing fine",
    "Burning when passing urine for two days",
    "Small scald on my finger from the kettle",
    "Knee pain climbing stairs for months",
    "I took 2 paracetamol for a headache",
    "Feeling low after the break-up, no thoughts of suicide or self-harm",
    "Known epileptic, had her usual brief seizure and is back to normal",
    "Bumped my head on a cupboard, no loss of consciousness, feel fine",
    "Back ache after gardening, bladder and bowels normal, no numbness",
    "Mild period cramps",
    "Itchy eyes with hay fever",
    "BP 124/78, HR 76, RR 16, SpO2 98%, T 36.9",
    "What are the NICE criteria for suspecting sepsis?",
    "How is a STEMI defined on the ECG?",
    "Mild hay fever, itchy eyes; which antihistamine is least drowsy?",
    "What dose of IM adrenaline is given for anaphylaxis in a 6 year old?",
    "My mum had a stroke 4 year ago and wants to start driving again",
    "Red blotchy rash on his back after a cold; the spots fade when I press a glass on them",
    "Which ECG changes happen in hyperkalaemia and in what order?",
    "We went hiking in the heat yesterday, a bit tired today but eating and chatting normally",
    # found by the 2.0.0 review: each fired after a first widening of the rules
    "Fever and headache for 2 days, without vomiting, neck stiffness or rash",
    "Back pain after lifting, without leg weakness, numbness or incontinence",
    "I have a rope burn on my hand from climbing",
    "Everything is ready for the party tonight but I have a migraine",
    "I missed two days of my tablets, can I take them all today?",
    "My toddler doesn't respond to his name, could it be autism?",
    "My hand goes white when it's cold, is that Raynaud's?",
    "I'm taking prednisolone for asthma and I'm confused about how to taper the dose",
    "Sitting in the sun makes me lethargic, is that normal?",
    "Hay fever season, my eyes are puffy every morning",
    "Allergic to penicillin and I cannot swallow big tablets",
    "Ketone meter 1.8 after a long run, is that normal?",
    "I have a fever and it does not make sense why the antibiotics are not working",
    "20 weeks pregnant and I have a subconjunctival haemorrhage in one eye",
]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_negated_historical_and_benign_lookalikes_do_not_escalate(text):
    assert assess(text) == (), titles(text)


def test_escalation_names_its_evidence_and_what_to_do():
    (esc,) = [e for e in assess("Crushing chest pain going into my left arm") if "heart attack" in e.title]
    assert esc.source == "rules" and esc.level == "emergency"
    assert {t.concept for t in esc.triggers} == {"chest_pain", "cardiac_feature"}
    text = "Crushing chest pain going into my left arm"
    for t in esc.triggers:
        assert text[t.span[0] : t.span[1]].strip() == t.evidence
    assert "999" in esc.advice and "911" in esc.advice


def test_suicidal_intent_is_a_crisis_with_crisis_lines():
    (esc,) = assess("I want to end my life tonight")
    assert esc.level == "crisis" and "988" in esc.advice and "116 123" in esc.advice


def test_overdose_taken_gives_emergency_and_crisis_advice():
    (esc,) = assess("I have taken 30 co-codamol")
    assert esc.level == "emergency" and "Samaritans" in esc.advice


@pytest.mark.parametrize(
    ("text", "escalates"),
    [
        ("6 week old, temperature 38.0", True),  # >= 38.0 in < 3 months (NICE NG143)
        ("6 week old, temperature 37.9", False),
        ("11 week old, fever 38.5", True),
        ("14 week old, fever 38.5", False),  # over 3 months: not this rule
        ("baby 85 days old, T 38.1", True),
        ("baby 2 months old, 101 F", True),  # 101 °F = 38.3 °C
        ("baby 2 months old, 100 F", False),  # 37.8 °C
    ],
)
def test_infant_fever_threshold_by_age_in_days_weeks_months_and_units(text, escalates):
    assert fires(text, "baby under 3 months") is escalates, titles(text)


@pytest.mark.parametrize(
    ("text", "escalates"),
    [
        ("22 weeks pregnant with a headache", True),
        ("18 weeks pregnant with a headache", False),
        ("7 months pregnant, seeing flashing lights", True),
        ("34+2 weeks, pain under the right ribs", True),
    ],
)
def test_pre_eclampsia_needs_20_weeks(text, escalates):
    assert fires(text, "pre-eclampsia") is escalates, titles(text)


@pytest.mark.parametrize(
    ("text", "escalates"),
    [
        ("BP 88/60", True),
        ("BP 92/60", False),
        ("SpO2 91%", True),
        ("SpO2 92%", False),
        ("RR 25", True),
        ("RR 24", False),
        ("HR 130", True),
        ("HR 129", False),
        ("GCS 8", True),
        ("GCS 9", False),
    ],
)
def test_single_vital_sign_thresholds(text, escalates):
    assert bool(assess(text)) is escalates, titles(text)


def test_news2_of_7_escalates_when_no_single_threshold_is_crossed():
    # RR 23 (2) + SpO2 93 (2) + SBP 100 (2) + HR 115 (2) + T 38.6 (1) = 9; each below its single-sign threshold
    (esc,) = assess("RR 23, SpO2 93%, BP 100/60, HR 115, T 38.6")
    assert any(t.concept in ("news2_ge_7", "qsofa_ge_2") for t in esc.triggers)


def test_child_heart_rate_does_not_use_adult_threshold():
    assert assess("2 year old, HR 135, playing happily") == ()


def test_general_question_detector_needs_a_teaching_question_with_no_person():
    assert is_general_question("What is the time window for thrombolysis in stroke?")
    assert is_general_question("Why does a tension pneumothorax cause hypotension?")  # the education tab's example
    assert not is_general_question("Why does my chest feel crushed and my left arm is numb?")
    assert not is_general_question("What do I do, my dad has crushing chest pain")
    assert not is_general_question("crushing chest pain and sweating")


def test_every_rule_has_a_title_and_at_least_one_alternative():
    assert len({r.name for r in RULES}) == len(RULES)
    assert all(r.title and r.alternatives for r in RULES)


def test_every_rule_names_only_concepts_that_exist():
    """A misspelt concept in a rule can never fire; concepts come from the table or from the vital-sign facts."""
    from safety.concepts import CONCEPTS

    derived = {
        "sbp_lt_90", "spo2_lt_92", "rr_ge_25", "rr_le_8", "hr_ge_130", "gcs_le_8", "k_ge_6_5", "k_ge_6", "glucose_lt_4",
        "glucose_lt_3", "glucose_low_if_mgdl", "glucose_ge_20", "glucose_ge_30", "news2_ge_7", "qsofa_ge_2", "febrile",
        "hypothermic", "hyperpyrexia", "infant_lt_3m", "infant", "pregnant", "preg_ge_20w", "preg_early",
    }  # fmt: skip
    unknown = {c for rule in RULES for alt in rule.alternatives for c in alt if c not in CONCEPTS and c not in derived}
    assert unknown == set()


@pytest.mark.parametrize(
    "text",
    [
        "IOP 18, 17, 19, 16, 21, 20, 15, 18, 19, 22, 17, 16 mmHg, stable on latanoprost",
        "IOP " + "1" * 60,
        "no " * 400 + "chest pain",
        ("pain " * 300) + "1/2/3/4/5/6/7/8/9/10 " * 20,
        "hx of " * 3334,  # 10.2.0, a cold review's: 4-5 s before (each "history of" rescanned its sentence)
        "history of " * 1819,
    ],
)
def test_adversarial_inputs_do_not_hang_the_rules(text):
    """Nested quantifiers can make a regex take exponential time; these inputs once took 3 s to minutes."""
    start = time.perf_counter()
    assess(text)
    assert time.perf_counter() - start < 2.0


# PubMedQA's training-half contexts, as the education tab's practice questions show them (meddata.practice): before
# the research-text gate, 84 of the 525 practice items raised an emergency notice.
_ABSTRACT = (
    "Context: The aim of the study was to evaluate if elderly persons are sufficiently protected against infectious "
    "diseases by vaccination. 300 elderly and 300 young persons were recruited. Antibody concentrations against "
    "tetanus, diphtheria, tickborne encephalitis and influenza were assessed. The results demonstrate that protection "
    "was frequently insufficient in the elderly.\nAre Austrian seniors adequately protected by vaccinations?"
)
_SEPSIS_ABSTRACT = (
    "Blood stream infection and the subsequent development of sepsis are among the most common complications in "
    "burn patients with more than 30% total body surface area burned. We evaluated the incidence of sepsis in a "
    "retrospective cohort; mortality was significantly higher in patients with sepsis (p < 0.01)."
)


def test_a_study_abstract_with_statistics_raises_no_notice():
    assert is_research_text(_SEPSIS_ABSTRACT)
    assert assess(_SEPSIS_ABSTRACT) == ()


def test_an_abstract_without_statistics_still_goes_through_the_rules():
    # the gate needs a statistic: without one, a "study" text may be a person's (the second review's examples)
    assert not is_research_text(_ABSTRACT)


@pytest.mark.parametrize(
    "text",
    [
        f"{_SEPSIS_ABSTRACT} My husband has a 40% burn and is now confused with a fever.",
        "Results of the study my GP mentioned aside, I have crushing chest pain right now and I am sweating.",
        # clinicians' notes full of study-like words (found by the 2.1 review): each must still escalate
        "S: 58M with crushing chest pain radiating to left arm. O: BP 78/40, HR 130. Objective findings: diaphoretic. "
        "Results: troponin significantly elevated. ECG study pending. Trial of fluids.",
        "Septic shock: BP 70/40 despite 3 L fluids, lactate 6, culture results pending; significant hypotension. "
        "Outcome data? Mortality?",
        "We have a 40-year-old man with anaphylaxis, BP 70/40, stridor. We evaluated him: results show significant "
        "hypoxia. Data: SpO2 82%.",
        "Baby 3 weeks old, fever 38.5, floppy; urine analysis pending; data and outcomes to follow.",
        "A participant in our randomised controlled trial took 40 paracetamol tablets an hour ago.",
        "Results: lactate 4.2, data pending. 72M, sepsis suspected, BP 82/50, significant hypotension, outcomes poor.",
        # a person in a study is still a person (found by the second review)
        "Dad is in a randomised controlled trial for his heart, he was enrolled in March. He has crushing chest pain "
        "spreading to his left arm and he is sweating and vomiting.",
        "Husband is one of the participants in this study of a new blood thinner. He suddenly has facial droop, "
        "slurred speech and his right arm is weak.",
        "Mum was recruited to a retrospective study (hazard ratio 0.8 for bleeding). She has black tarry stools and "
        "is vomiting blood.",
        "Patient from the prospective cohort, thunderclap headache, worst ever, vomiting; p < 0.05 in the trial.",
        "Participant ID 0231 in the phase 3 randomised controlled trial (p = 0.03): took 40 paracetamol tablets an "
        "hour later, was enrolled in May.",
    ],
)
def test_a_person_described_beside_study_words_still_escalates(text):
    assert assess(text)


@pytest.mark.parametrize(
    "text",
    [
        # study words never silence someone ill now (a first draft of a study-question check did; it was dropped)
        "revising for my exam and my flatmate just had a seizure lasting 10 minutes and won't wake",
        "mnemonic for sepsis please, my mum is 80 and her BP is 78/40 and she is confused",
        "Revising feels pointless, I want to kill myself tonight.",
        "I want to die. Finals revision is hopeless?",
        "Took the whole box of my citalopram, can't face the exam questions",
        "Crushing chest pain and sweating while revising for finals",
        "mnemonic for anaphylaxis: my throat is closing and I can't breathe",
        "Textbook meningitis? purple rash that doesn't fade under a glass, stiff neck, fever",
        "Not breathing, no pulse, blue lips - what is the management for the exam?",
        "Is there a mnemonic for anaphylaxis? my son in class collapsed with swollen lips and cannot breathe",
    ],
)
def test_study_words_never_silence_someone_ill_now(text):
    assert assess(text), text


@pytest.mark.parametrize(
    "text",
    [
        "What is cord prolapse and how is it managed?",
        "The umbilical cord was around the neck at delivery last year",
        "Spinal cord compression: what are the red flags?",
        "Why do patients with DKA breathe deeply?",
        "Why do beta blockers cause bradycardia?",
        "How do you assess suicidal ideation?",
        "What are the risk factors for self-harm in adolescents?",
        # a cold reviewer's near misses
        "30 weeks pregnant and feel a tingling down my spinal cord",
        "Pregnant - I saw the cord blood banking leaflet",
        "pregnant, had a scan today and saw the cord around the baby's neck",
        "newborn's umbilical cord stump coming out",
        "I had a cord prolapse in my last pregnancy, now pregnant again, what are the risks?",
        "waters broke and I can't feel the cord",
        "I'm in an abusive relationship and I know I'd be better off without him",
        "We'd all be better off if she were here to help",
        "Took 50 mcg of my levothyroxine tablets today as usual",
        "I've taken 28 days of my antibiotic tablets",
    ],
)
def test_teaching_questions_and_history_near_the_new_concepts_do_not_escalate(text):
    assert assess(text) == (), titles(text)


# Invented examples of the 6.0.0 concept widenings: each escalates, and its look-alike stays quiet.
@pytest.mark.parametrize(
    "text",
    [
        "pinpoint pupils, RR 6, only rousable to pain after his methadone",
        "BP 70s and SpO2 dropping to 84% after the line went in, absent breath sounds on the right",
        "a weight come over my chest like a heavy stone and it goes to my jaw, sweating",
        "my dad suddenly talks words nobody can understand and half of his smile is gone",
        "tiny dark red spots on her tummy, they didnt fade with the glass, she is very floppy",
        "I bought the rope already and I'm going to hang myself tonight",
        "the paraffin heater was on all night in the cabin and we all have headaches and are vomiting",
    ],
)
def test_widened_concepts_escalate(text):
    assert assess(text), text


@pytest.mark.parametrize(
    "text",
    [
        "RR 16, BP 120s systolic, resting comfortably",
        "the pressure at work is sitting on my chest like a metaphor, no pain at all, just stress",
        "we bought charcoal for the barbecue on Saturday",
        "our gas heater was serviced last week and works fine",
        # found by a cold review of the widened concepts
        "She's going to hang out with friends after her chest infection clears",
        "I'm going to jump in the pool tomorrow",
        "Artery ligated, ligature tied securely, haemostasis achieved",
        "Can I take charcoal tablets for wind before a long car journey?",
        "the skipping rope I bought is ready to use for my cardio",
        "C-SSRS completed: denies intent or plan, low risk",
        "half my face is numb after the dentist injection",
        "since his wrist fracture his hand can't grip properly",
        "the consultant used words nobody can understand",
        "pressure dressing on the chest after the drain came out",
        "We had the portable heater on all night and I woke with a headache",
        "Target glucose in the 2 hours after eating for gestational diabetes?",
        "We check GCS in the 3 hours after the sedation wears off",
        "What does RR 2.1 mean in this meta-analysis?",
        "Obs: RR 4 hourly",
        "Aortic regurgitation, diastolic pressures in the 40s, otherwise well",
        "Ventilated, peak pressures in the 40s",
        "PA pressure in the 50s on echo",
    ],
)
def test_widened_concepts_leave_look_alikes(text):
    assert not assess(text), text


@pytest.mark.parametrize(
    "text",
    [
        # 7.0.0: a study question with its label first, or the asker's own studies named, is a teaching question
        # (development look-alikes of this kind were 48 of the rules' 128 false alarms); invented examples
        "Medical student: why is Kernig's sign insensitive for meningitis?",
        "For my OSCE: what are the red flags of cauda equina syndrome?",
        "Revising for finals - how is massive haemoptysis defined?",
        "Stanford vs DeBakey — which types of aortic dissection go to theatre?",
        "Teaching question: what does the Sepsis Six include, and within what time?",
        "how should a GP explain the signs of meningitis to parents? med student here, my exam is next week",
    ],
)
def test_a_labelled_study_question_is_a_teaching_question(text):
    assert assess(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "Student nurse here: my patient is grey and clammy, BP 80/50, what do I do?",
        "Medical student: my dad has crushing chest pain and sweating now, what should I do?",
        "For my OSCE: what do I do? my flatmate has had a seizure for 10 minutes and won't wake",
    ],
)
def test_a_study_label_does_not_silence_someone_ill_now(text):
    assert assess(text)


@pytest.mark.parametrize(
    "text",
    [
        # 8.0.0, from test7's look-alikes once retired (invented examples). A worried question whether a condition is
        # what someone else said, or what a small thing could become:
        "My legs ache after the gym and my cousin says this is a blood clot in the lung, is that right?",
        "I sneezed and my eye went a bit red. Can it become a stroke?",
        # a study label, or a longer lead-in before the question word:
        "Homework question: which antibiotic is first-line in suspected meningococcal sepsis?",
        "In suspected bacterial meningitis why is ceftriaxone preferred?",
        # a clinician's note that ends on a routine or outpatient plan, with no reading, person or time course:
        "3yo, known ITP, stable petechiae on shins, afebrile, well, FBC otherwise normal. Routine haematology review.",
        # "fit" in its other sense, toast, a smoke alarm and oxygen saturation:
        "34 weeks pregnant, ankles puffy by evening, rings still fit, BP 118/72 at clinic, no headache",
        "burnt the toast and the smoke alarm went off, coughed twice, sats 98%, feel fine",
    ],
)
def test_worry_questions_routine_plans_and_other_senses_do_not_escalate(text):
    assert assess(text) == (), text


@pytest.mark.parametrize(
    "text",
    [
        # the symptoms beside a worried question are still read, and a time course keeps the name too
        "Is it a stroke? Her face dropped on one side and she can't lift her arm",
        "could this be a heart attack crushing chest pain and sweating for 30 minutes",
        "Is this sepsis? temp 39.6, HR 134, BP 82/48, confused",
        # written by a cold reviewer against the first, wider version of these rules (which silenced them all)
        "Is my chest pain serious? crushing and spreading to my left arm with sweating",
        "Could this be meningitis? my baby has a bulging soft spot and won't stop crying",
        "is this a heart attack? my chest is crushing",
        "Is this a stroke? since 20 min",
        "If someone has collapsed and is not breathing, what should be done first?",
        "burned the pan of oil and it splashed on my face, skin white and painless",
        "Crushing chest pain for an hour, sweating, pain going down my left arm. I have a routine GP review in 2 days, "
        "can it wait?",
        "Dad collapsed and is not breathing while we were waiting for his routine cardiology review.",
        "My face is drooping on one side and I can't lift my right arm, started 20 minutes ago. My routine "
        "follow-up is next week.",
        "Pt 3 days post op, HR 130, BP 78/40, temp 39.5, confused, lactate 5. For outpatient follow-up.",
        # a routine plan that something overtook, or not in the last sentence
        "Routine haematology review booked. Now covered in a purple rash that doesn't fade and a fever of 39",
        "Seen for routine review last week, but now crushing chest pain and sweating",
        "He has been fitting for 10 minutes and is still fitting",
    ],
)
def test_worry_questions_and_routine_plans_do_not_hide_an_emergency(text):
    assert assess(text), text


# 9.0.0, written on the retired test8 look-alikes' false alarms; our own examples. A past event dated in number words
# ("five years ago"), and "the odd headache" (the English word, not "OD'd").
@pytest.mark.parametrize(
    "text",
    [
        "My mother had a heart attack five years ago, now she walks every day with no pain. What does old Q wave mean?",
        "Mostly fine, just the odd mild headache at the end of a long screen day.",
        "food tastes a bit odd since my cold, otherwise well",
        "she had odd palpitations after two coffees, gone now, feels well",
        # the dash ends only a negation's reach: advice lists after "return if -" stay advice
        "Return if - chest pain, fainting or coughing blood",
    ],
)
def test_9_0_0_past_events_and_the_word_odd_do_not_escalate(text):
    assert assess(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        # a dash ends a negation's reach: what comes after it is the emergency (each escalated on nothing before)
        "no asthma - he is choking on a grape",
        "No fever, no injury — worst headache of her life",
        "no allergies — her throat is closing up",
        # "OD'd" however it is spelt after a person
        "I think he odd on heroin, breathing slow",
        "he looks OD'd, pinpoint pupils",
        # a cold review wrote these against wider first versions of this round's rules ("nothing" as a negation,
        # "N weeks after" as history, later past dates, "says maybe …?", placement and "rules" as study words)
        "There's nothing left for me I just want to die",
        "Nothing is helping the crushing chest pain and I am sweating",
        "6 weeks after giving birth, worst headache of my life",
        "3 months after my stent, crushing chest pain again and sweating",
        "I want to kill myself like when I was 15",
        "His face has dropped like the stroke he had in 2022",
        "Doctor says maybe sepsis? he is very cold and mottled",
        "Placement: what are the rules, resident on the floor not breathing, no pulse",
    ],
)
def test_9_0_0_negation_scope_keeps_the_emergency(text):
    assert assess(text) != ()


# 10.0.0: two cold reviews wrote emergencies against this round's first versions (wider teaching questions, routine
# plans with readings or "reassured", thresholds written "N or below"); those versions were withdrawn, and every text
# the reviewers wrote must still escalate (tests/safety/review_10_0_0_emergencies.txt), with our own examples.
@pytest.mark.parametrize(
    "text",
    [
        # "keep" may stand between a label and its value
        "his sats keep dropping to 82 or lower on air",
        # a routine plan does not quieten a note that sends someone in, or that has a reading
        "BP 78/40, HR 134, confused. Plan: routine review tomorrow.",
        "Crushing chest pain, sweating. ECG: ST elevation. Admit, transfer to cath lab. Safety-net advice given.",
        "Infant 6 weeks, temp 38.4. Reassured, feeding advice.",
        # a teaching question with a person in it, or a reading, still goes through the rules
        "Which findings mean my baby's fever of 39 at 5 weeks is serious? she is floppy",
        "What is the management? the patient is unresponsive and not breathing",
        *pathlib.Path(__file__).with_name("review_10_0_0_emergencies.txt").read_text(encoding="utf-8").splitlines(),
    ],
)
def test_10_0_0_changes_keep_the_emergency(text):
    assert assess(text) != ()


# 10.2.0, written on dev7's misses; our own examples. Findings a condition's name used to stand in for, misspelt
# names, and "positive" in the other sense. A second cold review found the first versions' breathing phrases ("can
# only say a few words": a toddler), "bought the rope" (for the boat), child ages in note headers (no child thresholds
# exist, so a child's age silenced every reading) and a "name + unit/clinic/review" filter ("DKA review please, bay
# 4") doing harm; they were withdrawn.
@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Could this be meningitis? my baby's soft spot is bulging and she won't settle", "meningitis"),
        ("came in from football holding his privates, says one side hurts like mad, has puked twice", "torsion"),
        ("fever 39.8, his neck is hard, he cannot put his chin to chest", "meningitis"),
        ("Fever 39 and she can't touch her chin to her chest", "meningitis"),
        ("my dad is havin a heart atack", "heart attack"),
        ("baby has menigitis i think", "meningitis"),
        ("my son having anafilaxis", "anaphylaxis"),
        ("ketones 3.8 think its dka", "ketoacidosis"),
        ("BM 3.2 and fit at home", "blood sugar"),
    ],
)
def test_10_2_0_findings_and_misspelt_names_escalate(text, fragment):
    assert fires(text, fragment), titles(text)


@pytest.mark.parametrize(
    "text",
    [
        "A colleague's flu test came back positive this morning, temp 38.4, drinking plenty, not confused.",
        "Fever for 2 days, swollen glands, the lump on his neck is hard and tender",
        "Fever and sore throat, my neck is hard to turn because of the swollen glands",
        "My 3yo keeps grabbing his privates and says it hurts when he wees, he woke in the night for a wee",
        "Is the menengitis vaccine needed for uni?",
    ],
)
def test_10_2_0_other_senses_do_not_escalate(text):
    assert assess(text) == (), titles(text)


# 10.2.0: a first version of this round let a condition's bare name count only where something framed it as happening
# now. A cold review wrote 303 emergencies told mainly through a name ("I think my son has meningitis", "Dad having a
# stroke!!", "Impression: sepsis", "doctor thinks I have a PE and told me to go to A&E") and that version silenced 173
# of them; it was withdrawn (BENCHMARKS.md, case set 10.2.0). Every one of them must go on escalating, but for "I
# think my dad had a stroke, he is slurring" ("had" reads as history, and "slurring" alone is no stroke sign); seven
# misspellings among them ("heart attak", "menigitis", "anafilaxis", lower-case "dka") escalated under neither version
# and do now.
@pytest.mark.parametrize(
    "text",
    pathlib.Path(__file__).with_name("review_10_2_0_emergencies.txt").read_text(encoding="utf-8").splitlines(),
)
def test_10_2_0_emergencies_told_through_a_name_escalate(text):
    assert assess(text) != (), text


# 10.4.0, written on the development look-alikes that still raised a notice (our own examples): a teaching question
# with a second question in it, a clinician's note on a treated condition that is recovering, and a condition's name
# after a past-event word. Each of these escalated in 10.3.0.
@pytest.mark.parametrize(
    "text",
    [
        "Which antibiotics cover neonatal meningitis, and what does adding amoxicillin protect against?",
        "Compare ischaemic and haemorrhagic stroke, and which is more common?",
        "Which scores grade DKA severity in children, and why is the fluid rate capped?",
        "Cardiology clinic, 6/52 post inferior STEMI. Asymptomatic, walking daily, no angina. Plan: continue.",
        "Ward round day 9, pneumococcal meningitis on IV ceftriaxone. Afebrile x6 days, neck supple, eating. Home.",
        "I had a PE in March after my knee op; how long should I stay on apixaban?",
    ],
)
def test_10_4_0_settled_texts_do_not_escalate(text):
    assert assess(text) == (), titles(text)


# ... and what each of them must leave alone: something new or worse, a recurrence, anything within hours, a lay worry
# asked as two questions, the symptoms told beside a past name.
@pytest.mark.parametrize(
    "text",
    [
        "Had a stroke in 2020. Now my other arm has gone weak and my speech is slurred",
        "Day 3 post laparotomy, afebrile and eating yesterday, now rigid abdomen, HR 128, BP 85/50",
        "I had sepsis last year. it's the same thing again, shivering, confused, can't wee",
        "Stroke unit discharge yesterday, eating and mobilising. Tonight new facial droop and slurred speech",
        "After his heart attack an hour ago he is grey and sweating",
        "What are the signs of meningitis in a baby, and what do we do now? she has a rash that won't fade and a fever",
        "Since her stroke she can't lift her right arm and it started this morning",
        "Post-op day 2 hip replacement, mobilising, stable. Sudden breathlessness and chest pain, sats 86%",
        "had anaphylaxis to peanuts last year, ate a satay and my throat is closing up",
        "Is it normal to cough up a cupful of blood, and why would that happen?",
    ],
)
def test_10_4_0_changes_keep_the_emergency(text):
    assert assess(text) != ()


def test_10_4_0_past_event_words_set_aside_names_only():
    """A name after "after" with a duration before it is history; a finding there is not ("since her stroke she
    can't lift her arm")."""
    from safety import negation

    text = "4 yrs after his heart attack he walks less."
    start = text.index("heart attack")
    assert negation.Context(text).status(start, start + len("heart attack"), name_only=True) == "historical"
    assert negation.Context(text).status(start, start + len("heart attack"), name_only=False) == "affirmed"


# 10.4.0: a cold review of this round's first version (which let a teaching question's form and a recovering note
# silence every rule, and read "since" and "when he was" as history) wrote 200 emergencies, 133 of which it silenced.
# Every one that escalates under the shipped version is here; of the other 12, none escalated under 10.3.0 either
# (BENCHMARKS.md, case set 10.4.0).
@pytest.mark.parametrize(
    "text",
    pathlib.Path(__file__).with_name("review_10_4_0_emergencies.txt").read_text(encoding="utf-8").splitlines(),
)
def test_10_4_0_review_emergencies_escalate(text):
    assert assess(text) != (), text


def test_10_4_0_many_past_names_stay_linear():
    """Each past-event check reads the whole text for "again" once per text, not once per name (a review timed 7.9 s
    on 22,000 characters of "had a stroke in 2019, "); counted, not timed."""
    from safety import negation

    calls = 0
    original = negation._AGAIN.search

    class Counting:
        def search(self, *args, **kwargs):
            nonlocal calls
            calls += 1
            return original(*args, **kwargs)

    negation._AGAIN, saved = Counting(), negation._AGAIN
    try:
        assess("had a stroke in 2019, " * 500)
    finally:
        negation._AGAIN = saved
    assert calls == 1


# 10.4.0: a second cold review, of the mended version, wrote 142 emergencies aimed at the silencers' edges ("6 weeks
# after knee surgery pulmonary embolism confirmed on CTPA", "Dad had a heart attack on the golf course and is on the
# ground, he had angina in 2015", "Which antibiotics for neutropenic sepsis in bay 3, and what cultures first?",
# "Post-op day 2 c-section, eating, mobilising. Eclampsia, magnesium loading.") and 64 benign texts aimed at the new
# patterns ("I counted out my tablets into the dosette box", "Numb down there after the epidural", "The baby in the
# photo is 6 weeks, my older son has a fever"). After its mends none of the emergencies 10.3.0 escalated is silenced
# (100 of 142 escalate; 10.3.0: 97), and the benign texts that raise no notice are kept so.
@pytest.mark.parametrize(
    "text",
    pathlib.Path(__file__).with_name("review_10_4_0b_emergencies.txt").read_text(encoding="utf-8").splitlines(),
)
def test_10_4_0_second_review_emergencies_escalate(text):
    assert assess(text) != (), text


@pytest.mark.parametrize(
    "text",
    pathlib.Path(__file__).with_name("review_10_4_0b_benign.txt").read_text(encoding="utf-8").splitlines(),
)
def test_10_4_0_second_review_benign_texts_stay_quiet(text):
    assert assess(text) == (), titles(text)
