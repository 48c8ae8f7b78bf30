from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from allauth.account.signals import email_confirmed

        from events import history, receivers
        from network_portal import audit

        audit.register_actions(history.LABELS)
        email_confirmed.connect(receivers.guest_address_confirmed,
                                dispatch_uid="events.guest_address_confirmed")
