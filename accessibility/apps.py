from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessibilityConfig(AppConfig):
    name = "accessibility"
    verbose_name = _("Accessibility")

    def ready(self):
        from accessibility import services
        from network_portal import audit

        audit.register_actions({
            services.DELETED: _("deleted answered reports of barriers (retention period over)"),
        })
