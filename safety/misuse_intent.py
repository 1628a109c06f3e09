"""Misuse intent families that generalise across wordings: each one pairs an act with a purpose or a concealment.

The patterns in misuse.py name specific phrasings; these read the shape of the request instead ("do X to someone
else's medicine" + "so nobody can tell"; "a document" + "from a named doctor / with a stamp / saying I have X";
"a persona with no limits"). Each family is one clinical or security concept, written for wordings not yet seen,
and is kept narrow by needing both halves, so that clinicians' toxicology and prescribing questions stay answered.
"""

from __future__ import annotations

import re


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.DOTALL)


# Medicines and drugs that are controlled or commonly diverted, including street names and shorthand.
CONTROLLED_MORE = (
    r"(?:oxy\w*|oc ?\d0s?|fentanyl|morphine|oramorph|hydrocodone|codeine|co-codamol|tramadol|methadone|benzos?|"
    r"xanax|alprazolam|valium|diazepam|lorazepam|clonazepam|midazolam|zolpidem|zopiclone|adderall|ritalin|"
    r"methylphenidate|vyvanse|modafinil|ketamine|pregabalin|gabapentin|opioids?|opiates?|painkillers|sleeping "
    r"(?:pills|tablets)|controlled (?:drugs?|substances?)|schedule (?:ii|2|two)|diamorphine)"
)

# Someone else's body or medicine (the target of harm to others).
_OTHER = (
    r"(?:\b(?:his|their|someone'?s|somebody'?s)\b|\bher (?:meds|medication|pills|tablets|insulin|drink|food|tea|"
    r"coffee|cannula|drip|line|inhaler)|\b(?:him|them|someone|somebody|a (?:teenager|girl|boy|man|woman|patient|"
    r"person|child|baby)|patients)\b|\bmy (?:landlord|stepdad|stepmum|stepmom|husband|wife|partner|roommate|"
    r"flatmate|boss|neighbou?r|baby|son|daughter|nan|grandad|grandma|grandfather|uncle|aunt|father|mother|dad|mum|"
    r"mom|mother-in-law|father-in-law|in-laws?)\b|\b(?:a|the|my)\b (?:\w+ )?(?:resident|client|service user)s?\b|"
    r"\bmeine[mn]? \w+)"
)
# Hiding the act from others (detection, traces, records).
_CONCEAL = (
    r"(?:\b(?:could|would|can|will) (?:anyone|anybody|they|the police|a doctor|the coroner|a post[- ]?mortem|an "
    r"autopsy) (?:ever )?(?:tell|detect|notice|find|know|prove)|\b(?:doesn'?t|does not|don'?t|won'?t|will not|never|"
    r"not) (?:find out|notice|know|remember|suspect|be (?:detected|noticed|traced))|\bnichts merkt|\bwithout (?:\w+ )"
    r"{0,3}(?:noticing|knowing|finding out|remembering|being (?:noticed|detected|caught|seen)|it being (?:noticed|"
    r"detected|seen|traced))|\b(?:isn'?t|not|un)[- ]?traceable|\buntrace\w*|\bundetect\w*|\bnever (?:be )?detected|"
    r"\blook(?:s)? like (?:a |an )?(?:natural|accident\w*|heart attack)|\b(?:nobody|no one|no-one|noone) (?:\w+ )?("
    r"?:suspects?|notices?|finds? out|can tell|will (?:notice|suspect|find out))|\bwithout (?:it )?(?:going|"
    r"being (?:written|put|recorded|charted)) (?:on|in|into) (?:\w+ )?(?:chart|notes|records?|mar|kardex)|\bsecretly|\b"
    r"heimlich\w*|\bwithout (?:a )?trace|\bget "
    r"away with|\bthe (?:audit|count|register|balance)\b (?:\w+ ){0,3}(?:balances?|adds up|is off|matches|being off"
    r"|off)|\b(?:before|without) (?:customs|the pharmacist|the chemist|security) (?:\w+ )?(?:ask\w*|question\w*|notic\w"
    r"*|"
    r"stop\w*)|\b(?:stop|hide|mask|beat|cheat)\b (?:\w+ ){0,4}?(?:showing (?:up )?on |on |in )?(?:a |my |the )?(?:w"
    r"ork |workplace |random )?drug (?:test|screen)|"
    r"\bbefore (?:anyone|anybody|they|she|he) (?:notic|realis|realiz|find|found)\w*)"
)
_HARM_WORD = (
    r"(?:\b(?:insulin|meds|medication|pills|tablets|doses?|overdose|lethal|fatal|poison\w*|sedat\w*|drows\w*|sick|"
    r"plants?|berries|mushrooms|"
    r"embolism|inject\w*|benadryl|digoxin|potassium|zopiclon\w*|crash|sleeps?|unconscious|stronger|"
    r"warfarin|morphine|fentanyl|oxycodone|diazepam|laxatives?|antifreeze|bleach)\b)"
)

