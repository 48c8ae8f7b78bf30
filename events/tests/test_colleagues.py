"""Registering colleagues: a cap per person and event, a copy to the registrant, and the
colleague is told who registered them (with the link to cancel)."""

import pytest

from events import services
from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory, attendee, register_data
from network_portal.models import OutgoingEmail
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def mara(db):
    return make_user("mara@zellwerk.example", first_name="Mara", last_name="Muster")


def colleague(n, **fields):
    return register_data(registers_for="colleague", name=f"Kai Kollege {n}",
                         email=f"kai{n}@zellwerk.example", **fields)


def register_colleagues(event, user, count):
    return [services.register(event, attendee(f"k{n}"), user=user) for n in range(count)]


def mail(registration, kind):
    return OutgoingEmail.objects.get(key=f"registration:{registration.pk}:{kind}")


# The cap ---------------------------------------------------------------------------------------

def test_the_eleventh_colleague_is_refused_with_a_message_and_nothing_is_saved(client, mara):
    event = EventFactory()
    register_colleagues(event, mara, 10)
    mails = OutgoingEmail.objects.count()
    client.force_login(mara)

    response = client.post(f"/events/{event.slug}/register/", colleague(11))

    assert response.status_code == 200
    assert ("Sie haben für diese Veranstaltung bereits 10 Kolleginnen und Kollegen angemeldet, "
            "mehr kann eine Person nicht anmelden.") in response.content.decode()
    assert event.registrations.count() == 10
    assert not event.registrations.filter(email="kai11@zellwerk.example").exists()
    assert OutgoingEmail.objects.count() == mails


def test_the_refusal_in_english(client, mara, settings):
    settings.PORTAL_MAX_COLLEAGUES_PER_EVENT = 1
    event = EventFactory()
    register_colleagues(event, mara, 1)
    client.force_login(mara)
    client.cookies["django_language"] = "en"

    response = client.post(f"/events/{event.slug}/register/", colleague(2))

    assert ("You have already registered 1 colleague for this event, the most one person may."
            in response.content.decode())


def test_the_cap_is_a_setting_and_counts_per_event(client, mara, settings):
    settings.PORTAL_MAX_COLLEAGUES_PER_EVENT = 2
    event, other = EventFactory(), EventFactory()
    register_colleagues(event, mara, 2)
    client.force_login(mara)

    refused = client.post(f"/events/{event.slug}/register/", colleague(3))
    elsewhere = client.post(f"/events/{other.slug}/register/", colleague(3))

    assert refused.status_code == 200 and event.registrations.count() == 2
    assert elsewhere.status_code == 302 and other.registrations.count() == 1


def test_cancelled_colleagues_and_oneself_do_not_count(client, mara, settings):
    settings.PORTAL_MAX_COLLEAGUES_PER_EVENT = 2
    event = EventFactory()
    first, _second = register_colleagues(event, mara, 2)
    client.force_login(mara)

    myself = client.post(f"/events/{event.slug}/register/", register_data())
    services.cancel_registration(first)
    replacement = client.post(f"/events/{event.slug}/register/", colleague(3))

    assert myself.status_code == 302 and replacement.status_code == 302
    assert event.registrations.exclude(status="cancelled").count() == 3


def test_colleagues_registered_by_someone_else_do_not_count(client, mara, member, settings):
    settings.PORTAL_MAX_COLLEAGUES_PER_EVENT = 1
    event = EventFactory()
    register_colleagues(event, member, 1)
    client.force_login(mara)

    response = client.post(f"/events/{event.slug}/register/", colleague(2))

    assert response.status_code == 302


# The copy to the registrant ----------------------------------------------------------------------

def test_the_registrant_gets_a_copy_in_their_language(mara):
    event = EventFactory(title_de="Netzwerktreffen Zwickau", title_en="Network meeting Zwickau")
    registration = services.register(
        event, attendee(name="Kai Kollege", email="kai@zellwerk.example"), user=mara,
        language="en")

    copy = mail(registration, "registrant_copy")

    assert copy.to == "mara@zellwerk.example" and copy.language == "de"
    assert copy.subject == "Sie haben Kai Kollege angemeldet: Netzwerktreffen Zwickau"
    assert copy.body_text.startswith("Hallo Mara Muster,")
    assert "Sie haben Kai Kollege (kai@zellwerk.example) für diese Veranstaltung angemeldet" in (
        copy.body_text)
    assert "Status: Der Platz ist bestätigt." in copy.body_text
    assert f"/events/registration/{registration.token}/" in copy.body_text
    assert copy.reference == event.reference


