"""Pressing the buttons of the "Controleer en bevestig" step (web/confirm.py) in page tests."""

from __future__ import annotations

from typing import Any

from django.test import Client


def press(client: Client, url: str, check: Any, action: str = "confirm", **kwargs: Any) -> Any:
    """Post the confirmation shown by ``check`` back with ``action`` ("confirm" or "edit"):
    the carried fields, as the page's hidden inputs do."""
    data: dict[str, list[str]] = {}
    for name, value in check.context["confirmation"].fields:
        data.setdefault(name, []).append(value)
    return client.post(url, {**data, "action": action}, **kwargs)
