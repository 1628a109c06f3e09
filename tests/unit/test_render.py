from backend.types import AnswerMeta, Failed, Finished, Notice, Progress
from ui.render import ViewState, escape_model_text, notice_html, step_messages


def test_model_text_is_escaped_not_rendered():
    assert (
        escape_model_text("<script>alert(1)</script> & <b>") == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;"
    )


def test_notices_are_escaped_and_emergency_is_an_alert():
    html = notice_html([Notice("emergency", "Possible <b>emergency</b>", "Call 911 & go")])
    assert 'role="alert"' in html and "&lt;b&gt;" in html and "&amp;" in html


def test_steps_are_numbered_foldable_messages_with_the_last_one_pending_while_streaming():
    progress = Progress("r", ("Check airway\nthen breathing", "Give <oxygen>"), "", reasoning_done=False)
    messages = step_messages(progress, finished=False)
    assert [m["metadata"]["status"] for m in messages] == ["done", "pending"]
    assert messages[0]["metadata"]["title"] == "Step 1 · Check airway"
    assert "&lt;oxygen&gt;" in messages[1]["content"] and "‹oxygen›" in messages[1]["metadata"]["title"]
    assert [m["metadata"]["status"] for m in step_messages(progress, finished=True)] == ["done", "done"]


def test_view_state_keeps_partial_text_when_a_stream_fails():
    view = ViewState()
    view.apply(Progress("", (), "Partial answer", True))
    view.apply(Failed("the connection broke. The part already shown is kept."))
    notice, _steps, answer, meta, _computed, _sources = view.outputs()
    assert answer == "Partial answer" and "connection broke" in notice and meta == ""


def test_view_state_shows_model_and_template_with_the_answer():
    view = ViewState()
    view.apply(Progress("", (), "MI", True))
    view.apply(Finished(AnswerMeta("Qwen", "diagnosis@1.0.0", "embedded", None, 40, 0.5, 2.5, "stop")))
    _notice, _steps, _answer, meta, *_ = view.outputs()
    assert "Qwen" in meta and "`diagnosis@1.0.0`" in meta and "19.5 tok/s" in meta


def test_confidence_shows_as_a_labelled_band_never_a_bare_percentage():
    from backend.types import Confidence

    view = ViewState()
    view.apply(Progress(reasoning="", steps=(), answer="B. Graves' disease", reasoning_done=True))
    view.apply(Confidence("low", "letter_probability", 0.41, "the model's letter was only weakly preferred"))
    answer = view.outputs()[2]
    assert answer.startswith("🔴 **Low confidence: verify before use**") and "Graves" in answer


def test_grounding_labels_invalid_and_missing_citations():
    from backend.types import Grounding

    for grounding, label in [
        (Grounding(cited=(1, 2), invalid=()), "Cites its sources"),
        (Grounding(cited=(), invalid=()), "No claims to check"),
        (Grounding(cited=(1,), invalid=(7,)), "Invalid citations"),
    ]:
        view = ViewState()
        view.apply(Progress(reasoning="", steps=(), answer="An answer [1].", reasoning_done=True))
        view.apply(grounding)
        assert label in view.outputs()[2]


ANSWER = "## Answer\nGout is caused by <b>urate</b> crystals. The moon causes gout. Take 40 mg daily."


def _statements():
    from backend.types import Statement

    def at(sentence: str, **kw) -> Statement:
        start = ANSWER.index(sentence)
        return Statement(sentence, start, start + len(sentence), None, **kw)

    return (
        at("Gout is caused by <b>urate</b> crystals.", passage=2, score=0.8, supported=True),
        at("The moon causes gout.", passage=2, score=0.25, supported=False),
        at("Take 40 mg daily.", passage=None, score=0.0, supported=False, unsourced_numbers=("40",)),
    )


