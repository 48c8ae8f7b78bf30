from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Statistics")

    def ready(self):
        from network_portal import audit
        from reports import history

        audit.register_actions(history.LABELS)
