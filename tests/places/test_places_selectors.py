"""The reads other apps use."""

import pytest

from doorstroom.places import selectors
from doorstroom.places.geo import distance_km

pytestmark = pytest.mark.django_db


def test_postal_code_exists():
    assert selectors.postal_code_exists("9000")
    assert selectors.postal_code_exists(" 1050 ")
    assert not selectors.postal_code_exists("0000")
    assert not selectors.postal_code_exists("9999")
    assert not selectors.postal_code_exists("")


def test_gent_9000():
    assert [m.nis_code for m in selectors.municipalities_for_postal_code("9000")] == ["44021"]
    municipality = selectors.municipality_for_postal_code("9000")
    assert municipality is not None
    assert municipality.nis_code == "44021"
    coordinates = selectors.coordinates_for_postal_code("9000")
    assert coordinates == pytest.approx((51.05, 3.72), abs=0.05)


def test_1050_covers_two_municipalities():
    municipalities = selectors.municipalities_for_postal_code("1050")
    assert [(m.nis_code, m.name_nl) for m in municipalities] == [
        ("21004", "Brussel"),
        ("21009", "Elsene"),
    ]
    first = selectors.municipality_for_postal_code("1050")
    assert first is not None
    assert first.nis_code == "21004"


def test_shared_code_takes_the_coordinates_of_the_first_municipality():
    # 1804 (Cargovil) covers Vilvoorde (23088) and Zemst (23096), each with its own fallback.
    assert selectors.coordinates_for_postal_code("1804") == pytest.approx(
        selectors.coordinates_for_postal_code("1800")
    )


def test_unknown_postal_code():
    assert selectors.municipalities_for_postal_code("0000") == []
    assert selectors.municipality_for_postal_code("9999") is None
    assert selectors.coordinates_for_postal_code("9999") is None


def test_postal_code_without_coordinates():
    # 1910 (Kampenhout) is geocoded to a namesake near Mol and has no other code to fall back on.
    assert selectors.postal_code_exists("1910")
    assert selectors.coordinates_for_postal_code("1910") is None


def test_distance_gent_antwerpen():
    gent = selectors.coordinates_for_postal_code("9000")
    antwerpen = selectors.coordinates_for_postal_code("2000")
    assert gent is not None
    assert antwerpen is not None
    assert distance_km(*gent, *antwerpen) == pytest.approx(50, abs=5)


def test_unknown_municipality_codes_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        unknown = selectors.unknown_municipality_codes(
            ["44021", "99999", "21004", "44021", "44011", "00000"]
        )
    assert unknown == ["99999", "44011", "00000"]  # 44011 (Melle) merged away in 2025


def test_unknown_municipality_codes_empty(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.unknown_municipality_codes([]) == []
    assert selectors.unknown_municipality_codes(iter(["44021"])) == []
