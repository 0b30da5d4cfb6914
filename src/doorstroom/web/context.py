"""The navigation each role sees: its own work, nothing else."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

NAVIGATION: dict[str, list[tuple[str, Any]]] = {
    "applicant": [
        ("applicant:home", _("Overzicht")),
        ("applicant:organisation", _("Organisatie")),
        ("applicant:applications", _("Aanvragen")),
        ("applicant:mandates", _("Mandaten")),
        ("applicant:projects", _("ESF-projecten")),
        ("applicant:referrals", _("Toeleidingen")),
        ("applicant:trajectories", _("Trajecten")),
    ],
    "reviewer": [
        ("reviewer:inbox", _("Inbox")),
        ("reviewer:intake_queue", _("Berichten")),
        ("reviewer:register", _("Mandatenregister")),
        ("esf:dashboard", _("Monitoring")),
    ],
    "consultant": [
        ("consultant:home", _("Opvolging")),
        ("consultant:search", _("Werknemers zoeken")),
        ("consultant:trajectories", _("Trajecten")),
        ("esf:dashboard", _("Monitoring")),
    ],
    "esf_officer": [
        ("esf:home", _("Oproepen en projecten")),
        ("esf:dashboard", _("Monitoring")),
    ],
    "admin": [
        ("beheer:home", _("Beheer")),
        ("beheer:users", _("Gebruikers")),
        ("beheer:organisations", _("Organisaties")),
        ("beheer:calls", _("ESF-oproepen")),
        ("registers:index", _("Registers importeren")),
    ],
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    items = []
    for name, label in NAVIGATION.get(role, []):
        try:
            url = reverse(name)
        except NoReverseMatch:  # a page not built yet
            continue
        items.append({"url": url, "label": label, "current": False})
    # The current item is the one with the longest URL that starts the path (a role's home
    # URL is a prefix of all its pages, so plain startswith would mark it everywhere).
    matching = [item for item in items if request.path.startswith(str(item["url"]))]
    if matching:
        max(matching, key=lambda item: len(str(item["url"])))["current"] = True
    return {"nav_items": items}
