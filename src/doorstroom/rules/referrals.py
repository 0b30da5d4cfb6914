"""Rules of the referral of an employee to a partner: R4, R10 and R11.

Why the ranking lives in the rules engine: VDAB chooses the partner "op basis van nabijheid,
kennis met het lokale netwerk en ervaring" (R10) and nothing else: "De partner krijgt geen
contingent" (R11). A pure function over frozen facts gives the same ranking whenever it is
re-computed, explains every factor in Dutch and English, and its trace (``Ranking.as_trace``)
is stored with the referral so the choice can be shown again as it was made. The caller
gathers the facts (sites, local network, experience counts) from the database; the load per
partner is carried along for display only and never read by the ranking.

Distances are computed here (haversine) rather than in the places app, so that the rules
engine stays free of Django and of other apps.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from doorstroom.rules.calendar import is_within
from doorstroom.rules.codes import FRAMEWORKS, LOCAL_NETWORK_LEVELS, TARGET_GROUPS
from doorstroom.rules.esf import MandateFact
from doorstroom.rules.mandates import RecognitionFact, recognition_valid_on
from doorstroom.rules.outcome import Outcome, Reason
from doorstroom.rules.params import ParameterValue, parameter
from doorstroom.rules.reasons import reason, reason_for

#: Mean earth radius in km (IUGG), used by :func:`distance_km`.
EARTH_RADIUS_KM = 6371.0088

Coordinates = tuple[float, float]  # (latitude, longitude) in decimal degrees (WGS84)

# --------------------------------------------------------------------------------------------
# Facts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EsfProjectFact:
    """A project of the partner in ESF Vlaanderen's call "doorstroombegeleiding".

    Runs on ``starts_on``…``ends_on`` (closed interval; ``ends_on=None`` runs on). A project
    without a start date has not started.
    """

    approved: bool
    starts_on: date | None
    ends_on: date | None


@dataclass(frozen=True)
class ExperienceFacts:
    """What the partner has done so far (R10 "ervaring"), counted by the caller.

    ``completed``: trajectories ended with an outcome; ``hired``: those ended with ``hired``;
    ``years_mandated``: years with a valid mandate; ``target_group_completed``: completed
    trajectories with employees who share at least one target group with the employee being
    referred (R10 "ervaring" with ANY of the employee's groups, DOMAIN.md "Open points": an
    employee may belong to several; each trajectory counted once).
    """

    completed: int
    hired: int
    years_mandated: float
    target_group_completed: int


@dataclass(frozen=True)
class PartnerFacts:
    """A candidate partner as R4 and R10 see it.

    ``municipalities`` are the NIS codes of its local network; ``arrondissements`` and
    ``provinces`` are the codes derived from them by the caller. ``site_coordinates`` are the
    (latitude, longitude) of its sites. ``current_load`` (running trajectories) is shown next to
    the ranking and never used by it (R11).
    """

    partner_id: int
    name: str
    recognitions: tuple[RecognitionFact, ...]
    mandates: tuple[MandateFact, ...]
    esf_projects: tuple[EsfProjectFact, ...]
    site_coordinates: tuple[Coordinates, ...]
    municipalities: frozenset[str]
    arrondissements: frozenset[str]
    provinces: frozenset[str]
    experience: ExperienceFacts
    current_load: int


@dataclass(frozen=True)
class EmployeeFacts:
    """The employee to be referred: framework, target groups (one or more) and residence.

    ``municipality`` is the NIS code of the residence; ``arrondissement`` and ``province`` are
    derived from it by the caller; ``coordinates`` (latitude, longitude) of the residence, if
    known.
    """

    framework: str
    target_groups: tuple[str, ...]
    municipality: str
    arrondissement: str
    province: str
    coordinates: Coordinates | None

    def __post_init__(self) -> None:
        if self.framework not in FRAMEWORKS:
            raise ValueError(f"Unknown framework {self.framework!r}; use {', '.join(FRAMEWORKS)}")
        groups = TARGET_GROUPS[self.framework]
        if isinstance(self.target_groups, str) or not self.target_groups:
            raise ValueError(f"Give the target groups as a non-empty tuple: {self.target_groups!r}")
        for group in self.target_groups:
            if group not in groups:
                raise ValueError(
                    f"Target group {group!r} is not one of {self.framework}: {', '.join(groups)}"
                )


# --------------------------------------------------------------------------------------------
# R4 Referral only to fully enabled partners
# --------------------------------------------------------------------------------------------


def _esf_project_running(project: EsfProjectFact, on: date) -> bool:
    return (
        project.approved
        and project.starts_on is not None
        and is_within(on, project.starts_on, project.ends_on)
    )


def eligibility(*, partner: PartnerFacts, framework: str, on: date) -> Outcome:
    """R4: may VDAB refer an employee of ``framework`` to ``partner`` on ``on``?

    Source: "eens het mandaat wordt verleend, [kan] de organisatie … een projectvoorstel …
    indienen bij ESF Vlaanderen. Wanneer dit projectvoorstel ook wordt goedgekeurd, kan de
    organisatie van start gaan … en kan VDAB in principe toeleiden."

    Every reason that applies, all blocking, in this order:

    * ``recognition_missing`` (rule R4, param ``on``): no recognition with a label and a
      registration number valid on ``on``;
    * ``mandate_not_active`` (param ``on``): no mandate valid on ``on``; or else
      ``framework_not_covered`` (param ``framework``): none of the mandates valid on ``on``
      covers ``framework``;
    * ``esf_project_required`` (param ``on``): no approved ESF project with
      ``starts_on ≤ on ≤ ends_on`` (open end runs on; no start date = not started).

    Allowed iff there is no reason. All periods are closed intervals.
    """
    if framework not in FRAMEWORKS:
        raise ValueError(f"Unknown framework {framework!r}; use {', '.join(FRAMEWORKS)}")
    reasons: list[Reason] = []
    if not any(recognition_valid_on(r, on) for r in partner.recognitions):
        reasons.append(reason_for("recognition_missing", "R4", on=on))
    valid = [m for m in partner.mandates if is_within(on, m.valid_from, m.valid_until)]
    if not valid:
        reasons.append(reason("mandate_not_active", on=on))
    elif not any(framework in m.frameworks for m in valid):
        reasons.append(reason("framework_not_covered", framework=framework))
    if not any(_esf_project_running(p, on) for p in partner.esf_projects):
        reasons.append(reason("esf_project_required", on=on))
    return Outcome.from_reasons(reasons)


# --------------------------------------------------------------------------------------------
# Distance
# --------------------------------------------------------------------------------------------


def distance_km(a: Coordinates, b: Coordinates) -> float:
    """Great-circle distance in km between two (latitude, longitude) points (haversine).

    Accurate to a few metres at the scale of Flanders, which is more than a ranking needs.
    """
    return _km(_haversine(_radians(a), _radians(b)))


# A point as (latitude, longitude, cos latitude), in radians: what the haversine needs of it.
_Radians = tuple[float, float, float]


def _radians(point: Coordinates) -> _Radians:
    lat, lon = map(math.radians, point)
    return (lat, lon, math.cos(lat))


def _haversine(a: _Radians, b: _Radians) -> float:
    # The haversine of the central angle: grows with the distance, so the nearest site is the
    # one with the smallest value, and only that one needs the arcsine (_km).
    lat1, lon1, cos1 = a
    lat2, lon2, cos2 = b
    return math.sin((lat2 - lat1) / 2) ** 2 + cos1 * cos2 * math.sin((lon2 - lon1) / 2) ** 2


def _km(h: float) -> float:
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _nearest_km(home: _Radians | None, sites: Sequence[_Radians]) -> float | None:
    if home is None or not sites:
        return None
    return _km(min(_haversine(home, site) for site in sites))


def nearest_site_km(employee: EmployeeFacts, partner: PartnerFacts) -> float | None:
    """Distance from the residence to the partner's nearest site; ``None`` when unknown."""
    home = None if employee.coordinates is None else _radians(employee.coordinates)
    return _nearest_km(home, [_radians(site) for site in partner.site_coordinates])


