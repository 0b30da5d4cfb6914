"""Support packages reaching their end (R6 context), for `python -m doorstroom tick`.

An employee hired since 2019 has a package valid at most `support_package_validity_years`
from hiring; before it
ends VDAB evaluates the employee on the work floor (R6). The consultants are alerted once per
package end, when the employee comes on their evaluation-due list; the notice names the
record, not the person (no personal data in e-mail).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from doorstroom.common.scheduled import CATCH_UP_DAYS, JobResult, skip_locked
from doorstroom.employees.models import Employee
from doorstroom.employees.selectors import employees_evaluation_due
from doorstroom.outbox.services import notification_queue
from doorstroom.rules.packages import package_evaluation_due_on
from doorstroom.rules.params import parameter


def package_evaluations_due(*, today: date) -> JobResult:
    """Queue one notice to the consultants per employee whose package end comes near."""
    result = JobResult("support package evaluations due")
    with transaction.atomic():
        due = skip_locked(
            employees_evaluation_due(
                Employee.objects.all(),
                today=today,
                ends_from=today - timedelta(days=CATCH_UP_DAYS),
            )
        )
        for employee in due:
            until: date = employee.package_until  # type: ignore[attr-defined]  # annotated
            due_on, lead = package_evaluation_due_on(valid_until=until)
            years = parameter("support_package_validity_years", until).value
            if today < due_on:
                continue  # the lead time in force on the last day is shorter than today's
            _notice, created = notification_queue(
                kind="package_evaluation_due",
                dedupe_key=f"package_evaluation_due:{employee.pk}:{until.isoformat()}",
                recipient_role="consultant",
                subject=f"Evaluatie nodig: werkondersteuningspakket loopt af op {until}",
                body=(
                    f"Het werkondersteuningspakket van werknemer {employee.pk} is geldig tot en "
                    f"met {until} (maximaal {years} jaar na indiensttreding). Evalueer de "
                    "werknemer op "
                    "de werkvloer (R6): zie de lijst 'Evaluatie nodig' in Opvolging, "
                    f"/begeleiding/werknemers/{employee.pk}/."
                ),
                due_on=today,
                payload={"employee": employee.pk, "lead_days": lead.value},
            )
            if created:
                result.done.append(str(employee.pk))
    return result
