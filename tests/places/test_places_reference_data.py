"""The data migration loads the committed CSV files: all municipalities and postal codes."""

import csv
from collections import Counter

import pytest

from doorstroom.places import reference
from doorstroom.places.models import Municipality, PostalCode

pytestmark = pytest.mark.django_db


def test_migrate_loads_every_municipality_and_postal_code():
    assert Municipality.objects.count() == 565
    assert PostalCode.objects.count() == 1152
    assert PostalCode.objects.values("code").distinct().count() == 1149


def test_every_municipality_has_a_postal_code():
    assert not Municipality.objects.filter(postal_codes__isnull=True).exists()


def test_regions_after_the_2025_mergers():
    counts = Counter(Municipality.objects.values_list("region_name_nl", flat=True))
    assert counts == {
        "Vlaams Gewest": 285,
        "Waals Gewest": 261,
        "Brussels Hoofdstedelijk Gewest": 19,
    }


def test_gent():
    gent = Municipality.objects.get(nis_code="44021")
    assert str(gent) == "Gent"
    assert gent.name_fr == "Gand"
    assert gent.arrondissement_code == "44000"
    assert gent.judicial_arrondissement == "oost-vlaanderen"
    assert gent.judicial_arrondissement_name_nl == "Oost-Vlaanderen"
    assert (gent.province_code, gent.province_name_nl) == ("40000", "Provincie Oost-Vlaanderen")
    assert (gent.region_code, gent.region_name_nl) == ("02000", "Vlaams Gewest")


def test_brussels_has_no_province():
    brussels = Municipality.objects.filter(region_code="04000")
    assert brussels.count() == 19
    assert set(brussels.values_list("province_code", "province_name_nl")) == {("", "")}
    assert not Municipality.objects.exclude(region_code="04000").filter(province_code="").exists()


def test_administrative_arrondissement_is_the_refnis_prefix():
    for nis_code, arrondissement in Municipality.objects.values_list(
        "nis_code", "arrondissement_code"
    ):
        assert arrondissement == nis_code[:2] + "000"


def test_twelve_judicial_arrondissements():
    assert Municipality.objects.values("judicial_arrondissement").distinct().count() == 12


def test_merged_municipality_exists_and_old_one_does_not():
    # Merelbeke and Melle merged into Merelbeke-Melle on 1 January 2025.
    assert Municipality.objects.get(nis_code="44088").name_nl == "Merelbeke-Melle"
    assert not Municipality.objects.filter(name_nl="Melle").exists()


def test_coordinates_are_in_belgium_and_sourced():
    sources = Counter(PostalCode.objects.values_list("coordinates_source", flat=True))
    assert sources == {"countrystatecity": 1140, "municipality_mean": 11, "": 1}
    for lat, lon in PostalCode.objects.exclude(coordinates_source="").values_list(
        "latitude", "longitude"
    ):
        assert 49.4 < lat < 51.6
        assert 2.5 < lon < 6.5
    assert not PostalCode.objects.filter(coordinates_source="", latitude__isnull=False).exists()


def test_missing_coordinates_fall_back_to_the_municipality_mean():
    cargovil = PostalCode.objects.get(code="1804", municipality_id="23088")  # not in csc
    assert cargovil.coordinates_source == "municipality_mean"
    vilvoorde = PostalCode.objects.get(code="1800", municipality_id="23088")
    assert (cargovil.latitude, cargovil.longitude) == pytest.approx(
        (vilvoorde.latitude, vilvoorde.longitude)
    )
    # Bellevaux (Bouillon) is geocoded to the Bellevaux near Malmedy, 90 km away: rejected.
    bellevaux = PostalCode.objects.get(code="6834")
    assert bellevaux.coordinates_source == "municipality_mean"
    assert bellevaux.latitude == pytest.approx(49.81, abs=0.05)


def test_str():
    assert str(PostalCode.objects.get(code="9000")) == "9000 Gent"


def test_csv_files_are_sorted_and_well_formed():
    with reference.MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as handle:
        municipalities = list(csv.DictReader(handle))
    with reference.POSTAL_CODES_CSV.open(encoding="utf-8", newline="") as handle:
        postal_codes = list(csv.DictReader(handle))
    nis_codes = [row["nis_code"] for row in municipalities]
    assert nis_codes == sorted(set(nis_codes))
    pairs = [(row["postal_code"], row["nis_code"]) for row in postal_codes]
    assert pairs == sorted(set(pairs))
    assert all(len(code) == 4 and code.isdigit() for code, _ in pairs)
    assert {nis for _, nis in pairs} == set(nis_codes)
