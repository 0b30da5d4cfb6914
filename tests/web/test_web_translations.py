"""English, once chosen, is complete: every translatable string has an English translation, and
no page template shows Dutch text outside a translate tag.

The check reads the templates and the Python sources themselves (the way `makemessages` does),
so a string added without its English fails here, not in front of a user.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.template.base import Lexer, TokenType
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

import doorstroom

SRC = Path(doorstroom.__file__).parent
# Templates that are Dutch by design, never translated:
NOT_TRANSLATED = (
    # The letters are administrative documents of a Flemish procedure: always in Dutch.
    "letters/templates/letters/",
    # Shown when the database is down (no catalog lookup); it carries both languages itself.
    "web/templates/web/unavailable.html",
)
# Names and acronyms that read the same in both languages.
SAME_IN_BOTH = {"Doorstroom", "VDAB", "API", "PDF", "CSV", "SHA", "Nederlands", "English"}


def templates() -> list[Path]:
    return sorted(
        t
        for t in SRC.rglob("templates/**/*.html")
        if not any(part in t.as_posix() for part in NOT_TRANSLATED)
    )


def english_catalog() -> dict[Any, str]:
    return trans_real.translation("en")._catalog  # type: ignore[attr-defined,no-any-return]


LITERAL = r"u?'(?:[^'\\]|\\.)*'"
CALL = re.compile(r"\b(gettext|pgettext|ngettext|npgettext)\(\s*((?:" + LITERAL + r"\s*,?\s*)+)")


def catalog_key(function: str, args: list[str]) -> Any:
    if function.startswith("np"):
        return (f"{args[0]}\x04{args[1]}", 0)
    if function.startswith("p"):
        return f"{args[0]}\x04{args[1]}"
    if function.startswith("n"):
        return (args[0], 0)
    return args[0]


def template_msgids(path: Path) -> list[tuple[str, Any]]:
    """The msgids of {% translate %}/{% blocktranslate %}/_("…") in a template, as catalog keys."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    keys = []
    for match in CALL.finditer(code):
        args = [ast.literal_eval(lit.lstrip("u")) for lit in re.findall(LITERAL, match.group(2))]
        keys.append((match.group(1), catalog_key(match.group(1), args)))
    return keys


GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
}


def python_msgids(path: Path) -> list[tuple[int, Any]]:
    keys = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in GETTEXT_NAMES:
            continue
        needed = 2 if name.startswith("p") else 1
        args = node.args[:needed]
        if len(args) < needed or not all(
            isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args
        ):
            continue  # a variable: translated where the literal is written
        values = [a.value for a in args]  # type: ignore[attr-defined]
        keys.append((node.lineno, catalog_key(name, values)))
    return keys


def test_the_checks_find_what_they_look_for() -> None:
    assert ("gettext", "Naar de inhoud") in template_msgids(SRC / "web/templates/web/base.html")
    pagination = template_msgids(SRC / "web/templates/web/components/pagination.html")
    assert ("gettext", "Pagina %(n)s van %(total)s") in pagination
    assert any(key == "Beheer" for _, key in python_msgids(SRC / "web/context.py"))


def test_every_template_string_has_an_english_translation() -> None:
    catalog = english_catalog()
    missing = [
        f"{path.relative_to(SRC)}: {key!r}"
        for path in templates()
        for _, key in template_msgids(path)
        if not catalog.get(key)
    ]
    assert not missing, "no English translation for:\n" + "\n".join(missing)


def test_every_python_string_has_an_english_translation() -> None:
    catalog = english_catalog()
    missing = [
        f"{path.relative_to(SRC)}:{line}: {key!r}"
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts
        for line, key in python_msgids(path)
        if not catalog.get(key)
    ]
    assert not missing, "no English translation for:\n" + "\n".join(missing)


class _Text(HTMLParser):
    """Text nodes and the attributes a user reads or hears (outside script/style/code)."""

    READ = {"aria-label", "title", "placeholder", "alt", "aria-description"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "code", "pre"}:
            self.skip += 1
        self.found += [value for name, value in attrs if name in self.READ and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "code", "pre"}:
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.found.append(data)


def literal_text(source: str) -> list[str]:
    """Text a template shows that is not inside a translate tag, a variable or a comment."""
    kept = []
    in_blocktrans = in_comment = 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            in_blocktrans += {"blocktrans": 1, "blocktranslate": 1}.get(name, 0)
            in_blocktrans -= {"endblocktrans": 1, "endblocktranslate": 1}.get(name, 0)
            in_comment += {"comment": 1, "endcomment": -1}.get(name, 0)
            kept.append(" ")
        elif token.token_type == TokenType.TEXT and not in_blocktrans and not in_comment:
            kept.append(token.contents)
        else:
            kept.append(" ")
    parser = _Text()
    parser.feed("".join(kept))
    words = []
    for text in parser.found:
        for word in re.findall(r"[A-Za-zÀ-ÿ]{2,}", text):
            if word not in SAME_IN_BOTH:
                words.append(word)
    return words


def test_the_literal_text_check_sees_text_outside_translate_tags() -> None:
    source = (
        '{% load i18n %}<p title="Sluiten">{% trans "Klaar" %} Doorstroom Bewaard</p>'
        "{% blocktrans %}Pagina {{ n }}{% endblocktrans %}{# Opmerking #}"
        "{% comment %}Uitleg{% endcomment %}<script>var x;</script>"
    )
    assert literal_text(source) == ["Sluiten", "Bewaard"]


@pytest.mark.parametrize(
    "path",
    templates(),
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_no_page_text_outside_a_translate_tag(path: Path) -> None:
    assert literal_text(path.read_text(encoding="utf-8")) == []


def _duplicate_entries(path: Path) -> list[str]:
    """The (context, msgid) pairs a catalog defines twice: msgfmt refuses such a file, and
    compile_messages (polib) would silently keep one of the two translations."""
    import polib

    seen: set[tuple[str | None, str]] = set()
    twice = []
    for entry in polib.pofile(str(path)):
        key = (entry.msgctxt, entry.msgid)
        if entry.obsolete:
            continue
        if key in seen:
            twice.append(f"{path.name}: {entry.msgctxt or ''} {entry.msgid!r}")
        seen.add(key)
    return twice


def test_the_duplicate_check_finds_a_twice_defined_message(tmp_path: Path) -> None:
    path = tmp_path / "twice.po"
    path.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', encoding="utf-8")
    assert _duplicate_entries(path) == ["twice.po:  'a'"]


def test_no_catalog_defines_a_message_twice() -> None:
    package = Path(doorstroom.__file__).resolve().parent
    twice = [line for path in sorted(package.rglob("*.po")) for line in _duplicate_entries(path)]
    assert not twice, "\n".join(twice)