# --------------------------------------------------------------------------------------------
# R10 VDAB chooses the partner, R11 No contingent
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Factor:
    """One R10 factor of a ranked partner: its value, score (0..1), weight and explanation.

    ``value``: km to the nearest site (``None`` if unknown) for ``proximity``; the level
    (``municipality``…``none``) for ``local_network``; the experience summary score (0..1) for
    ``experience``.
    """

    name: str  # "proximity" | "local_network" | "experience"
    value: float | str | None
    score: float
    weight: float
    explanation_nl: str
    explanation_en: str

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form for the ranking trace."""
        return {
            "name": self.name,
            "value": self.value,
            "score": self.score,
            "weight": self.weight,
            "explanation_nl": self.explanation_nl,
            "explanation_en": self.explanation_en,
        }


@dataclass(frozen=True)
class RankedPartner:
    """An eligible partner with its rank, total score and the three explained factors.

    ``current_load`` is shown next to the ranking and never used to compute it (R11).
    """

    partner_id: int
    name: str
    rank: int
    score: float
    distance_km: float | None
    local_network: str
    experience: float
    factors: tuple[Factor, ...]
    current_load: int
    explanation_nl: str

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form for the ranking trace."""
        return {
            "partner_id": self.partner_id,
            "name": self.name,
            "rank": self.rank,
            "score": self.score,
            "distance_km": self.distance_km,
            "local_network": self.local_network,
            "experience": self.experience,
            "factors": [f.as_dict() for f in self.factors],
            "current_load": self.current_load,
            "explanation_nl": self.explanation_nl,
        }


