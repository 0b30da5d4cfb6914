"""The Django admin that remains for reference data and logs: titled and labelled in Dutch, and
"Website bekijken" leads to the administrator's pages (/beheer/), not back into the admin."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from django.test import Client
from django.utils import translation
from django.utils.functional import Promise
from rest_framework.authtoken.models import Token

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


# Labels that read the same in Dutch and English (identifiers and technical names).
SAME_IN_BOTH = {"ID", "id", "Message-ID", "SHA-256", "HTTP Accept"}


def _labels(field: models.Field[object, object]) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        dutch = str(field.verbose_name)
    with translation.override("en"):
        english = str(field.verbose_name)
    return dutch, english


def _concrete(model: type[models.Model]) -> list[models.Field[object, object]]:
    return [f for f in model._meta.get_fields() if getattr(f, "concrete", False)]  # type: ignore[misc]


def test_every_field_of_every_admin_model_has_a_dutch_label() -> None:
    """A label that is the same in Dutch as in English was never translated (the source of our
    own labels is Dutch, a third-party label is English): only identifiers may be."""
    untranslated = [
        f"{model._meta.label}.{field.name}: {dutch!r}"
        for model in admin.site._registry
        for field in _concrete(model)
        for dutch, english in [_labels(field)]
        if dutch == english and dutch not in SAME_IN_BOTH
    ]
    assert untranslated == []


def test_our_admin_models_label_every_field_through_the_catalog() -> None:
    """Every field of our own models in the admin (the time stamps of `common.TimeStamped`
    included) has a lazily translated verbose name, so the page follows the language."""
    plain = [
        f"{model._meta.label}.{field.name}"
        for model in admin.site._registry
        if model.__module__.startswith("doorstroom.")
        for field in _concrete(model)
        if not field.auto_created and not isinstance(field.verbose_name, Promise)
    ]
    assert plain == []
    from doorstroom.outbox.models import Notification

    created = Notification._meta.get_field("created_at")
    assert _labels(created) == ("aangemaakt op", "created on")  # type: ignore[arg-type]


def test_the_dutch_change_pages_show_no_english_field_label(admin_client_nl: Client) -> None:
    """The change page of each registered model that has a row: no field's English label."""
    user = user_create(username="lezer", role="reviewer")
    Group.objects.create(name="lezers")
    Token.objects.create(user=user)
    seen = 0
    for model in admin.site._registry:
        row = model._default_manager.first()
        if row is None:
            continue
        meta = model._meta
        response = admin_client_nl.get(
            f"/admin/{meta.app_label}/{meta.model_name}/{row.pk}/change/"
        )
        assert response.status_code == 200, meta.label
        text = _text(response.content.decode())
        english = [
            english
            for field in _concrete(model)
            for dutch, english in [_labels(field)]
            if dutch != english and english[:1].upper() + english[1:] + ":" in text
        ]
        assert english == [], meta.label
        seen += 1
    assert seen >= 3
