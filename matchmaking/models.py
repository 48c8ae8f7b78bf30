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
