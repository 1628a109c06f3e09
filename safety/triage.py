"""The red-flag engine: discriminators over affirmed clinical concepts and vital signs, like a triage system.

Each rule is one presentation with the discriminators that make it an emergency (Manchester Triage System
"life-threatening" and "very urgent" discriminators, NHS 111 "call 999 / go to A&E" dispositions, ESI levels 1-2):
an alternative fires when every concept in it is affirmed (not negated, not historical, not hypothetical). Vital
signs, ages and gestations become concepts too ("sbp_lt_90", "infant_lt_3m", "preg_ge_20w"), so a rule reads the
same whether the text says "BP 82/50" or "low blood pressure".

The engine only adds: nothing downstream (the model, the classifier) can remove an escalation it raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from safety import negation
from safety.concepts import CONCEPTS
from safety.vitals import Reading, Vitals, news2, qsofa, read_vitals

Level = Literal["emergency", "crisis", "possible"]

EMERGENCY_ADVICE = (
    "Call your local emergency number now (999 in the UK, 911 in the US, 112 in the EU) or go to the nearest "
    "emergency department. Do not wait for this tool's answer."
)
CRISIS_ADVICE = (
    "If you or someone else may act on thoughts of suicide or self-harm, call your local emergency number now "
    "(999 / 911 / 112), or a crisis line: 988 (call or text) in the US, Samaritans 116 123 in the UK and Ireland, "
    "or text SHOUT to 85258 in the UK. Stay with the person and remove the means if it is safe to do so."
)


@dataclass(frozen=True)
class Trigger:
    concept: str
    evidence: str
    span: tuple[int, int]


@dataclass(frozen=True)
class Escalation:
    level: Level
    title: str
    advice: str
    triggers: tuple[Trigger, ...]
    source: Literal["rules", "classifier"]


@dataclass(frozen=True)
class Rule:
    name: str
    title: str
    alternatives: tuple[tuple[str, ...], ...]  # any alternative; every concept within it
    level: Level = "emergency"
    extra_advice: str = ""
    unless: tuple[str, ...] = ()  # concepts that explain the finding away (iron tablets and black stools)


def _r(name: str, title: str, *alternatives: str, **kwargs) -> Rule:
    """Alternatives written as "a + b" strings: reads like the triage chart it comes from."""
    alts = tuple(tuple(c.strip() for c in alt.split("+")) for alt in alternatives)
    return Rule(name, title, alts, **kwargs)


RULES: tuple[Rule, ...] = (
    _r(
        "acs",
        "Possible heart attack (acute coronary syndrome)",
        "acs_explicit",
        "chest_pain + cardiac_feature",
        extra_advice="Sit down and rest while you wait; chew a 300 mg aspirin if the emergency operator advises it.",
    ),
    _r(
        "dissection",
        "Possible aortic dissection or ruptured aneurysm",
        "dissection",
        "tearing_pain + chest_pain",
        "tearing_pain + back_radiation",
        "chest_pain + pulse_deficit",
        "chest_pain + back_radiation + sudden",
        "interscapular + sudden",
        "interscapular + pulse_deficit",
        "sudden + back_pain + shock_sign",
        "sudden + back_pain + hypotension",
        "sudden + back_pain + sbp_lt_90",
        "sudden + pulse_deficit",
        "aaa_sign + back_pain",
        "aaa_sign + shock_sign",
        "aaa_sign + collapsed",
        "aaa_sign + sbp_lt_90",
    ),
    _r(
        "pe",
        "Possible pulmonary embolism",
        "pe_explicit",
        "breathless + pe_strong",
        "breathless + sudden + pe_risk",
        "chest_pain + pe_strong",
    ),
    _r(
        "stroke",
        "Possible stroke or TIA happening now",
        "stroke_sign",
        "stroke_explicit",
        extra_advice="Note the time the symptoms started; do not give food, drink or medicines.",
    ),
    _r(
        "sah",
        "Sudden severe (thunderclap) headache: possible brain haemorrhage",
        "thunderclap",
        "headache + sudden + meningism",
    ),
    _r(
        "meningitis_sepsis",
        "Possible meningitis or sepsis",
        "meningitis_explicit",
        "sepsis_explicit",
        "fever + meningism",
        "fever + chemo",
        "fever + mottled_skin",
        "fever + altered_mental",
        "febrile + sbp_lt_90",
        "fever + hypotension",
        "febrile + mottled_skin",
        "febrile + altered_mental",
        "febrile + hypotension",
        "qsofa_ge_2",
        "news2_ge_7",
    ),
    _r("rash", "Rash that does not fade under pressure (possible meningococcal disease)", "non_blanching_rash"),
    _r(
        "anaphylaxis",
        "Possible anaphylaxis (severe allergic reaction)",
        "anaphylaxis_explicit",
        "airway_swelling + allergen",
        "airway_swelling + allergy_severe",
        "allergen + allergy_severe + urticaria",
        extra_advice="Use an adrenaline auto-injector now if one is available, then call; lie flat with legs raised "
        "(sit up if breathing is hard).",
    ),
    _r("breathing", "Severe breathing difficulty or low oxygen", "severe_breathing", "spo2_lt_92"),
    _r(
        "upper_gi_bleed",
        "Vomiting blood (possible upper gastrointestinal bleed)",
        "haematemesis",
        "haematemesis + syncope",
        "haematemesis + hr_ge_130",
        "haematemesis + sbp_lt_90",
        unless=("small_amount",),
    ),
    _r(
        "lower_gi_bleed",
        "Possible gastrointestinal bleed (black or heavy bloody stools)",
        "melaena + syncope",
        "melaena",
        "lower_gi_heavy",
        "gi_bleed_explicit",
        "rectal_blood + collapsed",
        "rectal_blood + shock_sign",
        "rectal_blood + sbp_lt_90",
        "rectal_blood + hr_ge_130",
        unless=("iron_or_bismuth",),
    ),
    _r("haemoptysis", "Coughing up large amounts of blood", "haemoptysis_massive", "cough_blood + large_volume"),
    _r(
        "dka",
        "Possible diabetic ketoacidosis or hyperosmolar state",
        "dka_explicit",
        "diabetes + ketones + dka_symptom",
        "glucose_ge_20 + ketones",
        "diabetes + ketones_high",
        "ketones + acidosis",
        "ketones_high + dka_symptom",
        "ketones + altered_mental",
        "glucose_ge_20 + dka_symptom + diabetes",
        "glucose_ge_30 + altered_mental",
        "ketones + dka_symptom + osmotic",
    ),
    _r(
        "hypo",
        "Low blood sugar with reduced consciousness",
        "hypo_explicit + altered_mental",
        "glucose_lt_4 + altered_mental",
        "glucose_lt_3",
        "glucose_low_if_mgdl + altered_mental",
        "diabetes + altered_mental + hypo_symptom",
        "hypo_explicit + seizure",
        "glucose_lt_4 + seizure",
        extra_advice="If the person is awake and can swallow, give sugar (glucose tablets, sugary drink) now.",
    ),
    _r(
        "overdose",
        "Overdose or poisoning already taken",
        "overdose_taken",
        extra_advice="Many overdoses (paracetamol among them) cause no symptoms at first: go now, and take the "
        "packets with you. " + CRISIS_ADVICE,
    ),
    _r(
        "suicide",
        "Suicidal thoughts, intent or a plan",
        "suicidal",
        "suicide_plan",
        "suicide_plan_lay + self_harm_context",
        level="crisis",
    ),
    _r("infant_fever", "Fever in a baby under 3 months", "infant_lt_3m + febrile", "infant_lt_3m + hypothermic"),
    _r(
        "preeclampsia",
        "Possible pre-eclampsia or eclampsia",
        "preeclampsia_explicit",
        "preg_ge_20w + headache",
        "preg_ge_20w + visual_disturbance",
        "preg_ge_20w + oedema_upper",
        "preg_ge_20w + oedema + sudden",
        "preg_ge_20w + ruq_pain",
        "preg_ge_20w + severe_bp",
        "postpartum + headache + visual_disturbance",
        "postpartum + severe_bp",
        "pregnant + seizure",
        "pregnant + headache + visual_disturbance",
    ),
    _r(
        "cord_prolapse",
        "Possible umbilical cord prolapse",
        "cord_prolapse",
        extra_advice="Kneel with your bottom raised and your head and chest low (knee-chest position) while you "
        "wait; do not push the cord back.",
    ),
    _r("ectopic", "Possible ectopic pregnancy", "ectopic_explicit", "preg_early + pelvic_pain + ectopic_feature"),
    _r(
        "torsion",
        "Possible testicular torsion",
        "testicular_pain + torsion_feature",
        "cremasteric_absent",
        extra_advice="This needs surgery within hours to save the testicle.",
    ),
    _r(
        "cauda_equina",
        "Possible cauda equina syndrome",
        "cauda_equina_explicit",
        "saddle_anaesthesia",
        "back_pain + sphincter",
        "back_pain + legs_weak",
        "legs_weak + sphincter",
        "legs_weak + saddle_anaesthesia",
        "saddle_lay + sphincter",
        "saddle_lay + legs_weak",
    ),
    _r(
        "acute_abdomen",
        "Possible acute abdomen (peritonitis, perforation or obstruction)",
        "peritonism",
        "severe_abdo_pain + syncope",
        "severe_abdo_pain + sbp_lt_90",
    ),
    _r(
        "seizure",
        "Seizure that is prolonged, repeated or a first ever",
        "status_epilepticus",
        "first_seizure + seizure",
    ),
    _r("unconscious", "Unconscious, unresponsive or not breathing normally", "unconscious", "gcs_le_8"),
    _r(
        "trauma",
        "Major trauma or head injury with red flags",
        "major_trauma",
        "head_injury + head_injury_red",
        "scalp_wound + injury_mechanism + head_injury_red",
        "injury_mechanism + head_injury_red + headache",
        "injury_mechanism + pupils_unequal",
    ),
    _r("burns", "Serious burn (face or airway, large, electrical or chemical)", "burn + burn_severe"),
    _r(
        "hyperkalaemia",
        "Dangerously high potassium",
        "k_ge_6_5",
        "hyperkalaemia + ecg_k_changes",
        "k_ge_6 + ecg_k_changes",
    ),
    _r(
        "heat",
        "Possible heat stroke or dangerously high temperature",
        "heat_exposure + confusion",
        "heat_exposure + collapsed",
        "heat_exposure + seizure",
        "heat_exposure + unconscious",
        "hyperpyrexia + altered_mental",
        extra_advice="Move the person somewhere cool, remove extra clothing and cool the skin with water while you "
        "wait.",
    ),
    _r(
        "carbon_monoxide",
        "Possible carbon monoxide poisoning",
        "co_exposure + co_symptom",
        extra_advice="Get everyone into fresh air, turn off the appliance if it is safe, and do not go back in.",
    ),
    _r(
        "obstetric_bleed",
        "Heavy bleeding in pregnancy or after birth",
        "postpartum + bleeding_heavy",
        "pregnant + bleeding_heavy",
        "bleeding_heavy + collapsed",
        "bleeding_heavy + shock_sign",
    ),
    _r(
        "adrenal",
        "Possible adrenal crisis",
        "adrenal_crisis",
        "adrenal + altered_mental",
        "adrenal + collapsed",
        "adrenal + hypotension",
        "adrenal + sbp_lt_90",
        extra_advice="If there is an emergency hydrocortisone injection, give it now.",
    ),
    _r("limb_ischaemia", "Possible acute limb ischaemia (blocked artery)", "limb_ischaemia"),
    _r(
        "nec_fasc",
        "Possible necrotising fasciitis",
        "nec_fasc_explicit",
        "pain_out_of_proportion",
        "nf_skin + rapid_spread",
        "nf_skin + fever",
        "rapid_spread + fever + skin_infection",
    ),
    _r("infant_dehydration", "Severe dehydration in a baby or young child", "infant + dehydration_severe"),
    _r(
        "eye",
        "Sudden loss of vision or acute angle-closure glaucoma",
        "glaucoma_explicit",
        "sudden_vision_loss",
        "red_eye_severe + eye_feature",
        "eye_agony + angle_closure_sign",
    ),
    _r(
        "pneumothorax",
        "Possible tension pneumothorax",
        "pneumothorax + tension_sign",
        "pneumothorax + severe_breathing",
        "pneumothorax + hypotension",
        "pneumothorax + sbp_lt_90",
        "pneumothorax + spo2_lt_92",
        "chest_decompensation + tracheal_shift",
        "chest_one_side + neck_vein_lay + injury_mechanism",  # 10.4.0: lay words after an injury
    ),
    _r(
        "vitals",
        "Dangerous vital signs",
        "sbp_lt_90",
        "rr_ge_25",
        "rr_le_8",
        "hr_ge_130",
        "gcs_le_8",
        "news2_ge_7",
        "qsofa_ge_2",
        "spo2_lt_92",
    ),
)

_CHILD_DAYS = 12 * 365.25  # adult thresholds for SBP, HR and RR apply from 12 years (or when no age is given)


_MAX_MENTIONS = 3  # kept per concept, so that evidence can avoid citing one phrase twice


# A past attempt is context for a plan now ("Last year I tried with the pills ... tonight I will do it")
_ANY_TIME = {"self_harm_context"}


def concept_mentions(text: str) -> dict[str, list[Trigger]]:
    """Affirmed text concepts: the first few mentions of each concept that no trigger sets aside."""
    found: dict[str, list[Trigger]] = {}
    context = negation.Context(text)
    lowered = text.lower()
    for name, concept in CONCEPTS.items():
        for m in concept.finditer(text, lowered):
            status = context.status(m.start(), m.end(), name_only=name.endswith("_explicit"))
            if status == "affirmed" or (status == "historical" and name in _ANY_TIME):
                found.setdefault(name, []).append(Trigger(name, text[m.start() : m.end()].strip(), m.span()))
                if len(found[name]) >= _MAX_MENTIONS:
                    break
    return found


def vital_facts(v: Vitals, text_facts: dict[str, Trigger]) -> dict[str, Trigger]:
    """Concepts derived from vital signs, age and gestation (thresholds from the brief's triage sources)."""
    out: dict[str, Trigger] = {}

    def add(name: str, reading: Reading | None, condition: bool, evidence: str | None = None) -> None:
        if reading is not None and condition:
            out[name] = Trigger(name, evidence or reading.evidence, reading.span)

    adult = v.age_days is None or v.age_days.value >= _CHILD_DAYS
    add("sbp_lt_90", v.sbp, bool(v.sbp and v.sbp.value < 90 and adult))
    add("spo2_lt_92", v.spo2, bool(v.spo2 and v.spo2.value < 92))
    add("rr_ge_25", v.rr, bool(v.rr and v.rr.value >= 25 and adult))
    add("rr_le_8", v.extras.get("rr_low"), True)
    add("hr_ge_130", v.hr, bool(v.hr and v.hr.value >= 130 and adult))
    add("gcs_le_8", v.gcs, bool(v.gcs and v.gcs.value <= 8))
    add("k_ge_6_5", v.potassium, bool(v.potassium and v.potassium.value >= 6.5))
    add("k_ge_6", v.potassium, bool(v.potassium and v.potassium.value >= 6.0))
    g = v.glucose_mmol
    add("glucose_lt_4", g, bool(g and g.value < 4.0))
    add("glucose_lt_3", g, bool(g and g.value < 3.0))
    add("glucose_low_if_mgdl", v.extras.get("glucose_low_if_mgdl"), True)
    high = v.extras.get("glucose_high")
    add("glucose_ge_20", high, bool(high and high.value >= 20.0))
    add("glucose_ge_30", high, bool(high and high.value >= 30.0))
    score, present = news2(v)
    anchor = v.rr or v.sbp or v.hr or v.spo2 or v.temp_c
    if adult and present >= 3 and score >= 7 and anchor is not None:
        out["news2_ge_7"] = Trigger("news2_ge_7", f"NEWS2 {score} from the vital signs given", anchor.span)
    q = qsofa(v)
    if adult and q >= 2 and anchor is not None:
        out["qsofa_ge_2"] = Trigger("qsofa_ge_2", f"qSOFA {q} from the vital signs given", anchor.span)
    febrile = v.temp_c is not None and v.temp_c.value >= 38.0
    if febrile:
        add("febrile", v.temp_c, True)
    elif "fever" in text_facts and v.temp_c is None:  # a measured temperature outranks the word
        out["febrile"] = text_facts["fever"]
    add("hypothermic", v.temp_c, bool(v.temp_c and v.temp_c.value < 36.0))
    add("hyperpyrexia", v.temp_c, bool(v.temp_c and v.temp_c.value >= 40.0))
    if "hypothermia" in v.extras and v.extras["hypothermia"].value < 36.0:
        out["hypothermic"] = Trigger("hypothermic", v.extras["hypothermia"].evidence, v.extras["hypothermia"].span)
    add("infant_lt_3m", v.age_days, bool(v.age_days and v.age_days.value < 90))
    if v.age_days and v.age_days.value < 2 * 365.25:
        out.setdefault("infant", Trigger("infant", v.age_days.evidence, v.age_days.span))
    _pregnancy_facts(v, text_facts, out)
    return out


def _pregnancy_facts(v: Vitals, text_facts: dict[str, Trigger], out: dict[str, Trigger]) -> None:
    """Pregnant at all, early (< 16 weeks, or a positive test / missed period) or >= 20 weeks."""
    gest = v.gestation_weeks
    if gest is not None:
        out["pregnant"] = Trigger("pregnant", gest.evidence, gest.span)
        if gest.value >= 20:
            out["preg_ge_20w"] = Trigger("preg_ge_20w", gest.evidence, gest.span)
        elif gest.value < 16:
            out["preg_early"] = Trigger("preg_early", gest.evidence, gest.span)
    for cue in ("pregnant_word", "early_pregnancy"):
        if cue in text_facts:
            out.setdefault("pregnant", text_facts[cue])
    if "early_pregnancy" in text_facts:
        out.setdefault("preg_early", text_facts["early_pregnancy"])
    elif "pregnant_word" in text_facts and gest is None:
        # pregnant, weeks not given: counts as early for ectopic (which is otherwise missed) but never as >= 20 weeks
        out.setdefault("preg_early", text_facts["pregnant_word"])


def facts_of(text: str) -> dict[str, list[Trigger]]:
    """Every affirmed concept in `text`, from the words and from the numbers."""
    facts = concept_mentions(text)
    first = {name: mentions[0] for name, mentions in facts.items()}
    for name, trigger in vital_facts(read_vitals(text), first).items():
        facts.setdefault(name, []).append(trigger)
    return facts


def _evidence(alt: tuple[str, ...], facts: dict[str, list[Trigger]]) -> tuple[Trigger, ...]:
    """One trigger per concept, preferring mentions that do not overlap those already cited."""
    chosen: list[Trigger] = []
    for concept in alt:
        mentions = facts[concept]
        free = [t for t in mentions if all(t.span[1] <= c.span[0] or t.span[0] >= c.span[1] for c in chosen)]
        chosen.append(free[0] if free else mentions[0])
    return tuple(chosen)


_QUESTION_START = re.compile(
    # a short lead-in clause may come first ("After a repaired dissection, what ...")
    # a lead-in clause needs its comma, unless it is a few words without numbers ("In DKA why ...")
    # or a study label before a colon or a dash ("Medical student: why ...", "For my OSCE: what ..."), or a comparison
    # ("Stanford vs DeBakey — which ...")
    r"^\W*(?:(?:[\w' ]{0,30}\b(?:student|exam|osce|finals|revision|revising|teaching|textbook|quiz|query|lecture|"
    r"class|course|viva|learner|homework|assignment|project|trainee)\b[\w' ]{0,25}|"
    r"[\w'. ]{2,40} vs\.? [\w'. ]{2,40})(?::|\s[—–-])\s+)?"
    r"(?:(?:after|following|in|for|during|among|with|once) (?:[^,?.]{3,80}, |[^,?.\d]{2,40}? )"
    r"|(?:physiologically|clinically|briefly),? )?(?:what|how|why|whi"
    r"ch|"
    r"when|where|who|i"
    r"s|are|does|do|can|should|could|would|explain|describe|list|outline|"
    r"define|compare|summari[sz]e|tell me about|give me)\b",
    re.I,
)
_EDUCATION = re.compile(
    r"\b(?:guidelines?|criteria|definition|defines?|score|sensitivity|specificity|time window|window for|"
    r"contraindications?|indications?|management|protocol|mechanism|pathophysiology|dos(?:e|es|ing)|first[- ]line|"
    r"treatment of|causes of|signs of|symptoms of|features of|differential|investigations?|evidence|trials?|"
    r"classification|in order of|calculate|why is|how do you|how is|what is the|difference between|when is|"
    r"risk factors|prognosis|epidemiology|exams?|revision|textbook|occur in|given (?:before|for|in)|"
    r"(?:seen|found|present|used) in|prophylaxis|"
    # "Why does a tension pneumothorax cause hypotension?" (the education tab's example): the mechanism form only;
    # "why does everything feel pointless" or "why do lips go blue after peanut" are someone's symptoms
    r"why (?:does|do) (?:an? |the )?[\w' -]{3,40}? (?:cause|lead to|result in|produce|present with)|why (?:does|do) "
    r"(?:patients|people|children|infants|adults|women|men) (?:with|in|on|who|after)|"
    r"recommend\w*|should (?:\w+ ){0,3}(?:be|take|continue|receive|get|have)|how long|observed|usually|"
    r"common causes|suggest|considered|targets?|schedule|follow-up|called|prescribed|reduce (?:\w+ ){0,3}risk|"
    r"editions?|according to|atls|apls|landmarks?|(?:insertion|decompression|injection) sites?|where (?:is|are|do|"
    r"should)|distinguish\w*|differentiate|features|versus|vs|red flags?|what order|happen in|counts? as|"
    # a study setting said outright
    r"students?|osce|finals|revis\w+|teaching|mnemonic|lecture|tutorial|viva|quiz|first[- ]aid (?:talk|class|course)|"
    r"explain|describe|outline|list the)\b",
    re.I,
)
_PERSONAL = re.compile(
    r"\b(?:i|i'm|(?-i:im|Im)|i've|me|my|mine|we|us|our|he|she|him|her|his|hes|shes|they|them|their|(?:my|the|this|our) "
    r"patient|pt|yo|y/o|"
    r"years?[- ]old|months?[- ]old|weeks?[- ]old|days?[- ]old|mum|mom|dad|son|daughter|husband|wife|baby|child|friend|"
    r"partner|came on|since|ago|today|tonight|yesterday|this morning|right now|now|currently|"
    # 10.4.0: more people someone writes about (a cold review: "why is grandads face drooping and speech slurred, and
    # what does it mean?"), and help being sought ("... and where is the nearest defib?")
    r"grand(?:ad|pa|ma|mother|father)s?|grann?y|gran|nann?a|nan|neighbou?rs?|lady|boyfriend|girlfriend|hubby|"
    r"brother|sister|uncle|aunt|auntie|cousin|colleague|flatmate|roommate|toddler|kid|"
    r"nearest|which hospital|defib\w*|ambulance|999|911|112|(?:who|where) (?:should|do|to) (?:\w+ )?call\w*|"
    r"is happening|happening now)\b|\b\d+\s?(?-i:M|F)\b",
    re.I,
)


# "in a 7 year old", "for an 80-year-old": a textbook's generic patient, not a person being described; "for my OSCE",
# "med student here": the asker's studies, not a person
_GENERIC_PERSON = re.compile(
    r"\b(?:in|for|of) an? \d+[- ]?(?:years?|months?|weeks?|days?)[- ]old\b"
    r"|\b(?:in|for|of|does|do|is) an? (?:kid|toddler|child|grandma|grandad|old (?:lady|man|woman|person)|elderly \w+)\b"
    r"|\b(?:for |in )?my (?:[\w-]+ )?(?:exams?|osce|finals|revision|course|class|lecture|teaching|tutorial|viva|quiz|"
    r"students|trainees)\b|\b(?:med(?:ical)? )?student here\b|\b(?:next|this) week\b",
    re.I,
)


def is_general_question(text: str) -> bool:
    """A textbook or guideline question about a condition, with no person and no "now" in it ("What defines
    life-threatening asthma?"): ConText's hypothetical at the level of the whole input. Anything personal, or
    anything that does not read as a teaching question, goes through the rules."""
    return _impersonal_question(text) is not None and bool(_EDUCATION.search(text))


def _impersonal_question(text: str) -> re.Match | None:
    """The question opening of a short text with no person, no "now" and no reading in it."""
    question_start = _QUESTION_START.match(text)
    if (
        len(text) < 400
        and question_start is not None
        and not _PERSONAL.search(_GENERIC_PERSON.sub(" ", text))
        and not _has_reading(read_vitals(text))  # "what now for BP 70/40?" is about someone
    ):
        return question_start
    return None


# 10.4.0: a teaching question without _EDUCATION's words may still be one when it asks a second question ("...,
# and what does the Ottawa rule add?"). Such a question only sets aside a condition's bare name (see assess): any
# finding in it still escalates; so it quiets 6 development look-alikes and no development emergency. A cold review
# of the first version (which let it silence every rule) wrote 40 emergencies it silenced; besides the findings, it
# does not count "or what", a comma before "when"/"which"/"where" (", when the pain is crushing"), help and its
# logistics ("which hospital", "what is the number", "how fast"), "is this/it/that ..." (someone asking about what is
# in front of them), a lay worry, or a state told in everyday words.
_SECOND_QUESTION = re.compile(
    r"(?:[;?]\s*|,? and |,? or )(?:what|why|how|when|which|where|who|whose|is it true|is there|does|do you|at what|"
    r"what's)\b(?! (?:(?:should |do |can |must )?(?:i|we|you) )?(?:to do|do|now|next|else)\b)",
    re.I,
)
_NOT_TEACHING = re.compile(
    r"\b(?:can'?t|cannot|won'?t|isn'?t|is not|doesn'?t|does not|unable|keeps?|still|not (?:breathing|responding|waking|"
    r"moving)|999|911|112|ambulance|a&e|hospital|number|call|ring|inject|give|how (?:fast|quick\w*|soon|long)|"
    r"or what|or is it|(?:is|are) (?:it|this|that|these|they) (?:normal|ok|okay|bad|serious|dangerous|an emergency)|"
    r"normal to|should (?:i|we|you) (?:be )?worr\w*|worried|scared|help|panic\w*|"
    # 10.4.0, a second review: a bedside or a scene ("which antibiotics for neutropenic sepsis in bay 3", "who takes a
    # code stroke out of hours", "what first for anaphylaxis at a wedding")
    r"bed|bay|resus|(?-i:ED)|a and e|ward|theatre|out of hours|here|page|bleep|refer\w*|who takes|what first|pads|"
    r"epi-?pen|cath lab|itu|icu|hdu|at (?:a|the) \w+|what \w+ first|\d{1,2} ?(?:am|pm)|\d{1,2}[:.]\d\d)\b|"
    r"^\W*(?:is|could|can|might|would|will) (?:this|that|it)\b",
    re.I,
)


def is_teaching_question(text: str) -> bool:
    """An impersonal question with a second question after its first (see the comment above)."""
    question_start = _impersonal_question(text)
    return (
        question_start is not None
        and bool(_SECOND_QUESTION.search(text, question_start.end()))
        and not _NOT_TEACHING.search(text)
    )


# A study abstract (PubMedQA's contexts in the practice bank, a pasted paper) reports on cohorts, not on the person
# writing: in the practice bank, 84 of 525 items raised an emergency notice ("sepsis", "pelvic fracture",
# "encephalitis" in a vaccine study) before this. A text counts as one only when it reports statistics (a p-value,
# a confidence interval, a ratio, a multivariate model) and has one more research signal ("we evaluated", "were
# enrolled", a cohort design), no reading (BP, SpO₂…), and nobody here and now in it: no first person, no he/she, no
# relative, no age of a person, no "now". Words of a clinical note ("results", "trial of fluids", "significant")
# are never signals. Self-harm and an overdose already taken are never silenced, and the learned layer still runs.
_STATISTICS = re.compile(
    r"\b(?:p ?[<=>] ?0?\.\d+|95 ?% ?(?:ci|confidence intervals?)|(?:odds|hazard|risk) ratios?|multivariate|"
    r"multivariable|meta-analys[ie]s)\b",
    re.I,
)
_RESEARCH = re.compile(
    r"\b(?:(?P<cohort>cohorts?)|(?P<design>retrospective(?:ly)?|prospective(?:ly)?|randomi[sz]ed (?:controlled )?"
    r"(?:trials?|stud(?:y|ies)))|(?P<participants>participants)|(?P<we>we (?:investigated|evaluated|studied|"
    r"assessed|examined|aimed|analy[sz]ed|compared|reviewed|hypothesi[sz]ed|conducted|performed))|(?P<enrolled>"
    r"(?:were|was) (?:enrolled|randomi[sz]ed|recruited))|(?P<aim>(?:the )?(?:aim|purpose|objective) of (?:this|the|"
    r"our) (?:study|work|trial)|this study)|(?P<review>systematic review))\b",
    re.I,
)
_SOMEONE_NOW = re.compile(
    r"(?<!type )(?<!phase )(?<!class )(?<!grade )(?<!stage )(?<!group )(?<!level )\b(?:i|i'm|im|i've|me|my|mine|"
    r"we have|our (?:son|daughter|baby|child|mum|mom|dad)|he|she|his|her|him|hes|shes|husband|wife|partner|mum|mom|"
    r"dad|mother|father|son|daughter|baby|child|friend|brother|sister|grandma|grandpa|patient|participant|right now|"
    r"now|tonight|"
    r"this morning|today|yesterday|ago|pt|y/?o)\b|\b\d{1,3} ?(?-i:[MF])\b|"
    r"\b\d{1,3}[- ](?:year|month|week|day)s?[- ]old\b",
    re.I,
)
RESEARCH_CUES = 1  # research signals besides the statistics
_NEVER_SILENCED = {"overdose"}  # besides crisis-level rules: an overdose already taken needs the same care
# A teaching question may name suicide in clinical words ("How do you assess suicidal ideation?"); a crisis notice is
# kept for it only when some of its evidence is in someone's own words ("want to die", "better off dead").
_CLINICAL_CRISIS_WORDS = re.compile(
    r"\bsuicid\w*|\bself[- ]harm\w*|\bideation\b|\b(?-i:SI)\b|\bplan and intent|\bintent and plan", re.I
)


def is_research_text(text: str) -> bool:
    """A research report (statistics plus at least RESEARCH_CUES other kinds of research signal) with no reading
    and nobody here and now in it: see the comment above."""
    if not _STATISTICS.search(text) or _SOMEONE_NOW.search(text):
        return False
    kinds = {name for match in _RESEARCH.finditer(text) for name, value in match.groupdict().items() if value}
    return len(kinds) >= RESEARCH_CUES and not _has_reading(read_vitals(text))


# A clinician's note that ends on a plan of routine or outpatient care ("... Glasgow-Blatchford 0. Outpatient
# management.", "... Routine haematology review."): the writer has assessed the person and found no emergency. In the
# development cases 25 look-alikes end so and no emergency does. Narrow on purpose (a cold review wrote emergencies
# that a wider version silenced: "crushing chest pain ... I have a routine GP review in 2 days, can it wait?"): the
# plan must be the whole last sentence, and the note must have no question, no first person or relative, no time
# course and no reading at all (a heart rate, a pressure, a temperature). Crisis and an overdose taken are never
# silenced, and the learned layer still runs where the rules are silent.
_ROUTINE_PLAN = re.compile(
    r"(?:^|[.\n;–—-]\s*)(?:for |plan:? |discharged? (?:with|for) )?(?:routine (?:[\w-]+ ){0,2}(?:referral|review|"
    r"follow[- ]?up|appointment|clinic|r/v)|outpatient (?:management|follow[- ]?up|review|referral|clinic|r/v)|"
    r"(?:[\w-]+ ){0,2}safety[- ]net\w*(?: advice| card)?(?: given)?)(?: (?:in|with|at) [\w /-]{1,20})?\.?\s*$",
    re.I,
)
_NOTE_PERSON = re.compile(
    r"\b(?:i|i'm|im|i've|me|my|we|our|mum|mom|dad|son|daughter|husband|wife|baby|friend|partner|can it wait|"
    # 10.0.0: a relative's message ("Grandad has crushing chest pain ... reassured"; a cold review)
    r"he|she|his|her|him|they|them|grandad|grandpa|grandma|gran|granny|nan|sister|brother|aunt|uncle)\b",
    re.I,
)
# 10.0.0: a plan that sends someone in, or a collapse, is no routine one, whatever else the note ends on
_URGENT_PLAN = re.compile(
    r"\b(?:admit\w*|transfer\w*|blue[- ]light|(?:call|ring|rang|dial)\w* (?:999|911|112)|ambulance|resus\w*|urgent\w*|"
    r"immediate\w*|stat|a&e|emergency department|same[- ]day|cpr|arrest|collapsed|unresponsive)\b",
    re.I,
)


def is_routine_plan(text: str) -> bool:
    """The text is a clinician's note ending on a routine or outpatient plan (see the comment above)."""
    return (
        "?" not in text
        and bool(_ROUTINE_PLAN.search(text[-200:]))
        and not _NOTE_PERSON.search(text)
        and not negation.TIME_COURSE.search(text)
        and not _URGENT_PLAN.search(text)
        and not _has_reading(read_vitals(text))
    )


# 10.4.0: a clinician's note on a condition already treated and now recovering (a discharge summary, a post-op day,
# a clinic follow-up: "ID ward round: pneumococcal meningitis, day 12 IV ceftriaxone. Afebrile x9 days, GCS 15, neck
# supple, eating and mobilising"): the diagnosis is named, but nobody is in danger now (it quiets 5 development
# look-alikes and no development emergency). It needs a treatment or follow-up setting, two different
# signs of recovery (not negated: "not eating"), nobody but the clinician writing (no first person, relative or
# he/she), and no word of anything new, worse, sudden or timed (a clock time, "today", an addendum, "returns with").
# Such a note only sets aside a condition's bare name (see assess): a cold review of the first version, which let it
# silence every rule, wrote 44 emergencies it silenced ("POD 2 CABG, was mobilising and eating well. 15:00 L facial
# droop"), most of them told through findings, which always escalate.
_TREATED = re.compile(
    r"\b(?:discharge summary|d/c|discharged?|post[- ]?op(?:erative)? day|pod ?\d+|day \d+ (?:of|after|post)|"
    r"\d+ ?/ ?(?:7|52) ago|on admission|admitted|stented|coiled|clipped|thrombolys\w+|thrombectomy|repaired|treated|"
    r"responded to|follow[- ]?up|f/u|r/v|opd|clinic|ward round|handover)\b",
    re.I,
)
_RECOVERY = re.compile(
    r"(?<!not )(?<!no longer )(?<!isn't )(?<!poorly )(?<!barely )\b(?:afebrile|apyrexial|pain[- ]free|asymptomatic|"
    r"eating|mobilising|mobilizing|mobile|back at (?:work|school|college)|home (?:tomorrow|today)|fit for discharge|"
    r"news2? ?(?:score )?0|gcs 15|neck supple|settling|resolving|improving|resolved|stable|unchanged|normal diet|"
    r"tolerating|trending down|obs (?:within normal|normal|stable)|no new|no (?:further )?(?:pain|bleeding|"
    r"symptoms|angina|recurrence)|healed|healing well|recovered|extubated|back to (?:baseline|normal|work)|"
    r"non-tender|discharged from (?:clinic|follow-up))\b",
    re.I,
)
_NEW_OR_WORSE = re.compile(
    r"\b(?:now|(?<!no )new(?!ly diagnosed)|newly|worse\w*|worsening|deteriorat\w*|sudden\w*|acute(?:ly)?|increasing|"
    r"collapsed?|unresponsive|unrousable|overnight|again|recurr\w*|rigid|grey|clammy|unable|cannot|can'?t|drowsy|"
    r"confused|tonight|today|just|addendum|returns?|returned|re-?presents?|this (?:morning|evening|afternoon)|"
    r"(?:hours?|hrs?|mins?|minutes) ago|since \d|at \d|while waiting|not breathing|started|"
    # 10.4.0, a second review: a result or an escalation in a later sentence ("ECG: ST elevation V1-V4", "CTPA: saddle
    # embolus", "lactate 4.8", "to theatre", "cath lab activated")
    r"ecg|ctpa|ct|scan|incidental|lactate|query|theatre|cath lab|activated|called|admit\w*|hdu|itu|icu|"
    r"noradrenaline|shock|leak|confirmed|diagnosed|found|for thrombolysis|loading|bolus|magnesium|fitting|seizur\w*|"
    r"stat)\b|\?(?=\w)|\b\d{1,2}[:.]\d\d\b|"
    r"\b\d{1,2} ?(?:am|pm)\b",
    re.I,
)


def is_recovering_note(text: str) -> bool:
    """A clinician's note on a treated condition that is recovering (see the comment above)."""
    signs = {m.group(0).lower() for m in _RECOVERY.finditer(text)}
    return (
        len(signs) >= 2
        and bool(_TREATED.search(text))
        and not _NEW_OR_WORSE.search(text)
        and not _NOTE_PERSON.search(text)
    )


def _has_reading(v: Vitals) -> bool:
    return any(r is not None for r in (v.sbp, v.hr, v.rr, v.spo2, v.gcs, v.temp_c, v.glucose_mmol, v.potassium))


def assess(text: str) -> tuple[Escalation, ...]:
    """Escalations the rules raise for `text` (all of the user's fields joined); () when nothing fires."""
    if not text or not text.strip():
        return ()
    facts = facts_of(text)
    # A teaching question silences every rule but crisis ("why is everything pointless, want to die" reads like a
    # question but is someone in crisis); a study abstract also keeps an overdose already taken.
    general, settled = is_general_question(text), is_research_text(text) or is_routine_plan(text)
    # 10.4.0: a teaching question by its form, or a recovering patient's note, sets aside conditions' bare names only
    names_aside = not general and (is_teaching_question(text) or is_recovering_note(text))
    out: list[Escalation] = []
    for rule in RULES:
        if rule.level != "crisis" and (general or (settled and rule.name not in _NEVER_SILENCED)):
            continue
        if any(u in facts for u in rule.unless):
            alternatives = tuple(alt for alt in rule.alternatives if any(c not in _EXPLAINABLE for c in alt))
        else:
            alternatives = rule.alternatives
        if names_aside and rule.level != "crisis" and rule.name not in _NEVER_SILENCED:
            alternatives = tuple(alt for alt in alternatives if not all(_bare_name(c, facts) for c in alt))
        for alt in alternatives:
            if all(c in facts for c in alt):
                escalation = _escalation(rule, _evidence(alt, facts))
                if not (general and all(_CLINICAL_CRISIS_WORDS.search(t.evidence) for t in escalation.triggers)):
                    out.append(escalation)
                break
    return _merge_vitals(tuple(out))


_EXPLAINABLE = {"melaena", "haematemesis"}  # findings an `unless` concept explains when they stand alone
# 10.4.0: what a teaching question or a recovering note may set aside: a condition's bare name, every mention of it.
# The *_explicit concepts also hold findings and states ("ST elevation", "troponin 900", "septic shock", "massive PE",
# "EpiPen given", "code stroke": a second cold review), which are never set aside.
_BARE_NAME = re.compile(
    r"(?:an? |the )?(?:n?stemi|heart attack|myocardial infarction|(?-i:MI|ACS)|acute coronary syndrome|stroke|(?-i:TIA|"
    r"CVA)|mini[- ]stroke|sepsis|urosepsis|septic|meningitis|pulmonary embol(?:ism|us|i)|(?-i:PE)|clots? (?:in|on) "
    r"(?:the |my |his |her )?lungs?|pre-?eclampsia|eclampsia|(?-i:HELLP)|ectopic(?: pregnancy)?|cauda equina"
    r"(?: syndrome)?|(?-i:CES)|(?-i:DKA)|dka|diabetic ketoacidosis|ketoacidosis|anaphylaxis|anaphylactic|hypo|"
    r"hypoglyc(?:a)?emia|(?-i:GI) bleed|necrotising fasciitis|acute (?:angle[- ]closure )?glaucoma|angle[- ]closure)",
    re.I,
)


def _bare_name(concept: str, facts: dict[str, list[Trigger]]) -> bool:
    return concept.endswith("_explicit") and all(_BARE_NAME.fullmatch(t.evidence) for t in facts.get(concept, ()))


def _escalation(rule: Rule, triggers: tuple[Trigger, ...]) -> Escalation:
    base = CRISIS_ADVICE if rule.level == "crisis" else EMERGENCY_ADVICE
    advice = f"{base} {rule.extra_advice}".strip()
    return Escalation(rule.level, rule.title, advice, triggers, "rules")


def _merge_vitals(escalations: tuple[Escalation, ...]) -> tuple[Escalation, ...]:
    """Drop the generic vital-signs notice when a named presentation already cites the same readings."""
    named = [e for e in escalations if e.title != "Dangerous vital signs"]
    cited = {t.span for e in named for t in e.triggers}
    return tuple(
        e for e in escalations if e.title != "Dangerous vital signs" or not {t.span for t in e.triggers} <= cited
    )
