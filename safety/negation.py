"""NegEx-style context of a finding: is it affirmed now, negated, or in the past / in someone else's history?

After Chapman et al., "A simple algorithm for identifying negated findings and diseases in discharge summaries"
(J Biomed Inform 2001) and its ConText extension (Harkema et al. 2009): a trigger ("no", "denies", "history of")
governs the words after it up to a termination term ("but", "however", "now") or the end of the clause, and at most
`_WINDOW` words, so "no fever, cough or chest pain" negates all three while "denies fever but has chest pain" does
not negate the chest pain. Pseudo-triggers ("not sure", "no improvement", "without relief") are skipped.

The rules err towards escalating: a finding is only set aside when a trigger clearly governs it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

Status = Literal["affirmed", "negated", "historical", "hypothetical"]

_WINDOW = 7  # words between trigger and finding (NegEx uses 5-6; lists of symptoms need a little more)

_CLAUSE_END = re.compile(
    r"(?<!\d)\.(?!\d)|[!?;\n]|\b(?:but|however|although|though|except|apart from|aside from|yet|"
    r"whereas|while|now|currently|today|tonight|this morning|since then|then|which|who|presents?|"
    r"presented|presenting|reports?|reported|complains?|complaining|c/o|with|developed|developing|started|"
    r"starting|began|suddenly|and then|until|and (?:he|she|they|i|we|it|his|her|my|now)|after that|"
    # "and" + a verb starts a new event: "without a helmet and hit his head" does not negate the head strike
    r"and (?:hit|hits|banged|bumped|fell|falls|struck|was|is|has|had|became|went|got|now|started|collapsed))\b",
    re.I,
)
# "not" negates a phrase, not a list: its scope stops at a comma ("not anticoagulated, sudden pale leg").
# "known" qualifies one diagnosis: "known prostate cancer, back pain for a week" does not make the back pain old.
_NARROW = re.compile(r"^(?:not|isn'?t|wasn'?t|never|known|(?:don'?t|dont|do not) (?:want|plan|intend|mean) to)$", re.I)
# "without" governs a list ("without vomiting, neck stiffness or rash") but not an event after "and" ("without a
# helmet and hit his head").
_WITHOUT = re.compile(r"^(?:without|w/o)$", re.I)
_EVENT_VERB = re.compile(r"(?:hit|fell|fall|struck|banged|bumped|knocked|was|went|got|became|collapsed|\w+ed)\b", re.I)
# 9.0.0: a dash ends a negation's reach ("no swelling — his leg went suddenly cold"); not the reach of "if", "watch
# for" or "signs of", whose advice lists often follow a dash ("Return if - chest pain, fainting")
_DASH = re.compile(r"—|\s[–-]\s")
_PSEUDO = re.compile(
    r"\b(?:not sure|not certain|no change|not only|not just|no better|no improvement|not improv\w*|not resolv\w*|"
    r"not settl\w*|not go(?:ing)? away|not stopp?\w*|no relief|not relieved|not help\w*|not work\w*|no longer able|"
    r"without (?:any )?(?:warning|reason|relief|improvement|stopping|a break)|don'?t know|not know|no idea|"
    r"not had (?:a|any) (?:chance|time)|nothing helps|no history of trauma|no one|nobody|not long|no sooner|"
    # Spanish and Portuguese "no/não" before a verb negates that verb only ("no puede mover el brazo")
    r"no (?:puede|pueden|pode|tiene|tem|hay|sabe|quiere|está|esta|estoy|siente|respira)|"
    # examination findings named by their absence are present findings
    r"absent (?:breath sounds|(?:\w+ )?pulses?|bowel sounds|reflexes|ankle jerks|cremaster\w*)|no breath sounds|"
    # 10.4.0: no urine for a time is a finding ("no wee since this morning even though bladder feels full")
    r"no (?:wee|pee|urine) (?:since|for|all))\b",
    re.I,
)
_NEGATION = re.compile(
    r"\b(?:(?:don'?t|dont|do not) (?:want|plan|intend|mean) to|no|not|denies|denied|denying|deny|without|w/o|negative"
    r" for|neg for|free of|absence of|absent|never|nor|"
    r"doesn'?t have|does not have|didn'?t have|did not have|hasn'?t had|has not had|haven'?t had|isn'?t|wasn'?t|"
    r"no signs? of|no evidence of|no sign of|ruled out|excluded|resolved|resolution of|none)\b|(?<!\w)-ve\b|ø",
    re.I,
)
_HISTORICAL = re.compile(
    r"\b(?:history of|hx of|hx|h/o|pmh|(?:on|taking|started on) (?:day \d+ of )?(?:rivaroxaban|apixaban|edoxaban|dabi"
    r"gatran|warfarin|heparin|enoxaparin|dalteparin|anticoagula\w*|blood thinners|treatment|antibiotics) for|(?:being"
    r" )?treated for|repaired|pmhx|past medical history|past history|previous|previously|prior|"
    r"known case of|known|family history|fh of|fhx|(?:his|her|my|their) (?:mother|father|mum|mom|dad|brother|sister|"
    r"grandmother|grandfather|grandma|grandpa|aunt|uncle|cousin) (?:had|died)|years ago|as a child|in childhood|"
    r"last (?:year|month)|remote|s/p|status post)\b",
    re.I,
)
# ConText's "hypothetical": advice, worry and textbook questions about a finding the person does not report.
_HYPOTHETICAL = re.compile(
    r"\b(?:if (?:he|she|they|you|i|it|the|there|any)|in case of|should (?:he|she|they|you) (?:develop|get|have)|"
    r"watch (?:out )?for|look out for|signs? (?:and symptoms )?of|symptoms? of|return if|come back if|seek help if|"
    r"safety[- ]net\w*|risk of|risks of|chance of|prevent(?:ing|ion of)?|what (?:is|are|causes?)|how (?:to|do you|do i|"
    r"is|are) (?:treat|manag|diagnos|recogni|prevent)\w*|what'?s (?:the|a)|management of|protocol for|guidelines? "
    r"(?:for|on)|treatment of|criteria for|(?:vaccine|vaccination|jab) (?:against|for)|difference between|explain|"
    r"teaching|lecture|exam question|textbook|mimic\w*|rule out|r/o|exclude)\b",
    re.I,
)
# A duration before "history of" makes it the present illness ("a 2-hour history of chest pain").
_DURATION_BEFORE = re.compile(
    r"(?:\d+|one|two|three|few|several|short|brief|sudden)[- ](?:min(?:ute)?s?|hours?|hrs?|h|days?|weeks?|"
    r"month|onset)?[- ]?$",
    re.I,
)
_POST_NEGATION = re.compile(
    r"^\W{0,3}(?:\w+\W+){0,3}?(?:ruled out|excluded|was negative|negative|absent|not present|resolved|has resolved|"
    r"now resolved|settled|gone|went away|(?:\d+|a few|several|two|three|four|five|six|seven|eight|nine|ten|many) "
    r"(?:years?|months?) ago|last year|"
    r"as a child|(?:in )?(?:19|20)\d\d)\b",
    re.I,
)


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    triggers: tuple[tuple[Status, int, int], ...]  # (kind, start, end) in text offsets, pseudo-triggers removed


class Context:
    """Sentence bounds and triggers of one text, found once, so that each finding costs a lookup."""

    def __init__(self, text: str) -> None:
        self.text = text
        bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
        self.sentences = [self._sentence(a, b) for a, b in pairwise(bounds) if b > a]
        self._starts = [s.start for s in self.sentences]
        self._again = bool(_AGAIN.search(text))  # read once: see _past_event
        self._same_again = bool(_SAME_AGAIN.search(text))
        self._here_now = bool(_HERE_NOW.search(text))
        self._recent: dict[tuple[int, int], bool] = {}

    def _sentence(self, start: int, end: int) -> _Sentence:
        chunk = self.text[start:end]
        pseudo = [m.span() for m in _PSEUDO.finditer(chunk)]
        found: list[tuple[Status, int, int]] = []
        for kind, pattern in (("negated", _NEGATION), ("historical", _HISTORICAL), ("hypothetical", _HYPOTHETICAL)):
            for m in pattern.finditer(chunk):
                if any(a <= m.start() < b for a, b in pseudo):
                    continue
                if (
                    kind == "historical"
                    and m.group(0).lower() in ("history of", "hx of")
                    # (a window: the pattern ends at the trigger and is short; the whole sentence before each of
                    # 3,000 "hx of"s took 4 s)
                    and _DURATION_BEFORE.search(chunk, max(0, m.start() - 40), m.start())
                ):
                    continue
                found.append((kind, start + m.start(), start + m.end()))  # type: ignore[arg-type]
        return _Sentence(start, end, tuple(sorted(found, key=lambda t: t[2])))

    def _past_event(self, sentence: _Sentence | None, start: int, end: int) -> bool:
        """The name text[start:end] is an episode that happened (see _PAST_EVENT_BEFORE)."""
        lo = sentence.start if sentence is not None else 0
        hi = sentence.end if sentence is not None else len(self.text)
        window = max(lo, start - 40)
        if self._again or self._here_now or self._recent_in(lo, hi) or _ONSET_AFTER.match(self.text, end):
            return False
        dated = bool(_PAST_DATE.search(self._clause_after(end, hi)))  # the name's own date, not another event's
        before = _PAST_EVENT_BEFORE.search(self.text, window, start)
        if before:
            survived = before.group(1).lower().startswith("surviv")
            duration = _DURATION_BEFORE_AFTER.search(self.text, max(lo, start - 60), before.start())
            return survived or bool(duration) or dated
        # "had" with its date, and nothing recent anywhere in the text ("I had urosepsis last winter and ended up in
        # ICU. today its the same thing starting, shaking ...": a dev9 emergency)
        return bool(_HAD_BEFORE.search(self.text, window, start)) and dated and not self._recent_in(0, len(self.text))

    def _clause_after(self, end: int, hi: int) -> str:
        """The words after a name up to its clause's end, at most 40 characters ("in March", "to a wasp sting 2
        years ago")."""
        stop = _CLAUSE_STOP_DATE.search(self.text, end, min(hi, end + 40))
        return self.text[end : stop.start() if stop else min(hi, end + 40)]

    def _recent_in(self, lo: int, hi: int) -> bool:
        """Whether text[lo:hi] says "within hours" (each span read once: a text of many names stays linear)."""
        if (lo, hi) not in self._recent:
            self._recent[(lo, hi)] = bool(_RECENT.search(self.text, lo, hi))
        return self._recent[(lo, hi)]

    def status(self, start: int, end: int, name_only: bool = False) -> Status:
        """Context of the finding text[start:end] within its sentence; `name_only`: the finding is a condition's name
        (which a worried question about it sets aside; see _WORRY_CUE)."""
        sentence = self.sentences[max(0, bisect_right(self._starts, start) - 1)] if self.sentences else None
        if sentence is not None:
            before = [t for t in sentence.triggers if t[2] <= start]
            if before:
                kind, trig_start, trig_end = before[-1]
                between = self.text[trig_end:start]
                trigger = self.text[trig_start:trig_end]
                narrow = (_NARROW.match(trigger) and "," in between) or (
                    # "without a helmet and hit his head": the list ends where "and" starts a new event
                    _WITHOUT.match(trigger) and re.search(r"\band\s+$", between) and _EVENT_VERB.match(self.text, start)
                )
                dashed = kind == "negated" and _DASH.search(between)
                if len(between.split()) <= _WINDOW and not _CLAUSE_END.search(between) and not narrow and not dashed:
                    return kind
        if _ANSWERED_NO.match(self.text, end):  # "worst headache? no, ..."
            return "negated"
        if name_only and self._past_event(sentence, start, end):
            return "historical"  # "had a PE in March", "annual review 4 yrs after his heart attack"
        if (
            name_only
            and _WORRY_CUE.search(self.text, max(0, start - 60), start)
            and _QUESTION_AFTER.match(self.text, end)
            and not TIME_COURSE.search(self.text)
        ):
            return "hypothetical"  # "it can become sepsis?": a worry about a name, not a finding
        after = self.text[end : _clause_end(self.text, end)]
        post = _POST_NEGATION.search(after)
        if post:
            historical = re.search(r"ago|year|child|19|20|resolved|settled|gone|went", post.group(0), re.I)
            if historical and name_only and self._same_again:
                return "affirmed"  # 10.4.0: "I had a heart attack last year and this pain is identical"
            return "historical" if historical else "negated"
        return "affirmed"


