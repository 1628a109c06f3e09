"""Two configurations scored on the same items, compared item by item: the 2×2 table of right and wrong answers and
the exact McNemar test on its discordant cells (core.stats.mcnemar_exact). Pure functions; the report prints them.

Paired beats comparing two accuracies with their own intervals: the items both get right or both get wrong carry no
information about the difference, so a few points' difference on ~1,000 items can be significant when two
independent Wilson intervals still overlap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.stats import mcnemar_exact

__all__ = ["Paired", "paired"]


@dataclass(frozen=True)
class Paired:
    both: int  # both right
    only_base: int  # base right, candidate wrong
    only_candidate: int  # candidate right, base wrong
    neither: int

    @property
    def n(self) -> int:
        return self.both + self.only_base + self.only_candidate + self.neither

    @property
    def base_accuracy(self) -> float:
        return (self.both + self.only_base) / self.n

    @property
    def candidate_accuracy(self) -> float:
        return (self.both + self.only_candidate) / self.n

    @property
    def difference(self) -> float:
        """Candidate minus base accuracy: only the discordant items move it."""
        return (self.only_candidate - self.only_base) / self.n

    @property
    def p_value(self) -> float:
        return mcnemar_exact(self.only_base, self.only_candidate)

    def verdict(self, alpha: float = 0.05) -> str:
        if self.p_value >= alpha:
            return "no significant difference"
        return "candidate better" if self.only_candidate > self.only_base else "base better"


def paired(base: Mapping[str, bool], candidate: Mapping[str, bool]) -> Paired:
    """The 2×2 table of two configurations' right (True) / wrong (False) answers, keyed by item id.

    Refuses two sets of items that differ: a paired test on different items is not a paired test."""
    if set(base) != set(candidate):
        missing = sorted(set(base) ^ set(candidate))
        raise ValueError(f"paired comparison needs the same items; {len(missing)} differ, e.g. {missing[:3]}")
    if not base:
        raise ValueError("paired comparison needs at least one item")
    cells = [(base[key], candidate[key]) for key in base]
    return Paired(
        both=sum(b and c for b, c in cells),
        only_base=sum(b and not c for b, c in cells),
        only_candidate=sum(c and not b for b, c in cells),
        neither=sum(not b and not c for b, c in cells),
    )