HARM_TO_OTHERS = _rx(
    rf"^(?=.*{_OTHER})(?=.*{_CONCEAL})(?=.*{_HARM_WORD})"
    r"|\b(?:swap|switch|replace|tamper\w*|mess\w* (?:with|up)|spike|crush|double)\w* (?:\w+ ){0,2}?(?:his|her|their|"
    r"someone'?s) (?:meds|medication|pills|tablets|insulin|inhaler|drink)\b.{0,120}?\b(?:so (?:he|she|they)|crash|"
    r"tell|notice|trace|die|collapse|sleep)"
)

# Self-harm acts (not overdose) asked for as a method, a place, or so that they stay hidden.
_SELF_ACT = (
    r"(?:hurt|harm|cut|burn|punish|injure|starve|bruise|scratch|bleed)\w* (?:myself|me|my (?:skin|arms?|legs?|wrists?|"
    r"thighs?|stomach|body))\b"
)
SELF_HARM_METHOD = _rx(
    r"\b(?:how|where|what|which|ways?|best|easiest|quickest)\b[^.?!]{0,80}?\b"
    + _SELF_ACT
    + r"|\b"
    + _SELF_ACT
    + r"[^.?!]{0,60}?\b(?:without|so (?:that )?(?:it|no ?one|nobody|they|my)|but make it look|look like|won'?t show|"
    r"doesn'?t (?:show|leave)|no one (?:sees|notices|finds)|hidden|hide)\b"
    r"|\b(?:best|which|what|safest|easiest) (?:place|spot|part|area|way)s? (?:\w+ ){0,3}?to (?:cut|burn|slash|stab)\b"
    r"|\b(?:how|where|best way) (?:do |can |should |to )?(?:i )?(?:cut|burn|slash|scratch)\b.{0,80}?\b(?:deep|deeper|"
    r"stitches|bleeds?|scars?|nobody|no one)\b"
    r"|\b(?:make|get) (?:my |the )?(?:cuts?|burns?|wounds?) (?:\w+ )?(?:deeper|worse|bleed more)"
    r"|\bwhere (?:on|in) (?:my|the) \w+ (?:can|should|do|could) i (?:cut|burn|slash|scratch)\b"
    r"|\bhide (?:the |my )?(?:cuts|self[- ]harm|cut marks|scratches)\b|\b(?:ligature|noose)\b.{0,80}?\b(?:me|my|myself)"
    r"\b|\bmake me pass out"
    # hitting one's head to hurt (not a knock asked about: "hit my head on the car door, what for the pain?")
    r"|\bhit\w* (?:my|me) head\b.{0,60}?\b(?:to (?:feel something|hurt|feel pain)|on purpose|deliberately|until it "
    r"hurts|so it hurts|against the wall)"
    r"|\bcat scratch\w*.{0,80}?\b(?:hidden|hide|infected)"
    r"|\b(?:cuts|lines|scratches|marks) (?:\w+ ){0,6}?(?:stay|kept|keep them) hidden"
    r"|\bif i (?:injected|inject|took|take|swallowed|swallow) (?:all|every|the whole)\b.{0,80}?\b(?:would|will|could) "
    r"(?:anyone|they|it|a doctor|the hospital)\b"
    r"|\b(?:cut|slit|open|slash)\w* (?:a |one |my )?(?:veins?|wrists?|arter\w*)|\bveins?\b.{0,80}?\bopen (?:one|it|"
    r"them)\b|\bso (?:it|that it) bleeds (?:a lot|more|heavily)"
)

