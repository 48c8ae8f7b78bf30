"""The B2B meetings table of the statistics: counted by matchmaking's one count (the grid's),
reached by the reports app through reports.hooks, within the statistics' permissions."""

import csv
import io
from datetime import date, datetime, timedelta
from itertools import count

import pytest
from django.contrib.auth import get_user_model

from delegations.tests.factories import StopFactory
from matchmaking import meeting_reads
from matchmaking.models import Meeting, MeetingBlock, MeetingParticipant, MeetingSetup, MeetingSlot
from reports import services
from reports.tests.factories import BERLIN, R, at, event, organisation, register, trip

pytestmark = pytest.mark.django_db
S = Meeting.Status
YEAR = {"period": "year", "year": "2025"}
_people = count()
User = get_user_model()


def with_meetings(*, event=None, trip=None, stop=None, start=None, statuses=()):
    """Meetings switched on, a block of four slots from `start`, one pair of participants
    per meeting of `statuses` (an accepted one in its own slot)."""
    setup = MeetingSetup.objects.create(event=event, trip=trip, stop=stop, tables=2,
                                        slot_minutes=30)
    start = start or event.starts_at
    block = MeetingBlock.objects.create(setup=setup, starts_at=start,
                                        ends_at=start + timedelta(hours=2))
    slots = [MeetingSlot.objects.create(setup=setup, block=block,
                                        starts_at=start + timedelta(minutes=30 * n),
                                        ends_at=start + timedelta(minutes=30 * (n + 1)))
             for n in range(4)]
    for n, status in enumerate(statuses):
        one, other = (MeetingParticipant.objects.create(
            setup=setup, user=User.objects.create(email=f"p{next(_people)}@example.com"))
            for _ in range(2))
        accepted = status == S.ACCEPTED
        Meeting.objects.create(setup=setup, requester=one, invitee=other, message="Hallo",
                               status=status, slot=slots[n % 4] if accepted else None,
                               table=1 + n // 4 if accepted else None)
    return setup


def meetings_table(stats):
    table = stats.table("meetings")
    return [dict(zip([key for key, _label in table.columns], row, strict=True))
            for row in table.rows], table


def test_the_table_counts_as_the_grid_does_per_event_and_trip(cluster):
    fair = event(at(2025, 3, 5), [cluster], title_de="Batteriemesse")
    fair_setup = with_meetings(event=fair, statuses=[
        S.ACCEPTED, S.ACCEPTED, S.DECLINED, S.EXPIRED, S.CANCELLED, S.REQUESTED])
    event(at(2025, 4, 1), [cluster], title_de="Ohne Gespräche")  # no meetings: no row
    journey = trip(date(2025, 6, 2), [cluster], title_de="Reise nach Lyon")
    start = datetime(2025, 6, 2, 10, tzinfo=BERLIN)
    with_meetings(trip=journey, start=start, statuses=[S.ACCEPTED])
    with_meetings(trip=journey, stop=StopFactory(trip=journey, date=date(2025, 6, 3)),
                  start=start + timedelta(days=1), statuses=[S.ACCEPTED, S.DECLINED])
    # Later in the year, meetings not over yet: accepted, not held.
    reception = event(at(2025, 12, 30, hour=9), [cluster], title_de="Jahresempfang")
    with_meetings(event=reception, statuses=[S.ACCEPTED])
    now = at(2025, 12, 30, hour=9) + timedelta(minutes=15)  # in its first slot

    rows, table = meetings_table(services.statistics(start=date(2025, 1, 1),
                                                     end=date(2025, 12, 31), now=now))

    assert [(row["date"], str(row["label"])) for row in rows] == [
        (date(2025, 3, 5), "Batteriemesse"), (date(2025, 6, 2), "Reise nach Lyon"),
        (date(2025, 12, 30), "Jahresempfang")]
    fair_row = {key: value for key, value in rows[0].items() if key not in ("date", "label")}
    assert fair_row == meeting_reads.figures(fair_setup, now=now) == {
        "requested": 6, "accepted": 2, "held": 2, "declined": 1, "expired": 1, "cancelled": 1,
        "waiting": 1, "participants": 12}
    # A trip adds up its own meetings and its stops'.
    assert (rows[1]["requested"], rows[1]["accepted"], rows[1]["held"], rows[1]["declined"],
            rows[1]["participants"]) == (3, 2, 2, 1, 6)
    assert (rows[2]["accepted"], rows[2]["held"]) == (1, 0)
    assert table.total[2:] == [10, 5, 4, 2, 1, 1, 1, 20]


def test_a_cluster_manager_sees_only_the_meetings_of_their_clusters(
        client, cluster, other_cluster, cluster_manager):
    with_meetings(event=event(at(2025, 3, 5), [cluster], title_de="Unser Treffen"),
                  statuses=[S.ACCEPTED])
    with_meetings(event=event(at(2025, 3, 6), [other_cluster], title_de="Fremdes Treffen"),
                  statuses=[S.DECLINED])
    client.force_login(cluster_manager)

    page = client.get("/statistics/", YEAR).content.decode()
    export = client.get("/statistics/", {**YEAR, "table": "meetings", "format": "csv"})

    assert 'id="table-meetings"' in page and "B2B-Gespräche" in page
    assert "Unser Treffen" in page and "Fremdes Treffen" not in page
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[0][:5] == ["Datum", "Veranstaltung oder Reise", "Angefragt", "Angenommen",
                           "Stattgefunden"]
    assert [row[1] for row in rows[1:]] == ["Unser Treffen", ""]  # and the total


@pytest.mark.parametrize("url", ["/statistics/?period=year&year=2025&table=meetings&format=csv",
                                 "/statistics/columns/?period=year&year=2025&table=meetings"])
def test_who_may_not_see_the_statistics_gets_403(client, member, url):
    client.force_login(member)

    assert client.get(url).status_code == 403


def test_the_columns_of_the_meetings_table_can_be_chosen(client, cluster, economic_development):
    with_meetings(event=event(at(2025, 3, 5), [cluster], title_de="=Messe"),
                  statuses=[S.ACCEPTED, S.DECLINED])
    client.force_login(economic_development)
    chooser = "/statistics/columns/?period=year&year=2025&table=meetings"

    assert 'value="held"' in client.get(chooser).content.decode()
    response = client.post(chooser, {"filters": "period=year&year=2025&table=meetings",
                                     "order": ["label", "declined"],
                                     "columns": ["label", "declined"], "format": "csv",
                                     "action": "download"})
    export = client.get(response["Location"])
    bad = client.get("/statistics/", {**YEAR, "table": "meetings", "format": "csv",
                                      "columns": "label,umsatz"})

    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")),
                           delimiter=";"))
    assert rows == [["Veranstaltung oder Reise", "Abgelehnt"], ["'=Messe", "1"], ["", "1"]]
    assert bad.status_code == 400 and "umsatz" in bad.content.decode()


