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
    notice, _steps, answer, meta = view.outputs()
    assert answer == "Partial answer" and "connection broke" in notice and meta == ""


def test_view_state_shows_model_and_template_with_the_answer():
    view = ViewState()
    view.apply(Progress("", (), "MI", True))
    view.apply(Finished(AnswerMeta("Qwen", "diagnosis@1.0.0", "embedded", None, 40, 0.5, 2.5, "stop")))
    *_, meta = view.outputs()
    assert "Qwen" in meta and "`diagnosis@1.0.0`" in meta and "19.5 tok/s" in meta
