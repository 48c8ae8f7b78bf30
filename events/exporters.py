from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from network_portal import exports


class ParticipantExporter(exports.Exporter):
    """Exactly the rows of the filtered participant list (name badges, catering, reports)."""

    columns = [
        ("name", _("Name")),
        ("email", _("E-mail")),
        ("organisation", _("Organisation")),
        ("organisation_kind", _("Organisation kind")),
        ("member", _("Member organisation")),
        ("job_title", _("Job title")),
        ("status", _("Status")),
        ("waitlist", _("Waitlist position")),
        ("agenda", _("Agenda items")),
        ("diet", _("Dietary requirements")),
        ("accessibility", _("Accessibility needs")),
        ("public_consent", _("Consents to the public list")),
        ("language", _("Language")),
        ("registered", _("Registered")),
        ("checked_in", _("Checked in")),
    ]

    def __init__(self, event, registrations, waitlist_positions: dict[int, int]):
        self.event = event
        self.registrations = registrations
        self.positions = waitlist_positions
        self.filename = f"{slugify(event.slug)}-teilnehmende"

    def rows(self):
        # chunk_size: prefetch_related works with iterator() only when a chunk size is given.
        for registration in self.registrations.order_by("sequence").iterator(chunk_size=2000):
            position = self.positions.get(registration.pk)
            organisation = registration.organisation
            yield [
                registration.name,
                registration.email,
                registration.organisation_label,
                organisation.get_kind_display() if organisation else "",
                bool(organisation),
                registration.job_title,
                registration.get_status_display(),
                position,
                ", ".join(c.agenda_item.title for c in registration.agenda_choices.all()),
                registration.diet,
                registration.accessibility,
                registration.public_consent,
                registration.language,
                registration.created_at,
                registration.checked_in_at,
            ]


class PeriodRegistrationExporter(exports.Exporter):
    """Every registration of the events that start in a period, across events (funding reports).

    One query, streamed in chunks: the 100,000 rows of a state's five years never sit in memory.
    """

    columns = [
        ("event", _("Event")),
        ("event_starts", _("Event starts")),
        ("name", _("Name")),
        ("email", _("E-mail")),
        ("organisation", _("Organisation")),
        ("organisation_kind", _("Organisation kind")),
        ("region", _("Region")),
        ("member", _("Member organisation")),
        ("job_title", _("Job title")),
        ("status", _("Status")),
        ("language", _("Language")),
        ("registered", _("Registered")),
        ("checked_in", _("Checked in")),
    ]

    def __init__(self, registrations, start, end):
        self.registrations = registrations
        self.filename = f"anmeldungen-{start.isoformat()}-{end.isoformat()}"

    def rows(self):
        for registration in self.registrations.iterator(chunk_size=2000):
            organisation = registration.organisation
            yield [
                registration.event.title,
                registration.event.starts_at,
                registration.name,
                registration.email,
                registration.organisation_label,
                organisation.get_kind_display() if organisation else "",
                str(organisation.region) if organisation and organisation.region_id else "",
                bool(organisation),
                registration.job_title,
                registration.get_status_display(),
                registration.language,
                registration.created_at,
                registration.checked_in_at,
            ]
