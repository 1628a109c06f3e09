"""De-identification: each HIPAA Safe Harbor identifier type in free text is removed; clinical numbers stay.
Invented identifiers (Ofcom drama numbers, 555 numbers, documentation IP ranges, example.* domains)."""

from itertools import pairwise

import pytest

from safety import find_identifiers, redact
from safety.deid import _nicknames_and_initials


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("Patient John K. Smith presented", "John K. Smith"),
        ("Seen with her husband Peter Jones", "Peter Jones"),
        ("Mrs O'Brien was reviewed", "O'Brien"),
        ("Name: DOE, Jane", "DOE"),
        ("Name: DOE, Jane", "Jane"),
        ("Baby of Nguyễn Thị Hương", "Nguyễn Thị Hương"),
        ("Referred by Dr Aoife Ní Bhriain", "Aoife"),
        ("Best wishes, Chinedu Okafor", "Chinedu Okafor"),
        ("Smith later said the pain was better. Patient John Smith", "Smith later"),  # every mention of a found name
        ("lives at 27 Larkspur Close, Tiverton", "27 Larkspur Close"),
        ("lives at 27 Larkspur Close, Tiverton", "Tiverton"),
        ("They live in Peckham.", "Peckham"),
        # forms the 2.0.0 development notes showed were missed (written here, not copied from the cases)
        ("X-ray taken 23/11, no fracture", "23/11"),  # a day/month past any score's scale is a date
        ("Review note 7/28: wound healing", "7/28"),  # US month/day
        ("Sutures out; she was admitted in February with sepsis", "in February"),
        ("Name: PRICE, Harold   Age: 94   Ward 6", "94"),
        ("I'm 92 next birthday and still walk daily", "92"),
        ("Hospital no. KX7 221 9087 on the wristband", "KX7 221 9087"),
        ("Police ref MP/220/25-1147, victim statement taken", "MP/220/25-1147"),
        ("Staff: HCA employee no. 55210", "55210"),
        ("Mr Chukwuemeka Obi ('Chuks') settled overnight", "Chuks"),
        ("Resident at Elm Park Care Centre, Whitstable.", "Whitstable"),
        ("14 Wattle Street, Carlton VIC 3053", "3053"),
        ("Springfield, IL 62704", "Springfield"),
        ("Springfield, IL 62704", "62704"),
        ("postcode EX16 6NT", "EX16 6NT"),
        ("admitted to St Mary's Hospital", "St Mary's Hospital"),
        ("DOB 04/11/1951", "04/11/1951"),
        ("seen on March 3", "March 3"),
        ("review on 3rd of June 2024", "3rd of June"),
        ("follow-up 17/04", "17/04"),
        ("93-year-old woman", "93"),
        ("aged 97", "97"),
        ("tel 07700 900461", "07700 900461"),
        ("call (555) 010-4477", "010-4477"),
        ("Fax: 01632 960123", "01632 960123"),
        ("email jo.bloggs@example.com", "jo.bloggs@example.com"),
        ("SSN 512-44-3098", "512-44-3098"),
        ("MRN: 00482913", "00482913"),
        ("NHS number 943 476 5919", "943 476 5919"),
        ("Insurance member ID XJH482913557", "XJH482913557"),
        ("Acct #: 88213477", "88213477"),
        ("GMC number 7012345", "7012345"),
        ("VIN 1HGCM82633A004352", "1HGCM82633A004352"),
        ("pacemaker serial PX4471928", "PX4471928"),
        ("portal https://portal.example.org/u/42", "https://portal.example.org/u/42"),
        ("connected from 203.0.113.24", "203.0.113.24"),
        ("username: jsmith_1962", "jsmith_1962"),
        # forms dev4's notes showed were missed at 3.0.0 (written here, not copied from the cases)
        ("his daughter says he is ninety-three and still gardens", "ninety-three"),
        ("Mr Ogunleye, a hundred and one, settled on the ward", "a hundred and one"),
        ("margaret hale (likes to be called Peggy), 94, admitted from home", "94"),
        ("margaret hale (likes to be called Peggy), 94, admitted from home", "margaret hale"),
        ("DOB 11.03.1931 (94). Pacemaker check due", "94"),
        ("Letter typed by FY1 oliver pemberton.", "oliver pemberton"),
        ("please can dr jane fairweather call me back", "jane fairweather"),
        ("see you thursday. cheers, gwen", "gwen"),
        ("dispensed in error to ysolde quarrington (dob 02/02/1960)", "ysolde quarrington"),
        ("Copy to: Dr R Whitcombe, Hillside Surgery", "Whitcombe"),
        ("Mrs Aldous (née Penhaligon) reviewed", "Penhaligon"),
        ("His partner Tamsin is staying tonight", "Tamsin"),
        ("seen today by dr helen okafor", "okafor"),
        ("mrs ruth ellis phoned", "ellis"),
    ],
)
def test_identifier_is_removed(text, identifier):
    assert identifier not in redact(text), redact(text)


@pytest.mark.parametrize(
    "value",
    [
        "BP 138/86",
        "pain 8/10",
        "GCS 14/15",
        "34/40",
        "2/52",
        "HbA1c 8.9%",
        "metformin 1000 mg",
        "K 5.4 mmol/L",
        "CURB-65 2",
        "eGFR 26",
        "Vitamin K 1 mg",
        "aged 67",
        "6/60",
        "ER 8/8",
        "ninety minutes",  # a number in words is an age only as an age
        "sats ninety-four percent",
        # the 3.0.0 review's over-redactions, reworded: vitals in words, disease names, ordinary closing words
        "heart rate was ninety-six",
        "systolic a hundred and five",
        "alpha thalassaemia trait",
        "also known as erythema infectiosum",
        "what is the best treatment",
        "echo: moderate mr",
        # the second look's over-redactions, reworded
        "pulse is now a hundred and twenty",
        "Lasix (known as furosemide)",
        "caused by wilson disease",
        "known hypertensive, aged 71",
        "the dr prescribed ramipril",
        "if i miss doses of insulin",
        "thanks again",
    ],
)
def test_clinical_values_survive(value):
    assert value in redact(f"Note: {value} today."), redact(f"Note: {value} today.")


def test_find_identifiers_returns_ordered_non_overlapping_spans():
    text = "Patient John Smith, DOB 04/11/1951, tel 07700 900461"
    spans = find_identifiers(text)
    assert [k for k, _, _ in spans] == ["NAME", "DATE", "PHONE"]
    assert all(a[2] <= b[1] for a, b in pairwise(spans))
    assert text[spans[0][1] : spans[0][2]] == "John Smith"


def test_redact_leaves_text_without_identifiers_unchanged():
    text = "Cough for 3 days, T 37.9, SpO2 97% on air; amoxicillin 500 mg TDS for 5 days."
    assert redact(text) == text


def test_a_number_in_brackets_after_a_date_is_an_age_only_after_a_date_of_birth():
    assert redact("DOB 02.02.1934 (91) seen") == "DOB [DATE] ([AGE>89]) seen"
    assert redact("admitted 02.02.2024 (95) bed 4") == "admitted [DATE] (95) bed 4"