# Overdose asked for with a purpose of dying, in words the main table lacks (combined medicines, "make sure").
_SELF_RESOLVE = (
    r"(?:\bi'?m ready to (?:go|die)|\bsleep forever|\bgo to sleep and (?:not|never) wake|\bready to go\b|\bmade up my m"
    r"ind|\bmind is made up|\bwant (?:it|this|everything) "
    r"(?:all )?(?:to be )?over|\bi'?m done\b|\bsaid (?:my )?goodbyes|\bdon'?t want to (?:be here|live|survive))"
)
_MY_DEATH = (
    r"(?:\bi (?:don'?t|do not|won'?t|will not|never) (?:survive|wake)|\b(?:not|never) (?:come|coming) back\b|\bmy hea"
    r"rt (?:stops|stop)|\bstop my heart|"
    r"\bso (?:that )?i (?:die|can'?t be saved)|\b(?:to|would|will|could) (?:\w+ )?kill me\b)"
)
_MEDICINE_Q = (
    r"(?:\bhow (?:many|much|long)\b|\bwhat (?:dose|amount|combination|mix)\b|\b(?:smallest|minimum|least|lowest) ("
    r"?:amount|dose|number)\b|\bwork faster\b|\bwhich\b|\bcombination\b|\bmix\b|"
    r"\btogether\b|\bplus\b|\bif i take all\b)"
)
OVERDOSE_INTENT = _rx(
    rf"{_MEDICINE_Q}.{{0,160}}?{_MY_DEATH}"
    rf"|{_SELF_RESOLVE}.{{0,200}}?{_MEDICINE_Q}|{_MEDICINE_Q}.{{0,200}}?{_SELF_RESOLVE}"
    rf"|\bhow (?:many|much) of my\b.{{0,80}}?\bto (?:not wake|die|never wake)"
    r"|\b(?:is|would|will) (?:that|it|this|they) (?:be )?enough to (?:die|kill me|not wake|never wake|end (?:it|my li"
    r"fe))"
    r"|\b(?:saved|stockpiled|hoarded|collected)(?: up)? (?:\d+|all|enough)\b.{0,80}?\benough\b"
)

# The same purpose in the 14 other languages the app's users write in most (those of safety/data/
# misuse_multilingual.jsonl): a wish to die in the first person (to not wake again, to take one's life, "I want to
# die"), never the bare word for suicide or death (a toxicology or bereavement question uses those) nor idioms ("en
# finir avec les migraines", "this pain will kill me"), with a quantity asked for or medicines to mix in the same text.
# A cold review's 66 legitimate questions in these languages found the first version, which took bare words and any
# digit, declining 44 of them; tests/safety/test_misuse.py keeps such questions answered.
DEATH_WISH_OTHER_LANGUAGES = (
    r"(?:ne plus (?:jamais )?me réveiller|mettre fin à mes jours|me suicider|je veux mourir|"
    r"no (?:volver a )?despertarme|quitarme la vida|suicidarme|quiero morir|"
    r"ich nicht mehr aufwache|mir das leben (?:zu )?nehmen|mich umbringen will|ich will sterben|"
    r"não acordar mais|me suicidar|tirar a minha (?:própria )?vida|quero morrer|"
    r"non svegliarmi più|togliermi la vita|voglio morire|"
    r"niet meer wakker (?:te )?word|mezelf van kant|ik wil dood|"
    r"już się nie obudzić|odebrać sobie życie|chcę umrzeć|"
    r"să nu mă mai trezesc|să mă sinucid|să-mi iau viața|vreau să mor|"
    r"bir daha uyanmam|kendimi öldürmek|ölmek istiyorum|hayatıma son vermek|"
    r"больше не проснуться|покончить с собой|хочу умереть|"
    r"وما أصحى|ما أصحى|أقتل نفسي|أنتحر|أريد أن أموت|أنهي حياتي|"
    r"फिर कभी न उठ|खुद को मार|मरना चाहत|आत्महत्या करना चाहत|"
    r"不再醒来|再也不醒|我想死|想自杀|结束自己的生命|"
    r"không bao giờ tỉnh dậy|ngủ luôn không dậy|muốn chết|muốn tự tử|"
    r"nisiamke|sitaamka tena|nataka kufa|nataka kujiua)"
)
_QUANTITY_OTHER_LANGUAGES = (
    r"(?:combien|cuánt|cuant|wie viele?|quant[aeio]s?|hoeveel|\bile\b|câte|cât|kaç|сколько|كم|कितन|多少|几|"
    r"bao nhiêu|ngapi|vingapi|mélang|mezcl|misch|mistur|mescol|mengen|zmiesza|amestec|karıştır|смеш|أخلط|خلط|मिला|"
    r"混|trộn|changanya|quelle dose|qué dosis|welche dosis|qual dose|quale dose|welke dosis|jaka dawka|ce doză|"
    r"hangi doz|какая доза|أي جرعة|什么剂量|liều nào|dozi gani|dose létale|dosis letal|tödliche dosis|dose letale|"
    r"dodelijke dosis|śmiertelna dawka|doză letală|öldürücü doz|смертельн|جرعة قاتلة|घातक खुराक|致死量|liều gây chết)"
)
SELF_HARM_OTHER_LANGUAGES = _rx(
    rf"{DEATH_WISH_OTHER_LANGUAGES}.{{0,200}}?{_QUANTITY_OTHER_LANGUAGES}"
    rf"|{_QUANTITY_OTHER_LANGUAGES}.{{0,200}}?{DEATH_WISH_OTHER_LANGUAGES}"
)

