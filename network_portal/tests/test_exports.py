"""The shared export path: CSV for German Excel, comma CSV, XLSX; formulas neutralised."""

import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

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


def xlsx(rows, columns=None):
    """The exported workbook's bytes and its first sheet, as openpyxl reads it back."""
    exporter = PeopleExporter(rows)
    if columns:
        exporter.columns = columns
    response = exports.response(exporter, "xlsx")
    data = b"".join(response.streaming_content)
    return data, load_workbook(io.BytesIO(data)).active


def test_xlsx_holds_the_same_rows():
    response = exports.response(PeopleExporter(ROWS), "xlsx")
    data = b"".join(response.streaming_content)

    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Name", "Telefon", "Anzahl")
    assert rows[1] == ("Müller, Anna", "+49 375 123456", 3)
    assert response["Content-Disposition"].startswith('attachment; filename="people-')


FORMULA_LIKE = ["=HYPERLINK(\"http://evil\")", "+49 375 4402-0", "-1", "@SUM(A1)", "\tTab",
                "=1+1", " leading and trailing ", "0049 375", "TRUE", "2027-04-21"]


def test_xlsx_text_is_a_string_cell_exactly_as_stored_never_a_formula():
    data, sheet = xlsx([[text, "", None] for text in FORMULA_LIKE])

    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == FORMULA_LIKE  # no apostrophe, nothing dropped
    assert {cell.data_type for cell in cells} == {"s"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_xlsx_dates_times_and_numbers_are_typed_cells_in_berlin_time():
    summer = datetime(2027, 4, 21, 7, 30, 15, 123456, tzinfo=UTC)  # 09:30:15 in Berlin (CEST)
    winter = datetime(2027, 12, 2, 17, 0, tzinfo=UTC)  # 18:00 in Berlin (CET)
    columns = [("summer", "Sommer"), ("winter", "Winter"), ("day", "Tag"), ("n", "Anzahl"),
               ("price", "Preis"), ("share", "Anteil"), ("empty", "Leer"), ("yes", "Ja")]

    _data, sheet = xlsx([[summer, winter, date(2027, 4, 21), 250, Decimal("12.50"), 0.25, None,
                          True]], columns)

    cells = list(sheet.iter_rows(min_row=2))[0]
    assert cells[0].value == datetime(2027, 4, 21, 9, 30, 15) and cells[0].is_date
    assert cells[1].value == datetime(2027, 12, 2, 18, 0)
    assert cells[0].number_format == "YYYY-MM-DD HH:MM"
    assert cells[2].value.date() == date(2027, 4, 21) and cells[2].is_date
    assert cells[2].number_format == "YYYY-MM-DD"
    assert [(c.value, c.data_type) for c in cells[3:6]] == [(250, "n"), (12.5, "n"), (0.25, "n")]
    assert cells[6].value is None
    assert (cells[7].value, cells[7].data_type) == ("ja", "s")


def test_xlsx_drops_characters_no_spreadsheet_can_hold_instead_of_failing():
    _data, sheet = xlsx([["Zell\x00werk\x0b GmbH", "", None]])

    assert sheet["A2"].value == "Zellwerk GmbH"


def test_csv_keeps_the_apostrophe_and_writes_times_in_berlin():
    row = [["=1+1", datetime(2027, 4, 21, 7, 30, tzinfo=UTC), 3]]

    text = body(exports.response(PeopleExporter(row), "csv"))

    assert "'=1+1;2027-04-21 09:30;3\r\n" in text


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


@pytest.fixture
def soffice(tmp_path):
    """Convert a file with LibreOffice (headless), in a profile of its own; returns the result."""
    import os
    import shutil
    import subprocess

    binary = shutil.which("soffice")
    if binary is None:
        if os.environ.get("CI", "").lower() in {"1", "true"}:
            pytest.fail("soffice is missing: .ci/run installs libreoffice-calc-nogui.")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui).")

    def convert(source, target_filter: str, suffix: str):
        out = tmp_path / "out"
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
             "--convert-to", target_filter, "--outdir", str(out), str(source)],
            check=True, capture_output=True, timeout=180, env={"HOME": str(tmp_path),
                                                               "PATH": "/usr/bin:/bin"})
        return out / f"{source.stem}.{suffix}"

    return convert


def test_libreoffice_reads_back_exactly_the_stored_values(soffice, tmp_path):
    when = datetime(2027, 4, 21, 7, 30, tzinfo=UTC)
    rows = [[text, when, n] for n, text in enumerate(FORMULA_LIKE)]
    data, _sheet = xlsx(rows)
    source = tmp_path / "export.xlsx"
    source.write_bytes(data)

    # LibreOffice opens the file and saves it again: a formula would now be computed.
    resaved = load_workbook(soffice(source, "xlsx", "xlsx")).active
    as_csv = soffice(source, "csv:Text - txt - csv (StarCalc):44,34,76", "csv").read_text("utf-8")

    cells = list(resaved.iter_rows(min_row=2))
    assert [(row[0].value, row[0].data_type) for row in cells] == [
        (text, "s") for text in FORMULA_LIKE]
    assert {row[1].value for row in cells} == {datetime(2027, 4, 21, 9, 30)}
    assert [row[2].value for row in cells] == list(range(len(FORMULA_LIKE)))
    assert '"=HYPERLINK(""http://evil"")",2027-04-21 09:30,0' in as_csv
    assert "\n+49 375 4402-0,2027-04-21 09:30,1" in as_csv
