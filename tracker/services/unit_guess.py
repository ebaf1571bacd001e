"""The best existing unit for a printed name the directory does not resolve (县应急局 → 县应急管理局).

The directory's resolution (:mod:`tracker.services.unit_directory`) only matches names
with the same comparison key. A gazette also prints shortenings no abbreviation table
lists; here they are guessed from the keys of every name and alias of the county:

- "strong": both keys begin and end alike (same first character, same organ ending) and
  the shorter is the longer with characters left out (应急局 in 应急管理局, 市场监管局 in
  市场监督管理局), and only one unit fits that way;
- "weak": the next best by containment or similarity, offered but never taken by default.

A strong guess is the review's default (the clerk still sees it); a weak one is a hint.
"""

import dataclasses
import difflib

from tracker.models import Unit
from tracker.services.unit_directory import UnitDirectory
from tracker.services.unit_names import normalise_unit_name

#: Below this similarity of the keys, no guess at all.
MIN_SIMILARITY = 0.6


@dataclasses.dataclass(frozen=True)
class UnitGuess:
    """A unit proposed for a printed name, and how sure the guess is ("strong" or "weak")."""

    unit: Unit
    strength: str


def _is_shortening(short: str, long: str) -> bool:
    """Whether ``short`` is ``long`` with some characters left out, keeping its first and last."""
    if len(short) < 2 or len(short) >= len(long) or short[0] != long[0] or short[-1] != long[-1]:
        return False
    rest = iter(long)
    return all(char in rest for char in short)


class UnitGuesser:
    """Guesses over one county's directory: the keys are computed once for many names."""

    def __init__(self, directory: UnitDirectory):
        self.county = directory.county
        self._keyed: list[tuple[str, Unit]] = [
            (normalise_unit_name(name, self.county), unit) for name, unit in directory.named_units()
        ]

    def guess(self, name: str) -> UnitGuess | None:
        """The best unit for ``name``, or None when nothing is close."""
        key = normalise_unit_name(name, self.county)
        strong = {unit.id: unit for other, unit in self._keyed if _is_shortening(key, other)}
        strong.update({unit.id: unit for other, unit in self._keyed if _is_shortening(other, key)})
        if len(strong) == 1:
            return UnitGuess(next(iter(strong.values())), "strong")
        best, best_score = None, MIN_SIMILARITY
        for other, unit in self._keyed:
            score = difflib.SequenceMatcher(None, key, other).ratio()
            if key in other or other in key:
                score = max(score, MIN_SIMILARITY + 0.01)
            if score > best_score:
                best, best_score = unit, score
        return UnitGuess(best, "weak") if best is not None else None
