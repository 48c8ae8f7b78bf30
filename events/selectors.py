"""Reads for the events pages, the home page, "My portal" and member profiles."""

import functools
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from events import history, ics, permissions
from events.models import (
    AgendaChoice,
    AgendaItem,
    CalendarFeed,
    Event,
    EventSeries,
    Registration,
    agenda_slots,
)
from members.models import Organization
from network_portal import audit
from network_portal.hooks import Section
from network_portal.models import OutgoingEmail
from network_portal.permissions import rows_of
from network_portal.privacy import own_address


def _listed(queryset):
    # Seats come from the counters on the event row: no join over the registrations.
    return queryset.prefetch_related(
        Prefetch("organisers",
                 queryset=Organization.objects.only("pk", "name", "slug", "status")))


def upcoming_events(*, kind: str = "", organiser=None, month: date | None = None, now=None):
    """Published events that have not ended, soonest first, filtered as the list page asks."""
    queryset = Event.objects.published().upcoming(now)
    return _listed(_filter(queryset, kind=kind, organiser=organiser, month=month)).order_by(
        "starts_at")


def past_events(*, kind: str = "", organiser=None, month: date | None = None, now=None):
    """The archive: published or cancelled events that are over, latest first."""
    queryset = Event.objects.visible().past(now)
    return _listed(_filter(queryset, kind=kind, organiser=organiser, month=month)).order_by(
        "-starts_at")


def _filter(queryset, *, kind, organiser, month):
    if kind:
        queryset = queryset.filter(kind=kind)
    if organiser:
        queryset = queryset.filter(organisers=organiser)
    if month:
        tz = timezone.get_current_timezone()
        start = datetime(month.year, month.month, 1, tzinfo=tz)
        end = datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=tz)
        queryset = queryset.filter(starts_at__lt=end, ends_at__gte=start)
    return queryset


def managed_events(user):
    """Every event (drafts included) the person may manage, latest first."""
    queryset = Event.objects.all()
    if not permissions.is_economic_development(user):
        queryset = queryset.filter(organisers__in=permissions.managed_cluster_ids(user)).distinct()
    return _listed(queryset).order_by("-starts_at")


def managed_series(user):
    """The series the person may manage (put events into, edit), by title; with their
    organisers and the number of their events."""
    queryset = EventSeries.objects.all()
    if not permissions.is_economic_development(user):
        queryset = queryset.filter(
            pk__in=EventSeries.objects.filter(
                organisers__in=permissions.managed_cluster_ids(user)).values("pk"))
    return (queryset.annotate(event_count=Count("events", distinct=True))
            .prefetch_related("organisers")
            .order_by("title_de", "pk"))


def managed_upcoming(user, *, now=None):
    """The events the person manages that have not ended, soonest first."""
    return managed_events(user).filter(ends_at__gte=now or timezone.now()).order_by(
        "starts_at", "pk")


def managed_past(user, *, now=None):
    """The events the person manages that have ended, latest first."""
    return managed_events(user).filter(ends_at__lt=now or timezone.now()).order_by(
        "-starts_at", "-pk")


def managers_section(user, *, limit: int = 10) -> list[dict]:
    """"Events you manage" in My portal, for those who manage events: the next ones with seats,
    waitlist and what waits for them (a draft to publish, people waiting for a seat)."""
    if not permissions.can_create_event(user):
        return []
    upcoming = list(managed_upcoming(user)[:limit + 1])
    return [{"template": "events/_my_managed_events.html",
             "data": {"events": upcoming[:limit], "more": len(upcoming) > limit}}]


def agenda_with_seats():
    """Agenda items; `seats_taken` is their counter (confirmed choices of seated registrations)."""
    return AgendaItem.objects.all()


def event_detail(slug: str):
    """The event of its pages, without its lists: the organisers and the agenda are read where
    a page shows them (the event page takes them from a shared fragment, so a member's request
    runs their queries only when the fragment is not in the cache)."""
    return Event.objects.filter(slug=slug).select_related("series").first()


def event_agenda(event: Event):
    """The agenda grouped into slots (islands at the same time are one slot), with seats."""
    return agenda_slots(agenda_with_seats().filter(event=event))


