"""Pages of long lists with their total in as few queries as the list allows.

Django's `Paginator.get_page` counts first (`SELECT COUNT(*)` over the whole filtered query)
and then fetches the page: for a ranked full-text search that runs the search twice. Here the
total can come with the page's rows (`COUNT(*) OVER ()`), or from a count of the plain,
unannotated rows, whichever is cheaper for the list (see `get_page`).
"""

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, Window

TOTAL = "_page_total"


def _number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def get_page(queryset, number, per_page: int, *, count_with_rows: bool = False) -> Page:
    """The page `number` (any input; invalid means the first, beyond the end the last).

    `count_with_rows`: the total comes with the page's rows in one query. Best when the rows
    are expensive to find (a ranked search): found once, counted once. Otherwise the total is
    a count of the unannotated, unordered rows (an index-only scan for the plain directory)
    and the page a LIMIT that stops after its rows: two cheap queries. Either way the number
    of queries does not depend on the number of rows; only a page beyond the end costs two
    more (count, then the last page).
    """
    paginator = Paginator(queryset, per_page)
    number = _number(number)
    if not count_with_rows:
        paginator.count = queryset.order_by().count()  # a cached_property, set here
        try:
            paginator.validate_number(number)
        except InvalidPage:
            number = paginator.num_pages
        offset = (number - 1) * per_page
        # A deferred join: the page's ids from the (covering) index, then only those rows.
        # Without it a deep page (OFFSET 7,500) reads and sorts every row it skips.
        ids = queryset.prefetch_related(None).values("pk")[offset:offset + per_page]
        return Page(list(queryset.filter(pk__in=ids)), number, paginator)
    offset = (number - 1) * per_page
    rows = list(queryset.annotate(**{TOTAL: Window(Count("*"))})[offset:offset + per_page])
    if rows:
        paginator.count = getattr(rows[0], TOTAL)
        return Page(rows, number, paginator)
    paginator.count = queryset.order_by().count() if number > 1 else 0
    if number == 1 or paginator.count == 0:
        return Page([], 1, paginator)
    return paginator.page(paginator.num_pages)


def page_links(page: Page, *, on_each_side: int = 2, on_ends: int = 1) -> list:
    """Page numbers to link around the current one, with `None` for a gap ("…"): a deep
    page of 400 renders a dozen links, not 400."""
    if page.paginator.num_pages <= 1:
        return []
    ellipsis = page.paginator.ELLIPSIS
    return [None if number == ellipsis else number for number in
            page.paginator.get_elided_page_range(page.number, on_each_side=on_each_side,
                                                 on_ends=on_ends)]
