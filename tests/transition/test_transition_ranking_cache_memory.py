"""What a process keeps for the ranking (referrals.ranking.PartnerFactsCache) is kept once:
the candidates of every set of target groups share their places and eligibility, the facts
share one object per partner's network, mandates and code, and a miss is prepared by one
thread while the others wait (docs/performance.md, "A worker's memory")."""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

import pytest

from doorstroom.referrals import ranking
from doorstroom.referrals.ranking import PartnerFactsCache, _Facts, _networks
from tests.factories import make_partner

DAY = date(2026, 3, 2)
GROUPS = (("work_disability",), ("psychosocial_limitation",), ("distance_to_labour_market",))


@pytest.mark.django_db
def test_the_candidates_of_every_target_group_share_places_and_facts() -> None:
    for n, network in enumerate((("44021", "44019"), ("44021",), ("44019", "11002"))):
        make_partner(f"Partner {n} vzw", "9000", network=network, frameworks=("maatwerk", "lde"))
    cache = PartnerFactsCache()
    kept = [cache.get(target_groups=groups, on=DAY) for groups in GROUPS]
    (first, facts), *others = kept
    for candidates, their_facts in others:
        assert their_facts is facts
        assert candidates is not first
        assert candidates._shared is first._shared
        for mine, theirs in zip(first.partners, candidates.partners, strict=True):
            assert mine.municipalities is theirs.municipalities
            assert mine.arrondissements is theirs.arrondissements
            assert mine.mandates is theirs.mandates
            assert mine.site_coordinates is theirs.site_coordinates
    # Kept as plain values: sets of code strings, one string object per code.
    networks = _networks()
    assert len(networks) == 3
    codes: dict[str, str] = {}
    for municipalities, arrondissements, provinces in networks.values():
        for code in (*municipalities, *arrondissements, *provinces):
            assert type(code) is str
            assert codes.setdefault(code, code) is code


def test_a_miss_is_prepared_once_whatever_the_threads(monkeypatch: Any) -> None:
    reads: list[int] = []

    def read() -> _Facts:
        reads.append(1)
        time.sleep(0.05)  # long enough for the other threads to miss too
        return _Facts(
            names={},
            mandates={},
            recognitions={},
            projects={},
            sites={},
            networks={},
            experience={},
            coordinates={},
        )

    monkeypatch.setattr(ranking, "stamp_read", lambda: (1, "stamp"))
    monkeypatch.setattr(ranking._Facts, "read", staticmethod(read))
    monkeypatch.setattr(ranking, "_load", lambda on: {})
    cache = PartnerFactsCache()
    found: list[object] = []
    threads = [
        threading.Thread(target=lambda: found.append(cache.get(target_groups=GROUPS[0], on=DAY)[0]))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(reads) == 1
    assert len(found) == 4 and all(f is found[0] for f in found)
