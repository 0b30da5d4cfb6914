"""Letters answer the events of the apps below them (docs/architecture.md *Layers*): each
event once, in the transaction of its cause, so a letter that cannot be written leaves no
decision, and a decision leaves its letter."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from doorstroom.letters import services as letters
from doorstroom.letters.models import Letter
from doorstroom.mandates import scheduled
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import Decision, MandateApplication
from doorstroom.organisations.models import Organisation
from doorstroom.referrals import services as referrals
from tests.conftest import ALL_MET, complete_application


def test_each_event_is_answered_once() -> None:
    for event, answer in (
        (mandates.RECEIPT_REGISTERED, letters.letters_after_receipt),
        (mandates.DECISION_TAKEN, letters.letter_after_decision),
        (scheduled.RENEWAL_REMINDED, letters.letter_after_renewal_reminder),
        (referrals.REFERRAL_MADE, letters.letter_after_referral),
    ):
        assert event.count(answer) == 1  # type: ignore[arg-type]


@pytest.mark.django_db
def test_a_decision_and_its_letter_are_one_transaction(
    organisation: Organisation, monkeypatch: Any
) -> None:
    app = complete_application(organisation, received_on=date(2022, 2, 1))
    status = MandateApplication.objects.get(pk=app.pk).status

    def broken(decision: Decision, today: date) -> None:
        raise RuntimeError("the letter cannot be written")

    monkeypatch.setattr(mandates, "DECISION_TAKEN", [broken])
    with pytest.raises(RuntimeError):
        mandates.decision_create(
            application=app, decided_on=date(2022, 3, 1), starts_on=None, conditions=ALL_MET
        )
    assert not Decision.objects.filter(application=app).exists()
    assert MandateApplication.objects.get(pk=app.pk).status == status
    monkeypatch.undo()
    decision = mandates.decision_create(
        application=app, decided_on=date(2022, 3, 1), starts_on=None, conditions=ALL_MET
    )
    assert Letter.objects.filter(decision=decision, kind="decision").count() == 1


@pytest.mark.django_db
def test_a_withdrawal_writes_no_letter(organisation: Organisation) -> None:
    app = complete_application(organisation, received_on=date(2022, 2, 1))
    before = Letter.objects.filter(application=app).count()
    decision = mandates.application_withdraw(application=app, withdrawn_on=date(2022, 2, 10))
    assert letters.letter_after_decision(decision, date(2022, 2, 10)) is None
    assert Letter.objects.filter(application=app).count() == before
