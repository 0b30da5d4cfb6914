"""The API's JSON parser: DRF's, with a limit on nesting (docs/security.md, T9).

Python's JSON decoder recurses once per nesting level: a body of a few thousand ``[`` raises
``RecursionError`` (a 500), and a few hundred levels still make every later walk over the data
(validation, error flattening) recurse as deep. No request of this API nests more than a handful
of levels, so anything deeper than ``MAX_DEPTH`` is refused with 400 before a serializer sees
it. The body's size stays limited by Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def depth(value: Any) -> int:
    """How deep lists and objects nest in ``value`` (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


class LimitedJSONParser(JSONParser):
    """JSON with at most ``MAX_DEPTH`` levels of nesting; deeper or unreadable: 400."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
            data = json.loads(text, parse_constant=_refuse_constant)
        except RecursionError as exc:
            raise ParseError(_too_deep()) from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        if depth(data) > MAX_DEPTH:
            raise ParseError(_too_deep())
        return data


def _too_deep() -> str:
    return (
        f"De JSON is te diep genest (hoogstens {MAX_DEPTH} niveaus). "
        f"(JSON nested deeper than {MAX_DEPTH} levels.)"
    )


def _refuse_constant(name: str) -> Any:
    # NaN and Infinity are not JSON (RFC 8259); DRF's own parser refuses them the same way.
    raise ValueError(f"Out of range float values are not JSON compliant: {name!r}")
