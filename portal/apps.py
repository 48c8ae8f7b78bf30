from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The composition root: the one package that imports every app and puts them together
    (URLs, home page, "My portal", the data download, demo data, role commands)."""

    name = "portal"
    verbose_name = _("Portal pages")

    def ready(self):
        from network_portal import audit
        from portal import composition, retention

        composition.connect()
        audit.register_actions({
            retention.ACCOUNTS_REMOVED: _("removed accounts never confirmed (retention)"),
        })
