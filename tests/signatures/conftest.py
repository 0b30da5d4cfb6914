"""A test eID PKI made at test time with `cryptography`, and PDFs signed with pyHanko.

Like the Belgian eID: a root CA, a "Citizen CA" under it, and per person a signature
certificate with CN "Given Surname (Signature)", GN, SN and a serial number attribute (a
made-up national number, which the app must never store). Keys are EC P-256 (fast) and made
once per session.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.conftest import make_pdf

FAKE_NATIONAL_NUMBER = "85073003328"


def _name(common_name: str, given_name: str = "", surname: str = "") -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "BE")]
    if surname:
        attributes.append(x509.NameAttribute(NameOID.SURNAME, surname))
    if given_name:
        attributes.append(x509.NameAttribute(NameOID.GIVEN_NAME, given_name))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    if given_name:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, FAKE_NATIONAL_NUMBER))
    return x509.Name(attributes)


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,  # non-repudiation: what an eID signature certificate has
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass
class Authority:
    """A CA (root or intermediate) that issues certificates."""

    name: x509.Name
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    chain: list[x509.Certificate] = field(default_factory=list)

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def issue(
        self,
        subject: x509.Name,
        public_key: Any,
        *,
        ca: bool,
        not_after: datetime | None = None,
    ) -> x509.Certificate:
        now = datetime.now(UTC)
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=30))
            .not_valid_after(not_after or now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(_key_usage(ca=ca), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
            .sign(self.key, hashes.SHA256())
        )

    def sub_ca(self, common_name: str) -> Authority:
        key = ec.generate_private_key(ec.SECP256R1())
        name = _name(common_name)
        cert = self.issue(name, key.public_key(), ca=True)
        return Authority(name=name, key=key, cert=cert, chain=[cert, *self.chain, self.cert])


def root_ca(common_name: str) -> Authority:
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common_name)
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=365))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(name=name, key=key, cert=cert)


@dataclass
class Person:
    """A signer with an eID-like signature certificate."""

    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    chain: list[x509.Certificate]

    def sign(self, data: bytes, field_name: str | None = None) -> bytes:
        """Sign ``data`` (a PDF) in a new signature field, as an incremental update."""
        from doorstroom.signatures.validation import outside_event_loop

        # pyHanko runs its own event loop: inside a browser test's loop, sign in a thread.
        return outside_event_loop(lambda: self._sign(data, field_name))

    def _sign(self, data: bytes, field_name: str | None) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        der = serialization.Encoding.DER
        signer = signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(self.cert.public_bytes(der)),
            signing_key=asn1_keys.PrivateKeyInfo.load(
                self.key.private_bytes(
                    der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            ),
            cert_registry=SimpleCertificateStore.from_certs(
                [asn1_x509.Certificate.load(c.public_bytes(der)) for c in self.chain]
            ),
        )
        name = field_name or f"Handtekening{data.count(b'/ByteRange') + 1}"
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        out = signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name=name), signer=signer
        ).sign_pdf(writer)
        return bytes(out.getvalue())


@dataclass
class Pki:
    root: Authority
    citizen_ca: Authority
    other_root: Authority
    people: dict[tuple[str, str, str], Person] = field(default_factory=dict)

    def person(
        self, given_name: str, surname: str, *, issuer: str = "citizen", common_name: str = ""
    ) -> Person:
        """A person's signature certificate from the Citizen CA (or from the other root)."""
        key_ = (given_name, surname, issuer + common_name)
        if key_ not in self.people:
            ca = self.citizen_ca if issuer == "citizen" else self.other_root
            key = ec.generate_private_key(ec.SECP256R1())
            cn = common_name or f"{given_name} {surname} (Signature)"
            cert = ca.issue(_name(cn, given_name, surname), key.public_key(), ca=False)
            self.people[key_] = Person(key=key, cert=cert, chain=[*ca.chain, ca.cert])
        return self.people[key_]

    def signed_by(self, *people: Person, data: bytes | None = None) -> bytes:
        pdf = data if data is not None else make_pdf()
        for person in people:
            pdf = person.sign(pdf)
        return pdf


@pytest.fixture(scope="session")
def pki() -> Pki:
    root = root_ca("Test Belgium Root CA")
    return Pki(
        root=root,
        citizen_ca=root.sub_ca("Test Citizen CA"),
        other_root=root_ca("Onbekende CA"),
    )


@pytest.fixture
def trust_roots(pki: Pki, settings: Any, tmp_path: Path) -> Iterator[Path]:
    """EID_TRUST_ROOTS set to a PEM file holding the test root (and only that)."""
    from doorstroom.signatures import trust

    path = tmp_path / "eid-roots.pem"
    path.write_bytes(pki.root.pem())
    settings.EID_TRUST_ROOTS = str(path)
    trust._cached.cache_clear()
    yield path
    trust._cached.cache_clear()


def tamper(data: bytes) -> bytes:
    """Change one byte inside the signed range (the page size), keeping the file readable."""
    at = data.index(b"/MediaBox")
    start = data.index(b"842", at)
    return data[:start] + b"843" + data[start + 3 :]


def change_after_signing(data: bytes) -> bytes:
    """Append an incremental update that replaces the first page's content."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (Gewijzigd) Tj ET")
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
