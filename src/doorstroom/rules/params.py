"""Dated parameters (R16 "The law changes").

Why: the procedure's dates and durations (2019-09-01, 2021-09-01, six years, two months, the
reminder lead time) change when the law or VDAB's practice changes. They therefore live in
``parameters/<name>.yaml`` files, OpenFisca style, each value with the date from which it is in
force and the reference that justifies it. A rule asks for the value *in force on the relevant
date* (the day an application was received, the day a submission became complete…), so an old
case is still evaluated with the law of its time, and every outcome keeps the
:class:`ParameterValue` objects it used as evidence.

The module is called ``params`` because the YAML folder beside it is ``parameters``.

File format::

    description: Start of the DWSE transitional period (overgangsregeling)
    unit: date            # date | months | years | days | text | address | percent | count
                          # | km | weight | score
    values:
      2019-09-01:         # in force from this date (an unquoted ISO date)
        value: 2019-09-01
        reference: "Decreet …; VDAB, Mandaat doorstroombegeleiding: '…'"
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

#: Folder of the parameter files shipped with the code.
PARAMETERS_DIRECTORY = Path(__file__).with_name("parameters")

#: Units a parameter file may declare, and the Python type its values must have.
UNITS: dict[str, type] = {
    "date": date,
    "months": int,
    "years": int,
    "days": int,
    "text": str,
    "address": str,
    "percent": int,  # whole percentages (wage premium 40–75 in steps of 5)
    "count": int,  # a number of things (trajectories)
    "km": int,  # a distance in kilometres
    "weight": float,  # a ranking weight, 0..1 (the weights of R10 add up to 1)
    "score": float,  # a factor score, 0..1
}


class UnknownParameter(KeyError):
    """No parameter file has this name (a programming error or a missing YAML file)."""

    def __str__(self) -> str:
        # KeyError would show the repr of the message (with quotes); show the message itself.
        return str(self.args[0]) if self.args else ""


class ParameterNotInForce(LookupError):
    """The parameter exists but none of its values is in force yet on the date asked.

    Callers turn it into the reason ``date_out_of_range`` (DOMAIN.md, "Open points"): the API's
    error handler and the pages' middleware do so for every service at once.
    """

    def __init__(self, message: str, *, name: str = "", on: date | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.on = on


class ParameterFileError(ValueError):
    """A parameter file does not follow the format; raised when the files are loaded."""


@dataclass(frozen=True)
class ParameterValue:
    """One dated value of a parameter, with the reference that justifies it.

    Outcomes keep these objects so that a decision can later show which law it applied.
    """

    name: str
    value: object
    in_force_from: date
    reference: str

    def as_int(self) -> int:
        """The value as a whole number (months, years, days); guards against a wrong unit."""
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise TypeError(f"Parameter {self.name!r} is not a number: {self.value!r}")
        return self.value

    def as_date(self) -> date:
        """The value as a calendar date."""
        if isinstance(self.value, datetime) or not isinstance(self.value, date):
            raise TypeError(f"Parameter {self.name!r} is not a date: {self.value!r}")
        return self.value

    def as_float(self) -> float:
        """The value as a real number (weights, scores); a whole number is accepted too."""
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise TypeError(f"Parameter {self.name!r} is not a number: {self.value!r}")
        return float(self.value)

    def as_str(self) -> str:
        """The value as text (text and address units)."""
        if not isinstance(self.value, str):
            raise TypeError(f"Parameter {self.name!r} is not text: {self.value!r}")
        return self.value

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form (dates as ISO strings), for traces and the admin listing."""
        shown = self.value.isoformat() if isinstance(self.value, date) else self.value
        return {
            "name": self.name,
            "value": shown,
            "in_force_from": self.in_force_from.isoformat(),
            "reference": self.reference,
        }


@dataclass(frozen=True)
class ParameterSet:
    """All parameters read from one folder; each history sorted by ``in_force_from``.

    Why a class: the module-level functions use the shipped folder, but tests (and a future
    admin preview of a changed file) need the same look-up on another folder.
    """

    directory: Path
    histories: Mapping[str, tuple[ParameterValue, ...]]

    def parameter(self, name: str, on: date) -> ParameterValue:
        """The value in force on ``on``: the latest entry whose in-force date is ≤ ``on``."""
        history = self.histories.get(name)
        if history is None:
            known = ", ".join(sorted(self.histories)) or "none"
            raise UnknownParameter(
                f"Unknown parameter {name!r}: no file {name}.yaml in {self.directory} "
                f"(known parameters: {known})"
            )
        in_force = [entry for entry in history if entry.in_force_from <= on]
        if not in_force:
            raise ParameterNotInForce(
                f"Parameter {name!r} has no value in force on {on.isoformat()}: "
                f"its first value is in force from {history[0].in_force_from.isoformat()}",
                name=name,
                on=on,
            )
        return in_force[-1]

    def value(self, name: str, on: date) -> Any:
        """Shortcut for ``parameter(name, on).value``."""
        return self.parameter(name, on).value


