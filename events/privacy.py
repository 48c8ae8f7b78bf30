"""The events app's part of a person's data export and account erasure (portal.privacy)."""


from events import services
from events.models import Registration
from network_portal.privacy import consent_record, own_address


def _own(user):
    """Registrations under the person's verified addresses (whoever made them)."""
    return Registration.objects.filter(own_address(user))


def export(user) -> dict:
    """The person's registrations, and the registrations they made for colleagues."""
    def row(registration, *, with_person):
        data = {
            "event": registration.event.title_de,
            "event_starts_at": registration.event.starts_at.isoformat(),
            "status": registration.status,
            "registered_at": registration.created_at.isoformat(),
        }
        if with_person:
            data.update({
                "name": registration.name, "email": registration.email,
                "organisation": registration.organisation_label,
                "job_title": registration.job_title, "diet": registration.diet,
                "accessibility": registration.accessibility,
                "public_consent": registration.public_consent,
                "consent_to_participant_overview": consent_record(registration),
                "language": registration.language,
                "agenda_items": [c.agenda_item.title_de for c in registration.agenda_choices.all()],
            })
        return data

    own = _own(user).select_related("event", "organisation").prefetch_related(
        "agenda_choices__agenda_item")
    made = Registration.objects.filter(user=user).exclude(pk__in=own.values("pk")).select_related(
        "event")
    return {
        "registrations": [row(r, with_person=True) for r in own],
        # Colleagues' details are theirs; only which registrations this person made.
        "registrations_made_for_colleagues": [
            {**row(r, with_person=False), "name": r.name} for r in made],
    }


def erase(user) -> None:
    """Give up held seats (the waitlist moves up), then delete the person's registrations.

    Registrations this person made for colleagues stay: they are the colleagues' (the link to
    the account is cleared when the account goes).
    """
    # In the order of the events, each event done before the next: the event locks are taken
    # one after the other in one transaction, and a fixed order keeps two erasures from
    # waiting on each other.
    own = _own(user)
    for event_id in sorted(set(own.values_list("event_id", flat=True))):
        of_event = own.filter(event_id=event_id)
        expected = of_event.filter(status__in=Registration.EXPECTED)
        for registration in expected.select_related("event").order_by("pk"):
            try:
                services.cancel_registration(registration)
            except services.RegistrationError:
                pass  # the event has begun: nothing to give up
        services.delete_registrations(of_event)
