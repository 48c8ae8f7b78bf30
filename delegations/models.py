from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organization, Region, Topic, ValueChainStage
from network_portal import messages
from network_portal.i18n import Bilingual, localized_property


class DelegationTripQuerySet(models.QuerySet):
    def visible(self):
        """Trips the public may see: everything but drafts."""
        return self.exclude(status=DelegationTrip.Status.DRAFT)

    def open_for_applications(self, now=None):
        now = now or timezone.now()
        return self.filter(status=DelegationTrip.Status.OPEN, application_deadline__gte=now)


class DelegationTrip(Bilingual, models.Model):
    """A business trip abroad (outbound) or a foreign delegation visiting us (inbound)."""

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", _("Outbound (our companies travel abroad)")
        INBOUND = "inbound", _("Inbound (a foreign delegation visits us)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        CLOSED = "closed", _("Applications closed")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("address in the portal"), max_length=200, unique=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices,
                                 default=Direction.OUTBOUND)
    origin_region = models.ForeignKey(
        Region, verbose_name=_("origin region"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="trips_from",
    )
    origin_city = models.CharField(_("origin city"), max_length=100, blank=True,
                                   help_text=_("Where the delegation sets off, e.g. Dresden."))
    destination_region = models.ForeignKey(
        Region, verbose_name=_("destination region"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="trips_to",
    )
    destination_city = models.CharField(_("destination city"), max_length=100, blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    organisers = models.ManyToManyField(
        Organization, verbose_name=_("organisers"), related_name="organised_trips",
        help_text=_("Cluster managers of organising clusters manage the trip and its applications."),
    )
    partners = models.ManyToManyField(
        Organization, verbose_name=_("partner organisations"), blank=True,
        related_name="partner_trips",
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True,
                                    related_name="trips")
    seats = models.PositiveIntegerField(_("seats"))
    application_deadline = models.DateTimeField(_("application deadline"))
    fee = models.DecimalField(_("participation fee (EUR)"), max_digits=8, decimal_places=2,
                              null=True, blank=True)
    fee_covers_de = models.CharField(_("the fee covers (German)"), max_length=300, blank=True)
    fee_covers_en = models.CharField(_("the fee covers (English)"), max_length=300, blank=True)
    meeting_point_de = models.CharField(_("meeting point (German)"), max_length=300, blank=True)
    meeting_point_en = models.CharField(_("meeting point (English)"), max_length=300, blank=True)
    transport_de = models.CharField(_("transport (German)"), max_length=300, blank=True)
    transport_en = models.CharField(_("transport (English)"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    public_overview = models.BooleanField(
        _("public participant overview"), default=False,
        help_text=_("Show the accepted, consenting organisations to everyone."),
    )
    # The person the brochure names for follow-up questions after the trip, as the organisers
    # choose (often a cluster manager); printed in the brochure, which is public with the overview.
    follow_up_name = models.CharField(
        _("contact for follow-up"), max_length=200, blank=True,
        help_text=_("Named in the brochure for questions after the trip. Ask the person first: "
                    "the brochure is public when the participant overview is."))
    follow_up_role = models.CharField(_("their role and organisation"), max_length=200,
                                      blank=True)
    follow_up_email = models.EmailField(_("their e-mail address"), blank=True)
    follow_up_phone = models.CharField(_("their phone number"), max_length=50, blank=True)
    programme_version = models.PositiveIntegerField(
        _("version of the programme"), default=0, editable=False,
        help_text=_("Counts the changes of dates, meeting point, transport or itinerary."))
    # When each German and English text last changed (network_portal.i18n.note_text_changes):
    # editors are told when an English text is older than the German one.
    texts_changed = models.JSONField(_("texts changed"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DelegationTripQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation trip")
        verbose_name_plural = _("delegation trips")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="trip_ends_after_it_starts"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("delegations:detail", args=[self.slug])

    @property
    def reference(self) -> str:
        """What the trip's e-mails are about (OutgoingEmail.reference), for its outbox page."""
        return f"delegations.trip:{self.pk}"

    title = localized_property("title")
    description = localized_property("description")
    fee_covers = localized_property("fee_covers")
    meeting_point = localized_property("meeting_point")
    transport = localized_property("transport")

    # Under way: neither a draft nor completed nor cancelled. Its participants are reminded
    # before departure and told when the programme changes.
    RUNNING = (Status.OPEN, Status.CLOSED)

    # What accepted participants are told of when it changes (with the itinerary).
    PROGRAMME_FIELDS = ("start_date", "end_date", "meeting_point_de", "meeting_point_en",
                        "transport_de", "transport_en")

    def accepts_applications(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.OPEN and now <= self.application_deadline

    @property
    def origin(self) -> str:
        """"Sachsen (Dresden)", or whichever of region and city is known."""
        region, city = str(self.origin_region or ""), self.origin_city
        if region and city:
            return f"{region} ({city})"
        return region or city

    @property
    def destination(self) -> str:
        """The city the trip goes to, else its region."""
        return self.destination_city or str(self.destination_region or "")

    @property
    def route(self) -> str:
        """"Sachsen (Dresden) → Lyon"; one side alone when only that one is known."""
        if self.origin and self.destination:
            return f"{self.origin} → {self.destination}"
        return self.destination or self.origin

    @property
    def display_status(self):
        """The status as visitors see it: an open trip past its deadline is closed for them."""
        if self.status == self.Status.OPEN and not self.accepts_applications():
            return self.Status.CLOSED.label
        return self.get_status_display()

    def seats_left(self, accepted: int) -> int:
        """The free seats when `accepted` applicants are accepted (never below zero)."""
        return max(self.seats - accepted, 0)

    @property
    def is_open(self) -> bool:
        """Open for applications by its status (the deadline may still have passed)."""
        return self.status == self.Status.OPEN

    @property
    def is_cancellable(self) -> bool:
        """Not yet cancelled, and not over: a completed trip stays in the archive as it was."""
        return self.status in (self.Status.DRAFT, self.Status.OPEN, self.Status.CLOSED)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.end_date < timezone.localdate()

    @property
    def has_started(self) -> bool:
        return self.status == self.Status.COMPLETED or self.start_date <= timezone.localdate()

    @property
    def is_over(self) -> bool:
        """Completed, or its last day has passed: decisions no longer make sense."""
        return self.status == self.Status.COMPLETED or self.is_past


class ItineraryStop(Bilingual, models.Model):
    """One item of a trip's programme: a site visit, a fair tour, a dinner, the journey home."""

    class Kind(models.TextChoices):
        SITE_VISIT = "site_visit", _("Site visit")
        PRESENTATIONS = "presentations", _("Company presentations")
        FAIR_TOUR = "fair_tour", _("Fair tour")
        EXCHANGE = "exchange", _("Exchange")
        DINNER = "dinner", _("Networking dinner")
        TRAVEL = "travel", _("Travel")

    trip = models.ForeignKey(DelegationTrip, verbose_name=_("trip"), on_delete=models.CASCADE,
                             related_name="stops")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices,
                            default=Kind.SITE_VISIT)
    host = models.ForeignKey(
        Organization, verbose_name=_("host organisation"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="hosted_stops",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        verbose_name = _("itinerary stop")
        verbose_name_plural = _("itinerary stops")
        ordering = ["date", models.F("start_time").asc(nulls_first=True), "pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    title = localized_property("title")
    description = localized_property("description")


# The version of the consent wording a person was shown, the consent box of
# delegations/forms.py (ApplicationForm).
# Change it whenever that wording changes; each consent records the version it was given under.
# Consents given before versions were recorded carry CONSENT_BEFORE_VERSIONING.
CONSENT_VERSION = "2026-12-01"
CONSENT_BEFORE_VERSIONING = "before-versioning"


class Application(models.Model):
    """A person applying to join a trip for their organisation, with cooperation interests."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Still in the running: told when the trip is cancelled, may withdraw.
    ACTIVE = (Status.SUBMITTED, Status.ACCEPTED, Status.WAITLISTED)

    trip = models.ForeignKey(DelegationTrip, verbose_name=_("trip"), on_delete=models.CASCADE,
                             related_name="applications")
    # Empty only once the application is anonymised (retention); until then it is the applicant.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"),
                             on_delete=models.CASCADE, null=True, blank=True,
                             related_name="delegation_applications")
    organisation = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="delegation_applications",
    )
    organisation_name = models.CharField(
        _("organisation (if not in the directory)"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    stages_sought = models.ManyToManyField(
        ValueChainStage, verbose_name=_("partners sought in"), blank=True,
        related_name="applications_seeking",
    )
    stages_offered = models.ManyToManyField(
        ValueChainStage, verbose_name=_("competences offered in"), blank=True,
        related_name="applications_offering",
    )
    interests = models.TextField(_("cooperation interests"), blank=True)
    public_consent = models.BooleanField(_("consent to the participant overview"), default=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True, editable=False)
    consent_version = models.CharField(_("version of the consent wording"), max_length=40,
                                       blank=True, editable=False)
    travel_needs = models.TextField(_("travel needs"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.SUBMITTED, db_index=True)
    decision_message = models.TextField(_("message with the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    next_in_line_since = models.DateTimeField(
        _("to be accepted next since"), null=True, blank=True,
        help_text=_("A seat became free and this waitlisted applicant is first in line."),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    # Set when retention blanked the person's details (delegations.services.anonymise_applications);
    # status, organisation, value-chain stages and the time stamps stay for the counts.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "user"], name="one_application_per_person_and_trip"),
        ]

    def __str__(self):
        return f"{self.person_name} – {self.trip}"

    @property
    def organisation_display(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name

    @property
    def person_name(self) -> str:
        if self.user_id is None:
            return str(_("(anonymised)"))
        return self.user.get_full_name() or self.user.email

    @property
    def email(self) -> str:
        """The applicant's address ("" once anonymised)."""
        return self.user.email if self.user_id else ""

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED

    @property
    def is_declined(self) -> bool:
        return self.status == self.Status.DECLINED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def is_next_in_line(self) -> bool:
        """On the waiting list and proposed to the organisers for a seat that became free."""
        return self.is_waitlisted and self.next_in_line_since is not None

    @property
    def is_withdrawable(self) -> bool:
        """Still in the running, and the trip neither cancelled nor begun (uses self.trip)."""
        return self.is_active and not self.trip.is_cancelled and not self.trip.has_started


class TripMessage(messages.Message):
    """One message an organiser wrote to a trip's accepted or waitlisted applicants (each gets
    an outbox row; network_portal.messages does the sending)."""

    class Audience(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Waitlisted")

    trip = models.ForeignKey(DelegationTrip, verbose_name=_("trip"), on_delete=models.CASCADE,
                             related_name="messages")

    class Meta(messages.Message.Meta):
        verbose_name = _("message to applicants")
        verbose_name_plural = _("messages to applicants")
