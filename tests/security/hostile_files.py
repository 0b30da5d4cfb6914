"""A corpus of hostile files, made in code (pypdf's writer and byte surgery; no binaries kept).

Every error path of a third-party parser is a test case: each PDF here reaches pypdf's and
pyHanko's readers through the API upload, the applicant's page and an e-mail attachment; each
message reaches the `email` package through the intake
(tests/security/test_security_hostile_files.py, tests/intake/test_intake_never_stalls.py).
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from dataclasses import dataclass
from functools import cache

from pypdf import PdfWriter

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def written(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted(algorithm: str, user_password: str = "") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password=user_password, owner_password="eigenaar", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def unknown_encryption() -> bytes:
    """An /Encrypt dictionary with a version pypdf does not know (NotImplementedError)."""
    return re.sub(rb"/V \d+", b"/V 9", encrypted("RC4-128"), count=1)


def assembled(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF from numbered objects (1 0 obj, 2 0 obj, ...) with a correct cross-reference."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pages_tree(count: bytes, kids: bytes = b"3 0 R") -> bytes:
    return assembled([CATALOG, b"<< /Type /Pages /Kids [%s] /Count %s >>" % (kids, count), PAGE])


def deep_page_tree(depth: int = 3000) -> bytes:
    objects = [CATALOG]
    for level in range(depth):
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (level + 3))
    objects.append(b"<< /Type /Page /MediaBox [0 0 1 1] >>")
    return assembled(objects)


def object_stream(padding: int) -> bytes:
    """Catalog and page tree inside a compressed object stream, found through an xref stream;
    with a large padding the stream inflates to hundreds of megabytes (a decompression bomb)."""
    inner = [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
    body, header = b"", b""
    for number, obj in enumerate(inner, 1):
        header += b"%d %d " % (number, len(body))
        body += obj + b" "
    compressed = zlib.compress(header.ljust(20) + body + b" " * padding, 1)
    out = bytearray(b"%PDF-1.7\n")
    stream_at = len(out)
    out += b"4 0 obj\n<< /Type /ObjStm /N 2 /First 20 /Filter /FlateDecode /Length %d >>\n" % (
        len(compressed)
    )
    out += b"stream\n" + compressed + b"\nendstream\nendobj\n"
    page_at = len(out)
    out += b"3 0 obj\n" + PAGE + b"\nendobj\n"
    xref_at = len(out)
    rows = [(0, 0, 65535), (2, 4, 0), (2, 4, 1), (1, page_at, 0), (1, stream_at, 0)]
    rows.append((1, xref_at, 0))
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out += b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\n" % len(table)
    out += b"stream\n" + table + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def broken_signature() -> bytes:
    """A readable one-page PDF with a signature field whose signature is nonsense: accepted as
    a document, its signature recorded as unreadable (pyHanko must not raise)."""
    return assembled(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
            b"<< /FT /Sig /T (Handtekening\x00\xe2\x80\xae) /Type /Annot /Subtype /Widget "
            b"/Rect [0 0 0 0] /P 3 0 R /V 5 0 R >>",
            b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
            b"/ByteRange [0 99999999 -5 10] /Contents <DEADBEEF> >>",
        ]
    )


@dataclass(frozen=True)
class HostilePdf:
    name: str
    data: bytes
    outcome: str  # "refused", "accepted" or "either" (depends on the pypdf version)


@cache
def pdf_corpus() -> list[HostilePdf]:
    good = written()
    return [
        HostilePdf("zero-bytes", b"", "refused"),
        HostilePdf("text-named-pdf", b"Dit is gewone tekst met een .pdf-naam.\n", "refused"),
        HostilePdf("html-named-pdf", b"<html><script>alert(1)</script></html>", "refused"),
        HostilePdf("header-late", b" " * 2000 + good, "refused"),
        HostilePdf("header-only", b"%PDF-1.7\n", "refused"),
        HostilePdf("garbage-after-header", b"%PDF-1.7\n" + bytes(range(256)) * 40, "refused"),
        HostilePdf("truncated-half", good[: len(good) // 2], "refused"),
        HostilePdf("truncated-xref", good[:-40], "refused"),
        HostilePdf("zero-pages", written(0), "refused"),
        HostilePdf("rc4-no-password", encrypted("RC4-128"), "refused"),
        HostilePdf("rc4-password", encrypted("RC4-128", "geheim"), "refused"),
        HostilePdf("aes128-no-password", encrypted("AES-128"), "refused"),
        HostilePdf("aes256-no-password", encrypted("AES-256"), "refused"),
        HostilePdf("aes256-password", encrypted("AES-256", "geheim"), "refused"),
        HostilePdf("encrypt-unknown-version", unknown_encryption(), "refused"),
        HostilePdf(
            "pages-self-reference",
            assembled([CATALOG, b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]),
            "refused",
        ),
        HostilePdf(
            "pages-cycle",
            assembled(
                [
                    CATALOG,
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
                ]
            ),
            "refused",
        ),
        HostilePdf("pages-deep", deep_page_tree(), "refused"),
        HostilePdf("root-not-a-dictionary", assembled([b"42"]), "refused"),
        HostilePdf("count-huge", pages_tree(b"9" * 40), "either"),
        HostilePdf("count-negative", pages_tree(b"-5"), "either"),
        HostilePdf("pages-too-many", pages_tree(b"6000", b"3 0 R " * 6000), "refused"),
        HostilePdf("object-stream-bomb", object_stream(100 * 1024 * 1024), "refused"),
        HostilePdf("object-stream-fine", object_stream(0), "accepted"),
        HostilePdf("signature-nonsense", broken_signature(), "accepted"),
    ]


# --- e-mail messages --------------------------------------------------------------------------

HEAD = b"From: Iemand <iemand@example.org>\r\nTo: mandaatdoorstroom@vdab.be\r\n"


def message(message_id: str, headers: bytes = b"", body: bytes = b"Goedendag.\r\n") -> bytes:
    return (
        HEAD
        + b"Message-ID: "
        + message_id.encode()
        + b"\r\nSubject: Dossier\r\n"
        + (headers + b"\r\n" + body)
    )


def with_attachment(message_id: str, part: bytes, subject: str = "Dossier") -> bytes:
    return (
        HEAD
        + f"Message-ID: {message_id}\r\nSubject: {subject}\r\n".encode()
        + b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="GRENS"\r\n\r\n'
        + b"--GRENS\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nIn bijlage.\r\n"
        + b"--GRENS\r\n"
        + part
        + b"\r\n--GRENS--\r\n"
    )


def nested_rfc822(depth: int) -> bytes:
    out = HEAD + b"Message-ID: <nest@example.org>\r\nMIME-Version: 1.0\r\n"
    out += b"Content-Type: message/rfc822\r\n\r\n" * depth
    return out + b"Subject: binnenin\r\n\r\ntekst\r\n"


def nested_multipart(depth: int) -> bytes:
    out = HEAD + b"Message-ID: <multi@example.org>\r\nMIME-Version: 1.0\r\n"
    tail = b""
    for level in range(depth):
        out += b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (level, level)
        tail = b"\r\n--b%d--\r\n" % level + tail
    return out + b"Content-Type: text/plain\r\n\r\nx" + tail


def pdf_part(filename_header: bytes, data: bytes) -> bytes:
    import base64

    return (
        b"Content-Type: application/pdf\r\nContent-Disposition: attachment; "
        + filename_header
        + b"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(data)
    )


@dataclass(frozen=True)
class HostileMail:
    name: str
    raw: bytes


@cache
def mail_corpus() -> list[HostileMail]:
    return [
        HostileMail("zero-bytes", b""),
        HostileMail("blank", b"\r\n\r\n  \r\n"),
        HostileMail("binary-noise", bytes(range(256)) * 8),
        HostileMail(
            "multipart-without-boundary",
            message("<nb@example.org>", b"Content-Type: multipart/mixed\r\n", b"geen grens"),
        ),
        HostileMail(
            "unknown-charset",
            message(
                "<cs@example.org>",
                b"Content-Type: text/plain; charset=x-onbekend-42\r\n",
                b"\xff\xfe\x00tekst",
            ),
        ),
        HostileMail(
            "unknown-charset-in-subject",
            HEAD + b"Message-ID: <cs2@example.org>\r\nSubject: =?x-nope?q?hallo?=\r\n\r\nx",
        ),
        HostileMail("no-message-id", HEAD + b"Subject: zonder id\r\n\r\ntekst"),
        HostileMail("no-from-no-id", b"Subject: niets\r\n\r\ntekst"),
        HostileMail(
            "huge-header",
            HEAD + b"Message-ID: <big@example.org>\r\nSubject: " + b"A" * 2_000_000 + b"\r\n\r\nx",
        ),
        HostileMail(
            "many-headers",
            HEAD + b"Message-ID: <many@example.org>\r\n" + b"X-Kop: w\r\n" * 50_000 + b"\r\nx",
        ),
        HostileMail("nested-rfc822", nested_rfc822(3)),
        HostileMail("nested-rfc822-deep", nested_rfc822(3000)),
        HostileMail("nested-multipart-deep", nested_multipart(1500)),
        HostileMail(
            "broken-base64",
            with_attachment(
                "<b64@example.org>",
                b"Content-Type: application/pdf\r\nContent-Disposition: attachment; "
                b'filename="kwaliteit.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
                b"JVBERi0x!!!@@@===ab\r\nnot*base64",
            ),
        ),
        HostileMail(
            "path-traversal-name",
            with_attachment(
                "<trav@example.org>", pdf_part(b'filename="../../kwaliteit.pdf"', written())
            ),
        ),
        HostileMail(
            "rtl-nul-crlf-name",
            with_attachment(
                "<rtl@example.org>",
                pdf_part(b"filename*=utf-8''kwaliteit%E2%80%AEfdp.exe%00%0D%0Ax.pdf", written()),
            ),
        ),
        HostileMail(
            "nul-in-headers",
            HEAD + b"Message-ID: <nul\x00@example.org>\r\nSubject: a\x00b\r\n\r\nx",
        ),
        HostileMail(
            "bad-date",
            HEAD
            + b"Message-ID: <date@example.org>\r\nDate: Mon, 99 Foo 99999 99:99 +9999\r\n\r\nx",
        ),
        HostileMail(
            "bad-rfc2231",
            with_attachment(
                "<2231@example.org>",
                b"Content-Type: application/pdf; name*0*=x-bad''%ZZ%; name*1=abc\r\n"
                b"Content-Disposition: attachment; filename*=bogus'x'%FF%FE\r\n\r\n%PDF-",
            ),
        ),
        HostileMail(
            "poison-pdf",
            with_attachment(
                "<poison@example.org>",
                pdf_part(b'filename="kwaliteit.pdf"', unknown_encryption()),
            ),
        ),
    ]