# The unknown-word pass (Philter's dictionary of English and clinical words): capitalised words no context rule saw.
# Invented names and real places; written here, not copied from any case file. Each identifier survives the context
# rules alone (checked), so these cases exercise the pass itself.
@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("Thabo Mahlangu attended alone, BP 128/84.", "Mahlangu"),  # a surname with no title, no known first name
        ("Discussed with Ashdown-Clarke on the ward.", "Ashdown-Clarke"),
        ("Collected by 'Bayo', her grandson.", "Bayo"),  # a quoted nickname
        ("Reviewed by Oyelowo-Baptiste, F1.", "Oyelowo-Baptiste"),
        ("D'Souza attended with chest pain.", "D'Souza"),
        ("Seen by Mahlangu/Nkosi on the ward round.", "Nkosi"),
        ("Thabo Mahlangu's test results are back. Mahlangu signs the form.", "Mahlangu"),  # every mention goes
        ("Nkosi's score on the MMSE was 24.", "Nkosi"),  # a person's score, not an eponymous one
        ("Ahmed brought her in; Amy called back.", "Ahmed"),  # first names the word list kept
        ("Dakota brought him in.", "Dakota"),  # a state name as a first name
        ("Fell at home in Shrewsbury. Shrewsbury ambulance attended.", "Shrewsbury"),
    ],
)
def test_a_capitalised_word_no_dictionary_knows_is_redacted(text, identifier):
    assert identifier not in redact(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thabo Mahlangu attended alone, BP 128/84.",
        "D'Souza attended with chest pain.",
        "Nkosi's score on the MMSE was 24.",
        "Dakota brought him in.",
    ],
)
def test_those_identifiers_get_past_the_context_rules(text):
    """Why the pass exists: without it (dictionary=False, as the pipeline runs on published datasets) they stay."""
    assert redact(text, dictionary=False) == text


@pytest.mark.parametrize(
    "text",
    [
        "Known Marfan syndrome, Bell's palsy last year, Mallory-Weiss tear in 2019.",  # eponyms before what they name
        "Graves' disease; Colles' fracture; Todd's paresis; Cheyne-Stokes breathing; Hartmann's solution.",
        "Glasgow-Blatchford score 6, Wells 4.5, Braden 12.",  # eponymous scores
        "Child-Pugh class B, Killip class II, Salter-Harris type II.",
        "Emery-Dreifuss muscular dystrophy and Diamond-Blackfan anemia",
        "Started empagliflozin; HbA1c 71; IgE raised; SUVmax 6.2 on PET; Covid negative.",  # clinical words, units
        "Gene therapy discussed.",  # "Gene": a first name the list lost, and a clinical word
    ],
)
def test_clinical_words_eponyms_and_states_survive_the_dictionary_pass(text):
    assert redact(text) == text


def test_a_score_eponym_before_a_phone_number_is_a_name():
    assert "Beck" not in redact("Contact Beck 07700 900123 about the results.")


# HIPAA Safe Harbor, 45 CFR 164.514(b)(2)(i)(B): geographic subdivisions smaller than a state are removed; states and
# countries may stay. The examples in this block are invented for these tests.
@pytest.mark.parametrize(
    ("text", "kept", "removed"),
    [
        ("Fever and rash after returning from Indonesia last week.", "Indonesia", None),
        ("Seen at Cedar Hollow Medical Center, Las Cruces, NM.", "NM", "Las Cruces"),
        ("Lives with her sister at 3 Wattle Grove, Bendigo VIC 3550.", "VIC", "Bendigo"),
        ("Moved here from Nashik, Maharashtra, in 2019.", "Maharashtra", "Nashik"),
        ("Transferred from a clinic in Ontario.", "Ontario", None),
    ],
)
def test_states_and_countries_stay_and_the_towns_in_them_go(text, kept, removed):
    redacted = redact(text)
    assert kept in redacted
    assert removed is None or removed not in redacted


def test_a_town_named_after_a_country_is_still_a_town():
    """Towns in New York State are called Cuba, Peru and Mexico: a county after the comma says it is the town."""
    assert "Peru" not in redact("Lives on Route 9, near Peru, Clinton County, NY.")


@pytest.mark.parametrize(
    "text",
    [
        "Message passed to Jordan, the ward clerk.",  # a country that is also a first name, where no place is said
        "Handed over to India on the night shift.",
        "Letter copied to Keeling, Jordan.",
    ],
)
def test_a_country_that_is_also_a_name_goes_unless_a_place_is_said(text):
    assert not any(word in redact(text) for word in ("Jordan", "India"))


def test_a_country_that_is_also_a_name_stays_after_a_place_cue():
    assert "India" in redact("Travelled back from India last week with a fever.")


# Safe Harbor, 45 CFR 164.514(b)(2)(i)(C): ages over 89 are identifiers, in digits or in words.
@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Date of birth 2 May 1931 (ninety-four years old).", "ninety-four"),
        ("Home visit to Harold Quinton (97) at his bungalow.", "97"),
        ("Bed 6 - Mrs Esme Thorley-Vance, 93: comfortable overnight.", "93"),
        ("Serum bank sample, age at donation 96, stored at -80.", "96"),
        ("Cyril Banbury, 95 yrs   Ward 7", "95"),
        ("Pt with fever, aged 94, confused", "94"),  # a temperature word nearby does not make an age a reading
        ("T 38.9, 92 y/o F", "92"),
        ("febrile, 95 yo male", "95"),
    ],
)
def test_an_age_over_89_is_removed_in_digits_or_words(text, age):
    assert age not in redact(text)


@pytest.mark.parametrize(
    "text",
    [
        "Since this evening she has a temperature 101 F with the digital thermometer.",  # Fahrenheit, not "F(emale)"
        "Her pulse is ninety and regular.",  # a number in words that is no age
        "Heart rate is a hundred and ten at rest.",
        "Mr Green sats (94) on air.",  # a bracketed reading after a name and another word
    ],
)
def test_readings_that_look_like_ages_stay(text):
    assert "[AGE>89]" not in redact(text)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("hi dr okonkwo, my son tayo has had a rash since monday", ["okonkwo", "tayo"]),
        ("its sharon again, about my mum who fell", ["sharon"]),
        ("dispensed by staff (j. pascoe), checked by mr h. chaudhry", ["pascoe", "chaudhry"]),
        ("Pt: rosalind vance-oduya   MRN to follow", ["rosalind", "vance-oduya"]),
        ("my counsellor marguerite can confirm it. marguerite works fridays", ["marguerite"]),
        ("hiya its jess haworth, i look after my grandad", ["jess", "haworth"]),
    ],
)
def test_names_typed_in_lower_case_after_words_that_introduce_a_person(text, names):
    redacted = redact(text)
    for name in names:
        assert name not in redacted


@pytest.mark.parametrize(
    "text",
    [
        "my sister messaged saying shes swollen and wheezy",  # an inflected verb after a relation is no name
        "hard stools, sore bottom, think its piles, otherwise fine",
        "bee stung me 10 mins ago im alergic and my tongue feels big",  # a typo after "im"
        "my husband has had chest pain since lunch",
        "on vitamin d. mounjaro helps. stopped mounjaro last month",  # "d." is no initial
        "re: ozempic dose",
        "my ms ocrevus infusion is due",  # "ms" is multiple sclerosis
        "its max 2 tablets a day",  # a first name that is also an English word, with no surname after it
        "my baby max temp was 39.2",
        "this is junior doctor advice",
    ],
)
def test_lower_case_words_after_those_cues_that_are_no_names_stay(text):
    assert redact(text) == text


def test_after_a_surname_the_next_lower_case_word_is_not_taken():
    assert redact("mrs thistlewood rang about her tablets").endswith("rang about her tablets")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Name: ARANDA DE LUNA, Catalina Sofía     MRN: 00912233", ["ARANDA", "LUNA"]),
        ("CUMULATIVE REPORT\nWIERZBICKA, Halina Maria     DOB 14-Feb-1950", ["WIERZBICKA"]),
        ("Patient: WINIFRED ADEYEMI-COLE, 88 years.", ["WINIFRED", "ADEYEMI-COLE"]),
    ],
)
def test_a_name_in_capitals_after_a_label_or_before_a_given_name(text, names):
    redacted = redact(text)
    for name in names:
        assert name not in redacted


