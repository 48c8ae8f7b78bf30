"""Text e-mails carry names and titles as typed: no HTML escaping in text parts or subjects.

Every `emails/*_subject.txt` in the project is found on disk and rendered (a new template is
covered without being listed here), and so is every allauth account mail, with `& ' " < >` in
people's names, organisation names, event and trip titles.
"""

import re
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import allauth
import pytest
from django.conf import settings

from network_portal import mail

NASTY = "O'Brien & Söhne <Zellwerk> \"Nord\""
ESCAPED = re.compile(r"&(amp|lt|gt|quot|#x27|#39|#34);")


def project_templates() -> list[str]:
    roots = [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates")]
    return sorted({path.name.removesuffix("_subject.txt") for root in roots
                   for path in Path(root).glob("emails/*_subject.txt")})


def allauth_templates() -> list[str]:
    folder = Path(allauth.__file__).parent / "templates" / "account" / "email"
    return sorted(f"account/email/{path.name.removesuffix('_subject.txt')}"
                  for path in folder.glob("*_subject.txt"))


@pytest.fixture
def context(db):
    """What the apps put into their mails, with the awkward characters everywhere."""
    from delegations.services._shared import context as trip_context
    from delegations.tests.factories import ApplicationFactory, StopFactory, TripFactory, UserFactory
    from events.notices import mail_context as event_context
    from events.tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory
    from matchmaking.models import MeetingSetup
    from members.models import ProfileChangeRequest, Representative
    from members.tests.factories import ClusterFactory, OrganizationFactory

    organisation = OrganizationFactory(name=f"{NASTY} GmbH")
    person = UserFactory(first_name="Siobhán", last_name=NASTY)
    event = EventFactory(title_de=f"Treffen {NASTY}", title_en=f"Meeting {NASTY}",
                         venue_name=NASTY, venue_address=NASTY, contact_name=NASTY,
                         online_url="https://example.org/?a=1&b=2")
    item = AgendaItemFactory(event=event, title_de=NASTY, title_en=NASTY)
    registration = RegistrationFactory(event=event, name=NASTY, organisation_name=NASTY,
                                       status="waitlisted")
    trip = TripFactory(title_de=f"Reise {NASTY}", title_en=f"Trip {NASTY}",
                       meeting_point_de=NASTY, meeting_point_en=NASTY, transport_de=NASTY,
                       transport_en=NASTY)
    stop = StopFactory(trip=trip, title_de=NASTY, title_en=NASTY, place=NASTY, host=organisation)
    application = ApplicationFactory(trip=trip, user=person, organisation=organisation,
                                     interests=NASTY, decision_message=NASTY)
    representative = Representative.objects.create(user=person, organization=organisation)
    change_request = ProfileChangeRequest.objects.create(organization=organisation,
                                                         requested_by=person)
    from accessibility.models import BarrierReport

    report = BarrierReport.objects.create(page=f"/events/?q={NASTY}", description=NASTY,
                                          name=NASTY, email="siobhan@example.com")
    previous = EventFactory.build(title_de=NASTY, venue_name=NASTY, venue_address=NASTY,
                                  online_url="https://example.org/?old=1&x=2")
    return {
        **trip_context(application, stops=[stop], cancellation_message=NASTY, organiser=person),
        **event_context(registration), "agenda_item": item, "previous": previous,
        "time_changed": True, "place_changed": True,
        "organisation": organisation, "person": person, "representative": representative,
        "change_request": change_request, "what": "change", "comment": NASTY, "approved": False,
        "confirmed": True, "changes": [{"label": NASTY, "old": NASTY, "new": NASTY}],
        "base_url": settings.PORTAL_BASE_URL, "name": NASTY, "report": report,
        "cluster": ClusterFactory(name=f"Cluster {NASTY}", slug="cluster-nasty"),
        # B2B meetings (matchmaking.meetings._context): the event's title, the people's names.
        "setup": MeetingSetup(event=event), "recipient_name": NASTY, "other_name": NASTY,
        "other_organisation": NASTY, "agenda_url": settings.PORTAL_BASE_URL,
        "meeting_url": settings.PORTAL_BASE_URL,
    }


# Mails that by design repeat nothing a visitor typed (a receipt must not let the form mail a
# stranger an arbitrary text); they are still checked for escaping.
REPEAT_NOTHING_TYPED = {"accessibility_report_receipt"}


def assert_as_typed(text: str, where: str):
    assert not ESCAPED.search(text), f"HTML entity in {where}: {text!r}"


def test_the_project_has_mail_templates_to_check():
    names = project_templates()
    assert {"events_confirmation", "delegations_accepted", "members_change_decided"} <= set(names)
    assert len(allauth_templates()) >= 10


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("template", project_templates())
def test_every_mail_carries_names_and_titles_as_typed(template, language, context):
    subject, body, _html = mail.render(template, language=language, context=context)

    assert_as_typed(subject, "subject")
    assert_as_typed(body, "body")
    if template not in REPEAT_NOTHING_TYPED:
        assert "O'Brien & Söhne <Zellwerk> \"Nord\"" in subject + body


@pytest.mark.parametrize("template", allauth_templates())
def test_every_account_mail_carries_names_as_typed(template, db, rf):
    from allauth.core import context as allauth_context

    from network_portal.adapters import AccountAdapter
    from network_portal.models import OutgoingEmail
    from network_portal.testing import make_user

    user = make_user("o'brien&co@example.com", first_name="Siobhán", last_name=NASTY)
    request = rf.get("/")
    request.user = user
    values = {"user": user, "code": "ABC&123", "key": "k&y",
              "activate_url": "https://portal.example.org/confirm/?k=1&x='2'",
              "password_reset_url": "https://portal.example.org/reset/?k=1&x=2",
              "signup_url": "https://portal.example.org/signup/?next=/a&b",
              "from_email": "o'brien&old@example.com", "to_email": "o'brien&new@example.com",
              "deleted_email": "o'brien&gone@example.com", "username": NASTY}
    with allauth_context.request_context(request):
        AccountAdapter().send_mail(template, user.email, values)

    [sent] = OutgoingEmail.objects.filter(template=template.rsplit("/", 1)[-1])
    assert_as_typed(sent.subject, "subject")
    assert_as_typed(sent.body_text, "body")


def test_a_mail_arrives_as_typed_and_its_html_part_stays_escaped(db, settings):
    """From the template to the bytes on the wire: text and subject as typed, HTML escaped."""
    from network_portal.testing import SMTPServer

    server = SMTPServer().start()
    server.use_for(settings)
    try:
        email = mail.enqueue("test_greeting", to="ada@example.com", language="en",
                             context={"name": NASTY}, key="greeting:nasty")
        mail.send(email.pk)
    finally:
        server.stop()

    [message] = server.messages
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert NASTY in text
    assert "O&#x27;Brien &amp; Söhne &lt;Zellwerk&gt; &quot;Nord&quot;" in html
    assert NASTY not in html


def test_an_event_title_reaches_the_subject_line_as_typed(db, settings):
    from events import services
    from events.tests.factories import EventFactory, attendee
    from network_portal.models import OutgoingEmail

    event = EventFactory(title_de="Zellchemie & <Recycling> für \"Profis\"")

    services.register(event, attendee(1, name="Seán O'Brien"))

    email = OutgoingEmail.objects.get(template="events_confirmation")
    assert email.subject == "Anmeldung bestätigt: Zellchemie & <Recycling> für \"Profis\""
    assert email.body_text.startswith("Hallo Seán O'Brien,")
    wire = message_from_bytes(mail._message(email).message().as_bytes(), policy=default_policy)
    assert wire["Subject"].strip() == email.subject
