from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkPortalConfig(AppConfig):
    name = "network_portal"
    verbose_name = _("Portal")

    def ready(self):
        from network_portal import audit, mail

        audit.register_actions({
            mail.PURGED: _("deleted old e-mails from the outbox (retention period over)"),
        })