@pytest.mark.parametrize(
    "text",
    [
        "Patient: NIL BY MOUTH.",
        "Patient: NIL ORALLY after midnight.",  # most of the words are known words
        "Resident: DOLS in place.",  # one word in capitals after a label is an acronym
        "Name: DNACPR discussed with family.",
        "CT HEAD WITHOUT CONTRAST.\nFINDINGS, Normal study.",
    ],
)
def test_acronyms_and_words_in_capitals_stay(text):
    assert redact(text) == text


def test_a_quoted_nickname_and_initials_go_wherever_they_appear():
    text = "Concern for Mrs Dorothy 'Dot' Pellingham. Dot says she manages. Initials: R.Y.G.; later R.Y.G. slept."
    redacted = redact(text)
    for part in ("Dot", "Pellingham", "R.Y.G"):
        assert part not in redacted


def test_a_lower_case_word_after_a_quoted_nickname_is_no_surname():
    text = "Mary 'Dot' takes aspirin. She takes it at night."
    assert "takes aspirin" in redact(text) and "She takes it" in redact(text)


def test_a_repeated_nickname_is_found_once_per_mention():
    """Each mention is one span, however many times the nickname is introduced (the pass stays linear)."""
    text = "Dorothy 'Dot' Pellingham. " * 50
    spans = _nicknames_and_initials(text)
    assert len(spans) == len(set(spans)) == 100  # "Dot" and "Pellingham", 50 times each


def test_an_address_typed_in_lower_case_goes_street_town_and_postcode():
    text = "we've moved to 9 larkspur close, wythall, b47 6qp so please update it. temp was 37.2"
    redacted = redact(text)
    for part in ("larkspur close", "wythall", "b47 6qp"):
        assert part not in redacted
    assert "temp was 37.2" in redacted


@pytest.mark.parametrize(
    "text",
    [
        "she takes vitamin b12 1mg daily and folic acid 5mg",  # no postcode ends in "mg"
        "he has had pains 5 days in a row now",  # a count before "row" is no street number
        "6 minute walk test was stopped early",
        "apical 4 chamber view, tapse normal.",
        "a 30 mmhg rise on standing",
        "my a1c 2nd test was lower",
        "paracetamol q4 6hr prn",
    ],
)
def test_lower_case_look_alikes_of_addresses_stay(text):
    assert redact(text) == text


# Invented notes for the 6.0.0 passes: postcodes of more countries, plates after "rego"/"plate", facilities and
# surnames in capitals, and table rows whose cells hold a label and its value.
@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("4410, rue Saint-Denis, Montréal (Québec) H2T 1R4", "H2T 1R4"),
        ("Dorpsstraat 8, 1234 AB Zwolle", "1234 AB"),
        ("Flat 3, Sector 9, Noida 201301, Uttar Pradesh", "201301"),
        ("ute in the car park, rego XQT55L", "XQT55L"),
        ("sleeps in a van, plate 771 KJD", "771 KJD"),
        ("Letterhead: NORTHGATE VALLEY CARDIOLOGY, PLLC", "NORTHGATE VALLEY"),
        ("Transferred to ST AIDAN'S HOSPITAL overnight", "AIDAN"),
        ("Patient: MAGUIRE, DEIRDRE A.    DOB 02/03/1961", "MAGUIRE"),
        ("Re: OKAFOR-BELL, Chidinma - referral", "OKAFOR-BELL"),
        ("| Name | QUILTER, Ambrose |", "QUILTER"),
        ("| Age | 96 |\n| MRN | 0093 4417 |", "0093 4417"),
        ("| Age | 96 |", "96"),
    ],
)
def test_6_0_0_passes_remove(text, gone):
    assert gone not in redact(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("G3P2A1 at 32/40, booking bloods normal", "G3P2A1"),
        ("Vitamin D 1000 IU Daily for 3 months", "1000 IU"),
        ("Ramipril | 2.5 mg OD | withheld - AKI, Cr 141 (baseline 90)", "AKI, Cr 141"),
        ("Ventilator SN 7104622: PC-BIPAP, PEEP 8, FiO2 0.35", "PEEP 8"),
        ("| Drug | Dose |\n|---|---|\n| Morphine | 5 mg |", "| Morphine | 5 mg |"),
        ("Hb 112 | Plt 150000 | WCC 7.1", "Plt 150000"),
        # found by a cold review of these passes
        ("CT HEAD: NO ACUTE INTRACRANIAL PATHOLOGY", "NO ACUTE INTRACRANIAL PATHOLOGY"),
        ("PLAN: REFER TO CARDIOLOGY, REPEAT ECHO", "REFER TO CARDIOLOGY"),
        ("PREVIOUS ABDOMINAL SURGERY; MENTAL HEALTH review", "PREVIOUS ABDOMINAL SURGERY; MENTAL HEALTH"),
        ("PMH: 2015 MI\nHypertension\n2018 AF", "2015 MI"),
        ("Hb 112, Plt 150000, WCC 7.1", "Plt 150000"),
        ("Bloods (FBC, CRP, U&E)", "FBC, CRP"),
        ("Pt HTN, DM2, CKD3", "HTN, DM2"),
        ("| AKI, CKD |", "AKI, CKD"),
        ("| Patient | Improving |", "Improving"),
        ("Staging T2N 0M0", "T2N 0M0"),
    ],
)
def test_6_0_0_passes_keep_clinical_text(text, kept):
    assert kept in redact(text)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("text", ["rego" + " " * 40 + "!", "Car rego:" + " " * 40 + "n/a", "MRN:" + " " * 40])
def test_a_label_followed_by_a_run_of_spaces_does_not_hang(text):
    """The labelled-identifier pattern once backtracked exponentially on whitespace (15 s at 26 spaces, doubling with
    each one more); at 40 it would run for days, so this finishing at all is the check."""
    assert redact(text).strip() != ""