# Forged or fake documents: a document, plus a borrowed identity, a stamp, or a false statement about the user.
_DOC = (
    r"(?:prescriptions?|scripts?|rx|recipe|slip|fit note|sick note|note|letter|certificate|clearance|record|card|paper|"
    r"papers|document|"
    r"report|results?|form|e-prescription|qr code|token|pass|summary|summaries)"
)
FAKE_DOCUMENT = _rx(
    r"\b(?:make|create|produce|draft|write|design|generate|mock up|print|type up|do|need|want|fill)\b "
    r"(?:[\w'’]+ ){0,6}?"
    + _DOC
    + r"\b.{0,160}?(?:\b(?:saying|stating|that says|says|showing|confirming|to say) (?:that )?(?:i\b|i'?ve|i'?m|me\b|"
    r"my\b)|\bfrom (?:dr\.?|doctor|my (?:gp|consultant|psychiatrist|doctor|surgeon)|a (?:psychiatrist|doctor|"
    r"consultant|gp|clinic))\b|\b(?:clinic|hospital|practice|surgery|doctor'?s|official) stamp|\bthe stamp\b|\bwith "
    r"(?:his|her|dr\.?\s*\w+'?s?) name|\brealistic name|\blicen[cs]e number|\bbatch numbers?|\bfor my name|\bin my "
    r"name|\blooks? like it came from|\b(?:will|would) accept\b|\bthat passes\b|\bwithout a prescriber|\bheaded paper|"
    r"\bletterhead|\bexcus\w* me from|\bsign\w* me off|\bi (?:wasn'?t|was not|haven'?t|have not|didn'?t|did not) "
    r"(?:actually|really)\b|\brealistic\b|\bmy details\b)"
    r"|\b(?:write|make|do|issue|give|print)\b (?:me|us) (?:a |an )?(?:prescription|script|rx)\b (?:\w+ ){0,2}?for\b"
    r".{0,30}?"
    + CONTROLLED_MORE
    + r"|\b(?:put|use|add|copy)\b (?:\w+ ){0,2}?(?:dr\.?\s*\w+'?s?|(?:a|the|my|his|her) (?:doctor|gp|prescriber)'?s?) "
    r"(?:dea|gmc|npi|prescriber|licen[cs]e|registration)? ?(?:number|no|signature|stamp|name|details)\b.{0,60}?"
    r"\b(?:on|onto|in|into)\b (?:this|the|a|my) (?:script|prescription|rx|form|note|letter)"
    r"|\bso (?:i|we) can make one\b.{0,80}?\bpass"
    r"|\b(?:fp10|prescription|script|rx|sick note|fit note) templates?\b|\btemplates?\b.{0,60}?\b(?:prescription|script"
    r"|fp10|sick note|fit note)s?\b.{0,60}?\b(?:fill|myself|any drug)"
    r"|\b(?:write|make|do|create|sign)\b (?:me )?(?:one|it|this|that) (?:\w+ ){0,3}?(?:from|as|signed by) (?:dr\.?|doc"
    r"tor)\b|\bwith (?:his|her|their|the doctor'?s|dr\.? \w+'?s?) signature\b"
    r"|\bsign\w* (?:\w+ ){0,3}?(?:prescriptions?|scripts?|rx|note|letter|form|certificate|it|this|that) (?:as|from|in "
    r"the name of|with the name of|on behalf of) (?:dr\.?|doctor|a doctor|my doctor|my gp|the gp|my consultant)"
)

