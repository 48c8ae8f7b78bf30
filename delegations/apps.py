from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegation trips")

    def ready(self):
        from network_portal.audit import register_actions

        # What the services record (delegations.services), as the "History" lists show it.
        register_actions({
            "delegations.trip.created": _("set up the trip"),
            "delegations.trip.edited": _("edited the trip"),
            "delegations.trip.published": _("published the trip"),
            "delegations.trip.cancelled": _("cancelled the trip"),
            "delegations.trip.applications_exported": _("exported the list of applications"),
            "delegations.trip.email_resent": _("sent an e-mail again"),
            "delegations.trip.message_sent": _("wrote to applicants"),
            "delegations.application.submitted": _("applied for the trip"),
            "delegations.application.accepted": _("accepted the application"),
            "delegations.application.waitlisted": _("put the application on the waiting list"),
            "delegations.application.declined": _("declined the application"),
            "delegations.application.withdrawn": _("withdrew the application"),
            "delegations.application.reminded": _("sent the reminder before departure"),
            "delegations.application.consent_withdrawn":
                _("withdrew the consent to the participant overview"),
            "delegations.trip.applications_anonymised":
                _("anonymised the applications (retention period over)"),
        })
