"""Reads of the delegations app: lists, overviews and the hooks of the home page and "My portal"."""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from delegations.models import Application, DelegationTrip, ItineraryStop
from network_portal import audit, pagination
from network_portal.hooks import Section
from network_portal.models import AuditEntry
from network_portal.permissions import rows_of


def _list_queryset():
    return (DelegationTrip.objects.visible()
            .select_related("origin_region", "destination_region")
            .prefetch_related("organisers", "topics"))


def upcoming_trips(today=None):
    """Open and upcoming trips (not completed, not over), soonest first."""
    today = today or timezone.localdate()
    return (_list_queryset()
            .filter(status__in=[*DelegationTrip.RUNNING, DelegationTrip.Status.CANCELLED],
                    end_date__gte=today)
            .order_by("start_date", "pk"))


def archived_trips(today=None):
    """Completed (or past) trips, newest first, with the number of their programme items (the
    programme itself is on each trip's page: the archive grows by every trip ever made)."""
    today = today or timezone.localdate()
    stops = (ItineraryStop.objects.filter(trip=OuterRef("pk")).order_by()
             .values("trip").annotate(n=Count("pk")).values("n"))
    return (DelegationTrip.objects.visible()
            .filter(Q(status=DelegationTrip.Status.COMPLETED)
                    | Q(end_date__lt=today, status__in=DelegationTrip.RUNNING))
            .only("title_de", "title_en", "slug", "direction", "start_date", "end_date")
            .annotate(stop_count=Subquery(stops))
            .order_by("-start_date", "-pk"))


def archive_page(number, *, per_page: int = 10):
    """One page of the archive (two queries: count, page)."""
    return pagination.get_page(archived_trips(), number, per_page)


def open_for_home(limit: int = 3):
    """Trips open for applications, for the home page."""
    return list(DelegationTrip.objects.open_for_applications()
                .select_related("destination_region", "origin_region")
                .order_by("application_deadline", "pk")[:limit])


def trip_detail(slug):
    return (DelegationTrip.objects
            .select_related("origin_region", "destination_region")
            .prefetch_related("organisers", "partners", "topics",
                              Prefetch("stops", queryset=ItineraryStop.objects.select_related("host")))
            .get(slug=slug))


def trip_page(slug):
    """The trip of its public page, without its lists: organisers, partners, topics and stops
    are read where the page shows them (from a shared fragment on a member's page, which then
    runs none of their queries)."""
    return (DelegationTrip.objects.select_related("origin_region", "destination_region")
            .get(slug=slug))


def member_page_facts(user, slug: str) -> tuple[set[int], bool] | None:
    """What decides whether a member shares the page of the trip `slug` (delegations.views):
    the host organisations of its stops, and whether the person has applied. None if there is
    no such trip or it is a draft (the view answers those for the person)."""
    # Written as SQL (network_portal.permissions.rows_of): every member's trip page asks it, and
    # building the ORM's query cost 2.4 ms of CPU.
    rows = rows_of(_MEMBER_PAGE_FACTS_SQL(), [user.pk, slug, DelegationTrip.Status.DRAFT])
    if not rows:
        return None
    return {pk for pk, _applied in rows if pk is not None}, rows[0][1]


@functools.cache
def _MEMBER_PAGE_FACTS_SQL() -> str:  # noqa: N802 - a constant, built once the models are loaded
    quote = connection.ops.quote_name
    return (f"SELECT s.{quote('host_id')}, EXISTS (SELECT 1 FROM "
            f"{quote(Application._meta.db_table)} ap WHERE ap.{quote('trip_id')} = t.{quote('id')}"
            f" AND ap.{quote('user_id')} = %s) FROM {quote(DelegationTrip._meta.db_table)} t "
            f"LEFT JOIN {quote(ItineraryStop._meta.db_table)} s ON s.{quote('trip_id')} = "
            f"t.{quote('id')} WHERE t.{quote('slug')} = %s AND t.{quote('status')} <> %s")


def trip_stops(trip) -> list[ItineraryStop]:
    """The programme's stops with their hosts, in programme order."""
    return list(trip.stops.select_related("host"))


