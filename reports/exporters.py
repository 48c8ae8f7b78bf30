"""A table of the statistics as CSV or XLSX, through the one export path."""

from django.utils.text import slugify

from network_portal.exports import Exporter


class TableExporter(Exporter):
    """The table's columns and rows as the page shows them, and its total as the last row."""

    def __init__(self, table, *, period: str):
        self.table = table
        self.columns = table.columns
        self.filename = slugify(f"{table.key}-{period}") or table.key

    def rows(self):
        yield from self.table.rows
        if self.table.total is not None:
            yield self.table.total
