"""Organisers write to a trip's accepted or waitlisted applicants, as to an event's people
(the shared part: network_portal.messages)."""

import pytest
from django.urls import reverse

from delegations import services
from delegations.models import Application, TripMessage
from delegations.tests.factories import ApplicationFactory, UserFactory
from network_portal import mail
from network_portal.audit import entries_for
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db

S = Application.Status


@pytest.fixture
def people(trip):
    def person(first_name, status, language="de"):
        return ApplicationFactory(trip=trip, status=status, language=language,
                                  user=UserFactory(first_name=first_name, last_name="Reise"))
    return {
        "accepted": person("Anke", S.ACCEPTED),
        "english": person("Emma", S.ACCEPTED, "en"),
        "waiting": person("Wanda", S.WAITLISTED),
        "submitted": person("Susi", S.SUBMITTED),
        "declined": person("Doro", S.DECLINED),
    }


def send(trip, by, audiences, **texts):
    return services.send_trip_message(
        trip, audiences=audiences, subject_de=texts.get("subject_de", "Treffpunkt"),
        text_de=texts.get("text_de", "Wir treffen uns um 7 Uhr am Bus."),
        subject_en=texts.get("subject_en", ""), text_en=texts.get("text_en", ""), by=by)


def test_one_outbox_row_per_applicant_in_their_language(trip, people, cluster_manager):
    message = send(trip, cluster_manager, ["accepted"], subject_en="Meeting point",
                   text_en="We meet at the coach at 7.")

    rows = {row.to: row for row in OutgoingEmail.objects.filter(reference=trip.reference)}
    assert set(rows) == {people["accepted"].email, people["english"].email}
    assert message.recipients == 2
    german, english = rows[people["accepted"].email], rows[people["english"].email]
    assert german.subject == "Treffpunkt" and "Wir treffen uns um 7 Uhr am Bus." in german.body_text
    assert "Hallo Anke Reise" in german.body_text and german.language == "de"
    assert english.subject == "Meeting point" and "We meet at the coach at 7." in english.body_text
    assert "Hello Emma Reise" in english.body_text and english.language == "en"
    assert english.key == (f"{trip.reference}:message:{message.pk}:{people['english'].pk}")
    # Answers go to the organiser who wrote (a trip has no contact address of its own).
    assert german.reply_to == cluster_manager.email
    assert mail._message(german).reply_to == [cluster_manager.email]


