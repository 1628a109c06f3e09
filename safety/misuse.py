"""Requests this tool declines: forged prescriptions, controlled drugs without a prescriber, medicines combined to
overdose or self-harm, harming others, and prompt injection or role-play jailbreaks.

Each category needs a purpose, not a topic: "paracetamol overdose threshold and NAC dosing" or "maximum daily dose
of oxycodone in palliative care" name the same drugs as a misuse request but ask for clinical knowledge, so they
stay answered. A finding about self-harm also sets `also_crisis`, so the caller shows the crisis notice as well as
the refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from safety import misuse_intent


@dataclass(frozen=True)
class MisuseFinding:
    category: str
    message: str
    also_crisis: bool


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.DOTALL)


_CONTROLLED = (
    r"(?:oxy\w*|fentanyl|morphine|hydrocodone|hydromorphone|dilaudid|vicodin|percocet|codeine|co-codamol|tramadol|"
    r"tapentadol|methadone|buprenorphine|suboxone|opioids?|opiates?|painkillers|benzos?|benzodiazepines?|xanax|"
    r"alprazolam|valium|diazepam|lorazepam|ativan|clonazepam|klonopin|zolpidem|ambien|zopiclone|adderall|ritalin|"
    r"methylphenidate|vyvanse|lisdexamfetamine|dexamphetamine|amphetamines?|modafinil|ketamine|pregabalin|lyrica|"
    r"gabapentin|steroids|testosterone|anabolic|sleeping (?:pills|tablets)|controlled (?:drugs?|substances?|meds?)|"
    r"dxm|dextromethorphan|loperamide|promethazine|cough syrup|ketamine|morphine|diamorphine|heroin|cocaine|meth)"
)
_SELF = r"(?:i|me|myself|my|i'm|im|i am|i've)"
_KILL_PURPOSE = (
    r"(?:to (?:die|kill (?:myself|me)|end (?:it|it all|my life|things)|not wake up|"
    r"never wake up|overdose|od\b|commit suicide)|make sure (?:i|he|she|they) (?:die|(?:don'?t|do not|never|won'?t) "
    r"wake)|(?:would|will|to) "
    r"(?:kill|be fatal|be lethal|be enough to die)|so (?:that )?(?:i|he|she|they) (?:die|dies|don'?t wake|won'?t wake|"
    r"never wake|stop breathing)|and not wake up|enough to (?:die|kill|end it|overdose|be fatal|be lethal)|"
    r"(?:lethal|fatal|deadly) (?:combination|mix|cocktail|amount|dose|overdose) (?:for me|to take|i could|i can)|"
    r"(?:would|will) (?:it )?(?:take|need) to (?:die|kill me|not wake up)|to stop (?:my|his|her) heart|(?:so|and) "
    r"(?:that )?(?:nobody|no one|no-one) (?:can|could|will|would) (?:save|find|help|revive) me|to not (?:survive|wake))"
)

_SELF_INTENT = (
    r"(?:\b(?:i|i'm|im|i am)\b (?:\w+ ){0,2}?(?:thinking (?:about|of)|planning|going|want(?:ing)?|wanna|ready|"
    r"decided|intend\w*) (?:to )?(?:tak(?:e|ing) (?:them|it|the lot|all|every)|end(?:ing)? (?:it|my life|things)|"
    r"kill(?:ing)? myself|die|overdos\w*|not wak\w* up|swallow\w* (?:them|all))|\bi want to (?:end it|die|be dead)|"
    r"\bend it all\b|\bsuicid\w*|\bkill myself|\bend my life|\bnot (?:be )?(?:here|around) (?:tomorrow|anymore))"
)
_DOSE_QUESTION = (
    r"(?:\bhow (?:many|much)\b|\bwhat (?:dose|amount|number)\b|\bwhich (?:pills|tablets|meds|medicines|drugs)\b|"
    r"\b(?:would|will|is|are) (?:\w+ ){0,2}(?:toxic|lethal|fatal|deadly|enough)\b)"
)

_RULES: tuple[tuple[str, str, bool, re.Pattern[str]], ...] = (
    (
        "prompt_injection",
        "instructions that try to override this assistant's rules or reveal its configuration",
        False,
        _rx(
            r"\b(?:ignore|disregard|forget|override|bypass|skip|drop)\b (?:\w+ ){0,3}?(?:previous|prior|above|earlier|"
            r"preceding|former|original|initial|system|safety|your|all|the|any)? ?(?:instructions?|prompts?|rules|"
            r"guidelines|guardrails|directives|programming|training|restrictions|filters|policies|constraints)"
            r"|\b(?:reveal|show|print|repeat|output|display|dump|leak|tell me|give me|share|what (?:is|are|was)|"
            r"what'?s|copy)\b (?:\w+ ){0,3}?(?:system|initial|hidden|developer|original|secret|internal) (?:prompt|"
            r"instructions?|message|rules|configuration|guidelines)|\bsystem prompt\b|\bdeveloper mode|\bjail ?break"
            r"|\b(?-i:DAN)\b|\bdo anything now|\bunfiltered (?:mode|ai|assistant|response)|\buncensored (?:mode|ai|"
            r"assistant|version)|\bgod mode|\bno (?:more )?(?:rules|restrictions|limits|filters|guidelines) (?:apply|"
            r"anymore|from now)|\bfrom now on,? you (?:are|will|must|have no)|\byou are no longer (?:bound|an? "
            r"(?:ai|assistant))|\bnew (?:system )?instructions?:|</?(?:system|instructions?)>|\[/?inst\]|<\|im_start\|>"
            r"|###\s*(?:system|instruction)|\bfreed from (?:all |any |your )?(?:policies|rules|restrictions|guidelines|"
            r"filters)|\bstay in character\b|\b[\w-]*(?:unfiltered|uncensored|jailbroken|unrestricted)\b"
            r"|\bact as (?:an? )?(?:unrestricted|unfiltered|uncensored|evil|jailbroken)"
            r"|\b(?:pretend|imagine|act|behave|roleplay|role-play|play the role)\b (?:\w+ ){0,4}?(?:you are|you'?re|to "
            r"be|as|that you)\b.{0,120}?\b(?:no|without|free (?:of|from)|not bound by|ignor\w*|unrestricted|unfiltered|"
            r"uncensored|any) (?:\w+ ){0,2}?(?:rules|restrictions|limits|filters|guidelines|ethics|morals|safety|"
            r"censorship|policies)"
            r"|\b(?:pretend|imagine|act|roleplay|role-play)\b (?:\w+ ){0,4}?(?:you are|you'?re|to be|as)\b (?:my|a|an|t"
            r"he)"
            r" (?:\w+ )?(?:doctor|physician|gp|psychiatrist|pharmacist|prescriber|surgeon|nurse practitioner)\b.{0,120}"
            r"?"
            r"\b(?:prescri\w*|sign\w*|authori[sz]\w*|approve|certif\w*|write (?:me|a|an|the|out|to|this|that|letters?)|"
            r"give me|dispense|order|say(?:ing)? (?:i'?m|i am|that i|he|she) (?:fit|well|unfit))\b"
            r"|\b(?:my (?:late |dead )?grand(?:ma|mother|pa|father)|bedtime story)\b.{0,160}\b(?:recipe|synthes\w*|how "
            r"to make|cook|lethal|overdose|poison)"
        ),
    ),
    (
        "prescription_forgery",
        "forging, faking or signing prescriptions or medical documents in someone else's name",
        False,
        _rx(
            r"\b(?:forge\w*|forging|fake\w*|faking|falsif\w*|counterfeit\w*|fraudulent\w*|doctor(?:ed|ing)|alter(?:ed|i"
            r"ng)?|"
            r"chang(?:e|ing) the (?:quantity|dose|date|name|number) on|edit(?:ing)?|photoshop\w*|copy(?:ing)?|replicat"
            r"\w*"
            r"|mimic\w*|trac(?:e|ing))\b (?:[\w'’]+ ){0,4}?(?:prescriptions?|scripts?|rx|signatures?|sick notes?|fit no"
            r"tes?|"
            r"doctor'?s notes?|medical certificates?|letterheads?|dea (?:number|registration))"
            r"|\b(?:prescriptions?|scripts?|rx)\b.{0,100}?\b(?:signed (?:by|as|with|off by)|with (?:the |a |his |her "
            r"|dr\.? |doctor )?(?:\w+ )?(?:'s )?signature|in (?:the|his|her|dr\.?|doctor) \w* ?name|under (?:dr\.?|"
            r"doctor|the name)|using (?:dr\.?|doctor|his|her|the) (?:\w+ )?(?:name|details|dea|gmc|npi|number)|"
            r"(?:that )?(?:looks?|will look|pass(?:es)? as) (?:real|genuine|legit\w*|official|authentic)|the "
            r"pharmacist (?:will|won'?t) (?:accept|notice|question)|letterhead)"
            r"|\bletterhead\b.{0,80}?\b(?:prescriptions?|scripts?|rx)\b"
            r"|\b(?:sign|signed|signing)\b (?:it|this|that|the (?:prescription|script|form)) (?:as|for|from|in the name"
            r" "
            r"of|with the name of) (?:dr\.?|doctor|a doctor|my doctor|my gp)"
            r"|\b(?:write|make|create|draft|generate|print|produce|fill (?:in|out)|mock up|design|type up|give me|get m"
            r"e)"
            r"\b.{0,60}?\b(?:prescriptions?|scripts?|rx|fp10|sick notes?|fit notes?|doctor'?s notes?|medical notes?|"
            r"medical certificates?|certificates?|discharge (?:letters?|summar\w+)|test results?|lab results?|"
            r"vaccination (?:cards?|records?|certificates?)|covid (?:tests?|passes?|certificates?)|referral letters?|"
            r"medical reports?|letters? from (?:a|my|the) (?:doctor|gp|consultant))\b.{0,140}?\b(?:signed|"
            r"signatures?|letterhead|(?:lab |official |hospital |surgery |practice )?stamps?|logo|valid[- ]looking|"
            r"look(?:s|ing)? (?:real|genuine|legit\w*|official|authentic|valid)|in my name|dea (?:number|no)|gmc "
            r"(?:number|no)|npi|that (?:my|the) (?:employer|school|court|insurer|pharmacist|pharmacy) will accept)\b"
        ),
    ),
    (
        "controlled_drugs_without_prescriber",
        "obtaining controlled or prescription-only drugs without a prescriber",
        False,
        _rx(
            r"\b(?:get|buy|obtain|order|source|score|acquire|purchase|get hold of|find|cop|pick up|import)\b (?:\w+ )"
            r"{0,4}?" + _CONTROLLED + r"\b.{0,80}?\b(?:without (?:a |any |the )?(?:prescription|script|rx|doctor|"
            r"prescriber|gp|seeing|going to|consult\w*)|no (?:prescription|script|questions asked|doctor)|on the "
            r"(?:dark ?web|street|black market)|dark ?web|darknet|illegally|from a dealer|off the street|under the "
            r"(?:table|counter)|without (?:my|a) (?:doctor|gp) knowing)"
            r"|\b(?:without (?:a )?(?:prescription|script|doctor))\b.{0,60}?\b(?:get|buy|obtain|order|source)\b (?:\w+ "
            r")"
            r"{0,3}?"
            + _CONTROLLED
            + r"|\b(?:how (?:can|do|to|should) i|help me|i (?:want|need|plan) to|tips (?:for|on)|best way to) (?:go )?"
            r"doctor[- ]shop|\b(?:trick|fool|convince|persuade|con|manipulate|lie to)\b (?:\w+ )"
            r"{0,2}?(?:the |a |my )?(?:doctor|gp|pharmacist|physician|prescriber|a&e|er)\b.{0,60}?\b(?:prescri\w*|"
            r"giv\w*|get|into)\b"
            r"|\bwhat (?:should|do|can) i (?:say|tell|pretend)\b.{0,60}?\b(?:to get|so (?:they|he|she|the doctor) "
            r"(?:will )?(?:give|prescribe))\b.{0,40}?"
            + _CONTROLLED
            + r"|\b(?:fake|exaggerate|pretend to have|make up)\b (?:\w+ ){0,3}?(?:symptoms|pain|adhd|anxiety|"
            r"insomnia)\b.{0,60}?\b(?:to get|so (?:i|they) (?:can|will)|for)\b.{0,40}?"
            + _CONTROLLED
            + r"|\b(?:symptoms|things|what|which symptoms) (?:\w+ ){0,2}(?:to )?(?:fake|exaggerate|pretend|claim|say|"
            r"mention|"
            r"describe)\b.{0,80}?\b(?:get|be) (?:prescribed|given|a prescription for|a script for)\b.{0,40}?"
            + _CONTROLLED
            + r"|\bcold[- ]water extraction|\b(?:extract|separate|isolate|get) (?:the )?(?:codeine|opioid|oxycodone|"
            r"morphine|hydrocodone|dextromethorphan|dxm|pseudoephedrine)\b (?:out )?(?:of|from)\b|\b(?:how|best way)\b"
            r".{0,40}?\b(?:snort|inject|smoke|shoot up|plug)\b.{0,40}?"
            + _CONTROLLED
            + r"|\bbypass (?:the )?(?:abuse[- ]deterrent|time[- ]release|extended[- ]release|tamper)"
            r"|\b(?:steal|stealing|take|taking|pocket|divert\w*)\b (?:\w+ ){0,3}?"
            + _CONTROLLED
            + r"\b.{0,60}?\b(?:from (?:work|the ward|the pharmacy|the hospital|patients?|the cupboard|the drug "
            r"(?:cupboard|safe))|without (?:anyone|them|it being) (?:noticing|knowing|recorded))"
        ),
    ),
    (
        "harm_to_others",
        "harming, poisoning or sedating another person",
        False,
        _rx(
            r"\b(?:poison\w*|kill\w*|murder\w*|sedat\w*|drug(?:ging)?|knock (?:out|\w+ out)|overdose|harm|hurt|"
            r"incapacitat\w*|make \w+ (?:sick|ill|unconscious|sleep|pass out))\b (?:my |a |the |his |her |their |"
            r"our )?(?:\w+ )?(?:wife|husband|partner|boyfriend|girlfriend|ex|someone|somebody|him|her|them|mother|"
            r"father|mum|mom|dad|child|baby|kid|son|daughter|boss|neighbou?r|patient|colleague|person|man|woman|"
            r"people|roommate|flatmate|grandma|grandmother|grandfather)\b.{0,120}?\b(?:without (?:him|her|them|"
            r"anyone|being|getting)|undetect\w*|untrace\w*|secretly|in (?:his|her|their) (?:food|drink|tea|coffee|"
            r"meal|water)|(?:look|looks) like (?:an accident|natural causes|a heart attack)|so (?:he|she|they) "
            r"(?:dies?|won'?t wake|never wakes|stops? breathing|sleeps|passes out|can'?t (?:resist|remember)|(?:doesn'?"
            r"t|"
            r"does not|don'?t) wake)|without "
            r"(?:a )?trace|get away with|won'?t (?:be )?(?:notice|detect|show up|find out)|not (?:show up|be detected)|"
            r"on (?:an? )?(?:autopsy|post[- ]?mortem|tox(?:icology)? screen))"
            r"|\b(?:spike|spiking|drug|drugging)\b (?:a |her |his |my |someone'?s |their )?(?:\w+ )?drinks?\b"
            r"|\bdate[- ]rape drug|\b(?:undetectable|untraceable)\b (?:\w+ )?(?:poison|drug|toxin|substance|way)"
            r"|\b(?:how|best way|easiest way) to (?:poison|kill|murder|smother|suffocate)\b"
            r"|\b(?:lethal|fatal|deadly) (?:dose|amount|injection)\b.{0,80}?\b(?:to kill|for (?:my|a|the) (?:wife|"
            r"husband|partner|mother|father|mum|dad|baby|child|patient|neighbou?r|boss)|kill (?:him|her|them|"
            r"someone))\b"
            r"|\b(?:insulin|potassium|digoxin)\b.{0,40}?\bto (?:kill|murder|get rid of)\b(?! (?:my|him|her|them)sel)"
            r"|\b(?:crush|put|slip|mix|hide|add|sneak|dissolve|grind)\w* (?:\w+ ){0,5}?(?:into|in) (?:his|her|their|my "
            r"\w+'?s?|someone'?s|the (?:baby|child|patient)'?s?) (?:food|drinks?|tea|coffee|meals?|water|juice|milk|bot"
            r"tle|"
            r"formula|wine|beer)\b"
            r"|\bmake (?:\w+'?s? ){0,3}death (?:look|seem|appear) (?:like|natural|accidental)"
            r"|\b(?:make|made) it (?:look|seem|appear) like (?:an accident|natural causes|a heart attack|suicide|"
            r"an overdose)"
            r"|\bi (?:want|am going|'m going|will|plan) to (?:kill|hurt|poison|stab|shoot) (?:my |him|her|them|"
            r"someone|somebody|people|everyone)"
        ),
    ),
    (
        "self_harm_overdose",
        "choosing or combining medicines to overdose or harm yourself",
        True,
        _rx(
            r"\b(?:which|what|how many|how much|best|easiest|quickest|fastest|painless\w*|most effective)\b (?:\w+ ){0,"
            r"6}?"
            r"(?:pills?|tablets?|medicines?|medications?|meds|drugs|otc|over[- ]the[- ]counter|paracetamol|tylenol|"
            r"ibuprofen|aspirin|insulin|antidepressants?|sleeping pills|painkillers|\w+ and \w+)\b.{0,100}?"
            + _KILL_PURPOSE
            + r"|\b(?:combine|combining|mix|mixing|take together|stack|stacking|cocktail)\b.{0,80}?(?:"
            + _KILL_PURPOSE
            + r"|(?:to|and) (?:overdose|od)\b)"
            r"|\b(?:lethal|fatal|deadly) (?:dose|amount|combination|overdose)\b.{0,80}?\b(?:for me|for myself|i (?:need"
            r"|"
            r"should|could|would)|so i|to (?:die|end|kill myself))\b"
            r"|"
            + _SELF_INTENT
            + r".{0,200}?"
            + _DOSE_QUESTION
            + r"|"
            + _DOSE_QUESTION
            + r".{0,200}?"
            + _SELF_INTENT
            + r"|\b"
            + _SELF
            + r" (?:want|wanna|need|plan|am going|'m going|intend)\w* to (?:overdose|od)\b.{0,60}?"
            r"\b(?:how|which|what)\b|\bhow (?:can|do|could|would|should) i (?:overdose|od)\b|\bhow to (?:overdose|od)\b"
            r"|\bpainless (?:way|method) to (?:die|go|end it|kill myself)|\bhow (?:can|could|do|would) i (?:kill "
            r"myself|end my life|end it)|\bsure[- ]?fire way to (?:die|overdose)"
        ),
    ),
)

# Phrasings the main patterns miss, found by writing new requests of each kind (kept apart so each stays readable).
_MORE: dict[str, re.Pattern[str]] = {
    "prompt_injection": _rx(
        r"\byou are now\b.{0,120}?\b(?:answers? (?:everything|anything|all)|can do anything|has no|have no|without "
        r"(?:limits|rules|restrictions))|"
        r"\bignore (?:all |everything )?(?:of )?(?:the |what'?s )?(?:above|previous|prior|earlier|before)\b"
        r"|\brepeat (?:everything|all|the (?:text|words|message)|what (?:is|was) written) (?:\w+ )?(?:above|before)"
        r"|\bwhat (?:were|are) you (?:told|instructed|programmed|given) (?:before|at the start|to do)"
        r"|\b(?:reveal|show|print|output|tell me|give me|list|what are) (?:me )?your (?:hidden |secret |internal |"
        r"original |initial |exact )?(?:instructions|rules|prompt|configuration|guidelines)\b"
        # The freedom must be a lack of rules ("without", "no", "ignores"), not "with" or "has": "classed as category 2
        # 'fit with restrictions'" in a study abstract was refused as a jailbreak.
        r"|\b(?:you are|you'?re|act as|pretend|play(?: a game)?|let'?s play|roleplay|role-play|from now on|as)\b"
        r".{0,150}?"
        r"\b(?:without|no|free (?:of|from)|not bound by|ignore\w*)\b (?:any |a |all )?(?:content |safety "
        r"|"
        r"ethical |moral |usage )?(?:polic(?:y|ies)|filters?|guardrails|censorship|restrictions|rules|guidelines|limits"
        r"|"
        r"ethics|morals)\b"
        r"|\b(?:grand(?:ma|mother|pa|father)|nan|bedtime story)\b.{0,200}?\b(?:extract\w*|get(?:ting)? high|synthes\w*|"
        r"recipe|lethal|overdose|poison\w*|meth\b|how to make)\b"
        r"|\b(?:extract\w*|get(?:ting)? high|synthes\w*|recipe|lethal|overdose|poison\w*)\b.{0,200}?\bbedtime story"
        r"|\b(?:story|novel|script|fiction|poem)\b.{0,120}?\b(?:exact(?:ly)?|precise(?:ly)?|step[- ]by[- ]step|how many"
        r" "
        r"(?:pills|tablets))\b.{0,80}?\b(?:die|kill|lethal|overdose|poison)"
        r"|\b(?:grand(?:ma|mother|pa|father)|nan|bedtime story)\b.{0,200}?\b(?:meth|methamphetamine|crystal meth|heroin"
        r"|n"
        r"apalm)\b.{0,80}?\b(?:make|made|cook\w*|recipe|steps|synthes\w*|turn\w*)|\b(?:grand(?:ma|mother|pa|father)|nan"
        r"|bedt"
        r"ime story)\b.{0,200}?\b(?:mak\w*|cook\w*|recipe|steps|synthes\w*|turn\w*)\b.{0,80}?\b(?:meth|methamphetamine|"
        r"crys"
        r"tal meth|heroin|napalm)\b"
    ),
    "prescription_forgery": _rx(
        r"\b(?:write|make|create|generate|produce|draft|do|type|print|get|give|send|need|want)\b (?:\w+ ){0,3}?(?:a |an"
        r" |the )?"
        r"(?:prescription|script|rx|fit note|sick note|doctor'?s note|medical certificate|discharge letter|letter|"
        r"certificate|test result)\b.{0,120}?\b(?:(?:dr\.?|doctor) \w+'?s? name|name on it|signed|signature|"
        r"letterhead|headed paper|stamp|logo|look(?:s|ing)? (?:real|official|genuine|legit\w*)|saying (?:that )?i(?:'m|"
        r" am| was| had"
        r"|"
        r" have)|that says i(?:'m| am| was| had| have))"
        r"|\b(?:fake|forged|bogus|phony|phoney|counterfeit)\b (?:\w+ ){0,2}?(?:prescription|script|rx|fit note|sick "
        r"note|doctor'?s note|medical certificate|certificate|letter|test result|vaccin\w* (?:card|record|certificate))"
        r"|\b(?:make|write|create|print|type|draw up|do|format|lay out|mock up|prepare|fill out)\b (?:me |us )?(?:up )?"
        r"(?:a |an |another |a new )?(?:new )?(?:one|copy|script|prescription|rx)\b.{0,80}?\b(?:dea|gmc|npi|prescriber'"
        r"?s?|doctor'?s|dr\.? \w+'?s?) (?:number|no\b|name|signature|details|stamp)"
        r"|\b(?:format|lay out|mock up|prepare|fill out|draw up|type up)\b (?:\w+ ){0,2}?(?:prescription|script|rx)\b.{"
        r"0,200}?\b(?:prescriber:? (?:dr\.?|doctor) \w+|(?:looks?|seems?|appears?) (?:like )?(?:it )?(?:came|comes?) fr"
        r"om (?:his|her|their|the|a|my) (?:\w+ )?(?:office|practice|surgery|clinic|hospital))"
    ),
    "controlled_drugs_without_prescriber": _rx(
        r"\b(?:dark ?web|darknet|silk road|deep web)\b.{0,80}?"
        + _CONTROLLED
        + r"|"
        + _CONTROLLED
        + r".{0,80}?\b(?:dark ?web|darknet|silk road|deep web)\b"
        # "which doctor hands out ..." only about a controlled drug (a pharmacy handing out naloxone is lawful)
        r"|(?=.{0,160}?"
        + _CONTROLLED
        + r")\b(?:doctor|gp|clinic|pharmacy|pharmacist|site|website|online|dealer)\b.{0,40}?"
        r"\b(?:gives? out|hands? out|prescribes? (?:\w+ )?easily|no questions|easy to get|without asking)\b"
        r"|" + _CONTROLLED + r".{0,120}?\b(?:doctor|gp|clinic|pharmacy|pharmacist|site|website|online|dealer)\b.{0,40}?"
        r"\b(?:gives? out|hands? out|prescribes? (?:\w+ )?easily|no questions|easy to get|without asking)\b"
        r"|\bi (?:don'?t|do not) have a (?:prescription|script)\b.{0,80}?\b(?:where|how|which|get|buy)\b"
        r"|\b(?:where|how|which)\b.{0,80}?\b(?:get|buy|find|order)\b.{0,60}?\bi (?:don'?t|do not) have a "
        r"(?:prescription|script)"
        r"|\b(?:get|take|keep|skim|pocket)\b (?:\w+ ){0,3}?" + _CONTROLLED + r"\b.{0,60}?\bwithout (?:it )?being "
        r"(?:recorded|logged|noticed|counted|signed out)"
        r"|\bhow (?:to|do i|can i|do you) get high\b|\bget(?:ting)? high (?:on|off|from|with)\b"
        r"|\b(?:get|buy|order|source)\b (?:\w+ ){0,3}?" + _CONTROLLED + r"\b.{0,40}?\b(?:no|without(?: a| an)?)\s+"
        r"(?:rx|script|prescription)\b"
        r"|\b(?:extract|separate|isolate|get|scrape|squeeze|suck|chew)\b (?:\w+ ){0,2}?(?:codeine|opioids?|oxycodone|mo"
        r"rphine|hydrocodone|fentanyl|buprenorphine|dxm|dextromethorphan|pseudoephedrine|the drug|the gel|the medicine)"
        r"\b (?:\w+ ){0,2}?out\b.{0,30}?\b(?:to (?:use|take|inject|smoke|snort|get high)|use it|so i can)"
        r"|\b(?:convince|trick|fool|persuade|con|lie to)\b.{0,100}?\bso (?:that )?i can (?:take|use|have|get) (?:it|the"
        r"m|some)(?: myself)?\b"
        r"|\b(?:vets?|veterinar\w*)\b.{0,160}?\b(?:take it myself|take them myself|for myself|so i can (?:take|use|have"
        r"))"
        r"|\b(?:turn\w*|convert\w*|mak\w*|cook\w*|synthes\w*)\b (?:\w+ ){0,2}?(?:pseudoephedrine|ephedrine|sudafed|code"
        r"ine|morphine|poppies|cold medicine)\b (?:\w+ ){0,2}?into\b"
    ),
    "harm_to_others": _rx(
        r"\b(?:a lot of|lots of|loads of|extra|double|enough)\b (?:\w+ ){0,2}?to (?:make|keep|knock) (?:him|her|them|"
        r"my \w+) (?:sleep|out|quiet|unconscious|drowsy)|\bto make (?:him|her|them) sleep\b.{0,60}?\b(?:a lot of|lots "
        r"of|loads of|extra|double)\b"
        r"|\bmake (?:someone|somebody|him|her|them|my \w+|a person|people) (?:\w+ )?(?:sick|ill|vomit|unwell|pass out)"
        r"\b.{0,60}?\b(?:without|secretly|not know|undetect\w*)|"
        r"\b(?:how much|how many|what dose|what amount|which)\b.{0,60}?\b(?:would|will|to|could)\b (?:\w+ )?"
        r"(?:kill|murder|knock out|finish off|poison)\b (?:an? |my |the |his |her |that )?(?:\w+ )?(?:man|woman|person|"
        r"someone|somebody|him|her|them|wife|husband|partner|mother|father|mum|dad|baby|child|patient|neighbou?r|boss)"
        r"|\bmake (?:my |his |her |their |a |an |the |someone|somebody)(?:\w+ ){0,2}(?:go into a coma|unconscious|pass "
        r"out|black out|stop breathing|die|sleep (?:all day|for hours|through))"
        r"|\b(?:sedate|drug|knock out)\b (?:my |his |her |a |the )?(?:\w+ )?(?:wife|husband|partner|mother|father|"
        r"mum|dad|child|baby|kids?|patient|neighbou?r|boss|him|her|them)\b.{0,80}?\bso (?:he|she|they) "
        r"(?:doesn'?t|does not|don'?t|won'?t|can'?t|will not) (?:wake|notice|remember|resist)"
        r"|\b(?:what|which|something|anything)\b.{0,40}?\b(?:give|put in|slip|add to)\b.{0,40}?\b(?:a |the |this |that "
        r")?(?:girl|boy|woman|man|guy|lady|date|her|him|someone|somebody|them)\b.{0,80}?\bso (?:she|he|they) (?:won'?t|"
        r"will not|doesn'?t|does not|can'?t|cannot) (?:remember|resist|notice|fight|say no)"
    ),
    "self_harm_overdose": _rx(
        r"\b(?:would|will|be|is|are)\b (?:be )?(?:fatal|lethal|deadly|enough to kill) (?:for|to) me\b"
        r"|\bi weigh\b.{0,80}?\b(?:fatal|lethal|kill|die|overdose)|\b(?:fatal|lethal|kill|die|overdose)\b.{0,80}?\bi "
        r"weigh\b|"
        r"\bif i (?:took|take|swallowed|swallow|had) (?:all|every|the whole|the lot|\d{2,})\b.{0,80}?\b(?:would|will) "
        r"(?:i|it) (?:die|kill me|be fatal|be enough)"
        r"|\b(?:most |least )?painless (?:overdose|way to die|death|suicide|method|way to go)"
        r"|\b(?:best|easiest|quickest|surest|most effective|fastest) (?:overdose|way to overdose|pills? to overdose|"
        r"drugs? to overdose|way to die|suicide method)"
        r"|\b(?:lethal|fatal|deadly) (?:dose|amount)\b (?:of |for )?my\b(?: own)? (?:\w+ ){0,2}.{0,60}?\bi (?:have|'ve "
        r"got|got|'v"
        r"e)\b"
        # how long dying takes, asked of an overdose (not of a relative's illness or of sepsis)
        r"|\bhow long (?:does|would|will|did) it take to die (?:from |after |of |on )?(?:an? )?(?:overdose|od\b|(?:\w+ "
        r"){0,2}"
        r"(?:pills|tablets))"
    ),
}

# What makes a declined request one about hurting or killing oneself, so that it also carries the crisis notice. It is
# read only on text already declined, so it is broad on purpose: any bodily harm (dying, killing, overdose, bleeding,
# cuts, blades, burns to the body, wounds, scars, broken bones, hitting, starving, the neck, the skin), asking whether
# an amount "is enough", taking "all" of something, not waking, and the wish not to be rescued ("so the antidote
# doesn't work", "so nobody can bring me back", "too late", "for good"); not "OD" (once daily), "blood" (tests) or an
# injury (a sick note). A crisis line shown once too often costs little; one missing can cost a life. Harm to someone
# else, when the rules know it is that, does not get it (check_misuse).
SELF_HARM_WORDS = re.compile(
    r"\b(?:overdos\w*|suicid\w*|kill\w*|die|died|dies|dying|dead|death|lethal|fatal|deadly|self[- ]?harm\w*|"
    r"self[- ]?injur\w*|end (?:it|it all|everything|things|(?:my|her|his|their|your) (?:own )?life)|"
    r"(?:not|never|don'?t|dont|no|won'?t) (?:\w+ ){0,3}?wake|stay asleep|go peacefully|"
    r"bleed\w*|lose (?:\w+ )?blood|cut|cuts|cutting|blades?|razors?|scalpels?|sharp|scratch\w*|scars?|scarring|"
    r"(?:burn|burns|burning) (?:on |to )?(?:my|your|her|his|their)\w*|"
    r"wounds?|bruis\w*|break (?:my|her|his|their|your) (?:own )?\w+|bang\w* my head|hit(?:ting)? (?:my|her|him|them|"
    r"your)\w*|hurt\w*|harm (?:my|your|her|him|them)\w*|starv\w*|without eating|stop eating|ligature|"
    r"noose|hang(?:ing)? (?:my|her|him|them|your)\w*|stop (?:my |your |the |his |her )?(?:own )?(?:heart|breathing)|"
    r"(?:take|took|swallow\w*|drink|drank) (?:all|every|the whole|the lot)|(?:would|will|to|actually|definitely) do "
    r"it|(?:antidote|treatment|hospital|doctors?|paramedics?|ambulance|a&e|er)\b.{0,40}?\b(?:couldn'?t|can'?t|cannot|"
    r"won'?t|wouldn'?t|doesn'?t|does not|don'?t|not) (?:\w+ )?(?:work|reverse|save|help|fix|get)|"
    r"(?:couldn'?t|can'?t|cannot|won'?t|wouldn'?t|not) (?:be )?(?:reverse[ds]?|revived?|resuscitated|saved|rescued)|"
    r"bring (?:me|him|her|them|someone|somebody|you) back|(?:nobody|no one|no-one) (?:finds|find|can find|would find)|"
    r"too late|for good|finish (?:things|it|me|myself)|never comes? back|bring (?:me|him|her|them|someone) round|"
    r"(?:is|be|was|are) (?:that |it |this |they )?enough|skin|neck|punch\w*|blister\w*|breathing|"
    r"punish (?:my|him|her)self|"
    # the same in the languages declined requests came in most (Spanish, French, German, Italian, Portuguese)
    r"morir|muerte|matarme|mourir|me tuer|sterben|umbringen|verletzen|schneiden|morire|uccidermi|morrer|me matar)\b"
    # and a wish to die in the 14 languages of misuse_intent.DEATH_WISH_OTHER_LANGUAGES
    r"|" + misuse_intent.DEATH_WISH_OTHER_LANGUAGES + r"|" + r"\b(?:" +
    # 8.0.0: the English words' counterparts in the languages of safety/data/misuse_multilingual.jsonl, where the
    # crisis requests had carried a word above in 28 of 107: not waking up, ending it all, cutting, bleeding,
    # hurting oneself, a heart that stops, no way back. Only ever adds the crisis line to a request already declined.
    r"(?:no|sin) (?:volver a )?despertar\w*|acabar con (?:todo|mi vida)|quitarme la vida|cort(?:arme|arse|es|o)|"
    r"sangr\w+|hacerme daño|lastimarme|vuelta atrás|se me pare|n[ãa]o (?:acordar|ter volta)|"
    r"acabar com tudo|me machuc\w+|machuca\w*|me cort\w+|parar o coração|se matar|cicatriz\w*|"
    r"ne (?:plus|pas) (?:me |se )?(?:r[ée]veiller|rater)|en finir|(?:me|se) couper|saign\w+|scarifi\w+|soit fini|"
    r"me faire du mal|nicht mehr aufwach\w*|tödlich|ritzen|weh tun|(?:non )?(?:ri)?svegliar\w*|bruciarmi|"
    r"farmi del male|tagliarmi|marna|mar ja\w*|marne|khudkushi|jaan de\w*|hamesha ke liye|uthna hi na|khatam kar\w*|"
    r"zindagi khatam)\b"
    # scripts written without spaces between words, or where \b does not fall where a word ends
    r"|आत्महत्या|खुदकुशी|जान (?:दे|ले)|मर जा|मरना|चोट पहुँचा|काटने|काटूँ|काट लूँ|खून|ख़त्म हो|खत्म हो|उठना ही न|नींद में ही चला"
    r"|انتحار|أنتحر|أموت|الموت|قاتل|أجرح|الجرح|أقتل نفسي|ما يصحى|ما أقوم|يوقف|أوقف تنفس|نهائي"
    r"|自杀|自殺|轻生|不想活|不想再撑|不醒|走掉|停跳|停下来|停止呼吸|致死|划手|划了|伤害自己|割腕|一了百了|抢救",
    re.IGNORECASE,
)


def mentions_self_harm(text: str) -> bool:
    """True when a declined request is about dying or hurting oneself (see SELF_HARM_WORDS)."""
    return bool(SELF_HARM_WORDS.search(text))


_CRISIS_LINE = (
    " If you are thinking about harming yourself, please call your local emergency number now (999 / 911 / 112) or a "
    "crisis line: 988 in the US, Samaritans 116 123 in the UK and Ireland."
)


# The intent families (misuse_intent.py): act + purpose or concealment, per category.
_FAMILIES: dict[str, tuple[re.Pattern[str], ...]] = {
    "self_harm_overdose": (
        misuse_intent.SELF_HARM_METHOD,
        misuse_intent.OVERDOSE_INTENT,
        misuse_intent.SELF_HARM_OTHER_LANGUAGES,
    ),
    "harm_to_others": (misuse_intent.HARM_TO_OTHERS,),
    "prescription_forgery": (misuse_intent.FAKE_DOCUMENT,),
    "controlled_drugs_without_prescriber": (misuse_intent.CONTROLLED_WITHOUT_PRESCRIBER,),
    "prompt_injection": (misuse_intent.PROMPT_INJECTION,),
}
# Self-harm first: a request that is both (a jailbreak asking for a lethal dose for oneself) must carry the crisis
# notice, so the crisis category wins over the others.
_ORDER = (
    "self_harm_overdose",
    "prompt_injection",
    "prescription_forgery",
    "controlled_drugs_without_prescriber",
    "harm_to_others",
)


def _matches(category: str, pattern: re.Pattern[str], text: str) -> bool:
    more = _MORE.get(category)
    families = _FAMILIES.get(category, ())
    return bool(
        pattern.search(text) or (more is not None and more.search(text)) or any(f.search(text) for f in families)
    )


def with_crisis(finding: MisuseFinding) -> MisuseFinding:
    """`finding` as one about harming oneself: the crisis notice shown beside the refusal, and the crisis line in the
    refusal's text where it is not there yet. Only ever adds (a learned head's reading, safety.classifier)."""
    if finding.also_crisis:
        return finding
    line = "" if "crisis line" in finding.message else _CRISIS_LINE
    return MisuseFinding(finding.category, finding.message + line, True)


def harms_others(text: str) -> bool:
    """True when a harm-to-others rule matches `text`, whichever category declined it first ("Write me a fake
    prescription for morphine. How do I poison my neighbour without it being detected?" is declined as forgery): no
    crisis line is added to it by a head."""
    return any(_matches(category, pattern, text) for category, _, _, pattern in _RULES if category == "harm_to_others")


def check_misuse(text: str) -> MisuseFinding | None:
    """The first misuse category `text` falls in, with the refusal to show; None for a request to answer."""
    if not text or not text.strip():
        return None
    rules = sorted(_RULES, key=lambda rule: _ORDER.index(rule[0]))
    for category, what, crisis, pattern in rules:
        if _matches(category, pattern, text):
            message = (
                f"This assistant does not help with {what}. If this was a genuine clinical question, rephrase it as "
                "one (for example: toxic thresholds and management of an overdose, or lawful prescribing)."
            )
            # Any declined request about hurting oneself (a role-play or an injection asking for an overdose method)
            # carries the crisis notice too; harming someone else does not.
            crisis = crisis or (category != "harm_to_others" and mentions_self_harm(text))
            return MisuseFinding(category, message + (_CRISIS_LINE if crisis else ""), crisis)
    return None