def load_parameters(directory: Path | str) -> ParameterSet:
    """Read and validate every ``*.yaml`` file of ``directory`` (file name = parameter name).

    Validation happens here, once, so that a malformed file fails at start-up rather than in
    the middle of a decision.
    """
    folder = Path(directory)
    histories: dict[str, tuple[ParameterValue, ...]] = {}
    for path in sorted(folder.glob("*.yaml")):
        histories[path.stem] = _read_file(path)
    return ParameterSet(directory=folder, histories=histories)


def _read_file(path: Path) -> tuple[ParameterValue, ...]:
    name = path.stem
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ParameterFileError(f"{path}: expected a mapping with description, unit and values")
    description = data.get("description")
    if not isinstance(description, str) or not description.strip():
        raise ParameterFileError(f"{path}: 'description' must be non-empty text")
    unit = data.get("unit")
    if unit not in UNITS:
        raise ParameterFileError(f"{path}: 'unit' must be one of {', '.join(UNITS)}, not {unit!r}")
    values = data.get("values")
    if not isinstance(values, dict) or not values:
        raise ParameterFileError(f"{path}: 'values' must map in-force dates to entries")
    entries = [_read_entry(path, name, UNITS[unit], key, entry) for key, entry in values.items()]
    return tuple(sorted(entries, key=lambda entry: entry.in_force_from))


def _read_entry(
    path: Path, name: str, expected: type, key: object, entry: object
) -> ParameterValue:
    # YAML turns an unquoted ISO date into a date object (and a timestamp into a datetime,
    # which we refuse: parameters are Belgian calendar dates, no time of day).
    if isinstance(key, datetime) or not isinstance(key, date):
        raise ParameterFileError(f"{path}: in-force key {key!r} must be an ISO date (YYYY-MM-DD)")
    if not isinstance(entry, dict) or "value" not in entry:
        raise ParameterFileError(f"{path}: entry {key.isoformat()} needs 'value' and 'reference'")
    raw = entry["value"]
    if expected is float and isinstance(raw, int) and not isinstance(raw, bool):
        raw = float(raw)  # "weight: 1" means 1.0; keep the stored type uniform
    wrong_type = not isinstance(raw, expected) or isinstance(raw, bool | datetime)
    if wrong_type:
        raise ParameterFileError(
            f"{path}: value {raw!r} of entry {key.isoformat()} is not a {expected.__name__}"
        )
    reference = entry.get("reference")
    if not isinstance(reference, str) or not reference.strip():
        raise ParameterFileError(f"{path}: entry {key.isoformat()} needs a non-empty 'reference'")
    return ParameterValue(name=name, value=raw, in_force_from=key, reference=reference.strip())


@functools.cache
def default_parameters() -> ParameterSet:
    """The shipped parameters, loaded once per process."""
    return load_parameters(PARAMETERS_DIRECTORY)


def parameter(name: str, on: date) -> ParameterValue:
    """The value of parameter ``name`` in force on ``on`` (R16).

    Raises :class:`UnknownParameter` for a name without file and :class:`ParameterNotInForce`
    for a date before the first value.
    """
    return default_parameters().parameter(name, on)


def parameter_value(name: str, on: date) -> Any:
    """Shortcut for ``parameter(name, on).value``."""
    return default_parameters().value(name, on)


def first_day() -> date:
    """The first day the system knows: the earliest in-force date of any parameter (R16).

    DOMAIN.md, "Open points": "the system holds no procedure before 2019"; a date before this
    day is refused with ``date_out_of_range``.
    """
    return min(history[0].in_force_from for history in default_parameters().histories.values())


def all_parameters() -> dict[str, list[ParameterValue]]:
    """Every parameter with its full history (oldest first), for documentation and admin."""
    return {name: list(history) for name, history in default_parameters().histories.items()}
