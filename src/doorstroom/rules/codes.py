"""Stable codes shared by the rules and the rest of the system.

Why a module of its own: the codes are the contract between the rules engine, the database and
the API (see DOMAIN.md, "Stable codes"). Keeping them in one dependency-free place lets the
Django apps import them for model choices without pulling in rule logic, and lets the rules
validate their inputs against the same list.
"""

from __future__ import annotations

from typing import Final

#: The two legal frameworks a mandate can cover (Maatwerk decree, LDE decree).
FRAMEWORKS: Final = ("maatwerk", "lde")

FRAMEWORK_LABELS_NL: Final[dict[str, str]] = {
    "maatwerk": "Maatwerk bij collectieve inschakeling",
    "lde": "Lokale diensteneconomie",
}
FRAMEWORK_LABELS_EN: Final[dict[str, str]] = {
    "maatwerk": "custom work (Maatwerk)",
    "lde": "local service economy (LDE)",
}

#: The five formal conditions of R13, in the order of the source ("Formele voorwaarden").
CONDITIONS: Final = ("quality_management", "facilities", "expertise", "results", "methodology")

#: Dutch labels as the source words them; used in reason messages shown to applicants.
CONDITION_LABELS_NL: Final[dict[str, str]] = {
    "quality_management": "kwaliteitsvolle bedrijfsvoering",
    "facilities": "nodige faciliteiten",
    "expertise": "professionele deskundigheid",
    "results": "aantoonbare resultaten",
    "methodology": "methodische aanpak",
}
CONDITION_LABELS_EN: Final[dict[str, str]] = {
    "quality_management": "quality management",
    "facilities": "necessary facilities",
    "expertise": "professional expertise",
    "results": "demonstrable results",
    "methodology": "methodical approach",
}

#: The two channels of R14: the scanned dossier by e-mail, the signed original by registered post.
CHANNELS: Final = ("email", "registered_letter")

CHANNEL_LABELS_NL: Final[dict[str, str]] = {
    "email": "e-mail",
    "registered_letter": "aangetekende brief",
}

#: Mandate states derived from its period and a date (see mandates.mandate_status).
MANDATE_STATUSES: Final = ("future", "active", "expired")
