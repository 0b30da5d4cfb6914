from __future__ import annotations

from typing import TypeVar

from django.apps import AppConfig

Callback = TypeVar("Callback")


def _answer(event: list[Callback], callback: Callback) -> None:
    if callback not in event:  # once, however often asked
        event.append(callback)


class LettersConfig(AppConfig):
    name = "doorstroom.letters"
    label = "letters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A letter answers an event of the apps below, in the transaction of its cause (a
        # letter exists exactly when its cause does): letters sits above mandates and
        # referrals, whose letters it writes and reads, so they tell it through their lists
        # (docs/architecture.md *Layers*).
        from doorstroom.letters import services as letters
        from doorstroom.mandates import scheduled
        from doorstroom.mandates import services as mandates
        from doorstroom.referrals import services as referrals

        _answer(mandates.RECEIPT_REGISTERED, letters.letters_after_receipt)
        _answer(mandates.DECISION_TAKEN, letters.letter_after_decision)
        _answer(scheduled.RENEWAL_REMINDED, letters.letter_after_renewal_reminder)
        _answer(referrals.REFERRAL_MADE, letters.letter_after_referral)