# 7.0.0: formats from test6's notes (read once test6 was retired into development); the examples are new ones
@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Discharged Sat 14/09/24 to home.", "14/09/24"),  # "Sat" is a weekday here, not a saturation
        ("fall on Sun 3 March 2024 at home", "3 March 2024"),
        ("DOB Apr-19-1951, insured", "Apr-19-1951"),
        ("laparotomy Jun-11 (no leak)", "Jun-11"),
        ("next review thurs 18.11.", "18.11"),
        ("started on Monday (22nd) by the GP", "22nd"),
        ("Age: ninety-three (per her son)", "ninety-three"),
        ("Name: Mr. Rao K.    Age/Sex: 94/M    UHID: KMH-2024-0031", "94"),
        ("DOB: 02-Feb-1931   93 yrs\nreferred by GP", "93"),
        ("(0010,1010) AS [097Y]", "097"),
        ('Resident: Mrs Edna Pike ("Ed"), 98, room 4', "98"),
        ("| 2 | Walter Ince, 91 | AB77120 |", "91"),
        ("Member: Ana Ruiz (RUIZ, ANA)   DOB 03/03/1980", "RUIZ, ANA"),
        ("Name MBEKI THANDIWE   Acc# LB-220194", "MBEKI THANDIWE"),
        ('From: "CONOR WALSH" <c.walsh@example.net>', "CONOR WALSH"),
        ("(0010,0010) PN [OKAFOR^GRACE^ADA]", "OKAFOR^GRACE^ADA"),
        ("Proband: Li Wei (李伟), lab no 22", "李伟"),
        ("partner: radoslaw (07700 900111)", "radoslaw"),
        ("son obinna ezeh, daughter away. plan: home", "ezeh"),
        ("seen by rn priya natarajan", "natarajan"),
        ("lives 14 quarry rise, thornbury bs35 2hq\nobs stable", "thornbury"),
        ("| Mr A (93) | 2 the spinney, long ashton bs41 9ad | keys with neighbour", "long ashton"),
        ("Home: 88 ne alder creek dr apt 4, gresham 97030-5512", "gresham"),
        ("Address: unit 2/14 wattle st paddington nsw 2021", "paddington"),
        ("Address: Plot 9, MG Road, Indiranagar, Karnataka - 560038", "560038"),
        ("SSN ***-**-4410 on the claim", "4410"),
        ("Sonographer: ID 512 (J. Amos)", "512"),
        ("OP No.: 24/55120   CR No. 2024/77101", "2024/77101"),
        ("RECEIPT No. 7781   Date: 4-May-24", "7781"),
        ("session from 203.0.113.7 user k.mensah-ola", "k.mensah-ola"),
        ("my username on the portal is river_fox_72.", "river_fox_72"),
        ("Dr. A Nair (TCMC Reg. No. 55120)", "55120"),
        ("Dr P Shah, NY license B 220931", "B 220931"),
        ("Ohio plate KLM 2290 towed", "KLM 2290"),
        ("delivered on scooter KA 05 MN 4471", "KA 05 MN 4471"),
        ("GP: Ashgrove Family Medical, ph 0161 496 0000", "Ashgrove Family Medical"),
        ("SHREE GANESH MEDICALS, Shop 3", "SHREE GANESH MEDICALS"),
    ],
)
def test_7_0_0_passes_remove(text, gone):
    assert gone not in redact(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("sats 94% on air, sat 92 on walking", "sat 92"),
        ("Creatinine: Cr 141, CRP 12", "Cr 141"),
        ("Reg 2 weeks of rest", "Reg 2 weeks"),
        ("regular insulin 10 units", "10 units"),
        ("fri 2.5 mg at night", "2.5 mg"),
        ("Hb 12, Plt 150000", "Plt 150000"),
        ("mrs thistlewood rang about her tablets", "rang about her tablets"),
        ('plate IL "KAZ 99"', "IL"),
        ("walked 6 minute walk test 400 m at 2300", "400 m at 2300"),
    ],
)
def test_7_0_0_passes_keep_clinical_text(text, kept):
    assert kept in redact(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # found by a cold review of the 7.0.0 passes: doses, times and lab values read as codes, licences or plates
        ("Plan: 5 mg stat, close obs until 2200", "close obs until 2200"),
        ("Obs: 4 hrly, ct at 1400", "ct at 1400"),
        ("increase to 10 mg, dr review at 1600", "dr review at 1600"),
        ("Platelets - 150000", "Platelets - 150000"),
        ("Heart block noted, platelets 150000", "Heart block noted, platelets 150000"),
        ("Bed no. 4, platelets 210000", "platelets 210000"),
        ("paracetamol reg 1000mg qds", "reg 1000mg"),
        ("seen by med reg 1430", "med reg 1430"),
        ("discussed with ID 2024 plan", "ID 2024"),
        ("CPT Code 99213", "Code 99213"),
        ("sat 3/4 of meal", "3/4 of meal"),
        ("sun 2.5 mls", "2.5 mls"),
        ("HR 88 RR 22 BP 12 MM 1200", "BP 12 MM 1200"),
        ("NDC 12345-6789-01", "12345-6789-01"),
        ("mum tbc", "mum tbc"),
    ],
)
def test_7_0_0_passes_keep_doses_times_and_lab_values(text, kept):
    assert kept in redact(text)


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "text",
    [" " * 12000, "," * 12000, "reg" + " " * 12000 + "x", "lives " + " ," * 6000, "Address: a" + " " * 12000 + "b"],
)
def test_a_field_of_12000_spaces_or_commas_does_not_hang(text):
    """The postcode walk-back once retried its leading separators at every position: 41 s on 12,000 spaces, the
    most one field may hold (a fraction of a second now), so finishing within the timeout is the check."""
    assert redact(text) == text  # nothing in it identifies anyone


# 8.0.0: formats from test7's notes (read once test7 was retired into development); the examples are new ones
@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Name: Smt. R Devi    Age/Sex: 93 Y / F    Ward 4", "93"),
        ("Age/Gender : 96 Yrs/Male", "96"),
        ("As you are 91, we went slowly through the plan", "91"),
        ("my nan's 97 and still gardening", "97"),
        ("her SSN is 900 12 3456 if the plan needs it", "900 12 3456"),
    ],
)
def test_8_0_0_passes_remove(text, gone):
    assert gone not in redact(text), text


def test_an_age_over_89_in_a_tables_age_column_is_removed_and_other_columns_stay():
    table = (
        "| Bed | Patient | Age | Hb |\n"
        "|-----|---------|-----|----|\n"
        "| A2 | DOYLE, Fintan | 93 | 95 |\n"
        "| A3 | ISHAQ, Rukhsana | ninety-one | 92 |\n"
        "| A4 | PEREZ, Lola | 64 | 99 |\n"
        "Hb 95 | plt 92\n"
    )
    rows = redact(table).splitlines()
    assert [r.split("|")[3].strip() for r in rows[2:5]] == ["[AGE>89]", "[AGE>89]", "64"]
    assert [r.split("|")[4].strip() for r in rows[2:5]] == ["95", "92", "99"]  # the Hb column is kept
    assert rows[5] == "Hb 95 | plt 92"  # a line without the table's bars is outside the column


def test_a_second_table_below_reads_its_own_header():
    tables = "| Bed | Age | Hb |\n| A2 | 93M | 95 |\n| Test | Value | Unit |\n| Hb | 96 | g/L |"
    assert redact(tables).splitlines() == [
        "| Bed | Age | Hb |",
        "| A2 | [AGE>89] | 95 |",  # "93M": the age, the sex kept out of the span
        "| Test | Value | Unit |",
        "| Hb | 96 | g/L |",  # the second table has no Age column
    ]


@pytest.mark.parametrize(
    "text",
    [
        "HR is 95, sats are 92% on air",
        "you are 92% through the course",
        "Mum's BP 94/60",
        # a cold reviewer's readings after a relative, which a first version of the cue took for ages
        "Dad is 101 degrees",
        "Mum's 100 over 60",
        "Mum is 92 on 2 litres",
        "Husband's 96 on 4L",
        "Dad is 110 beats a minute",
        "Mum's 96 mmol/mol HbA1c",
        "You're 90 minutes from the nearest hospital",
        "BP 95 Y/N",
    ],
)
def test_8_0_0_age_cues_keep_readings(text):
    assert redact(text) == text


