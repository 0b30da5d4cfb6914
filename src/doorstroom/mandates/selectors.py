"""Every read of applications and mandates, scoped to what the user may see."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from doorstroom.accounts.models import Role, User
from doorstroom.mandates.models import CLOSED_STATUSES, Evidence, Mandate, MandateApplication
from doorstroom.organisations.models import Recognition
from doorstroom.signatures.models import Signature

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def evidence_with_signatures() -> QuerySet[Evidence]:
    """Evidence with its signature check and signatures (two more queries, any number of rows)."""
    return Evidence.objects.select_related("signature_check").prefetch_related(
        Prefetch(
            "signature_check__signatures",
            queryset=Signature.objects.select_related("signatory").order_by("position"),
        )
    )


def application_list_for_user(user: User) -> QuerySet[MandateApplication]:
    """Applicants see their own organisation's applications; reviewers and admins all."""
    queryset = MandateApplication.objects.select_related("organisation")
    if user.role == Role.APPLICANT:
        queryset = queryset.filter(organisation_id=user.organisation_id or 0)
    elif user.role not in (Role.REVIEWER, Role.ADMIN):
        queryset = queryset.none()
    return queryset


#: What the API's list shape (``ApplicationOut``) reads of an application. Lists load only
#: these: not the stored assessment traces (two JSON documents per row) nor the organisation,
#: which the list shows by id (docs/performance.md, "Lists and details near their floor").
APPLICATION_LIST_COLUMNS = (
    "id",
    "organisation_id",
    "kind",
    "renews_id",
    "frameworks",
    "status",
    "received_on",
    "completed_on",
    "decision_due_on",
    "admissible",
)


def application_list_rows_for_user(
    user: User, *, status: str | None = None, organisation: int | None = None
) -> QuerySet[MandateApplication]:
    """:func:`application_list_for_user` with only the list's columns, no join; narrowed to
    one ``status`` and one ``organisation`` when given."""
    queryset = application_list_for_user(user).select_related(None).only(*APPLICATION_LIST_COLUMNS)
    if status:
        queryset = queryset.filter(status=status)
    if organisation:
        queryset = queryset.filter(organisation_id=organisation)
    return queryset


def application_detail_for_user(user: User) -> QuerySet[MandateApplication]:
    """Everything the detail and its assessment read, in a fixed number of queries.

    The decision and the mandate are at most one each (one-to-one): joined into the main query
    rather than prefetched, two queries fewer per detail.
    """
    return (
        application_list_for_user(user)
        .select_related("decision", "mandate")
        .prefetch_related(
            "signatories",
            "receipts",
            Prefetch("evidence", queryset=evidence_with_signatures()),
            Prefetch("organisation__recognitions", queryset=Recognition.objects.order_by("id")),
            "decision__judgements",
        )
    )


#: What the API's detail (``ApplicationDetailOut``) never reads of the application: it shows
#: the assessment computed fresh, not the stored one (two JSON traces and the stored target).
APPLICATION_DETAIL_UNREAD = ("submission_trace", "admissibility_trace", "decision_target")


def application_detail_rows_for_user(user: User) -> QuerySet[MandateApplication]:
    """:func:`application_detail_for_user` without the stored assessment's JSON columns, which
    the API's detail does not show (it assesses fresh)."""
    return application_detail_for_user(user).defer(*APPLICATION_DETAIL_UNREAD)


def mandate_list_for_user(
    user: User, *, organisation: int | None = None, active_on: date | None = None
) -> QuerySet[Mandate]:
    """Mandates are public facts for VDAB and ESF staff; an applicant sees its own."""
    queryset = Mandate.objects.select_related("organisation").order_by("-valid_from", "-id")
    if user.role == Role.APPLICANT:
        queryset = queryset.filter(organisation_id=user.organisation_id or 0)
    if organisation is not None:
        queryset = queryset.filter(organisation_id=organisation)
    if active_on is not None:
        queryset = queryset.filter(Q(valid_from__lte=active_on) & Q(valid_until__gte=active_on))
    return queryset


#: What the API's mandate shape (``MandateOut``) reads: the organisation is shown by id.
MANDATE_LIST_COLUMNS = (
    "id",
    "organisation_id",
    "application_id",
    "frameworks",
    "valid_from",
    "valid_until",
)


def mandate_list_rows_for_user(
    user: User, *, organisation: int | None = None, active_on: date | None = None
) -> QuerySet[Mandate]:
    """:func:`mandate_list_for_user` with only the API list's columns, no join."""
    return (
        mandate_list_for_user(user, organisation=organisation, active_on=active_on)
        .select_related(None)
        .only(*MANDATE_LIST_COLUMNS)
    )


