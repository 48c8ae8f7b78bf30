"""The figures for funding reports: the apps' selectors read, this module adds up.

`statistics()` asks a fixed number of queries however many events, trips and registrations
the period holds (seven: events, their checked-in organisations, trips, their accepted
organisations, what erased accounts left, the organisations, their memberships; and the B2B
meeting figures through `reports.hooks.meeting_figures`: three more, matchmaking's). Every figure
rests on what survives erasure and anonymisation: a registration's or application's status and
its organisation link, never a name or an address.

What counts:
- an event: published, begun by now, its start in the period (cancelled events and drafts not);
  registrations: not cancelled; attended: checked in; no-shows: confirmed, not checked in, of
  the events where anyone was checked in (elsewhere nobody checked people in at the door);
- organisations: those of the directory with a checked-in person (of a trip: an accepted
  applicant); people whose organisation is not in the directory are counted as people;
- a network member: a cluster, or an organisation with an active membership in a cluster during
  the period;
- a trip: neither draft nor cancelled, its first day in the period and not after today;
- B2B meetings: those of these events and trips (a trip's with its stops'), counted as the
  organisers' grid counts them (matchmaking.meeting_reads.figures_of).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from delegations import selectors as trip_selectors
from delegations.models import Application
from events import selectors as event_selectors
from events.models import Registration
from members import selectors as member_selectors
from members.models import Organization
from network_portal import audit
from reports import history, hooks, selectors
from reports.models import ErasedParticipation

COUNTRY_NAMES = {
    "DE": _("Germany"), "FR": _("France"), "BE": _("Belgium"), "NL": _("Netherlands"),
    "ES": _("Spain"), "IT": _("Italy"), "AT": _("Austria"), "CH": _("Switzerland"),
    "PL": _("Poland"), "CZ": _("Czechia"), "LU": _("Luxembourg"), "DK": _("Denmark"),
}
# The tables of the page, in its order (the keys `table=` of an export names).
TABLES = ("events", "kinds", "regions", "countries", "sizes", "membership", "trips",
          "trip_regions", "meetings")
NOT_IN_DIRECTORY = _("Not in the directory")
NOT_GIVEN = _("Not given")


@dataclass
class Table:
    """One table of the page, and of its export: columns [(key, label)], typed rows, a total.

    `chart` names the column of the bar chart drawn from it (its rows' first cell the label),
    `chart_rows` how many of its first rows the chart shows (those with a value)."""

    key: str
    title: str
    columns: list[tuple[str, str]]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    chart: str = ""
    note: str = ""

    figure: object = None  # the bar chart drawn from it (reports.charts), set by the page

    TEXT_COLUMNS = frozenset({"date", "event", "kind", "trip", "label"})

    def column(self, key: str) -> int:
        return [name for name, _label in self.columns].index(key)

    def headers(self) -> list[tuple[str, bool]]:
        """(label, whether the column holds numbers) per column."""
        return [(label, key not in self.TEXT_COLUMNS) for key, label in self.columns]

    def cells(self, row) -> list[tuple[object, bool]]:
        return [(value, key not in self.TEXT_COLUMNS) for (key, _label), value in
                zip(self.columns, row, strict=True)]

    def lines(self):
        """The rows as (value, numeric) pairs, for the page."""
        return [self.cells(row) for row in self.rows]

    def total_line(self):
        return self.cells(self.total) if self.total is not None else None


@dataclass
class Statistics:
    start: date
    end: date
    totals: dict
    tables: list[Table]

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def statistics(*, start: date, end: date, organiser_ids: set[int] | None = None,
               now=None) -> Statistics:
    """The figures of the events and trips of `start`–`end`, of the organisers `organiser_ids`
    (None: all). Seven queries, and the meeting figures' (reports.hooks)."""
    now = now or timezone.now()
    events = list(event_selectors.held_events(start, end, organiser_ids=organiser_ids, now=now))
    event_ids = [event.pk for event in events]
    attended = event_selectors.attended_organisations(event_ids) if event_ids else []
    trips = list(trip_selectors.started_trips(start, end, organiser_ids=organiser_ids,
                                              today=timezone.localdate(now)))
    trip_ids = [trip.pk for trip in trips]
    accepted = trip_selectors.accepted_organisations(trip_ids) if trip_ids else []
    _add_erased(events, trips, attended, accepted, selectors.erased(event_ids, trip_ids))
    organisations = member_selectors.organisations_for_figures(
        {org for _event, org, _n in attended if org} | {org for _trip, org, _n in accepted if org},
        start=start, end=end)

    # Per organisation: how many people took part (checked in, or accepted for a trip).
    event_people, trip_people = defaultdict(int), defaultdict(int)
    event_orgs, trip_orgs = defaultdict(set), defaultdict(set)
    outside_events = outside_trips = 0
    for event_id, org, people in attended:
        if org in organisations:
            event_people[org] += people
            event_orgs[event_id].add(org)
        else:
            outside_events += people
    for trip_id, org, people in accepted:
        if org in organisations:
            trip_people[org] += people
            trip_orgs[trip_id].add(org)
        else:
            outside_trips += people

    event_table = _event_table(events, event_orgs, set(event_people))
    trip_table = _trip_table(trips, trip_orgs, set(trip_people))
    seated = sum(event.seated for event in events if event.attended)
    checked = sum(event.attended for event in events if event.attended)
    totals = {
        "events": len(events),
        "registrations": sum(event.registrations_count for event in events),
        "attended": sum(event.attended for event in events),
        "no_show_rate": _rate(seated - checked, seated),
        "organisations": len(event_people),
        "outside_directory": outside_events,
        "trips": len(trips),
        "applicants": sum(trip.applicants for trip in trips),
        "accepted": sum(trip.accepted for trip in trips),
        "trip_organisations": len(trip_people),
        "trip_outside_directory": outside_trips,
    }
    events_of = {org: organisations[org] for org in event_people}
    tables = [
        event_table,
        _breakdown("kinds", _("Organisations by kind"), _("Kind"), events_of, event_people,
                   outside_events, lambda o: o.get_kind_display(),
                   order=[label for _value, label in Organization.Kind.choices]),
        _breakdown("regions", _("Organisations by region"), _("Region"), events_of,
                   event_people, outside_events, _region_label),
        _breakdown("countries", _("Organisations by country"), _("Country"), events_of,
                   event_people, outside_events, _country_label),
        _breakdown("sizes", _("Organisations by size"), _("Size"), events_of, event_people,
                   outside_events, lambda o: o.get_size_display() or NOT_GIVEN,
                   order=[label for _value, label in Organization.Size.choices]),
        _breakdown("membership", _("Members and non-members of the network's clusters"),
                   _("Membership"), events_of, event_people, outside_events, _member_label,
                   order=[_("Member of a cluster"), _("Not a member")]),
        trip_table,
        _breakdown("trip_regions", _("Trip participants' organisations by region"),
                   _("Region"), {org: organisations[org] for org in trip_people}, trip_people,
                   outside_trips, _region_label, people_label=_("Accepted people")),
        _meeting_table(events, trips, now),
    ]
    return Statistics(start=start, end=end, totals=totals, tables=tables)


def _add_erased(events, trips, attended, accepted, erased) -> None:
    """Count the rows erased accounts left (reports.models.ErasedParticipation) as the rows
    themselves would be counted."""
    events_by_id = {event.pk: event for event in events}
    trips_by_id = {trip.pk: trip for trip in trips}
    for event_id, trip_id, status, org in erased:
        if event_id in events_by_id:
            event = events_by_id[event_id]
            event.registrations_count += status in Registration.ACTIVE
            event.seated += status in Registration.SEATED
            event.cancelled += status == Registration.Status.CANCELLED
            if status == Registration.Status.ATTENDED:
                event.attended += 1
                attended.append((event_id, org, 1))
        elif trip_id in trips_by_id:
            trip = trips_by_id[trip_id]
            trip.applicants += status != Application.Status.WITHDRAWN
            if status == Application.Status.ACCEPTED:
                trip.accepted += 1
                accepted.append((trip_id, org, 1))


def _event_table(events, event_orgs, all_orgs) -> Table:
    table = Table("events", _("Events"), [
        ("date", _("Date")), ("event", _("Event")), ("kind", _("Kind")),
        ("registrations", _("Registrations")), ("attended", _("Attended (checked in)")),
        ("no_show_rate", _("No-show rate (%)")), ("organisations", _("Organisations")),
    ], chart="attended", note=_("No-show rate: people with a confirmed seat who were not "
                                "checked in. An event where nobody was checked in has none."))
    seated = checked = 0
    for event in events:
        rate = _rate(event.seated - event.attended, event.seated) if event.attended else None
        if event.attended:
            seated, checked = seated + event.seated, checked + event.attended
        table.rows.append([timezone.localtime(event.starts_at).date(), event.title,
                           event.get_kind_display(), event.registrations_count, event.attended,
                           rate, len(event_orgs[event.pk])])
    table.total = [pgettext_lazy("table", "Total"), None, None,
                   sum(event.registrations_count for event in events),
                   sum(event.attended for event in events), _rate(seated - checked, seated),
                   len(all_orgs)]
    return table


def _trip_table(trips, trip_orgs, all_orgs) -> Table:
    table = Table("trips", _("Delegation trips"), [
        ("date", _("First day")), ("trip", _("Trip")), ("applicants", _("Applicants")),
        ("accepted", _("Accepted")), ("organisations", _("Organisations")),
    ], chart="accepted", note=_("Applicants: every application that was not withdrawn."))
    for trip in trips:
        table.rows.append([trip.start_date, trip.title, trip.applicants, trip.accepted,
                           len(trip_orgs[trip.pk])])
    table.total = [pgettext_lazy("table", "Total"), None,
                   sum(trip.applicants for trip in trips),
                   sum(trip.accepted for trip in trips), len(all_orgs)]
    return table


MEETING_COLUMNS = [
    ("requested", _("Requested")), ("accepted", pgettext_lazy("meeting", "Accepted")),
    ("held", _("Held")),
    ("declined", _("Declined")), ("expired", _("Expired")), ("cancelled", _("Cancelled")),
    ("waiting", _("Waiting for an answer")), ("participants", _("Participants")),
]


def _meeting_table(events, trips, now) -> Table:
    """The B2B meetings of the events and trips that had them switched on, by date."""
    table = Table("meetings", _("B2B meetings"), [
        ("date", _("Date")), ("label", _("Event or trip")), *MEETING_COLUMNS,
    ], chart="held", note=_("Requested: every request. Held: accepted and over. A trip's "
                            "figures include the meetings of its stops."))
    event_ids, trip_ids = [event.pk for event in events], [trip.pk for trip in trips]
    found = {}
    if event_ids or trip_ids:
        for figures in hooks.meeting_figures.collect(event_ids, trip_ids, now=now):
            found.update(figures)
    dated = [(timezone.localtime(event.starts_at).date(), event.title, found[("event", event.pk)])
             for event in events if ("event", event.pk) in found]
    dated += [(trip.start_date, trip.title, found[("trip", trip.pk)])
              for trip in trips if ("trip", trip.pk) in found]
    dated.sort(key=lambda row: (row[0], str(row[1]).casefold()))
    keys = [key for key, _label in MEETING_COLUMNS]
    table.rows = [[day, title, *(figures[key] for key in keys)] for day, title, figures in dated]
    table.total = [pgettext_lazy("table", "Total"), None,
                   *(sum(figures[key] for _day, _title, figures in dated) for key in keys)]
    return table


def _region_label(organisation) -> str:
    region = organisation.region
    return f"{region.name} ({region.country})" if region else NOT_GIVEN


def _country_label(organisation) -> str:
    if not organisation.region:
        return NOT_GIVEN
    code = organisation.region.country
    return str(COUNTRY_NAMES.get(code, code))


def _member_label(organisation) -> str:
    return _("Member of a cluster") if organisation.is_network_member else _("Not a member")


def _breakdown(key, title, heading, organisations, people, outside, label_of, *, order=None,
               people_label=None) -> Table:
    """Distinct organisations (and their people) by `label_of(organisation)`; people whose
    organisation is not in the directory in a last row of their own."""
    counts, persons = defaultdict(int), defaultdict(int)
    for pk, organisation in organisations.items():
        label = str(label_of(organisation))
        counts[label] += 1
        persons[label] += people[pk]
    labels = list(counts)
    if order is not None:
        position = {str(label): n for n, label in enumerate(order)}
        labels.sort(key=lambda label: (position.get(label, len(position)), label))
    else:
        labels.sort(key=lambda label: (label == str(NOT_GIVEN), -counts[label], label.casefold()))
    people_heading = people_label or _("People checked in")
    table = Table(key, title, [("label", heading), ("organisations", _("Organisations")),
                               ("people", people_heading)], chart="organisations")
    table.rows = [[label, counts[label], persons[label]] for label in labels]
    if outside:
        table.rows.append([str(NOT_IN_DIRECTORY), None, outside])
    table.total = [pgettext_lazy("table", "Total"), sum(counts.values()),
                   sum(persons.values()) + outside]
    return table


# Exports and erasure -----------------------------------------------------------------------------

def record_export(*, table: str, fmt: str, start: date, end: date, organiser=None, by) -> None:
    """Note who took a table of the statistics out of the portal. There is no one object to
    file it under, so the entry is filed under the person who exported (as the cross-event
    registration export does)."""
    audit.log_action(by, history.EXPORTED, by=by, data={
        "table": table, "format": fmt, "from": start, "to": end,
        "organiser": organiser.slug if organiser else None})


def remember_before_erasure(user, *, now=None) -> list[ErasedParticipation]:
    """What the figures need of the person's registrations and applications of events and
    trips that have begun, before their erasure deletes them (portal.privacy.delete_account).
    Each row keeps the key of its original in `source`."""
    now = now or timezone.now()
    pending = []
    for pk, event_id, status, org in (event_selectors.own_registrations(user)
                                      .filter(event__starts_at__lte=now)
                                      .values_list("pk", "event_id", "status", "organisation_id")):
        pending.append(ErasedParticipation(event_id=event_id, status=status, organisation_id=org))
        pending[-1].source = ("event", pk)
    for pk, trip_id, status, org in trip_selectors.applications_of_started_trips(
            user, today=timezone.localdate(now)):
        pending.append(ErasedParticipation(trip_id=trip_id, status=status, organisation_id=org))
        pending[-1].source = ("trip", pk)
    return pending


@transaction.atomic
def keep_after_erasure(pending: list[ErasedParticipation]) -> int:
    """Store the remembered rows whose originals the erasure deleted. An erasure that only
    blanks the person's fields keeps the rows, which then still count themselves."""
    event_pks = [pk for kind, pk in (row.source for row in pending) if kind == "event"]
    trip_pks = [pk for kind, pk in (row.source for row in pending) if kind == "trip"]
    left = ({("event", pk) for pk in Registration.objects.filter(pk__in=event_pks)
             .values_list("pk", flat=True)}
            | {("trip", pk) for pk in Application.objects.filter(pk__in=trip_pks)
               .values_list("pk", flat=True)})
    gone = [row for row in pending if row.source not in left]
    ErasedParticipation.objects.bulk_create(gone)
    return len(gone)
