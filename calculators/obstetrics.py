"""Pregnancy dating from the last menstrual period: due date (Naegele), gestational age, conception date."""

from __future__ import annotations

import datetime as dt

from calculators.inputs import num
from calculators.spec import Calculator, CalculatorInputError, CalculatorSpec, Computation, InputSpec

__all__ = ["CALCULATORS"]

_LMP = InputSpec("lmp", "First day of the last menstrual period", "date", None, (), None, None)
_CYCLE = num("cycle_length", "Cycle length", "days", 20, 45, help="28 when not given", optional=True)
_TODAY = InputSpec("current_date", "Date of assessment", "date", None, (), None, None)
_NAEGELE = "Naegele's rule (Naegele FC, 1812), adjusted for cycle length as in ACOG Committee Opinion 700 (2017)"


def due_date(lmp: dt.date, cycle_length: float | None = None) -> Computation:
    cycle = 28 if cycle_length is None else round(cycle_length)
    value = lmp + dt.timedelta(days=280 + cycle - 28)
    return Computation(value, f"EDD = {lmp.isoformat()} + 280 days + ({cycle} − 28) days = {value.isoformat()}")


def conception_date(lmp: dt.date, cycle_length: float | None = None) -> Computation:
    cycle = 28 if cycle_length is None else round(cycle_length)
    value = lmp + dt.timedelta(days=cycle - 14)
    return Computation(value, f"conception = {lmp.isoformat()} + ({cycle} − 14) days = {value.isoformat()}")


def gestational_age(lmp: dt.date, current_date: dt.date) -> Computation:
    days = (current_date - lmp).days
    if days < 0:
        raise CalculatorInputError(f"gestational_age: current_date {current_date} is before lmp {lmp}")
    weeks, rest = divmod(days, 7)
    value = f"{weeks} weeks {rest} days"
    warnings = ("more than 44 weeks since the LMP: check the dates",) if weeks > 44 else ()
    return Computation(
        value, f"GA = ({current_date.isoformat()} − {lmp.isoformat()}) = {days} days = {value}", warnings
    )


CALCULATORS = (
    Calculator(
        CalculatorSpec(
            "due_date",
            "Estimated due date",
            "obstetrics",
            (_LMP, _CYCLE),
            "date",
            _NAEGELE,
            "EDD = LMP + 280 days + (cycle length − 28) days",
            (),
            ("due date", "edd", "estimated date of delivery", "naegele", "estimated due date", "edc"),
        ),
        due_date,
    ),
    Calculator(
        CalculatorSpec(
            "gestational_age",
            "Gestational age from LMP",
            "obstetrics",
            (_LMP, _TODAY),
            "weeks+days",
            _NAEGELE,
            "GA = assessment date − LMP, in completed weeks and days",
            (),
            ("gestational age", "weeks pregnant", "weeks of gestation", "how far along"),
        ),
        gestational_age,
    ),
    Calculator(
        CalculatorSpec(
            "conception_date",
            "Estimated conception date",
            "obstetrics",
            (_LMP, _CYCLE),
            "date",
            _NAEGELE,
            "conception = LMP + (cycle length − 14) days (ovulation 14 days before the next period)",
            (),
            ("conception date", "date of conception", "estimated conception", "ovulation date"),
        ),
        conception_date,
    ),
)
