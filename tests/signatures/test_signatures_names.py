"""Matching a certificate's name to the application's signatories (pure Python)."""

from __future__ import annotations

import pytest

from doorstroom.signatures.names import CertificateName, display_name, match_signatory, name_words

SIGNATORIES = ["Jan Peeters", "Anna Vermeulen", "Zoë D'Hondt"]


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        pytest.param(
            CertificateName("Jan Peeters (Signature)", "Jan", "Peeters"), "Jan Peeters", id="eid-cn"
        ),
        pytest.param(CertificateName("PEETERS JAN"), "Jan Peeters", id="case-and-order"),
        pytest.param(CertificateName("", "Anna", "Vermeulen"), "Anna Vermeulen", id="gn-sn-only"),
        pytest.param(
            CertificateName("Zoe d'Hondt (Handtekening)", "Zoe", "d'Hondt"),
            "Zoë D'Hondt",
            id="accents",
        ),
        pytest.param(
            CertificateName("Jan Pieter Peeters", "Jan Pieter", "Peeters"),
            "Jan Peeters",
            id="extra-given-name",
        ),
        pytest.param(
            CertificateName("Piet Peeters", "Piet", "Peeters"), None, id="other-given-name"
        ),
        pytest.param(CertificateName("Jan Janssens", "Jan", "Janssens"), None, id="other-surname"),
        pytest.param(CertificateName("Jan", "Jan", ""), None, id="given-name-only"),
        pytest.param(CertificateName(""), None, id="empty"),
    ],
)
def test_match(subject: CertificateName, expected: str | None) -> None:
    assert match_signatory(subject, SIGNATORIES) == expected


def test_two_equal_candidates_match_nobody() -> None:
    subject = CertificateName("Jan Peeters", "Jan", "Peeters")
    assert match_signatory(subject, ["Jan Peeters", "Peeters Jan"]) is None


def test_exact_beats_loose() -> None:
    subject = CertificateName("Jan Pieter Peeters", "Jan Pieter", "Peeters")
    assert match_signatory(subject, ["Jan Peeters", "Jan Pieter Peeters"]) == "Jan Pieter Peeters"


def test_words_and_display() -> None:
    assert name_words("  Van den  BOSSCHE,  Élise ") == ("bossche", "den", "elise", "van")
    assert display_name("Jan Peeters (Signature)") == "Jan Peeters"
    assert display_name("", "Jan", "Peeters") == "Jan Peeters"
