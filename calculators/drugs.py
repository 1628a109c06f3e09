"""Drug dose equivalence: corticosteroid conversion and morphine milligram equivalents (MME)."""

from __future__ import annotations

from calculators.inputs import num, pick
from calculators.spec import Band, Calculator, CalculatorInputError, CalculatorSpec, Computation, fmt

__all__ = ["CALCULATORS", "MME_FACTORS", "STEROID_EQUIVALENTS"]

# Anti-inflammatory (glucocorticoid) equivalent doses in mg (Liu D et al. Allergy Asthma Clin Immunol 2013;9:30,
# table 1; betamethasone 0.75 mg as in most dosing tables).
STEROID_EQUIVALENTS: dict[str, float] = {
    "hydrocortisone": 20.0,
    "cortisone": 25.0,
    "prednisone": 5.0,
    "prednisolone": 5.0,
    "methylprednisolone": 4.0,
    "triamcinolone": 4.0,
    "dexamethasone": 0.75,
    "betamethasone": 0.75,
}
_STEROIDS = tuple(STEROID_EQUIVALENTS)

# Conversion factors to oral morphine mg per mg of drug (fentanyl patch: per µg/h), CDC Clinical Practice
# Guideline for Prescribing Opioids for Pain, MMWR Recomm Rep 2022;71(RR-3), table.
MME_FACTORS: dict[str, float] = {
    "codeine": 0.15,
    "dihydrocodeine": 0.25,
    "fentanyl buccal/sublingual (µg)": 0.13,
    "fentanyl patch (µg/h)": 2.4,
    "hydrocodone": 1.0,
    "hydromorphone": 5.0,
    "levorphanol": 11.0,
    "meperidine": 0.1,
    "methadone": 4.7,
    "morphine": 1.0,
    "oxycodone": 1.5,
    "oxymorphone": 3.0,
    "pentazocine": 0.37,
    "tapentadol": 0.4,
    "tramadol": 0.2,
}
_OPIOIDS = tuple(MME_FACTORS)


def steroid_conversion(from_drug: str, dose: float, to_drug: str) -> Computation:
    value = dose / STEROID_EQUIVALENTS[from_drug] * STEROID_EQUIVALENTS[to_drug]
    return Computation(
        value,
        f"{fmt(dose)} mg {from_drug} / {fmt(STEROID_EQUIVALENTS[from_drug])} × "
        f"{fmt(STEROID_EQUIVALENTS[to_drug])} = {fmt(value)} mg {to_drug}",
    )


def mme(
    drug_1: str,
    dose_1: float,
    doses_per_day_1: float,
    drug_2: str | None = None,
    dose_2: float | None = None,
    doses_per_day_2: float | None = None,
    drug_3: str | None = None,
    dose_3: float | None = None,
    doses_per_day_3: float | None = None,
) -> Computation:
    slots = [(drug_1, dose_1, doses_per_day_1), (drug_2, dose_2, doses_per_day_2), (drug_3, dose_3, doses_per_day_3)]
    terms, total, warnings = [], 0.0, []
    for index, (drug, dose, per_day) in enumerate(slots, start=1):
        if drug is None and dose is None and per_day is None:
            continue
        if drug is None or dose is None or per_day is None:  # a total that leaves out a named opioid misleads
            raise CalculatorInputError(f"opioid {index}: give its drug, dose and doses per day (or none of them)")
        amount = dose * per_day * MME_FACTORS[drug]
        total += amount
        terms.append(f"{fmt(dose)} × {fmt(per_day)}/day × {fmt(MME_FACTORS[drug])} ({drug})")
    if any("methadone" in term for term in terms):
        warnings.append("methadone's factor rises with dose; CDC 2022 uses 4.7 for all doses")
    return Computation(total, f"MME/day = {' + '.join(terms)} = {fmt(total, 1)}", tuple(warnings))


def _opioid_slot(index: int, optional: bool) -> tuple:
    return (
        pick(f"drug_{index}", f"Opioid {index}", _OPIOIDS, optional=optional),
        num(f"dose_{index}", f"Dose {index} (mg; fentanyl in µg or µg/h)", "mg", 0, 10000, optional=optional),
        num(f"doses_per_day_{index}", f"Doses per day {index}", "/day", 0, 48, optional=optional),
    )


CALCULATORS = (
    Calculator(
        CalculatorSpec(
            "steroid_conversion",
            "Corticosteroid dose conversion",
            "pharmacology",
            (
                pick("from_drug", "From", _STEROIDS),
                num("dose", "Dose", "mg", 0.01, 5000),
                pick("to_drug", "To", _STEROIDS),
            ),
            "mg",
            "Liu D et al. A practical guide to the monitoring and management of the complications of systemic "
            "corticosteroid therapy. Allergy Asthma Clin Immunol 2013;9:30",
            "dose × (equivalent dose of target / equivalent dose of source); equivalents: hydrocortisone 20, cortisone "
            "25, prednisone 5, prednisolone 5, methylprednisolone 4, triamcinolone 4, dexamethasone 0.75, "
            "betamethasone 0.75 mg",
            (),
            (
                "steroid conversion",
                "corticosteroid conversion",
                "prednisone equivalent",
                "steroid equivalent",
                "dexamethasone equivalent",
            ),
        ),
        steroid_conversion,
    ),
    Calculator(
        CalculatorSpec(
            "mme",
            "Morphine milligram equivalents (MME/day)",
            "pharmacology",
            (*_opioid_slot(1, False), *_opioid_slot(2, True), *_opioid_slot(3, True)),
            "MME/day",
            "Dowell D et al. CDC Clinical Practice Guideline for Prescribing Opioids for Pain — United States, 2022. "
            "MMWR Recomm Rep 2022;71(RR-3):1-95",
            "MME/day = Σ dose × doses per day × conversion factor",
            (
                Band(None, 50, "< 50", "lower risk"),
                Band(50, 90, "50–89", "increased overdose risk; reassess benefits"),
                Band(90, None, "≥ 90", "substantially increased risk; avoid or justify"),
            ),
            (
                "mme",
                "morphine milligram equivalents",
                "morphine equivalent",
                "opioid conversion",
                "mme/day",
                "morphine equivalents",
            ),
        ),
        mme,
    ),
)