def test_each_claim_gets_the_apps_marker_distinct_from_a_citation_and_model_text_stays_escaped():
    from ui.render import attributed_text

    text = attributed_text(ANSWER, _statements())
    assert "&lt;b&gt;urate&lt;/b&gt;" in text and "<b>" not in text  # model text never becomes live HTML
    assert 'crystals. <sup class="ma-attr" title="Matched by the app, not a citation by the model: 80%' in text
    assert ">↳[2]</sup>" in text and "[2]</sup>" not in text.replace("↳[2]</sup>", "")  # never a bare [2]
    assert 'gout. <sup class="ma-attr ma-unsupported"' in text and "closest: source [2], 25%" in text
    assert "daily. <sup" in text and "40 is in none of them" in text
    assert text.startswith("## Answer\nGout is caused by")


def test_markers_are_dropped_when_the_text_is_not_the_one_attributed():
    from ui.render import attributed_text

    assert attributed_text("A different answer <i>.", _statements()) == "A different answer &lt;i&gt;."


def test_a_sentence_repeating_the_input_is_marked_as_such():
    from backend.types import Grounding, Statement
    from ui.render import attributed_text, statements_line

    repeat = Statement("Aged 60, smoker.", 0, 16, None, None, 0.0, False, (), restates_input=True)
    assert "↳ your input</sup>" in attributed_text("Aged 60, smoker.", (repeat,))
    assert statements_line(Grounding((), (), (repeat,))).startswith("↳ 1 statement repeats your input.")
    both = Grounding((), (), (*_statements(), repeat, repeat))
    assert "2 not supported: check them; 2 statements repeat your input" in statements_line(both)


def test_the_grounding_panel_counts_matched_statements_and_says_which_to_check():
    from backend.types import Grounding, Sources
    from ui.render import grounding_markdown, sources_markdown

    grounding = Grounding((), (), _statements())
    panel = grounding_markdown(grounding)
    assert panel.startswith("🟡 **Partly supported by the sources** (matched by the app")
    assert "1 of 3 statements matched to a source** by the app; 2 not supported: check them" in panel
    assert "Numbers that no source gives: 40" in panel
    sources = Sources((_passage(1), _passage(2)))
    listed = sources_markdown(sources, grounding)
    assert "**[2]**" in listed and "↳ 1 statement matched here by the app" in listed
    assert listed.count("matched here") == 1  # source [1] supports nothing


def test_the_answer_and_the_steps_show_the_markers_and_the_panel():
    from backend.types import Grounding, Statement

    step = "Gout is caused by urate crystals."
    view = ViewState()
    view.apply(Progress("Step 1: " + step, (step,), ANSWER, True))
    view.apply(Grounding((), (), (*_statements(), Statement(step, 0, len(step), 0, 2, 1.0, True))))
    _notice, steps, answer, *_ = view.outputs()
    assert answer.count("↳[2]") == 1 and "2 of 4 statements matched" in answer
    assert steps[0]["content"].endswith("↳[2]</sup>")


def _passage(number: int):
    from backend.types import SourcePassage

    return SourcePassage(number, f"Title {number}", "NIH", "https://example.org", "CC BY 4.0", "text")


def test_computed_panel_names_each_input_and_where_it_came_from():
    from backend.types import Computed, ComputedInput, ComputedValue

    value = ComputedValue(
        "anion_gap",
        "Anion gap",
        "18",
        "mEq/L",
        "High",
        "raised: consider a metabolic acidosis",
        "140 − (100 + 22) = 18",
        "Emmett & Narins 1977",
        (ComputedInput("Sodium", "140 mEq/L", "“Na 140”"), ComputedInput("Chloride", "100 mEq/L", "“Cl 100”")),
    )
    view = ViewState()
    view.apply(Computed((value,), incomplete=(("Wells DVT", ("calf swelling",)),)))
    panel = view.outputs()[4]
    assert "Anion gap: 18 mEq/L" in panel and "“Na 140”" in panel and "140 − (100 + 22) = 18" in panel
    assert "Wells DVT" in panel and "never guessed" in panel
