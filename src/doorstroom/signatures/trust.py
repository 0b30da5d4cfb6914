"""The trusted eID root certificates, read from the file or folder named by EID_TRUST_ROOTS.

Belgian eID signature certificates chain to the "Belgium Root CA" certificates (CA2, CA3, CA4,
…) through a Citizen CA. This project does not ship those roots: they cannot be fetched here and
must come from a trusted source (https://repository.eid.belgium.be). An empty setting means
no root is trusted, so no signature counts and every eID signer still needs a paper original.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings

CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer", ".der")


class TrustRootsError(ValueError):
    """The configured trust roots cannot be read."""


def _certificates(data: bytes, source: Path) -> list[asn1_x509.Certificate]:
    try:
        if pem.detect(data):
            blocks = [der for kind, _headers, der in pem.unarmor(data, multiple=True)]
        else:
            blocks = [data]
        certs = [asn1_x509.Certificate.load(der) for der in blocks]
        for cert in certs:
            _ = cert.subject.native  # parse now, so a broken file fails here, not mid-check
    except (ValueError, TypeError, KeyError) as exc:
        raise TrustRootsError(f"{source}: geen leesbaar X.509-certificaat ({exc}).") from exc
    if not certs:
        raise TrustRootsError(f"{source}: bevat geen certificaat.")
    return certs


def load_trust_roots(path: str) -> tuple[asn1_x509.Certificate, ...]:
    """Every certificate in a PEM/DER file, or in the certificate files of a folder."""
    if not path:
        return ()
    root = Path(path)
    if root.is_dir():
        files = sorted(
            p for p in root.iterdir() if p.is_file() and p.suffix.lower() in CERTIFICATE_SUFFIXES
        )
        if not files:
            raise TrustRootsError(
                f"{root}: geen certificaatbestanden ({', '.join(CERTIFICATE_SUFFIXES)})."
            )
    elif root.is_file():
        files = [root]
    else:
        raise TrustRootsError(f"{root}: bestand of map bestaat niet.")
    certs: list[asn1_x509.Certificate] = []
    for file in files:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise TrustRootsError(f"{file}: niet leesbaar ({exc}).") from exc
        certs += _certificates(data, file)
    return tuple(certs)


@lru_cache(maxsize=8)
def _cached(path: str) -> tuple[asn1_x509.Certificate, ...]:
    return load_trust_roots(path)


def configured_trust_roots() -> tuple[asn1_x509.Certificate, ...]:
    """The roots of settings.EID_TRUST_ROOTS (read once per path and process)."""
    return _cached(str(getattr(settings, "EID_TRUST_ROOTS", "") or ""))


def fingerprint(cert: asn1_x509.Certificate) -> str:
    return hashlib.sha256(cert.dump()).hexdigest()
