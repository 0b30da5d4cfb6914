"""Enterprise numbers are written one way on every page: 0403.170.701 (the KBO's way)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client

import doorstroom
from doorstroom.accounts.services import user_create
from doorstroom.organisations.models import Organisation
from doorstroom.web.templatetags.doorstroom import enterprise_number


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0403170701", "0403.170.701"),
        ("0403.170.701", "0403.170.701"),
        ("BE 0403 170 701", "0403.170.701"),
        ("403170701", "0403.170.701"),
        ("", ""),
        (None, ""),
        ("1234", "1234"),  # invalid: shown as it is, never made up
    ],
)
def test_every_spelling_is_written_the_kbo_way(value: str | None, shown: str) -> None:
    assert enterprise_number(value) == shown


def test_the_template_filter() -> None:
    template = Template("{% load doorstroom %}{{ n|enterprise_number }}")
    assert template.render(Context({"n": "0521223362"})) == "0521.223.362"


def test_every_template_writes_an_enterprise_number_through_the_filter() -> None:
    """No template prints a stored (compact) number as it is: each `{{ …enterprise_number… }}`
    goes through `|enterprise_number` or a model's `enterprise_number_display`."""
    root = Path(doorstroom.__file__).parent
    raw = [
        f"{path.relative_to(root)}: {output}"
        for path in sorted(root.rglob("templates/**/*.html"))
        for output in re.findall(r"\{\{[^}]*\}\}", path.read_text(encoding="utf-8"))
        if "enterprise_number" in output
        and "|enterprise_number" not in output
        and "enterprise_number_display" not in output
    ]
    assert raw == []


@pytest.mark.django_db
def test_the_administrators_pages_write_it_one_way(
    client: Client, organisation: Organisation
) -> None:
    """/beheer/ too: the list, the organisation's page and its correction form."""
    assert organisation.enterprise_number == "0403170701"
    client.force_login(user_create(username="beheerder", role="admin"))
    for url in (
        "/beheer/organisaties/",
        f"/beheer/organisaties/{organisation.pk}/",
        f"/beheer/organisaties/{organisation.pk}/wijzigen/",
        f"/beheer/organisaties/{organisation.pk}/vestigingen/nieuw/",
    ):
        html = client.get(url).content.decode()
        assert "0403.170.701" in html, url
        assert "0403170701" not in html, url
