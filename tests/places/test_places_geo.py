"""Great-circle distances (pure, no database)."""

import pytest

from doorstroom.places.geo import EARTH_RADIUS_KM, distance_km


def test_zero_distance():
    assert distance_km(51.05, 3.72, 51.05, 3.72) == 0.0


def test_gent_antwerpen():
    assert distance_km(51.0543, 3.7174, 51.2194, 4.4025) == pytest.approx(51, abs=5)


def test_symmetric():
    assert distance_km(50.85, 4.35, 49.6, 6.13) == pytest.approx(
        distance_km(49.6, 6.13, 50.85, 4.35)
    )


def test_one_degree_of_latitude():
    assert distance_km(50.0, 4.0, 51.0, 4.0) == pytest.approx(111.195, abs=0.01)


def test_antipodes_are_half_the_circumference():
    assert distance_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(3.141592653589793 * EARTH_RADIUS_KM)
