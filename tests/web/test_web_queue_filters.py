"""The SQL twins of R15's due-date boundary agree with the pure rule, row by row.

`mandates.selectors.past_due_q` (the reviewer's queue "overdue" section, `tick`'s overdue
marking) and `due_not_passed_q` (`tick`'s decision-due alerts) must select exactly the
applications `rules.mandates.past_due` says are (not) past due: a table of rows around the due
date, on both sides of it, and without a due date.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Q

from doorstroom.mandates.models import MandateApplication
from doorstroom.mandates.selectors import due_not_passed_q, past_due_q
from doorstroom.organisations.models import Organisation
from doorstroom.rules.mandates import past_due

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)
#: Due dates around TODAY: well before, the day before, the day itself, the day after, none.
DUE_DATES = [
    TODAY - timedelta(days=40),
    TODAY - timedelta(days=1),
    TODAY,
    TODAY + timedelta(days=1),
    TODAY + timedelta(days=40),
    None,
]


def _rows(organisation: Organisation) -> dict[int, date | None]:
    rows = {}
    for due_on in DUE_DATES:
        application = MandateApplication.objects.create(
            organisation=organisation,
            kind="new",
            frameworks="lde",
            status="complete" if due_on else "incomplete",
            decision_due_on=due_on,
        )
        rows[application.pk] = due_on
    return rows


def _selected(q: Q) -> set[int]:
    return set(MandateApplication.objects.filter(q).values_list("pk", flat=True))


@pytest.mark.parametrize("today", [TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1)])
def test_sql_filters_select_what_the_rule_says(organisation: Organisation, today: date) -> None:
    rows = _rows(organisation)
    past = {pk for pk, due_on in rows.items() if past_due(due_on=due_on, today=today)}
    ahead = {pk for pk, due_on in rows.items() if due_on is not None and pk not in past}
    assert _selected(past_due_q(today)) == past
    assert _selected(due_not_passed_q(today)) == ahead
    # The row due well before, plus the day before and the day itself once they have passed.
    assert len(past) == 1 + (today > TODAY - timedelta(days=1)) + (today > TODAY)
    assert len(ahead) == len(DUE_DATES) - 1 - len(past)