def public_participant_organisations(event: Event) -> list[str]:
    """Names of the organisations of consenting, active participants (no person is named)."""
    if not event.public_participants:
        return []
    rows = (event.registrations
            # Not a guest's held seat: nobody has confirmed that address yet.
            .filter(public_consent=True,
                    status__in=Registration.SEATED - {Registration.Status.HELD})
            .values_list("organisation__name", "organisation_name"))
    return sorted({member or free for member, free in rows if member or free}, key=str.casefold)


def participants(event: Event):
    """The event's registrations with everything the list, badges and exports show."""
    return (event.registrations
            .select_related("organisation", "user")
            .prefetch_related(Prefetch(
                "agenda_choices",
                queryset=AgendaChoice.objects.select_related("agenda_item").order_by(
                    "agenda_item__position", "agenda_item__pk")))
            .order_by("sequence"))


def series_events(series):
    """(upcoming, past) visible meetings of the series: the next first, the latest past first."""
    now = timezone.now()
    events = _listed(series.events.visible())
    return (list(events.upcoming(now).order_by("starts_at")),
            list(events.past(now).order_by("-starts_at")))


def answers_of(registration: Registration):
    """The registration's answers with their questions, in the form's order."""
    return (registration.answers.select_related("question")
            .order_by("question__position", "question__pk"))


def registrations_in_period(start: date, end: date):
    """Registrations of the events that start from `start` to `end` (both days included, in
    the portal's time zone), by event and then in order of registration."""
    tz = timezone.get_current_timezone()
    after = datetime(start.year, start.month, start.day, tzinfo=tz)
    before = datetime(end.year, end.month, end.day, tzinfo=tz) + timedelta(days=1)
    return (Registration.objects
            .filter(event__starts_at__gte=after, event__starts_at__lt=before)
            .select_related("event", "organisation__region")
            .order_by("event__starts_at", "event_id", "created_at", "pk"))


def waitlist_positions(event: Event) -> dict[int, int]:
    """{registration pk: position} for the whole waitlist, in one query; each part of a hybrid
    event (on site, online) counts its own waitlist."""
    rows = event.registrations.filter(status=Registration.Status.WAITLISTED).order_by(
        "sequence").values_list("pk", "attendance")
    positions, last = {}, {}
    for pk, attendance in rows:
        last[attendance] = last.get(attendance, 0) + 1
        positions[pk] = last[attendance]
    return positions


def agenda_choices_with_positions(registration: Registration) -> list[AgendaChoice]:
    """The registration's agenda choices; waitlisted ones of a seated registration get
    `position` on that item's waitlist (the order in which seats are handed out)."""
    choices = list(registration.agenda_choices.select_related("agenda_item"))
    for choice in choices:
        choice.position = None
        if choice.is_waitlisted and registration.is_seated:
            # The order of AgendaChoice.QUEUE_ORDER: one choice per registration and item.
            ahead = AgendaChoice.objects.filter(
                agenda_item_id=choice.agenda_item_id, status=AgendaChoice.Status.WAITLISTED,
                registration__status__in=Registration.SEATED,
                registration__sequence__lt=registration.sequence)
            choice.position = ahead.count() + 1
    return choices


