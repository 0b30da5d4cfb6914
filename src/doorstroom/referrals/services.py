"""Referrals: the consultant chooses a partner from the ranking (R4, R10, R11)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import IntegrityError, transaction

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.common.errors import InvalidInput, RuleViolation, StateConflict
from doorstroom.employees.models import Decision, Evaluation
from doorstroom.organisations.models import Organisation
from doorstroom.referrals.models import Referral
from doorstroom.referrals.ranking import ranking_for
from doorstroom.rules import referrals as rules
from doorstroom.rules.outcome import Reason

#: Told after every new referral, in its transaction: letters writes the notice to the partner
#: (registered in `LettersConfig.ready()`; a call up the layers, docs/architecture.md *Layers*).
REFERRAL_MADE: list[Callable[[Referral], object]] = []


@transaction.atomic
def referral_create(
    *,
    evaluation: Evaluation,
    partner: Organisation,
    referred_on: date,
    override_reason: str = "",
    consultant: User | None = None,
) -> Referral:
    """Refer the employee to the chosen partner; the ranking as shown is stored with it."""
    if referred_on > clock.today():
        raise InvalidInput("referred_on", "De datum van toeleiding mag niet in de toekomst liggen.")
    if referred_on < evaluation.evaluated_on:
        raise InvalidInput("referred_on", "De toeleiding kan niet vóór de evaluatie vallen.")
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("employee__municipality")
        .get(pk=evaluation.pk)
    )
    if evaluation.decision != Decision.TRANSITION:
        raise RuleViolation(
            "Deze evaluatie besliste geen doorstroom: er kan niet toegeleid worden.",
            reasons=[
                Reason(
                    code=r["code"],
                    rule=r["rule"],
                    message_nl=r["message_nl"],
                    message_en=r["message_en"],
                    blocking=True,
                    params=r.get("params", {}),
                )
                for r in evaluation.reasons
            ],
        )
    if Referral.objects.filter(evaluation=evaluation).exists():
        raise StateConflict("Voor deze evaluatie is al toegeleid.")
    ranking = ranking_for(evaluation.employee, on=referred_on)
    choice = rules.referral_choice(
        ranking=ranking, chosen_partner_id=partner.pk, override_reason=override_reason
    )
    if not choice.allowed:
        raise RuleViolation(
            f"Toeleiding naar {partner.name} is niet mogelijk.", reasons=choice.blocking_reasons
        )
    chosen = next(p for p in ranking.eligible if p.partner_id == partner.pk)
    due_on = max(referred_on, evaluation.transition_starts_on or referred_on)
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                evaluation=evaluation,
                employee=evaluation.employee,
                partner=partner,
                referred_on=referred_on,
                due_on=due_on,
                chosen_rank=chosen.rank,
                override_reason=override_reason.strip(),
                ranking=ranking.as_trace(),
                consultant=consultant,
            )
    except IntegrityError as exc:
        raise StateConflict("Voor deze evaluatie is al toegeleid.") from exc
    for callback in REFERRAL_MADE:
        callback(referral)
    return referral