# Getting controlled drugs around the prescriber: sellers, smuggling, fooling a clinician, diverting supplies.
CONTROLLED_WITHOUT_PRESCRIBER = _rx(
    r"\b(?:telegram|snapchat|wickr|discord|whatsapp|instagram|vendors?|plugs?|dealers?)\b.{0,80}?\b(?:sell\w*|"
    r"ship\w*|post\w*|deliver\w*)\b|\b(?:post|ship|deliver)\w* discreet\w*|\bdiscreet(?:ly)? (?:post|ship|deliver)"
    r"|\bnot bothered about (?:a |the )?(?:prescription|script)"
    r"|\b(?:what|which|exact) (?:exact )?(?:words|things|story|lines?|symptoms)\b.{0,40}?\b(?:make|get|will make|to "
    r"make)\b (?:them|him|her|the doctor|my gp|the gp) (?:prescribe|give)"
    r"|\b(?:story|lie|excuse|thing) to tell (?:the |my |a )?(?:\w+ )?(?:doctor|gp|nurse|pharmacist|clinic)\b"
    r"|\bget (?:my|the|a) (?:gp|doctor|psychiatrist|prescriber) to (?:put me on|prescribe|give me)\b.{0,40}?"
    + CONTROLLED_MORE
    + r"|\b(?:fake|faking|feign|pretend to have|exaggerate|make up (?:symptoms|a story|pain))\b.{0,100}?"
    + CONTROLLED_MORE
    + r"|"
    + CONTROLLED_MORE
    + r".{0,100}?\b(?:symptoms (?:do|should|can) i (?:fake|claim|say)|fake (?:on|in) the)"
    r"|\bwithout (?:going through|seeing|a) (?:a |the )?(?:clinic|doctor|gp|prescriber)\b"
    # 10.1.0: taking drugs through customs, unless the same sentence asks for the lawful way ("do I need a licence to
    # carry my oxycodone through customs?" is answered; "how do I get benzos through customs in my bag" is not)
    r"|\bvet(?:erinary)? suppl\w*|\bsmuggl\w*"
    r"|(?:^|(?<=[.?!\n]))(?![^.?!\n]*?\b(?:legitimate|legal(?:ly)?|lawful(?:ly)?|licen[cs]e|permit|prescribed|"
    r"my own)\b)"
    r"[^.?!\n]*?\bthrough (?:\w+ )?customs\b"
    r"|\btake (?:a few|some|one|two)\b.{0,40}?\bwithout\b.{0,40}?\bnoticing"
    r"|\b(?:divert\w*|diversion of)\b (?:\w+ ){0,2}?"
    + CONTROLLED_MORE
    + r"|\b(?:doctor|prescriber|gp|consultant)'?s? (?:prescribing )?(?:login|password|credentials|smartcard|account)"
    r"|\bdon'?t (?:actually|really) have (?:pain|adhd|anxiety|insomnia|symptoms)"
    r"|\b(?:where|how|who)\b.{0,30}\b(?:score|cop|buy|get hold of|pick up)\b (?:\w+ ){0,3}?(?:xans?|bars|percs?|"
    r"oxys?|roxies|vics|addys?|kpins?|lean|blues|ket|benzos?|xanax|valium|diazepam|oxy\w*|fentanyl|ketamine)\b"
    r"|\b(?:more|extra|early|another)\b (?:\w+ ){0,2}?"
    + CONTROLLED_MORE
    + r".{0,60}?\b(?:than prescribed|by (?:telling|saying|claiming|pretending))|\b(?:say|tell\w*|claim\w*|pretend\w*) "
    r"(?:\w+ ){0,4}?(?:i|we) (?:lost|dropped|spilled) (?:it|them|my)"
    r"|\b(?:plugs?|dealers?) for\b|\b(?:chemist|pharmacy|pharmacist|doctor|gp|clinic)s?\b (?:\w+ ){0,3}?(?:that |who |w"
    r"hich )?(?:doesn'?t|does not|won'?t|will not|don'?t) ask (?:any )?questions"
    r"|\b(?:two|2|multiple|several|different) (?:different )?(?:gps?|doctors|surgeries|practices|pharmacies|prescribers"
    r")"
    r"\b.{0,80}?\b(?:double|twice|extra|more)\b.{0,40}?"
    + CONTROLLED_MORE
    # someone else's controlled drug, taken
    + r"|\b(?:someone else'?s|(?:my |his |her |a )?(?:friend|mate|mum|mom|dad|nan|brother|sister|flatmate|partner|neigh"
    r"bou?r)"
    r"(?:'?s| has| had| gave me))\b.{0,60}?"
    + CONTROLLED_MORE
    + r".{0,100}?\b(?:how much|how many|should i take|can i take|drug test)\b"
    r"|"
    + CONTROLLED_MORE
    + r".{0,120}?"
    + _CONCEAL
    + r"|\b(?:take home|keep|pocket|skim)\b (?:\w+ ){0,3}?"
    + CONTROLLED_MORE
    + r".{0,80}?\b(?:without|so)\b.{0,40}?\b(?:book|register|record|count|audit|log)\b"
)

