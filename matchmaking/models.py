from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Organization, Topic, ValueChainStage
from network_portal.i18n import Bilingual, localized_property

TEXT_MAX = 500


class Interest(models.Model):
    """What an organisation offers, or what it seeks: stages, topics and a short text.

    One row per organisation and direction; the suggestions compare one organisation's offers
    with the other's needs (and the other way round)."""

    class Direction(models.TextChoices):
        OFFER = "offer", _("Offers")
        SEEK = "seek", _("Seeks")

    organization = models.ForeignKey(Organization, verbose_name=_("organisation"),
                                     on_delete=models.CASCADE, related_name="interests")
    direction = models.CharField(_("direction"), max_length=5, choices=Direction.choices)
    stages = models.ManyToManyField(ValueChainStage, verbose_name=_("value-chain stages"),
                                    blank=True, related_name="+")
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")
    text = models.CharField(_("in a few words"), max_length=TEXT_MAX, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")
        constraints = [models.UniqueConstraint(fields=["organization", "direction"],
                                               name="matchmaking_one_interest_per_direction")]

    def __str__(self):
        return f"{self.organization} – {self.get_direction_display()}"


class StageComplement(Bilingual, models.Model):
    """Along the chain: an organisation offering `offered` fits one working in `meets`.

    "A cell maker needs active materials": offered = active materials, meets = cell
    manufacturing. Curators adjust the table in the admin; the suggestions read it."""

    offered = models.ForeignKey(ValueChainStage, verbose_name=_("stage offered"),
                                on_delete=models.CASCADE, related_name="+")
    meets = models.ForeignKey(
        ValueChainStage, verbose_name=_("meets the stage of"), on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The value-chain stage of the organisation that needs what is offered."))
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=2,
        help_text=_("How much the fit counts in the ranking (an explicit need counts 3)."))
    reason_de = models.CharField(_("reason (German)"), max_length=200)
    reason_en = models.CharField(_("reason (English)"), max_length=200)

    class Meta:
        verbose_name = _("complementarity of stages")
        verbose_name_plural = _("complementarity of stages")
        ordering = ["offered__position", "meets__position"]
        constraints = [
            models.UniqueConstraint(fields=["offered", "meets"], name="matchmaking_complement_once"),
            models.CheckConstraint(condition=Q(weight__gte=1) & Q(weight__lte=5),
                                   name="matchmaking_complement_weight_1_to_5"),
        ]

    def __str__(self):
        return f"{self.offered} → {self.meets}"

    reason = localized_property("reason")


class Introduction(models.Model):
    """A member asks to be introduced to an organisation; its people accept or decline.

    Nobody's address is shown before the acceptance; then both get each other's by e-mail."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    organization = models.ForeignKey(Organization, verbose_name=_("asked organisation"),
                                     on_delete=models.CASCADE, related_name="introductions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked by"),
                                     on_delete=models.CASCADE, related_name="introductions")
    on_behalf_of = models.ForeignKey(
        Organization, verbose_name=_("on behalf of"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="introductions_asked")
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.REQUESTED, db_index=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.requested_by} → {self.organization}"

    def get_absolute_url(self):
        return reverse("matchmaking:introduction", args=[self.pk])


# B2B meetings at events and trips ----------------------------------------------------------------

class MeetingSetup(models.Model):
    """B2B meetings switched on for one event, one trip or one stop of a trip.

    The organisers set the meeting blocks (time windows), the slot length, the number of tables,
    whether a request waits for the invitee's acceptance and how long it stays open."""

    class SlotLength(models.IntegerChoices):
        MIN_15 = 15, _("15 minutes")
        MIN_20 = 20, _("20 minutes")
        MIN_30 = 30, _("30 minutes")

    event = models.ForeignKey("events.Event", verbose_name=_("event"), on_delete=models.CASCADE,
                              null=True, blank=True, related_name="+")
    trip = models.ForeignKey("delegations.DelegationTrip", verbose_name=_("trip"),
                             on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    stop = models.ForeignKey("delegations.ItineraryStop", verbose_name=_("stop of the trip"),
                             on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    slot_minutes = models.PositiveSmallIntegerField(_("slot length"), choices=SlotLength.choices,
                                                    default=SlotLength.MIN_20)
    tables = models.PositiveSmallIntegerField(_("number of tables"), default=10)
    needs_acceptance = models.BooleanField(
        _("requests need the invitee's acceptance"), default=True,
        help_text=_("Otherwise a request is booked at once, in the slot the requester chooses."))
    expiry_hours = models.PositiveSmallIntegerField(
        _("requests expire after (hours)"), default=48,
        help_text=_("An unanswered request expires after this time, or at the last slot."))
    is_open = models.BooleanField(_("open for requests"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("B2B meetings")
        verbose_name_plural = _("B2B meetings")
        constraints = [
            models.CheckConstraint(
                condition=(Q(event__isnull=False, trip__isnull=True, stop__isnull=True)
                           | Q(event__isnull=True, trip__isnull=False)),
                name="matchmaking_meetings_event_or_trip"),
            models.UniqueConstraint(fields=["event"], condition=Q(event__isnull=False),
                                    name="matchmaking_meetings_once_per_event"),
            models.UniqueConstraint(fields=["trip"], condition=Q(trip__isnull=False,
                                                                 stop__isnull=True),
                                    name="matchmaking_meetings_once_per_trip"),
            models.UniqueConstraint(fields=["stop"], condition=Q(stop__isnull=False),
                                    name="matchmaking_meetings_once_per_stop"),
            models.CheckConstraint(condition=Q(slot_minutes__in=[15, 20, 30]),
                                   name="matchmaking_meetings_slot_length"),
            models.CheckConstraint(condition=Q(tables__gte=1) & Q(tables__lte=200),
                                   name="matchmaking_meetings_tables_1_to_200"),
            models.CheckConstraint(condition=Q(expiry_hours__gte=1),
                                   name="matchmaking_meetings_expiry_at_least_an_hour"),
        ]

    def __str__(self):
        return str(self.title)

    def get_absolute_url(self):
        return reverse("matchmaking:meetings", args=[self.pk])

    @property
    def title(self) -> str:
        if self.event_id:
            return self.event.title
        if self.stop_id:
            return f"{self.trip.title} – {self.stop.title}"
        return self.trip.title

    @property
    def reference(self) -> str:
        return f"matchmaking.meetings:{self.pk}"


class MeetingBlock(models.Model):
    """A time window in which meetings take place; cut into slots of the setup's length."""

    setup = models.ForeignKey(MeetingSetup, verbose_name=_("B2B meetings"),
                              on_delete=models.CASCADE, related_name="blocks")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # Set by the periodic task when the reminders before this block were queued (claimed once).
    reminded_at = models.DateTimeField(_("reminders sent"), null=True, blank=True,
                                       editable=False)

    class Meta:
        verbose_name = _("meeting block")
        verbose_name_plural = _("meeting blocks")
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="matchmaking_block_ends_after_start")]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class MeetingSlot(models.Model):
    """One slot of a block: the unit a meeting books, with one of the setup's tables."""

    setup = models.ForeignKey(MeetingSetup, on_delete=models.CASCADE, related_name="slots")
    block = models.ForeignKey(MeetingBlock, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["setup", "starts_at"],
                                               name="matchmaking_slot_once")]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class MeetingParticipant(models.Model):
    """A confirmed registrant or accepted applicant who opted in to B2B meetings."""

    setup = models.ForeignKey(MeetingSetup, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"),
                             on_delete=models.CASCADE, related_name="meeting_participations")
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"),
                                     on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    about = models.CharField(_("what I would like to talk about"), max_length=300, blank=True)
    # The offers and needs for this event or trip, refined from the organisation's profile
    # (which they never change). Without `refined`, the profile's offers and needs count.
    refined = models.BooleanField(_("own offers and needs for these meetings"), default=False)
    offer_stages = models.ManyToManyField(ValueChainStage, verbose_name=_("stages offered"),
                                          blank=True, related_name="+")
    offer_topics = models.ManyToManyField(Topic, verbose_name=_("topics offered"), blank=True,
                                          related_name="+")
    seek_stages = models.ManyToManyField(ValueChainStage, verbose_name=_("stages sought"),
                                         blank=True, related_name="+")
    seek_topics = models.ManyToManyField(Topic, verbose_name=_("topics sought"), blank=True,
                                         related_name="+")
    created_at = models.DateTimeField(_("opted in"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["setup", "user"],
                                               name="matchmaking_participant_once")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.user.get_full_name() or _("A participant")

    @property
    def organisation_label(self) -> str:
        return self.organization.name if self.organization_id else self.organisation_name


class Meeting(models.Model):
    """One person asks another for a meeting; accepted, it holds a slot and a table."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    setup = models.ForeignKey(MeetingSetup, on_delete=models.CASCADE, related_name="meetings")
    requester = models.ForeignKey(MeetingParticipant, verbose_name=_("asked by"),
                                  on_delete=models.CASCADE, related_name="meetings_requested")
    invitee = models.ForeignKey(MeetingParticipant, verbose_name=_("asked"),
                                on_delete=models.CASCADE, related_name="meetings_invited")
    message = models.TextField(_("message"), max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.REQUESTED, db_index=True)
    slot = models.ForeignKey(MeetingSlot, verbose_name=_("slot"), on_delete=models.CASCADE,
                             null=True, blank=True, related_name="meetings")
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)  # grows with each change

    class Meta:
        verbose_name = _("B2B meeting")
        verbose_name_plural = _("B2B meetings")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A table is never given twice in one slot.
            models.UniqueConstraint(fields=["slot", "table"], condition=Q(status="accepted"),
                                    name="matchmaking_meeting_table_once_per_slot"),
            models.CheckConstraint(condition=~Q(requester=models.F("invitee")),
                                   name="matchmaking_meeting_not_with_oneself"),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(slot__isnull=False, table__isnull=False),
                name="matchmaking_meeting_accepted_has_slot_and_table"),
            models.UniqueConstraint(fields=["requester", "invitee"],
                                    condition=Q(status="requested"),
                                    name="matchmaking_meeting_one_open_request"),
        ]

    def __str__(self):
        return f"{self.requester} → {self.invitee}"

    def get_absolute_url(self):
        return reverse("matchmaking:meeting", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"matchmaking.meeting:{self.pk}"


class MeetingSeat(models.Model):
    """One person's place in a meeting's slot: what makes "never two meetings in one slot" a
    database rule (a meeting has two people; a unique index spans one column per row)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    participant = models.ForeignKey(MeetingParticipant, on_delete=models.CASCADE,
                                    related_name="seats")
    slot = models.ForeignKey(MeetingSlot, on_delete=models.CASCADE, related_name="seats")
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slot", "participant"], condition=Q(active=True),
                                    name="matchmaking_person_once_per_slot"),
            models.UniqueConstraint(fields=["meeting", "participant"],
                                    name="matchmaking_seat_once_per_meeting"),
        ]

    def __str__(self):
        return f"{self.participant} @ {self.slot}"
