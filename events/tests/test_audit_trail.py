"""Each staff write on an event leaves one audit entry: who, what, and what explains it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import history, services
from events.models import Event
from events.tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory, attendee, event_data
from network_portal import audit
from network_portal.models import AuditEntry, OutgoingEmail

pytestmark = pytest.mark.django_db


def entries(event):
    """(action, actor, data) of the event's entries, oldest first."""
    return [(e.action, e.actor, e.data) for e in reversed(audit.entries_for(event))]


def test_creating_an_event_in_the_form_records_who_created_it(client, cluster, cluster_manager):
    client.force_login(cluster_manager)

    client.post("/events/new/", event_data(cluster))

    event = Event.objects.get(slug="netzwerktreffen-fruehjahr")
    assert entries(event) == [(history.CREATED, cluster_manager, {"status": "published"})]


def test_an_edit_records_which_fields_changed_and_the_capacity_before_and_after(
        client, cluster, cluster_manager):
    event = EventFactory(organisers=[cluster], slug="netzwerktreffen-fruehjahr", capacity=50,
                         title_de="Netzwerktreffen Frühjahr")
    client.force_login(cluster_manager)

    client.post(f"/events/{event.slug}/edit/", event_data(cluster, **{
        "title_de": "Netzwerktreffen Sommer", "capacity": "80", "agenda-TOTAL_FORMS": "0"}))

    [(action, actor, data)] = entries(event)
    assert (action, actor) == (history.EDITED, cluster_manager)
    assert "title_de" in data["fields"] and "capacity" in data["fields"]
    assert data["capacity"] == [50, 80]


def test_agenda_changes_are_counted_in_the_edit(event):
    kept = AgendaItemFactory(event=event, title_de="Alt", position=1)
    gone = AgendaItemFactory(event=event, position=2)

    services.save_event(event, agenda=[
        services.AgendaRow(id=kept.pk, title_de="Neu", kind=kept.kind, position=1),
        services.AgendaRow(id=gone.pk, delete=True),
        services.AgendaRow(title_de="Gesprächsinsel", position=3),
    ], by=None)

    [(action, actor, data)] = entries(event)
    assert (action, actor) == (history.EDITED, None)
    assert data["fields"] == ["agenda"]
    assert data["agenda"] == {"added": 1, "changed": 1, "deleted": 1}


def test_a_save_that_changes_nothing_records_nothing(event, cluster_manager, cluster):
    services.save_event(event, organisers=[cluster], by=cluster_manager)

    assert entries(event) == []


def test_publishing_and_back_to_draft_are_their_own_entries(cluster, cluster_manager):
    event = EventFactory(organisers=[cluster], status=Event.Status.DRAFT)

    event.status = Event.Status.PUBLISHED
    services.save_event(event, by=cluster_manager)
    event.status = Event.Status.DRAFT
    services.save_event(event, by=cluster_manager)

    assert [(action, actor) for action, actor, _data in entries(event)] == [
        (history.PUBLISHED, cluster_manager), (history.UNPUBLISHED, cluster_manager)]


def test_a_moved_event_records_how_many_were_told(event):
    for n in range(3):
        services.register(event, attendee(n))

    event.starts_at += timedelta(days=1)
    event.ends_at += timedelta(days=1)
    services.save_event(event, by=None)

    [(_action, _actor, data)] = entries(event)
    assert data["fields"] == ["starts_at", "ends_at"]
    assert data["notified"] == 3


def test_a_refused_change_records_nothing(event, cluster_manager):
    for n in range(3):
        services.register(event, attendee(n))
    event.capacity = 2

    with pytest.raises(services.EventChangeRefused):
        services.save_event(event, by=cluster_manager)

    assert entries(event) == []


def test_cancelling_the_event_records_who_and_how_many_were_told(client, event, cluster_manager):
    services.register(event, attendee(1))
    services.register(event, attendee(2))
    client.force_login(cluster_manager)

    client.post(f"/events/{event.slug}/cancel/")

    assert entries(event) == [(history.CANCELLED, cluster_manager, {"notified": 2})]


def test_changing_the_capacity_records_before_after_and_promotions(event, economic_development):
    event.capacity = 1
    event.save()
    services.register(event, attendee(1))
    services.register(event, attendee(2))

    services.change_capacity(event, capacity=3, by=economic_development)

    assert entries(event) == [(history.CAPACITY_CHANGED, economic_development,
                               {"capacity": [1, 3], "promoted": 1})]