# 9.0.0 passes, written on the retired test8 notes' misses; these examples are our own, not copied from any case.
@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("SSN on file 900 66 2141   Medicaid pending", "900 66 2141"),
        ("ID check | SSN 900•12•3344 |", "900•12•3344"),
        ("dob=1931-02-02 age=94 ssn_last4=5521", "5521"),
        ("DOB 1950-03-01   SSN (last 4) 8830", "8830"),
        ("last four of her social security number: 6120", "6120"),
        ("Paid by Visa ending 4417 on 3 March", "4417"),
        ("gateway mac=0A:1B:2C:3D:4E:5F battery 80%", "0A:1B:2C:3D:4E:5F"),
        ("On the back of the envelope: QQ 12 34 56 C", "QQ 12 34 56 C"),
        ("Her hospital number is KX 229104.", "KX 229104"),
        ("UR 774120   Medicare pending", "774120"),
        ("MRN GHT 551920 admitted", "GHT 551920"),
        ("Age 96y M, lives alone", "96"),
        ("patient_id,age_years,sex\n11,age_years,93", "93"),
        ("She celebrated her 101st birthday on the ward.", "101"),
        ("Herr Braun, 95 Jahre, Sturzneigung", "95"),
        ("my aunt who is 97 has fallen", "97"),
        ("Consent signed, date 3.iv.2024", "3.iv.2024"),
        ("parent says dob 4 11 2019, no allergies", "4 11 2019"),
        ("Follow-up with GP on Thu 4/22 at 09:15", "4/22"),
        ("his son rang on the 19th from work", "the 19th"),
        ("Referral: Mossgate Pathology, Leek", "Mossgate Pathology"),
        ("billing: Granite Peak Anesthesia Associates, Boise ID", "Boise"),
        ("RTC on the B4520 near the quarry", "B4520"),
        ("Address: No. 7, 2nd Cross, 5th Main, Koramangala, Karnataka", "No. 7, 2nd Cross, 5th Main, Koramangala"),
        ("Baby: ADEBAYO, Tolu   Sex M   DOB 2025-02-02", "ADEBAYO"),
        ("LAST: MCALLISTER   FIRST: ROWAN   MI: J", "MCALLISTER"),
        ("RE: (MRS) IFEOMA CHIDI NWOSU, 71 YEARS", "IFEOMA CHIDI NWOSU"),
        ("Service user Tobi Adams (known as TJ). TJ slept well.", "TJ"),
        ("signed Dr A Chen, FL lic ME 204411", "ME 204411"),
        ("call me back on oh seven seven double oh nine double oh three one two", "oh seven seven double oh nine"),
        ("email is sam dot ryder at example dot org thanks", "sam dot ryder at example dot org"),
        ("date of birth second of june nineteen thirty eight", "second of june nineteen thirty eight"),
    ],
)
def test_9_0_0_passes_remove(text, gone):
    assert gone not in redact(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Address: 12 Elm Street, Springfield, IL 62704", "IL"),
        ("Address: 41 Banksia St Toowong QLD 4066", "QLD"),
        ("CT HEAD: NO ACUTE INTRACRANIAL PATHOLOGY", "NO ACUTE INTRACRANIAL PATHOLOGY"),
        ("Transferred to the Acute Medical Unit overnight", "Acute Medical Unit"),
        ("on B12 injections every 3 months", "B12"),
        ("A2 pulley injury, splinted", "A2 pulley"),
        ("sats is 92 on air, HR is 96", "92 on air"),
        ("he is on day 3 of the 2nd cycle", "2nd cycle"),
        ("BP 120/80 on Tue, pulse 4/10 pain", "4/10 pain"),
        ("Counted backwards from twenty to one", "twenty to one"),
        # found by a cold review of the first version of these passes
        ("Pedestrian hit by car (GCS 14, HR 120)", "GCS 14"),
        ("Fell off motorcycle (C5 C6 fractures)", "C5 C6"),
        ("Vitamin B12 below range at 120", "B12"),
        ("Clot in left M1 near the bifurcation", "M1"),
        ("Radioactive iodine I-131 at 100 mCi", "I-131"),
        ("ROSC after the 3rd shock", "3rd shock"),
        ("Needle decompression on the 2nd intercostal space", "2nd intercostal"),
        ("Magnetic Resonance Imaging showed a small infarct", "Magnetic Resonance Imaging"),
        ("Transferred to the Major Trauma Unit", "Major Trauma Unit"),
        ("Synchronised cardioversion at 100 J. Sinus restored.", "100 J"),
        ("a man who was 92 percent on room air", "92 percent"),
        ("a second may be given after five minutes", "second may"),
        ("Reflexes two two two two one one", "two two two two one one"),
        ("NT 1500 pg/mL", "1500 pg"),
        ("Skin tag 2 CM", "2 CM"),
        # and by a second cold review
        ("tender on the 5th and 6th ribs", "5th and 6th ribs"),
        ("Reflexes two two two two one one, clonus zero beats", "two two two two one one"),
        ("first of may twenty minutes after the dose", "twenty minutes"),
        ("a man who was 98.6 degrees", "98.6 degrees"),
        ("thrombus on the M1 near the origin", "M1"),
        ("DISCUSSED WITH REFERENCE LABORATORY", "REFERENCE LABORATORY"),
        ("car (PR 120)", "PR 120"),
        ("Address: see above", "see above"),
    ],
)
def test_9_0_0_passes_keep_clinical_text(text, kept):
    assert kept in redact(text)


