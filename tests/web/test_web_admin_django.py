"""The Django admin that remains for reference data and logs: titled and labelled in Dutch, and
"Website bekijken" leads to the administrator's pages (/beheer/), not back into the admin."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.test import Client

from doorstroom.accounts.services import user_create

pytestmark = pytest.mark.django_db

ENGLISH = (
    "Accounts",
    "Outbox",
    "Places",
    "Privacy logs",
    "Axes",
    "Tasks Database Backend",
    "Model name",
    "Add link",
    "Access attempts",
    "Access logs",
    "Notifications",
    "Task Results",
)


@pytest.fixture
def admin_client_nl(client: Client) -> Client:
    client.force_login(user_create(username="beheerder", role="admin"))
    return client


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_admin_index_is_dutch_and_leads_back_to_beheer(admin_client_nl: Client) -> None:
    page = admin_client_nl.get("/admin/").content.decode()
    assert '<a href="/beheer/">Website bekijken</a>' in page
    text = _text(page)
    assert "Doorstroom: referentiegegevens en logboeken" in text
    assert "Referentiegegevens en logboeken" in text
    for name in ("Plaatsen (referentiegegevens)", "Uitgaande meldingen", "Verwerkingslogboek"):
        assert name in text
    assert [word for word in ENGLISH if word in text] == []


def test_every_admin_list_has_dutch_column_and_filter_names(admin_client_nl: Client) -> None:
    for model in admin.site._registry:
        meta = model._meta
        response = admin_client_nl.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        assert response.status_code == 200, meta.label
        text = _text(response.content.decode())
        english = [
            w
            for w in ("Op kind", "Op purpose", "Op received on", "Op priority", "Attempt Time")
            if w in text
        ]
        assert english == [], meta.label


def test_the_labels_of_the_logs_are_dutch() -> None:
    from doorstroom.outbox.models import Notification
    from doorstroom.privacy.models import AccessLog

    assert str(Notification._meta.get_field("kind").verbose_name) == "soort"
    assert str(AccessLog._meta.get_field("purpose").verbose_name) == "doel"
    assert str(AccessLog._meta.verbose_name_plural) == "verwerkingslogboek"