@dataclass(frozen=True)
class IneligiblePartner:
    """A partner VDAB may not refer to on the day (R4), with every reason why."""

    partner_id: int
    name: str
    reasons: tuple[Reason, ...]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form for the ranking trace."""
        return {
            "partner_id": self.partner_id,
            "name": self.name,
            "reasons": [r.as_dict() for r in self.reasons],
        }


@dataclass(frozen=True)
class Ranking:
    """The R10 ranking on ``on``: eligible partners best first, the others with their reasons."""

    on: date
    eligible: tuple[RankedPartner, ...]
    ineligible: tuple[IneligiblePartner, ...]
    parameters: tuple[ParameterValue, ...]

    def ranked(self, partner_id: int) -> RankedPartner | None:
        """The eligible partner with this id, if any."""
        return next((p for p in self.eligible if p.partner_id == partner_id), None)

    def as_trace(self) -> dict[str, object]:
        """JSON-serialisable record of the ranking, stored with the referral (R10, R16).

        Holds everything needed to show the ranking again as it was: the day, every eligible
        partner with rank, score, factors and explanations (and the load shown beside it), every
        ineligible partner with its reasons, and the parameter values used.
        """
        return {
            "on": self.on.isoformat(),
            "eligible": [p.as_dict() for p in self.eligible],
            "ineligible": [p.as_dict() for p in self.ineligible],
            "parameters": [p.as_dict() for p in self.parameters],
        }


@dataclass(frozen=True)
class _RankingLaw:
    """The ranking parameters in force on the day, read once per ranking."""

    weight_proximity: float
    weight_local_network: float
    weight_experience: float
    zero_km: float
    network_scores: Mapping[str, float]
    full_trajectories: int
    full_years: int
    full_target_group: int
    parameters: tuple[ParameterValue, ...]

    @classmethod
    def on(cls, day: date) -> _RankingLaw:
        names = (
            "ranking_weight_proximity",
            "ranking_weight_local_network",
            "ranking_weight_experience",
            "ranking_proximity_zero_km",
            *(f"ranking_local_network_score_{level}" for level in LOCAL_NETWORK_LEVELS),
            "ranking_experience_full_trajectories",
            "ranking_experience_full_years",
            "ranking_experience_full_target_group",
        )
        p = {name: parameter(name, day) for name in names}
        return cls(
            weight_proximity=p["ranking_weight_proximity"].as_float(),
            weight_local_network=p["ranking_weight_local_network"].as_float(),
            weight_experience=p["ranking_weight_experience"].as_float(),
            zero_km=p["ranking_proximity_zero_km"].as_float(),
            network_scores={
                level: p[f"ranking_local_network_score_{level}"].as_float()
                for level in LOCAL_NETWORK_LEVELS
            },
            full_trajectories=p["ranking_experience_full_trajectories"].as_int(),
            full_years=p["ranking_experience_full_years"].as_int(),
            full_target_group=p["ranking_experience_full_target_group"].as_int(),
            parameters=tuple(p.values()),
        )


def _number_nl(x: float, decimals: int) -> str:
    # Belgian notation: decimal comma, point for thousands (1.234,5).
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _number_en(x: float, decimals: int) -> str:
    return f"{x:,.{decimals}f}"


def _years(years: float, number: str) -> str:
    # "5 jaar", "5,5 jaar": whole years (after rounding to one decimal) without decimals.
    shown = round(years, 1)
    return str(int(shown)) if shown == int(shown) else number


def _local_network_level(employee: EmployeeFacts, partner: PartnerFacts) -> str:
    if employee.municipality in partner.municipalities:
        return "municipality"
    if employee.arrondissement in partner.arrondissements:
        return "arrondissement"
    if employee.province in partner.provinces:
        return "province"
    return "none"


_NETWORK_NL = {
    "municipality": "Bedient de woonplaats van de werknemer (lokaal netwerk op gemeenteniveau).",
    "arrondissement": (
        "Bedient een gemeente in het arrondissement van de werknemer, maar niet de woonplaats "
        "zelf (lokaal netwerk op arrondissementsniveau)."
    ),
    "province": (
        "Bedient een gemeente in de provincie van de werknemer, maar niet in het arrondissement "
        "(lokaal netwerk op provincieniveau)."
    ),
    "none": "Bedient geen gemeente in de provincie van de werknemer (geen lokaal netwerk).",
}
_NETWORK_EN = {
    "municipality": "Serves the employee's municipality (local network at municipal level).",
    "arrondissement": (
        "Serves a municipality in the employee's arrondissement, but not the employee's own "
        "(local network at arrondissement level)."
    ),
    "province": (
        "Serves a municipality in the employee's province, but not in the arrondissement "
        "(local network at provincial level)."
    ),
    "none": "Serves no municipality in the employee's province (no local network).",
}


#: Decimals of a distance in the trace (``RankedPartner.distance_km``, the proximity factor).
DISTANCE_TRACE_DECIMALS = 3


def distance_shown(km: float) -> Decimal:
    """A distance as every page and explanation shows it (R10 "nabijheid"): the km kept in
    the trace (3 decimals), rounded half up to one decimal. One rounding for the ranking, its
    explanation and the referral form, so that they never differ by 0,1 km; idempotent on a
    trace's value (``distance_shown(round(km, 3)) == distance_shown(km)``)."""
    kept = Decimal(repr(round(km, DISTANCE_TRACE_DECIMALS)))
    return kept.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _proximity(km: float | None, law: _RankingLaw) -> Factor:
    if km is None:
        return Factor(
            name="proximity",
            value=None,
            score=0.0,
            weight=law.weight_proximity,
            explanation_nl=(
                "Afstand onbekend: geen coördinaten van de woonplaats of van een vestiging; "
                "nabijheid telt als 0."
            ),
            explanation_en=(
                "Distance unknown: no coordinates of the residence or of any site; proximity "
                "counts as 0."
            ),
        )
    score = max(0.0, 1.0 - km / law.zero_km)
    return Factor(
        name="proximity",
        value=round(km, DISTANCE_TRACE_DECIMALS),
        score=round(score, 4),
        weight=law.weight_proximity,
        explanation_nl=(
            f"Dichtstbijzijnde vestiging op {_number_nl(float(distance_shown(km)), 1)} km van "
            "de woonplaats."
        ),
        explanation_en=(
            f"Nearest site {_number_en(float(distance_shown(km)), 1)} km from the residence."
        ),
    )


