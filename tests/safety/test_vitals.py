"""Vital signs, ages and gestations from free text, with units; NEWS2 (RCP 2017) and qSOFA (Seymour 2016)."""

import pytest

from safety.vitals import news2, qsofa, read_vitals


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("BP 82/50", "sbp", 82),
        ("blood pressure machine say 80 over 45", "sbp", 80),
        ("systolic 85", "sbp", 85),
        ("HR 134", "hr", 134),
        ("pulse of 120", "hr", 120),
        ("RR 28", "rr", 28),
        ("SpO2 89% on room air", "spo2", 89),
        ("sats 91", "spo2", 91),
        ("GCS 7", "gcs", 7),
        ("E1V2M4", "gcs", 7),  # eye 1 + verbal 2 + motor 4
        ("K+ 7.2", "potassium", 7.2),
    ],
)
def test_reads_vitals(text, field, value):
    reading = getattr(read_vitals(text), field)
    assert reading is not None and reading.value == pytest.approx(value)
    assert text[reading.span[0] : reading.span[1]] == reading.evidence


@pytest.mark.parametrize(
    ("text", "celsius"),
    [("T 39.1", 39.1), ("temperature of 102F", 38.9), ("temp 100.4 °F", 38.0), ("38.5 C", 38.5), ("fever 104", 40.0)],
)
def test_temperature_units(text, celsius):
    assert read_vitals(text).temp_c.value == pytest.approx(celsius, abs=0.05)


@pytest.mark.parametrize(
    ("text", "mmol"),
    [("glucose 540 mg/dL", 30.0), ("BM 2.1", 2.1), ("blood sugar 3.5 mmol/L", 3.5), ("CBG 72", 4.0)],
)
def test_glucose_units(text, mmol):
    assert read_vitals(text).glucose_mmol.value == pytest.approx(mmol, abs=0.05)


def test_bare_glucose_between_25_and_40_is_kept_as_possibly_low():
    v = read_vitals("the sugar machine say 35")
    assert v.extras["glucose_low_if_mgdl"].value == pytest.approx(1.9, abs=0.05)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("6-week-old", 42),
        ("baby 5 weeks old", 35),
        ("aged 19 days", 19),
        ("my baby boy is 2 month", 60.8),
        ("3 mo old", 91.2),
        ("67M", 67 * 365.25),
        ("newborn", 7),
    ],
)
def test_age_in_days(text, days):
    assert read_vitals(text).age_days.value == pytest.approx(days, rel=0.01)


def test_temperature_in_fahrenheit_is_not_an_age():
    assert read_vitals("temperature of 102F").age_days is None


@pytest.mark.parametrize(
    ("text", "weeks"),
    [("32 weeks pregnant", 32), ("G2P1 at 34/40", 34), ("8 months pregnant", 34.8), ("pregnant maybe 6 weeks", 6)],
)
def test_gestation(text, weeks):
    assert read_vitals(text).gestation_weeks.value == pytest.approx(weeks, abs=0.1)


def test_weeks_without_pregnancy_are_not_a_gestation():
    assert read_vitals("cough for 3 weeks").gestation_weeks is None


def test_news2_worked_example():
    # RR 28 (3), SpO2 89 (3), SBP 82 (3), HR 134 (3), T 39.1 (2), new confusion (3) = 17 from 6 parameters
    v = read_vitals("RR 28, SpO2 89%, BP 82/50, HR 134, T 39.1, new confusion")
    assert news2(v) == (17, 6)
    assert qsofa(v) == 3


def test_news2_of_normal_vitals_is_zero():
    assert news2(read_vitals("RR 16, SpO2 98%, BP 124/80, HR 72, T 36.8")) == (0, 5)


# Invented examples. A slow breathing rate is scored like a fast one (NEWS2: RR <= 8 scores 3, Royal College of
# Physicians 2017); a systolic given as a decade ("70s") is read at the decade's top, so "90s" stays normal.
@pytest.mark.parametrize(
    ("text", "sbp"),
    [("BP 70s", 79), ("systolic in the 80s", 89), ("SBP in the 130s", 139), ("BP falling to 84/50", 84)],
)
def test_systolic_in_words_of_a_decade_or_a_trend(text, sbp):
    assert read_vitals(text).sbp.value == sbp


def test_slowest_breathing_rate_is_kept_beside_the_fastest():
    v = read_vitals("RR 7 on arrival, RR 26 after naloxone")
    assert v.rr.value == 26 and v.extras["rr_low"].value == 7
    assert "rr_low" not in read_vitals("RR 12").extras


def test_oxygen_saturation_after_a_trend_word():
    assert read_vitals("SpO2 falling to 81% despite 15 L").spo2.value == 81
