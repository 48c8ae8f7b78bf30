from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    """Partners along the value chain: offers and needs, suggestions, brokered introductions."""

    name = "matchmaking"
    verbose_name = _("Matchmaking")

    def ready(self):
        from matchmaking.actions import LABELS
        from network_portal import audit

        audit.register_actions(LABELS)