def participant_counts(event: Event) -> dict:
    counts = dict(event.registrations.values_list("status").annotate(n=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status, _label in Registration.Status.choices}


def event_history(event: Event, *, limit: int = 50) -> list:
    """The event's newest audit entries for its managers, each with `.label` and `.details`.

    Three queries at most, however many entries: the entries with their actors, the names of
    the registrations checked in, the recipients of the e-mails sent again.
    """
    entries = audit.history(event, limit=limit)
    registration_ids = {e.data["registration"] for e in entries if "registration" in e.data}
    email_ids = {e.data["email"] for e in entries if "email" in e.data}
    names = dict(Registration.objects.filter(pk__in=registration_ids, event=event)
                 .values_list("pk", "name")) if registration_ids else {}
    recipients = dict(OutgoingEmail.objects.filter(pk__in=email_ids, reference=event.reference)
                      .values_list("pk", "to")) if email_ids else {}
    for entry in entries:
        entry.details = history.describe(entry, names=names, recipients=recipients)
    return entries


def event_messages(event: Event, *, limit: int = 20):
    """The messages sent to the event's people, newest first, with who sent them."""
    return list(event.messages.select_related("sent_by")[:limit])


def upcoming_for_home(limit: int = 3):
    """Published upcoming events for the home page."""
    return list(upcoming_events()[:limit])


def own_registrations(user):
    """Registrations under the person's verified addresses, whoever made them."""
    return Registration.objects.filter(own_address(user))


def own_registration(user, event: Event) -> Registration | None:
    """The person's active registration for the event (under a verified address), if any."""
    if not user.is_authenticated:
        return None
    registration = own_registrations(user).filter(event=event).exclude(
        status=Registration.Status.CANCELLED).first()
    if registration is not None:
        registration.event = event  # the page asks it about the event (the online link)
    return registration


def member_page_facts(user, slug: str) -> tuple[set[int], tuple[str, str] | None] | None:
    """What decides which event page of `slug` a member shares (events.views): the organisers
    of the published or cancelled event, and the status and attendance of the person's active
    registration for it under a verified address (the one `own_registration` gives), or None.
    None instead of the pair if there is no such event (a draft, a wrong address: the view
    answers those for the person)."""
    # Written as SQL, as the role queries are (network_portal.permissions.rows_of): every
    # member's event page asks it, and building the ORM's query cost 3.8 ms of CPU. The same
    # rule as `own_registrations`: the registration's address is one of the person's verified
    # ones, ignoring case; the first by the registrations' order.
    rows = rows_of(_MEMBER_PAGE_FACTS_SQL(), [user.pk, Registration.Status.CANCELLED, slug,
                                               Event.Status.DRAFT])
    if not rows:
        return None
    registration = rows[0][1]
    return ({pk for pk, _registration in rows if pk is not None},
            tuple(registration.split(" ")) if registration is not None else None)


@functools.cache
def _MEMBER_PAGE_FACTS_SQL() -> str:  # noqa: N802 - a constant, built once the models are loaded
    from allauth.account.models import EmailAddress

    quote = connection.ops.quote_name
    organisers = Event.organisers.through._meta.db_table
    order = ", ".join(f"r.{quote(Registration._meta.get_field(name).column)}"
                      for name in ("created_at", "id"))
    # "status attendance" of the first one (neither has a space): one subquery, planned once.
    # The index on UPPER(email) (registration_email_upper) finds the person's rows.
    return (f"SELECT o.{quote('organization_id')}, (SELECT r.{quote('status')} || ' ' || "
            f"r.{quote('attendance')} FROM {quote(Registration._meta.db_table)} r "
            f"WHERE r.{quote('event_id')} = e.{quote('id')} AND UPPER(r.{quote('email')}) "
            f"IN (SELECT UPPER(a.{quote('email')}) FROM {quote(EmailAddress._meta.db_table)} a "
            f"WHERE a.{quote('user_id')} = %s AND a.{quote('verified')}) "
            f"AND r.{quote('status')} <> %s ORDER BY {order} LIMIT 1) "
            f"FROM {quote(Event._meta.db_table)} e LEFT JOIN {quote(organisers)} o "
            f"ON o.{quote('event_id')} = e.{quote('id')} "
            f"WHERE e.{quote('slug')} = %s AND e.{quote('status')} <> %s")


def seated_registration(user, event: Event) -> Registration | None:
    """The person's registration with a seat (confirmed or attended), under a verified address:
    what makes them a participant "in the room" (matchmaking's room fit)."""
    if not user.is_authenticated:
        return None
    return (own_registrations(user).filter(event=event, status__in=Registration.SEATED)
            .select_related("organisation").order_by("sequence").first())


def participant_organisation_ids(event: Event):
    """The directory organisations of the event's seated participants, as a subquery of ids."""
    return (Registration.objects.filter(event=event, status__in=Registration.SEATED,
                                        organisation__isnull=False)
            .values("organisation_id"))


def my_registrations(user):
    """Registrations under the person's verified addresses (`is_own`), and those they made for
    colleagues. An address added but never confirmed finds nothing: anyone may type any."""
    return (Registration.objects
            .annotate(is_own=ExpressionWrapper(own_address(user), output_field=BooleanField()))
            .filter(Q(is_own=True) | Q(user=user))
            .select_related("event", "organisation")
            .order_by("-event__starts_at", "created_at"))


def my_portal_sections(user) -> list[dict]:
    return managers_section(user) + _registrations_section(user)


def _registrations_section(user) -> list[dict]:
    registrations = list(my_registrations(user))
    if not registrations:
        return [my_calendar_section(user)]
    now = timezone.now()
    own = [r for r in registrations if r.is_own]
    colleagues = [r for r in registrations if not r.is_own]
    return [{"template": "events/_my_registrations.html", "data": {
        "upcoming": [r for r in own if r.event.ends_at >= now],
        "past": [r for r in own if r.event.ends_at < now],
        "colleagues": colleagues,
    }}, my_calendar_section(user)]


# Calendar feeds --------------------------------------------------------------------------------

# A cancelled event stays in the feeds this long after its last change (while it has not ended),
# so that subscribed calendars see STATUS:CANCELLED instead of the entry silently vanishing.
FEED_CANCELLED_DAYS = 30

# What an entry needs (ics.add_event), nothing more.
_FEED_FIELDS = ("pk", "slug", "title_de", "title_en", "description_de", "description_en",
                "venue_name", "venue_address", "online_url", "starts_at", "ends_at", "status",
                "updated_at")


def _in_feed(queryset, now):
    recently_cancelled = Q(status=Event.Status.CANCELLED,
                           updated_at__gte=now - timedelta(days=FEED_CANCELLED_DAYS))
    return (queryset.filter(Q(status=Event.Status.PUBLISHED) | recently_cancelled)
            .filter(ends_at__gte=now).only(*_FEED_FIELDS).order_by("starts_at", "pk"))


def feed_events(*, kind: str = "", organiser=None, series=None, now=None):
    """The upcoming published events (and recently cancelled ones) of a public feed. One query;
    drafts never."""
    queryset = Event.objects.all()
    if series is not None:
        queryset = queryset.filter(series=series)
    if kind:
        queryset = queryset.filter(kind=kind)
    if organiser is not None:
        # A subquery, not a join: an event of two organisers is one entry.
        queryset = queryset.filter(pk__in=Event.organisers.through.objects.filter(
            organization_id=organiser.pk).values("event_id"))
    return _in_feed(queryset, now or timezone.now())


def personal_feed(token: str) -> CalendarFeed | None:
    """The personal feed of that exact token (unique index), with its person; None if none."""
    return CalendarFeed.objects.select_related("user").filter(
        token=token, user__is_active=True).first()


def personal_feed_events(user, *, now=None):
    """The upcoming events of the person's own active registrations (under verified addresses),
    and of those an event's cancellation cancelled (shown as cancelled). One query."""
    now = now or timezone.now()
    registrations = own_registrations(user).filter(
        Q(status__in=Registration.ACTIVE)
        | Q(status=Registration.Status.CANCELLED, event__status=Event.Status.CANCELLED))
    return _in_feed(Event.objects.filter(pk__in=registrations.values("event_id")), now)


def calendar_feed_of(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first() if user.is_authenticated else None


def my_calendar_section(user) -> dict:
    """A link to the personal feed's page: no query, My portal's query count stays as it was."""
    return {"template": "events/_my_calendar_feed.html", "data": {}}


def upcoming_for_organisation(organisation, limit: int = 10):
    """Upcoming published events the organisation organises (for its member profile)."""
    return list(upcoming_events(organiser=organisation)[:limit])


def organisation_profile_section(organisation, user) -> Section:
    """The "Upcoming events" part of an organisation's profile (members.hooks.profile_sections)."""
    return Section("events/_organisation_events.html",
                   SimpleLazyObject(lambda: upcoming_for_organisation(organisation)),
                   extra={"feed": ics.subscription(reverse("events:feed") + "?" + urlencode(
                       {"organiser": organisation.slug}))})


# Figures for funding reports (the reports app aggregates them) -----------------------------------

def _days(start: date, end: date) -> tuple[datetime, datetime]:
    """The instants from the first moment of `start` to just after `end` (portal's time zone)."""
    tz = timezone.get_current_timezone()
    after = datetime(start.year, start.month, start.day, tzinfo=tz)
    return after, datetime(end.year, end.month, end.day, tzinfo=tz) + timedelta(days=1)


def held_events(start: date, end: date, *, organiser_ids=None, now=None):
    """Published events that began from `start` to `end` (both days included) and by `now`,
    soonest first, each with `registrations_count` (not cancelled), `seated` (confirmed or
    attended), `attended` (checked in) and `cancelled`. One query. `organiser_ids` (a set)
    limits them to events one of those organisations organises; None means every organiser.

    The counts rest on the registration's status alone, which erasure and retention keep.
    """
    after, before = _days(start, end)
    events = Event.objects.published().filter(
        starts_at__gte=after, starts_at__lt=before, starts_at__lte=now or timezone.now())
    if organiser_ids is not None:
        # A subquery, not a join: an event of two of the organisers is still one row.
        events = events.filter(pk__in=Event.organisers.through.objects.filter(
            organization_id__in=organiser_ids).values("event_id"))
    status = "registrations__status"
    return events.annotate(
        registrations_count=Count("registrations",
                                  filter=Q(**{f"{status}__in": Registration.ACTIVE})),
        seated=Count("registrations", filter=Q(**{f"{status}__in": Registration.SEATED})),
        attended=Count("registrations", filter=Q(**{status: Registration.Status.ATTENDED})),
        cancelled=Count("registrations", filter=Q(**{status: Registration.Status.CANCELLED})),
    ).only("pk", "slug", "title_de", "title_en", "kind", "starts_at", "ends_at").order_by(
        "starts_at", "pk")


def attended_organisations(event_ids) -> list[tuple[int, int | None, int]]:
    """(event id, organisation id or None, people) for the checked-in registrations of the
    events: None gathers the people whose organisation is not in the directory. One query."""
    return list(Registration.objects.filter(event_id__in=event_ids,
                                            status=Registration.Status.ATTENDED)
                .values_list("event_id", "organisation_id").annotate(people=Count("pk"))
                .order_by())


def organiser_ids() -> set[int]:
    """The organisations that organise at least one event (the reports' organiser choices)."""
    return set(Event.organisers.through.objects.values_list("organization_id", flat=True))


def registration_by_check_in_code(event, code: str):
    """The registration whose personal check-in code this is (None for none, or a code that is
    not exactly one registration's): a prefix of the secret token, never an anonymised row."""
    if len(code) != Registration.CHECK_IN_CODE_LENGTH:
        return None
    found = list(event.registrations.filter(token__startswith=code, anonymised_at__isnull=True)
                 .select_related("organisation")[:2])
    return found[0] if len(found) == 1 else None


def typed_check_in_code(event, typed: str) -> str | None:
    """The check-in code staff typed or scanned (the code, or the whole link a scanner types),
    as the code of exactly one registration of the event; None when it is no one's.

    Phones capitalise the first letter of what is typed: a code that matches no one exactly is
    tried once more ignoring case, and taken if that finds exactly one person."""
    typed = typed.strip().rstrip("/")
    code = typed.rsplit("/", 1)[-1]
    if len(code) != Registration.CHECK_IN_CODE_LENGTH:
        return None
    if registration_by_check_in_code(event, code) is not None:
        return code
    found = list(event.registrations.filter(token__istartswith=code, anonymised_at__isnull=True)
                 .values_list("token", flat=True)[:2])
    return found[0][:Registration.CHECK_IN_CODE_LENGTH] if len(found) == 1 else None


PRINT_ORDERS = ("surname", "organisation")


def _sort_key(text: str) -> str:
    """German sort key without ICU: umlauts as their vowels, ß as ss, case ignored."""
    import unicodedata
    text = (text or "").casefold().replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def surname(name: str) -> str:
    """The last word of a name as typed ("Dr. Erika Mustermann" → "Mustermann")."""
    words = (name or "").split()
    return words[-1] if words else ""


def in_print_order(registrations, order: str) -> list:
    """Badges and the sign-in sheet: by surname (then first names), or by organisation (then
    surname); in Python, as the surname is the last word of one name field."""
    def by_surname(r):
        return (_sort_key(surname(r.name)), _sort_key(r.name))

    if order == "organisation":
        return sorted(registrations, key=lambda r: (not r.organisation_label,
                                                    _sort_key(r.organisation_label),
                                                    *by_surname(r)))
    return sorted(registrations, key=by_surname)
