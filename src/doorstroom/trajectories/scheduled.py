"""Trajectory phase deadlines passing (R12), for `python -m doorstroom tick`.

The phases have maximum durations (intake, job matching, aftercare; dated parameters) and a
suspension moves the deadlines by the suspended days (`rules.trajectories.phase_deadlines`).
The day after a phase's last day the partner and the consultants are told once. The deadline
date is part of the notice's key: a suspension recorded later moves the deadline, and the new
one is announced when it passes in turn.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q

from doorstroom.common.scheduled import CATCH_UP_DAYS, JobResult, skip_locked
from doorstroom.outbox.services import notification_queue
from doorstroom.rules.codes import PHASE_LABELS_NL
from doorstroom.trajectories.models import Trajectory
from doorstroom.trajectories.selectors import trajectory_deadlines

#: Aftercare follows a hire; trajectories hired longer ago than this have no deadline to pass.
AFTERCARE_HORIZON_DAYS = 366


def phase_deadlines_passed(*, today: date) -> JobResult:
    """Queue one notice per role for each phase whose last day passed in the catch-up window."""
    result = JobResult("trajectory phase deadlines passed")
    earliest = today - timedelta(days=CATCH_UP_DAYS)
    with transaction.atomic():
        candidates = skip_locked(
            Trajectory.objects.filter(
                Q(ended_on__isnull=True)
                | Q(
                    outcome__kind="hired",
                    ended_on__gte=today - timedelta(days=AFTERCARE_HORIZON_DAYS),
                ),
                started_on__lt=today,
            )
            .select_related("partner", "outcome")
            .prefetch_related("suspensions")
            .order_by("started_on", "id")
        )
        for trajectory in candidates:
            deadlines = trajectory_deadlines(trajectory)
            phases: dict[str, date | None] = (
                {"intake": deadlines.intake_until, "job_matching": deadlines.job_matching_until}
                if trajectory.ended_on is None
                else {"aftercare": deadlines.aftercare_until}
            )
            for phase, last_day in phases.items():
                if last_day is None or not earliest <= last_day < today:
                    continue
                label = PHASE_LABELS_NL.get(phase, phase)
                created_any = False
                for role in ("applicant", "consultant"):
                    _notice, created = notification_queue(
                        kind="phase_deadline_passed",
                        dedupe_key=(
                            f"phase_deadline_passed:{trajectory.pk}:{phase}:"
                            f"{last_day.isoformat()}:{role}"
                        ),
                        recipient_role=role,
                        organisation=trajectory.partner,
                        subject=(
                            f"Traject {trajectory.pk}: maximale duur van de fase {label} voorbij"
                        ),
                        body=(
                            f"De fase {label} van traject {trajectory.pk} bij {trajectory.partner} "
                            f"mocht duren tot en met {last_day} (opschortingen meegerekend). "
                            "Rond de fase af of registreer de uitkomst van het traject (R12)."
                        ),
                        due_on=today,
                        payload={"trajectory": trajectory.pk, "phase": phase},
                    )
                    created_any = created_any or created
                if created_any:
                    result.done.append(f"{trajectory.pk}:{phase}")
    return result
