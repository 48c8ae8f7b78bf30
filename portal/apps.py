from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The composition root: the one package that imports every app and puts them together
    (URLs, home page, "My portal", the data download, demo data, role commands)."""

    name = "portal"
    verbose_name = _("Portal pages")

    def ready(self):
        from portal import composition

        composition.connect()
