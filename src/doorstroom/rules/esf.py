"""Rules on the ESF Vlaanderen side of the procedure: R2.

Why separate from mandates: ESF officers record calls and project decisions in their own part
of the system; the only thing they need from the mandate procedure is whether a mandate is valid
on the day of their decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from doorstroom.rules.calendar import is_within
from doorstroom.rules.codes import FRAMEWORKS
from doorstroom.rules.outcome import Outcome
from doorstroom.rules.reasons import reason


@dataclass(frozen=True)
class MandateFact:
    """An approved mandate of the organisation: its validity and the frameworks it covers."""

    valid_from: date
    valid_until: date
    frameworks: frozenset[str]

    def __post_init__(self) -> None:
        unknown = sorted(self.frameworks - set(FRAMEWORKS))
        if unknown:
            raise ValueError(f"Unknown frameworks {unknown}; use {', '.join(FRAMEWORKS)}")


def project_approval(*, decided_on: date, mandates: Sequence[MandateFact]) -> Outcome:
    """R2: may ESF Vlaanderen approve the organisation's project proposal on ``decided_on``?

    Source: "Het mandaat doorstroombegeleiding is een noodzakelijke voorwaarde voor het
    intekenen op de oproep doorstroombegeleiding van ESF Vlaanderen. Je mag beide tegelijk
    aanvragen, maar ESF Vlaanderen kent geen opdracht toe zonder dat het mandaat eerst
    goedgekeurd werd en de projectaanvraag bij ESF Vlaanderen is goedgekeurd."

    Allowed iff one of the approved mandates is valid on ``decided_on`` (closed interval).
    Recording a proposal while the mandate is pending is allowed elsewhere; only approval needs
    the mandate. Frameworks do not matter here: which employees may be referred is R4's
    question. Otherwise the blocking reason ``mandate_required``.
    """
    if any(is_within(decided_on, m.valid_from, m.valid_until) for m in mandates):
        return Outcome.from_reasons(())
    return Outcome.from_reasons((reason("mandate_required", decided_on=decided_on),))