# 10.0.0 passes, written on the retired test9 notes' misses; our own examples, not copied from any case.
@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # a delimited export's header names its columns: initials, ages (quoted fields with commas too), SSNs,
        # usernames and licences below it are identifiers
        ("code,visit,initials,age,eligible\nX-01,2024-02-01,KT,97,Y\n", "KT"),
        ('acct,patient,age,ssn\n1,"Rowe, Ida",95,123-45-6789\n', "95"),
        ("rx_no,dob,age,ssn_last4,dose_mL\n88,1930-01-01,92,4410,0.5\n", "4410"),
        ("time\tusername\taction\tip\n09:14\tpkowal\tview\t192.0.2.1\n", "pkowal"),
        ("rx,patient_last,pharmacist_lic\n1,Okafor,RPH 55102\n", "RPH 55102"),
        # signatures in initials after the word for what the person did
        ("Checked by: WQ   GPhC 2291", "WQ"),
        ("Signed: TMcG (RN)", "TMcG"),
        ("Prescriber signature: /RDK/", "RDK"),
        ("dictated by pr typed by sn", "typed by sn"),
        ("initials = 'ZX', postcode", "ZX"),
        # logins, police and reference numbers
        ("report printed by user TKELLER on ws 4", "TKELLER"),
        ("downloaded by admin r.fenwick", "r.fenwick"),
        ("usuario: maria.l.perez", "maria.l.perez"),
        ("Exported by qrs22 from the portal", "qrs22"),
        ("(EDI: bwalsh)", "bwalsh"),
        ("attended by PC 3391 and PC 8812", "3391"),
        ("CAD 2250 of 4 May", "2250"),
        ("crime no. 14/55120/25", "14/55120/25"),
        ("incident #26-00412 logged", "26-00412"),
        ("(transcription job 558201)", "558201"),
        ("blue badge number CD34 8812 1190", "CD34 8812 1190"),
        # ages over 89
        ("Age at death: 102     Place: home", "102"),
        ("age_at_consent = '91'", "91"),
        ("Pt: Vera Lund    F/94    DOB 1931", "94"),
        ('Name: Ida Rowe "Nan" (98)   DOB', "98"),
        # SSNs
        ("Soc. Sec. # 123 - 45 - 6789", "6789"),
        ("SS# ending 4410 | plan", "4410"),
        ("SSN XXX XX 7781 on the face sheet", "7781"),
        # JSON address parts, names after a form's label and spaces, lower-case names in text threads
        ('"city":"Eau Claire","state":"WI","postalCode":"54701"', "Eau Claire"),
        ('"city":"Eau Claire","state":"WI","postalCode":"54701"', "54701"),
        ("{'city': 'Eau Claire', 'postalCode': 54701}", "54701"),
        ("SSN ending: 4410", "4410"),
        ("Age at death - 101", "101"),
        ("PC 4471 attended", "4471"),
        ("Name;Age;SSN\nAnn Lee;93;123 45 6789", "123 45 6789"),
        ("initials,ward,outcome,dob\nMA,Ward A,discharged,1950", "MA,"),
        ("username,role,team\njsmith01,nurse,ward3", "jsmith01"),
        ("Last name        VAN DER BERG-OSEI\nFirst name", "VAN DER BERG-OSEI"),
        ("hi its tamsin here, her daughter", "tamsin"),
        ("dad (graham) is struggling", "graham"),
    ],
)
def test_10_0_0_passes_remove(text, gone):
    assert gone not in redact(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("drug_name,dose_mg,route\nmorphine,10,IV\n", "morphine"),  # a "name" column that names a drug
        ("test,result,units\nTSH,2.1,mU/L\n", "TSH"),
        ("Checked: BP stable", "BP"),
        ("completed PPI + eradication, OGD healed", "PPI"),
        ("checked TSH and CRP", "TSH"),
        ("given IV then IM", "IV then IM"),
        ("its worse here on the left", "worse"),
        ("its happening again tonight", "happening again"),
        ("the M/F ratio is 2:1", "M/F ratio"),
        ("h/o CAD 2 vessels, PC: 3 days of cough", "CAD 2 vessels"),
        ('"state":"WI","country":"US"', "WI"),
        ("mum (dnacpr) is poorly", "dnacpr"),
        # a cold review wrote these against the first version of these passes
        ("Morphine 10 mg IV given, checked by two nurses. Repeat in two hours", "two hours"),
        ("Controlled drug checked by me, she asked me", "asked me"),
        ("CTG checked: CTG reactive. Repeat CTG in 1 h", "CTG reactive"),
        ("Insulin dose checked by sn. sn to recheck", "sn to recheck"),
        ("Paracetamol 1 g admin 14:00", "14:00"),
        ("Time of admin 0800. Drug admin 2 tabs.", "admin 2 tabs"),
        ("Medicine,Strength,Route,Frequency\nAmoxicillin,500 mg,PO,TDS", "Amoxicillin"),
        ("Component name,Result,Units\nSodium,138,mmol/L\nPotassium,4.1,mmol/L", "Potassium"),
        ("Investigation name,Result,Date\nTroponin,14,today", "Troponin"),
        ("Date,Hb,PT,INR\n01/03,112,Prolonged,1.8", "Prolonged"),
        ("age_hours,tsb,phototherapy\n96,280,yes", "96,280"),
        ("Age (days),Weight,Feeds\n95,4.2,8", "95,4.2"),
        ("Weight: M/92 kg, F/95 kg", "M/92 kg"),
        ("pt 96, sats 94%", "pt 96"),
        ("Barthel index: patient 95, independent", "patient 95"),
        ("Response 1/1000 adrenaline IM given", "1/1000"),
        ("Plt count PC 150 x10^9/L", "PC 150"),
        # and by a second cold review
        ("Surname: PATEL\nNKDA\nDNACPR IN PLACE", "DNACPR IN PLACE"),
        ("Last name    SMITH\nALLERGIES  NKDA", "ALLERGIES"),
        ("Transcribed KCl 20mmol", "KCl"),
        ("Verified: PCA 1mg bolus", "PCA"),
        ("Witnessed: CD 10mg morphine", "CD 10mg"),
        ("Checked by: TPN 2L bag", "TPN"),
        ("Entered: FEV1 1.2L", "FEV1"),
        ("Counter-signed: FY1", "FY1"),
        ("Signed: SHO (FY2)", "SHO"),
        ("Letter typed by me, then posted", "typed by me"),
        ("Metformin 500mg PC 0800 and 1800", "PC 0800"),
        ("Hx CAD 2015 of LAD stented", "CAD 2015"),
        ("Lost his job 2021, low mood", "job 2021"),
        ("Response: T2 1200 ms on MRI", "T2 1200 ms"),
        ("Reviewed by admin 2.5mg given", "2.5mg"),
        ("Name|Sex|Age|Low|High\nHaemoglobin|F|18-99|115|165", "Haemoglobin"),
        ("Bed|Name|Sex|Age\n3|Side room - closed|n/a|0\n4|EMPTY|-|-", "EMPTY"),
        ("Obs: RR 18, HR 92, F / 96", "F / 96"),
        ("Grip strength M / 95", "M / 95"),
    ],
)
def test_10_0_0_passes_keep_clinical_text(text, kept):
    assert kept in redact(text)


@pytest.mark.parametrize(
    "text",
    [
        "job" + " " * 3000 + "x",
        "case" + " " * 3000,
        "id,seq,len\nS1," + "ACGT" * 5000 + " (rev),20000",
        "Job\n" + "   \n" * 800 + "Notes",
        "SSN ending" + " " * 20000 + "x",
        "Name,Age,Sex\nJo,93" + " " * 20000 + "z,F",
        "Letter typed by" + " " * 20000 + "X",
        "x" + " " * 20000 + "Age | 93",  # 10.1.0: a label after a column gap, read once, not from each blank
        # 10.1.0: an id label, a payment handle and a role's number before blanks (> 8 s each before possessive
        # quantifiers; "id" + blanks was slow before 10.1.0 too)
        "id" + " " * 20000 + "x1",
        "venmo" + " " * 20000 + "x",
        "interpreter ID" + " " * 20000 + "1234",
        "Soc. Sec. (last 4," + " " * 2000 + "x",  # a cold review's: > 10 s each with the first 10.1.0 patterns
        "last 4 of ssn" + "\n" * 4000 + "x",
        "SSN last 4" + " " * 4000 + "x",  # > 10 s before 10.1.0 too
        "claims" + " " * 40000 + "x",
        "|" + "7" * 40000,
        "age at onset (x)" + " " * 40000 + "x",
        # 10.3.0: runs with no space, which the e-mail, URL, device, id and surname patterns retried from every
        # position (64 s, 45 s and 12 s at 20,000 characters)
        "1-" * 10000,
        "a-" * 10000,
        "1." * 10000,
        "A-B" * 4000,
        "12:" * 5000,
        " ".join(["A'" * 499 + "A"] * 12),  # runs just under the opaque length (999): each pass bounded in them
        # and the same units with a record's separator, which the passes read rather than blank
        "1-" * 5999 + ",",
        "a-" * 5999 + ";",
        "A-B" * 3999 + ":",
    ],
)
def test_10_0_0_padded_inputs_stay_linear(text):
    # a cold review timed these at 11-91 s before the label patterns took possessive quantifiers; each is < 0.1 s now
    import time

    start = time.perf_counter()
    redact(text)
    assert time.perf_counter() - start < 5


def test_a_run_of_a_thousand_characters_without_a_space_or_separator_is_redacted_whole():
    blob = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk" * 20  # 1,200 characters of base64
    note = f"Photo of the wound attached: {blob} Wound 3 cm, clean. Reply to jo.ellis@example.org"
    assert redact(note) == "Photo of the wound attached: [ID] Wound 3 cm, clean. Reply to [EMAIL]"


def test_a_long_separator_line_a_shorter_run_and_a_long_export_are_read_as_usual():
    rule = "=" * 1200
    assert redact(f"Plan\n{rule}\nAspirin 75 mg") == f"Plan\n{rule}\nAspirin 75 mg"
    padded = "x" * 400 + "/jo.ellis@example.org/" + "y" * 400  # 822 characters: the passes read inside it
    assert "jo.ellis@example.org" not in redact(padded)
    # a CGM trace or a minified record has separators: its values stay, its identifiers go
    trace = "glucose_mmol:" + ",".join(f"{5 + i % 30 / 10:.1f}" for i in range(300)) + ',"email":"jo.ellis@example.org"'
    out = redact(trace)
    assert "5.0,5.1,5.2" in out and "jo.ellis@example.org" not in out


