import re
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PortalUserManager(UserManager):
    """Accounts are identified by e-mail; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. Logs in with e-mail and password."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text=_("Language of the e-mails the portal sends to this person."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email


def new_message_id() -> str:
    """A Message-ID under the portal's own domain (the host of PORTAL_BASE_URL)."""
    return make_msgid(domain=urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost")


class OutgoingEmail(models.Model):
    """One e-mail in the outbox: written in the transaction that causes it, sent after commit.

    `key` makes an e-mail unique (e.g. "registration:12:confirmation"): enqueueing the same key
    twice keeps the first row, so nothing is sent twice. `message_id` is made once, with the
    row: every attempt to send it carries the same Message-ID, so a receiver can drop the copy
    a crashed worker may have delivered already.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    key = models.CharField(_("key"), max_length=200, unique=True, null=True, blank=True)
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, db_index=True,
        help_text=_("What the e-mail is about, e.g. events.event:12, for the staff's outbox view."),
    )
    template = models.CharField(_("template"), max_length=100, blank=True)
    to = models.EmailField(_("recipient"))
    reply_to = models.EmailField(_("reply to"), blank=True)
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True,
                                  default=new_message_id, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(
        _("sending since"), null=True, blank=True,
        help_text=_("When a worker began the current attempt. A row still sending long after "
                    "this is tried again, with the same Message-ID."),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    # What may be sent again: one sent or failed. One still queued or sending is on its way.
    RESENDABLE = (Status.SENT, Status.FAILED)

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def may_send_again(self) -> bool:
        return self.status in self.RESENDABLE

    # The key of a secret link: a registration's, an address confirmation's, a password
    # reset's, a personal calendar feed's.
    _SECRET = re.compile(r"(/(?:registration|confirm-email|key|feed)/)([^/\s]+)")

    @property
    def body_for_staff(self) -> str:
        """The text as sent, with the keys of secret links hidden: whoever reads the outbox
        must not be able to cancel someone's registration with the link in their mail."""
        return self._SECRET.sub(r"\1•••", self.body_text)


class AuditEntry(models.Model):
    """One entry of the audit trail: who did what to which object, and when.

    Written only through `network_portal.audit.log_action`, in the transaction of the change.
    `data` explains the change (field names, codes, counts), never a person's contact details;
    when the actor's account is erased, the entry stays and loses its actor.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE,
                                     verbose_name=_("type of object"))
    object_id = models.PositiveBigIntegerField(_("object"))
    action = models.CharField(_("action"), max_length=100)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="audit_entries", verbose_name=_("by"))
    actor_erased = models.BooleanField(
        _("actor erased"), default=False,
        help_text=_("The person who acted deleted their account; the entry keeps what happened."),
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"],
                                name="audit_object_idx")]

    def __str__(self):
        return f"{self.action} {self.content_type_id}:{self.object_id}"


class ExportPreset(models.Model):
    """A saved choice of an export's columns, in their order ("Namensschilder", "Catering").

    Either one person's (`owner`) or shared with an organiser (`organiser`, an organisation of
    the directory: everyone who may export that organiser's lists is offered it). `kind` names
    the export (network_portal.export_columns.KINDS); `columns` are its column keys in order.
    """

    kind = models.CharField(_("export"), max_length=60)
    name = models.CharField(_("name"), max_length=80)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                              blank=True, related_name="export_presets",
                              verbose_name=_("for the person"))
    # By name, not by import: the library knows no app's code (README "Layout").
    organiser = models.ForeignKey("members.Organization", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="export_presets",
                                  verbose_name=_("for the organiser"))
    columns = models.JSONField(_("columns"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("saved by"))
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("saved column choice")
        verbose_name_plural = _("saved column choices")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(owner__isnull=False, organiser__isnull=True)
                           | models.Q(owner__isnull=True, organiser__isnull=False)),
                name="export_preset_one_owner"),
            models.UniqueConstraint(fields=["kind", "owner", "name"],
                                    condition=models.Q(owner__isnull=False),
                                    name="export_preset_unique_personal"),
            models.UniqueConstraint(fields=["kind", "organiser", "name"],
                                    condition=models.Q(organiser__isnull=False),
                                    name="export_preset_unique_shared"),
        ]

    def __str__(self):
        return self.name
