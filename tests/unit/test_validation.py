from hypothesis import given
from hypothesis import strategies as st

from backend.validation import MAX_FIELD_CHARS, clean_fields
from safety import assess, check_misuse


def test_clean_fields_rejects_empty_and_whitespace():
    for value in ("", "   \n\t "):
        out = clean_fields({"symptoms": value}, ("symptoms",), {"symptoms": "Symptoms"})
        assert out.error is not None and "Symptoms" in out.error.message


def test_clean_fields_rejects_huge_paste_with_sizes_in_message():
    out = clean_fields({"symptoms": "x" * 200_000}, ("symptoms",), {"symptoms": "Symptoms"})
    assert out.error is not None and "200,000" in out.error.message and f"{MAX_FIELD_CHARS:,}" in out.error.message


def test_clean_fields_rejects_binary():
    out = clean_fields({"symptoms": "\x00\x01\x02\x03\x04 PK\x03\x04" * 20}, ("symptoms",), {"symptoms": "Symptoms"})
    assert out.error is not None and "binary" in out.error.message


def test_clean_fields_strips_stray_control_characters_and_says_so():
    out = clean_fields({"symptoms": "fever\u200b for two days with a long description" + "\x07"}, ("symptoms",), {})
    assert out.error is None and out.fields["symptoms"] == "fever for two days with a long description"
    assert out.notices and "2" in out.notices[0].message


def test_clean_fields_accepts_non_english_and_html_as_text():
    fields = {"symptoms": "Douleur thoracique <script>alert(1)</script> 胸痛"}
    out = clean_fields(fields, ("symptoms",), {})
    assert out.error is None and out.fields["symptoms"] == fields["symptoms"]


@given(st.dictionaries(st.sampled_from(["a", "b"]), st.text(max_size=300)))
def test_validation_and_the_safety_rules_never_crash_on_any_text(fields):
    out = clean_fields(fields, ("a",), {})
    text = "\n".join(out.fields.values())
    escalations, finding = assess(text), check_misuse(text)
    assert all(e.advice and e.title for e in escalations)
    assert finding is None or finding.message


def test_per_field_limits_from_the_template():
    out = clean_fields({"age": "5" * 41, "symptoms": "cough"}, ("symptoms",), {"age": "Age"}, {"age": 40})
    assert out.error is not None and "“Age” is 41 characters long; the limit is 40" in out.error.message
    assert clean_fields({"age": "58"}, (), {}, {"age": 40}).error is None