# 10.1.0 passes, written on the development notes of dev6 (a writer asked for ages over 89, SSNs and other ids in
# many layouts); our own examples, not copied from any case.
@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Uncle Ambrose died in 2021 at 97 after a stroke.", "97"),
        ("Her sister passed away at ninety-four, peacefully.", "ninety-four"),
        ("Maternal grandmother alive at 102 in Galway.", "102"),
        ("Grandfather retired at 90 from the farm.", "90"),
        ("  II-3  aunt, living, 93, breast cancer at 61", "93"),
        ("Mum turns 100 on the 3rd of June", "100"),
        ("Pat.: Albrecht, geb. 1933 (91 J.), Zimmer 4", "91"),
        ("Ehefrau Gisela (93 J.) begleitet ihn", "93"),
        ("Lives with his wife, 92, who has dementia.", "92"),
        ("Next of kin: Bernard Quayle (husband, 98)", "98"),
        ("audit: Demographics.age: 95 -> 96 corrected", "96"),
        ('She says she is "ninety-seven and a bit".', "ninety-seven"),
        ("Mrs Penhallow is 93.", "93"),
        ("His neighbour, Cedric Oduya, is 91, and lives alone.", "91"),
        ("Resident: Wilfred Amankwah, 95 (DOB 02/03/1930)", "95"),
        (" DOB | 03/03/1931          Age | 94\n", "94"),
        ("Soc. Sec. (last 4) 5521 on the facesheet", "5521"),
        ("SSN (last 4, billing) 8830", "8830"),
        ("Subscriber ID (last 4 of SSN): 6617", "6617"),
        ("Witnessed by HCA Tamsin Lowe (Emp #H22817).", "H22817"),
        ("found by carer (employee 5530K) at 06:10", "5530K"),
        ("Cardiff PD report 24-55012 was filed", "24-55012"),
        ("Archive GUID: NDAR_INVZZ123AB7", "NDAR_INVZZ123AB7"),
        ("Study nurse: Priya Ramanathan (SN-314) consented him", "SN-314"),
        ("PV1|1|I|5W^12^A||||30871^OSEI^KWAME^^^DR|||", "30871"),
        ("Polish interpreter ID 5521 joined by phone", "5521"),
        ("== exported :: printed by jdoyle7 ==", "jdoyle7"),
        ("money went to the PayPal user harlow.m22 weekly", "harlow.m22"),
        ("2025-03-01 10:02  user tkellner (198.51.100.7)  Vitals.HR: 80 -> 82", "tkellner"),
        ("Disputed claims: 24-0311-55201, 24-0412-55987.", "24-0412-55987"),
        ("(username mags_b1955)\n[10:02] mags_b1955: is my dads hip ok", "mags_b1955: is"),
        ("username mags_b1955. Later mags_b1955 wrote again", "mags_b1955 wrote"),
        ("Letter to Mrs Anna Berg 12/05 re results.", "12/05"),  # a surname that is also a score's, then a date
        ("Follow-up list: Alvarado 11/14, Gleason 12/19, Rockwood 10/23.", "Alvarado"),  # scores' names, then dates
    ],
)
def test_10_1_0_passes_remove(text, gone):
    assert gone not in redact(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("HR 93 at rest, BP fell at 95/60 on standing", "93"),
        ("BP fell at 95/60 on standing", "95/60"),
        ("Sats fell at 91% on air", "91%"),
        ("Ejected from the car, which was going at 100 mph.", "100 mph"),
        ("Mr Hale is 93 kg and 170 cm.", "93 kg"),
        ("Mr Hale is 95% on air.", "95%"),
        ("Her husband, 45, drove her in.", "45"),
        ("Her fever turns 101 degrees in the evenings", "101 degrees"),
        ("Synchronised shock at 100 J. Rhythm restored.", "100 J"),
        ("Glucose 6.2, Na 140 45 1234 is not an SSN line", "140"),
        ("MMSE 9/30 today; MoCA 12/30 in March", "MMSE 9/30"),
        ("MMSE 9/30 today; MoCA 12/30 in March", "MoCA 12/30"),
        ("Katz ADL 4/6, Tinetti 16/28, Morse Fall Scale 65", "Katz ADL 4/6"),
        ("Katz ADL 4/6, Tinetti 16/28, Morse Fall Scale 65", "Morse Fall Scale 65"),
        ("Breslow thickness 0.9 mm", "Breslow thickness 0.9 mm"),
        ("Participant P-204 withdrew; P-204's samples kept", "P-204's samples"),  # a short study code, not repeated
        # a cold review's readings and terms after the first versions' cues (10.1.0)
        ("New fast AF diagnosed at 118, started bisoprolol.", "118"),
        ("Fever broke at 101 overnight, now afebrile.", "101"),
        ("BP fell at 95 systolic after GTN.", "95 systolic"),
        ("Patient died despite shocks at 100 J and 150 J.", "100 J"),
        ("Metformin 500 mg b.d., 90 tablets dispensed.", "90 tablets"),
        ("Modified Barthel for activities of daily living, 95 - independent.", "95"),
        ("Heart rate turns 110 on standing.", "110"),
        ("DC cardioversion (100 J) successful", "100 J"),
        ("Hb    98 Y     (L)", "98"),
        ("Source of referral: husband, 111, GP OOH.", "111"),
        ('She is "100% sure" she took the morning dose', "100%"),
        ("Daily weights: Mr Evans is 96 today", "96"),
        ("Obs: Mrs Lee is 95 and stable on room air", "95"),
        ("Bay 3: Mr Hughes (COVID-19) isolation continues.", "COVID-19"),
        ("Ferritin 312 18 1055 over the last three visits", "312 18 1055"),
        ("Patient claims: 30 tablets of paracetamol taken at 2200.", "30 tablets"),
        ("Case 22-1045 discussed at M&M", "22-1045"),
        ("Interpreter ID 7714 used; BP 100/60", "Interpreter"),
        ("RXA|0|1|20250101|20250101|141^Influenza^CVX|0.5|mL", "141^Influenza"),
        ("I paid for the naltrexone by PayPal yesterday.", "PayPal yesterday"),
        ("Ref 135-145 for sodium; patient Na 140 (range 135-145).", "(range 135-145)"),
        # a second cold review's (10.1.0)
        ("Oncology f/u: 12 of 30 patients alive at 90 d post-transplant", "90 d"),
        ("Registry: recipient alive at 90-day follow-up", "90-day"),
        ("Home BP per wife, 98, 102, 110 systolic over the week.", "98"),
        ("Sats checked by husband, 94, on home oximeter.", "94"),
        ("Latest sats for Mrs Ada Obi is 92, on 2L via NC.", "92"),
        ("Edna Lowe (CURB-65) score 3 on admission.", "CURB-65"),
        ("RXA|0|1|20250301||03^MMR^CVX|0.5|mL", "03^MMR"),
        ("AL1|1|DA|1191^ASPIRIN^RXNORM|", "1191^ASPIRIN"),
        ("Patient report: 10-12000 steps daily, no claudication.", "10-12000 steps"),
        ("Patient claims: 10-15000 steps a day.", "10-15000 steps"),
        ("SSN (last 4, not on file) 1500 mg paracetamol given", "1500 mg"),
        ("SSN last 4, declined; at 1430 started IV abx.", "1430"),
        ("Age at onset (months): 96", "96"),
        ("Regimen code: mFOLFOX6. Cycle 3 of mFOLFOX6 given today", "Cycle 3 of mFOLFOX6"),
        ("Carry a letter if taking oxycodone through customs", "through customs"),
    ],
)
def test_10_1_0_passes_keep_clinical_text(text, kept):
    assert kept in redact(text)