def test_the_keys_are_unique_per_message_and_person(trip, people, cluster_manager):
    first = send(trip, cluster_manager, ["accepted", "waitlisted"])
    second = send(trip, cluster_manager, ["accepted"])

    keys = list(OutgoingEmail.objects.filter(reference=trip.reference)
                .values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 5
    assert (first.recipients, second.recipients) == (3, 2)


@pytest.mark.parametrize(("audiences", "names"), [
    (["accepted"], {"Anke", "Emma"}),
    (["waitlisted"], {"Wanda"}),
    (["accepted", "waitlisted"], {"Anke", "Emma", "Wanda"}),
    (["declined"], set()),  # not a group one may write to
])
def test_audiences(trip, people, audiences, names):
    assert {r.obj.user.first_name for r in services.message_recipients(trip, audiences)} == names


def test_logged_and_rate_limited(trip, people, cluster_manager, settings):
    settings.PORTAL_MAX_MESSAGES_PER_TRIP_PER_DAY = 2
    send(trip, cluster_manager, ["accepted"])
    send(trip, cluster_manager, ["waitlisted"])
    with pytest.raises(services.MessageRefused) as refused:
        send(trip, cluster_manager, ["accepted"])
    assert refused.value.code == "rate_limited"
    entries = [e for e in entries_for(trip) if e.action == services.messages.MESSAGE_SENT]
    assert {(e.actor, e.data["recipients"], e.data["subject"]) for e in entries} == {
        (cluster_manager, 2, "Treffpunkt"), (cluster_manager, 1, "Treffpunkt")}
    assert TripMessage.objects.count() == 2
    assert OutgoingEmail.objects.filter(reference=trip.reference).count() == 3


def test_nobody_to_write_to_is_refused(trip, cluster_manager):
    with pytest.raises(services.MessageRefused) as refused:
        send(trip, cluster_manager, ["accepted"])
    assert refused.value.code == "no_recipients"
    assert not OutgoingEmail.objects.exists() and not TripMessage.objects.exists()


def test_the_service_refuses_who_does_not_manage_the_trip(trip, people, other_manager):
    with pytest.raises(services.NotAllowed):
        send(trip, other_manager, ["accepted"])
    assert not OutgoingEmail.objects.exists()


def test_anonymised_applicants_get_no_message(trip, people, cluster_manager):
    Application.objects.filter(pk=people["accepted"].pk).update(user=None)

    message = send(trip, cluster_manager, ["accepted"])

    assert message.recipients == 1


FORM = {"audiences": ["accepted"], "subject_de": "Treffpunkt",
        "text_de": "Wir treffen uns um 7 Uhr am Bus.", "subject_en": "", "text_en": ""}


def test_the_page_previews_in_both_languages_then_sends_on_confirm(client, trip, people,
                                                                   cluster_manager):
    client.force_login(cluster_manager)
    url = reverse("delegations:message", args=[trip.slug])

    preview = client.post(url, {**FORM, "subject_en": "Meeting point",
                                "text_en": "We meet at the coach at 7."})
    assert preview.status_code == 200 and not OutgoingEmail.objects.exists()
    html = preview.content.decode()
    assert preview.context["preview"]["count"] == 2
    assert "An 2 Personen senden" in html
    assert "Hallo Erika Beispiel" in html and "Hello Erika Example" in html
    assert "Anke" not in html.split("preview-heading")[1].split("</section>")[0]

    sent = client.post(url, {**FORM, "confirm": "1"})
    assert sent["Location"] == reverse("delegations:outbox", args=[trip.slug])
    assert OutgoingEmail.objects.filter(reference=trip.reference).count() == 2
    assert "Treffpunkt" in client.get(sent["Location"]).content.decode()


def test_half_english_is_refused(client, trip, people, cluster_manager):
    client.force_login(cluster_manager)
    response = client.post(reverse("delegations:message", args=[trip.slug]),
                           {**FORM, "subject_en": "Meeting point", "confirm": "1"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not OutgoingEmail.objects.exists()


def test_only_who_manages_the_trip_may_write(client, trip, people, other_manager, member):
    url = reverse("delegations:message", args=[trip.slug])
    assert client.get(url)["Location"].startswith("/accounts/login/")
    for user in (other_manager, member):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {**FORM, "confirm": "1"}).status_code == 403
    assert not OutgoingEmail.objects.exists()


def test_the_trip_pages_link_to_the_message_form(client, trip, cluster_manager):
    client.force_login(cluster_manager)
    url = reverse("delegations:message", args=[trip.slug])
    assert url in client.get(trip.get_absolute_url()).content.decode()
    assert url in client.get(reverse("delegations:applications", args=[trip.slug])).content.decode()


def test_the_trips_history_says_who_wrote_to_how_many(client, trip, people, cluster_manager):
    send(trip, cluster_manager, ["accepted", "waitlisted"])
    client.force_login(cluster_manager)

    html = client.get(reverse("delegations:applications", args=[trip.slug])).content.decode()

    assert "hat den Bewerberinnen und Bewerbern geschrieben" in html


@pytest.mark.vnu
def test_the_message_page_with_its_preview_is_valid_html(client, trip, people, cluster_manager,
                                                         tmp_path):
    import subprocess

    from network_portal.testing import VNU_JAR
    from network_portal.testing import require_vnu as _require_vnu

    java = _require_vnu()
    client.force_login(cluster_manager)
    url = reverse("delegations:message", args=[trip.slug])
    files = []
    for name, response in {"form": client.get(url), "preview": client.post(url, FORM),
                           "refused": client.post(url, {**FORM, "subject_en": "x"})}.items():
        assert response.status_code == 200, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run([java, "-jar", VNU_JAR, "--errors-only", *files],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr.replace(str(tmp_path) + "/", "")


@pytest.mark.parametrize("applicants", [2, 25])
def test_the_preview_costs_the_same_queries_for_few_and_many(client, trip, cluster_manager,
                                                             django_assert_num_queries,
                                                             applicants):
    for n in range(applicants):
        ApplicationFactory(trip=trip, status=S.ACCEPTED, language="en" if n % 2 else "de")
    client.force_login(cluster_manager)
    url = reverse("delegations:message", args=[trip.slug])
    client.post(url, FORM)  # warm the caches (session, content types, site settings)

    # session, user; the trip (with its regions), its organisers, partners, topics and stops
    # (_get_trip prefetches them); the manager's clusters (permission; the groups come with the
    # user, portal.auth); the applicants with their users and trip; the messages sent: 10, for 2
    # as for 25 applicants.
    with django_assert_num_queries(10):
        response = client.post(url, FORM)
    assert response.context["preview"]["count"] == applicants

