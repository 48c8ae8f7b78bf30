"""The matchmaking app's audit actions (registered in MatchmakingConfig.ready()).

Offers and needs are logged on the organisation (its curators read them in the profile's
history); introductions on the introduction itself. `data` holds codes and ids, never a
person's message or address.
"""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "matchmaking.interests.saved": _("Offers and needs changed"),
    "matchmaking.complement.changed": _("Complementarity of stages changed in the admin"),
    "matchmaking.introduction.requested": _("Introduction requested"),
    "matchmaking.introduction.accepted": _("Introduction accepted"),
    "matchmaking.introduction.declined": _("Introduction declined"),
}

LABELS.update({
    "matchmaking.meetings.saved": _("B2B meetings set up or changed"),
    "matchmaking.meetings.opted_in": _("Signed up for the B2B meetings"),
    "matchmaking.meeting.requested": _("B2B meeting requested"),
    "matchmaking.meeting.booked": _("B2B meeting booked"),
    "matchmaking.meeting.accepted": _("B2B meeting accepted"),
    "matchmaking.meeting.declined": _("B2B meeting declined"),
    "matchmaking.meeting.moved": _("B2B meeting moved by the organisers"),
    "matchmaking.meeting.cancelled": _("B2B meeting cancelled by the organisers"),
    "matchmaking.meetings.refined": _("Offers and needs for the B2B meetings changed"),
    "matchmaking.meeting.withdrawn": _("B2B meeting cancelled by one of its two people"),
})
