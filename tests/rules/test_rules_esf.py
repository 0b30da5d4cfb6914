"""R2 Mandate before ESF: a project is approved only with a mandate valid on the decision day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from doorstroom.rules.esf import MandateFact, project_approval

MANDATE = MandateFact(date(2022, 3, 1), date(2028, 2, 29), frozenset({"maatwerk"}))
LATER = MandateFact(date(2028, 3, 1), date(2034, 2, 28), frozenset({"maatwerk", "lde"}))


@pytest.mark.parametrize(
    ("decided_on", "mandates", "allowed"),
    [
        (date(2022, 2, 28), (MANDATE,), False),
        (date(2022, 3, 1), (MANDATE,), True),
        (date(2028, 2, 29), (MANDATE,), True),
        (date(2028, 3, 1), (MANDATE,), False),
        (date(2028, 3, 1), (MANDATE, LATER), True),  # renewal continues without a gap
        (date(2025, 1, 1), (), False),
    ],
)
def test_project_approval(
    decided_on: date, mandates: tuple[MandateFact, ...], allowed: bool
) -> None:
    outcome = project_approval(decided_on=decided_on, mandates=mandates)
    assert outcome.allowed is allowed
    assert outcome.codes == (() if allowed else ("mandate_required",))


def test_frameworks_do_not_matter_for_r2() -> None:
    lde_only = MandateFact(date(2022, 3, 1), date(2028, 2, 29), frozenset({"lde"}))
    assert project_approval(decided_on=date(2023, 1, 1), mandates=(lde_only,)).allowed


def test_reason_carries_rule_and_date() -> None:
    outcome = project_approval(decided_on=date(2022, 3, 1) - timedelta(days=1), mandates=(MANDATE,))
    (required,) = outcome.reasons
    assert (required.rule, required.blocking) == ("R2", True)
    assert required.params == {"decided_on": "2022-02-28"}
    assert "28 februari 2022" in required.message_nl


def test_unknown_framework_is_refused() -> None:
    with pytest.raises(ValueError, match="custom"):
        MandateFact(date(2022, 3, 1), date(2028, 2, 29), frozenset({"custom"}))