# A question whether a named condition is what someone else said, or what a small thing could become ("my friend say
# this is stroke, is true?", "It can become sepsis?"): the name right after the cue, a question mark before the
# sentence ends, and no time course anywhere in the text ("since 20 min", "started an hour ago"). Only a condition's
# name is ever set aside so (concepts named *_explicit), never a symptom, so "he says it's a stroke? her face dropped"
# still escalates on the face. A cold review found wider cues ("is this a …?", "worried it's …") silencing
# "is this a heart attack? my chest is crushing": those are not cues.
_WORRY_CUE = re.compile(
    r"\b(?:(?:says?|thinks?|reckons?|told (?:me|us)) (?:this|it|that) (?:is|was|could be|might be|may be)|"
    r"(?:can|could|might|will) (?:it|this|that) (?:become|turn into|lead to|progress to)|can (?:become|turn into|"
    r"lead to|progress to))(?: (?:a|an|the|some))?(?: [\w-]+)?\s+$",  # one word may come between ("a blood clot")
    re.I,
)
# A time course: something happening now or recently (also read by triage.is_routine_plan)
TIME_COURSE = re.compile(
    r"\b(?:since|ago|min(?:ute)?s?|hours?|hrs?|started|began|suddenly|right now|now|tonight|this morning)\b", re.I
)
_QUESTION_AFTER = re.compile(r"[^.!?\n]{0,40}\?")
_ANSWERED_NO = re.compile(r"\s*\?\s*(?:no|nope|not really|none)\b", re.I)
# A full stop after a number ends a sentence too when a capital follows ("anaphylaxis in 2017. Attends for ...").
_SENTENCE_END = re.compile(r"(?<!\d)\.(?!\d)|(?<=\d)\.(?=\s+[A-Z])|[!?;\n]")


