"""/metrics: Prometheus text for requests and the domain's gauges, never public."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families
from rest_framework.test import APIClient

from doorstroom.common import clock
from doorstroom.mandates.models import MandateApplication
from doorstroom.organisations.models import Organisation
from doorstroom.outbox.models import Notification
from doorstroom.outbox.services import notification_queue
from tests.conftest import complete_application

pytestmark = pytest.mark.django_db

LIST = "api/v1/mandate-applications/"
DETAIL = "api/v1/mandate-applications/<id:id>/"


def _scrape(client: Client, **headers: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    samples: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((sample.labels, sample.value))
    return samples


def _value(samples: dict, name: str, **labels: str) -> float:
    return sum(v for lab, v in samples.get(name, []) if labels.items() <= lab.items())


def test_requests_are_counted_by_view_and_status(client: Client, reviewer: APIClient) -> None:
    before = _scrape(client)
    reviewer.get("/api/v1/mandate-applications/")
    reviewer.get("/api/v1/mandate-applications/999999/")
    after = _scrape(client)
    name = "doorstroom_http_requests_total"
    for view, status in ((LIST, "200"), (DETAIL, "404")):
        assert (
            _value(after, name, view=view, status=status)
            - _value(before, name, view=view, status=status)
            == 1
        ), view
    queries = "doorstroom_db_queries_per_request_sum"
    assert _value(after, queries, view=LIST) > _value(before, queries, view=LIST)
    assert _value(after, "doorstroom_http_request_duration_seconds_count", view=LIST) >= 1


def test_an_unknown_path_is_one_label_not_one_per_path(client: Client) -> None:
    client.get("/bestaat-niet-1/")
    client.get("/bestaat-niet-2/")
    labels = {lab["view"] for lab, _v in _scrape(client)["doorstroom_http_requests_total"]}
    assert "<unmatched>" in labels
    assert not any("bestaat" in label for label in labels)


def test_domain_gauges_count_what_needs_action(client: Client, organisation: Organisation) -> None:
    today = clock.today()
    application = complete_application(
        organisation, received_on=today - timedelta(days=100), today=today
    )
    MandateApplication.objects.filter(pk=application.pk).update(
        decision_due_on=today - timedelta(days=1)
    )
    failing, _ = notification_queue(kind="t", dedupe_key="f", subject="s", body="b", due_on=today)
    Notification.objects.filter(pk=failing.pk).update(failed_permanently_at=timezone.now())
    samples = _scrape(client)
    assert _value(samples, "doorstroom_dossiers_overdue") == 1
    assert _value(samples, "doorstroom_notifications_failing") == 1
    assert _value(samples, "doorstroom_tasks_waiting") == 0


def test_refused_from_another_network_without_the_token(client: Client) -> None:
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 403
    assert b"doorstroom_" not in response.content


@override_settings(METRICS_TOKEN="s3cret-scrape-token")
def test_the_token_opens_it_from_anywhere(client: Client) -> None:
    assert (
        client.get(
            "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer wrong"
        ).status_code
        == 403
    )
    _scrape(client, REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token")


def test_a_signed_in_admin_from_outside_is_still_refused(client: Client, make_user: object) -> None:
    admin = make_user("admin")  # type: ignore[operator]
    client.force_login(admin)
    assert client.get("/metrics", REMOTE_ADDR="198.51.100.4").status_code == 403


def test_metric_names_are_prefixed() -> None:
    from doorstroom.observability.metrics import exposition

    text = exposition()
    names = set(re.findall(rb"^# TYPE (\w+)", text, re.M))
    ours = {name for name in names if not name.startswith((b"python_", b"process_"))}
    assert all(name.startswith(b"doorstroom_") for name in ours), ours
    assert b"process_resident_memory_bytes" in names  # a worker's memory, for the budgets
    assert {b"doorstroom_http_requests_total", b"doorstroom_dossiers_overdue"} <= names
    assert b"_created" not in text
