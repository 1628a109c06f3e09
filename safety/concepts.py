"""The clinical concept table: each concept a set of lay and clinical phrasings and abbreviations.

Concepts are findings ("chest pain", "sweating", "saddle numbness"), not diagnoses; triage.py combines them into
discriminators the way the Manchester Triage System and NHS 111 pathways do (a presentation plus a red-flag
feature). Matching is case-insensitive except where an abbreviation is only unambiguous in capitals (MI, PE, SOB,
LOC, CP), which are marked with (?-i:...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = r"(?:i|i'm|im|i've|ive|i am|i have|he|she|they|he's|she's|they've|they're|we|my (?:\w+ )?(?:has|have|had|is))"
_PILLS = (
    r"(?:pills?|tablets?|tabs|capsules?|meds|medications?|medicines?|paracetamol|acetaminophen|tylenol|panadol|"
    r"ibuprofen|aspirin|co-codamol|codeine|tramadol|oxycodone|morphine|opioids?|insulin|sleeping pills|antidepressants?"
    r"|"
    r"amitriptyline|sertraline|citalopram|fluoxetine|diazepam|benzos?|lithium|quetiapine|zopiclone|propranolol|"
    r"metformin|warfarin|iron tablets)"
)
# The umbilical cord, not the spinal or vocal one, nor cord blood, a clamp, a stump or a cord around the baby's neck
_CORD = (
    # (the look-behinds follow the word: a pattern that starts with one is tried at every position, ~3x slower)
    r"\b(?:umbilical )?cord\b(?<!spinal cord)(?<!vocal cord)(?<!spermatic cord)(?! (?:blood|clamp\w*|stump|around|"
    r"bank\w*|compression|injury|lesion))"
)
_LABOUR = r"\b(?:waters?|membranes|s?rom|arm|labou?r|contractions|\d\d ?/ ?40|\d\d weeks)\b"
_CORD_PROLAPSE = "|".join(
    (
        r"\b(?:umbilical )?cord prolapse(?<!had a cord prolapse)(?<!previous cord prolapse)",
        r"\bprolapsed (?:umbilical )?cord",
        # "waters broke and I can feel the cord", not "… can't feel the cord"
        _LABOUR + r"[^.]{0,80}?(?<!n't )(?<!not )(?<!cannot )\b(?:feel|felt|see|saw|touch\w*|hanging|coming|something)"
        r"\b[^.]{0,30}?\b(?:the |a |her |my |baby'?s )?" + _CORD,
        _CORD + r"[^.]{0,40}?\b(?:vagina|introitus|vulva|between (?:my|her) legs|on (?:ve|pv|vaginal exam\w*))\b",
        _CORD + r"(?:'s| has| is| was)? (?:come|came|coming) (?:out )?(?:first|before)",
        _CORD + r"(?:'s| is| was)? (?:hanging|coming|sticking|poking) out",
    )
)
_BIG_NUMBER = (
    r"(?:[1-9]\d|\d{3}|a (?:whole|full) (?:bottle|box|pack|packet|strip|tub|month'?s supply)|all (?:of )?(?:my|his|"
    r"her|the|their)|(?:a|the) (?:whole|entire) (?:bottle|box|pack|packet)|(?:two|three|four|several) (?:boxes|packs|"
    r"packets|bottles|strips)|(?:twenty|thirty|forty|fifty|a hundred|dozens?))"
)

CONCEPT_PATTERNS: dict[str, str] = {
    # --- cardiac -------------------------------------------------------------------------------------------------
    "acs_explicit": r"\bn?stemi\b|\bst[- ]?(?:segment )?elevation|\bst elevations?\b|\bste in\b|\bstes? in (?:leads? )?"
    r"(?:ii|v\d)|\bheart attack|\bmyocardial infarct|\b(?-i:MI)\b|\b(?-i:AMI)\b|\bacute coronary|\b(?-i:ACS)\b|"
    r"\btombstone|\btroponin (?:is |was )?(?:rising|raised|elevated|positive|up|high|\d)|\btrop (?:rise|raised|\+|\d)|"
    # 10.2.0: the usual misspellings ("heart attak", "heart atack", "hart attack")
    r"\b(?:heart atta?c?k|heart atack|hart atta?ck)\b|"
    r"\bnew (?:onset )?l?bbb\b|\bwellens|\bde winter|\bcath lab|\bcardiac chest pain",
    "chest_pain": r"\b(?:pressure|tightness|heaviness|discomfort) (?:(?:come|comes|came|coming|sits|sitting|is|"
    r"was) )?(?:in|on|across|over|behind|around) "
    r"(?:the |my |his |her |their )?chest|\bchest (?:\w+ )?like (?:a )?(?:heavy|stone|weight|rock|brick|elephant|vice|"
    r"band)|\bclutch\w* (?:at )?(?:her|his|my|their|the) chest|\bchest (?:is |was |feels? |felt )?"
    r"(?:burning|"
    r"squeez\w*|pressing|hurting|hurts|sore|painful|aching|"
    r"tight|heavy)|\bpain in (?:the )?chest|\bchest (?:pain|pressure|tightness|discomfort|heaviness|ache|aching|squeez"
    r"\w*|crush\w*|burning|pain"
    r"s)|"
    r"\b(?-i:CP)\b|\bpain (?:in|across|over|around|behind) (?:the |my |his |her |their )?(?:chest|breastbone|sternum)|"
    r"\b(?:central|retrosternal|substernal|left[- ]sided) (?:chest )?(?:pain|pressure|tightness|discomfort)|\bangina\b|"
    r"\belephant (?:sitting|standing|on)|\bchest (?:feels?|felt|is|was) (?:tight|heavy|crushed|squeezed|like)|"
    r"\b(?:tight|heavy|crushing|pressure-like|squeezing) (?:feeling in (?:the |my |his |her )?)?chest(?! (?:day|worko"
    r"ut|session|press|exercises?|routine))|"
    r"\bpressure (?:in|on) (?:the |my |his |her )?chest|\bband (?:around|across) (?:my |his |her |the )?chest|"
    r"\bchest (?:is |was )?(?:hurting|killing)|\bcrushing pain"
    r"|\b(?:pain|pressure|tightness|heaviness|discomfort|squeez\w*|burning|crushing) (?:\w+ ){0,3}?(?:in|on|across|over"
    r"|behind|around) (?:the |my |his |her |their )?(?:middle|centre|center|front|left side) of (?:the |my |his |her |t"
    r"heir )?chest\b"
    r"|\bchest\s*(?:->|→|>|-+>)\s*back\b|\bchest (?:pain )?(?:through|going through|radiating) (?:to )?(?:the |his |he"
    r"r |my )?back",
    "cardiac_feature": r"\bradiat\w*|\bspread\w* (?:to|into|down|up)|\bgoing (?:down|into|up) (?:my |his |her |the )?"
    r"(?:left )?(?:arm|jaw|neck)|\b(?:into|to|down) (?:my |his |her |the )?(?:left |both )?(?:arm|arms|jaw|neck|shoulde"
    r"r)"
    r"|\bjaw\b|\bleft arm|\bsweat\w*|\bdiaphore\w*|\bclammy|\bcold sweat|\bexertion\w*|\bon effort|\bwhen (?:walking|"
    r"climbing|exercising|running)|\b(?:walking|climbing) (?:up )?(?:the )?(?:stairs|hill)|\bshort(?:ness)? of breath|"
    r"\b(?-i:SOB|SOBOE)\b|\bbreathless|\bdyspn\w*|\bnause\w*|\bvomit\w*|\bgrey\b|\bashen|\bcrushing|\bsqueezing|"
    r"\bheav(?:y|iness)|\bpressure|\blight[- ]?headed|\bfaint\w*|\bsyncop\w*|\bpalpitations|"
    r"\bimpending doom",
    # --- vascular ------------------------------------------------------------------------------------------------
    "dissection": r"\baortic dissection|\bdissect\w* (?:aorta|aneurysm|aortic)|\b(?-i:AAA)\b.{0,20}(?:rupt|leak)|"
    r"\bruptured (?:aaa|aneurysm|aortic)|\btype [ab] dissection|\bdissection\b",
    # circulatory collapse signs, for a ruptured aneurysm presenting as sudden back or flank pain
    "shock_sign": r"\bpulse (?:is |was |feels? )?(?:weak|thready|faint|barely)|\bweak (?:pulse|thready)|\blooks? "
    r"(?:grey|gray|ashen|deathly pale)|\bpale and (?:clammy|sweaty|cold)|\bcollaps\w*",
    "tearing_pain": r"\bsomething (?:tear|rip|burst|snap)\w*|\bfelt (?:\w+ )?(?:tear|rip)\b|\btearing|\bripping|\brip"
    r"s?\b|\btore\b|\b(?:like|as if) (?:something|it) (?:is |was )?(?:tearing|"
    r"ripping)|\bknife(?:-like)? (?:through|to) (?:the |my |his |her )?back",
    "interscapular": r"\bbetween (?:the |my |his |her )?shoulder[- ]?blades|\binterscapular",
    "back_radiation": r"\bback\b|\bbetween (?:the |my |his |her )?shoulder[- ]?blades|\binterscapular|\bthrough to",
    "pulse_deficit": r"\d{2,3}/\d{2,3}\s*(?:in (?:the )?)?(?:right|left|r|l)\b(?: arm)?.{0,30}?\d{2,3}/\d{2,3}\s*"
    r"(?:in (?:the )?)?(?:left|right|l|r)\b|\b(?:bp|blood pressure|pulses?) (?:differs?|different|unequal|asymmetric\w*"
    r"|discrepan\w*)|"
    r"\b(?:unequal|asymmetric\w*|different|absent) (?:radial |arm )?(?:pulses|bp|blood pressures?)|\bpulse deficit|"
    r"\bwidened mediastinum|\bdifference (?:in|of) (?:\d+ ?(?:mm ?hg)? )?(?:systolic |blood )?pressures? between",
    "pe_explicit": r"\bpulmonary embol\w*|\b(?-i:PE)\b(?! (?:teacher|class|lesson|kit|exam)\b)|\bsaddle embol\w*|"
    r"\bclot (?:in|on|to) (?:the |my |his |her )?lungs?|\bmassive (?:pe|embol)|\b(?-i:CTPA)\b.{0,30}(?:positive|filling"
    r" defect)",
    "breathless": r"\bcan'?t breath\b|\bcan ?not breath\b|\bshort(?:ness)? of breath|\bcan ?not breathe?\b|\bcan'?t bre"
    r"athe|\bbreathing hard|\bnot breathing "
    r"(?:good|well|properly|right)|\b(?-i:SOB)\b|\bbreathless\w*|\bdyspn\w*|\bout of breath|\bcan'?t catch "
    r"(?:my|his|her|their) breath|\bstruggling (?:to|for) breath|\bdifficulty (?:in )?breathing|\btrouble breathing|"
    r"\bhard to breathe|\bbreathing (?:is )?(?:fast|rapid|hard|difficult|laboured|labored)|\btachypn\w*|\bair hunger"
    r"|\b(?:can ?not|cannot|can'?t|unable to|could ?n[o']t) (?:take|get|catch) (?:a |the |her |his |my )?breath\b|\bba"
    r"rely breathing",
    "sudden": r"\bsudden\w*|\babrupt\w*|\bout of nowhere|\bout of the blue|\ball of a sudden|\bacute(?:ly)?\b|\bcame on"
    r" "
    r"(?:fast|quickly|instantly)|\bstarted (?:an? )?(?:hour|few minutes|minutes?) ago|\bin (?:the last|the past) "
    r"(?:hour|\d+ (?:minutes|hours?))",
    "pe_strong": r"\b(?:leg|calf) (?:is |was |looks |became |has become |got )?(?:very |really |so )?(?:big|bigger|"
    r"swollen|fat|puffy|red and (?:big|swollen|hot))|\bcalf (?:swelling|swollen|pain|tender\w*)|\bswollen (?:calf|leg)|"
    r"\b(?:calf|leg) (?:is |was )?(?:swollen|"
    r"red and swollen|hot and swollen)|\b(?-i:DVT)\b|\bdeep vein thromb\w*|\bha?emoptysis|\bcough\w* (?:up )?blood|"
    r"\bpleuritic (?:chest )?pain.{0,40}(?:calf|leg|flight|surgery|pill|postpartum|tachycard)",
    "pe_risk": r"\b(?:just |recently )?had (?:a|her|my) baby|\bgave birth|\bpleuritic|\bhurts? (?:\w+ )?when (?:\w+ )?("
    r"?:take|takes|taking|breathe|breathes|breathing in) "
    r"(?:a |the )?(?:deep )?(?:breath|in)|\bsharp (?:chest )?pain (?:when|on) (?:breathing|inspiration|deep breath)|\bh"
    r"urts? (?:to|when "
    r"(?:i|he|she)) (?:breathe|take a (?:deep )?breath)|\blong[- ]haul|\blong (?:flight|drive|car journey|coach)|"
    r"\brecent(?:ly)? (?:had )?(?:surgery|an operation|operation|flight|immobil\w*|c-?section|caesarean|delivery|a baby"
    r")|"
    r"\bpost[- ]?op\w*|\bpostpartum|\bimmobil\w*|\bon the pill\b|\b(?-i:OCP|COCP|HRT)\b|\bcombined pill|"
    r"\b(?:\d+|two|three|few) (?:days?|weeks?) after (?:surgery|(?:my|his|her) (?:operation|op|hip|knee|c-section))|"
    r"\bcancer|\bhip replacement|\bknee replacement|\bplaster cast|\bheart rate (?:of )?1[1-9]\d|\btachycard\w*|"
    r"\bcalf"
    r"|\bafter (?:the |her |my )?baby (?:was )?born|\bbaby (?:was )?born (?:\d+|a few|two|three|four|five|six) (?:days?"
    r"|weeks?) ago"
    r"|\bheart (?:is )?(?:going|beating|racing|pounding) (?:so |very |really )?(?:fast|quick\w*)|\bracing heart|\bhear"
    r"t (?:is )?racing",
    "limb_ischaemia": r"\b(?:leg|foot|arm|hand)(?:'s| is| has)? (?:gone |went |turned |suddenly |very |really |so )*("
    r"?:cold|white|pale|blue|freezing)(?:/\w+)?,? (?:and )?(?:very |really )?(?:cold|white|pale|blue|freezing|num"
    r"b)|\b(?:can ?not|cannot|can'?t) (?:feel|move) (?:the |my |his |her )?(?:toes|foot|fingers)\b|\bacute (?:lim"
    r"b )?isch(?:a)?emi\w*|\b(?:limb|leg|foot|arm|hand) isch(?:a)?emi\w*|\bpulseless\b|"
    r"\bno (?:palpable )?(?:foot |pedal |femoral |radial |dorsalis pedis )?pulses? in (?:the |her |his |my )?(?:leg|foo"
    r"t|arm)|"
    r"\b(?:leg|foot|arm|hand|toes|fingers) (?:is |are |has gone |went |turned |has turned |looks? )?(?:cold|white|pale|"
    r"blue|mottled|numb)(?:,? (?:and )?(?:very )?(?:cold|white|pale|blue|numb|mottled|painful))+|\bcold,? (?:white|pale"
    r"|blue|mottled) "
    r"(?:leg|foot|arm|hand|toes|limb)|\bwhite,? cold (?:leg|foot|arm|hand|limb)|\bcan'?t (?:feel|move) (?:my |his |her "
    r")?"
    r"(?:leg|foot|toes)"
    r"|\bdoppler\b[^.]{0,20}\b(?:no|absent|nil|inaudible|lost)\b[^.]{0,10}\bsignals?|\bno (?:doppler|arterial) signals?"
    r"|\babpi (?:is )?(?:unrecordable|not recordable)"
    r"|\b(?:leg|foot|arm)\b (?:become|became|went) (?:very |really |so |suddenly )?(?:cold|white|pale|blue|freezing)\b("
    r"?: and (?:very )?(?:cold|white|pale|blue|freezing|numb))?"
    r"|\b(?:can ?not|cannot|can'?t|couldn'?t|could not|unable to) (?:find|feel|get) (?:a |the |any )?pulses? in (?:the "
    r"|his |her |my )?(?:leg|foot|feet|ankle)\b[^.]{0,60}\b(?:cold|white|pale|sudden\w*|painful)"
    r"|\b(?:leg|foot|arm|hand)\b (?:has |is |'s )?(?:gone |went |turned |become |became )?(?:ice|icy|stone|freezing|ver"
    r"y|really|so)?[- ]?cold,? (?:and )?(?:white|pale|blue|numb|mottled)\b"
    r"|\bno (?:palpable )?(?:femoral|popliteal|pedal|foot|dp|pt|radial|brachial|distal)(?:/(?:femoral|popliteal|pedal|"
    r"dp|pt|radial|brachial))* pulses?\b[^.]{0,60}\b(?:cold|white|pale|mottled|onset|sudden\w*)",
    # --- neuro ---------------------------------------------------------------------------------------------------
    "stroke_sign": r"\bfac(?:e|ial) (?:is |was |looks? |gone |went |has gone )?(?:crooked|twisted|uneven|lopsided)|\b"
    r"half (?:of )?(?:the |his |her |my |their )?(?:face|smile|mouth) (?:is |was |has )?(?:gone|droop\w*|dropp\w*|"
    r"fallen|sagg\w*|not moving)|\b(?:say|says|saying|said|speak\w*|talk\w*) words? (?:that )?(?:nobody|no one|"
    r"no-one|none of us|we can'?t) (?:can |could )?(?:understand|make sense)|\b(?:left|right) (?:hand|arm) (?:can ?not|"
    r"can'?t|cannot|couldn'?t|won'?t|is unable to) (?:hold|grip|lift|pick up|raise)"
    r"|\b"
    r"words? (?:\w+ )?(?:come|came|coming|are coming) out (?:wrong|jumbled|funny|garbled|mixed)|\b(?:arm|hand|leg"
    r") (?:is |feels? |went |gone |has gone )?(?:like )?(?:dead|useless|limp)\b|\bfac(?:e|ial) (?:is |was |has )?"
    r"(?:droop\w*|asymmetr\w*|weakness|palsy|fallen|dropp\w*|"
    r"lopsided|sagging)|\b(?:one|left|right) side of (?:the |my |his |her )?(?:face|mouth) (?:is |was |has )?(?:droop\w"
    r"*|"
    r"dropp\w*|fallen|numb|weak|sagg\w*)|\bmouth (?:is |was )?(?:droop\w*|twisted|drooping)|\bslurr\w*|\bslurring|"
    r"\bspeech (?:is |was |became |has become )?(?:slurred|garbled|jumbled|muddled|strange|difficult)|\bdysarthri\w*|"
    r"\baphasi\w*|\bdysphasi\w*|\bcan'?t (?:get|find) (?:the |her |his |my )?words|\btrouble (?:speaking|talking)|"
    r"\bdifficulty (?:speaking|talking)|\b(?:mouth|face|lips?)\b (?:\w+ ){0,3}(?:to|on|towards) one side|"
    r"\b(?:can ?not|can'?t|cannot|unable to) (?:speak|talk) (?:properly|clearly|normally|right|good|well)|"
    r"\b(?:can ?not|can'?t|cannot|unable to) (?:hold|grip|grab|lift) (?:\w+ ){0,4}?(?:with )?(?:the |his |her |my )?"
    r"(?:left|right) (?:hand|arm)|\bdropp\w* things (?:from|with) (?:the |his |her |my )?(?:left|right|one) hand|\bunab"
    r"le to (?:speak|talk|lift (?:his|her|my) arm)|\bcan'?t (?:lift|raise|move) "
    r"(?:his|her|my|the) (?:left |right )?(?:arm|leg)|\b(?:arm|leg) (?:weakness|drift)|\bweak(?:ness)? (?:in|of|down) "
    r"(?:the |his |her |my |one )?(?:left |right |one )?(?:arm|leg|side|hand)|\bhemi(?:paresis|plegi\w*|anopia)|"
    r"\b(?:left|right|one)[- ]sided (?:weakness|numbness|paralysis)|\bnumb(?:ness)? (?:down|on|of) (?:the |one |his |he"
    r"r |"
    r"my )?(?:left |right |one )?side|\bfast (?:positive|\+)|\bbe-?fast\b|\b(?-i:NIHSS)\b|\bfacial weakness",
    "stroke_explicit": r"\bstroke\b|\b(?-i:CVA)\b|\bcerebrovascular accident|\b(?-i:TIA)\b|\btransient isch(?:a)?emic|"
    r"\bmini[- ]stroke|\bbrain attack|\bcode stroke|\bthromboly\w*|\bthrombectomy|\bstroke (?:alert|call)",
    "thunderclap": r"\bheadache\b[^.,;]{0,20}\bexploded\b(?! into)|\b(?:head|headache)\b[^.,;]{0,40}\bworst pain "
    r"(?:ever|of (?:my|his|her|their) life)|\b(?:head|brain)\b.{0,30}\bexplo\w*|\bexplo\w*.{0,30}\bhead\b|"
    r"\bthunderclap|\bworst headache|\bw"
    r"orst (?:ever )?head ?ache|\bheadache.{0,30}worst (?:of (?:my|her"
    r"|his|"
    r"their) life|ever)|\b(?:sudden|explosive|instant\w*|abrupt)\w* (?:\w+ ){0,2}(?:severe |worst |excruciating )?"
    r"(?:headache|head pain|pain in (?:the |my |his |her )?head)|\bheadache (?:that |which )?(?:came on|started|began|"
    r"hit) (?:suddenly|in (?:seconds|a second|an instant)|instantly|out of nowhere|like)|\blike (?:being )?(?:hit|struc"
    r"k|"
    r"kicked) (?:on|in|over) the (?:back of the )?head|\bmaximal (?:at|within) (?:onset|seconds|a minute|1 min)|"
    r"\bpeak(?:ed|s)? (?:in|within) (?:seconds|a minute|1 min\w*)|\bsubarachnoid|\b(?-i:SAH)\b"
    r"|\bhead\b[^.,;]{0,60}\bworst (?:pain|headache)\b|\bworst (?:pain|headache)\b[^.,;]{0,60}\bhead\b",
    "headache": r"\bheadaches?\b|\bhead ?ache|\bhead (?:is )?(?:pounding|hurting|pain)|\bmigraine|\bcephalgia",
    "meningism": r"\b(?:not like|doesn'?t like|does not like|hates?|can'?t stand|avoid\w*) (?:the )?light|\bkeeps? (?"
    r":the )?(?:room|curtains) (?:pitch )?(?:black|dark|closed)|\blight hurts?|\blight (?:hurt|is hurting)|\b(?:p"
    r"ain|yelps?|screams?|cries|hurts?)\b (?:\w+ ){0,3}(?:tilt|bend|move|flex)\w* (?:\w+ ){0,2}(?:head|neck|chin)"
    r"|\b(?:can ?not|cannot|can'?t) (?:bend|move|flex) (?:the |his |her |my )?neck|\bstiff neck|\bneck (?:is |was"
    r" )?(?:stiff|stiffness|rigid\w*)|\bnuchal rigidity|\bmeningism\w*|"
    r"\bphotophob\w*|\bkernig|\bbrudzinski|\b(?:can'?t|cannot|can ?not) (?:bend|touch|put) (?:his|her|my|their) "
    r"(?:chin|head|neck)|"
    # 10.2.0: "his neck is hard" (not a lump or gland on it, not "hard to turn"); a baby's bulging fontanelle (NICE
    # NG143, red: meningitis)
    r"(?<!on )(?<!in )(?<!of )\b(?:his|her|my|their) neck (?:is |was |feels? )?(?:hard|like (?:a )?(?:board|plank))\b"
    r"(?! to)|\bbulging (?:soft spot|fontanel\w*)|\b(?:soft spot|fontanel\w*) (?:is |was |looks |feels )?(?:bulging|"
    r"tense)|"
    r"\bhurts? to (?:look at|be in) (?:the )?light|\blight (?:hurts|bothers)",
    "non_blanching_rash": r"\b(?:spots?|marks?|rash|dots)\b (?:\w+ ){0,2}(?:like (?:a )?bruis\w*|purple|dark red)|"
    r"\bbruise-?like (?:rash|spots|marks)|\bnon[- ]?blanch\w*|\b(?:does|did|do|will|would) ?n[o']?t (?:blanch|fade|"
    r"go away|disappear) "
    r"(?:when|under|with|if)|\brash (?:that |which )?(?:does not|doesn'?t|didn'?t|won'?t|did not) (?:fade|blanch|"
    r"disappear)|\bpetechia\w*|\bpurpur\w*|\b(?:glass|tumbler) test (?:\w+ ){0,4}(?:positive|fail\w*|didn'?t|did not|st"
    r"ill|not|don'?t|doesn'?t|won'?t|stay\w*)|\bpinprick (?:rash|spots)|\b(?:purple|dark red|"
    r"purplish|maroon)(?:,? \w+){0,2} (?:rash|spots|blotches|marks|patches|dots)|\bmeningococc\w*"
    r"|\b(?:press|pressed|roll\w*|push\w*) (?:\w+ ){0,2}glass\b[^.]{0,40}\b(?:not|don'?t|doesn'?t|didn'?t|won'?t) (?:g"
    r"o|fade|disappear|blanch)|\b(?:small |tiny )?purple (?:spots?|dots?)",
    # 10.2.0: and the usual misspellings ("menigitis", "menengitis")
    "meningitis_explicit": r"\bmen[ie]n?g[ie]t[iu]s\b(?! (?:b |c |acwy )?(?:vaccin\w*|jab|shot|immuni\w*))|"
    r"\bencephalitis|"
    r"\bmeningococcal",
    # "rings still fit", "fit and well", "fit to fly": the other sense of the word
    "seizure": r"\bseizur\w*|(?<!still )(?<!rings )(?<!ring )(?<!shoes )(?<!clothes )(?<!keep )(?<!keeping )\bfit\b"
    r"(?! (?:and well|to (?:fly|drive|work|travel|play|swim|exercise))\b)|\bfits\b|\bfitting|\bconvuls\w*|"
    r"\bshaking (?:all over|uncontrollably|and (?:jerkin"
    r"g|"
    r"unresponsive))|\bjerking (?:all over|of (?:all|both|his|her) (?:limbs|arms))|\bepileptic (?:attack|episode)|"
    r"\btonic[- ]clonic|\b(?-i:GTCS?)\b"
    r"|\bshaking (?:the |her |his )?whole body|\bwhole body (?:is )?shaking|\bfoam\w* (?:from|at) (?:the )?mouth",
    "status_epilepticus": r"\b(?:seiz\w*|fit\w*|convuls\w*)\b.{0,40}?\b(?:for|over|lasting) (?:half an hour|an hour|("
    r"?:\d+|two|three) hours?)|\b(?:fitting|seizing|convulsing) on and off|\b(?:fit|seizure|convulsion)s? (?:and "
    r"(?:\w+ )?(?:fit|seizure|convulsion)s? )?again|"
    r"\b(?:two|three|four|five|several|many|\d) (?:times|fits|seizures|convulsions) in (?:\d+|an?|one|half an?) "
    r"(?:min\w*|hours?)|\bbetween (?:the )?(?:fits|seizures)?,? ?(?:she|he|they)? ?(?:not|doesn'?t|does not|did not|"
    r"didn'?t|isn'?t|is not) (?:wake|waking|come round|recover|respond)\w*|\bstatus epilepticus|\bstatus\b(?= (?:seizur"
    r"e|fit))|\b(?:seizure|fit|fitting|convuls\w*|"
    r"shaking)\w*.{0,60}?(?:for|lasting|lasted|over|more than|>|longer than|going on for|since)\s*(?:[5-9]|[1-9]\d|fi"
    r"ve|six|"
    r"seven|ten|fifteen|twenty|thirty)\+?\s*(?:min\w*|mins)|\b(?:still|keeps?|kept|won'?t stop|not stopp\w*|"
    r"continuous\w*|repeated\w*|back[- ]to[- ]back|one after (?:the )?another|cluster of|several|multiple|recurrent)\s*"
    r"(?:\w+ )?(?:seizur\w*|fit(?:s|ting)\b|convuls\w*)|"
    r"\b(?:seizur\w*|fit\w*|convuls\w*) (?:won'?t|will not|hasn'?t|has not|"
    r"did not|didn'?t) stop|\bnot (?:waking|regaining consciousness|recovering) between|\bwithout (?:regaining "
    r"consciousness|recovering|waking)"
    r"|\b(?:seizure|fit|convulsion) after (?:seizure|fit|convulsion)|\bone (?:seizure|fit) after another|\b(?:never|not"
    r") wak\w* (?:up )?in between|\bno recovery between|\brescue (?:med\w*|midazolam|buccal|diazepam) (?:hasn'?t|has no"
    r"t|didn'?t|did not|not) work\w*"
    r"|\b(?:gtcs|tonic[- ]clonic|seizure|fit|convuls\w*|shaking)\w*[^.]{0,60}?(?:already|now|over|more than|>|for)\s*("
    r"?:[5-9]|[1-9]\d)\s*(?:min\w*|mins)\b",
    "first_seizure": r"\bfirst(?:[- ]ever)? (?:seizure|fit|convulsion)|\bnever had (?:a )?(?:seizure|fit) before|"
    r"\bno (?:history|hx) of (?:epilepsy|seizures)",
    "unconscious": r"\b(?:he|she|they|baby|mum|dad|mom)\b (?:is |are )?(?:not|doesn'?t|does not|won'?t|can'?t) wak(?:"
    r"e|ing)(?: up)?+\b(?! (?:at night|in the night|for (?:feeds|the toilet)|early|refreshed|until|till|before|on"
    r" time))|\b(?:he|she|they|it)'?s? (?:not|doesn'?t|does not|won'?t|isn'?t|is not) (?:answer|respond|react)"
    r"(?:ing)?\b(?! to (?:treatment|antibiotics|medication|the (?:meds|medicine|treatment)))|\bonly breath\w* wit"
    r"h (?:a )?noise|\bnoisy breathing and (?:not|unresponsive)|\bunconscious\w*|\bunresponsive|\bnot responding|"
    r"\bnon[- ]?responsive|\bunrousable|\bunarousable|"
    r"\bwon'?t wake(?: up)?|\bcan'?t (?:be )?(?:wake|woken|roused|rouse|wake (?:him|her|them))(?: up)?|\bcannot (?:be )"
    r"?"
    r"(?:woken|roused|wake (?:him|her|them))|\bnot (?:waking|rousable|arousable|breathing)|\bstopped breathing|"
    r"\bno pulse|\bpulseless arrest|\bcardiac arrest|\bcollapsed and (?:isn'?t|is not|not) (?:breathing|responding|"
    r"moving)|\bhasn'?t (?:come round|woken|regained consciousness)|\bcomatose|\bcoma\b|\bresponds only to pain|"
    r"\bavpu\s*(?:=|:)?\s*[pu]\b|\b(?-i:CPR)\b|\bunconcious"
    r"|\b(?:doesn'?t|does not|didn'?t|did not|not|won'?t|wont|will not) respond(?:ing)? to (?:voice|touch|shaking|pain|"
    r"anything)\b|\b(?:doesn'?t|does not|didn'?t|did not|not|won'?t|wont|will not) respond(?:ing)? (?:to (?:me|us|anyon"
    r"e|him|her) )?at all\b"
    r"|\b(?:and|but|still|is|she|he|they|baby) (?:is )?not wak(?:e|ing) up\b(?! (?:at night|in the night|for feeds|earl"
    r"y|refreshed|until|till|on time))"
    r"|\bonly (?:groans|moans|responds|reacts|grunts|flinches) (?:when|to|if) (?:i |you |we )?(?:pinch|pain|squeeze|pr"
    r"ess|rub)",
    "altered_mental": r"\b(?:isn'?t|is not|isnt|not|stopped) making (?:any )?sense|\b(?:speak|talk)\w* (?:strange|fun"
    r"ny|nonsense|weird)|\bsleep\w* all (?:the )?time|\bconfus\w*|\b(?:not|doesn'?t|didn'?t|does not|did not|can "
    r"?not|can'?t) recogni[sz]e|\bnot "
    r"answering (?:good|properly|right|questions|normally)|\bnot responding (?:properly|normally|well)|\bcan ?not wake "
    r"(?:up )?(?:good|properly|well)|\bdisorient\w*|(?<!least )(?<!less )(?<!non-)\bdrows\w*|\bobtund\w*|\bnot making s"
    r"ense|\btalking nonsense|"
    r"\bagitat\w*|\bdelirium|\bdelirious|\baltered (?:mental|conscious\w*|mentation|sensorium|behaviou?r)|\blethargic|"
    r"\bvery sleepy|\bhard to (?:wake|rouse)|\bsemi[- ]?conscious|\bnot (?:himself|herself|with it|acting right)|"
    r"\bslurr\w*|\bincoherent|\bunresponsive|\bunconscious|\bcan'?t (?:be )?woken|\bstrange behaviou?r|\bbizarre "
    r"behaviou?r|\bfloppy|\bgcs (?:of )?(?:[3-9]|1[0-4])\b|\bpassed out"
    r"|\btalking (?:rubbish|gibberish|nonsense)|\b(?:she|he|they|mum|mom|dad|nan|grandma|grandad|grandpa|patient|pt|is|"
    r"was|are|s)\b (?:still )?not (?:really )?mak(?:e|ing) (?:any )?sen[sc]e|\bstaggering",
    "loc": r"\b(?-i:LOC|LoC)\b|\bloss of consciousness|\blost consciousness|\bknocked (?:out|unconscious)|\bblacked out"
    r"|"
    r"\bpassed out|\bwas out (?:cold|for)|\bunconscious|\bk\.?o\.?'?d\b",
    # --- infection -----------------------------------------------------------------------------------------------
    "sepsis_explicit": r"\bsepsis\b|\bseptic\b(?! (?:arthritis|joint|bursitis|screen negative))|\burosepsis|"
    r"\bseptic shock|\bneutropenic (?:sepsis|fever)|\bfebrile neutropeni\w*|\bred flag sepsis|\bmeningococcal septic",
    "fever": r"\b(?:feels?|is|was|felt|very|so|really|burning) hot\b|(?<!hay )\bfever\w*|\bfebrile|\bpyrex\w*|\bhigh (?"
    r":temp(?:e"
    r"rature)?|fever)|\btemperature\b|\bhot to (?:the )?touc"
    r"h|"
    r"\bburning up|\brigou?rs?\b|\bshivering|\bfeverish|\btemp (?:of )?(?:3[89]|4[01]|1[01]\d)",
    "chemo": r"\bchemo\w*|\bon (?:treatment|immunotherapy) for (?:cancer|leukaemia|lymphoma)|\bneutropeni\w*|"
    r"\bleuk(?:a)?emia|\bafter (?:his|her|my) (?:last )?(?:cycle|infusion)|\bcycle \d+ of",
    "hypotension": r"\b(?:blood )?pressure (?:is |was |very |really |so |too |dropping |dropped |has dropped |"
    r"went |gone |now )*(?:low|down|dropping|falling)\b|\blow blood pressure|\bhypotensi\w*|\bin shock\b|\bshocked\b",
    "mottled_skin": r"\bmottl\w*|\bskin (?:is |looks )?(?:grey|blue|ashen|pale and cold)|\bcold (?:hands and feet|perip"
    r"heries)"
    r"|\bnot passed urine|\bno urine (?:for|in|since)|\bhasn'?t (?:peed|passed urine|wee'?d)|\blactate (?:of )?(?:[4-9]"
    r"|1\d)"
    r"|\b(?:knees|skin|legs|arms|hands|feet) (?:\w+ ){0,2}blotchy|\bblotchy (?:purple|blue|grey|gray)|\bhasn'?t had a "
    r"(?:wee|pee)|\bnot (?:had|done) a (?:wee|pee)|\bno (?:wee|pee) since",
    # --- allergy / airway / breathing ----------------------------------------------------------------------------
    # an auto-injector used now is an emergency; one mentioned for a renewal or a care plan is not
    "anaphylaxis_explicit": r"\banaphyla\w*|\bana(?:ph|f)(?:[iy]|a)la?x\w*|\ballergic shock|\b(?:used|gave|given|give|"
    r"giving|injected|jabbed|adminis"
    r"tered|needed|needs|used up) (?:\w+ ){0,3}?(?:epi[- ]?pens?|jext|emerade|adrenaline|epinephrine|auto-?injector)|\b"
    r"("
    r"?:epi[- ]?pens?|jext|emerade|adrenaline|epinephrine)\b(?: auto-?injector| pen)? (?:was |were |has been |had to be"
    r" "
    r")?(?:given|used|administered|injected|im\b)",
    "airway_swelling": r"\btoung?e (?:feels? |is |went )?(?:huge|swollen|thick|big)|\b(?:throat|tongue|lips?|face|mou"
    r"th|airway|uvula)\b (?:is |are |was |were |feels? |felt |"
    r"has |have |started |starting |began )?(?:swell\w*|swollen|tight\w*|closing|closing up|puff\w*|huge|thick)|"
    r"\bswell\w* (?:of|in|to) (?:the |my |his |her )?(?:throat|tongue|lips?|face|mouth)|\bangio-?o?edema|"
    r"\bthroat (?:is )?closing|\bcan'?t swallow|\bdifficulty swallowing (?:saliva|spit)|\bdrooling|\bstridor|"
    r"\bhoarse (?:voice|and)|\bvoice (?:is )?(?:hoarse|changed|muffled)"
    r"|\b(?:can ?not|cannot|unable to|could ?n[o']t|couldn'?t|not able to) swallow\b(?! (?:big |large |the |my |these )"
    r"?"
    r"(?:tablets?|pills?|capsules?))"
    r"|\b(?:face|lips?|tongue|throat|mouth)\b (?:is |are |was |were |became |become |went |got |gone )?(?:very |so |rea"
    r"lly )?"
    r"(?:big|fat|blown up)\b",
    "allergen": r"\bsting\w*|\bstung|\bbee\b|\bwasp|\bhornet|\bpeanuts?|\bnuts?\b|\bshellfish|\bprawns?|\bsesame|"
    r"\ballerg\w*|\bafter (?:eating|taking|starting|the (?:injection|infusion|antibiotic|contrast|vaccine))|\bpenicilli"
    r"n|"
    r"\bamoxicillin|\bantibiotic|\bcontrast|\bvaccin\w*|\bhives|\burticari\w*|\bwheals?|\bitchy (?:rash|lumps|welts)|"
    r"\bwelts",
    "urticaria": r"\bhives|\burticari\w*|\bwheals?\b|\bwelts|\bitchy (?:rash|lumps|welts|bumps)|\braised itchy",
    "allergy_severe": r"\bwheez\w*|\bdifficulty breathing|\btrouble breathing|\bcan'?t breathe|\bbreathless|"
    r"\bshort(?:ness)? of breath|\b(?-i:SOB)\b|\bfaint\w*|\bcollaps\w*|\bdizzy|\blight[- ]?headed|\bpassed out|"
    r"\bfloppy|\bpale and (?:floppy|clammy)|\bblood pressure (?:dropp\w*|low)|\bhypotens\w*|\bstridor|\bthroat|"
    r"\btongue|\blips? (?:swell|swollen)"
    r"|\bnois\w* breath\w*|\bbreath\w* (?:is |was )?(?:making (?:a )?)?(?:noise|noisy|whistl\w*|squeak\w*)",
    "severe_breathing": r"\b(?:can'?t|cannot|can ?not|unable to) (?:finish|complete|get out) (?:a |one |my |his |her "
    r")?(?:full |whole )?sentences?|\b(?:can ?not|can'?t|cannot|unable to) (?:talk|speak)\b(?! (?:to|about|with|e"
    r"nglish|properl"
    r"y|clearly|right))|\blips (?:become|became|gone|turned|turning) (?:grey|gray|blue|purple)|\b(?:blue |brown )"
    r"?(?:pump|puffer|inhaler) (?:is )?(?:not|no|does not|doesn'?t) help|\bchest (?:has )?(?:gone |is |went )?(?:"
    r"quiet|silent)|\bbreath\w* with (?:the )?(?:shoulders|stomach|tummy|belly)|\bcan'?t breathe|\bcannot breathe"
    r"|\bunable to breathe|\bnot able to breathe|\bcan ?not breath"
    r"e?\b|"
    r"\bcan'?t (?:get|catch) (?:my|his|her|their|a) breath|\bgasping|\bfighting (?:for|to) breath|\bstruggling to "
    r"breathe|\bunable to (?:speak|talk|complete|finish) (?:in )?(?:full |whole |complete )?(?:sentences|words)|"
    r"\bcan'?t (?:speak|talk|finish|get) (?:in )?(?:full |whole |more than (?:a )?(?:few|one|two) )?(?:sentences|words)"
    r"|"
    r"\b(?:one|single|two|few)[- ]word (?:sentences|answers)|\btoo breathless to (?:talk|speak|eat|walk)|\bsilent chest"
    r"|"
    r"\bblue lips|\blips (?:are |were |look |turning |went |going )?(?:blue|grey|purple)|\bcyanos\w*|\bcyanotic|"
    r"\bturning blue|\bgoing blue|\btripod\w*|\b(?:inhaler|reliever|ventolin|salbutamol|albuterol|nebuli[sz]er)\w* "
    r"(?:is |are )?(?:not|isn'?t|aren'?t|doesn'?t|don'?t|didn'?t|did not|does not|has not|hasn'?t|no longer) "
    r"(?:working|helping|help|work|touching)|\bresp(?:iratory)? failure|\brespiratory arrest|\bexhaust\w* (?:from|with)"
    r" "
    r"breathing|\btiring (?:out|from breathing)|\blife[- ]threatening asthma|\bacute severe asthma|\bnear[- ]fatal|"
    r"\bpeak flow (?:of |is |was )?(?:<|less than|under|below) ?(?:33|50)|\bpef(?:r)? (?:<|less than) ?33|"
    r"\b(?:intercostal|subcostal|sternal|tracheal) (?:recession|retraction|tug)|\bhead bobbing|\bnasal flaring|"
    r"\bgrunting|\bchoking|\bstridor|\bsomething stuck in (?:his|her|my|their) throat|\bairway (?:obstruct|compromis)\w"
    r"*"
    r"|\blips (?:are |were |look |looks |turning |went |going )?(?:bluish|blueish|grey|gray|blue)"
    r"|\b(?:inhaler|puffs?|pump|nebuli[sz]er)\b (?:\w+ ){0,3}(?:did|does|do|has done|is doing) nothing|\bbarely breath"
    r"ing",
    # --- bleeding ------------------------------------------------------------------------------------------------
    "haematemesis": r"\bha?ematemesis|\b(?:vomit\w*|throw\w* up|threw up|being sick|puk\w*|brought up|bringing up|sick "
    r"(?:up|with)) (?:\w+ ){0,4}(?:blood|bright red|dark red|clots)|\bcoffee[- ]ground\w*|\bblood in (?:his|her|my|the)"
    r" "
    r"vomit|\bbloody vomit|\b(?:upper )?(?-i:GI|GIT|UGI)\b ?(?:bleed|haemorrhage|hemorrhage)|\bvariceal (?:bleed|"
    r"haemorrhage|hemorrhage)|\bbleeding varices|\bupper gi bleed|\bbleeding (?:stomach|duodenal) ulcer"
    r"|\bvomit\w* (?:\w+ ){0,3}(?:like )?coffee|\bcoffee[- ]?(?:like|colou?red) vomit|\b(?:vomit\w*|threw up|thrown up"
    r"|brought up) (?:\w+ ){0,6}(?:blood|bright red|dark red|clots)\b",
    "melaena": r"\bmela?ena\b|\bmela?ena\w*|\bblack,? (?:sticky,? |tarry,? |tar-like,? |smelly,? )*(?:stools?|poo+s?|po"
    r"op|"
    r"motions?|bowel motions?|faeces|feces|diarrh\w*)|\btarry (?:black )?(?:stools?|poo|motions)|\b(?:stools?|poo+|poop"
    r")"
    r" (?:is |are |was |were |looks? |looked |has been |have been )?(?:black|jet black|like tar|tarry|dark and sticky)"
    r"|\bblack like tar|\b(?:like|as black as) tar\b|\btar-?like\b|\b(?:toilet|poo+|poop|stools?|motions?) (?:is|are|"
    r"was|were|looks?|looked|turned|gone|went|became|come out|came out|has been|have been) (?:\w+ )?(?:black|like tar)"
    r"|\bblack\b[^.]{0,25}\btar\b|\btar\b[^.]{0,25}\b(?:poo+s?|poop|stools?|motions?)\b|\btar[- ]like\b"
    r"|\b(?:stools?|poo+s?|poop|motions?) (?:is |are |was |were |also |too |all |now |have been |has been )+(?:black|j"
    r"et black|like tar|tarry)",
    "lower_gi_heavy": r"\b(?:heavy|large amounts? of|lots of|loads of|a lot of|massive|profuse) (?:dark |bright |fres"
    r"h )?(?:red )?blood (?:from|out of|per) (?:the |my |his |her )?(?:rectum|back passage|bottom|bum|anus)|\bfil"
    r"l\w* the (?:toilet|pan|bowl)|\b(?:heavy|large amounts? of|lots of|a lot of|massive|profuse|continuous|fresh"
    r"|bright red) "
    r"(?:rectal )?(?:bleed\w* |blood )?(?:from|per|pr|out of) (?:the |my |his |her )?(?:rectum|back passage|bottom|"
    r"bum|anus)|\b(?:pr|rectal) bleed\w* (?:heavy|large|massive|with clots)|\bfilling the (?:toilet|pan|bowl) with "
    r"blood|\b(?:toilet|pan|bowl) (?:was |is )?full of (?:(?:dark|bright|fresh|red|maroon) ){0,2}blood|"
    r"\bpassing (?:large )?(?:blood )?clots"
    # 10.4.0: "large amounts of bright red blood PR", "large-volume fresh maroon blood PR x4" (a clinician's PR after)
    r"|\b(?:heavy|large amounts? of|lots of|loads of|a lot of|massive|profuse|large[- ]volume) (?:(?:fresh|bright|red|"
    r"dark|maroon|frank|altered)[ -]){0,2}blood (?-i:PR)\b"
    r"|\b(?:passing|passed|pass\w*|lots of|large amounts? of|loads of|a lot of|heavy|massive|profuse)\b[^.]{0,40}\bblo"
    r"od\b[^.]{0,30}\b(?:from|out of|per) (?:the |my |his |her )?(?:rectum|back passage|bottom|bum|anus|behind)\b",
    "gi_bleed_explicit": r"\b(?:lower |upper )?(?-i:GI|GIT)\b bleed|"
    r"\bgastrointestinal (?:bleed|haemorrhage|hemorrhage)",
    # blood from below, any amount: an emergency only with collapse or shock (lower_gi_heavy is one on its own)
    "rectal_blood": r"\bblood\b[^.]{0,30}\b(?:from|out of|per) (?:the |my |his |her )?(?:rectum|back passage|bottom|bum"
    r"|"
    r"anus|behind)\b|\b(?:rectal|pr|(?-i:PR)) (?:bleed\w*|blood)|\bbleed\w* from (?:the |my |his |her )?(?:rectum|back "
    r"p"
    r"assage|bottom|bum|anus|behind)|\bha?ematochezia|\bbloody (?:stools?|diarrh\w*|poo+s?|motions?)|\b(?:stools?|poo+s"
    r"?"
    r"|motions?) (?:full of|with (?:lots of )?|mixed with) blood"
    r"|\bpoo\w* with (?:much |lots of |a lot of |so much )?blood",
    # a collapse, not just dizziness: what turns a bleed into an emergency
    "collapsed": r"\bfaint(?:ed|ing|s)\b|\bcollaps\w*|\bpassed out|\bblack(?:ed)? out|\bsyncop\w*|\blos[et] (?:her |"
    r"his |my )?consciousness|\bnearly (?:fainted|passed out|collapsed)|\balmost (?:fainted|passed out|collapsed)",
    "syncope": r"\bfaint\w*|\blos[et] (?:her |his |my )?consciousness|\bfall down|\bfell (?:down|over)|\bvery pale and "
    r"(?:cold|sweaty|clammy)|\bsyncop\w*|\bpresyncop\w*|\bpre-syncop\w*|\bnearly (?:fainted|passed out|collapsed)|\balm"
    r"ost "
    r"(?:fainted|passed out|collapsed)|\bnear[- ]?(?:faint\w*|syncop\w*)|\bpassed out|\bcollaps\w*|\bdizz\w*|"
    r"\blight[- ]?headed\w*|\bblack(?:ed|ing)? out|\bgreying out|\bgrey(?:ed)? out|\bwoozy|\bgoes dizzy|\bstood up and",
    "small_amount": r"\b(?:streaks?|flecks?|specks?|spots?|tiny (?:amount|bit)|small (?:amount|bit|streak|spot|fleck)|"
    r"a little|a trace|traces|a few (?:streaks|flecks|specks|spots|drops)|one drop|a drop|streaky|blood[- ]streaked|"
    r"blood[- ]stained)\b",
    "iron_or_bismuth": r"\bblack pudding|\biron (?:tablets|supplements?|pills)|\bferrous|\bbismuth|\bpepto|\bliquorice|"
    r"\blicorice|"
    r"\bblueberr\w*|\bbeetroot|\bactivated charcoal",
    "haemoptysis_massive": r"\b(?:cough\w*|hack\w*|spit\w*|bring\w* up|brought up)\s+(?:up\s+)?(?:a |an )?(?:lot of|lot"
    r"s of|"
    r"large (?:amounts?|volumes?|quantities) of|cups? (?:of|full of)|cupfuls? of|mouthfuls? of|a mouthful of|glass(?:es"
    r")? "
    r"of|handfuls? of|pure|frank|fresh|bright red|massive amounts of|so much|clots of|big clots of|half a cup of|"
    r"tablespoons? of|\d+\s*(?:ml|mls|millilit\w*) of)\s*(?:\w+ )?(?:blood|clots)|\bmassive ha?emoptysis|"
    r"\b(?:large|major|significant|life[- ]threatening|heavy|frank|brisk) (?:volume )?ha?emoptysis|\bha?emoptysis "
    r"(?:of )?(?:>|over|more than|about|around)?\s*\d{2,4}\s*(?:ml|mls|cc)|\bcoughing up (?:clots|blood clots)|"
    r"\bha?emoptysis.{0,40}(?:cupful|mouthful|cup|\d{3}\s*ml)",
    "cough_blood": r"\bcough\w*\b[^.]{0,40}\bblood\b|\bha?emoptysis|\bblood (?:\w+ ){0,3}(?:when|while) (?:\w+ )?"
    r"cough",
    "large_volume": r"\b(?:cups?|glass|glasses|mugs?|pints?|bowls?|egg ?cups?)\b|\b(?:glass|cup|mug|bowl|basin|bucket)("
    r"?:ful| full)|\bcupfuls?|\bmouthfuls?|\bhandfuls?|"
    r"\b(?:so much|very much|much|lots of|a lot of|large amounts? of|big amounts? of|plenty of|loads of) (?:\w+ )?blood"
    r"|"
    r"\b\d{3}\s*(?:ml|mls|cc)\b|\bpint|\bmassive|\bfrank blood|\bpure blood|\bclots",
    # --- metabolic -----------------------------------------------------------------------------------------------
    "dka_explicit": r"\b(?-i:DKA|dka)\b|\bdiabetic keto\w*|\bketoacidosis|\b(?-i:HHS|HONK|HHNK)\b|\bhyperosmolar|"
    r"\beuglyc(?:a)?emic (?:dka|keto\w*)",
    "diabetes": r"\bdiabet\w*|\b(?:type ?1|t1dm?|t2dm?|type ?2|iddm|niddm)\b|\binsulin|\bmetformin|\bgliclazide|"
    r"\bsglt-?2|\bdapagliflozin|\bempagliflozin|\bcanagliflozin|\bglucose meter|\bblood sugars?|\bsugar(?:s)? "
    r"(?:is|are|was|were|reading)|\bgluco\w*|\b(?-i:BM|CBG)\b",
    "ketones_high": r"\bketones? (?:of |is |are |at |was |:)?\s*(?:[3-9]|\d\d)(?:\.\d+)?\b|\bketones? (?:\+\+\+|\+\+|"
    r"high|very high|large|raised)|\b(?:high|large|moderate|raised) (?:blood )?ketones|\bbg hi\b|\b(?:sugar|meter|"
    r"glucose|bm) (?:says |reads |reading |is )?hi\b"
    r"|\b(?:sugar|meter|glucose|bm|monitor|libre|glucometer)\b (?:\w+ ){0,2}(?:says?|reads?|reading|is|shows?|showing|"
    r"displays?) '?hi\b",
    "acidosis": r"\bph (?:of |is |was |:)?\s*(?:6\.\d+|7\.[0-2]\d*)\b|\b(?:hco3|bicarb(?:onate)?)\s*(?:of |is |was |:)?"
    r"\s*"
    r"(?:[0-9]|1[0-4])(?:\.\d)?\b|\bacidosis|\bacidotic",
    "ketones": r"\bketon\w*|\bketotic|\bfruity (?:breath|smell)|\bpear ?drops?|\bnail varnish|\bacetone (?:breath|smell"
    r")"
    r"|\bsweet[- ]smelling breath|\bbreath smells? (?:sweet|fruity)|\bkussmaul|\bdeep,? (?:rapid|sighing|gasping) "
    r"breath\w*|\bbig deep breaths|\bph (?:of )?(?:6\.\d|7\.[0-2])\d*\b|\bbicarb(?:onate)? (?:of )?(?:[0-9]|1[0-4])\b",
    "dka_symptom": r"\bvomit\w*|\bbeing sick|\bthrowing up|\babdominal pain|\btummy (?:pain|ache)|\bstomach (?:pain|ach"
    r"e)"
    r"|\bbelly (?:pain|ache)|\bdrows\w*|\bconfus\w*|\bbreathing (?:fast|rapid|deep|heavily)|\brapid breathing|"
    r"\bdehydrat\w*|\bvery thirsty|\bextreme thirst|\bkussmaul|\blethargic|\bexhausted|\bweak and"
    r"|\bpuk\w*|\bbreathing (?:\w+ ){0,3}(?:deep|fast|heavily)|\bbreathing like (?:he|she|they|i)(?:'s|'d| has| had| h"
    r"ave)? (?:just )?(?:run|been running)",
    "hypo_symptom": r"\bsweat\w*|\bshak(?:ing|y)|\btrembl\w*|\bclammy|\bpale and (?:sweaty|clammy)",
    "hypo_explicit": r"\bhypo\b|\bhypos\b|\bhypoglyc\w*|\blow (?:blood )?sugars?|\bsugar (?:is |was |went |dropped )?"
    r"(?:very )?low|\blow (?:blood )?glucose|\bglucose (?:is |was )?(?:very )?low|\bbm (?:is |was )?low",
    # --- self-harm -----------------------------------------------------------------------------------------------
    "overdose_taken": r"\b(?:pills?|tablets?|medicine|meds) (?:bottles?|packets?|boxes) (?:is |are |was |were )?(?:al"
    r"l )?empty|\bempty (?:pill |tablet |medicine )?(?:bottles?|packets?|blister packs?) (?:next to|beside|by|aro"
    r"und|near)|\b(?:take|takes|did take|has take)\b (?:\w+ ){0,2}?(?:all (?:of )?(?:the|my|his|her|their)|ab"
    r"out \d\d|[2-9]\d) (?:\w+ ){0,4}?(?:pills?|tablets?|tabs|capsules?|meds|medications?|medicines?|paracetamol|"
    r"co-codamol|codeine|ibuprofen|aspirin|sleeping tablets|sleeping pills|insulin)|\bafter (?:taking |swallowing"
    r" |having )?" + _BIG_NUMBER + r" (?:\w+ ){0,2}?" + _PILLS + r"|\b"
    r"(?:[2-9]\d|\d{3}) (?:\w+ ){0,2}?"
    + _PILLS
    + r" (?:\S+ ){0,3}?(?:ago|this morning|last night|earlier today|at lunchtime|this afternoon|tonight)|"
    r"\b\b(?:has |have |had |just |'ve |'s |i |he |she |they |we |deliberately |intentionally "
    r"|accidentally )?(?:took|taken|swallowed|downed|ingested|consumed|necked|had) (?:\w+ ){0,3}?"
    + _BIG_NUMBER
    # "30 of my mum's sleeping tablets"; not a dose or a course ("50 mcg of my", "28 days of my"); grams stay
    # ("took 15 g of paracetamol" is an overdose)
    + r"(?!\s*(?:mg|mcg|µg|micrograms?|ml|units?|days?'?|weeks?'?|months?'?|years?)\b) (?:[\w']+ ){0,4}?"
    + _PILLS
    + r"|\b(?:took|taken|swallowed|ingested) (?:an? |the )?(?:whole|entire|full) "
    r"(?:bottle|box|pack|packet|strip|tub)|\b(?:took|taken|take|swallowed|had) an overdose|\boverdosed\b|"
    r"\b(?:has|have|had|i'?ve|she'?s|he'?s|they'?ve|just) (?:\w+ )?(?:od['’]d|o\.d\.['’]?d|overdosed)|\bod['’]d\b|"
    # 9.0.0: "OD'd" written "odd" only straight after a person or "just", or before "on"/"again" ("he odd on
    # heroin", "just odd on my meds"); not "the odd headache", "taste is odd", "had odd palpitations", "odd-looking"
    r"\b(?:he|she|they|i|just) odd(?![\w-])|\bodd (?:on|again)\b|"
    r"\bod(?:ed)? on\b|\b(?:intentional|deliberate|delibrate|staggered|massive|mixed|large|suspected|"
    r"polypharmacy) (?:drug )?(?:overdose|ingestion|self[- ]poisoning|od)\b|\bself[- ]poison\w*|\b(?-i:DSH|DSP|IOD)\b|"
    r"\b(?:drank|drunk|drink|drinks|swallowed|swallow|ingested|took|ate|eat) (?:some |a |the |a bottle of |a cup of )"
    r"?(?:bleach|antifreeze|"
    r"weed ?killer|paraquat|pesticide|rat poison|methanol|ethylene glycol|drain cleaner|dishwasher (?:tablet|liquid|p"
    r"od|detergent)|laundry (?:pod|capsule)|caustic|oven cleaner|"
    r"(?:a |the )?button batter\w*|magnets)|\boverdose (?:on|of) (?:\d+|all|her|his|my)|\bswallowed (?:\w+ ){0,2}"
    r"(?:pills|tablets)\b.{0,40}\b(?:to (?:die|end|kill)|on purpose|deliberately)|"
    r"\bpoisoned (?:himself|herself|myself)"
    r"|\b(?:took|taken|swallowed|ate|eaten|had) (?:\w+ ){0,2}?(?:many|lots of|loads of|a lot of|a handful of|handfuls "
    r"of) (?:\w+ ){0,3}?(?:pills?|tablets?|tabs|capsules?|meds|medicines?)\b[^.]{0,80}?\b(?:all (?:of )?the (?:box|bot"
    r"tle|pack|packet|strip)|whole (?:box|bottle|pack|packet|strip)|ago|empty)",
    "suicidal": r"\bwants? (?:to )?die\b|\bdon'?t want (?:to )?live|\bdo not want (?:to )?live|\bsuicid(?:al|e attemp"
    r"t|e note|e plan)\w*|\b("
    r"?:commit|attempt(?:ed)?|thinking (?:about|of)) suicide|"
    r"\bkill(?:ing)? (?:my|him|her|them)sel(?:f|ves)|\bend(?:ing)? (?:my|his|her|their) (?:own )?life|\bend it all|"
    r"\btake (?:my|his|her|their) (?:own )?life|\bwant(?:s|ed)? to die|\bwish(?:es)? (?:i|he|she|they) (?:was|were) "
    r"dead|\bbetter off dead|\bbetter off without me\b|\b(?:he|she|they) (?:says?|said|thinks?|feels?|keeps? saying)"
    r" (?:\w+ ){0,4}better off without (?:him|her|them)\b|\bbetter off if (?:i|he|she|they) (?:was|were) (?:gone|dead)"
    r"|\bbetter off if (?:i|he|she|they) (?:wasn'?t|weren'?t) (?:here|around|alive)"
    r"|\bno (?:reason|point) (?:to|in) (?:live|living|going on)|\bnot worth living|\bdon'?t want "
    r"to (?:live|be alive|be here|wake up)|\bnot want to (?:live|be alive|be here|wake up)|\bno longer want to "
    r"(?:live|be alive|be here)|\bwon'?t be (?:here|around) (?:much longer|tomorrow|for long)|\bgoodbye (?:note|"
    r"letter)|\bsaying goodbye|\bsaid (?:her|his|my|their) goodbyes|\bgiv(?:ing|en) away (?:my|his|her|their) "
    r"(?:things|belongings|possessions)|\b(?-i:SI)\b (?:with|and) (?:plan|intent)|\bhang (?:my|him|her)self|"
    r"\bjump (?:off|from|in front of)|\bself[- ]harm\w*|\bcut(?:ting)? (?:my|his|her)sel(?:f|ves)|\bhurt(?:ing)? "
    r"(?:my|him|her)self"
    r"|\b(?:can ?not|cannot|can'?t) (?:continue|go on|carry on)(?: with)? (?:my |this )?(?:life|living)\b|\bcan'?t go "
    r"on (?:anymore|any more)\b(?! with)",
    # 10.4.0: lay words of a plan; crisis only beside a self-harm context (triage: a dosette box is counted out too)
    "suicide_plan_lay": r"\b(?:tablets|pills|meds) (?:\w+ ){0,2}counted out|\bcounted out (?:all )?(?:the |my )?(?:"
    r"tablets|pills|meds)|\beverything i need is (?:already )?(?:bought|ready|here)|\btonight\b[^.]{0,60}\bi(?:'ll| "
    r"will| am going to|'m going to) do it\b|\bhose ?pipe\b.{0,60}\b(?:car|exhaust)\b",
    "self_harm_context": r"\bsuicid\w*|\bkill (?:my|him|her)sel(?:f|ves)|\bend (?:it|it all|my life|things)\b|"
    r"\bnot (?:be )?(?:here|around) (?:any ?more|tomorrow)|\bgoodbye|\bletters? (?:written|for my|to my)\b|"
    r"\boverdos\w*|\bwant(?:ed)? to die|\bno point (?:in )?(?:living|going on|anything)|\btried (?:with|to)\b|"
    r"\battempt(?:ed)? (?:suicide|to (?:kill|end|take my))|\bdepress\w*|\bself[- ]harm\w*|\bhopeless",
    "suicide_plan": r"\b(?:pills|tablets|meds) (?:\w+ ){0,4}saved\b|\b(?:write|wrote|written|writing) (?:a )?(?:goodb"
    r"ye )?(?:notes?|letters?) (?:for|to) (?:my|the)|\b(?:going|gonna|plan(?:ning)?) to do it (?:tonight|today|to"
    r"morrow|this weekend|when)|\b(?:car|exhaust)\b.{0,40}\bhose|\bhose\b.{0,40}\b(?:car|exhaust)|\bideation with"
    r" (?:a |clear )?(?:plan|intent)|\bplan and intent|\bintent and plan|\bdate (?:chose"
    r"n|"
    r"set|picked)|\b(?:chosen|set|picked) (?:a |the )?date|\bplan(?:s|ned|ning)? (?:to|how to|on) (?:kill|end|overdose|"
    r"hang|jump|take|die|do it)|\b(?:saving|"
    r"saved|stockpil\w*|hoard\w*|collect\w*|stash\w*|storing|stored|kept|keeping|building up|squirrel\w*) (?:up )?"
    r"(?:all )?(?:[\w.]+ ){0,3}?"
    + _PILLS
    + r"|\b"
    + _PILLS
    + r" (?:[\w.]+ ){0,4}(?:stockpiled|saved up|hidden|hoarded|"
    r"stashed)|\bbought (?:a )?(?:rope|ligature)|\bwritten (?:a )?(?:note|letter|will)|\bwrote (?:a )?(?:note|letter"
    r"|will)|\bpicked (?:a|the) (?:date|day|bridge|spot)|\bknow(?:s)? (?:how|when|where) (?:i|he|she|they)(?:'ll| will|"
    r" would|'d) do it|\bhave (?:the|a) means|\bgot (?:the )?(?:pills|tablets|rope) ready"
    r"|\bi (?:will|'ll|am going to|'m going to|am gonna) (?:finish|end) (?:it|everything|my life)\b"
    # the means in hand (a noose; charcoal in a sealed car or room), a jump announced beside a height, a C-SSRS ideation
    # score of 4-5 (intent, plan); not a bare rope or ligature (surgery, skipping), nor a negative C-SSRS screen
    r"|\bnoose\b (?:\w+ ){0,2}?(?:bought|ready|tied|hidden)\b|\bcharcoal\b.{0,80}?\b(?:close|closed|seal|sealed|tape|"
    r"taped)\b.{0,30}?\b(?:car|doors|windows|tent|room)\b|\b(?:i'?m|i am|im|i will|i'll) (?:going |gonna )?(?:to )?"
    r"jump\b.{0,80}?\b(?:multi[- ]?stor(?:e)?y|car park|bridge|roof|top (?:floor|level)|cliff|balcony|tower|motorway)"
    r"|\b(?:multi[- ]?stor(?:e)?y|car park|bridge|roof|top (?:floor|level)|cliff|balcony|tower)\b.{0,120}?\b(?:i'?m|"
    r"i am|im|i will|i'll) (?:going |gonna )?(?:to )?jump\b|\bc-?ssrs\b[^.]{0,40}?\b(?:ideation (?:score )?)?[45]\b"
    r"|\b(?:saving|saved|stockpil\w*|hoard\w*|collect\w*|stash\w*) (?:up )?(?:all )?(?:[\w.]+ ){0,5}?(?:pills?|tablets?"
    r"|meds|medicines?|lithium|insulin|paracetamol|opioids?|sleeping pills|antidepressants?|\w+azepam|\w+pam)\b"
    r"|\b(?:i'?m|im|i am|i will|i'?ll) (?:\w+ )?(?:taking|take|swallow\w*) (?:it|them|the lot|everything) all tonight\b"
    r"|\b(?:goodbye|suicide) (?:letters?|notes?) (?:are|is|have been|has been) (?:all )?(?:written|done|ready)"
    r"|\brope\b[^.]{0,60}\b(?:hang|neck|noose|end it|before i go|goodbye)|\bnoose\b|\beverything (?:is )?ready\b[^.]{0"
    r",60}\b(?:before i go|goodbye|to end it|to die)",
    # --- obstetric -----------------------------------------------------------------------------------------------
    "preeclampsia_explicit": r"\bpre-?eclamp\w*|\beclamp\w*|\b(?-i:HELLP)\b|\bpet\b(?= (?:bloods|screen|symptoms|signs)"
    r")|"
    r"\bpre[- ]eclampsia|\btoxaemia of pregnancy",
    "pregnant_word": r"\bpregnan\w*|\bgravid|\bantenatal|\bexpecting (?:a|my|our|her) (?:baby|child)|\bwith child\b|"
    r"\b(?-i:G\d ?P\d)",
    # 10.2.0: "her flu test came back positive" is no pregnancy
    "early_pregnancy": r"\bpositive (?:test|result)\b.{0,20}\b\d{1,2} ?(?:weeks?|wks?)\b|\b(?:pregnancy )?test"
    r"(?<!flu test)(?<!covid test)(?<!-19 test)(?<!strep test)(?<!flow test)(?<!pcr test)(?<!antigen test)"
    r"(?<!swab test)(?<!blood test)(?<!stool test)(?<!drug test) (?:is|"
    r"was|came back|came out) positive|\b(?:positive|\+ve) (?:pregnancy|"
    r"preg|hcg|upt|home) test|\bpregnancy test (?:was |is |came back )?"
    r"positive|\b(?:missed|late) (?:my |her |a )?period|\bperiod (?:is|was) (?:\w+ ){0,2}late|\bfirst trimester|"
    r"\bearly pregnan\w*|\bbeta[- ]?hcg (?:of |is |was )?(?:positive|\d)|\bhcg (?:of |is |was )?(?:positive|\d)"
    r"|\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|a few|couple of) (?:weeks?|wks?|days?) late\b"
    r"|\b(?:positive|\+ve|\+) (?:pregnancy )?(?:test|upt|hcg|preg test)\b|\b(?-i:UPT) (?:\+|\+ve|positive|pos)\b"
    r"|\b(?-i:LMP)\b:? ?(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|1[0-5]) ?(?:/52|weeks?|wks?) ?ago"
    r"|\btest (?:was |is |came back )?(?:\w+ ){0,2}positive",
    "visual_disturbance": r"\bblurr\w* (?:vision|sight)|\bvision (?:is |was |went |has gone |got )?(?:blurr\w*|fuzzy|"
    r"funny|strange|dim|spotty|odd|double)|\bflashing lights|\bflashes\b|\bseeing (?:stars|spots|sparkles|flashing|"
    r"double|zigzags)|\bspots (?:in|before) (?:my|her|the) (?:eyes|vision)|\bvisual (?:disturbance|changes|symptoms|"
    r"aura|loss)|\bdouble vision|\bdiplopia|\bscotoma\w*|\bphotopsi\w*|\bloss of vision|\bvision loss|\bblind spots?"
    r"|\bsee\w* (?:stars|spots|sparkles|flashing lights|flashes)|\beyes? see\w* (?:stars|spots)",
    "oedema": r"\b(?:o)?edema\b|\boedema|\bswell\w* (?:of|in) (?:her|my|the) (?:face|hands|feet|ankles|legs|fingers|eye"
    r"s)"
    r"|\b(?:face|hands|feet|ankles|legs|fingers|eyes) (?:are |is |have |has |got |went |getting )?(?:very |really )?"
    r"(?:swollen|swelling|puffy|puffed)|\bpuffy (?:face|hands|feet|eyes)|\bswollen (?:face|hands|feet|ankles|fingers)|"
    r"\brings? (?:don'?t|no longer|won'?t) fit",
    "oedema_upper": r"\bswell\w* (?:of|in) (?:her |my |the |both )?(?:face|hands|fingers|eyes)|\b(?:face|hands|fingers|"
    r"eyes|eyelids) "
    r"(?:are |is |have |has |got |went |getting )?(?:very |really |suddenly )?(?:swollen|swelling|puffy|puffed)|"
    r"\bpuffy (?:face|hands|eyes)|\bswollen (?:face|hands|fingers)|\brings? (?:don'?t|no longer|won'?t) fit|"
    r"\bfacial (?:o)?edema|\bfacial oedema",
    "ruq_pain": r"\b(?-i:RUQ)\b|\bright upper quadrant|\bepigastric|\bupper (?:right )?(?:abdominal|tummy|belly|stomach"
    r") "
    r"pain|\bpain (?:under|below|beneath) (?:the |my |her )?(?:right )?ribs|\bpain (?:in|at) (?:the )?top of (?:my |her"
    r" )?"
    r"(?:tummy|stomach|belly)|\bright[- ]sided (?:upper )?(?:abdominal|tummy|rib) pain|\bheartburn",
    "severe_bp": r"\b(?:bp|blood pressure)\s*(?:of|is|was|:|=)?\s*(?:1[6-9]\d|2\d\d)\s*/|\b(?:1[6-9]\d|2\d\d)\s*/\s*"
    r"(?:1[1-9]\d|\d{2})\s*(?:mm\s*hg)?|\bproteinuria|\bprotein in (?:her|my|the) urine|\bprotein \+\+",
    "postpartum": r"\bpost-?partum|\bpost-?natal|\bjust (?:had|given birth)|\bgave birth|\bdelivered (?:\w+ ){0,3}"
    r"(?:days?|weeks?) ago|\b(?:days?|weeks?) after (?:giving birth|delivery|(?:her|my) (?:baby|c-section|caesarean))"
    r"|\b(?:had|have|got|gave birth to) (?:a |my |the |her )?baby (?:\w+ ){0,9}?(?:an? |one |\d+ |a few |two |three |f"
    r"our |five |six |seven )(?:hours?|days?|weeks?) ago|\bbaby (?:was )?born (?:\w+ ){0,2}(?:an? |\d+ |a few |two |th"
    r"ree )(?:hours?|days?|weeks?) ago",
    "ectopic_explicit": r"\bectopic|\btubal (?:pregnancy|rupture)|\bruptured (?:ectopic|tube)",
    "pelvic_pain": r"\bpain (?:\w+ ){0,2}(?:low )?(?:on|in) the (?:left|right)\b|\blow (?:belly|tummy|abdomen|stomach"
    r")|\bpain (?:\w+ ){0,5}?(?:left|right|one) side\b|\bpain (?:\w+"
    r" ){0,2}(?:on|in) (?:the |my |her )?(?:left|right|one) side\b|\b(?:lower )?(?:abdomina"
    r"l|tummy|belly|stomach|pelvic|groin) pain|\bpain in (?:my|her|the) (?:lower"
    r" )?"
    r"(?:abdomen|tummy|belly|stomach|pelvis)|\b(?:one|left|right)[- ]sided (?:\w+ )?pain|\b(?-i:LIF|RIF|LLQ|RLQ)\b|"
    r"\b(?:left|right) (?:iliac fossa|lower quadrant)|\bpain (?:in|on|at) (?:the |one |her |my )?(?:left |right )?side "
    r"of (?:the |her |my )?(?:belly|tummy|abdomen|stomach)|\bcramp\w*|\bsharp pain (?:low )?(?:down|in)",
    "ectopic_feature": r"\bshoulder\b (?:\w+ ){0,2}(?:hurts?|pain\w*|ache\w*)|\bvery strong|\bstrong pain|\bvery bad|\b"
    r"really bad|\bterrible|\bfell\b|\bfall (?:down|in|over)|\bcollaps\w*|\bvery pale|"
    r"\bshoulder[- ]?tip|\bshoulder pain|"
    r"\bfaint\w*|\bdizz\w*|\bcollaps\w*|\blight[- ]?headed|"
    r"\bpassed out|\bsevere\b|\bexcruciating|\bunbearable|\bworst pain|\bpain (?:on|when) (?:poo|opening (?:my|her) "
    r"bowels)|\bha?emodynamically unstable|\bperitoni\w*",
    # a cord felt or seen after the waters break: RCOG Green-top 50 (umbilical cord prolapse), an emergency at home
    "cord_prolapse": _CORD_PROLAPSE,
    # --- surgical ------------------------------------------------------------------------------------------------
    "testicular_pain": r"\btesticular (?:pain|swelling|torsion)|\btesticles? (?:pain|is |are |hurts?|swollen)|\b(?:pain"
    r"|"
    r"swelling|ache) (?:in|of) (?:his|my|the|one|a|left|right) (?:\w+ ){0,3}(?:testicles?|testis|testes|balls?|nuts?|"
    r"scrotum)|\bscrotal (?:pain|swelling)|\b(?:balls?|nuts?|testicles?|testis|scrotum) (?:\w+ ){0,2}(?:pain\w*|"
    r"hurts?|hurting|agony|swollen|killing)|\btorsion\b"
    r"|\b(?:private parts?|privates|groin)\b[^.]{0,30}\btestic\w*|"
    # 10.2.0: a boy holding himself, "says one side hurts" (the word "PE" next to it used to fire, for PE lessons)
    r"\b(?:holding|clutching|grabbing|cupping|gripping) (?:his|my|their) (?:privates|private parts?|balls|crotch|nuts)"
    r"\b[^.]{0,60}?\b(?:one side|(?:the )?left one|(?:the )?right one)\b|"
    r"\btesticles?\b[^.]{0,30}\b(?:pain\w*|hurt\w*|agony|swollen)",
    "torsion_feature": r"\bthr[eo]w\w* up|\bpuk(?:e|ed|ing)\b|\bspew\w*|\bwoke (?:him |me )?(?:up )?(?:at|with|"
    r"in the night)|\bpulled up|\briding high|\bsudden\w*|\bsevere\w*|\bexcruciating|\bagony|\bvomit\w*|\bbeing sick|"
    r"\bthrowing up|\bnause\w"
    r"*|"
    r"\bhigh[- ]?riding|\bsits? higher|\bhorizontal lie|\bwoke (?:him |me )?(?:up )?(?:from sleep|at night|"
    r"with)|\bwoken|\babsent cremaster\w*|\btorsion|\bcan'?t walk|\b\d+ (?:hours?|hrs?) ago|\bthis morning"
    r"|\bbeen sick\b|\bwas sick\b|\bstarted (?:\w+ ){0,2}(?:an? |one |\d+ )(?:hour|hours|hrs?|minutes?) ago|\bscream\w"
    r"*",
    # an examination finding that means torsion until proven otherwise, whatever words surround it
    "cremasteric_absent": r"\bcremasteric (?:reflex )?(?:is )?(?:absent|negative|lost|not elicited)|\b(?:absent|no|lo"
    r"st) cremasteric",
    # both legs failing: with back pain, cauda equina or spinal cord compression (NHS: call 999)
    "legs_weak": r"\bboth legs? (?:are |is |very |going |gone |feel |feels |now |suddenly )*(?:weak|numb|heavy|giving "
    r"way|not working)|\bbilateral (?:leg )?(?:weakness|numbness)|\blegs (?:are |is )?(?:going |gone |now |suddenly )?("
    r"?:weak|numb|wobbly|giving way|not working)|\bno feeling in (?:his |her |my |the |both )?legs|\b(?:can ?n"
    r"ot|cannot|can'?t|unable to) feel (?:my|his|her) legs\b|\b(?:can ?not|cannot|can'?t) feel (?:anyt"
    r"hing )?below (?:the |my |his |her )?(?:belly button|waist|chest|nipples?|ribs|hips?)|\bsensory level",
    # polyuria, polydipsia, weight loss: new diabetes in a child presenting as DKA
    "osmotic": r"\bdrink\w* (?:loads|lots|constantly|all the time|so much|non ?stop|litres)|\b(?:always|very|so|extre"
    r"mely) thirsty|\b(?:wee|pee|urinat)\w* (?:all the time|loads|constantly|a lot|so much|every hour)|\bpolyuri\w*|"
    r"\bpolydipsi\w*|\blost (?:a lot of |loads of )?weight|\bweight loss",
    # a ruptured abdominal aortic aneurysm: a pulsating mass in the abdomen
    "aaa_sign": r"\b(?:throbbing|pulsating|pulsatile|beating|pulsing) (?:lump|mass|swelling)|\b(?:lump|mass|swelling) ("
    r"?"
    r":\w+ ){0,3}(?:throbbing|pulsat\w*|beating|pulsing)|\bsomething (?:is )?(?:beating|throbbing|pulsing)\b|\b(?-i:AAA"
    r")"
    r"\b|\babdominal aortic aneurysm|\baortic aneurysm",
    "heat_exposure": r"\bheat ?stroke|\bheat exhaustion|\b(?:in|out in|under) the (?:sun|heat)\b|\bheat ?wave|\bhot (?:"
    r"h"
    r"ouse|flat|car|room|weather)|\bno (?:ac|a/c|air ?con\w*|fan)\b|\bsauna|\boverheat\w*|\bhyperthermi\w*",
    # confusion proper (not sleepiness or lethargy): what makes heat exposure an emergency
    "confusion": r"\bconfus\w*|\bdisorient\w*|\bdelirious|\bnot making sense|\btalking (?:rubbish|gibberish|nonsense)|"
    r"\bstaggering|\bstumbling|\bincoherent|\bnot (?:himself|herself)\b",
    "co_exposure": r"\bcarbon monoxide|\b(?-i:CO) (?:poisoning|alarm|detector)|\bco alarm|\bcohb\b|\bcarboxyh(?:a)?emog"
    r"lo"
    r"bin|\b(?:bbq|barbecue|generator|charcoal)\b.{0,30}\b(?:inside|indoors|in (?:a|the) (?:tent|caravan|garage|room))"
    r"|\bfaulty (?:boiler|heater|gas fire)"
    # a fuel-burning heater or stove left on in a closed space (with co_symptom: the symptoms in those exposed)
    r"|\b(?:gas|paraffin|kerosene|propane|calor|camping|wood|coal) (?:heater|fire|stove|burner|cooker|lamp)\b"
    r".{0,40}?\b(?:(?:on|running|left on|burning) (?:all night|overnight)|without ventilation"
    r"|windows? (?:shut|closed))",
    "co_symptom": r"\bheadaches?\b|\bconfus\w*|\bdrows\w*|\bvomit\w*|\bnause\w*|\bdizz\w*|\bcollaps\w*|\bfaint\w*|\bche"
    r"st pain|\bgcs\b|\bunconscious|\bbreathless|\bshort of breath",
    # heavy bleeding in pregnancy or after birth (postpartum haemorrhage, abruption)
    "bleeding_heavy": r"\bbleeding (?:hasn'?t|has not|won'?t|will not|doesn'?t|does not|isn'?t) (?:slow|stop|slowed|sto"
    r"pp"
    r"ed|slowing|stopping)|\bsoak\w* (?:through )?(?:a |the |her |my |his )?(?:pads?|seats?|sheets?|bed|towels?|clothes"
    r")"
    r"|\bpads? every (?:\d+|few|ten|fifteen|twenty|thirty) ?(?:min\w*|hours?)|\b(?:big|large|huge) (?:blood )?(?:clot"
    r"s|pieces)|\bblood (?:coming |is coming )?(?:out )?(?:too much|so much|very heavy|pouring|gushing)|\bgushing blood"
    r"|"
    r"\bpouring (?:with )?blood|\bheavy (?:vaginal )?bleed\w*|\b(?:post-?partum|antepartum|obstetric|vaginal|uterine) h"
    r"a?"
    r"emorrhag\w*|\b(?-i:PPH|APH)\b",
    "adrenal": r"\baddison'?s|\badrenal (?:insufficiency|crisis|failure)|\bcongenital adrenal|\bhypopituitar\w*|\bstero"
    r"id"
    r" (?:dependen\w*|emergency card)",
    "adrenal_crisis": r"\badrenal crisis|\baddisonian crisis",
    # a mechanism of injury: with a head injury red flag (unequal pupils, repeated vomiting), a head injury
    "injury_mechanism": r"\b(?:came|fell|was thrown|thrown|knocked) off (?:the |a |his |her |my |their )?(?:horse|bike"
    r"|bicycle|motorbike|scooter|ladder|roof|trampoline|wall|skateboard)|\bfell (?:down|from|off|over|and)\b|\bhit by "
    r"(?:a |an )?(?:car|van|bus|ball|bat|cricket ball)|\b(?-i:RTC|MVC|RTA)\b|\bassault\w*|\bpunched|\bheadbutt\w*"
    # 10.4.0: falls down stairs or from a bed, a car accident
    r"|\b(?:fall|fell) (?:down|from|off) (?:the |a |his |her |\d+ )?(?:stairs|steps|bed|ladder|roof|chair|horse|bike)\b"
    r"|\bunwitnessed fall|\bcar (?:accident|crash)",
    "pupils_unequal": r"\bpupils? (?:\w+ ){0,3}(?:bigger|larger|unequal|different|blown|fixed)|\bunequal pupils|\bblow"
    r"n pupil|\banisocori\w*",
    "cauda_equina_explicit": r"\bcauda equina|\b(?-i:CES)\b",
    # 10.4.0: lay forms, an emergency only beside a bladder or weak legs (triage): "numb down there after the epidural",
    # even with back ache from the epidural site, is not
    "saddle_lay": r"\bnumb (?:down below|down there)|\bcan'?t feel (?:the )?loo (?:roll|paper)",
    "saddle_anaesthesia": r"\b(?:perianal|saddle|perineal) sensation (?:is )?(?:reduced|absent|decreased|lost|altered"
    r")|\b(?:reduced|absent|decreased|loss of|lost) (?:perianal|saddle|perineal) sensation|\bbetween (?:the |my |"
    r"his |her )?legs (?:is |are |feels? )?numb|\blost (?:the )?feeling (?:where (?:i|he|she) sits?|down there|in"
    r" (?:my|his|her) (?:bottom|bum|backside))|\bcan'?t feel (?:\w+ ){0,3}(?:when|while) (?:i|he|she|they) wipes?"
    r"|\bnumb (?:bum|bottom|"
    r"backside)|\bsaddle (?:an(?:a)?esthesia|numbness|paraesthesia|sensory loss)|\bnumb\w* (?:around|in|of|"
    r"between) (?:my |his |her |the )?(?:bottom|buttocks|bum|anus|genitals|groin|private parts|perineum|back passage|"
    r"saddle area|inner thighs)|\b(?:bottom|buttocks|genitals|groin|perineum|privates) (?:\w+ ){0,2}(?:numb|tingl\w*)|"
    r"\bcan'?t feel (?:when )?(?:i |he |she )?(?:wipe|toilet paper|my bottom|the toilet roll)|\breduced anal tone|"
    r"\bperianal (?:numbness|sensory loss)"
    r"|\b(?:can ?not|cannot|can'?t|don'?t|do not|doesn'?t|does not|no longer) feel (?:anything |much )?(?:down there|be"
    r"tween (?:the |my |his |her )?legs|(?:my |his |her )?(?:bottom|bum|privates?|private parts|genitals))\b"
    r"|\bperineal (?:numbness|sensory loss|an(?:a)?esthesia|paraesthesia)|\bnumb\w* (?:in )?between (?:the |my |his |he"
    r"r )?legs"
    r"|\b(?:around|in) (?:my |his |her |the )?(?:bottom|bum|back passage|private parts?|genitals)\b,? (?:there is |the"
    r"re'?s )?no feeling|\bno feeling (?:around|in|down) (?:my |his |her |the )?(?:bottom|bum|back passage|privates?|p"
    r"rivate parts|there)",
    "sphincter": r"\bno (?:wee|pee|urine) (?:\w+ ){0,6}(?:bladder|tummy) (?:feels |is )?(?:full|bursting)|"
    r"\bpost[- ]void residual (?:of )?(?:[3-9]\d\d|\d{4})|\b(?-i:PVR) (?:of )?(?:[3-9]\d\d|\d{4})|\bcan "
    r"?not (?:make|pass) (?:urine|water)|\b(?:pooed|pooped|soiled|wet|peed|weed) (?:my|him|her|them)sel(?:f|ves)|"
    r"\b(?:hasn'?t|has not|haven'?t|have not|not) been able to (?:pee|wee|urinate|pass urine|pass water)|"
    r"\bcan ?not (?:pee|wee|pass water|urinate)|\bcan'?t pass water|\bcan'?t (?:pee|wee|urinate|pass urine|empty (?:my|"
    r"his|her) bladder)|\bunable to (?:pee|urinate|"
    r"pass urine|empty)|\burinary retention|\bretention of urine|\bincontinen\w*|\bwet (?:my|him|her)self|\blost "
    r"control of (?:my|his|her)? ?(?:bladder|bowels?)|\bloss of (?:bladder|bowel) control|\bnot (?:feeling|aware of) "
    r"(?:when|the need to) (?:pee|urinate|go)|\b(?:bladder|bowel) (?:dysfunction|problems)"
    r"|\b(?:can ?not|cannot|can'?t|don'?t|do not|doesn'?t|does not|no longer) feel (?:the |when |if )?(?:i |he |she )?("
    r"?:pee|wee|urine|poo|stool|need to (?:pee|wee|go))\w*"
    r"|\b(?:can ?not|cannot|can'?t|unable to) control (?:the |my |his |her )?(?:pee|wee|urine|bladder|bowels?|poo)|\bw"
    r"et (?:my|him|her)self without (?:knowing|noticing|realising|realizing)",
    "back_pain": r"\bbad back|\bback (?:is|has been|was) (?:bad|killing|agony|in agony)|\bback (?:pain|ache)|\bbackac"
    r"he|\blower back|\blumbar|\bsciatica|\bdisc (?:prolapse|herniation|bulge"
    r")|"
    r"\bslipped disc|\bleg pain (?:down|in) both|\bbilateral sciatica|\bpain down both legs"
    r"|\bpain (?:in|across|down) (?:the |my |his |her |their )?(?:lower |low |middle )?back\b",
    "peritonism": r"\brigid abdo\b|\bfree (?:air|gas)\b|\b(?:it'?s|its|is) (?:rock|board)[- ]hard|\b(?:belly|tummy|st"
    r"omach|abdomen) (?:is )?(?:very |so )?(?:big|swollen|distended) and hard|\b(?:abdomen|belly|tummy|stomach) ("
    r"?:is |was |feels? |felt )?(?:hard like a board|hard as (?:a )?"
    r"(?:board|rock)|very hard|like wood)|\b(?:belly|tummy|stomach|abdomen|abdominal)\b.{0,60}can'?t move (?:with|"
    r"because of|for) (?:the )?pain|\bperitoni\w*|\brigid (?:abdomen|belly|tummy|stomach)|\b(?:abdomen|belly|tummy|stom"
    r"ach) (?:is |was "
    r"|"
    r"feels? |felt )?(?:rigid|hard as a board|board-?like|like a board|rock hard)|\bboard[- ]like|\bguarding|"
    r"\brebound (?:tenderness)?|\bperforat\w*|\bfree air|\bpneumoperitoneum|\bruptured (?:appendix|bowel|spleen)|"
    r"\bbowel obstruction|\bfaeculent vomit|\bvomiting (?:poo|faeces|feces)|\bcan'?t (?:move|breathe) because of (?:the"
    r" )?"
    r"(?:stomach|abdominal|belly|tummy) pain|\blying (?:completely )?still because|\bpain (?:worse|unbearable) (?:when|"
    r"with|on) (?:moving|coughing|every movement)|\bacute abdomen|\bischaemic bowel|\bmesenteric isch\w*"
    r"|\b(?:belly|tummy|stomach|abdomen)\b (?:is |was |feels? |felt |became |become |gone |went )?(?:very |so |really )"
    r"?hard (?:like|as) (?:a )?(?:stone|rock|board|wood|brick|plank|wall)"
    r"|\b(?:tummy|belly|abdomen|stomach)\b[^.]{0,40}\brigid\b",
    "severe_abdo_pain": r"\b(?:severe|excruciating|agonising|agonizing|unbearable|terrible|intense) pain in (?:the |h"
    r"is |her |my )?(?:stomach|tummy|belly|abdomen)|\b(?:severe|excruciating|agonising|agonizing|unbearable|worst"
    r"|terrible|intense|10/10|cripplin"
    r"g)"
    r" (?:\w+ ){0,2}(?:abdominal|tummy|belly|stomach|abdo) pain|\b(?:abdominal|tummy|belly|stomach|abdo) pain (?:\w+ )"
    r"{0,2}(?:severe|excruciating|unbearable|10/10|agony)",
    # --- trauma / burns ------------------------------------------------------------------------------------------
    # 10.4.0: a scalp wound, a head injury beside a fall or a blow (triage)
    "scalp_wound": r"\bscalp (?:split|lacerat\w*|wound|ha?ematoma|cut)\b|\b(?:occipital|frontal|parietal) "
    r"(?:ha?ematoma|lacerat\w*|boggy swelling)\b|\bsplit (?:his |her |my )?scalp\b",
    "head_injury": r"\b(?:cracked|smacked|whacked|split) (?:\w+ ){0,4}head|\b(?-i:CSF) (?:otorrh|rhinorrh)\w*|\bbattl"
    r"e'?s? sign|\bbasal skull|\bhead strike|\bstruck (?:his |her |their |my )?head|\b(?:hit|banged|bumped|struck"
    r"|knocked) "
    r"(?:\w+ ){0,2}head|\bhead (?:injury|injuries|trauma|knock|bang|wound)|\b(?:hit|banged|bumped|struck|knocked) (?:\w"
    r"+ )?"
    r"head|\bfell (?:and|onto|on|off|from|down) (?:\w+ ){0,6}head|\bhead (?:hit|struck|went into)|\bconcussion|"
    r"\b(?-i:TBI)\b|\bskull fracture|\bblow to the head",
    "head_injury_red": r"\bthr[eo]w\w* up (?:\w+ )?(?:twice|three times|repeatedly|again|several times)|\bclear fluid"
    r" (?:\w+ ){0,2}(?:from|out of)|\b(?-i:CSF) (?:otorrh|rhinorrh)\w*|\bbattle'?s? sign|\bout cold|\brepeating ("
    r"?:him|her|them)sel|\bvomit\w* (?:\w+ )?(?:\d|two|three|four|several|many) times?\b|\bsleepy|\bamnesi\w*|\bvomi"
    r"t\w* ?"
    r"x ?[2-9]|\bheadache (?:is |keeps )?(?:getting )?worse|\bvomit\w* (?:\w"
    r"+ )?(?:twice|three times|more than once|repeatedly|several times|again|2x|3x)|"
    r"\brepeated vomit\w*|\bseizur\w*|\bfit\b|\bconvuls\w*|\b(?:warfarin|apixaban|rivaroxaban|edoxaban|dabigatran|"
    r"clopidogrel|anticoagul\w*|blood thinners?|doac|noac|heparin|eliquis|xarelto)|\bclear fluid (?:from|out of|"
    r"leaking)|\bblood (?:from|coming out of|in) (?:his|her|my|the|their) (?:ear|nose)s?|\b(?:cannot|can'?t) remember|"
    r"\bamnesia|\bdrows\w*|\bconfus\w*|\bgcs (?:of )?(?:[3-9]|1[0-4])\b|\bunequal pupils|\bpupils? (?:unequal|fixed|"
    r"dilated|blown)|\bblown pupil|\bpanda eyes|\bbattle'?s sign|\bworsening headache|\bsevere headache|\bunconscious|"
    r"\bknocked out|\bloss of consciousness|\b(?-i:LOC)\b|\bblacked out|\bweakness|\bslurr\w*|\bover 65|"
    r"\bdeteriorat\w*"
    r"|\bclear (?:fluid|water|liquid)\b (?:\w+ ){0,3}(?:from|out of) (?:the |his |her |my )?(?:nose|ears?)"
    r"|\bpupils? (?:\w+ ){0,3}(?:bigger|larger|unequal|different|blown|fixed)",
    "major_trauma": r"\bfall\w* (?:from|off) (?:a |the )?(?:height|ladder|roof|balcony|scaffold\w*|window|building|"
    r"tree|cliff|bridge|stairs)|\bknocked off (?:\w+ ){0,2}(?:bike|bicycle|motorbike|scooter|horse) by|\b(?:cyclist|ped"
    r"estrian|"
    r"motorcyclist|biker) (?:\w+ ){0,3}(?:hit|struck|knocked down) by|\bhit by (?:a |an )?(?:car|vehicle|lorry|truck|bu"
    r"s|van|train|motorbike)|\bknocked (?:down|over) by "
    r"(?:a |an )?(?:car|vehicle|lorry|truck|bus|van)|\bfell (?:from|off) (?:a |the )?(?:height|ladder|roof|balcony|"
    r"scaffold\w*|window|building|tree|cliff|bridge|\d+ ?(?:m|metres?|meters?|ft|feet|storeys?|floors?))|\bfall from "
    r"(?:height|\d+)|\bhigh[- ]speed (?:rtc|mvc|rta|collision|crash|accident)|\b(?-i:RTC|MVC|RTA|MVA)\b.{0,60}(?:ejecte"
    r"d|"
    r"rollover|roll-over|fatality|death|trapped|extricat\w*|high speed|\d{2,3} ?(?:mph|km))|\bejected from|"
    r"\bstab(?:bed|bing(?! (?:pains?|sensations?|aches?|feelings?))| wound| injury)|\bknife (?:wound|injury)|\bgun ?s"
    r"hot|\b(?-i:GSW)\b|\bwas shot|\bbeen shot|"
    r"\bimpaled|\btraumatic amputation|\bamputated|\bcrush(?:ed)? (?:injury|under|by)|\bpinned (?:under|beneath)|"
    r"\bopen (?:femur|fracture)|\bpelvic fracture|\bmajor trauma|\bpolytrauma|\bmajor haemorrhage|\bmajor hemorrhage|"
    r"\bbleeding (?:heavily|profusely|won'?t stop|doesn'?t stop|will not stop)|\bspurting blood|\bblood (?:spurting|"
    r"pumping|pouring)|\bcatastrophic (?:bleed|haemorrhage)|\b(?:uncontrolled|severe|massive) (?:bleed\w*|"
    r"ha?emorrhage)",
    "burn": r"\bburn(?:s|ed|t)?\b(?! (?:on|when|while) (?:urinat|passing|peeing|weeing))(?! (?:the )?toast)|"
    r"\bscald\w*|\bsmoke inhal\w*|\b"
    r"house fire|\bfire\b|\bflames?|\bexplosion|\bsinged"
    r"|\bboiling (?:water|oil|liquid)|\bkettle\b|\bhot (?:oil|water|fat|tea|coffee) (?:over|on)",
    "burn_severe": r"\b(?:big|large|huge|extensive|massive|major|deep)\b|\bskin (?:is |looks |went |turned )?(?:white|"
    r"leathery|charred|waxy)|\bno pain\b|\bpainless\b|\bface\b|\bfacial|\bairway|\bsinged (?:nasal|nose|eyebrows?|eye ?"
    r"lashes|hair)|\bsoot|\bhoarse\w*|"
    r"\bstridor|\binhal\w*|\bsmoke(?! (?:alarm|detector))|"
    r"\belectric\w*|\bchemical|\balkali|\bcircumferential|\b(?:whole|entire) "
    r"(?:arm|leg|chest|back|torso)|(?<!o2 )(?<!o2: )(?<!sats )(?<!sats: )(?<!sat )(?<!sat: )\b[1-9]\d ?%|"
    r"\bfull[- ]thickness|\bthird[- ]degree|\blarger than (?:\w+ )?"
    r"(?:hand|palm)|\bbigger than (?:\w+ )?(?:hand|palm)|\bgenital|\bperineum|\bcan'?t (?:breathe|swallow)|"
    r"\bwheez\w*|\bcough\w* (?:up )?(?:black|soot)|\bblisters? (?:all )?over|\bcharred|\bwhite and leathery",
    "pneumothorax": r"\bpneumothora\w*|\bcollapsed lung|\blung (?:has )?collapsed|\b(?-i:PTX)\b",
    # 10.4.0: one side of the chest not moving and a neck vein standing out, after an injury (triage)
    "chest_one_side": r"\bone side of (?:the |his |her |my )?chest (?:is )?not moving|"
    r"\bchest (?:is )?not moving on one side",
    "neck_vein_lay": r"\b(?:vein|veins) in (?:the |his |her |my )?neck (?:is |are )?(?:big|bulging|sticking out|"
    r"swollen|standing out)|\bneck veins? (?:is |are )?(?:bulging|sticking out|standing out)",
    "chest_decompensation": r"\babsent breath sounds|\bno breath sounds|\bhyper-?resonan\w*",
    "tracheal_shift": r"\btrache\w* (?:\w+ ){0,2}deviat\w*|\bdeviat\w* (?:\w+ ){0,2}trache\w*",
    "tension_sign": r"\btension\b|\btrache\w* (?:\w+ ){0,2}deviat\w*|\bdeviat\w* (?:\w+ ){0,2}trache\w*|\babsent "
    r"breath sounds|\bno breath sounds|\bhyper-?resonan\w*|\bdistended neck veins|\braised jvp",
    # --- renal / electrolytes ------------------------------------------------------------------------------------
    "hyperkalaemia": r"\bhyperkal(?:a)?emi\w*|\bhigh potassium|\bpotassium (?:is |was )?(?:very |dangerously )?high|"
    r"\braised (?:k|potassium)",
    "ecg_k_changes": r"\bpeaked t|\btented t|\btall (?:tented |peaked )?t[- ]?waves|\bbroad (?:qrs|complex)|\bwide qrs|"
    r"\bsine[- ]wave|\bloss of p[- ]?waves|\bflattened p|\bbradycard\w*|\barrhythmi\w*|\becg changes|\bmuscle "
    r"weakness|\bparalys\w*|\bheart block",
    # --- skin / soft tissue --------------------------------------------------------------------------------------
    "nec_fasc_explicit": r"\bnecroti[sz]ing (?:fasciitis|soft[- ]tissue)|\bnec(?:rotising|rotizing)? ?fasc\w*|"
    r"\bflesh[- ]eating|\bfournier'?s|\bgas gangrene",
    "pain_out_of_proportion": r"\bpain (?:is |was )?(?:way |far |much |a lot |so much )?(?:worse|more|greater|bigger) "
    r"than (?:it looks|it should be|the (?:skin|wound|redness|rash) (?:looks|shows))|\b(?:way |far |much )?beyond what "
    r"(?:the )?(?:skin|wound|redness|rash) (?:shows|looks like)|\bout of keeping with|\bpain (?:\w+ ){0,2}out of (?:all"
    r" )?proportion|\bpain (?:far |much )?(?:worse|greater|more "
    r"severe) than (?:it looks|the (?:redness|appearance|rash|wound|skin))|\bexcruciating pain (?:but|and) (?:the )?"
    r"(?:skin|wound) (?:looks|looked) (?:fine|normal|ok)",
    "rapid_spread": r"\b(?:rapidly|quickly|fast) (?:spreading|expanding|advancing|getting bigger)|\bspread\w* (?:\w+ )?"
    r"(?:rapidly|quickly|fast|by the hour|in hours|within hours)|\b(?:doubled|grown|spread) (?:in size )?(?:in|within|o"
    r"ver) "
    r"(?:a few |the last |\d+ )?hours|\bmarked (?:the )?(?:edge|border|line).{0,40}(?:past|beyond|spread)"
    r"|\b(?:red|redness|swelling|colour|color)\b (?:\w+ ){0,2}(?:go|goes|going|went|spread\w*|mov\w*|track\w*|climb\w*"
    r"|creep\w*)(?: up| out)?(?: (?:the|his|her|my) \w+)? (?:very |so |really )?(?:fast|quick\w*|rapid\w*)",
    "nf_skin": r"\b(?:skin|wound|leg|arm|area)\b[^.]{0,40}\b(?:grey|gray|purple|dusky|black)(?:ish)?, (?:\w+ ){0,2}"
    r"blisters|"
    r"\b(?:grey|gray|purple|dusky|black)\w*(?:/\w+)? (?:\w+ ){0,2}blisters|\bcrackl\w*|\b(?:dusky|purple|b"
    r"lack|violaceous|grey|gray|bluish) (?:skin|patch|patches|discolou?ration"
    r"|area|blisters|"
    r"bullae)|\bha?emorrhagic (?:bullae|blisters)|\bbullae|\bcrepitus|\bcrackl\w* (?:under|in) the skin|\bskin "
    r"(?:is |has )?(?:turning|going|gone|turned) (?:black|purple|dusky|grey|numb)|\bnumb (?:patch|area|skin) (?:in|over"
    r") "
    r"the (?:red|swollen)"
    r"|\bskin (?:become|became|becomes|getting|got|goes) (?:\w+ ){0,2}?(?:black|purple|dusky|grey|gray)"
    r"|\b(?:swollen|red|hot) and (?:dark )?(?:purple|black|dusky)\b",
    "skin_infection": r"\bcellulitis|\bwound|\binfect\w*|\bredness|\bred (?:and|,) (?:swollen|hot)|\bswollen|\bcut\b|"
    r"\bscratch|\bbite|\babscess|\binjection site|\bsurgical site|\bleg|\barm|\bthigh|\bgroin|\bperineum|\bscrotum",
    # --- paediatric ----------------------------------------------------------------------------------------------
    "infant": r"\bchild\b|\bkid\b|\blittle (?:boy|girl|one)|\bbaby|\bbabies|\binfant|\bnewborn|\bnew-born|\bneonat\w*|"
    r"\btoddler|\b\d{1,2}[- ]?(?:weeks?|wks?|"
    r"months?|mo)[- ]old|\bmy little (?:one|boy|girl)|\bnappies|\bnappy|\bdiapers?|\bbreast[- ]?fe\w*|\bbottle[- ]?fe\w"
    r"*"
    r"|\bformula\b|\bfontanel+e?",
    "dehydration_severe": r"\bno (?:pee|wee|urine|wet nappy)\b (?:since|for|in|all)|\b(?:not|no) (?:cry\w* )?tears|\b"
    r"sleep\w* all (?:the )?time|\bnot (?:pee|wee|urinat)\w* (?:for|since|in)|\beyes (?:are |look |looking )?sunk"
    r"en|\bsunken"
    r" (?:fontanel+e?|soft spot)|\bsoft spot (?:is |looks )?sunken|\bno (?:wet |dry )?"
    r"(?:nappies|nappy|diapers?)|\bno wet (?:nappies|nappy|diapers?)|\bdry (?:nappies|nappy|diapers?) (?:for|since|all)"
    r"|"
    r"\bnot (?:had|passed) (?:a )?wet (?:nappy|diaper)|\bhasn'?t (?:had a )?(?:wet|peed|weed|passed urine)|\bnot (?:pee"
    r"d|"
    r"weed|passed urine) (?:for|since|in)|\bno urine (?:for|since|in)|\bfloppy|\bvery (?:sleepy|drowsy|lethargic)|"
    r"\bunresponsive|\bhard to wake|\bmottled|\bsunken eyes|\bno tears|\bcrying without tears|\bcold (?:hands and feet|"
    r"extremities)|\bcapillary refill (?:time )?(?:of )?(?:>|more than|over)? ?(?:[3-9]|\d\d) ?s|\bcrt (?:>|of )?"
    r"(?:[3-9]|\d\d)|\bweak (?:cry|pulse)|\bhigh-?pitched cry",
    "gastro": r"\bvomit\w*|\bdiarrh\w*|\bgastro\w*|\bbeing sick|\bthrowing up|\bwatery (?:stools|poo)|\bcan'?t keep "
    r"(?:anything|fluids|milk|feeds) down|\bprojectile",
    # --- eye -----------------------------------------------------------------------------------------------------
    "glaucoma_explicit": r"\bangle[- ]closure|\b(?-i:AACG)\b|\bacute (?:closed[- ]angle )?glaucoma|\bclosed[- ]angle",
    "sudden_vision_loss": r"\bsudden\w*\b.{0,30}\b(?:can ?not|can'?t|unable to|could ?n[o']t) see\b|\b(?:can ?not|can'?"
    r"t|"
    r"unable to|could ?n[o']t) see (?:from|out of|with) (?:one|the|his|her|my) (?:left |right )?eye|\bsudden\w* (?:\w+ "
    r"){0,3}(?:loss of vision|vision loss|lost (?:the )?(?:vision|sight)|"
    r"blind\w*|can'?t see)|\b(?:suddenly|abruptly) (?:went |gone |became |lost |can'?t )(?:blind|see|vision|sight)|"
    r"\bcurtain (?:coming |came |falling |fell |over |across |down )|\bshadow (?:over|across|coming)|\b(?:lost|lose) "
    r"(?:all )?(?:the )?(?:vision|sight) in (?:one|my|his|her|the) (?:left |right )?eye|\bcan'?t see (?:out of|with|fro"
    r"m)"
    r" (?:my|his|her|one|the) (?:left |right )?eye|\bamaurosis|\bcentral retinal (?:artery|vein) occlusion|\b(?-i:CRAO)"
    r"\b"
    r"|\bretinal detachment|\bgone blind|\bwent blind",
    # 10.4.0: an eye in agony, an emergency beside halos, a stuck pupil or vomiting (triage); a scratch is no glaucoma
    "eye_agony": r"\beye\b (?:\w+ ){0,2}(?:agony|agonising|agonizing|excruciating)",
    "angle_closure_sign": r"\bhalos?\b|\brainbows?\b|\bpupil\b (?:\w+ ){0,3}(?:stuck|fixed|mid|dilated|not react\w*)|"
    r"\b(?:vomit\w*|throw\w* up|being sick)\b",
    "red_eye_severe": r"\b(?-i:IOP) (?:[RL] |right |left )(?:[4-9]\d)\b|\beye (?:is |was )?(?:very |so )?(?:red|painf"
    r"ul|sore) and (?:hurts?|hurting|painful|very painfu"
    r"l|"
    r"sore|red)|\bcircles? of colou?rs?|\brainbows? (?:around|round)|\beye (?:is |feels |felt )?(?:very )?(?:hard|"
    r"rock hard)|\b(?:painful|severe pain in (?:the|my|his|her|one)|very painful|aching) (?:red )?eye|\bred,? "
    r"painful eye|\beye pain|\bhalos? (?:around|round) (?:lights|lamps)|\brainbow (?:halos|rings)|\bfixed,? "
    r"(?:mid[- ]?)?dilated pupil|\bmid[- ]dilated|\beye (?:feels )?(?:hard|rock hard)|\bhigh (?:eye|intraocular) "
    r"pressure|\b(?-i:IOP)\b (?:of )?(?:[4-9]\d)|\bcloudy cornea|\bhazy cornea"
    r"|\b(?-i:IOP)\b[^.;\n]{0,30}?\b[4-9]\d\b(?!\.\d)"
    r"|\bcolou?r(?:ed)? (?:circles?|rings?) (?:around|round)|\beyes? (?:feels? |felt |is )?(?:very )?(?:hard|rock hard"
    r")\b",
    "eye_feature": r"\bhalos?|\bblurr\w*|\bvomit\w*|\bnause\w*|\bheadache|\bvision|\bcloudy|\bpupil|\bhard",
}


def _top_level_alternatives(pattern: str) -> list[str]:
    """Split a regex on its top-level "|" (outside groups and character classes)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