# 10.3.0 passes, written on dev8's notes (records copied out of HL7, JSON, XML, CSV and fixed-width exports; other
# languages' dates and postcodes; ages and surnames in lists); our own examples, not copied from any case.
@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Paciente nascida em 5 de junho de 1930.", "5 de junho de 1930"),
        ("Przyjęta 12 kwietnia 2024 r. z domu.", "12 kwietnia 2024"),
        ("Kontrola w poradni: luty 2025.", "luty 2025"),
        ("Kontrola: kwiecień 2025 r.", "kwiecień 2025"),
        ("Opname op 9 maart 2024 na een val.", "9 maart 2024"),
        ("PID|1||||^^Eugene^OR^97401^USA", "97401"),
        ("<Address><ZipCode>60614</ZipCode></Address>", "60614"),
        ('{"plz": "10115", "ort": "Berlin"}', "10115"),
        ('{"plz": "10115", "ort": "Berlin"}', "Berlin"),
        ("Endereço: Rua Sete, 45, CEP 04538-132", "04538-132"),
        ("ul. Polna 3, 61-555 Poznań", "61-555"),
        ("Frau K. (97-jährig) lebt allein.", "97"),
        ("Konsultowano 93-letniego pacjenta.", "93"),
        ('{"id": "X1", "age": 96, "sex": "F"}', "96"),
        ("Pedigree: sister - 94 - lives in Leeds", "94"),
        ('Bed 2  Mr Amos Quill, 95 ("Quilly"). Settled overnight.', "95"),
        ("Mrs Dora Fenn - 93 since June, still at home.", "93"),
        ("Grandad turned 97 on Friday, so a quiet day.", "97"),
        ("Mum (she'll be 92 next month) needs a repeat.", "92"),
        ("Dorothy Vane is 91 herself and cares for him.", "91"),
        ("A3   QUENNELL, Ruth      92  F   K1203  02:10  fall", "92"),
        ("A3   QUENNELL, Ruth      92  F   K1203  02:10  fall", "QUENNELL"),
        ("A2   HARGREAVE, Maud      F   K7731\nHARGREAVE rang back at 10.", "HARGREAVE"),
        ('12:05,"HARGREAVE, Maud",4.1,LOW', "HARGREAVE"),
        ("PV1|1|I|||||1922334455^ABERNATHY^KEITH^R^^^MD|", "ABERNATHY"),
        ("Export run by t.okafor at 09:00.", "t.okafor"),
        ("Gave the last 4 of his social 7723 at the desk.", "7723"),
        ("No SS card; he says the last four are 3391.", "3391"),
        ("NISS 120 456 789 01 (Portugal).", "120 456 789 01"),
        ("NSS 12 88 31 0447 5 (IMSS).", "12 88 31 0447 5"),
        ("Addison Barrett, 45, seen in clinic", "Addison"),  # a disease's eponym bare is a name
        ("Clinic list: Bishop 10/12, Norton 3/12", "Bishop"),
        ("MRN,DOB,AGE\n4471,12/03/1931,94", "12/03/1931"),
        ("Reviewed by j.okorie today", "j.okorie"),
        ("Spoke to Barrett's wife today", "Barrett"),
        ("Clinic list: Bishop 4/15, Norton 10/20", "Bishop"),
        ("Kontrolle juin 2024", "juin 2024"),
        ("Mother turned 95 on Sunday", "95"),
        ("next of kin:0161 496 0734", "0161 496 0734"),
        ("Parked with plates KL 5521M outside.", "KL 5521M"),
        ("Coche en urgencias (matrícula 7781 GHT).", "7781 GHT"),
        ("Lo trajo en camioneta, placas HTR-552-B.", "HTR-552-B"),
    ],
)
def test_10_3_0_passes_remove(text, gone):
    assert gone not in redact(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Neonate DOL 90 (aged 90 days), feeding well.", "aged 90 days"),
        ("Parkinson's meds given on time.", "Parkinson's"),
        ("Morbus Crohn seit 2010.", "Crohn"),
        ("? NPH vs Alzheimer's, MRI booked", "Alzheimer's"),
        ("Barthel 60/100 on admission.", "Barthel 60/100"),
        ("02:00\t98\t118/64\t72\t97", "118/64"),
        ("levodopa 100/25 mg 8/8h.", "8/8h"),
        ("Target range 4.0-10.0 mmol/L.", "4.0-10.0"),
        ("Temp   99  F   at 14:00", "99"),
        ("Sats turned 95 on 2 litres.", "95"),
        ("OBR|1|||80053^COMPREHENSIVE PANEL^C4|", "80053"),
        ("OBX|1|NM|2160-0^Creatinine^LN||1.2|mg/dL", "2160-0^Creatinine^LN"),
        ("Urine output last 4 hours 1200 ml.", "1200 ml"),
        ("Grew e.coli (sensitive to nitrofurantoin).", "e.coli"),
        # a cold review's, against the first 10.3.0 patterns (each was redacted by them)
        ("NSS 0.9 1000 ml IV over 8 h", "1000 ml"),
        ("SSS 40 - 45 - 38 bpm on Holter", "40 - 45 - 38 bpm"),
        ("PLAQUETAS SIN 150 000 - 450 000 /mm3", "150 000 - 450 000"),
        ("Insulin SS ends 2200 tonight", "2200"),
        ("Firmware 110.25.2024 installed", "110.25.2024"),
        ("ACI derecha con placa 50-69% de estenosis", "50-69%"),
        ("Platelets: plates 45 60 75 after transfusion", "45 60 75"),
        ("rot 90 lat flex 40", "90 lat"),
        ("90 letnia kąpiel", "90 letnia"),
        ("Sats turned 91 on NIV", "91"),
        ("Checked sats - pt is 93, happy", "93"),
        ("GLUCOSE          98  F", "98"),
        ('{"age":92,"age_unit":"days","weight":4.1}', "92"),
        ("{'age': 99, 'unit': 'days'}", "99"),
        ("Mother - 98 - 100% on RA at home oximeter", "98"),
        ("partial Mayo 2019 criteria", "Mayo 2019"),
        ("Glucómetro marca 2020", "marca 2020"),
        ("OBX|1|NM|2951-2^SODIUM^LN^84295^Sodium^L||140", "84295"),
        ('{"drug":"paracetamol","cap":4000,"unit":"mg"}', "4000"),
        ('{"vaccine":"Tdap","ort":"left arm"}', "left arm"),  # a site, not a town
        ("Day 3, 10-100 Units/hr", "10-100 Units"),
        ("C.P. 1000 mg/dia", "1000 mg"),
        ("Plan: NIV, Doris (daughter) updated. NIV to continue.", "NIV to continue"),
        ("DNACPR, Edith agrees; DNACPR form signed", "DNACPR form signed"),
        ("UTI caused by e.coli", "e.coli"),
        ("Stool: (c.diff) toxin negative", "c.diff"),
        ("OBX|1|NM|718-7^Hemoglobin^LN^HGB^Hemoglobin^L||13.2", "Hemoglobin^LN"),
        ("AL1|1|DA|70618^Penicillin^RXNORM^^^|SV|rash", "Penicillin"),
        ("Mrs Adeyemi, 94 (on 2L NP), stable", "94"),
        ("Mrs Okafor - 93 since 0600 on 2L", "93"),
        # a second cold review's, against the mended version
        ("SSS 40 45 38 42 50 44 bpm", "40 45 38 42 50 44"),
        ("PLACA 50-69 EN ACI DERECHA", "50-69"),
        ("Culture (e.coli, ESBL) sensitive", "e.coli"),
        ("en el marco 2021-2025", "marco 2021"),
        ("Mrs Okafor - 93 - on 2L", "93"),
        ("Mother - 98 - on RA", "98"),
        ("paracetamol 1g 12/24h", "12/24h"),
        ("OBR|1|||80053^CMP^CPT4|", "80053"),
        ("患者" * 600, "患者" * 600),  # a paragraph with no space that is no blob: no ASCII in it
    ],
)
def test_10_3_0_passes_keep_clinical_text(text, kept):
    assert kept in redact(text)
