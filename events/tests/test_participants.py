"""The staff participant list: filters, counts, print views, exports, permissions."""

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from events import services
from events.models import AgendaChoice, Event, Registration
from events.tests.factories import (
    AgendaItemFactory,
    OrganizationFactory,
    RegistrationFactory,
    attendee,
)
from members.models import Organization

pytestmark = pytest.mark.django_db


def url(event, query=""):
    return f"/events/{event.slug}/participants/{query}"


def read_csv(response, delimiter=";"):
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=delimiter))


@pytest.mark.parametrize("persona, status", [
    ("member", 403), ("other_manager", 403), ("cluster_manager", 200),
    ("economic_development", 200), ("admin_user", 200),
])
def test_who_may_see_the_list_and_export(client, request, event, persona, status):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(url(event)).status_code == status
    assert client.get(url(event, "?format=csv")).status_code == status
    assert client.get(url(event, "?print=badges")).status_code == status


def _representative(organisation, status="confirmed", email="rep@example.com"):
    from members.models import Representative
    from network_portal.testing import make_user

    user = make_user(email)
    Representative.objects.create(user=user, organization=organisation, status=status)
    return user


@pytest.fixture
def organiser_company(event):
    company = OrganizationFactory(name="Ausrichter GmbH")
    event.organisers.add(company)
    return company


def test_a_representative_of_an_organiser_sees_the_list_but_may_not_edit(
        client, event, organiser_company):
    registration = RegistrationFactory(event=event, name="Mara Muster")
    client.force_login(_representative(organiser_company))

    assert "Mara Muster" in client.get(url(event)).content.decode()
    assert client.get(url(event, "?format=csv")).status_code == 200
    assert client.get(url(event, "?format=xlsx")).status_code == 200
    assert client.get(url(event, "?print=badges")).status_code == 200
    assert client.get(url(event, "?print=sheet")).status_code == 200
    response = client.post(f"/events/{event.slug}/participants/{registration.pk}/check-in/",
                           {"attended": "1", "override": "1"})  # the event is 30 days ahead
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    # ... but the event itself stays the managers' and the staff's.
    assert client.get(f"/events/{event.slug}/edit/").status_code == 403
    assert client.get(f"/events/{event.slug}/outbox/").status_code == 403
    assert client.post(f"/events/{event.slug}/cancel/").status_code == 403
    detail = client.get(event.get_absolute_url()).content.decode()
    assert f"/events/{event.slug}/participants/" in detail
    assert f"/events/{event.slug}/edit/" not in detail


@pytest.mark.parametrize("status", ["requested", "rejected"])
def test_an_unconfirmed_representative_of_an_organiser_is_refused(
        client, event, organiser_company, status):
    registration = RegistrationFactory(event=event)
    client.force_login(_representative(organiser_company, status=status))

    assert client.get(url(event)).status_code == 403
    assert client.get(url(event, "?format=csv")).status_code == 403
    assert client.get(url(event, "?print=sheet")).status_code == 403
    assert client.post(f"/events/{event.slug}/participants/{registration.pk}/check-in/",
                       {"attended": "1"}).status_code == 403
    assert f"/events/{event.slug}/participants/" not in client.get(
        event.get_absolute_url()).content.decode()