@dataclass(frozen=True)
class Concept:
    """One concept's phrasings, split for speed: Python's re is 2-3x faster matching a lower-cased text without
    IGNORECASE, so the case-insensitive phrasings run that way and only the capitalised abbreviations (MI, SOB)
    run case-sensitively on the original text. Offsets agree because lower() keeps the length (checked)."""

    name: str
    folded: re.Pattern[str] | None  # matched against text.lower(), no flags
    cased: re.Pattern[str] | None  # matched against the original text

    def finditer(self, text: str, lowered: str) -> list[re.Match[str]]:
        matches: list[re.Match[str]] = []
        if self.folded is not None:
            matches += self.folded.finditer(lowered) if len(lowered) == len(text) else []
        if self.cased is not None:
            matches += self.cased.finditer(text)
        return sorted(matches, key=lambda m: m.start())


def _concept(name: str, pattern: str) -> Concept:
    folded, cased = [], []
    for alt in _top_level_alternatives(pattern):
        (cased if "(?-i:" in alt or re.search(r"(?<!\\)[A-Z]", alt) else folded).append(alt)
    return Concept(
        name,
        re.compile("|".join(folded)) if folded else None,
        # the folded phrasings run case-insensitively here too, for texts whose lower() changes length
        re.compile("|".join(cased), re.IGNORECASE) if cased else None,
    )


CONCEPTS: dict[str, Concept] = {name: _concept(name, p) for name, p in CONCEPT_PATTERNS.items()}
