"""The search by name means one thing on every database: each word is a case-insensitive
part of the given or the family name. On SQLite an FTS5 trigram table answers words of three
characters or more (migration employees 0005), kept in step by triggers; these tests compare
it with the plain meaning and throw FTS5's own syntax at it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection

from doorstroom.accounts.models import User
from doorstroom.employees.models import Employee
from doorstroom.employees.selectors import employee_search
from doorstroom.employees.services import PackageInput, employee_create
from doorstroom.organisations.models import Organisation

pytestmark = pytest.mark.django_db

#: Valid national numbers (mod 97) for the people below.
NAMES = [
    ("Sofie", "Van den Bossche", "85073003328"),
    ("Jan", "Claes", "90010100123"),
    ("Marie-Louise", "D'Hondt", "80020200280"),
    ("Pieter", "Peeters", "75030300348"),
    ("Ann", "Vanhaecke", "88040400406"),
    ("Éric", "De Smet", "92050500566"),
    ("Nele", "50%_korting", "70060600665"),
]


@pytest.fixture
def people(employer: Organisation) -> list[Employee]:
    return [
        employee_create(
            national_number=number,
            given_name=given,
            family_name=family,
            postal_code="9000",
            employer=employer,
            framework="maatwerk",
            target_group="work_disability",
            hired_on=date(2020, 3, 1),
            package=PackageInput(wage_premium_percent=60, guidance_level="medium"),
        )
        for given, family, number in NAMES
    ]


@pytest.fixture
def consultant(make_user: Any) -> User:
    user: User = make_user("consultant")
    return user


def found(user: User, text: str) -> set[str]:
    return {e.family_name for e in employee_search(user, name=text)}


def meaning(people: list[Employee], text: str) -> set[str]:
    """The search as its docstring says it, in Python (case folding as the databases do for
    these names: ASCII letters, and the É of Éric only in its own case)."""
    words = text.split()
    return {
        e.family_name
        for e in people
        if all(w.lower() in f"{e.given_name}\n{e.family_name}".lower() for w in words)
    }


def test_every_part_of_every_name_finds_the_same_people_as_its_meaning(
    consultant: User, people: list[Employee]
) -> None:
    parts = {
        name[i : i + n]
        for e in people
        for name in (e.given_name, e.family_name)
        for n in (2, 3, 4, 6)
        for i in range(len(name) - n + 1)
    }
    assert len(parts) > 150
    for part in sorted(parts):
        for text in (part, part.upper(), part.lower()):
            if not text.isascii():
                continue
            assert found(consultant, text) == meaning(people, text), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("boss", {"Van den Bossche"}),
        ("BOSSCHE", {"Van den Bossche"}),
        ("den boss", {"Van den Bossche"}),
        ("sofie bossche", {"Van den Bossche"}),
        ("sofie claes", set()),
        ("ae", {"Claes", "Vanhaecke"}),
        ("d'hondt", {"D'Hondt"}),
        ("marie-louise", {"D'Hondt"}),
        ("50%_k", {"50%_korting"}),
        ("Éri", {"De Smet"}),
        ("van", {"Van den Bossche", "Vanhaecke"}),
    ],
)
def test_names_with_particles_quotes_and_wildcards(
    consultant: User, people: list[Employee], text: str, expected: set[str]
) -> None:
    assert found(consultant, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        '"""',
        "*",
        "bos*",
        "NEAR(bos claes)",
        "bos OR claes",
        "bos AND claes",
        "NOT bos",
        "-bos",
        "^bos",
        "given_name:bos",
        "{given_name}:bos",
        "%%%",
        "___",
        "(((",
        'a"b',
        "🙂🙂🙂",
        "x" * 500,
        "bos\u0301sche",
    ],
)
def test_fts5_syntax_is_plain_text(consultant: User, people: list[Employee], text: str) -> None:
    assert found(consultant, text) == meaning(people, text)


def test_the_index_follows_renames_and_deletes(consultant: User, people: list[Employee]) -> None:
    claes = people[1]
    Employee.objects.filter(pk=claes.pk).update(family_name="Janssens")
    assert found(consultant, "claes") == set()
    assert found(consultant, "janssen") == {"Janssens"}
    Employee.objects.filter(pk=claes.pk).delete()
    assert found(consultant, "janssen") == set()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_on_sqlite_a_word_of_three_characters_uses_the_trigram_index(
    consultant: User, people: list[Employee]
) -> None:
    sql = str(employee_search(consultant, name="bossche").query)
    assert "employees_employee_name" in sql
    with connection.cursor() as cursor:
        plan = cursor.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
    assert any("VIRTUAL TABLE" in str(row) for row in plan), plan
