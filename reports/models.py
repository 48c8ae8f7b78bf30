from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasedParticipation(models.Model):
    """What the figures need of a registration or application whose person deleted their
    account: which event or trip, the status, the organisation. Nothing about the person.

    Erasure deletes the rows themselves (events.privacy, delegations.privacy); without this the
    totals of a past year would drop with every deleted account. Only rows of events and trips
    that had begun are kept here: later ones are cancelled or withdrawn by the erasure anyway.
    """

    event = models.ForeignKey("events.Event", verbose_name=_("event"), on_delete=models.CASCADE,
                              null=True, blank=True, related_name="+")
    trip = models.ForeignKey("delegations.DelegationTrip", verbose_name=_("trip"),
                             on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10)
    organisation = models.ForeignKey("members.Organization", verbose_name=_("organisation"),
                                     on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    erased_at = models.DateTimeField(_("erased"), auto_now_add=True)

    class Meta:
        verbose_name = _("erased participation")
        verbose_name_plural = _("erased participations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(event__isnull=False, trip__isnull=True)
                | models.Q(event__isnull=True, trip__isnull=False),
                name="erased_participation_of_an_event_or_a_trip"),
        ]

    def __str__(self):
        return f"{self.event_id or self.trip_id}: {self.status}"
