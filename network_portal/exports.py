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
    """Subclasses set `columns` [(key, lazy label)] and implement `rows()` yielding sequences.

    `columns` is the export's column registry: a key (what URLs and saved choices name), the
    translatable label (the header) and, by its position, the value in each row. `choose(keys)`
    narrows and orders the columns written; the rows are made the same way either way (the same
    queries), only the chosen cells are written.
    """

    columns: list[tuple[str, str]] = []
    filename = "export"
    chosen: list[str] | None = None  # column keys in order; None: all, as registered

    def choose(self, keys) -> "Exporter":
        self.chosen = validate_columns(keys, self.columns)
        return self

    def _positions(self) -> list[int] | None:
        if self.chosen is None:
            return None
        index = {key: position for position, (key, _label) in enumerate(self.columns)}
        return [index[key] for key in self.chosen]

    def headers(self) -> list[str]:
        labels = [force_str(label) for _key, label in self.columns]
        positions = self._positions()
        return labels if positions is None else [labels[i] for i in positions]

    def rows(self) -> Iterable[Iterable]:
        raise NotImplementedError

    def chosen_rows(self) -> Iterable[Iterable]:
        """The rows with only the chosen cells, in the chosen order."""
        positions = self._positions()
        if positions is None:
            return self.rows()
        return ([row[i] for i in positions] for row in self.rows())


class ColumnError(ValueError):
    """A choice of columns that cannot be exported; `message` says why, to the person."""

    def __init__(self, message):
        super().__init__(force_str(message))
        self.message = message


# The column chooser's parameters: `columns` (checked keys, repeated or comma-separated),
# `order-<key>` (a position number, the order without JavaScript) and `chosen=1` (columns were
# chosen: none checked is then an error, not "all").
COLUMNS_PARAM = "columns"
CHOSEN_PARAM = "chosen"
ORDER_PREFIX = "order-"


def column_keys(columns) -> list[str]:
    return [key for key, _label in columns]


def validate_columns(keys, columns) -> list[str]:
    """`keys` as a list, if every one is a column of `columns` (once) and there is one at least."""
    known = column_keys(columns)
    keys = list(keys)
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise ColumnError(_("Unknown column “%(columns)s”. This export has: %(known)s.")
                          % {"columns": "”, “".join(unknown), "known": ", ".join(known)})
    if len(set(keys)) != len(keys):
        raise ColumnError(_("Each column can be chosen once only."))
    if not keys:
        raise ColumnError(_("Choose at least one column."))
    return keys


def requested_columns(query, columns) -> list[str] | None:
    """The columns a request chose, in their order (None: it chose none, so all are written).

    The order is that of the position numbers (`order-<key>`), then that of the parameters;
    raises ColumnError for unknown keys, a position that is not a number, or no column at all.
    """
    keys = [key.strip() for value in query.getlist(COLUMNS_PARAM) for key in value.split(",")
            if key.strip()]
    if not keys and not query.get(CHOSEN_PARAM):
        return None
    keys = list(dict.fromkeys(keys))  # a key repeated (a tampered URL) counts once
    validate_columns(keys, columns)
    labels = dict((key, label) for key, label in columns)
    positions = {}
    for key in keys:
        raw = query.get(ORDER_PREFIX + key, "").strip()
        if not raw:
            continue
        try:
            positions[key] = int(raw)
        except ValueError:
            raise ColumnError(_("The position of “%(column)s” must be a whole number.")
                              % {"column": labels[key]}) from None
    last = max(positions.values(), default=0) + 1
    order = {key: (positions.get(key, last), index) for index, key in enumerate(keys)}
    return sorted(keys, key=order.__getitem__)


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
    # Headers are neutralised too: a registration question's label is an organiser's text.
    yield writer.writerow([neutralise(label) for label in exporter.headers()])
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

    for row in exporter.chosen_rows():
        yield writer.writerow([cell(value) for value in row])


def write_xlsx(exporter: Exporter, fileobj) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=force_str(exporter.filename)[:31] or "Export")
    sheet.append([xlsx_cell(sheet, label) for label in exporter.headers()])
    for row in exporter.chosen_rows():
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


def response_for(request, make_exporter, *, not_understood=(), columns=None):
    """The export in the request's `format=`, or 400 with the reason.

    Refused: an unknown format, and any filter that was not understood (`not_understood`
    names them): an export must hold exactly the rows asked for, never silently more.
    `columns` is the exporter's column registry: the request's `columns=` (README "Exports",
    choosing columns) are checked against it before anything happens, and an unknown column is
    refused the same way. `make_exporter` is called only when the export goes ahead.
    """
    fmt = requested_format(request)
    if fmt not in FORMATS:
        return _bad_request(_("Unknown export format “%(format)s”. Use one of: %(formats)s.")
                            % {"format": fmt, "formats": ", ".join(FORMATS)})
    if not_understood:
        return _bad_request(_("No export: a filter was not understood (%(filters)s).")
                            % {"filters": "; ".join(force_str(item) for item in not_understood)})
    chosen = None
    if columns is not None:
        try:
            chosen = requested_columns(request.GET, columns)
        except ColumnError as error:
            return _bad_request(_("No export: %(reason)s") % {"reason": error.message})
    elif request.GET.get(COLUMNS_PARAM) or request.GET.get(CHOSEN_PARAM):
        return _bad_request(_("No export: this export has no choice of columns."))
    exporter = make_exporter()
    if chosen is not None:
        exporter.choose(chosen)
    return response(exporter, fmt)


def _bad_request(message) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(force_str(message), content_type="text/plain; charset=utf-8")
