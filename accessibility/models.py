from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# German law gives public bodies one month to answer feedback on accessibility; 30 days keeps on
# the safe side of every calendar month. Staff are warned a week before.
ANSWER_WITHIN = timedelta(days=30)
DUE_SOON_AFTER = timedelta(days=21)


class BarrierReport(models.Model):
    """A barrier someone reported through the feedback form of the accessibility statement.

    Personal data: name and e-mail are optional; the account (if the person was logged in) and
    the e-mail let the person's data download and erasure find the report.
    """

    description = models.TextField(_("description"), max_length=5000)
    page = models.CharField(_("page"), max_length=500, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="barrier_reports")
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answer_note = models.TextField(_("how it was answered"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("barrier report")
        verbose_name_plural = _("barrier reports")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["answered_at", "created_at"])]

    def __str__(self):
        return f"#{self.pk} {self.created_at:%Y-%m-%d}"

    @property
    def reference(self) -> str:
        """What outbox rows about this report carry."""
        return f"accessibility.report:{self.pk}"

    @property
    def answer_due(self):
        return self.created_at + ANSWER_WITHIN

    @property
    def age_days(self) -> int:
        return (timezone.now() - self.created_at).days

    @property
    def is_overdue(self) -> bool:
        return self.answered_at is None and timezone.now() > self.answer_due

    @property
    def is_due_soon(self) -> bool:
        return (self.answered_at is None and not self.is_overdue
                and timezone.now() > self.created_at + DUE_SOON_AFTER)
