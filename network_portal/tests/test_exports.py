"""The shared export path: CSV for German Excel, comma CSV, XLSX; formulas neutralised."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from network_portal import exports


class PeopleExporter(exports.Exporter):
    columns = [("name", "Name"), ("phone", "Telefon"), ("count", "Anzahl")]
    filename = "people"

    def __init__(self, rows):
        self._rows = rows

    def rows(self):
        yield from self._rows


ROWS = [
    ["Müller, Anna", "+49 375 123456", 3],
    ["=HYPERLINK(\"http://evil\")", "-1", 0],
    ["@SUM(A1)", "\tTab", None],
]


def body(response):
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_for_german_excel_has_bom_semicolons_and_keeps_umlauts():
    text = body(exports.response(PeopleExporter(ROWS), "csv"))

    assert text.startswith("\ufeffName;Telefon;Anzahl\r\n")
    assert "Müller, Anna;'+49 375 123456;3\r\n" in text


def test_formulas_are_neutralised_without_dropping_characters():
    text = body(exports.response(PeopleExporter(ROWS), "csv-comma"))

    assert not text.startswith("\ufeff")
    assert "'=HYPERLINK(\"\"http://evil\"\")" in text
    assert "'-1" in text
    assert "'@SUM(A1)" in text
    assert "'\tTab" in text


@pytest.mark.parametrize(("value", "expected"), [
    ("+49 375 123", "'+49 375 123"), ("Zwickau", "Zwickau"), (None, ""), (7, 7),
    (date(2027, 4, 21), "2027-04-21"), ("", ""),
])
def test_neutralise(value, expected):
    assert exports.neutralise(value) == expected


def test_xlsx_holds_the_same_rows():
    response = exports.response(PeopleExporter(ROWS), "xlsx")
    data = b"".join(response.streaming_content)

    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Name", "Telefon", "Anzahl")
    assert rows[1] == ("Müller, Anna", "'+49 375 123456", 3)
    assert rows[2][0].startswith("'=")
    assert response["Content-Disposition"].startswith('attachment; filename="people-')


def test_csv_streams_row_by_row():
    def endless():
        n = 0
        while True:
            n += 1
            yield [f"row {n}", "", n]

    response = exports.response(PeopleExporter(endless()), "csv")
    chunks = iter(response.streaming_content)
    first = [next(chunks) for _ in range(4)]

    assert first[3].startswith(b"row 2")


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        exports.response(PeopleExporter(ROWS), "pdf")


def test_response_for_refuses_unknown_formats_and_filters_not_understood(rf):
    from network_portal import exports

    made = []

    def make():
        made.append(1)
        return exports.Exporter()

    unknown = exports.response_for(rf.get("/?format=pdf"), make)
    filtered = exports.response_for(rf.get("/?format=csv"), make, not_understood=["Monat: 2027-13"])

    assert unknown.status_code == 400 and b"pdf" in unknown.content
    assert filtered.status_code == 400 and "Monat: 2027-13" in filtered.content.decode()
    assert made == []  # nothing is exported (nor queried) when the export is refused
