"""Staff see open barrier reports with their age and mark them answered (one month to answer)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from accessibility.models import BarrierReport
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db

URL = "/accessibility/reports/"


def report(days_ago=0, **fields):
    fields.setdefault("description", "Kontrast der Filterknöpfe zu schwach")
    return BarrierReport.objects.create(created_at=timezone.now() - timedelta(days=days_ago),
                                        **fields)


def article(html, report):
    """The part of the page about one report."""
    return html.split(f'id="report-{report.pk}"')[1].split("</article>")[0]


@pytest.mark.parametrize("persona", [None, "member", "cluster_manager"])
def test_only_staff_see_the_reports(client, request, persona):
    report()
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = client.get(URL)

    assert response.status_code == 403
    assert "Kontrast" not in response.content.decode()


@pytest.mark.parametrize("persona", ["economic_development", "admin_user"])
def test_economic_development_and_admins_see_open_reports(client, request, persona):
    report(email="ada@beispiel.example", name="Ada Beispiel", page="/events/")
    client.force_login(request.getfixturevalue(persona))

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kontrast der Filterknöpfe zu schwach" in html
    assert "mailto:ada@beispiel.example" in html and "/events/" in html


def test_reports_show_their_age_oldest_first_and_warn_before_the_month_is_over(
        client, economic_development):
    fresh, three_weeks, overdue = report(2), report(22), report(35)
    client.force_login(economic_development)

    html = client.get(URL).content.decode()

    assert html.index(f'id="report-{overdue.pk}"') < html.index(f'id="report-{three_weeks.pk}"') \
        < html.index(f'id="report-{fresh.pk}"')
    assert "vor 2 Tagen" in article(html, fresh)
    assert "vor 22 Tagen" in article(html, three_weeks)
    assert "Antwort bald fällig" in article(html, three_weeks)
    assert "Überfällig" in article(html, overdue) and "vor 35 Tagen" in article(html, overdue)
    assert "Überfällig" not in article(html, fresh) and "bald fällig" not in article(html, fresh)
    answer_by = date_format(timezone.localtime(overdue.created_at + timedelta(days=30)))
    assert f"Antwort bis {answer_by}." in article(html, overdue)  # e.g. "26. November 2026"


def test_staff_mark_a_report_answered_and_it_leaves_the_open_list(client, economic_development):
    open_report = report(3)
    client.force_login(economic_development)

    response = client.post(f"{URL}{open_report.pk}/answered/", {"note": "Per E-Mail beantwortet"},
                           follow=True)

    open_report.refresh_from_db()
    assert open_report.answered_by == economic_development
    assert open_report.answered_at is not None
    assert open_report.answer_note == "Per E-Mail beantwortet"
    html = response.content.decode()
    assert f'id="report-{open_report.pk}"' not in html
    assert "Zuletzt beantwortet" in html and "Per E-Mail beantwortet" in html


def test_a_second_click_keeps_the_first_answer(client, economic_development, admin_user):
    open_report = report(3)
    client.force_login(economic_development)
    client.post(f"{URL}{open_report.pk}/answered/", {"note": "erste"})
    client.force_login(admin_user)

    response = client.post(f"{URL}{open_report.pk}/answered/", {"note": "zweite"}, follow=True)

    open_report.refresh_from_db()
    assert (open_report.answered_by, open_report.answer_note) == (economic_development, "erste")
    assert "bereits als beantwortet markiert" in response.content.decode()


def test_members_cannot_mark_reports_answered(client, member):
    open_report = report(3)
    client.force_login(member)

    response = client.post(f"{URL}{open_report.pk}/answered/")

    assert response.status_code == 403
    open_report.refresh_from_db()
    assert open_report.answered_at is None


def test_the_list_costs_the_same_queries_with_many_reports(client, economic_development):
    client.force_login(economic_development)
    answerer = make_user("zweite@wifoe.example", role="economic-development")

    def add(n):
        for i in range(n):
            report(i)
            report(i, answered_at=timezone.now(), answered_by=answerer)

    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    add(40)
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    # session, user, groups, open reports, answered reports with who answered
    assert len(many.captured_queries) == len(few.captured_queries) <= 5


def test_my_portal_tells_staff_how_many_reports_wait_and_how_many_are_overdue(
        client, economic_development):
    report(2), report(40), report(5, answered_at=timezone.now())
    client.force_login(economic_development)

    html = client.get("/my/").content.decode()

    assert "2 Meldungen warten auf eine Antwort." in html
    assert "1 davon ist überfällig." in html
    assert 'href="/accessibility/reports/"' in html


def test_my_portal_shows_members_no_reports(client, member):
    report(40)
    client.force_login(member)

    html = client.get("/my/").content.decode()

    assert "/accessibility/reports/" not in html
