"""Enterprise numbers are written one way on every page: 0403.170.701 (the KBO's way)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

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
