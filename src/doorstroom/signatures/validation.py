"""Read and check every signature in a PDF with pyHanko; never raises on what a user sent.

Choices, written down:
- Offline: no OCSP or CRL is fetched (``allow_fetching=False``, revocation "soft-fail"). The
  server makes no outgoing calls for an upload; revocation information embedded in the PDF is
  still used. A revoked certificate without embedded proof of it is therefore not detected.
- Trust: only the roots of EID_TRUST_ROOTS (never the operating system's TLS list; an empty
  list trusts nothing). The signer certificate must allow non-repudiation, as a Belgian eID
  signature certificate does (pyHanko's default key usage for signatures).
- Changes after signing: later revisions that only add signatures or fill in form fields
  (pyHanko's difference analysis, level FORM_FILLING or below) are allowed, so a PDF that
  several people sign one after another keeps every signature; any other change makes the
  earlier signatures "modified after signing".
- The certificate's serial number attribute (a Belgian national number on eID certificates) is
  never read into the result.
"""

from __future__ import annotations

import asyncio
import io
import logging
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from asn1crypto import x509 as asn1_x509

from doorstroom.signatures import reasons
from doorstroom.signatures.names import CertificateName

# pyHanko logs a traceback for every failed path or suspicious change; those findings are
# recorded per signature, and a stranger's broken PDF should not flood the log.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

logger = logging.getLogger(__name__)

T = TypeVar("T")

# AdES sub-indications that mean "the certificate itself is not good", rather than "it does
# not chain to a root we trust".
_CERTIFICATE_PROBLEMS = {
    "REVOKED",
    "REVOKED_NO_POE",
    "REVOKED_CA_NO_POE",
    "EXPIRED",
    "NOT_YET_VALID",
    "OUT_OF_BOUNDS_NO_POE",
    "OUT_OF_BOUNDS_NOT_REVOKED",
    "SIG_CONSTRAINTS_FAILURE",
    "CHAIN_CONSTRAINTS_FAILURE",
    "CRYPTO_CONSTRAINTS_FAILURE",
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE",
}


@dataclass(frozen=True)
class SignatureFinding:
    field_name: str = ""
    common_name: str = ""
    given_name: str = ""
    surname: str = ""
    issuer: str = ""
    signed_at: datetime | None = None
    timestamped: bool = False
    intact: bool = False
    coverage: str = "unclear"
    modified_after_signing: bool = False
    trusted: bool = False
    trust_problem: str = ""
    unreadable: bool = False

    @property
    def subject(self) -> CertificateName:
        return CertificateName(self.common_name, self.given_name, self.surname)

    @property
    def problem(self) -> str:
        """The first reason this signature is not a valid eID signature ("" when it is)."""
        if self.unreadable:
            return reasons.SIGNATURE_UNREADABLE
        if not self.intact:
            return reasons.TAMPERED
        if self.modified_after_signing:
            return reasons.MODIFIED_AFTER_SIGNING
        if not self.trusted:
            if self.trust_problem in _CERTIFICATE_PROBLEMS:
                return reasons.CERTIFICATE_INVALID
            return reasons.UNTRUSTED
        return ""

    @property
    def valid(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class DocumentFinding:
    status: str  # "signed" | "unsigned" | "unreadable"
    signatures: tuple[SignatureFinding, ...] = ()
    detail: str = ""
    trust_roots: tuple[str, ...] = field(default=())


def _text(value: object) -> str:
    """A string from the PDF or its certificate, without control or bidirectional characters
    (NUL is refused by PostgreSQL; a right-to-left override would disguise a name)."""
    text = "".join(ch for ch in str(value or "") if not unicodedata.category(ch).startswith("C"))
    return " ".join(text.split())


def _name_part(name: asn1_x509.Name, key: str) -> str:
    value = name.native.get(key, "")
    if isinstance(value, list | tuple):
        value = " ".join(str(v) for v in value)
    return _text(value)


def _issuer(cert: asn1_x509.Certificate) -> str:
    issuer = cert.issuer
    return (
        _name_part(issuer, "common_name")
        or _name_part(issuer, "organization_name")
        or _text(issuer.human_friendly)
    )


def _coverage(status: Any) -> str:
    level = getattr(status, "coverage", None)
    names = {
        "ENTIRE_FILE": "entire_file",
        "ENTIRE_REVISION": "entire_revision",
        "CONTIGUOUS_BLOCK_FROM_START": "partial",
    }
    return names.get(getattr(level, "name", ""), "unclear")


def _finding(embedded: Any, trust_roots: Sequence[asn1_x509.Certificate]) -> SignatureFinding:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    field_name = ""
    try:
        field_name = _text(getattr(embedded, "field_name", ""))
        context = ValidationContext(
            trust_roots=list(trust_roots), allow_fetching=False, revocation_mode="soft-fail"
        )
        status = validate_pdf_signature(embedded, context)
        cert = status.signing_cert
        timestamp = status.timestamp_validity
        signed_at = timestamp.timestamp if timestamp is not None else status.signer_reported_dt
        problem = status.trust_problem_indic
        return SignatureFinding(
            field_name=field_name,
            common_name=_name_part(cert.subject, "common_name"),
            given_name=_name_part(cert.subject, "given_name"),
            surname=_name_part(cert.subject, "surname"),
            issuer=_issuer(cert),
            signed_at=signed_at,
            timestamped=timestamp is not None,
            intact=bool(status.intact and status.valid),
            coverage=_coverage(status),
            modified_after_signing=not status.docmdp_ok,
            trusted=bool(status.trusted),
            trust_problem=getattr(problem, "name", "") if problem is not None else "",
        )
    except Exception:  # untrusted input: any failure is a finding, never a 500
        logger.info("signature %r could not be validated", field_name, exc_info=True)
        return SignatureFinding(field_name=field_name, unreadable=True)


def _inspect(data: bytes, trust_roots: Sequence[asn1_x509.Certificate]) -> DocumentFinding:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception as exc:  # untrusted input, recorded as unreadable
        logger.info("PDF signatures could not be read", exc_info=True)
        return DocumentFinding(status="unreadable", detail=type(exc).__name__)
    if not embedded:
        return DocumentFinding(status="unsigned")
    return DocumentFinding(
        status="signed", signatures=tuple(_finding(e, trust_roots) for e in embedded)
    )


def outside_event_loop(work: Callable[[], T]) -> T:
    """pyHanko runs its own event loop; inside a running one, do the work in a thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def inspect_pdf(
    data: bytes, *, trust_roots: Sequence[asn1_x509.Certificate] | None = None
) -> DocumentFinding:
    """Every signature of the PDF, checked against ``trust_roots`` (default: the configured)."""
    from doorstroom.signatures.trust import (
        TrustRootsError,
        configured_trust_roots,
        fingerprint,
    )

    detail = ""
    if trust_roots is None:
        try:
            trust_roots = configured_trust_roots()
        except TrustRootsError as exc:  # reported by the system check; trust nothing meanwhile
            logger.error("EID_TRUST_ROOTS unusable: %s", exc)
            trust_roots, detail = (), "EID_TRUST_ROOTS onleesbaar"
    roots = tuple(trust_roots)
    try:
        finding = outside_event_loop(lambda: _inspect(data, roots))
    except Exception as exc:  # belt and braces: the upload must still succeed
        logger.warning("signature check failed", exc_info=True)
        finding = DocumentFinding(status="unreadable", detail=type(exc).__name__)
    return DocumentFinding(
        status=finding.status,
        signatures=finding.signatures,
        detail="; ".join(d for d in (finding.detail, detail) if d),
        trust_roots=tuple(fingerprint(c) for c in roots),
    )
