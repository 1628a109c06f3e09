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
        (Grounding(cited=(1, 2), invalid=()), "Grounded"),
        (Grounding(cited=(), invalid=()), "Not grounded"),
        (Grounding(cited=(1,), invalid=(7,)), "Invalid citations"),
    ]:
        view = ViewState()
        view.apply(Progress(reasoning="", steps=(), answer="An answer [1].", reasoning_done=True))
        view.apply(grounding)
        assert label in view.outputs()[2]


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
