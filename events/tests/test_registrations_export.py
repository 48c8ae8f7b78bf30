"""The cross-event export of all registrations of a period (funding reports)."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from openpyxl import load_workbook

from events.models import Registration
from events.tests.factories import EventFactory, OrganizationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
URL = "/events/registrations/export/"


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))


def event_on(day, hour=10, **fields):
    start = datetime(*day, hour, tzinfo=BERLIN)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), **fields)


@pytest.mark.parametrize(("persona", "status"), [
    ("member", 403), ("cluster_manager", 403), ("economic_development", 200), ("admin_user", 200),
])
def test_who_may_export(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(URL + "?from=2026-01-01&to=2026-12-31&format=csv").status_code == status


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL + "?from=2026-01-01&to=2026-12-31&format=csv")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_holds_the_registrations_of_events_starting_in_the_period(client, economic_development):
    client.force_login(economic_development)
    # Midnight in Berlin (UTC+1): 31 Dec 23:00 is the old year, 1 Jan 00:00 the new one.
    before = event_on((2025, 12, 31), hour=23, title_de="Silvester")
    first = event_on((2026, 1, 1), hour=0, title_de="Neujahr")
    last = event_on((2026, 12, 31), hour=21, title_de="Jahresende")
    RegistrationFactory(event=before, name="Zu früh")
    member = OrganizationFactory(name="Zellwerk Zwickau")
    RegistrationFactory(event=first, name="Anna Erste", organisation=member,
                        organisation_name="")
    RegistrationFactory(event=last, name="Ben Letzter", status=Registration.Status.CANCELLED)

    rows = read_csv(client.get(URL + "?from=2026-01-01&to=2026-12-31&format=csv"))

    assert rows[0][:3] == ["Veranstaltung", "Beginn der Veranstaltung", "Name"]
    assert [(r[0], r[2], r[4], r[9]) for r in rows[1:]] == [
        ("Neujahr", "Anna Erste", "Zellwerk Zwickau", "Bestätigt"),
        ("Jahresende", "Ben Letzter", "Freie Firma", "Storniert"),
    ]
    assert rows[1][1] == "2026-01-01 00:00"


def test_the_comma_csv_and_xlsx(client, economic_development):
    client.force_login(economic_development)
    RegistrationFactory(event=event_on((2026, 3, 5)), name="Carla Dritte", job_title="=1+1")

    rows = list(csv.reader(io.StringIO(b"".join(client.get(
        URL + "?from=2026-03-01&to=2026-03-31&format=csv-comma").streaming_content).decode())))
    response = client.get(URL + "?from=2026-03-01&to=2026-03-31&format=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active

    assert rows[1][2] == "Carla Dritte" and rows[1][8] == "'=1+1"
    assert [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))][2] == "Carla Dritte"


@pytest.mark.parametrize(("query", "message"), [
    ("?from=2026-01-01&to=2026-12-31&format=pdf", "Unbekanntes Exportformat „pdf“"),
    ("?from=2026-01-01&to=2026-12-31", "Unbekanntes Exportformat „“"),
    ("?from=2026-13-01&to=2026-12-31&format=csv", "Von: Bitte ein gültiges Datum eingeben."),
    ("?to=2026-12-31&format=csv", "Von: Dieses Feld ist zwingend erforderlich."),
    ("?from=2026-12-31&to=2026-01-01&format=csv", "Der Zeitraum endet, bevor er beginnt."),
])
def test_a_period_or_format_not_understood_is_refused_with_a_message(client, economic_development,
                                                                     query, message):
    client.force_login(economic_development)
    RegistrationFactory(event=event_on((2026, 3, 5)))

    response = client.get(URL + query)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_export_costs_the_same_queries_for_few_and_many_rows(client, economic_development,
                                                                  django_assert_num_queries):
    client.force_login(economic_development)
    organisation = OrganizationFactory()

    def add(n):
        for i in range(n):
            event = event_on((2026, 5, 1 + i % 28))
            RegistrationFactory(event=event, organisation=organisation if i % 2 else None)

    def export():
        rows = read_csv(client.get(URL + "?from=2026-01-01&to=2026-12-31&format=csv"))
        return len(rows) - 1

    add(2)
    ContentType.objects.get_for_model(economic_development)  # cached in any running portal
    # session, user (with their groups, portal.auth), the audit entry, the registrations with
    # their events, organisations and regions
    with django_assert_num_queries(4):
        assert export() == 2
    add(60)
    with django_assert_num_queries(4):
        assert export() == 62


def test_the_export_is_recorded_under_the_person_who_took_it(client, economic_development):
    from network_portal.models import AuditEntry

    client.force_login(economic_development)
    RegistrationFactory(event=event_on((2026, 3, 5)))

    client.get(URL + "?from=2026-01-01&to=2026-12-31&format=csv")
    client.get(URL + "?from=2026-01-01&to=2026-12-31&format=pdf")  # refused: not recorded

    [entry] = AuditEntry.objects.filter(action="events.registrations.period_exported")
    assert entry.actor == economic_development
    assert entry.data == {"format": "csv", "from": "2026-01-01", "to": "2026-12-31"}