def _local_network(level: str, law: _RankingLaw) -> Factor:
    return Factor(
        name="local_network",
        value=level,
        score=law.network_scores[level],
        weight=law.weight_local_network,
        explanation_nl=_NETWORK_NL[level],
        explanation_en=_NETWORK_EN[level],
    )


def _experience(facts: ExperienceFacts, law: _RankingLaw) -> Factor:
    volume = min(facts.completed / law.full_trajectories, 1.0)
    share_hired = facts.hired / facts.completed if facts.completed > 0 else 0.0
    seniority = min(facts.years_mandated / law.full_years, 1.0)
    target_group = min(facts.target_group_completed / law.full_target_group, 1.0)
    score = (volume + min(share_hired, 1.0) + seniority + target_group) / 4
    percent = round(100 * share_hired)
    years_nl = _years(facts.years_mandated, _number_nl(facts.years_mandated, 1))
    years_en = _years(facts.years_mandated, _number_en(facts.years_mandated, 1))
    group = facts.target_group_completed
    if facts.completed == 0:
        done_nl, done_en = "nog geen afgeronde trajecten", "no completed trajectories yet"
    else:
        done_nl = (
            f"{facts.completed} afgerond{'' if facts.completed == 1 else 'e'} "
            f"traject{'' if facts.completed == 1 else 'en'}, {percent} % aan het werk"
        )
        done_en = (
            f"{facts.completed} completed trajector{'y' if facts.completed == 1 else 'ies'}, "
            f"{percent}% in work"
        )
    return Factor(
        name="experience",
        value=round(score, 4),
        score=round(score, 4),
        weight=law.weight_experience,
        explanation_nl=(
            f"Ervaring: {done_nl}, {years_nl} jaar gemandateerd, {group} "
            f"traject{'' if group == 1 else 'en'} met deze doelgroep."
        ),
        explanation_en=(
            f"Experience: {done_en}, {years_en} year{'' if years_en == '1' else 's'} "
            f"mandated, {group} trajector{'y' if group == 1 else 'ies'} with this target group."
        ),
    )


# One eligible partner, scored but not yet explained: its sort key (score descending, then
# nearest with an unknown distance last, then the lowest id), its position in the candidates,
# its score, the km (unrounded, then as shown), the network level and its experience factor.
_Scored = tuple[tuple[float, bool, float, int], int, float, float | None, float | None, str, Factor]


def _ranked(
    scored: _Scored, rank: int, partner: PartnerFacts, law: _RankingLaw, network: Factor
) -> RankedPartner:
    _, _, score, km, shown_km, level, experience = scored
    factors = (_proximity(km, law), network, experience)
    sentences = " ".join(f.explanation_nl for f in factors)
    explanation = f"Plaats {rank} met score {_number_nl(score, 4)}. {sentences}"
    return RankedPartner(
        partner_id=partner.partner_id,
        name=partner.name,
        rank=rank,
        score=score,
        distance_km=shown_km,
        local_network=level,
        experience=experience.score,
        factors=factors,
        current_load=partner.current_load,
        explanation_nl=explanation,
    )


@dataclass(frozen=True)
class RankingPage:
    """One page of a ranking: the eligible partners ranked ``start + 1``… (explained), how
    many are eligible in all, and every ineligible partner with its reasons (R4)."""

    on: date
    eligible: tuple[RankedPartner, ...]
    eligible_count: int
    ineligible: tuple[IneligiblePartner, ...]
    parameters: tuple[ParameterValue, ...]


@dataclass(frozen=True)
class _Day:
    """What a ranking on one day for one framework shares whatever the employee: the law in
    force, the partners eligible under R4 (by position) with their experience factor, and the
    ineligible ones with their reasons."""

    law: _RankingLaw
    eligible: tuple[tuple[int, Factor], ...]
    ineligible: tuple[IneligiblePartner, ...]
    #: The eligible partners, the best experience factor first, and the experience factor
    #: by position (for `Candidates._first`).
    by_experience: tuple[tuple[int, Factor], ...]
    experience_of: Mapping[int, Factor]

    @property
    def bounded(self) -> bool:
        """Whether the score is known never to grow with the distance nor to shrink with the
        network or experience factor (weights not negative, a positive zero distance): what
        :meth:`Candidates.page` needs to stop before the farther partners."""
        law = self.law
        weights = (law.weight_proximity, law.weight_local_network, law.weight_experience)
        return min(weights) >= 0 and law.zero_km > 0


def _total(law: _RankingLaw, km: float | None, network: float, experience: float) -> float:
    """R10's score of a partner at ``km`` (``None``: unknown) with these network and experience
    factor scores: the factor scores as `_proximity` and `_local_network` keep them (4
    decimals), weighted and summed in the factors' order, rounded to 4 decimals, so the trace
    alone explains the total. With weights that are not negative it never grows with ``km``
    and never shrinks with ``network`` or ``experience`` (IEEE rounding is monotone), so the
    same expression with the nearest possible distance and the best possible factors bounds
    every partner's score (:meth:`Candidates.page`)."""
    proximity = 0.0 if km is None else round(max(0.0, 1.0 - km / law.zero_km), 4)
    return round(
        law.weight_proximity * proximity
        + law.weight_local_network * network
        + law.weight_experience * experience,
        4,
    )


