"""Rules of the evaluation on the work floor and the transition decision: R6–R9.

Why plain dataclasses in and :class:`Outcome` out: as for the mandate rules, the consultant's
evaluation must be re-examinable later with exactly what the rule saw; the dates are arguments
(never ``date.today()``). R6 itself (recording both answers and a versioned package) is the
caller's business; the package's bounds are in :mod:`doorstroom.rules.packages`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from doorstroom.rules.codes import CRITERIA
from doorstroom.rules.outcome import Outcome, Reason
from doorstroom.rules.reasons import reason

# --------------------------------------------------------------------------------------------
# R7 When to start transition, R8 The three criteria
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionJudgement:
    """The consultant's judgement on one R8 criterion, with its written motivation."""

    favourable: bool
    motivation: str


def evaluation_decision(
    *, needs_support: bool, criteria: Mapping[str, CriterionJudgement] | None
) -> Outcome:
    """R7/R8: may VDAB decide on transition (hand the employee to a partner)?

    Source (R7): "Heeft de doelgroepwerknemer geen behoefte meer aan werkondersteunende
    maatregelen en zijn de kansen op doorstroom voor deze persoon gunstig? Dan geeft VDAB de
    opdracht aan een gemandateerde partner om de doorstroombegeleiding op te starten." (R8):
    "Bij de beoordeling van de kansen op doorstroom houdt VDAB rekening met: de mogelijkheid
    van een duurzame reguliere tewerkstelling rekening houdend met de persoonlijke situatie van
    de doelgroepwerknemer; de continuïteit van de werking van het maatwerkbedrijf of de
    maatwerkafdeling; de mogelijkheid van een duurzame reguliere tewerkstelling zonder
    ondersteuning in de regio van de woonplaats van de doelgroepwerknemer". Favourable only if
    all three are (DOMAIN.md R8).

    Allowed (decision "transition") iff ``needs_support`` is false and all three criteria are
    judged favourable. Reasons, all blocking: ``support_still_needed`` when support is still
    needed, then ``chances_unfavourable`` (param ``criterion``) for each unfavourable criterion
    in the order of ``CRITERIA``; both kinds may appear together. Motivations are not checked
    here (the API requires them).

    ``criteria`` may be ``None`` (not judged) only while support is still needed: then the
    decision is "no transition" on R7's first question alone.

    Raises ``ValueError`` when ``criteria`` does not hold exactly the three criterion codes, or
    is missing while support is no longer needed: the API validates this first, so it is a
    programming error here.
    """
    if criteria is None:
        if not needs_support:
            raise ValueError("R8: without support needs, the three criteria must be judged")
        return Outcome.from_reasons([reason("support_still_needed")])
    missing = [c for c in CRITERIA if c not in criteria]
    unknown = sorted(set(criteria) - set(CRITERIA))
    if missing or unknown:
        raise ValueError(
            f"R8 needs a judgement for exactly the criteria {', '.join(CRITERIA)}: "
            f"missing {missing}, unknown {unknown}"
        )
    reasons: list[Reason] = []
    if needs_support:
        reasons.append(reason("support_still_needed"))
    for criterion in CRITERIA:
        if not criteria[criterion].favourable:
            reasons.append(reason("chances_unfavourable", criterion=criterion))
    return Outcome.from_reasons(reasons)


# --------------------------------------------------------------------------------------------
# R9 Postponement
# --------------------------------------------------------------------------------------------


def transition_starts_on(*, decided_on: date, requested_start: date | None) -> date:
    """R9: the day the trajectory starts (and the referral becomes due).

    Source: "In functie van die beoordeling kan worden beslist om het doorstroomtraject op een
    latere datum te laten aanvangen."

    The requested later start if one was given, otherwise the decision day.
    """
    return requested_start if requested_start is not None else decided_on


def transition_start(*, decided_on: date, requested_start: date | None, today: date) -> Outcome:
    """R9: is the requested start of the trajectory acceptable on ``today``?

    Source: "In functie van die beoordeling kan worden beslist om het doorstroomtraject op een
    latere datum te laten aanvangen."

    The start is ``requested_start`` or else ``decided_on`` (:func:`transition_starts_on`). A
    requested start before ``today`` is refused with the blocking reason
    ``start_date_in_past`` (param ``starts_on``); today itself and any later day are fine.
    Without a requested start the decision day is used and nothing is checked (the decision is
    recorded on the day it is taken).
    """
    if requested_start is not None and requested_start < today:
        return Outcome.from_reasons((reason("start_date_in_past", starts_on=requested_start),))
    return Outcome.from_reasons(())
