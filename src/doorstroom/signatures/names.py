"""Which signatory of the application a certificate's subject names (pure Python).

Names are compared as sets of words after folding case and accents and dropping what stands
in brackets ("Jan Peeters (Signature)" on a Belgian eID certificate), so "PEETERS Jan",
"jan peeters" and "Jan Peeters" are one name. A certificate that carries more given names than
the application lists ("Jan Pieter" / "Peeters" for "Jan Peeters") still matches when the
listed name consists of the certificate's words, holds the whole surname and a given name.
Two or more signatories matching one certificate equally well is no match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD_SEPARATORS = re.compile(r"[\W_]+")


def name_words(text: str) -> tuple[str, ...]:
    """The words of a name, case and accents folded, sorted (so order does not count)."""
    text = _BRACKETS.sub(" ", text or "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return tuple(sorted(w for w in _WORD_SEPARATORS.split(text) if w))


def display_name(common_name: str, given_name: str = "", surname: str = "") -> str:
    """The name as a person reads it: "Jan Peeters", not "Jan Peeters (Signature)"."""
    name = " ".join(_BRACKETS.sub(" ", common_name or "").split())
    return name or " ".join(f"{given_name} {surname}".split())


@dataclass(frozen=True)
class CertificateName:
    common_name: str = ""
    given_name: str = ""
    surname: str = ""

    def exact_forms(self) -> set[tuple[str, ...]]:
        forms = {name_words(self.common_name), name_words(f"{self.given_name} {self.surname}")}
        return {f for f in forms if f}

    def loosely_named_by(self, listed: tuple[str, ...]) -> bool:
        surname, given = set(name_words(self.surname)), set(name_words(self.given_name))
        if not surname or not given or not listed:
            return False
        words = set(listed)
        return words <= surname | given and surname <= words and bool(words & given)


def match_signatory(subject: CertificateName, signatories: Sequence[str]) -> str | None:
    """The one listed signatory the certificate names, or None (none, or more than one)."""
    exact = subject.exact_forms()
    candidates = [s for s in signatories if name_words(s) in exact]
    if not candidates:
        candidates = [s for s in signatories if subject.loosely_named_by(name_words(s))]
    unique = list(dict.fromkeys(candidates))
    return unique[0] if len(unique) == 1 else None
