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
