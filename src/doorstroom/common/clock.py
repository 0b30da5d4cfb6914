"""The one place that asks what day it is: Belgian calendar days (Europe/Brussels).

Rules never read the clock; services pass `today()` in, and tests may pin it.
"""

from datetime import date

from django.utils import timezone


def today() -> date:
    return timezone.localdate()