def a_year(cluster, n):
    for i in range(n):
        fair = event(at(2025, 1 + i % 12, 1 + i % 27), [cluster])
        register(fair, R.ATTENDED, organisation=organisation(member_of=cluster))
        with_meetings(event=fair, statuses=[S.ACCEPTED, S.DECLINED, S.REQUESTED])
        journey = trip(date(2025, 1 + i % 12, 2), [cluster])
        with_meetings(trip=journey, start=datetime(2025, 1 + i % 12, 2, 10, tzinfo=BERLIN),
                      statuses=[S.ACCEPTED])


@pytest.mark.parametrize("n", [1, 12])
def test_the_meeting_figures_take_three_queries_however_many(cluster, django_assert_num_queries,
                                                             n):
    a_year(cluster, n)

    # The statistics' seven (reports/tests/test_query_counts.py), 8 the setups of these events
    # and trips, 9 their meetings counted, 10 their participants counted.
    with django_assert_num_queries(10):
        stats = services.statistics(start=date(2025, 1, 1), end=date(2025, 12, 31),
                                    organiser_ids={cluster.pk}, now=at(2026, 1, 1))

    rows, table = meetings_table(stats)
    assert len(rows) == 2 * n and table.total[2:5] == [4 * n, 2 * n, 2 * n]


@pytest.mark.parametrize("n", [1, 12])
def test_the_page_and_the_export_take_the_same_queries(client, cluster, economic_development,
                                                      django_assert_num_queries, n):
    from django.contrib.contenttypes.models import ContentType

    a_year(cluster, n)
    client.force_login(economic_development)
    ContentType.objects.get_for_model(economic_development)

    # 1 session, 2 user with their groups (portal.auth), 3-5 the organiser choices, 6-15 the
    # figures.
    with django_assert_num_queries(15):
        assert client.get("/statistics/", YEAR).status_code == 200
    # The same, and the audit entry.
    with django_assert_num_queries(16):
        response = client.get("/statistics/", {**YEAR, "table": "meetings", "format": "csv"})
        b"".join(response.streaming_content)


@pytest.mark.parametrize("setups", [1, 6])
def test_the_grid_counts_in_two_queries(setups, cluster, django_assert_num_queries):
    made = [with_meetings(event=event(at(2025, 3, 1 + n), [cluster]),
                          statuses=[S.ACCEPTED, S.REQUESTED]) for n in range(setups)]

    with django_assert_num_queries(2):
        figures = meeting_reads.figures_of([setup.pk for setup in made])

    assert [figures[setup.pk]["requested"] for setup in made] == [2] * setups
