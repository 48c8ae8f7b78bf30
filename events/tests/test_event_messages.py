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


# A hybrid event: a message to the on-site or the online people only.

ONLINE, ON_SITE = Registration.Attendance.ONLINE, Registration.Attendance.ON_SITE


@pytest.fixture
def hybrid(cluster):
    from events.tests.factories import EventFactory

    event = EventFactory(organisers=[cluster], capacity=10, online_capacity=10,
                         online_url="https://meet.example.org/nachricht",
                         contact_email="kontakt@example.org")
    people = {
        "site": RegistrationFactory(event=event, name="Sabine", attendance=ON_SITE),
        "site_in": RegistrationFactory(event=event, name="Sven", attendance=ON_SITE,
                                       status=S.ATTENDED),
        "online": RegistrationFactory(event=event, name="Olga", attendance=ONLINE,
                                      language="en"),
        "online_waiting": RegistrationFactory(event=event, name="Otto", attendance=ONLINE,
                                              status=S.WAITLISTED),
        "online_cancelled": RegistrationFactory(event=event, name="Oskar", attendance=ONLINE,
                                                status=S.CANCELLED),
    }
    return event, people


@pytest.mark.parametrize("part,audiences,names", [
    ("", ["confirmed", "waitlisted"], {"Sabine", "Sven", "Olga", "Otto"}),
    ("on_site", ["confirmed", "waitlisted"], {"Sabine", "Sven"}),
    ("online", ["confirmed", "waitlisted"], {"Olga", "Otto"}),
    ("online", ["confirmed"], {"Olga"}),
    ("on_site", ["not_attended"], {"Sabine"}),
])
def test_a_part_narrows_the_groups(hybrid, part, audiences, names):
    event, _people = hybrid
    assert {r.name for r in services.message_recipients(event, audiences, part=part)} == names


def test_only_the_online_people_get_a_message_to_the_online_part(hybrid, cluster_manager):
    event, people = hybrid

    message = services.send_event_message(
        event, audiences=["confirmed", "waitlisted"], part="online", subject_de="Stream",
        text_de="Der Stream beginnt später.", by=cluster_manager)

    assert message.recipients == 2 and message.part == "online"
    assert message.audiences == ["confirmed", "waitlisted", "online"]
    rows = OutgoingEmail.objects.filter(reference=event.reference, template="events_message")
    assert sorted(rows.values_list("to", flat=True)) == sorted(
        [people["online"].email, people["online_waiting"].email])
    assert entries_for(event).get(action=history.MESSAGE_SENT).data["audiences"] == [
        "confirmed", "waitlisted", "online"]


def test_a_part_at_an_event_without_one_is_refused(event, people, cluster_manager):
    with pytest.raises(services.MessageRefused) as error:
        services.send_event_message(event, audiences=["confirmed"], part="online",
                                    subject_de="x", text_de="y", by=cluster_manager)
    assert error.value.code == "not_hybrid"
    assert not EventMessage.objects.exists() and not OutgoingEmail.objects.exists()


def test_the_page_offers_the_parts_previews_their_count_and_sends_to_exactly_them(
        client, hybrid, cluster_manager):
    event, people = hybrid
    client.force_login(cluster_manager)
    url = reverse("events:message", args=[event.slug])

    page = client.get(url).content.decode()
    assert "Nur Teilnehmende vor Ort" in page and "Nur Online-Teilnehmende" in page

    form = {**FORM, "audiences": ["confirmed"], "part": "on_site"}
    preview = client.post(url, form)
    assert preview.context["preview"]["count"] == 2
    html = preview.content.decode()
    assert "2 Personen bekommen diese Nachricht." in html
    assert '<input type="hidden" name="part" value="on_site">' in html

    client.post(url, {**form, "confirm": "1"})
    assert sorted(OutgoingEmail.objects.filter(template="events_message")
                  .values_list("to", flat=True)) == sorted(
        [people["site"].email, people["site_in"].email])
    assert "Nur Teilnehmende vor Ort" in client.get(url).content.decode()  # the sent list


def test_an_unknown_part_is_a_form_error_and_sends_nothing(client, hybrid, cluster_manager):
    event, _people = hybrid
    client.force_login(cluster_manager)

    response = client.post(reverse("events:message", args=[event.slug]),
                           {**FORM, "part": "balkon", "confirm": "1"})

    assert response.status_code == 200 and response.context["preview"] is None
    assert "Bitte wählen Sie Teilnehmende vor Ort oder online oder beide." in \
        response.content.decode()
    assert not OutgoingEmail.objects.exists()


def test_a_plain_event_offers_no_part(client, event, people, cluster_manager):
    client.force_login(cluster_manager)
    page = client.get(reverse("events:message", args=[event.slug])).content.decode()
    assert "Nur Online-Teilnehmende" not in page and 'name="part"' not in page
