"""The column chooser of the cross-event registrations export of a period (funding reports)."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from events.tests.factories import EventFactory, RegistrationFactory
from network_portal.models import AuditEntry, ExportPreset

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
CHOOSER = "/events/registrations/export/columns/?from=2026-01-01&to=2026-12-31"
EXPORT = "/events/registrations/export/"


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))


def event_on(day, **fields):
    start = datetime(*day, 10, tzinfo=BERLIN)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), **fields)


@pytest.mark.parametrize(("persona", "status"), [
    ("member", 403), ("cluster_manager", 403), ("economic_development", 200), ("admin_user", 200),
])
def test_who_may_choose_the_columns(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(CHOOSER).status_code == status


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(CHOOSER)

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_page_names_the_period_and_every_column(client, economic_development):
    client.force_login(economic_development)

    page = client.get(CHOOSER).content.decode()

    assert "Anmeldungen eines Zeitraums exportieren" in page
    assert "1. Januar 2026 – 31. Dezember 2026" in page
    assert 'value="event"' in page and 'value="checked_in"' in page
    # Back to the statistics of the same period.
    assert 'href="/statistics/?period=custom&amp;from=2026-01-01&amp;to=2026-12-31"' in page


def test_download_goes_to_the_export_with_the_chosen_columns_neutralised(
        client, economic_development):
    event = event_on((2026, 3, 5), title_de="=HYPERLINK(\"x\")")
    RegistrationFactory(event=event, name="Anna Anode")
    client.force_login(economic_development)

    response = client.post(CHOOSER, {"filters": "from=2026-01-01&to=2026-12-31",
                                     "order": ["name", "event", "email"],
                                     "columns": ["name", "event"], "format": "csv",
                                     "action": "download"})

    assert response.status_code == 303
    assert response["Location"] == (
        f"{EXPORT}?from=2026-01-01&to=2026-12-31&format=csv&columns=name,event")
    rows = read_csv(client.get(response["Location"]))
    assert rows == [["Name", "Veranstaltung"], ["Anna Anode", "'=HYPERLINK(\"x\")"]]
    assert AuditEntry.objects.filter(action="events.registrations.period_exported").count() == 1


def test_an_unknown_column_is_refused_naming_the_valid_ones(client, economic_development):
    client.force_login(economic_development)

    page = client.get(CHOOSER + "&columns=name,salary")
    posted = client.post(CHOOSER, {"order": ["name", "salary"], "columns": ["salary"],
                                   "format": "csv", "action": "download"})
    export = client.get(EXPORT + "?from=2026-01-01&to=2026-12-31&format=csv&columns=salary")

    for response in (page, posted, export):
        assert response.status_code == 400
        text = response.content.decode()
        assert "salary" in text and "event, event_starts, name" in text
    assert not AuditEntry.objects.filter(action="events.registrations.period_exported").exists()


@pytest.mark.parametrize("query", ["", "?from=2026-12-31&to=2026-01-01", "?from=morgen&to=2026-01-01"])
def test_a_period_not_understood_is_a_400(client, economic_development, query):
    client.force_login(economic_development)

    response = client.get("/events/registrations/export/columns/" + query)

    assert response.status_code == 400


def test_a_saved_choice_is_the_persons_own(client, economic_development, admin_user):
    client.force_login(economic_development)

    saved = client.post(CHOOSER, {"order": ["event", "name"], "columns": ["event", "name"],
                                  "name": "Jahresbericht Land", "share": "me", "action": "save"},
                        follow=True)

    assert saved.redirect_chain[0][1] == 303 and "Jahresbericht Land" in saved.content.decode()
    preset = ExportPreset.objects.get()
    assert (preset.kind, preset.columns, preset.owner) == (
        "events.registrations_period", ["event", "name"], economic_development)
    client.force_login(admin_user)
    assert "Jahresbericht Land" not in client.get(CHOOSER).content.decode()
    # Sharing with an organiser is not offered here: nobody may save for one.
    client.force_login(economic_development)
    refused = client.post(CHOOSER, {"order": ["event"], "columns": ["event"], "name": "Geteilt",
                                    "share": "1", "action": "save"})
    assert refused.status_code == 400 and ExportPreset.objects.count() == 1


@pytest.mark.parametrize("presets", [1, 8])
def test_the_page_takes_the_same_queries_however_many_choices_are_saved(
        client, economic_development, django_assert_num_queries, presets):
    for n in range(presets):
        ExportPreset.objects.create(kind="events.registrations_period", name=f"Wahl {n}",
                                    owner=economic_development, columns=["event", "name"],
                                    created_by=economic_development)
    client.force_login(economic_development)

    # 1 session, 2 user with their groups (the permission; portal.auth), 3 the saved choices.
    with django_assert_num_queries(3):
        response = client.get(CHOOSER)

    assert response.status_code == 200 and response.content.decode().count("Wahl ") >= presets