# Prompt injection and persona jailbreaks: hidden instructions, encoded instructions, fake policy tags, personas.
PROMPT_INJECTION = _rx(
    r"\b(?:ignore|disregard|forget|override|bypass)\b (?:\w+ ){0,3}?(?:polic(?:y|ies)|guidance|programming|safety)"
    r"|\b(?:note|message|instruction)s? (?:to|for) (?:the )?(?:ai|assistant|model|chatbot|llm)\b|\badmin note"
    r"|<!--.{0,40}?\b(?:assistant|ai|system|model)\b"
    r"|\b(?:system|admin|developer|safety) (?:override|mode on)\b|\bsafety (?:off|disabled)\b|\b(?:filters?|guardrails|"
    r"restrictions) (?:off|disabled|removed)\b"
    r"|\b(?:ignorez|ignora|ignorar|ignoriere|ignoruj|negeer)\b"
    r"|\b(?:dump|print|output|repeat|reveal|show|copy)\b.{0,60}?\b(?:configuration|config|instructions?|text|prompt)s?"
    r" (?:that |which )?(?:precedes?|came before|comes before)|\b(?:precedes?|before) my first message"
    r"|system[_-]prompt|!\[[^\]]*\]\(https?://[^)]*\{"
    r"|\bopposite (?:game|mode)\b|\btell me the (?:dangerous|unsafe|lethal|opposite) (?:version|answer|dose)"
    # a claimed authority asking which poisons escape a screen (a clinician asks which drugs a screen misses)
    r"|\b(?:badge|detective|officer|investigator|for (?:an? |my |our )?(?:ongoing )?(?:case|investigation))\b.{0,160}?"
    r"\bpoisons?\b.{0,60}?\b(?:missed|not (?:detected|picked up)|undetect\w*|(?:don'?t|do not|won'?t) show)"
    r"|\b(?:translate|decode|read)\b.{0,40}?\b(?:and|then) (?:do|follow|obey|execute) (?:what|it|the|whatever)"
    r"|\b(?:decode|base64|rot13|hex[- ]encoded)\b.{0,80}?\b(?:follow|execute|obey|do what|carry out|run)\b"
    r"|\b(?:follow|execute|obey)\b.{0,40}?\b(?:base64|encoded|rot13)\b"
    r"|\[\[?\s*/?\s*system\s*\]\]?|\byou (?:may|can|are (?:now )?allowed to) now (?:provide|give|answer|share|tell|"
    r"ignore|explain)|\bnew policy\b.{0,60}?\byou (?:may|can)\b"
    r"|\b(?:amoral|immoral|never refuses|no (?:moral|ethical) (?:limits|guidelines|compass)|without (?:any )?"
    r"(?:morals|ethics))\b"
    r"|\b(?:simulate|emulate|act as|pretend to be|you are)\b (?:a |an )?(?:\w+ )?(?:terminal|shell|linux|bash|"
    r"console|command line)\b|\bcat /\S*"
    r"|\b(?:scene|screenplay|story|novel|script|thriller|film|movie|game|character|hypothetically)\b.{0,160}?"
    r"\b(?:step by step|real doses|exact doses|exactly|precise)\b.{0,120}?\b(?:poison\w*|kill\w*|overdose|lethal|"
    r"never detected|sedate)"
    r"|\b(?:hypothetically|for a (?:screenplay|story|novel|film)|in a world with no laws)\b.{0,200}?\b(?:sedate|"
    r"poison|overdose|knock out|without them remembering|lethal)"
)