class _SiteGrid:
    """Every candidate's sites in cells of latitude × longitude, to visit the partners nearest
    a residence first (:meth:`Candidates.page`).

    The cells are about square (a side of some km, chosen so that a cell holds a few sites
    whatever the number of partners) and keyed by (row, column) from the south-west corner of
    the sites. :meth:`rings` walks the square rings of cells around the residence's cell and
    bounds, after each ring, how near any site outside the rings walked can be.
    """

    #: Sites per cell on average over the sites' bounding box.
    SITES_PER_CELL = 4

    def __init__(self, sites: Sequence[Sequence[_Radians]]) -> None:
        points = [(lat, lon, i) for i, own in enumerate(sites) for lat, lon, _ in own]
        self.cells: dict[tuple[int, int], tuple[int, ...]] = {}
        self.rows = self.columns = 0
        if not points:
            return
        lats = [lat for lat, _, _ in points]
        lons = [lon for _, lon, _ in points]
        self.lat0, self.lon0 = min(lats), min(lons)
        # The smallest cosine of a site's latitude, as the sites keep it (for the bound).
        self.cos_min = min(cos for own in sites for _, _, cos in own)
        mid_cos = math.cos((min(lats) + max(lats)) / 2)
        height, width = max(lats) - self.lat0, (max(lons) - self.lon0) * mid_cos
        cells = max(1, len(points) // self.SITES_PER_CELL)
        side = math.sqrt(height * width / cells) if height * width > 0 else max(height, width)
        self.step_lat = max(side, 1e-4)  # at least about 0.6 km
        self.step_lon = self.step_lat / max(mid_cos, 0.01)
        found: dict[tuple[int, int], list[int]] = {}
        for lat, lon, i in points:
            own = found.setdefault(self._cell(lat, lon), [])
            if not own or own[-1] != i:
                own.append(i)
        self.cells = {key: tuple(dict.fromkeys(found[key])) for key in found}
        self.rows = max(row for row, _ in self.cells) + 1
        self.columns = max(column for _, column in self.cells) + 1

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return (
            math.floor((lat - self.lat0) / self.step_lat),
            math.floor((lon - self.lon0) / self.step_lon),
        )

    def rings(self, home: _Radians) -> Iterator[tuple[list[int], float]]:
        """Per ring of cells around ``home`` (the residence's cell first): the positions of
        the partners with a site in the ring (a partner may come again in a later ring), and
        a lower bound of the haversine (`_haversine`) from ``home`` to any site in no ring
        walked so far; ``math.inf`` with the last ring, after which no site is left."""
        if not self.cells:
            yield [], math.inf
            return
        lat, lon, cos_home = home
        row, column = self._cell(lat, lon)
        # Rings nearer than the sites' cells are empty: start at the first that meets them.
        ring = max(0, -row, row - (self.rows - 1), -column, column - (self.columns - 1))
        while True:
            top, bottom = row - ring, row + ring
            left, right = column - ring, column + ring
            found: list[int] = []
            columns = range(max(left, 0), min(right, self.columns - 1) + 1)
            for r in range(max(top, 0), min(bottom, self.rows - 1) + 1):
                edge = r in (top, bottom)
                for c in columns if edge else (left, right):
                    found.extend(self.cells.get((r, c), ()))
            if top <= 0 and left <= 0 and bottom >= self.rows - 1 and right >= self.columns - 1:
                yield found, math.inf
                return
            # A site outside the walked square lies beyond one of its four edges: its
            # latitude or its longitude differs from home's by at least the nearest edge's
            # (less a margin for the rounding of the cells' edges), and the haversine grows
            # with either difference.
            d_lat = min(
                lat - (self.lat0 + top * self.step_lat),
                self.lat0 + (bottom + 1) * self.step_lat - lat,
            )
            d_lon = min(
                lon - (self.lon0 + left * self.step_lon),
                self.lon0 + (right + 1) * self.step_lon - lon,
            )
            d_lat = min(max(0.0, d_lat - 1e-9), math.pi)
            d_lon = min(max(0.0, d_lon - 1e-9), math.pi)
            bound = min(
                math.sin(d_lat / 2) ** 2,
                cos_home * self.cos_min * math.sin(d_lon / 2) ** 2,
            )
            yield found, bound * (1 - 1e-9)
            ring += 1


#: What `_Shared` depends on, per partner (`_Shared.fixed_of`): eligibility reads the
#: recognitions, mandates and ESF projects, the places the sites and the local network.
_Fixed = tuple[
    int,
    str,
    tuple[RecognitionFact, ...],
    tuple[MandateFact, ...],
    tuple[EsfProjectFact, ...],
    tuple[Coordinates, ...],
    frozenset[str],
    frozenset[str],
    frozenset[str],
]


class _Shared:
    """What `Candidates` of the same partners share whatever the employee's target groups and
    the load: the sites in radians and their grid, who serves each municipality,
    arrondissement and province, and who is eligible (R4) per day and framework with the
    ineligible partners' reasons. Kept once per process for every set of target groups (at a
    hundred times Flanders one copy per set was most of a worker's memory:
    docs/performance.md, "A worker's memory")."""

    @staticmethod
    def fixed_of(p: PartnerFacts) -> _Fixed:
        return (
            p.partner_id,
            p.name,
            p.recognitions,
            p.mandates,
            p.esf_projects,
            p.site_coordinates,
            p.municipalities,
            p.arrondissements,
            p.provinces,
        )

    def __init__(self, partners: Sequence[PartnerFacts], fixed: tuple[_Fixed, ...]) -> None:
        self.fixed = fixed
        self.sites = tuple(tuple(map(_radians, p.site_coordinates)) for p in partners)
        self.grid = _SiteGrid(self.sites)
        serving: tuple[dict[str, list[int]], ...] = ({}, {}, {})
        for i, p in enumerate(partners):
            for served, codes in zip(
                serving, (p.municipalities, p.arrondissements, p.provinces), strict=True
            ):
                for code in codes:
                    served.setdefault(code, []).append(i)
        # Per code the positions of the partners serving it, as tuples (a fifth of a set's
        # memory: `Candidates.networked` only unites them).
        self.serving: tuple[dict[str, tuple[int, ...]], ...] = tuple(
            {code: tuple(positions) for code, positions in served.items()} for served in serving
        )
        self._verdicts: dict[
            tuple[date, str], tuple[tuple[int, ...], tuple[IneligiblePartner, ...]]
        ] = {}

    def verdict(
        self, partners: Sequence[PartnerFacts], on: date, framework: str
    ) -> tuple[tuple[int, ...], tuple[IneligiblePartner, ...]]:
        """R4 on ``on`` for ``framework``: the positions of the eligible partners, and the
        ineligible ones with their reasons by id (one tuple for every set of target groups)."""
        found = self._verdicts.get((on, framework))
        if found is not None:
            return found
        eligible: list[int] = []
        ineligible: list[IneligiblePartner] = []
        for i, partner in enumerate(partners):
            allowed = eligibility(partner=partner, framework=framework, on=on)
            if allowed.allowed:
                eligible.append(i)
            else:
                ineligible.append(
                    IneligiblePartner(partner.partner_id, partner.name, allowed.reasons)
                )
        found = (tuple(eligible), tuple(sorted(ineligible, key=lambda p: p.partner_id)))
        if len(self._verdicts) >= Candidates.MAX_DAYS:
            self._verdicts.clear()
        self._verdicts[(on, framework)] = found
        return found


class Candidates:
    """The candidate partners, prepared once for many rankings (R4, R10, R11).

    Why: at a hundred times Flanders a ranking weighs thousands of partners, and most of the
    work per partner does not depend on the employee. Eligibility (R4) depends only on the day
    and the framework, the experience factor only on the day; both are computed once per day
    and framework and kept here. The sites are kept in radians. A ranking then does per
    eligible partner only what depends on the employee: the distance to the nearest site and
    the local-network level. The result is the one :func:`rank_partners` defines (it is this
    object, used once); the caller may keep one per process while the facts are unchanged
    (``referrals.ranking.PartnerFactsCache``), one per set of target groups: made ``like``
    another of the same partners, it shares with it the sites, their grid, the local networks
    and the eligibility per day (`_Shared`), which depend on neither the target groups nor the
    load. Raises ``ValueError`` for duplicate partner ids.
    """

    #: Days × frameworks remembered; a process ranks on today, now and then on another day.
    MAX_DAYS = 8

    def __init__(self, partners: Sequence[PartnerFacts], *, like: Candidates | None = None) -> None:
        ids = [p.partner_id for p in partners]
        if len(set(ids)) != len(ids):
            raise ValueError("Each partner may appear only once in a ranking")
        self.partners: tuple[PartnerFacts, ...] = tuple(partners)
        fixed = tuple(map(_Shared.fixed_of, self.partners))
        self._shared: _Shared
        # ``like``: candidates of the same partners for other target groups (or loads); what
        # depends on neither is kept once for both when the facts are the same.
        if like is not None and like._shared.fixed == fixed:
            self._shared = like._shared
        else:
            self._shared = _Shared(self.partners, fixed)
        self._sites = self._shared.sites
        self._grid = self._shared.grid
        self._days: dict[tuple[date, str], _Day] = {}

    def networked(self, employee: EmployeeFacts) -> set[int]:
        """The positions of the partners whose local-network level for ``employee`` is not
        ``none`` (`_local_network_level`)."""
        municipalities, arrondissements, provinces = self._shared.serving
        return set().union(
            municipalities.get(employee.municipality, ()),
            arrondissements.get(employee.arrondissement, ()),
            provinces.get(employee.province, ()),
        )

    def _day(self, on: date, framework: str) -> _Day:
        found = self._days.get((on, framework))
        if found is not None:
            return found
        law = _RankingLaw.on(on)
        positions, ineligible = self._shared.verdict(self.partners, on, framework)
        partners = self.partners
        eligible = [(i, _experience(partners[i].experience, law)) for i in positions]
        day = _Day(
            law=law,
            eligible=tuple(eligible),
            ineligible=ineligible,
            by_experience=tuple(sorted(eligible, key=lambda row: -row[1].score)),
            experience_of=dict(eligible),
        )
        if len(self._days) >= self.MAX_DAYS:
            self._days.clear()
        self._days[(on, framework)] = day
        return day

    def _row(
        self,
        i: int,
        experience: Factor,
        home: _Radians | None,
        employee: EmployeeFacts,
        law: _RankingLaw,
    ) -> _Scored:
        """The eligible partner at position ``i`` scored for ``employee``, not yet explained."""
        partner = self.partners[i]
        # R11: only the three R10 factors; partner.current_load is not read here.
        km = _nearest_km(home, self._sites[i])
        level = _local_network_level(employee, partner)
        score = _total(law, km, law.network_scores[level], experience.score)
        shown_km = None if km is None else round(km, DISTANCE_TRACE_DECIMALS)
        # Best score first, then nearest (unknown distance last), then the lowest id: a
        # total order, so equal inputs always give the same ranking.
        key = (-score, shown_km is None, shown_km or 0.0, partner.partner_id)
        return (key, i, score, km, shown_km, level, experience)

    def _scored(self, employee: EmployeeFacts, on: date) -> tuple[_Day, list[_Scored]]:
        """Every eligible partner scored and sorted best first, nothing explained yet."""
        day = self._day(on, employee.framework)
        home = None if employee.coordinates is None else _radians(employee.coordinates)
        scored = [
            self._row(i, experience, home, employee, day.law) for i, experience in day.eligible
        ]
        scored.sort(key=lambda row: row[0])
        return day, scored

    def _first(self, day: _Day, employee: EmployeeFacts, wanted: int) -> list[_Scored] | None:
        """The first ``wanted`` rows of :meth:`_scored`'s list (or more), sorted the same way,
        scoring the partners nearest the residence first and none that cannot be among them
        (`_Nearest`); ``None`` when the distance cannot bound the scores (no residence
        coordinates, or a law under which the score does not fall with the distance:
        `_Day.bounded`)."""
        if employee.coordinates is None or not day.bounded or not day.eligible:
            return None
        home = _radians(employee.coordinates)
        return _Nearest(self, day, employee, home, wanted).scored()

    def _explained(
        self, day: _Day, rows: Sequence[_Scored], first_rank: int
    ) -> tuple[RankedPartner, ...]:
        networks = {level: _local_network(level, day.law) for level in LOCAL_NETWORK_LEVELS}
        return tuple(
            _ranked(row, rank, self.partners[row[1]], day.law, networks[row[5]])
            for rank, row in enumerate(rows, start=first_rank)
        )

    def rank(self, *, employee: EmployeeFacts, on: date) -> Ranking:
        """R10/R11: the ranking of :func:`rank_partners` for ``employee`` on ``on``."""
        day, scored = self._scored(employee, on)
        return Ranking(
            on=on,
            eligible=self._explained(day, scored, 1),
            ineligible=day.ineligible,
            parameters=day.law.parameters,
        )

    def page(self, *, employee: EmployeeFacts, on: date, start: int, size: int) -> RankingPage:
        """The eligible partners ranked ``start + 1`` … ``start + size`` of :meth:`rank`,
        equal to that slice of it, with the count of eligible partners and every ineligible
        one. Only the partners that can be on the page or before it are scored, the nearest
        first (:meth:`_first`); only the page is explained (the sentences are most of a
        ranked partner's cost)."""
        if start < 0 or size < 0:
            raise ValueError("start and size must not be negative")
        day = self._day(on, employee.framework)
        count = len(day.eligible)
        if size == 0 or start >= count:
            scored: list[_Scored] = []
        else:
            first = self._first(day, employee, start + size) if start + size < count else None
            scored = self._scored(employee, on)[1] if first is None else first
        return RankingPage(
            on=on,
            eligible=self._explained(day, scored[start : start + size], start + 1),
            eligible_count=count,
            ineligible=day.ineligible,
            parameters=day.law.parameters,
        )


class _Nearest:
    """One page's search of :meth:`Candidates._first`: the partners that can be among the
    first ``wanted`` of the ranking, scored, the nearest to the residence first.

    Why the result equals the first ``wanted`` of the whole ranking: the partners are taken
    ring by ring of cells around the residence (`_SiteGrid.rings`). After each ring, every
    partner not yet taken is at least some km away, so its score is at most `_total` at that
    distance with its own network score and experience factor; for a partner whose network
    does not reach the residence's province (`Candidates.networked`) that is the score of
    level ``none``, for the others at most the same with the best network score of the law.
    The partners not taken are then looked at in order of experience, best first, until the
    last bound falls below the ``wanted``-th best score taken (the others' bound falls with
    their experience too, so they are looked at only while one may reach): if at most
    ``REACH`` of those looked at are not below it by their own bound, they are scored and no
    other partner can reach the first ``wanted`` (the order is by score first); else (or
    after ``WALK`` partners looked at) the next ring is taken. After the
    last ring only partners without a site are left: proximity 0, as at an infinite
    distance."""

    #: At most this many far but experienced partners are scored at once to end the search.
    REACH = 64
    #: At most this many partners not taken are looked at after a ring.
    WALK = 512

    def __init__(
        self,
        candidates: Candidates,
        day: _Day,
        employee: EmployeeFacts,
        home: _Radians,
        wanted: int,
    ) -> None:
        self.candidates, self.day, self.employee, self.wanted = candidates, day, employee, wanted
        self.home = home
        self.rows: list[_Scored] = []
        self.taken: set[int] = set()
        self.best: list[float] = []  # the `wanted` best scores taken, the lowest first (a heap)
        self.head = 0  # the partners before it in `day.by_experience` are all taken
        # The partners whose local network reaches the residence's province or nearer: the
        # others are at level ``none``.
        self.networked = candidates.networked(employee)

    def take(self, i: int, experience: Factor) -> None:
        self.taken.add(i)
        row = self.candidates._row(i, experience, self.home, self.employee, self.day.law)
        self.rows.append(row)
        if len(self.best) < self.wanted:
            heapq.heappush(self.best, row[2])
        elif row[2] > self.best[0]:
            heapq.heapreplace(self.best, row[2])

    def reach(self, km: float) -> list[tuple[int, Factor]] | None:
        """The partners not taken whose score could reach the ``wanted``-th best taken at
        ``km`` or farther; ``None`` when there may be too many to score at once."""
        by_experience, taken, law = self.day.by_experience, self.taken, self.day.law
        while self.head < len(by_experience) and by_experience[self.head][0] in taken:
            self.head += 1
        lowest, scores = self.best[0], law.network_scores
        best_network, no_network = max(scores.values()), scores["none"]
        partners, employee, networked = self.candidates.partners, self.employee, self.networked
        # Whether a partner without a local network near the residence may still reach: once
        # one cannot, no later one can (they have less experience).
        outside = True
        found: list[tuple[int, Factor]] = []
        looked = 0
        for k in range(self.head, len(by_experience)):
            i, experience = by_experience[k]
            if i in taken:
                continue
            if i in networked:
                if _total(law, km, best_network, experience.score) < lowest:
                    return found
                level = _local_network_level(employee, partners[i])
                reaches = _total(law, km, scores[level], experience.score) >= lowest
            elif outside:
                reaches = outside = _total(law, km, no_network, experience.score) >= lowest
            else:
                continue
            looked += 1
            if looked > self.WALK or (reaches and len(found) == self.REACH):
                return None
            if reaches:
                found.append((i, experience))
        return found

    def scored(self) -> list[_Scored]:
        day = self.day
        experience_of = day.experience_of
        for positions, nearest in self.candidates._grid.rings(self.home):
            for i in positions:
                experience = experience_of.get(i)
                if experience is not None and i not in self.taken:
                    self.take(i, experience)
            if len(self.best) == self.wanted:
                found = self.reach(_km(nearest))
                if found is not None:
                    for i, experience in found:
                        self.take(i, experience)
                    self.rows.sort(key=lambda row: row[0])
                    return self.rows
        # Not reached: every partner with a site was taken, and too many without could reach.
        for i, experience in day.eligible:
            if i not in self.taken:
                self.take(i, experience)
        self.rows.sort(key=lambda row: row[0])
        return self.rows


def rank_partners(
    *, employee: EmployeeFacts, partners: Sequence[PartnerFacts], on: date
) -> Ranking:
    """R10/R11: rank the partners eligible on ``on`` (R4) for ``employee``, and explain why.

    Source (R10): "VDAB maakt zelf de keuze voor de toewijzing op basis van nabijheid, kennis
    met het lokale netwerk en ervaring van de gemandateerde partner." (R11): "De partner krijgt
    geen contingent, noch garantie dat hij doelgroepwerknemers voor doorstroom toegewezen
    krijgt."

    Partners not eligible under R4 (:func:`eligibility` for the employee's framework) are listed
    apart with their reasons. Each eligible partner gets three factor scores (0..1):

    * proximity: ``max(0, 1 - km / ranking_proximity_zero_km)`` for the nearest site; 0 when
      the distance is unknown;
    * local network: level ``municipality`` (the partner's local network includes the
      residence), else ``arrondissement``, else ``province``, else ``none``, scored by
      ``ranking_local_network_score_<level>``;
    * experience: the mean of min(completed / ``ranking_experience_full_trajectories``, 1), the
      share hired (hired / completed, 0 without completed trajectories), min(years mandated /
      ``ranking_experience_full_years``, 1) and min(target-group trajectories /
      ``ranking_experience_full_target_group``, 1).

    Factor scores are kept to 4 decimals; the score is their weighted sum (``ranking_weight_*``),
    rounded to 4 decimals, so the trace alone explains it. Order: score
    descending, then distance ascending (unknown last), then ``partner_id`` ascending, so the
    ranking is reproducible. ``current_load`` is carried for display only (R11). All
    parameters are taken in force on ``on``. Raises ``ValueError`` for duplicate partner ids.
    """
    return Candidates(partners).rank(employee=employee, on=on)


def referral_choice(*, ranking: Ranking, chosen_partner_id: int, override_reason: str) -> Outcome:
    """R4/R10: may the consultant refer the employee to the chosen partner?

    Source (R10): "VDAB maakt zelf de keuze voor de toewijzing op basis van nabijheid, kennis
    met het lokale netwerk en ervaring van de gemandateerde partner." The consultant decides;
    choosing another than the first-ranked partner needs a written reason.

    * a partner listed as ineligible: blocked with its R4 reasons;
    * a partner not in the ranking at all: blocked, ``partner_not_ranked`` (param
      ``partner_id``);
    * a partner ranked below 1 with a blank ``override_reason``: blocked,
      ``override_reason_required`` (param ``chosen_rank``);
    * otherwise allowed.

    The ranking's parameters are kept in the outcome: the choice is judged against that ranking.
    """
    blocked = next((p for p in ranking.ineligible if p.partner_id == chosen_partner_id), None)
    if blocked is not None:
        return Outcome.from_reasons(blocked.reasons, ranking.parameters)
    chosen = ranking.ranked(chosen_partner_id)
    if chosen is None:
        return Outcome.from_reasons(
            (reason("partner_not_ranked", partner_id=chosen_partner_id),), ranking.parameters
        )
    if chosen.rank > 1 and not override_reason.strip():
        return Outcome.from_reasons(
            (reason("override_reason_required", chosen_rank=chosen.rank),), ranking.parameters
        )
    return Outcome.from_reasons((), ranking.parameters)
