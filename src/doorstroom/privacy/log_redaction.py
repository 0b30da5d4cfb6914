"""A last line of defence: no log handler of ours writes a whole national number.

The code never logs one on purpose (tests/security/log_scan.py fails the test session that
does), but Django's own loggers write what a client sent: ``django.request`` logs the path of
every 404 ("Not Found: /…/85073003328/"). This filter, on the console handler, rewrites such a
record's message with the number masked (``85.07.30-***.**``) before it is written.
"""

from __future__ import annotations

import logging
import re

from doorstroom.privacy.national_numbers import national_number_compact, national_number_masked

#: 11 digits, optionally grouped as yy.mm.dd-nnn.cc (dots, dashes or spaces between groups).
_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z])\d{2}[. ]?\d{2}[. ]?\d{2}[-. ]?\d{3}[. ]?\d{2}(?![0-9A-Za-z])"
)


def redact_national_numbers(text: str) -> str:
    """``text`` with every valid national number masked; other digit runs stay as they are."""

    def mask(match: re.Match[str]) -> str:
        compact = national_number_compact(match.group(0))
        return national_number_masked(compact) if compact else match.group(0)

    return _CANDIDATE.sub(mask, text)


class RedactNationalNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_national_numbers(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
