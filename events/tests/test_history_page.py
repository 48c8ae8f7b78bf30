"""The event's managers see its history on the edit page: when, who, what."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import history, services
from events.tests.factories import RegistrationFactory, attendee
from network_portal import audit
from network_portal.models import OutgoingEmail
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db


def edit_page(client, event):
    return client.get(f"/events/{event.slug}/edit/")


def test_the_edit_page_shows_who_did_what(client, event, cluster_manager):
    cluster_manager.first_name, cluster_manager.last_name = "Petra", "Beispiel"
    cluster_manager.save()
    services.change_capacity(event, capacity=60, by=cluster_manager)
    registration = RegistrationFactory(event=event, name="Mara Muster")
    services.check_in(registration, by=cluster_manager)
    services.record_export(event, fmt="csv", rows=12, by=cluster_manager)
    client.force_login(cluster_manager)

    text = edit_page(client, event).content.decode()

    history_part = text.split('id="history-heading"')[1]
    assert "Petra Beispiel" in history_part
    assert "hat die Zahl der Plätze geändert" in history_part and "Plätze 50 → 60" in history_part
    assert "hat eine Person eingecheckt" in history_part and "Mara Muster" in history_part
    assert "hat die Teilnehmendenliste exportiert" in history_part
    assert "CSV (Excel, Semikolon), 12 Zeilen" in history_part
    # Newest first.
    assert history_part.index("exportiert") < history_part.index("eingecheckt") < \
        history_part.index("Plätze geändert")


def test_edits_name_their_fields_and_the_portal_and_erased_accounts_are_named_so(
        client, event, cluster_manager):
    event.title_de = "Neuer Titel"
    services.save_event(event, by=None)
    gone = make_user("weg@example.com", role="economic-development")
    services.record_export(event, fmt="badges", rows=3, by=gone)
    audit.erase_actor(gone)
    gone.delete()
    client.force_login(cluster_manager)

    history_part = edit_page(client, event).content.decode().split('id="history-heading"')[1]

    assert "das Portal" in history_part and "Titel (Deutsch)" in history_part
    assert "ein gelöschtes Konto" in history_part and "Namensschilder, 3 Zeilen" in history_part


def test_a_new_event_has_no_history_yet(client, cluster_manager):
    client.force_login(cluster_manager)

    assert 'id="history-heading"' not in client.get("/events/new/").content.decode()


def test_the_history_costs_the_same_queries_for_few_and_many_entries(client, event,
                                                                    cluster_manager):
    client.force_login(cluster_manager)

    def add(n):
        for i in range(n):
            registration = services.register(event, attendee(f"{n}-{i}"))
            services.check_in(registration, by=cluster_manager)
            email = OutgoingEmail.objects.filter(to=registration.email).first()
            OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.SENT)
            email.refresh_from_db()
            services.resend_email(email, event=event, by=cluster_manager)
            services.record_export(event, fmt="xlsx", rows=i, by=cluster_manager)

    def count():
        with CaptureQueriesContext(connection) as context:
            response = edit_page(client, event)
        assert response.status_code == 200
        return len(context.captured_queries), response.context["history"]

    add(1)
    few, shown = count()
    add(20)
    many, shown = count()
    # session, user, event, organisers, roles, managed clusters, the organisers to choose, the
    # series to choose, the agenda items, the registration questions; the history: entries with
    # their actors, the names of the people checked in, the recipients of the e-mails sent again.
    assert few == many <= 13
    assert len(shown) == 50 and {e.action for e in shown} == {
        history.CHECKED_IN, history.EMAIL_RESENT, history.EXPORTED}