def test_a_representative_of_another_organisation_is_refused(client, event, organiser_company):
    registration = RegistrationFactory(event=event)
    client.force_login(_representative(OrganizationFactory(name="Fremd GmbH")))

    assert client.get(url(event)).status_code == 403
    assert client.get(url(event, "?format=xlsx")).status_code == 403
    assert client.get(url(event, "?print=badges")).status_code == 403
    assert client.post(f"/events/{event.slug}/participants/{registration.pk}/check-in/",
                       {"attended": "1"}).status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_a_representative_of_an_organiser_does_not_see_a_draft_events_list(
        client, event, organiser_company, cluster_manager):
    # Published, someone registered (with a diet) and cancelled, then back to draft: the
    # cancelled row stays, and only the event's managers may see it.
    registration = services.register(event, attendee(1, name="Dora Draft"), diet="glutenfrei")
    services.cancel_registration(registration)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    client.force_login(_representative(organiser_company))

    for query in ("", "?format=csv", "?format=csv-comma", "?format=xlsx", "?print=badges",
                  "?print=sheet"):
        response = client.get(url(event, query))
        assert response.status_code == 403, query
        assert b"Dora Draft" not in response.content
    assert client.post(f"/events/{event.slug}/participants/{registration.pk}/check-in/",
                       {"attended": "1"}).status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED

    client.force_login(cluster_manager)  # who may manage the draft still sees its list
    assert "Dora Draft" in client.get(url(event, "?status=cancelled")).content.decode()
    assert client.get(url(event, "?format=csv")).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client, event):
    for query in ("", "?format=xlsx"):
        response = client.get(url(event, query))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_with_counts(client, event, cluster_manager):
    RegistrationFactory(event=event, name="Anna Anwesend", status="attended")
    RegistrationFactory(event=event, name="Bea Bestätigt")
    RegistrationFactory(event=event, name="Wim Wartend", status="waitlisted")
    RegistrationFactory(event=event, name="Cora Cancelled", status="cancelled")
    client.force_login(cluster_manager)

    response = client.get(url(event))

    text = response.content.decode()
    assert "Anna Anwesend" in text and "Bea Bestätigt" in text and "Wim Wartend" in text
    assert "Cora Cancelled" not in text  # cancelled ones only when asked for
    assert response.context["counts"] == {"confirmed": 1, "waitlisted": 1, "cancelled": 1,
                                          "attended": 1, "held": 0, "pending": 0}


def test_filters_by_status_organisation_kind_and_agenda_item(client, event, cluster_manager):
    research = OrganizationFactory(kind=Organization.Kind.RESEARCH)
    island = AgendaItemFactory(event=event)
    a = RegistrationFactory(event=event, name="Rita Research", organisation=research)
    RegistrationFactory(event=event, name="Frida Free", organisation_name="Frei AG")
    w = RegistrationFactory(event=event, name="Wim Wartend", status="waitlisted")
    AgendaChoice.objects.create(registration=a, agenda_item=island)
    AgendaChoice.objects.create(registration=w, agenda_item=island, status="waitlisted")
    client.force_login(cluster_manager)

    def names(query):
        return [r.name for r in client.get(url(event, query)).context["registrations"]]

    assert names("?status=waitlisted") == ["Wim Wartend"]
    assert names("?organisation_kind=research") == ["Rita Research"]
    assert names("?organisation_kind=none") == ["Frida Free", "Wim Wartend"]
    assert names(f"?agenda_item={island.pk}") == ["Rita Research", "Wim Wartend"]


def test_the_export_holds_exactly_the_filtered_rows(client, event, cluster_manager):
    RegistrationFactory(event=event, name="Bea Bestätigt")
    RegistrationFactory(event=event, name="Wim Wartend", status="waitlisted")
    client.force_login(cluster_manager)

    rows = read_csv(client.get(url(event, "?status=waitlisted&format=csv")))

    assert rows[0][:3] == ["Name", "E-Mail", "Organisation"]
    assert [row[0] for row in rows[1:]] == ["Wim Wartend"]
    assert rows[1][7] == "1"  # waitlist position


def test_the_csv_is_semicolon_separated_with_a_bom_and_neutralises_formulas(client, event,
                                                                            cluster_manager):
    RegistrationFactory(event=event, name="=HYPERLINK(\"http://x\")", job_title="+49 375 123456",
                        organisation_name="@Firma", diet="-vegan")
    client.force_login(cluster_manager)

    response = client.get(url(event, "?format=csv"))

    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    [_header, row] = list(csv.reader(io.StringIO(body.decode().lstrip("\ufeff")), delimiter=";"))
    assert row[0] == "'=HYPERLINK(\"http://x\")"
    assert row[5] == "'+49 375 123456"
    assert row[2] == "'@Firma"
    assert row[9] == "'-vegan"
    assert response["Content-Disposition"].endswith('.csv"')