# 10.4.0: a condition's name right after "after" or "since" (an article or a word like "first" between at most) with
# a duration before ("4 yrs after his heart attack") or a past date in its own clause ("since my heart attack in
# 2019"), right after "survived", or right after "had" (or "was admitted with") with a past date in its own clause, is
# an episode that happened, unless the text says "again" or "the same pain", someone is in danger now (999,
# paramedics, "on the ground", "confirmed", "suspected"), or its sentence puts anything within hours ("an hour after
# the heart attack"). Only a name is set aside so (concepts named *_explicit), never a finding: "since her stroke she
# can't lift her arm" still escalates on the arm. A cold review of the first version wrote 49 emergencies it silenced:
# so "since" is not "because" ("since its a heart attack": nothing but an article may come between), a hedge or an
# onset makes the episode this one ("after suspected stroke", "since the stroke started"), "when he was", "with her
# son", "with my first" (a pregnancy now may be the next), "last time" and "3 days ago" are no past dates (an
# untreated heart attack days ago is an emergency), "all day" is recent, and "she's had", "hes had", "has probably
# had" are now. A second review found dates of other
# events ("Dad had a heart attack on the golf course, he had angina in 2015") and words between ("6 weeks after knee
# surgery pulmonary embolism confirmed"): hence the name's own clause and nothing between. It quiets 3 development
# look-alikes and no development emergency.
_PAST_EVENT_BEFORE = re.compile(
    r"\b(after|since|survived|survivor of)\s+(?:(?:a|an|the|his|her|my|their|your|one|two)\s+)?(?:(?:first|second|"
    r"last|previous|big|major|minor|mild|small|massive|bad|silent)\s+)?$",
    re.I,
)
_CLAUSE_STOP_DATE = re.compile(r"[,;.!?\n]|\b(?:and|but|he|she|they|we|i)\b", re.I)
_ONSET_AFTER = re.compile(
    r"(?:\s+\w+)?\s+(?:started|starts|starting|began|begun|happened|symptoms?|pain|came on|comes on|like this)\b", re.I
)
_DURATION_BEFORE_AFTER = re.compile(
    r"\b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|few|several)\s*(?:weeks?|wks?|months?|mths?|years?|"
    r"yrs?|/52|/12)\s+$",
    re.I,
)
_HAD_BEFORE = re.compile(
    r"\b(?<!'s )(?<!’s )(?<!has )(?<!have )(?<!'ve )(?<!’ve )(?<!hes )(?<!shes )(?<!ive )(?<!probably )(?<!possibly )"
    r"(?<!think )(?<!may have )(?<!might have )(?<!must have )(?:had|was (?:in hospital|in icu|admitted|treated) "
    r"(?:with|for))\s+(?:(?:a|an|the|his|her|my|their|your)\s+)?(?:(?:first|big|major|minor|mild|small|massive|bad|"
    r"severe|silent)\s+)?$",
    re.I,
)
_PAST_DATE = re.compile(
    r"\b(?:(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|few|couple of) (?:weeks?|wks?|months?|years?|"
    r"yrs?) ago|last (?:month|year|winter|spring|summer|autumn|fall|pregnancy)|(?:in|back in|since) (?:january|"
    r"february|march|april|(?-i:May)|june|july|august|september|october|november|december|spring|summer|autumn|winter|"
    r"(?:19|20)\d\d)|as a (?:child|baby|kid|teenager))\b",
    re.I,
)
_AGAIN = re.compile(
    r"\b(?:again|same (?:thing|as|like|pain|feeling|symptoms)|the same|identical|like (?:last time|before|that time|"
    r"when)|it'?s back|(?:come|came|coming) back|recurr\w*|another (?:one|episode|attack))\b",
    re.I,
)
# the episode named is back now ("this pain is identical", "this feels the same as then"; not "could it happen again?",
# a worry, nor "the same GP follows me up", a second review)
_SAME_AGAIN = re.compile(
    r"\b(?:identical|same (?:thing|pain|feeling|symptoms)|exactly like (?:last time|before|then|that)|"
    r"like (?:last time|that time|when)|it'?s back|(?:come|came|coming) back|"
    r"feels? (?:exactly )?(?:the same|identical)|the same as (?:then|before|last time|that time))\b",
    re.I,
)
# someone in danger now, whatever the dates say ("Dad had a heart attack on the golf course and is on the ground, he
# had angina in 2015"; "6 weeks after knee surgery pulmonary embolism confirmed on CTPA"): a second cold review
_HERE_NOW = re.compile(
    r"\b(?:999|911|112|paramedics?|ambulance|cpr|defib\w*|what (?:do|should|can) (?:we|i) do|on the (?:ground|floor)|"
    r"collapsed|slumped|unconscious|not breathing|drowsy|confirmed|diagnosed|suspected|found on|go in|come in)\b",
    re.I,
)
_RECENT = re.compile(
    r"\b(?:(?:\d+|a few|few|an?|one|two|three|couple of) ?(?:min(?:ute)?s?|hours?|hrs?|h)|just|now|right now|today|"
    r"tonight|this (?:morning|afternoon|evening|week)|currently|last night|yesterday|earlier|at \d|all (?:day|night)|"
    r"since (?:this|last))\b|\b\d{1,2}[:.]\d\d\b|"
    r"\b\d{1,2} ?(?:am|pm)\b",
    re.I,
)


def status(text: str, start: int, end: int) -> Status:
    """Context of the finding text[start:end] (one-off; use Context for many findings in one text)."""
    return Context(text).status(start, end)


def _clause_end(text: str, end: int) -> int:
    m = _CLAUSE_STOP.search(text, end)
    return m.start() if m else len(text)


_CLAUSE_STOP = re.compile(r"(?<!\d)\.(?!\d)|[!?;\n,]|\b(?:but|however|although|though|and now|now)\b", re.I)