def test_check_in_and_its_undo_are_recorded_on_the_event_naming_the_registration_by_id(
        client, cluster, cluster_manager):
    event = EventFactory(organisers=[cluster], starts_at=timezone.now())  # on the event's day
    registration = RegistrationFactory(event=event, name="Mara Muster", email="mara@example.com")
    client.force_login(cluster_manager)
    check_in = f"/events/{event.slug}/participants/{registration.pk}/check-in/"

    client.post(check_in, {"attended": "1"})
    client.post(check_in, {"attended": "0"})

    assert entries(event) == [
        (history.CHECKED_IN, cluster_manager, {"registration": registration.pk}),
        (history.CHECK_IN_UNDONE, cluster_manager, {"registration": registration.pk}),
    ]
    # What explains the change, never the person's name or address.
    assert "mara" not in str(AuditEntry.objects.values_list("data", flat=True)).lower()


def test_a_refused_check_in_records_nothing(event):
    registration = RegistrationFactory(event=event, status="waitlisted")

    with pytest.raises(services.RegistrationError):
        services.check_in(registration, by=None)

    assert entries(event) == []


@pytest.mark.parametrize("query, fmt", [
    ("?format=csv&status=waitlisted", "csv"), ("?format=xlsx&status=waitlisted", "xlsx"),
    ("?print=badges&status=waitlisted", "badges"), ("?print=sheet&status=waitlisted", "sheet"),
])
def test_an_export_or_print_records_its_format_rows_and_filters(client, event,
                                                                economic_development, query,
                                                                fmt):
    RegistrationFactory.create_batch(3, event=event, status="waitlisted")
    RegistrationFactory(event=event)
    client.force_login(economic_development)

    response = client.get(f"/events/{event.slug}/participants/{query}")
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)

    assert entries(event) == [(history.EXPORTED, economic_development, {
        "format": fmt, "rows": 3, "filters": {"status": "waitlisted"}})]


@pytest.mark.parametrize("query", ["", "?format=pdf", "?format=csv&status=xyz", "?print=poster"])
def test_the_list_itself_and_a_refused_export_record_nothing(client, event, cluster_manager,
                                                             query):
    RegistrationFactory(event=event)
    client.force_login(cluster_manager)

    client.get(f"/events/{event.slug}/participants/{query}")

    assert entries(event) == []


def test_sending_an_email_again_records_which_one(client, event, cluster_manager):
    registration = services.register(event, attendee(1))
    email = OutgoingEmail.objects.get(key=f"registration:{registration.pk}:confirmation")
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.FAILED)
    client.force_login(cluster_manager)

    client.post(f"/events/{event.slug}/outbox/{email.pk}/resend/")

    assert entries(event) == [(history.EMAIL_RESENT, cluster_manager,
                               {"email": email.pk, "template": "events_confirmation"})]


def test_an_email_of_another_event_is_not_sent_again(event):
    other = EventFactory()
    foreign = OutgoingEmail.objects.create(to="x@example.com", subject="Fremd", body_text=".",
                                           reference=other.reference,
                                           status=OutgoingEmail.Status.FAILED)

    with pytest.raises(services.ResendRefused):
        services.resend_email(foreign, event=event, by=None)

    foreign.refresh_from_db()
    assert foreign.status == OutgoingEmail.Status.FAILED
    assert entries(event) == []


def test_people_registering_and_cancelling_themselves_leave_no_entry(client, event, member):
    client.force_login(member)
    client.post(f"/events/{event.slug}/register/", {
        "registers_for": "self", "name": "Mara Muster", "email": member.email,
        "organisation_name": "Muster GmbH"})
    registration = event.registrations.get()

    client.post(registration.get_absolute_url())

    registration.refresh_from_db()
    assert registration.is_cancelled  # the row itself records both (created_at, cancelled_at)
    assert entries(event) == []


def test_the_entries_are_in_the_actors_data_download(client, event, cluster_manager):
    event.starts_at = timezone.now() + timedelta(days=60)
    event.ends_at = event.starts_at + timedelta(hours=2)
    services.save_event(event, by=cluster_manager)
    client.force_login(cluster_manager)

    data = client.get("/my/data.json").json()

    assert [(a["action"], a["object_id"]) for a in data["actions_you_took"]] == [
        (history.EDITED, event.pk)]