def test_the_comma_csv_and_xlsx(client, event, cluster_manager):
    RegistrationFactory(event=event, name="Mara Muster", job_title="+49 375 123456",
                        created_at=datetime(2027, 4, 21, 7, 30, tzinfo=UTC))
    RegistrationFactory(event=event, name="Wim Wartend", status="waitlisted",
                        organisation_name="=Wartend KG",
                        created_at=datetime(2027, 12, 2, 17, 0, tzinfo=UTC),
                        checked_in_at=None)
    client.force_login(cluster_manager)

    rows = read_csv(client.get(url(event, "?format=csv-comma")), delimiter=",")
    assert rows[1][0] == "Mara Muster"
    assert rows[1][13] == "2027-04-21 09:30"

    response = client.get(url(event, "?format=xlsx"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][0] == "Mara Muster" and values[1][5] == "+49 375 123456"
    assert sheet["F2"].data_type == "s"
    assert values[2][2] == "=Wartend KG" and sheet["C3"].data_type == "s"
    # Registered: a date cell in Berlin time (summer and winter); the position a number.
    assert values[1][13] == datetime(2027, 4, 21, 9, 30) and sheet["N2"].is_date
    assert values[2][13] == datetime(2027, 12, 2, 18, 0)
    assert (values[2][7], sheet["H3"].data_type) == (1, "n")
    assert values[1][7] is None and values[1][14] is None


def test_an_unknown_format_is_refused_with_a_message(client, event, cluster_manager):
    client.force_login(cluster_manager)

    response = client.get(url(event, "?format=pdf"))

    assert response.status_code == 400
    assert response.content.decode() == (
        "Unbekanntes Exportformat „pdf“. Möglich sind: csv, csv-comma, xlsx.")


@pytest.mark.parametrize("query", ["?status=xyz", "?agenda_item=abc", "?agenda_item=999999",
                                   "?organisation_kind=planet"])
def test_an_export_with_a_filter_not_understood_is_refused(client, event, cluster_manager, query):
    RegistrationFactory(event=event, name="Bea Bestätigt")
    client.force_login(cluster_manager)

    response = client.get(url(event, query + "&format=csv"))

    assert response.status_code == 400
    assert response.content.decode().startswith("Kein Export: Ein Filter wurde nicht verstanden")


def test_the_list_names_a_filter_not_understood_and_applies_the_others(client, event,
                                                                      cluster_manager):
    RegistrationFactory(event=event, name="Bea Bestätigt")
    RegistrationFactory(event=event, name="Wim Wartend", status="waitlisted")
    client.force_login(cluster_manager)

    response = client.get(url(event, "?status=waitlisted&agenda_item=abc"))

    assert response.status_code == 200
    assert [r.name for r in response.context["registrations"]] == ["Wim Wartend"]
    assert "Einige Filter wurden nicht verstanden" in response.content.decode()
    # The export links carry only the filters that apply.
    assert response.context["query"] == "status=waitlisted"


def make_rows(event, count):
    island = AgendaItemFactory(event=event)
    organisation = OrganizationFactory()
    for n in range(count):
        registration = RegistrationFactory(event=event, organisation=organisation if n % 2 else None,
                                           status="waitlisted" if n % 5 == 0 else "confirmed")
        AgendaChoice.objects.create(registration=registration, agenda_item=island)


@pytest.mark.parametrize("query", ["", "?format=csv", "?format=xlsx", "?print=badges"])
def test_the_query_count_does_not_grow_with_the_rows(client, event, economic_development,
                                                     django_assert_num_queries, query):
    client.force_login(economic_development)
    make_rows(event, 10)

    def measure():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            response = client.get(url(event, query))
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        return len(context.captured_queries)

    few = measure()
    make_rows(event, 190)
    many = measure()
    # session, user, groups, event, organisers, agenda items for the filter (2), waitlist
    # positions, registrations, their agenda choices, counts, the registration questions: the
    # same for 10 and 200 rows.
    assert few == many
    assert many <= 15


def test_the_print_views_have_a_print_button(client, event, cluster_manager):
    RegistrationFactory(event=event, name="Mara Muster", organisation_name="Muster GmbH")
    client.force_login(cluster_manager)

    for view in ("badges", "sheet"):
        text = client.get(url(event, f"?print={view}")).content.decode()
        assert "data-print" in text and "Mara Muster" in text and "Muster GmbH" in text
