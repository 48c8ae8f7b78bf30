"""The one export path: an exporter names its columns and yields rows; this module renders them.

Exporters yield typed values (str, int, Decimal, date, aware datetime, bool, None); this module
alone decides how each format writes them.

CSV streams row by row (semicolon-separated with a BOM for German Excel, or comma-separated).
CSV has no cell types, so every text cell that a spreadsheet would read as a formula is
neutralised by an apostrophe in front, never by dropping characters: "+49 375 123" stays readable.

XLSX is written with openpyxl's write-only workbook into a temporary file, so memory stays flat
for large lists. Its cells are typed: text is a string cell (never a formula, even when it starts
with "="), so it needs no apostrophe and reads back exactly as stored; numbers are numbers;
dates and times are date cells, in Europe/Berlin and without a zone (Excel has none).
"""

import csv
import re
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

FORMATS = {
    "csv": _("CSV (Excel, semicolon)"),
    "csv-comma": _("CSV (comma)"),
    "xlsx": _("Excel (XLSX)"),
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class Exporter:
    """Subclasses set `columns` [(key, lazy label)] and implement `rows()` yielding sequences."""

    columns: list[tuple[str, str]] = []
    filename = "export"

    def headers(self) -> list[str]:
        return [force_str(label) for _key, label in self.columns]

    def rows(self) -> Iterable[Iterable]:
        raise NotImplementedError


def neutralise(value):
    """A CSV cell safe for spreadsheets: text starting like a formula gets a leading apostrophe."""
    if type(value) is str:  # the common case first: most cells are plain text
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return force_str(_("yes") if value else _("no"))
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        # isoformat is C code; "2027-04-21 09:30" as strftime("%Y-%m-%d %H:%M") writes it.
        return value.isoformat(" ", "minutes")[:16]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return value
    text = force_str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


# Characters XML 1.0 (and so XLSX) cannot hold at all; openpyxl refuses the whole cell.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
DATETIME_FORMAT = "YYYY-MM-DD HH:MM"
DATE_FORMAT = "YYYY-MM-DD"


def xlsx_cell(sheet, value):
    """A typed write-only cell for `value` (None stays an empty cell)."""
    from openpyxl.cell import WriteOnlyCell

    if type(value) is str and not value.startswith("="):
        # Plain text: written as a string by openpyxl itself (no cell object needed); only
        # text starting with "=" would be taken for a formula.
        return _XML_ILLEGAL.sub("", value) if _XML_ILLEGAL.search(value) else value
    if value is None:
        return None
    if isinstance(value, bool):
        value = force_str(_("yes") if value else _("no"))
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value, timezone.get_default_timezone())
        # Excel counts in days: microseconds would come back rounded, seconds come back exact.
        cell = WriteOnlyCell(sheet, value=value.replace(microsecond=0))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, (int, float, Decimal)):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=_XML_ILLEGAL.sub("", force_str(value)))
    # openpyxl turns text starting with "=" into a formula; a string cell is only ever text.
    cell.data_type = "s"
    return cell


class _Echo:
    def write(self, value):
        return value


def iter_csv(exporter: Exporter, *, delimiter: str = ";", bom: bool = True) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator="\r\n")
    if bom:
        yield "\ufeff"
    yield writer.writerow(exporter.headers())
    # neutralise() for each cell, with its common cases inline and "yes"/"no" translated once
    # per export rather than once per cell (100,000 rows have hundreds of thousands of cells).
    # The time zone too: timezone.localtime() looks it up (a thread-local) on every call.
    yes, no = force_str(_("yes")), force_str(_("no"))
    zone = timezone.get_current_timezone()

    def cell(value):
        kind = type(value)
        if kind is str:
            return "'" + value if value.startswith(FORMULA_PREFIXES) else value
        if value is None:
            return ""
        if kind is bool:
            return yes if value else no
        if kind is datetime and value.tzinfo is not None:
            return value.astimezone(zone).isoformat(" ", "minutes")[:16]
        return neutralise(value)

    for row in exporter.rows():
        yield writer.writerow([cell(value) for value in row])


def write_xlsx(exporter: Exporter, fileobj) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=force_str(exporter.filename)[:31] or "Export")
    sheet.append([xlsx_cell(sheet, label) for label in exporter.headers()])
    for row in exporter.rows():
        sheet.append([xlsx_cell(sheet, value) for value in row])
    workbook.save(fileobj)


def response(exporter: Exporter, fmt: str):
    """An HTTP response with the export in `fmt` (one of FORMATS); ValueError for others."""
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    name = f"{exporter.filename}-{stamp}"
    if fmt in ("csv", "csv-comma"):
        rows = iter_csv(exporter, delimiter=";" if fmt == "csv" else ",", bom=fmt == "csv")
        resp = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return resp
    if fmt == "xlsx":
        tmp = tempfile.TemporaryFile()
        write_xlsx(exporter, tmp)
        tmp.seek(0)
        return FileResponse(
            tmp, as_attachment=True, filename=f"{name}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    raise ValueError(f"Unknown export format: {fmt}")


def requested_format(request) -> str:
    """The `format=` a list page was asked for ("" when it should render as a page)."""
    return request.GET.get("format", "")


def response_for(request, make_exporter, *, not_understood=()):
    """The export in the request's `format=`, or 400 with the reason.

    Refused: an unknown format, and any filter that was not understood (`not_understood`
    names them): an export must hold exactly the rows asked for, never silently more.
    `make_exporter` is called only when the export goes ahead.
    """
    fmt = requested_format(request)
    if fmt not in FORMATS:
        return _bad_request(_("Unknown export format “%(format)s”. Use one of: %(formats)s.")
                            % {"format": fmt, "formats": ", ".join(FORMATS)})
    if not_understood:
        return _bad_request(_("No export: a filter was not understood (%(filters)s).")
                            % {"filters": "; ".join(force_str(item) for item in not_understood)})
    return response(make_exporter(), fmt)


def _bad_request(message) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(force_str(message), content_type="text/plain; charset=utf-8")