def test_the_copy_in_english_names_the_waitlist_position(mara):
    mara.language = "en"
    mara.save()
    event = EventFactory(capacity=1, title_de="Netzwerktreffen", title_en="Network meeting")
    RegistrationFactory(event=event)
    registration = services.register(
        event, attendee(name="Kai Kollege", email="kai@zellwerk.example"), user=mara,
        language="de")

    copy = mail(registration, "registrant_copy")

    assert copy.language == "en"
    assert copy.subject == "You registered Kai Kollege: Network meeting"
    assert copy.body_text.startswith("Hello Mara Muster,")
    assert "you registered Kai Kollege (kai@zellwerk.example) for this event" in copy.body_text
    assert "the registration is on the waitlist at position 1." in copy.body_text
    # The colleague's own notice stays in the colleague's language.
    assert mail(registration, "waitlisted").language == "de"


def test_registering_oneself_sends_no_copy_and_names_nobody(mara):
    registration = services.register(
        EventFactory(), attendee(name="Mara Muster", email="Mara@Zellwerk.example"), user=mara)

    assert not OutgoingEmail.objects.filter(key__endswith=":registrant_copy").exists()
    assert "angemeldet. Wenn Sie" not in mail(registration, "confirmation").body_text


# The colleague is told who registered them -------------------------------------------------------

def test_the_colleagues_confirmation_says_who_registered_them_with_the_cancel_link(mara,
                                                                                  settings):
    registration = services.register(
        EventFactory(), attendee(name="Kai Kollege", email="kai@zellwerk.example"), user=mara,
        language="de")

    confirmation = mail(registration, "confirmation")

    assert confirmation.to == "kai@zellwerk.example"
    assert ("Mara Muster (mara@zellwerk.example) hat Sie für diese Veranstaltung angemeldet. "
            "Wenn Sie diese Anmeldung nicht erwartet haben oder nicht kommen können, stornieren "
            "Sie sie bitte über den Link am Ende dieser E-Mail.") in confirmation.body_text
    assert f"{settings.PORTAL_BASE_URL}{registration.get_absolute_url()}" in confirmation.body_text


def test_the_colleagues_waitlist_notice_in_english_says_who_registered_them(mara):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    registration = services.register(
        event, attendee(name="Kai Kollege", email="kai@zellwerk.example"), user=mara,
        language="en")

    notice = mail(registration, "waitlisted")

    assert notice.language == "en"
    assert ("Mara Muster (mara@zellwerk.example) registered you for this event. If you did not "
            "expect this registration or cannot come, please cancel it with the link at the end "
            "of this e-mail.") in notice.body_text
    assert f"/events/registration/{registration.token}/" in notice.body_text


def test_the_registrant_without_a_name_is_named_by_address(member):
    registration = services.register(
        EventFactory(), attendee(name="Kai Kollege", email="kai@zellwerk.example"), user=member)

    assert "member@example.com (member@example.com) hat Sie" in mail(
        registration, "confirmation").body_text
    assert mail(registration, "registrant_copy").body_text.startswith("Hallo member@example.com,")


def test_a_refused_colleague_leaves_no_registration_and_no_mail(mara, settings):
    settings.PORTAL_MAX_COLLEAGUES_PER_EVENT = 0
    event = EventFactory()

    with pytest.raises(services.TooManyColleagues):
        services.register(event, attendee(name="Kai", email="kai@zellwerk.example"), user=mara)

    assert not Registration.objects.exists() and not OutgoingEmail.objects.exists()


def test_the_page_tells_the_registrant_that_a_copy_is_on_its_way(client, mara):
    client.force_login(mara)

    response = client.post(f"/events/{EventFactory().slug}/register/",
                           register_data(registers_for="colleague", name="Kai Kollege",
                                         email="kai@zellwerk.example"), follow=True)

    assert ("Der Platz für Kai Kollege ist bestätigt. Kai Kollege erhält die Bestätigung per "
            "E-Mail, Sie eine Kopie.") in response.content.decode()
    assert OutgoingEmail.objects.filter(to=mara.email, key__endswith=":registrant_copy").exists()


def test_ones_own_confirmed_second_address_is_not_a_colleague(event, member):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=member, email="member.work@example.com", verified=True)
    EmailAddress.objects.create(user=member, email="stranger@example.com", verified=False)

    own = services.register(event, services.Attendee(name="Mia Member",
                                                     email="Member.Work@example.com"),
                            user=member)
    other = services.register(event, services.Attendee(name="Stan Ger",
                                                       email="stranger@example.com"),
                              user=member)

    keys = set(OutgoingEmail.objects.values_list("key", flat=True))
    assert f"registration:{own.pk}:registrant_copy" not in keys
    assert f"registration:{other.pk}:registrant_copy" in keys
