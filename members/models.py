import hashlib
import json

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from network_portal.collation import GERMAN
from network_portal.i18n import Bilingual, localized_property


class Region(Bilingual, models.Model):
    """A region members and trips come from or go to (Sachsen, Wallonie, ...)."""

    slug = models.SlugField(_("code"), unique=True)
    name_de = models.CharField(_("name (German)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    country = models.CharField(_("country code"), max_length=2, help_text=_("ISO 3166, e.g. DE"))

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country", "name_de"]

    def __str__(self):
        return self.localized("name")

    name = localized_property("name")


class ValueChainStage(Bilingual, models.Model):
    """A stage of the battery life cycle; a fixed, ordered vocabulary loaded by migration."""

    code = models.SlugField(_("code"), unique=True)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    name_de = models.CharField(_("name (German)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    cross_cutting = models.BooleanField(
        _("cross-cutting"), default=False,
        help_text=_("Not a step of the chain but a competence along all of it (R&D, training)."),
    )

    class Meta:
        verbose_name = _("value-chain stage")
        verbose_name_plural = _("value-chain stages")
        ordering = ["position"]

    def __str__(self):
        return self.localized("name")

    name = localized_property("name")


class Topic(Bilingual, models.Model):
    """A cross-cutting theme: hydrogen, smart grids, charging infrastructure, ..."""

    code = models.SlugField(_("code"), unique=True)
    name_de = models.CharField(_("name (German)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name_de"]

    def __str__(self):
        return self.localized("name")

    name = localized_property("name")


# The fields a representative edits; stages, topics, status and memberships are for curators.
# Tuples: Django's inline formsets append their foreign key to a form's Meta.fields list in place.
PROFILE_FIELDS = ("description_de", "description_en", "website", "email", "phone", "street",
                  "postcode", "city", "region", "size", "keywords")


class OrganizationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Organization.Status.PUBLISHED)

    def clusters(self):
        return self.filter(kind=Organization.Kind.CLUSTER)


class Organization(Bilingual, models.Model):
    """A company, institute, cluster, agency or chamber of the network."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        RESEARCH = "research", _("Research institute")
        UNIVERSITY = "university", _("University")
        CLUSTER = "cluster", _("Cluster / network")
        PUBLIC = "public", _("Public body / economic development")
        CHAMBER = "chamber", _("Chamber / association")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Size(models.TextChoices):
        MICRO = "micro", _("1–9 employees")
        SMALL = "small", _("10–49 employees")
        MEDIUM = "medium", _("50–249 employees")
        LARGE = "large", _("250 employees or more")

    name = models.CharField(_("name"), max_length=200, db_collation=GERMAN)
    slug = models.SlugField(_("address in the portal"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="organizations",
    )
    size = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    stages = models.ManyToManyField(
        ValueChainStage, verbose_name=_("value-chain stages"), blank=True,
        related_name="organizations",
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="organizations"
    )
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    status = models.CharField(
        _("publication status"), max_length=10, choices=Status.choices, default=Status.DRAFT,
        db_index=True,
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("cluster managers"), blank=True,
        related_name="managed_clusters",
        help_text=_("People who curate this cluster's members, events and trips."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # When each German and English text last changed (network_portal.i18n.note_text_changes):
    # editors are told when an English text is older than the German one.
    texts_changed = models.JSONField(_("texts changed"), default=dict, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            # The directory's page: the published rows in name order, read from the index; with
            # the id included a deep page (OFFSET 7,500) walks index entries only and fetches
            # its 25 rows (network_portal.pagination), instead of sorting every wide row.
            models.Index(fields=["status", "name"], include=["id"],
                         name="members_org_status_name"),
            # The region filter, so a search in one region ranks only that region's rows.
            models.Index(fields=["region", "status"], name="members_org_region_status"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:detail", args=[self.slug])

    description = localized_property("description")

    @property
    def is_cluster(self):
        return self.kind == self.Kind.CLUSTER

    @property
    def is_public(self) -> bool:
        """Whether everyone may see the profile (and so whether pages link to it)."""
        return self.status == self.Status.PUBLISHED

    @property
    def is_draft(self) -> bool:
        """A draft is what its representatives submit for review."""
        return self.status == self.Status.DRAFT

    def stored_value(self, field: str) -> str:
        """A profile field as a change request keeps it: text; the region as its code."""
        if field == "region":
            return self.region.slug if self.region_id else ""
        return getattr(self, field) or ""


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)


class Membership(models.Model):
    """An organisation's membership in a cluster or network (itself an Organization).

    Only an active membership counts: it makes the cluster's managers curators of the
    organisation. A membership that would hand an organisation to new curators while others
    already hold rights over it (its representatives, its other clusters' managers) waits as
    pending until one of them consents (members.services.decide_membership).
    """

    class Role(models.TextChoices):
        INITIATOR = "initiator", _("Initiator")
        MEMBER = "member", _("Member")
        PARTNER = "partner", _("Partner")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for consent")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="memberships",
    )
    cluster = models.ForeignKey(
        Organization, verbose_name=_("cluster / network"), on_delete=models.CASCADE,
        related_name="cluster_memberships", limit_choices_to={"kind": Organization.Kind.CLUSTER},
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    # Pending by default: a membership created without the service grants nothing.
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["cluster__name", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "cluster"],
                                    name="unique_membership_per_cluster"),
        ]

    def __str__(self):
        return f"{self.organization} – {self.cluster}"


class Representative(models.Model):
    """A person who speaks for an organisation in the portal, once a cluster manager confirmed it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="representations",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="representatives",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.REQUESTED, db_index=True)
    message = models.TextField(_("message"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"],
                                    name="unique_representative_per_organisation"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organization}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def profile_visible(self) -> bool:
        """Whether the person can open the organisation's profile: it is public, or they
        represent it (and so may edit it)."""
        return self.is_confirmed or self.organization.is_public


# The version of the consent wording a person was shown, the consent box of
# ContactPerson.public_consent (label and help text).
# Change it whenever that wording changes; each consent records the version it was given under.
# Consents given before versions were recorded carry CONSENT_BEFORE_VERSIONING.
CONSENT_VERSION = "2026-12-01"
CONSENT_BEFORE_VERSIONING = "before-versioning"


class ContactPerson(models.Model):
    """Someone to talk to at an organisation; shown publicly only with their consent."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    public_consent = models.BooleanField(
        _("may be shown publicly"), default=False,
        help_text=_("The person agreed to appear on the public profile."),
    )
    # Recorded when the box is ticked (by the representatives, on the person's word, or by the
    # person); no time is known for consents recorded before versioning.
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True, editable=False)
    consent_version = models.CharField(_("version of the consent wording"), max_length=40,
                                       blank=True, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ProfileChangeRequest(models.Model):
    """Changes a representative proposes to a published profile, until a cluster manager decides.

    `proposed` holds only the fields that differ, as JSON ({field: new value}); foreign keys as
    their slug, so the request still reads well if the profile changed meanwhile.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="change_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL,
        null=True, related_name="+",
    )
    proposed = models.JSONField(_("proposed values"), default=dict)
    # A new logo waits here (validated and resized) until approval moves it to the profile;
    # a rejection deletes the file. Never served publicly: only reviewers and the requester see it.
    proposed_logo = models.ImageField(_("proposed logo"), upload_to="logos/proposed/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("profile change request")
        verbose_name_plural = _("profile change requests")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.organization} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    def fingerprint(self) -> str:
        """Identifies the proposal's content, so a decision applies to what the reviewer saw."""
        content = json.dumps([self.proposed, self.proposed_logo.name or ""], sort_keys=True)
        return hashlib.sha256(content.encode()).hexdigest()[:16]

    @property
    def field_count(self) -> int:
        """How many fields the request changes (the logo counts as one)."""
        return len(self.proposed) + bool(self.proposed_logo)


class ProfileChange(models.Model):
    """One changed field of a profile: who, when, old and new value. Written by the services."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="history",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    field = models.CharField(_("field"), max_length=50)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    change_request = models.ForeignKey(
        ProfileChangeRequest, verbose_name=_("change request"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="changes",
    )

    class Meta:
        verbose_name = _("profile change")
        verbose_name_plural = _("profile changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.organization}: {self.field}"

    @property
    def field_label(self):
        if self.field == "representatives":
            return _("representatives")
        if self.field == "memberships":
            return _("cluster memberships")
        if self.field == "contacts":
            return _("contact persons")
        try:
            return Organization._meta.get_field(self.field).verbose_name
        except (FieldDoesNotExist, AttributeError):
            return self.field
