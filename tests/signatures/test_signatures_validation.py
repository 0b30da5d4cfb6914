"""Reading signatures with pyHanko: intact, tampered, changed after signing, (un)trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from doorstroom.signatures import reasons
from doorstroom.signatures.trust import TrustRootsError, load_trust_roots
from doorstroom.signatures.validation import inspect_pdf
from tests.conftest import make_pdf
from tests.signatures.conftest import FAKE_NATIONAL_NUMBER, Pki, change_after_signing, tamper


def roots(pki: Pki) -> list:
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    return [asn1_x509.Certificate.load(pki.root.cert.public_bytes(serialization.Encoding.DER))]


def test_two_signers_one_after_another_are_both_valid(pki: Pki) -> None:
    pdf = pki.signed_by(pki.person("Jan", "Peeters"), pki.person("Anna", "Vermeulen"))
    found = inspect_pdf(pdf, trust_roots=roots(pki))
    assert found.status == "signed"
    first, second = found.signatures
    assert (first.common_name, first.given_name, first.surname) == (
        "Jan Peeters (Signature)",
        "Jan",
        "Peeters",
    )
    assert first.issuer == "Test Citizen CA"
    assert first.signed_at is not None and first.signed_at.tzinfo is not None
    # The first signature covers its revision; the second signature added later is allowed.
    assert (first.coverage, first.modified_after_signing, first.valid) == (
        "entire_revision",
        False,
        True,
    )
    assert (second.coverage, second.valid) == ("entire_file", True)
    assert FAKE_NATIONAL_NUMBER not in repr(found)


def test_tampered_bytes_break_every_signature(pki: Pki) -> None:
    pdf = tamper(pki.signed_by(pki.person("Jan", "Peeters")))
    (signature,) = inspect_pdf(pdf, trust_roots=roots(pki)).signatures
    assert not signature.intact
    assert signature.problem == reasons.TAMPERED


def test_content_changed_after_signing(pki: Pki) -> None:
    pdf = change_after_signing(pki.signed_by(pki.person("Jan", "Peeters")))
    (signature,) = inspect_pdf(pdf, trust_roots=roots(pki)).signatures
    assert signature.intact  # the signed bytes themselves are unchanged …
    assert signature.modified_after_signing  # … but the document shown is not what was signed
    assert signature.problem == reasons.MODIFIED_AFTER_SIGNING


def test_other_issuer_is_untrusted(pki: Pki) -> None:
    pdf = pki.signed_by(pki.person("Jan", "Peeters", issuer="other"))
    (signature,) = inspect_pdf(pdf, trust_roots=roots(pki)).signatures
    assert signature.intact and not signature.trusted
    assert signature.issuer == "Onbekende CA"
    assert signature.problem == reasons.UNTRUSTED


def test_no_roots_trusts_nothing(pki: Pki) -> None:
    # An empty list must never fall back to the operating system's trust store.
    (signature,) = inspect_pdf(
        pki.signed_by(pki.person("Jan", "Peeters")), trust_roots=[]
    ).signatures
    assert signature.intact and not signature.trusted
    assert signature.problem == reasons.UNTRUSTED


def test_unsigned_pdf() -> None:
    assert inspect_pdf(make_pdf(), trust_roots=[]).status == "unsigned"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a pdf at all",
        b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF",
        b"%PDF-1.4\n" + bytes(range(256)) * 4,
    ],
)
def test_garbage_is_recorded_never_raised(data: bytes) -> None:
    assert inspect_pdf(data, trust_roots=[]).status in {"unreadable", "unsigned"}


def test_broken_signature_value_is_recorded(pki: Pki) -> None:
    pdf = pki.signed_by(pki.person("Jan", "Peeters"))
    start = pdf.index(b"/Contents <") + len(b"/Contents <")
    broken = pdf[:start] + b"00" * 64 + pdf[start + 128 :]
    found = inspect_pdf(broken, trust_roots=roots(pki))
    assert found.status in {"signed", "unreadable"}
    assert all(not s.valid for s in found.signatures)


def test_trust_roots_from_file_and_folder(pki: Pki, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization

    (tmp_path / "a.pem").write_bytes(pki.root.pem() + pki.other_root.pem())
    (tmp_path / "b.der").write_bytes(pki.root.cert.public_bytes(serialization.Encoding.DER))
    (tmp_path / "readme.txt").write_text("not a certificate")
    assert len(load_trust_roots(str(tmp_path / "a.pem"))) == 2
    assert len(load_trust_roots(str(tmp_path))) == 3
    assert load_trust_roots("") == ()
    with pytest.raises(TrustRootsError):
        load_trust_roots(str(tmp_path / "missing.pem"))
    with pytest.raises(TrustRootsError):
        load_trust_roots(str(tmp_path / "readme.txt"))