def accepted_application(user, trip) -> Application | None:
    """The person's accepted application for the trip: what makes them a participant."""
    if not user.is_authenticated:
        return None
    return (Application.objects.filter(trip=trip, user=user, status=Application.Status.ACCEPTED)
            .select_related("organisation").first())


def participant_organisation_ids(trip):
    """The directory organisations of the trip's accepted participants, as a subquery of ids."""
    return (Application.objects.filter(trip=trip, status=Application.Status.ACCEPTED,
                                       organisation__isnull=False)
            .values("organisation_id"))


def drafts_for(user):
    """Draft trips this person may see: all for economic development, their clusters' otherwise."""
    from delegations import permissions

    drafts = DelegationTrip.objects.filter(status=DelegationTrip.Status.DRAFT).order_by("start_date")
    if permissions.is_economic_development(user):
        return list(drafts)
    clusters = permissions.managed_cluster_ids(user)
    return list(drafts.filter(organisers__in=clusters).distinct()) if clusters else []


def my_applications(user):
    return list(Application.objects.filter(user=user)
                .select_related("trip", "organisation").order_by("-trip__start_date", "-pk"))


def managed_trips(user, today=None):
    """Trips this person manages that are not over yet, with counts of open and accepted ones."""
    from delegations import permissions

    today = today or timezone.localdate()
    if permissions.is_economic_development(user):
        trips = DelegationTrip.objects.all()
    elif permissions.managed_cluster_ids(user):
        trips = DelegationTrip.objects.filter(
            organisers__in=permissions.managed_cluster_ids(user)).distinct()
    else:
        return []
    return list(trips.filter(end_date__gte=today).exclude(status=DelegationTrip.Status.CANCELLED)
                .annotate(
                    open_count=Count("applications", filter=Q(
                        applications__status=Application.Status.SUBMITTED), distinct=True),
                    accepted_count=Count("applications", filter=Q(
                        applications__status=Application.Status.ACCEPTED), distinct=True),
                    next_in_line_count=Count("applications", filter=Q(
                        applications__status=Application.Status.WAITLISTED,
                        applications__next_in_line_since__isnull=False), distinct=True))
                .order_by("start_date", "pk"))


