"""Register files for the import tests, written with openpyxl as an office would."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from openpyxl import Workbook

from doorstroom.common.identifiers import national_number_for
from doorstroom.registers.layout import SHEET_BY_NAME


def workbook(sheets: dict[str, Iterable[Sequence[Any]]], header: bool = True) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        page = book.create_sheet(name)
        if header and name in SHEET_BY_NAME:
            page.append(list(SHEET_BY_NAME[name].column_names))
        for row in rows:
            page.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def national_number(n: int, born: date = date(1985, 1, 1)) -> str:
    """The n-th valid national number of people born on consecutive days from ``born``."""
    return national_number_for(born + timedelta(days=n // 900), n % 900 + 1)
