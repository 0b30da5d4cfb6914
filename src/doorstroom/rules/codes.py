"""Stable codes shared by the rules and the rest of the system.

Why a module of its own: the codes are the contract between the rules engine, the database and
the API (see DOMAIN.md, "Stable codes"). Keeping them in one dependency-free place lets the
Django apps import them for model choices without pulling in rule logic, and lets the rules
validate their inputs against the same list.
"""

from __future__ import annotations

from collections.abc import Iterable
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

#: Target groups per framework (DOMAIN.md "Stable codes"; R13 "expertise"): Maatwerk: persons
#: with a work limitation; LDE: jobseekers at a great distance from the labour market.
TARGET_GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "maatwerk": ("work_disability", "psychosocial_limitation", "extremely_vulnerable"),
    "lde": ("distance_to_labour_market",),
}

#: Every target group code, in framework order (for model choices).
ALL_TARGET_GROUPS: Final = tuple(group for groups in TARGET_GROUPS.values() for group in groups)


def target_groups_ordered(groups: Iterable[str]) -> tuple[str, ...]:
    """The codes of ``groups`` once each, in catalogue order (DOMAIN.md "Open points": an
    employee may belong to more than one target group of the framework, "en/of"). Unknown codes
    are dropped: callers validate first. One spelling per set, so a set can be a key."""
    wanted = set(groups)
    return tuple(group for group in ALL_TARGET_GROUPS if group in wanted)


TARGET_GROUP_LABELS_NL: Final[dict[str, str]] = {
    "work_disability": "arbeidshandicap",
    "psychosocial_limitation": "psychosociale arbeidsbeperking",
    "extremely_vulnerable": "uiterst kwetsbaar",
    "distance_to_labour_market": "grote afstand tot de arbeidsmarkt",
}
TARGET_GROUP_LABELS_EN: Final[dict[str, str]] = {
    "work_disability": "work disability",
    "psychosocial_limitation": "psychosocial work limitation",
    "extremely_vulnerable": "extremely vulnerable",
    "distance_to_labour_market": "great distance to the labour market",
}

#: The three criteria on which the chances of transition are judged (R8), in the source's order.
CRITERIA: Final = ("personal_situation", "employer_continuity", "regional_prospects")

CRITERION_LABELS_NL: Final[dict[str, str]] = {
    "personal_situation": "duurzaam regulier werk gezien de persoonlijke situatie",
    "employer_continuity": "continuïteit van het maatwerkbedrijf of de maatwerkafdeling",
    "regional_prospects": "duurzaam regulier werk zonder ondersteuning in de woonregio",
}
CRITERION_LABELS_EN: Final[dict[str, str]] = {
    "personal_situation": "sustainable regular work given the personal situation",
    "employer_continuity": "continuity of the custom-work company or department",
    "regional_prospects": "sustainable regular work without support in the region of residence",
}

#: Kinds of dated activity recorded in a trajectory (R12).
ACTIVITY_KINDS: Final = (
    "guidance",
    "job_search",
    "employer_contact",
    "internship_support",
    "aftercare",
)

ACTIVITY_KIND_LABELS_NL: Final[dict[str, str]] = {
    "guidance": "begeleiding",
    "job_search": "zoeken naar een vacature",
    "employer_contact": "werkgeverscontact",
    "internship_support": "stagebegeleiding",
    "aftercare": "nazorg",
}
ACTIVITY_KIND_LABELS_EN: Final[dict[str, str]] = {
    "guidance": "guidance",
    "job_search": "job search",
    "employer_contact": "employer contact",
    "internship_support": "internship support",
    "aftercare": "aftercare",
}

#: The Dutch word for an internship in a trajectory (R12: "tijdelijke stages").
INTERNSHIP_LABEL_NL: Final = "stage"
INTERNSHIP_LABEL_EN: Final = "internship"

#: How a trajectory ends (R12).
OUTCOME_KINDS: Final = ("hired", "returned", "stopped")

#: The result of an internship (R12): "An internship's result is hired, not_hired or
#: stopped_early".
INTERNSHIP_RESULTS: Final = ("hired", "not_hired", "stopped_early")
INTERNSHIP_RESULT_LABELS_NL: Final[dict[str, str]] = {
    "hired": "aangeworven",
    "not_hired": "niet aangeworven",
    "stopped_early": "vroegtijdig gestopt",
}
INTERNSHIP_RESULT_LABELS_EN: Final[dict[str, str]] = {
    "hired": "hired",
    "not_hired": "not hired",
    "stopped_early": "stopped early",
}

OUTCOME_KIND_LABELS_NL: Final[dict[str, str]] = {
    "hired": "aangeworven bij een reguliere werkgever",
    "returned": "terug naar maatwerk of LDE",
    "stopped": "stopgezet",
}
OUTCOME_KIND_LABELS_EN: Final[dict[str, str]] = {
    "hired": "hired by a regular employer",
    "returned": "returned to custom work or LDE",
    "stopped": "stopped",
}

#: Levels of the guidance premium of a support package (werkondersteuningspakket).
GUIDANCE_LEVELS: Final = ("low", "medium", "high")

GUIDANCE_LEVEL_LABELS_NL: Final[dict[str, str]] = {
    "low": "laag",
    "medium": "midden",
    "high": "hoog",
}
GUIDANCE_LEVEL_LABELS_EN: Final[dict[str, str]] = {
    "low": "low",
    "medium": "medium",
    "high": "high",
}

#: How close a partner's local network is to the employee's residence (R10), best first.
LOCAL_NETWORK_LEVELS: Final = ("municipality", "arrondissement", "province", "none")

LOCAL_NETWORK_LEVEL_LABELS_NL: Final[dict[str, str]] = {
    "municipality": "gemeente",
    "arrondissement": "arrondissement",
    "province": "provincie",
    "none": "geen",
}
LOCAL_NETWORK_LEVEL_LABELS_EN: Final[dict[str, str]] = {
    "municipality": "municipality",
    "arrondissement": "arrondissement",
    "province": "province",
    "none": "none",
}

#: Phases of a trajectory with a maximum duration (DOMAIN.md "Context", "Trajectory phases");
#: internships (stages) run inside the trajectory and have their own maximum.
PHASES: Final = ("intake", "job_matching", "aftercare")

PHASE_LABELS_NL: Final[dict[str, str]] = {
    "intake": "voortraject (intake)",
    "job_matching": "jobmatching (zoeken naar een vacature)",
    "aftercare": "nazorg",
}
PHASE_LABELS_EN: Final[dict[str, str]] = {
    "intake": "intake",
    "job_matching": "job matching (searching for a vacancy)",
    "aftercare": "aftercare",
}
