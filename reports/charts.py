"""Bar charts of the statistics, drawn on the server as SVG: no script, nothing but the page.

A chart is the picture of one table: its bars are the table's rows (label, value of one
column). The SVG carries role="img", a <title> and a <desc> naming every bar and its value,
and the page links it to its table, which is the full text alternative.
"""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

WIDTH = 720  # the viewBox; the SVG scales to the width of the page
LABEL_HEIGHT = 20  # the label line above each bar
BAR_HEIGHT = 20
GAP = 12
VALUE_SPACE = 64  # room right of the longest bar for its value
TOP = 4


@dataclass
class Bar:
    label: str
    value: int
    label_y: int
    bar_y: int
    width: float
    value_x: float
    value_y: int


@dataclass
class Chart:
    key: str
    title: str
    description: str
    bars: list[Bar]
    width: int
    height: int
    table_id: str


def bar_chart(table, *, period: str = "") -> Chart | None:
    """The chart of `table` (its `chart` column per row), or None if it has nothing to show."""
    if not table.chart:
        return None
    value_at = table.column(table.chart)
    per_item = table.key in ("events", "trips", "meetings")  # one bar per event or trip, named by title
    rows = []
    for row in table.rows:
        value = row[value_at]
        if value is None:
            continue  # "not in the directory": people, no organisations to draw
        label = (f"{row[1]} ({date_format(row[0], 'SHORT_DATE_FORMAT')})" if per_item
                 else str(row[0]))
        rows.append((label, value))
    if not rows or not any(value for _label, value in rows):
        return None
    largest = max(value for _label, value in rows)
    scale = (WIDTH - VALUE_SPACE) / largest
    bars, y = [], TOP
    for label, value in rows:
        bar_y = y + LABEL_HEIGHT
        width = round(value * scale, 1)
        bars.append(Bar(label=label, value=value, label_y=y + 15, bar_y=bar_y, width=width,
                        value_x=width + 6, value_y=bar_y + 15))
        y = bar_y + BAR_HEIGHT + GAP
    value_label = dict(table.columns)[table.chart]
    title = format_lazy("{title}: {what}{period}", title=table.title, what=value_label,
                        period=f", {period}" if period else "")
    description = format_lazy(
        "{kind} {bars}", kind=_("Bar chart, one bar per row of the table:"),
        bars="; ".join(f"{label}: {value}" for label, value in rows) + ".")
    return Chart(key=table.key, title=str(title), description=str(description), bars=bars,
                 width=WIDTH, height=y - GAP + TOP, table_id=f"table-{table.key}")
