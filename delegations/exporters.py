from django.utils.translation import gettext_lazy as _

from delegations.models import Application
from network_portal import exports


def _names(items) -> str:
    return ", ".join(str(item) for item in items)


class ApplicationExporter(exports.Exporter):
    """The trip's full list of applications, for organisers and economic development."""

    columns = [
        ("status", _("Status")),
        ("name", _("Name")),
        ("email", _("E-mail")),
        ("job_title", _("Job title")),
        ("organisation", _("Organisation")),
        ("website", _("Website")),
        ("region", _("Region")),
        ("stages_sought", _("Partners sought in")),
        ("stages_offered", _("Competences offered in")),
        ("interests", _("Cooperation interests")),
        ("travel_needs", _("Travel needs")),
        ("public_consent", _("Consent to the participant overview")),
        ("applied", _("Applied")),
        ("decided", _("Decided")),
    ]

    def __init__(self, trip):
        self.trip = trip
        self.filename = f"delegation-{trip.slug}"[:60]

    def queryset(self):
        # 3 queries in all: applications (+ user, organisation, region), then stages sought and
        # stages offered, prefetched per chunk by iterator().
        return (Application.objects.filter(trip=self.trip)
                .select_related("user", "organisation", "organisation__region")
                .prefetch_related("stages_sought", "stages_offered")
                .order_by("status", "created_at", "pk"))

    def rows(self):
        for application in self.queryset().iterator(chunk_size=1000):
            organisation = application.organisation
            yield [
                application.get_status_display(),
                application.person_name,
                application.email,
                application.job_title,
                application.organisation_display,
                organisation.website if organisation else "",
                str(organisation.region) if organisation and organisation.region else "",
                _names(application.stages_sought.all()),
                _names(application.stages_offered.all()),
                application.interests,
                application.travel_needs,
                application.public_consent,
                application.created_at,
                application.decided_at,
            ]
