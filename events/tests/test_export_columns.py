"""The columns funding reports pivot on, in the participant and the cross-event exports."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from events.tests.factories import EventFactory, OrganizationFactory, RegistrationFactory
from members.models import Membership, Organization
from members.tests.factories import MembershipFactory, region

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
COLUMNS = ["Region", "Ort", "Land", "Größenklasse", "Netzwerkmitglied"]


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))


@pytest.fixture
def event():
    start = datetime(2026, 5, 4, 10, tzinfo=BERLIN)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=3))


@pytest.fixture
def registrations(event):
    member = OrganizationFactory(name="Zellwerk Zwickau", region=region("sachsen"),
                                 city="Zwickau", size=Organization.Size.MEDIUM)
    MembershipFactory(organization=member)
    outsider = OrganizationFactory(name="Anodenbau", region=region("sachsen-anhalt"),
                                   city="Halle", size=Organization.Size.MICRO)
    MembershipFactory(organization=outsider, status=Membership.Status.PENDING)
    RegistrationFactory(event=event, name="Mia Mitglied", organisation=member,
                        organisation_name="")
    RegistrationFactory(event=event, name="Otto Offen", organisation=outsider,
                        organisation_name="")
    RegistrationFactory(event=event, name="Frida Frei", organisation_name="Freie Firma")
    return event


def test_the_participant_export_ends_with_the_report_columns(client, registrations,
                                                              economic_development):
    client.force_login(economic_development)

    rows = read_csv(client.get(f"/events/{registrations.slug}/participants/?format=csv"))

    assert rows[0][-5:] == COLUMNS
    assert [row[-5:] for row in rows[1:]] == [
        ["Sachsen", "Zwickau", "DE", "50–249 Beschäftigte", "ja"],
        ["Sachsen-Anhalt", "Halle", "DE", "1–9 Beschäftigte", "nein"],  # membership pending
        ["", "", "", "", ""],  # a free-text organisation: not known
    ]
    assert len(rows) == 1 + 3


def test_the_cross_event_export_has_them_too_in_xlsx(client, registrations,
                                                     economic_development):
    client.force_login(economic_development)

    response = client.get("/events/registrations/export/?from=2026-01-01&to=2026-12-31"
                          "&format=xlsx")

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = values[0]
    assert header[6] == "Region" and header[-4:] == COLUMNS[1:]
    assert [(row[2], row[6], row[-4], row[-1]) for row in values[1:]] == [
        ("Mia Mitglied", "Sachsen", "Zwickau", "ja"),
        ("Otto Offen", "Sachsen-Anhalt", "Halle", "nein"),
        ("Frida Frei", None, None, None),
    ]


def test_the_cross_event_export_counts_every_registration_of_the_period(client, event,
                                                                        economic_development):
    client.force_login(economic_development)
    RegistrationFactory.create_batch(40, event=event)
    later = EventFactory(starts_at=datetime(2027, 2, 1, 10, tzinfo=BERLIN),
                         ends_at=datetime(2027, 2, 1, 12, tzinfo=BERLIN))
    RegistrationFactory.create_batch(5, event=later)

    rows = read_csv(client.get("/events/registrations/export/?from=2026-01-01&to=2026-12-31"
                               "&format=csv"))

    assert len(rows) == 1 + 40
