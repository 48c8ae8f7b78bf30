import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Max, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network_portal import messages
from network_portal.i18n import Bilingual, localized_property


class CountersNotSaved(models.Model):
    """A model with counters that only events.seats writes (under the event lock).

    A full save() of an instance read before the lock (an edit form's, the admin's) leaves them
    out, so it cannot write back counts that registrations have changed meanwhile.
    """

    COUNTERS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if (not self._state.adding and kwargs.get("update_fields") is None
                and not kwargs.get("force_insert")):
            kwargs["update_fields"] = [field.name for field in self._meta.concrete_fields
                                       if not field.primary_key
                                       and field.name not in self.COUNTERS]
        super().save(*args, **kwargs)


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def visible(self):
        """What the public sees: published events and cancelled ones (shown as cancelled)."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def with_seat_counts(self):
        """The events as they are: `seats_taken` and `waitlist_length` are counters on the row
        now (kept by events.seats), so no aggregate is needed; kept for existing callers."""
        return self



class EventSeries(Bilingual, models.Model):
    """A recurring meeting (the network meeting each spring and autumn): its page lists the next
    and past meetings, its calendar feed has them all."""

    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("address in the portal"), max_length=200, unique=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # Who may edit the series and put events into it: the managers of these clusters (and the
    # economic-development staff, who manage every series).
    organisers = models.ManyToManyField(
        "members.Organization", verbose_name=_("organisers"), related_name="organised_series",
        blank=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["title_de"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:series", args=[self.slug])

    def get_feed_url(self):
        return reverse("events:series_feed", args=[self.slug])

    title = localized_property("title")

    description = localized_property("description")


class Event(Bilingual, CountersNotSaved):
    """A network meeting, dialogue, fair tour, reception, workshop or webinar."""

    class Kind(models.TextChoices):
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        DIALOGUE = "dialogue", _("Industry dialogue / conference")
        FAIR = "fair", _("Trade fair / fair tour")
        RECEPTION = "reception", _("Reception")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("address in the portal"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    organisers = models.ManyToManyField(
        "members.Organization", verbose_name=_("organisers"), related_name="organised_events",
        blank=True,
    )
    series = models.ForeignKey(EventSeries, verbose_name=_("series"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="events",
                               help_text=_("For a recurring meeting: its page and calendar feed "
                                           "list this event."))
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True,
                                 help_text=_("For webinars and hybrid events. At a hybrid event "
                                             "only confirmed online participants get it."))
    # A hybrid event: on site (`capacity`) or online (`online_capacity`), the person chooses;
    # each part has its own seats and its own waitlist. Empty: no online part to choose.
    online_capacity = models.PositiveIntegerField(
        _("online seats"), null=True, blank=True,
        help_text=_("Empty: not a hybrid event (no choice between on site and online). A "
                    "number: participants choose on site or online; online seats and their "
                    "waitlist are counted apart."))
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"), db_index=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty means unlimited seats."))
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open right away."))
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True,
        help_text=_("Empty: open until the event starts."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    public_participants = models.BooleanField(
        _("public participant overview"), default=False,
        help_text=_("Show the organisations of consenting participants on the event page."))
    details_version = models.PositiveIntegerField(
        _("version of time and place"), default=0, editable=False,
        help_text=_("Counts the changes of time, venue or online link that registrants were told of."))
    # Counters of the registrations (denormalised, so that no list joins the registrations):
    # written only by events.seats while the event row is locked, never by save() (below).
    seats_taken = models.PositiveIntegerField(
        _("seats taken"), default=0, editable=False,
        help_text=_("Confirmed and attended registrations."))
    waitlist_length = models.PositiveIntegerField(
        _("waitlist length"), default=0, editable=False)
    # The same for the online part of a hybrid event (`seats_taken` and `waitlist_length` then
    # count those on site only).
    online_seats_taken = models.PositiveIntegerField(
        _("online seats taken"), default=0, editable=False)
    online_waitlist_length = models.PositiveIntegerField(
        _("online waitlist length"), default=0, editable=False)
    # When each German and English text last changed (network_portal.i18n.note_text_changes):
    # editors are told when an English text is older than the German one.
    texts_changed = models.JSONField(_("texts changed"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    # Written by events.seats alone, under the event lock.
    COUNTERS = ("seats_taken", "waitlist_length", "online_seats_taken", "online_waitlist_length")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")),
                                   name="event_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    title = localized_property("title")

    description = localized_property("description")

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def is_over(self, now=None) -> bool:
        return self.ends_at < (now or timezone.now())

    def registration_closes(self):
        return self.registration_closes_at or self.starts_at

    def registration_closed_reason(self, now=None) -> tuple[str, str] | None:
        """Why registration is refused now, as (code, message); None while it is open."""
        now = now or timezone.now()
        if self.status == self.Status.DRAFT:
            return "draft", _("This event is not published yet.")
        if self.status == self.Status.CANCELLED:
            return "cancelled", _("This event has been cancelled.")
        if now >= self.ends_at:
            return "past", _("This event is over.")
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_open", _("Registration for this event has not opened yet.")
        if now >= self.registration_closes():
            return "closed", _("Registration for this event is closed.")
        return None

    def registration_is_open(self, now=None) -> bool:
        return self.registration_closed_reason(now) is None

    def seats_left(self, taken: int | None = None):
        """Free seats (None for unlimited), from the `seats_taken` counter."""
        if self.capacity is None:
            return None
        return max(self.capacity - (self.seats_taken if taken is None else taken), 0)

    @property
    def is_hybrid(self) -> bool:
        """Participants choose on site or online (each with its own seats and waitlist)."""
        return self.online_capacity is not None

    def online_seats_left(self):
        """Free online seats (None: not a hybrid event)."""
        if self.online_capacity is None:
            return None
        return max(self.online_capacity - self.online_seats_taken, 0)

    def capacity_for(self, attendance: str):
        """The seats of one part: on site `capacity` (None: unlimited), online
        `online_capacity`."""
        return self.online_capacity if attendance == Attendance.ONLINE else self.capacity

    def seats_taken_for(self, attendance: str) -> int:
        return self.online_seats_taken if attendance == Attendance.ONLINE else self.seats_taken

    def waitlist_length_for(self, attendance: str) -> int:
        return (self.online_waitlist_length if attendance == Attendance.ONLINE
                else self.waitlist_length)

    def is_full_for(self, attendance: str) -> bool:
        """Whether the part's seats are gone (from the counters; the services read them under
        the event lock)."""
        capacity = self.capacity_for(attendance)
        return capacity is not None and self.seats_taken_for(attendance) >= capacity

    @property
    def reference(self):
        return f"events.event:{self.pk}"

    # What registrants are told of when it changes (a new time, another place).
    DETAILS_FIELDS = ("starts_at", "ends_at", "venue_name", "venue_address", "online_url")

    def changed_fields(self, previous: "Event") -> list[str]:
        """The editable fields in which this event differs from `previous` (for its history)."""
        return [field.name for field in self._meta.concrete_fields
                if field.editable and not field.primary_key
                and getattr(self, field.attname) != getattr(previous, field.attname)]

    def changed_details(self, previous: "Event") -> list[str]:
        """The DETAILS_FIELDS in which this event differs from `previous`."""
        return [field for field in self.DETAILS_FIELDS
                if getattr(self, field) != getattr(previous, field)]


class AgendaItem(Bilingual, CountersNotSaved):
    """A talk, panel or discussion island; optionally with its own capacity."""

    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        PANEL = "panel", _("Panel discussion")
        ISLAND = "island", _("Discussion island")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="agenda_items")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TALK)
    title_de = models.CharField(_("title / topic (German)"), max_length=200)
    title_en = models.CharField(_("title / topic (English)"), max_length=200, blank=True)
    speakers = models.CharField(_("speakers / hosts"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    capacity = models.PositiveIntegerField(
        _("own capacity"), null=True, blank=True,
        help_text=_("Empty: no separate limit (the event's seats apply)."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Confirmed choices of seated registrations; kept by events.seats under the event lock.
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)

    COUNTERS = ("seats_taken",)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["event", "position", "starts_at", "pk"]

    def __str__(self):
        return self.title

    title = localized_property("title")

    description = localized_property("description")

    @property
    def is_island(self) -> bool:
        return self.kind == self.Kind.ISLAND

    @property
    def is_offered(self) -> bool:
        """Whether the registration form offers it: islands (one per slot) and items with their
        own seats. Plenary items without a capacity are the programme everyone attends."""
        return self.is_island or self.capacity is not None


class AgendaSlot:
    """One line of the day's programme: a single item, or the discussion islands that run at
    the same time (of which one chooses one)."""

    def __init__(self, items: list[AgendaItem]):
        self.items = items
        self.starts_at = items[0].starts_at
        self.ends_at = max((item.ends_at for item in items if item.ends_at), default=None)
        self.is_islands = items[0].is_island

    @property
    def key(self) -> str:
        """The slot's form field: `slot_<first island's pk>`."""
        return f"slot_{self.items[0].pk}"


def agenda_slots(items) -> list[AgendaSlot]:
    """The agenda as the day runs: by start (untimed items last, in their order), the islands
    starting together as one slot."""
    items = sorted(items, key=lambda item: (item.starts_at is None, item.starts_at or 0,
                                            item.position, item.pk))
    slots, islands = [], {}
    for item in items:
        if item.is_island:
            if item.starts_at in islands:
                islands[item.starts_at].items.append(item)
                continue
            slot = AgendaSlot([item])
            islands[item.starts_at] = slot
        else:
            slot = AgendaSlot([item])
        slots.append(slot)
    for slot in slots:  # a slot ends when its last island does
        slot.ends_at = max((item.ends_at for item in slot.items if item.ends_at), default=None)
    return slots


# The reminders: (kind, how long before the start, the Registration field that records it).
# A reminder is due from `start - before` until the next smaller reminder is due (a late 7-day
# reminder the day before would only repeat the 1-day one).
REMINDERS = [
    ("7d", timedelta(days=7), "reminded_7d_at"),
    ("1d", timedelta(days=1), "reminded_1d_at"),
]


# The version of the consent wording a person was shown, the consent box of
# events/forms.py (RegistrationForm).
# Change it whenever that wording changes; each consent records the version it was given under.
# Consents given before versions were recorded carry CONSENT_BEFORE_VERSIONING.
CONSENT_VERSION = "2026-12-01"
CONSENT_BEFORE_VERSIONING = "before-versioning"


class RegistrationStatus(models.TextChoices):
    """`Registration.Status` (at module level so that `Registration.Meta` can name it)."""

    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
    ATTENDED = "attended", _("Attended")
    # A guest (no account) whose address is not confirmed yet (double opt-in): with a seat held
    # until `hold_expires_at`, or, the event being full then, with nothing until confirmed.
    HELD = "held", _("Seat held, address not confirmed yet")
    PENDING = "pending", _("Address not confirmed yet")


class Attendance(models.TextChoices):
    """How a participant of a hybrid event takes part (`Registration.attendance`)."""

    ON_SITE = "on_site", pgettext_lazy("attendance", "On site")
    ONLINE = "online", pgettext_lazy("attendance", "Online")


class Registration(models.Model):
    """One person at one event, for an organisation (member or free text)."""

    Status = RegistrationStatus
    Attendance = Attendance

    # The statuses the rules ask about, as sets of Status members.
    # Hold one of the event's seats (a guest's held seat counts against the capacity too).
    SEATED = frozenset({Status.CONFIRMED, Status.ATTENDED, Status.HELD})
    ACTIVE = SEATED | {Status.WAITLISTED}  # registered, with a seat or waiting for one
    # Still expected at the event: told of changes and of a cancellation, may cancel.
    EXPECTED = frozenset({Status.CONFIRMED, Status.WAITLISTED, Status.HELD, Status.PENDING})
    # A guest's registration waiting for the confirmation of the address.
    UNCONFIRMED = frozenset({Status.HELD, Status.PENDING})

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.ForeignKey(
        "members.Organization", verbose_name=_("member organisation"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="event_registrations",
    )
    organisation_name = models.CharField(_("organisation (if not a member)"), max_length=200,
                                         blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    agenda_items = models.ManyToManyField(
        AgendaItem, verbose_name=_("agenda items"), through="AgendaChoice", blank=True,
        related_name="registrations",
    )
    diet = models.CharField(_("dietary requirements"), max_length=300, blank=True)
    accessibility = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    public_consent = models.BooleanField(
        _("appear on the participant list"), default=False,
        help_text=_("The organisation's name may be shown in the public participant overview."))
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True, editable=False)
    consent_version = models.CharField(_("version of the consent wording"), max_length=40,
                                       blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.CONFIRMED, db_index=True)
    # At a hybrid event: on site or online, each with its own seats and waitlist; elsewhere
    # always on site.
    attendance = models.CharField(_("attendance"), max_length=8, choices=Attendance.choices,
                                  default=Attendance.ON_SITE)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    token = models.CharField(_("secret token"), max_length=64, unique=True,
                             default=secrets.token_urlsafe, editable=False)
    # Guests (registered without an account): the double opt-in. Until the link in the first
    # e-mail (`confirm_token`, used once, then emptied) is followed, the registration is HELD or
    # PENDING and lapses at `hold_expires_at` (events.services.expire_guest_holds).
    confirm_token = models.CharField(_("confirmation token"), max_length=64, unique=True,
                                     null=True, blank=True, editable=False)
    hold_expires_at = models.DateTimeField(_("held until"), null=True, blank=True,
                                           editable=False, db_index=True)
    email_confirmed_at = models.DateTimeField(_("address confirmed"), null=True, blank=True,
                                              editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, db_index=True)
    # The waitlist order (and that of agenda seats): 1, 2, 3 ... per event, drawn while the
    # event row is locked, so it is the order in which registrations took the lock. A time
    # stamp is not: one taken before the lock (or on another host's clock) can be earlier for
    # the request that got the lock later, and two people were told the same position.
    sequence = models.PositiveIntegerField(_("order of registration"), editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    reminded_7d_at = models.DateTimeField(_("reminded 7 days before"), null=True, blank=True)
    reminded_1d_at = models.DateTimeField(_("reminded 1 day before"), null=True, blank=True)
    # Set when retention blanked the person's details (events.services.anonymise_registrations);
    # what the counts need (status, attendance, organisation, agenda choices) stays.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        # The default for lists across events; within one event the order is `sequence`.
        ordering = ["created_at", "pk"]
        # A person's registrations are found through their verified addresses, ignoring case
        # (network_portal.privacy.own_address): their event page, "My portal", their data.
        indexes = [models.Index(Upper("email"), name="registration_email_upper")]
        constraints = [
            models.UniqueConstraint(fields=["event", "sequence"],
                                    name="one_sequence_number_per_event"),
            models.UniqueConstraint(
                fields=["event", "email"], condition=~Q(status=RegistrationStatus.CANCELLED),
                name="one_active_registration_per_email",
                violation_error_message=_("This e-mail address is already registered."),
            ),
        ]

    def __str__(self):
        return f"{self.name} – {self.event}"

    def save(self, *args, **kwargs):
        if self.sequence is None:
            self.sequence = self.next_sequence(self.event_id)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:registration", args=[self.token])

    # The personal check-in code: the first characters of the secret token (no second secret
    # to keep). It opens nothing but the check-in page, whose people are staff; it does not
    # open the secret link (the rest of the token stays unknown).
    CHECK_IN_CODE_LENGTH = 8

    @property
    def check_in_code(self) -> str:
        return self.token[:self.CHECK_IN_CODE_LENGTH]

    def get_check_in_url(self):
        return reverse("events:check_in_code", args=[self.event.slug, self.check_in_code])

    @classmethod
    def next_sequence(cls, event_id) -> int:
        """The event's next sequence number. Safe only under the event lock (events.services
        holds it); the unique constraint refuses a number drawn twice without it."""
        last = cls.objects.filter(event_id=event_id).aggregate(last=Max("sequence"))["last"]
        return (last or 0) + 1

    @property
    def organisation_label(self):
        return self.organisation.name if self.organisation_id else self.organisation_name

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def is_seated(self):
        return self.status in self.SEATED

    @property
    def is_expected(self):
        return self.status in self.EXPECTED

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self):
        return self.status == self.Status.WAITLISTED

    @property
    def is_unconfirmed(self):
        return self.status in self.UNCONFIRMED

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_anonymised(self):
        return self.anonymised_at is not None

    def waitlist_position(self) -> int | None:
        if self.status != self.Status.WAITLISTED:
            return None
        # Each part of a hybrid event has its own waitlist.
        return Registration.objects.filter(
            event_id=self.event_id, status=self.Status.WAITLISTED, sequence__lt=self.sequence,
            attendance=self.attendance,
        ).count() + 1

    @property
    def is_online(self) -> bool:
        return self.attendance == Attendance.ONLINE

    # Who may see a hybrid event's online link: online participants with a confirmed seat.
    LINK_STATUSES = frozenset({Status.CONFIRMED, Status.ATTENDED})

    @property
    def gets_online_link(self) -> bool:
        """Whether this person is shown and mailed the online link: at a hybrid event only an
        online participant with a confirmed seat; elsewhere (a webinar) everyone registered."""
        if not self.event.is_hybrid:
            return True
        return self.is_online and self.status in self.LINK_STATUSES

    @property
    def gets_venue(self) -> bool:
        """Whether the venue matters to this person (not to an online participant)."""
        return not (self.is_online and self.event.is_hybrid)


class AgendaChoice(models.Model):
    """A registration's choice of an agenda item; waitlisted when the item's own seats are gone."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE,
                                     related_name="agenda_choices")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="choices")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.CONFIRMED)
    created_at = models.DateTimeField(default=timezone.now)

    # An item's waitlist follows its registrations' order (choices are made when registering).
    QUEUE_ORDER = ("registration__sequence", "pk")

    class Meta:
        verbose_name = _("agenda choice")
        verbose_name_plural = _("agenda choices")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "agenda_item"],
                                    name="one_choice_per_agenda_item"),
        ]

    def __str__(self):
        return f"{self.registration} – {self.agenda_item}"

    @property
    def is_waitlisted(self):
        return self.status == self.Status.WAITLISTED


def _feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar address for their own registrations (`/events/feed/<token>.ics`).

    Looked up by exact match on the unique token; a new token replaces the old one, deleting the
    row switches the address off (both give 404 from then on).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("person"),
                                on_delete=models.CASCADE, related_name="event_calendar_feed")
    token = models.CharField(_("secret token"), max_length=64, unique=True, default=_feed_token,
                             editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("personal calendar feed")
        verbose_name_plural = _("personal calendar feeds")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("events:personal_feed", args=[self.token])


class EventMessage(messages.Message):
    """One message an organiser wrote to some of an event's people (each gets an outbox row)."""

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed (everyone with a seat)")
        WAITLISTED = "waitlisted", _("Waitlisted")
        ATTENDED = "attended", _("Attended (checked in)")
        NOT_ATTENDED = "not_attended", _("Not attended (confirmed, not checked in)")

    # Which registration statuses each audience is.
    AUDIENCE_STATUSES = {
        Audience.CONFIRMED: {RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED},
        Audience.WAITLISTED: {RegistrationStatus.WAITLISTED},
        Audience.ATTENDED: {RegistrationStatus.ATTENDED},
        Audience.NOT_ATTENDED: {RegistrationStatus.CONFIRMED},
    }

    # At a hybrid event a message can go to one part only: `audiences` then holds, beside the
    # status groups, the part (an Attendance value), which narrows them.
    class Part(models.TextChoices):
        ON_SITE = Attendance.ON_SITE.value, _("On-site participants only")
        ONLINE = Attendance.ONLINE.value, _("Online participants only")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="messages")

    @property
    def part(self) -> str:
        """The part it went to ("on_site", "online"), or "" for both."""
        return next((a for a in self.audiences if a in self.Part.values), "")

    @property
    def part_label(self) -> str:
        return self.Part(self.part).label if self.part else ""

    class Meta(messages.Message.Meta):
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")


class Question(Bilingual, models.Model):
    """A question an event's organisers add to its registration form ("Teilnahme am Abendessen")."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        CHOICE = "choice", _("One of several")
        MULTIPLE = "multiple", _("Several of several")
        YES_NO = "yes_no", _("Yes / no")

    # The kinds answered from a list: the participant list filters by them.
    LISTED = frozenset({Kind.CHOICE, Kind.MULTIPLE, Kind.YES_NO})
    YES, NO = "yes", "no"

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="questions")
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices,
                            default=Kind.YES_NO)
    label_de = models.CharField(_("question (German)"), max_length=200)
    label_en = models.CharField(_("question (English)"), max_length=200, blank=True)
    # One option a line, the English list in the same order. Answers store the German option,
    # so renaming an option later leaves earlier answers as they were given.
    options_de = models.TextField(_("options (German)"), blank=True,
                                  help_text=_("One option per line; only for the two list kinds."))
    options_en = models.TextField(_("options (English)"), blank=True,
                                  help_text=_("The same options in the same order, one per line."))
    required = models.BooleanField(_("answer required"), default=False)
    on_badge = models.BooleanField(_("show the answer on the name badge"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["event", "position", "pk"]

    def __str__(self):
        return self.label

    label = localized_property("label")

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    @property
    def is_listed(self) -> bool:
        return self.kind in self.LISTED

    def options(self) -> list[tuple[str, str]]:
        """(stored value, label in the active language) of the answers one may give."""
        if self.kind == self.Kind.YES_NO:
            return [(self.YES, str(_("Yes"))), (self.NO, str(_("No")))]
        german = self.lines(self.options_de)
        english = self.lines(self.options_en)
        if (translation.get_language() or "de")[:2] == "en" and len(english) == len(german):
            return list(zip(german, english, strict=True))
        return [(option, option) for option in german]

    def values_of(self, stored: str) -> list[str]:
        """The stored answer as a list of values (several for MULTIPLE, one line each)."""
        return self.lines(stored) if self.kind == self.Kind.MULTIPLE else (
            [stored] if stored else [])

    def display(self, stored: str) -> str:
        """The stored answer as the active language shows it."""
        if self.kind == self.Kind.TEXT:
            return stored
        labels = dict(self.options())
        return ", ".join(labels.get(value, value) for value in self.values_of(stored))


class Answer(models.Model):
    """A registration's answer to one of the event's questions (the text, or the chosen
    option(s) in German, one a line)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE,
                                     related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["registration", "question"],
                                    name="one_answer_per_question"),
        ]

    def __str__(self):
        return f"{self.question}: {self.value}"

    @property
    def shown(self) -> str:
        """The answer as the active language shows it."""
        return self.question.display(self.value)
