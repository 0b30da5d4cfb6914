"""Streaming CSV and XLSX writers, shared by the API exports and the ESF dashboard's exports.

A table is a tuple of `Column`s and an iterable of raw rows (one value per column). The CSV is a
generator of lines (UTF-8 with a byte order mark, semicolons, decimal commas: what a Belgian
spreadsheet program reads); the XLSX is an openpyxl write-only workbook, written to a temporary
file and streamed from it, so memory stays bounded whatever the number of rows.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.http import FileResponse, StreamingHttpResponse
from django.template.defaultfilters import floatformat
from django.utils.dateformat import format as date_format
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

NUMERIC_KINDS = ("int", "percent", "days", "decimal")
NUMBER_FORMATS = {"int": "0", "percent": "0.0", "days": "0.##", "decimal": "0.00"}
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Column:
    """A column's header and kind: text, int, percent, days, month, date, decimal or yesno."""

    label: str
    kind: str = "int"

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


def decimal_comma(value: Decimal | float, places: int = 2) -> str:
    """1.50 → "1,5", 8.00 → "8": a Belgian decimal comma, whatever language is active."""
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_cell(value: Any, kind: str, none: str = "") -> str:
    """A cell as text (for the CSV and the page): decimal comma, month names, ISO dates."""
    if value is None:
        return none
    if kind == "percent":
        return str(floatformat(value, 1))
    if kind == "days":
        return str(floatformat(value, -1))
    if kind == "decimal":
        return decimal_comma(value)
    if kind == "month":
        return date_format(value, "F Y")
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    if kind == "yesno":
        return "ja" if value else "nee"
    return str(value)


# --- formula injection (OWASP "CSV injection") --------------------------------------------------

# A cell whose text starts with one of these is read by spreadsheet programs as a formula (an
# organisation named `=HYPERLINK("http://evil.example/","x")` would become a live link).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBERS = (int, float, Decimal, date)  # date includes datetime


def spreadsheet_text(text: str) -> str:
    """Text that a spreadsheet shows and never runs: a leading formula character gets a single
    quote before it (OWASP). The one place every export's text passes through."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def export_cell(value: Any, kind: str, none: str = "") -> str:
    """A CSV cell: numbers and dates as `format_cell` writes them (a negative number stays a
    number), every other value as neutralised text."""
    text = format_cell(value, kind, none)
    return text if isinstance(value, NUMBERS) else spreadsheet_text(text)


# --- CSV ---------------------------------------------------------------------------------------


class Echo:
    """A pseudo-buffer: csv.writer writes a row, the generator yields it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """A byte order mark (so spreadsheet programs read UTF-8), the header, then each row."""
    writer = csv.writer(Echo(), delimiter=";")
    yield "\ufeff"
    yield writer.writerow([spreadsheet_text(label) for label in header])
    for row in rows:
        yield writer.writerow(row)


def csv_head(header: Sequence[str]) -> Iterator[str]:
    """The start of `csv_lines`: the byte order mark, then the header line."""
    lines = csv_lines(header, ())
    yield next(lines)
    yield next(lines)


def csv_field(text: str) -> str:
    """A text cell as it stands in a line of `csv_lines`: neutralised, and quoted where
    csv.writer quotes it (a semicolon, a quote, a line break). For writers that build a
    line themselves, once per distinct value."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow((spreadsheet_text(text), ""))
    return buffer.getvalue()[: -len(";\r\n")]


def csv_text_rows(
    columns: Sequence[Column], rows: Iterable[Sequence[Any]], none: str = ""
) -> Iterator[list[str]]:
    for row in rows:
        yield [export_cell(v, c.kind, none) for v, c in zip(row, columns, strict=True)]


def attachment(filename: str) -> str:
    return f'attachment; filename="{filename}"'


def csv_response(
    filename: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], none: str = ""
) -> StreamingHttpResponse:
    """A streamed CSV download: rows are read (and written) only while the client reads."""
    return csv_stream(
        filename, csv_lines([c.label for c in columns], csv_text_rows(columns, rows, none))
    )


def csv_stream(filename: str, chunks: Iterable[str]) -> StreamingHttpResponse:
    """A streamed CSV download of text chunks, read (and written) only while the client reads."""
    response = StreamingHttpResponse(chunks, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = attachment(filename)
    return response


# --- XLSX --------------------------------------------------------------------------------------


def xlsx_cell(sheet: Any, value: Any, column: Column, none: str = "") -> Any:
    """Numbers stay numbers and dates dates (with a format); the rest as the CSV writes it, and
    a neutralised text as a string cell (openpyxl would make any text starting with = a
    formula; after `spreadsheet_text` none does, and the explicit type says so)."""
    if (column.numeric or column.kind == "date") and (value is None or isinstance(value, NUMBERS)):
        if value is None:
            return None
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT if column.kind == "date" else NUMBER_FORMATS[column.kind]
        return cell
    # Control characters cannot be stored in a worksheet (openpyxl refuses them): shown as �.
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", export_cell(value, column.kind, none))
    if text.startswith("'"):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def xlsx_write(
    target: IO[bytes],
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    none: str = "",
) -> None:
    """One sheet (write-only: openpyxl keeps no rows in memory) with a header row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([spreadsheet_text(c.label) for c in columns])  # our own labels
    for row in rows:
        sheet.append([xlsx_cell(sheet, v, c, none) for v, c in zip(row, columns, strict=True)])
    workbook.save(target)


def xlsx_response(
    filename: str,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    none: str = "",
) -> FileResponse:
    """The workbook written to an anonymous temporary file, then streamed from it (and the
    file removed once the response is closed)."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    try:
        xlsx_write(target, title, columns, rows, none)
        target.seek(0)
    except BaseException:
        target.close()
        raise
    return FileResponse(
        target, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
