"""Organisers write to an event's people: preview with the count, then send through the outbox."""

import pytest
from django.urls import reverse

from events import history, services
from events.models import EventMessage, Registration
from events.tests.factories import RegistrationFactory
from network_portal.audit import entries_for
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db

S = Registration.Status


@pytest.fixture
def people(event):
    return {
        "confirmed": RegistrationFactory(event=event, name="Conny", language="de"),
        "english": RegistrationFactory(event=event, name="Emma", language="en"),
        "waiting": RegistrationFactory(event=event, name="Wanda", status=S.WAITLISTED),
        "attended": RegistrationFactory(event=event, name="Anton", status=S.ATTENDED,
                                        language="en"),
        "cancelled": RegistrationFactory(event=event, name="Carl", status=S.CANCELLED),
    }


def send(event, by, audiences, **texts):
    return services.send_event_message(
        event, audiences=audiences, subject_de=texts.get("subject_de", "Folien"),
        text_de=texts.get("text_de", "Hier sind die Folien."),
        subject_en=texts.get("subject_en", ""), text_en=texts.get("text_en", ""), by=by)


def test_one_outbox_row_per_person_in_their_language(event, people, cluster_manager):
    message = send(event, cluster_manager, ["confirmed"], subject_en="Slides",
                   text_en="Here are the slides.")

    rows = {row.to: row for row in OutgoingEmail.objects.filter(reference=event.reference)}
    assert set(rows) == {people[k].email for k in ("confirmed", "english", "attended")}
    assert message.recipients == 3
    german, english = rows[people["confirmed"].email], rows[people["english"].email]
    assert german.subject == "Folien" and "Hier sind die Folien." in german.body_text
    assert "Hallo Conny" in german.body_text and german.language == "de"
    assert english.subject == "Slides" and "Here are the slides." in english.body_text
    assert "Hello Emma" in english.body_text and "kontakt@example.org" in english.body_text
    assert english.key == (f"event:{event.pk}:message:{message.pk}:{people['english'].pk}")


def test_without_english_everyone_gets_german(event, people, cluster_manager):
    send(event, cluster_manager, ["attended"])
    row = OutgoingEmail.objects.get(reference=event.reference)
    assert row.to == people["attended"].email and row.subject == "Folien"


@pytest.mark.parametrize(("audiences", "names"), [
    (["waitlisted"], {"Wanda"}),
    (["attended"], {"Anton"}),
    (["not_attended"], {"Conny", "Emma"}),
    (["attended", "not_attended"], {"Conny", "Emma", "Anton"}),
])
def test_audiences(event, people, audiences, names):
    assert {r.name for r in services.message_recipients(event, audiences)} == names


def test_logged_and_rate_limited(event, people, cluster_manager, settings):
    settings.PORTAL_MAX_MESSAGES_PER_EVENT_PER_DAY = 2
    send(event, cluster_manager, ["confirmed"])
    send(event, cluster_manager, ["waitlisted"])
    with pytest.raises(services.MessageRefused) as refused:
        send(event, cluster_manager, ["confirmed"])
    assert refused.value.code == "rate_limited"
    entries = [e for e in entries_for(event) if e.action == history.MESSAGE_SENT]
    assert len(entries) == 2
    assert {(e.actor, e.data["recipients"], e.data["subject"]) for e in entries} == {
        (cluster_manager, 3, "Folien"), (cluster_manager, 1, "Folien")}
    assert EventMessage.objects.count() == 2


def test_nobody_to_write_to_is_refused(event, cluster_manager):
    with pytest.raises(services.MessageRefused):
        send(event, cluster_manager, ["attended"])
    assert not OutgoingEmail.objects.exists()


FORM = {"audiences": ["confirmed"], "subject_de": "Folien", "text_de": "Hier sind die Folien.",
        "subject_en": "", "text_en": ""}


def test_the_page_previews_first_and_sends_on_confirm(client, event, people, cluster_manager):
    client.force_login(cluster_manager)
    url = reverse("events:message", args=[event.slug])

    preview = client.post(url, FORM)
    assert preview.status_code == 200
    assert preview.context["preview"]["count"] == 3
    assert not OutgoingEmail.objects.exists()

    sent = client.post(url, {**FORM, "confirm": "1"})
    assert sent.status_code == 302 and sent["Location"] == reverse("events:outbox",
                                                                    args=[event.slug])
    assert OutgoingEmail.objects.filter(reference=event.reference).count() == 3
    outbox = client.get(sent["Location"]).content.decode()
    assert "Folien" in outbox


def test_half_english_is_refused(client, event, people, cluster_manager):
    client.force_login(cluster_manager)
    response = client.post(reverse("events:message", args=[event.slug]),
                           {**FORM, "subject_en": "Slides", "confirm": "1"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not OutgoingEmail.objects.exists()


def test_only_who_manages_the_event_may_write(client, event, people, other_manager, member):
    for user in (other_manager, member):
        client.force_login(user)
        url = reverse("events:message", args=[event.slug])
        assert client.get(url).status_code == 403
        assert client.post(url, {**FORM, "confirm": "1"}).status_code == 403
    assert not OutgoingEmail.objects.exists()


def test_the_preview_shows_a_made_up_person_never_a_real_ones_secret_link(client, event, people,
                                                                          cluster_manager):
    client.force_login(cluster_manager)

    response = client.post(reverse("events:message", args=[event.slug]), {
        "audiences": ["confirmed"], "subject_de": "Folien", "text_de": "Hier sind die Folien."})

    html = response.content.decode()
    assert "Hier sind die Folien." in html and "Erika Beispiel" in html
    for registration in people.values():
        assert registration.token not in html and f"Hallo {registration.name}" not in html


def test_anonymised_registrations_get_no_message(event, people, cluster_manager):
    from django.utils import timezone

    Registration.objects.filter(pk=people["confirmed"].pk).update(anonymised_at=timezone.now())

    message = send(event, cluster_manager, ["confirmed"])

    assert people["confirmed"].email not in set(
        OutgoingEmail.objects.filter(reference=event.reference).values_list("to", flat=True))
    assert message.recipients == 2


def test_answers_go_to_the_events_contact(event, people, cluster_manager):
    from network_portal import mail

    send(event, cluster_manager, ["waitlisted"])

    row = OutgoingEmail.objects.get(reference=event.reference)
    assert row.reply_to == "kontakt@example.org"
    assert mail._message(row).reply_to == ["kontakt@example.org"]  # the header sent