def past_due_q(today: date) -> Q:
    """R15 in SQL: applications whose due date lies before ``today``.

    The twin of :func:`doorstroom.rules.mandates.past_due` for querysets (an application
    without a due date never matches); ``tests/web/test_web_queue_filters.py`` checks that both
    agree around the due date.
    """
    return Q(decision_due_on__lt=today)


def due_not_passed_q(today: date) -> Q:
    """R15 in SQL: applications with a due date that is ``today`` or later (not past due).

    The twin of ``due_on is not None and not rules.mandates.past_due(...)``.
    """
    return Q(decision_due_on__gte=today)


#: The reviewer's work queue, in the order a reviewer works through it (R15 first).
QUEUE_SECTIONS = ("overdue", "due_soon", "incomplete", "new", "complete", "decided")
#: How many days before its due date a complete dossier counts as "due soon" in the queue.
QUEUE_DUE_SOON_DAYS = 14


class QueueAnnotations(TypedDict):
    queue_rank: int


def application_queue_for_user(
    user: User, *, today: date, due_soon_days: int = QUEUE_DUE_SOON_DAYS
) -> QuerySet[WithAnnotations[MandateApplication, QueueAnnotations]]:
    """Applications annotated with their queue section, in queue order, in one query.

    The section is computed from the stored facts and ``today`` (not from the stored status
    alone, which ``tick`` updates once a day): ``overdue`` (undecided, past its R15 due date),
    ``due_soon`` (undecided, due within ``due_soon_days``), ``incomplete``, ``new`` (a draft,
    nothing received yet), ``complete`` (the rest that is undecided) and ``decided``.
    Within a section the earliest due date, then the earliest arrival, comes first.
    """
    undecided = ~Q(status__in=CLOSED_STATUSES)
    rank = Case(
        When(undecided & past_due_q(today), then=Value(0)),
        When(
            undecided & Q(decision_due_on__lte=today + timedelta(days=due_soon_days)),
            then=Value(1),
        ),
        When(status="incomplete", then=Value(2)),
        When(status="draft", then=Value(3)),
        When(undecided, then=Value(4)),
        default=Value(5),
        output_field=IntegerField(),
    )
    return application_list_for_user(user).annotate(queue_rank=rank)


def application_queue_counts(
    queue: QuerySet[WithAnnotations[MandateApplication, QueueAnnotations]],
) -> dict[str, int]:
    """How many applications of :func:`application_queue_for_user` stand in each section."""
    return queue.aggregate(
        **{name: Count("pk", filter=Q(queue_rank=i)) for i, name in enumerate(QUEUE_SECTIONS)}
    )


def application_queue_section(
    queue: QuerySet[WithAnnotations[MandateApplication, QueueAnnotations]],
    *,
    section: str = "",
    organisation_name: str = "",
) -> QuerySet[WithAnnotations[MandateApplication, QueueAnnotations]]:
    """The queue narrowed to one ``section`` (none: every undecided one) and to organisations
    whose name contains ``organisation_name``."""
    if section:
        queue = queue.filter(queue_rank=QUEUE_SECTIONS.index(section))
    else:
        queue = queue.filter(queue_rank__lt=QUEUE_SECTIONS.index("decided"))
    if organisation_name:
        queue = queue.filter(organisation__name__icontains=organisation_name)
    return queue


def mandate_register_for_user(user: User) -> QuerySet[Mandate]:
    """The mandate register: every visible mandate with its renewal applications, 3 queries.

    Ordered by last day of validity (the first to expire first), then organisation name.
    """
    return (
        mandate_list_for_user(user)
        .prefetch_related(
            Prefetch(
                "renewal_applications",
                queryset=MandateApplication.objects.order_by("id"),
            )
        )
        .order_by("valid_until", "organisation__name", "id")
    )


def application_pending_for_organisation(
    user: User, *, organisation: int
) -> MandateApplication | None:
    """The organisation's undecided mandate application (the newest), for VDAB and ESF staff:
    only its status facts (a project waits on it, R2), never its documents or assessment."""
    if user.role not in (Role.REVIEWER, Role.ADMIN, Role.ESF_OFFICER):
        return None
    return (
        MandateApplication.objects.filter(organisation_id=organisation)
        .exclude(status__in=CLOSED_STATUSES)
        .only("id", "organisation_id", "kind", "status", "received_on", "decision_due_on")
        .order_by("-id")
        .first()
    )