def my_portal_sections(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    sections = []
    applications = my_applications(user)
    if applications:
        sections.append({"template": "delegations/_my_applications.html", "data": applications})
    managed = managed_trips(user)
    if managed:
        sections.append({"template": "delegations/_my_managed_trips.html", "data": managed})
    return sections


def trips_for_organisation(organisation, limit: int = 10):
    """Trips the organisation organises, hosts a stop of, or joins (for its public profile).

    Joining shows only where the participant overview shows it: an accepted applicant of the
    organisation consented, and the organisers made the overview public (the consent is given
    for that overview, "public if the organisers publish it").
    """
    # Three indexed subqueries, not one OR over three joins (which PostgreSQL can only answer
    # by joining every trip with all its stops and applications: 29 ms at 100 trips).
    organised = DelegationTrip.organisers.through.objects.filter(
        organization=organisation).values("delegationtrip_id")
    hosted = ItineraryStop.objects.filter(host=organisation).values("trip_id")
    joined = Application.objects.filter(
        organisation=organisation, status=Application.Status.ACCEPTED,
        public_consent=True).values("trip_id")
    return list(DelegationTrip.objects.visible()
                .filter(Q(pk__in=organised) | Q(pk__in=hosted)
                        | Q(public_overview=True, pk__in=joined))
                .select_related("destination_region").order_by("-start_date", "-pk")[:limit])


def organisation_profile_section(organisation, user) -> Section:
    """The "Delegation trips" part of an organisation's profile (members.hooks.profile_sections)."""
    return Section("delegations/_organisation_trips.html",
                   SimpleLazyObject(lambda: trips_for_organisation(organisation)))


def applications_for_organiser(trip):
    """Every application with what the organiser needs to decide, in a fixed number of queries."""
    return (trip.applications
            .select_related("user", "organisation", "organisation__region", "decided_by")
            .prefetch_related("organisation__stages", "stages_sought", "stages_offered")
            .order_by("created_at", "pk"))


def trip_history(trip, applications=(), *, limit: int = 50) -> list[AuditEntry]:
    """The newest audit entries of the trip and of its applications, for its organisers: each
    with `.label`, and an application's with `.application` and `.subject` (the applicant's
    name, taken from `applications`, the page's list, so no query per entry). One query."""
    types = ContentType.objects.get_for_models(DelegationTrip, Application)
    entries = list(AuditEntry.objects.filter(
        Q(content_type=types[DelegationTrip], object_id=trip.pk)
        | Q(content_type=types[Application],
            object_id__in=Application.objects.filter(trip=trip).values("pk")),
    ).select_related("actor")[:limit])
    by_pk = {application.pk: application for application in applications}
    for entry in entries:
        entry.label = audit.label(entry.action)
        entry.application = (by_pk.get(entry.object_id)
                             if entry.content_type_id == types[Application].pk else None)
        entry.subject = entry.application.person_name if entry.application else ""
    return entries


def status_counts(trip) -> dict:
    counts = dict(trip.applications.values_list("status").annotate(n=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in Application.Status.values}


def accepted_participants(trip, *, consenting_only: bool):
    queryset = (trip.applications.filter(status=Application.Status.ACCEPTED)
                .select_related("user", "organisation", "organisation__region")
                .prefetch_related("organisation__stages", "stages_sought", "stages_offered")
                .order_by("organisation__name", "organisation_name", "pk"))
    if consenting_only:
        queryset = queryset.filter(public_consent=True)
    return queryset


def participating_organisations(trip) -> list[list[Application]]:
    """The accepted, consenting participants grouped by organisation (the directory entry, else
    the typed name): one card of the overview each, so two people of one firm count once."""
    groups: dict = {}
    for application in accepted_participants(trip, consenting_only=True):
        key = application.organisation_id or application.organisation_name.strip().casefold()
        groups.setdefault(key, []).append(application)
    return list(groups.values())


def started_trips(start, end, *, organiser_ids=None, today=None):
    """Trips (neither drafts nor cancelled) whose first day lies from `start` to `end` and is
    not after `today`, soonest first, each with `applicants` (every application not withdrawn)
    and `accepted`. One query. `organiser_ids` (a set) limits them to trips one of those
    organisations organises; None means every organiser.

    The counts rest on the application's status alone, which erasure and retention keep.
    """
    today = today or timezone.localdate()
    trips = (DelegationTrip.objects
             .exclude(status__in=[DelegationTrip.Status.DRAFT, DelegationTrip.Status.CANCELLED])
             .filter(start_date__gte=start, start_date__lte=end)
             .filter(start_date__lte=today))
    if organiser_ids is not None:
        # A subquery, not a join: a trip of two of the organisers is still one row.
        trips = trips.filter(pk__in=DelegationTrip.organisers.through.objects.filter(
            organization_id__in=organiser_ids).values("delegationtrip_id"))
    return trips.annotate(
        applicants=Count("applications", filter=~Q(
            applications__status=Application.Status.WITHDRAWN)),
        accepted=Count("applications", filter=Q(applications__status=Application.Status.ACCEPTED)),
    ).only("pk", "slug", "title_de", "title_en", "start_date", "end_date").order_by(
        "start_date", "pk")


def accepted_organisations(trip_ids) -> list[tuple[int, int | None, int]]:
    """(trip id, organisation id or None, people) for the accepted applications of the trips:
    None gathers the people whose organisation is not in the directory. One query."""
    return list(Application.objects.filter(trip_id__in=trip_ids,
                                           status=Application.Status.ACCEPTED)
                .values_list("trip_id", "organisation_id").annotate(people=Count("pk"))
                .order_by())


def organiser_ids() -> set[int]:
    """The organisations that organise at least one trip (the reports' organiser choices)."""
    return set(DelegationTrip.organisers.through.objects.values_list("organization_id",
                                                                      flat=True))


def applications_of_started_trips(user, *, today=None) -> list[tuple[int, int, str, int | None]]:
    """(application id, trip id, status, organisation id) of the person's applications for
    trips that have begun: what the figures keep when the account is deleted."""
    today = today or timezone.localdate()
    return list(Application.objects.filter(user=user, trip__start_date__lte=today)
                .values_list("pk", "trip_id", "status", "organisation_id"))
