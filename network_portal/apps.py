from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkPortalConfig(AppConfig):
    name = "network_portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.backends.signals import connection_created

        from network_portal import audit, collation, export_columns, mail

        connection_created.connect(collation.register)

        audit.register_actions({
            mail.PURGED: _("deleted old e-mails from the outbox (retention period over)"),
            **export_columns.LABELS,
        })
