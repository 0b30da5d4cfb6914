"""The OpenAPI document's error answers: every operation documents its problem+json answers.

API.md: "A record the caller may not see answers 404, an action the caller's role may not take
403"; 400 for malformed input, 409 for a state conflict, 422 when a rule blocks. The views
raise these through ``problems.exception_handler``; this drf-spectacular post-processing hook
writes them into the schema once, so clients (and schemathesis) know every answer.
"""

from __future__ import annotations

from typing import Any

PROBLEM = "application/problem+json"

#: Answers of every operation, and of the writes only (RFC 9457 bodies).
COMMON = {
    "400": (
        "Ongeldige invoer (errors per veld): ook een id buiten het 64-bitbereik, JSON dieper "
        "genest dan 32 niveaus, of een rijksregisternummer in de URL (national_number_in_url: "
        "zoek met POST /api/v1/employees/search/)."
    ),
    "401": "Niet aangemeld.",
    "403": "Uw rol mag deze actie niet uitvoeren.",
    "404": "Bestaat niet, of u mag het niet zien.",
    "406": "Gevraagd formaat niet beschikbaar.",
}
WRITES = {
    "422": (
        "Een regel van DOMAIN.md blokkeert de actie (reasons); ook een datum vóór 2019-01-01 of "
        "na 9899-12-31 (date_out_of_range)."
    ),
    "409": "De toestand veranderde intussen, of de actie gebeurde al (state_conflict).",
    "415": "Niet-ondersteund mediatype.",
}
#: A read with a date in its query answers 422 date_out_of_range for a day before the first
#: value of a parameter or past year 9999 (API.md, "Errors").
DATE_QUERY = {
    "422": (
        "Een datum vóór 2019-01-01 of na 9899-12-31, of een periode langer dan 10 jaar "
        "(date_out_of_range)."
    )
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details, with the rule reasons and the field errors.",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "reasons": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code"],
                "properties": {
                    "code": {"type": "string"},
                    "rule": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}


def add_problem_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """POSTPROCESSING_HOOKS entry: add the Problem component and the error answers."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            answers = dict(COMMON)
            if method != "get":
                answers.update(WRITES)
            elif any(
                parameter.get("in") == "query"
                and parameter.get("schema", {}).get("format") == "date"
                for parameter in operation.get("parameters", [])
            ):
                answers.update(DATE_QUERY)
            responses = operation.setdefault("responses", {})
            for status, text in answers.items():
                responses.setdefault(
                    status, {"description": text, "content": {PROBLEM: {"schema": ref}}}
                )
    return result
