"""Choosing the columns of the participants export: the chooser page, saved choices for the
event's organisers, URL tampering, the file in the chosen order, query counts."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from events.models import Answer, Question, Registration
from events.tests.factories import EventFactory, OrganizationFactory, RegistrationFactory
from network_portal.models import AuditEntry, ExportPreset

pytestmark = pytest.mark.django_db


def chooser(event, query=""):
    return f"/events/{event.slug}/participants/columns/{query}"


def export_url(event, query=""):
    return f"/events/{event.slug}/participants/{query}"


def read_csv(response):
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def rows(event):
    RegistrationFactory(event=event, name="Mara Muster", email="mara@example.org",
                        diet="=vegan", job_title="Einkauf")
    RegistrationFactory(event=event, name="Jonas Ziel", email="jonas@example.org",
                        status=Registration.Status.WAITLISTED)


def test_the_chooser_lists_every_column_ticked_in_the_exports_order(client, event, cluster_manager):
    client.force_login(cluster_manager)
    page = client.get(chooser(event, "?status=confirmed"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index('value="name"') < html.index('value="email"') < html.index('value="diet"')
    assert 'name="filters" value="status=confirmed"' in html
    # Saved for oneself, or for the organiser this person manages.
    assert "Nur mir" in html and "Allen, die für Batterie-Cluster Test exportieren" in html


def test_download_redirects_to_the_export_with_the_filters_and_columns_in_order(
        client, event, cluster_manager, rows):
    client.force_login(cluster_manager)
    order = ["name", "email", "organisation", "diet", "status"]
    response = client.post(chooser(event), {
        "filters": "status=confirmed", "order": ["diet", *[k for k in order if k != "diet"]],
        "columns": ["diet", "name"], "format": "csv", "action": "download"})
    assert response.status_code == 303
    assert response["Location"] == export_url(event, "?status=confirmed&format=csv&columns=diet,name")
    data = read_csv(client.get(response["Location"]))
    assert data == [["Ernährungswünsche", "Name"], ["'=vegan", "Mara Muster"]]


def test_the_xlsx_export_has_the_chosen_columns_in_order(client, event, cluster_manager, rows):
    client.force_login(cluster_manager)
    data = read_xlsx(client.get(export_url(event, "?format=xlsx&columns=status,name,diet&sort=name")))
    assert data == [["Status", "Name", "Ernährungswünsche"],
                    ["Warteliste", "Jonas Ziel", None],
                    ["Bestätigt", "Mara Muster", "=vegan"]]


def test_moving_a_column_without_javascript_keeps_the_choice(client, event, cluster_manager):
    client.force_login(cluster_manager)
    response = client.post(chooser(event), {
        "order": ["name", "email", "diet"], "columns": ["name", "diet"],
        "move": "up:diet", "format": "xlsx"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('name="order" value="name"') < html.index('name="order" value="diet"') \
        < html.index('name="order" value="email"')
    assert 'value="email" id="column-email">' in html  # still not ticked
    assert 'id="format-xlsx" value="xlsx" checked' in html


def test_untick_and_tick_all_without_javascript(client, event, cluster_manager):
    client.force_login(cluster_manager)
    html = client.post(chooser(event), {"order": ["email", "name"], "columns": ["name"],
                                        "action": "none"}).content.decode()
    assert " checked" not in html.split("data-column-list")[1].split("</ol>")[0]
    assert html.index('name="order" value="email"') < html.index('name="order" value="name"')
    html = client.post(chooser(event), {"order": ["email"], "action": "all"}).content.decode()
    assert 'id="column-diet" checked' in html


def test_a_choice_saved_for_the_organiser_is_offered_on_its_other_events(
        client, event, cluster, cluster_manager, economic_development):
    client.force_login(cluster_manager)
    response = client.post(chooser(event), {
        "order": ["name", "organisation", "email"], "columns": ["name", "organisation"],
        "name": "Namensschilder", "share": str(cluster.pk), "action": "save", "filters": ""})
    assert response.status_code == 303
    preset = ExportPreset.objects.get()
    assert (preset.name, preset.organiser, preset.owner, preset.columns, preset.created_by) == (
        "Namensschilder", cluster, None, ["name", "organisation"], cluster_manager)
    assert response["Location"] == chooser(event, f"?preset={preset.pk}")
    assert AuditEntry.objects.filter(action="network_portal.export_preset.saved").count() == 1

    # Next time, on another event of the cluster, for economic development too: offered, with
    # direct downloads in the chosen order.
    later = EventFactory(organisers=[cluster])
    client.force_login(economic_development)
    html = client.get(chooser(later)).content.decode()
    assert "Namensschilder" in html
    assert export_url(later, "?format=csv&amp;columns=name,organisation") in html
    html = client.get(chooser(later, f"?preset={preset.pk}")).content.decode()
    assert html.index('id="column-name" checked') < html.index('id="column-organisation" checked')
    assert 'value="email" id="column-email">' in html


def test_another_organisers_choice_is_neither_offered_nor_usable_by_url(
        client, event, cluster_manager, other_cluster, other_manager):
    theirs = ExportPreset.objects.create(kind="events.participants", name="Geheim",
                                         organiser=other_cluster, columns=["email"])
    personal = ExportPreset.objects.create(kind="events.participants", name="Privat",
                                           owner=other_manager, columns=["email"])
    client.force_login(cluster_manager)
    page = client.get(chooser(event))
    assert "Geheim" not in page.content.decode() and "Privat" not in page.content.decode()
    for preset in (theirs, personal):
        response = client.get(chooser(event, f"?preset={preset.pk}"))
        assert response.status_code == 404
        assert "Geheim" not in response.content.decode()
        response = client.post(chooser(event), {"action": f"delete:{preset.pk}", "filters": ""})
        assert response.status_code == 404
    # Saving "for" the other cluster (a tampered radio value) is refused too.
    response = client.post(chooser(event), {
        "order": ["name"], "columns": ["name"], "name": "Untergeschoben",
        "share": str(other_cluster.pk), "action": "save"})
    assert response.status_code == 400
    assert ExportPreset.objects.count() == 2
    assert not AuditEntry.objects.exists()


def test_the_chooser_is_only_for_who_may_export(client, event, other_manager, member):
    for person in (other_manager, member):
        client.force_login(person)
        assert client.get(chooser(event)).status_code == 403
        assert client.post(chooser(event), {"action": "save", "name": "X", "order": ["name"],
                                            "columns": ["name"]}).status_code == 403
    assert not ExportPreset.objects.exists()


def test_unknown_columns_are_refused_with_a_message_and_change_nothing(
        client, event, cluster_manager):
    client.force_login(cluster_manager)
    response = client.post(chooser(event), {
        "order": ["name", "salary"], "columns": ["name", "salary"], "name": "Gehalt",
        "action": "save"})
    assert response.status_code == 400
    assert "salary" in response.content.decode()
    assert not ExportPreset.objects.exists()
    response = client.get(export_url(event, "?format=csv&columns=name,salary"))
    assert response.status_code == 400
    assert "salary" in response.content.decode()
    # Nothing exported, so nothing recorded in the event's history.
    assert not AuditEntry.objects.filter(action__contains="export").exists()


def test_the_export_takes_as_many_queries_for_many_rows_with_a_chosen_subset(
        client, event, cluster_manager):
    client.force_login(cluster_manager)
    organisation = OrganizationFactory()

    def count(query):
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            response = client.get(export_url(event, query))
            assert response.status_code == 200
            b"".join(response.streaming_content)
        return len(context.captured_queries)

    def add(n):
        for _ in range(n):
            RegistrationFactory(event=event, organisation=organisation)

    add(2)
    chosen = "?format=csv&columns=region,name,agenda"
    few_chosen, few_all = count(chosen), count("?format=csv")
    add(30)
    assert count(chosen) == few_chosen == few_all == count("?format=csv")
    assert count("?format=xlsx&columns=name,region") == count("?format=xlsx")


@pytest.mark.vnu
def test_the_chooser_is_valid_html(client, event, cluster, cluster_manager, tmp_path):
    import subprocess

    from network_portal.testing import VNU_JAR
    from network_portal.testing import require_vnu as _require_vnu

    java = _require_vnu()
    preset = ExportPreset.objects.create(kind="events.participants", name="Catering",
                                         organiser=cluster, columns=["name", "diet"])
    client.force_login(cluster_manager)
    pages = {
        "empty": client.get(chooser(event, "?status=confirmed")),
        "preset": client.get(chooser(event, f"?preset={preset.pk}")),
        "error": client.post(chooser(event), {"order": ["name"], "columns": ["name"],
                                              "action": "save", "name": ""}),
    }
    files = []
    for name, response in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    assert pages["error"].status_code == 400
    result = subprocess.run([java, "-jar", VNU_JAR, "--errors-only", *files],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr.replace(str(tmp_path) + "/", "")


def test_the_chooser_in_english(client, event, cluster, cluster_manager):
    client.force_login(cluster_manager)
    html = client.get(chooser(event), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in ("Export the participants", "Saved choices", "Columns and their order",
                 "Untick all", "Move “Dietary requirements” up", "Offer it to", "Only me",
                 "Everyone who exports for Batterie-Cluster Test", "Save choice"):
        assert text in html


# A hybrid event's export has "Teilnahme" (on site or online); the chooser offers it there only.

@pytest.fixture
def hybrid(cluster):
    event = EventFactory(organisers=[cluster], capacity=10, online_capacity=10,
                         online_url="https://meet.example.org/spalten")
    RegistrationFactory(event=event, name="Olga Online", email="olga@example.org",
                        attendance=Registration.Attendance.ONLINE)
    RegistrationFactory(event=event, name="Sabine Saal", email="sabine@example.org")
    return event


def test_the_chooser_offers_the_attendance_column_at_a_hybrid_event_only(
        client, event, hybrid, cluster_manager):
    client.force_login(cluster_manager)

    html = client.get(chooser(hybrid)).content.decode()
    assert 'value="attendance"' in html and "Teilnahme" in html
    # After the status, as in the file.
    assert html.index('value="status"') < html.index('value="attendance"') < html.index(
        'value="waitlist"')
    assert 'value="attendance"' not in client.get(chooser(event)).content.decode()


def test_the_attendance_column_chosen_is_exported_in_the_chosen_order(
        client, hybrid, cluster_manager):
    client.force_login(cluster_manager)
    response = client.post(chooser(hybrid), {
        "order": ["attendance", "name"], "columns": ["attendance", "name"],
        "action": "download", "format": "csv"})
    assert response.status_code == 303
    assert "columns=attendance,name" in response["Location"]

    lines = read_csv(client.get(response["Location"]))
    assert lines[0] == ["Teilnahme", "Name"]
    assert sorted(lines[1:]) == [["Online", "Olga Online"], ["Vor Ort", "Sabine Saal"]]


def test_the_attendance_column_of_a_plain_event_is_refused_naming_the_valid_ones(
        client, event, rows, cluster_manager):
    client.force_login(cluster_manager)

    response = client.get(export_url(event, "?format=csv&columns=name,attendance"))

    assert response.status_code == 400
    text = response.content.decode()
    assert "attendance" in text and "name, email, organisation" in text
    assert not AuditEntry.objects.filter(action__contains="export").exists()
    chosen = client.post(chooser(event), {"order": ["name", "attendance"],
                                          "columns": ["name", "attendance"], "action": "download"})
    assert chosen.status_code == 400 and "attendance" in chosen.content.decode()


def test_a_saved_choice_with_attendance_leaves_it_out_at_a_plain_event(
        client, event, hybrid, rows, cluster_manager):
    client.force_login(cluster_manager)
    client.post(chooser(hybrid), {"order": ["name", "attendance"],
                                  "columns": ["name", "attendance"], "name": "Stream",
                                  "action": "save", "share": "me"})
    preset = ExportPreset.objects.get(name="Stream")
    assert preset.columns == ["name", "attendance"]

    html = client.get(chooser(event, f"?preset={preset.pk}")).content.decode()
    # The chooser ticks what this export has of the choice; its download links leave it out.
    assert 'value="name" id="column-name" checked' in html
    assert 'value="email" id="column-email">' in html and 'value="attendance"' not in html
    assert "columns=name,attendance" not in html and "columns=name%2Cattendance" not in html
    assert "format=csv&amp;columns=name" in html


# The registration questions' columns (`question_<pk>`): offered after the fixed ones, exported
# in the chosen order, kept in saved choices of this event, left out elsewhere.

def _ask(event, label_de, label_en="", kind=Question.Kind.TEXT, **fields):
    return Question.objects.create(event=event, label_de=label_de, label_en=label_en, kind=kind,
                                   **fields)


@pytest.fixture
def asked(event):
    """Two questions and two registrations; Mara's free-text answer starts like a formula."""
    dinner = _ask(event, "Teilnahme am Abendessen", "Dinner", Question.Kind.YES_NO, position=0)
    note = _ask(event, "Anmerkung", "Note", position=1)
    mara = RegistrationFactory(event=event, name="Mara Muster", email="mara@example.org")
    jonas = RegistrationFactory(event=event, name="Jonas Ziel", email="jonas@example.org")
    Answer.objects.create(registration=mara, question=dinner, value="yes")
    Answer.objects.create(registration=mara, question=note, value="=HYPERLINK(\"x\")")
    Answer.objects.create(registration=jonas, question=dinner, value="no")
    return dinner, note


def test_the_chooser_offers_each_question_after_the_fixed_columns(
        client, event, cluster_manager, asked):
    dinner, note = asked
    client.force_login(cluster_manager)
    html = client.get(chooser(event)).content.decode()
    keys = [f"question_{dinner.pk}", f"question_{note.pk}"]
    assert (html.index('value="network_member"') < html.index(f'value="{keys[0]}"')
            < html.index(f'value="{keys[1]}"'))
    assert f'id="column-{keys[0]}" checked' in html
    assert f'<label class="form-check-label" for="column-{keys[0]}">Teilnahme am Abendessen' in html
    english = client.get(chooser(event), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'for="column-{keys[0]}">Dinner</label>' in english
    assert f'for="column-{keys[1]}">Note</label>' in english
    # Another event's questions are not offered here.
    assert f'value="{keys[0]}"' not in client.get(chooser(EventFactory(
        organisers=event.organisers.all()))).content.decode()


def test_a_chosen_question_is_exported_in_the_chosen_order_neutralised_in_csv(
        client, event, cluster_manager, asked):
    dinner, note = asked
    client.force_login(cluster_manager)
    response = client.post(chooser(event), {
        "order": [f"question_{note.pk}", "name", f"question_{dinner.pk}"],
        "columns": [f"question_{note.pk}", "name", f"question_{dinner.pk}"],
        "format": "csv", "action": "download", "filters": "sort=name"})
    assert response.status_code == 303
    assert f"columns=question_{note.pk},name,question_{dinner.pk}" in response["Location"]
    assert read_csv(client.get(response["Location"])) == [
        ["Anmerkung", "Name", "Teilnahme am Abendessen"],
        ["", "Jonas Ziel", "Nein"],
        ["'=HYPERLINK(\"x\")", "Mara Muster", "Ja"]]
    # Position numbers order question columns like any other.
    data = read_csv(client.get(export_url(
        event, f"?format=csv&columns=name,question_{dinner.pk}&order-question_{dinner.pk}=1"
               "&order-name=2&sort=name")))
    assert data[0] == ["Teilnahme am Abendessen", "Name"]


def test_a_chosen_question_in_xlsx_is_text_never_a_formula(client, event, cluster_manager, asked):
    dinner, note = asked
    client.force_login(cluster_manager)
    response = client.get(export_url(
        event, f"?format=xlsx&columns=name,question_{note.pk}&sort=name"), HTTP_ACCEPT_LANGUAGE="en")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [list(row) for row in sheet.iter_rows()]
    assert [[cell.value for cell in row] for row in cells] == [
        ["Name", "Note"], ["Jonas Ziel", None], ["Mara Muster", "=HYPERLINK(\"x\")"]]
    assert cells[2][1].data_type == "s"


def test_a_question_label_like_a_formula_is_neutralised_in_the_csv_header(
        client, event, cluster_manager):
    question = _ask(event, "=SUMME(A1)")
    RegistrationFactory(event=event, name="Mara Muster")
    client.force_login(cluster_manager)
    data = read_csv(client.get(export_url(event, f"?format=csv&columns=question_{question.pk}")))
    assert data == [["'=SUMME(A1)"], [""]]


def test_an_unknown_question_column_is_refused_naming_the_valid_ones(
        client, event, cluster_manager, asked):
    dinner, note = asked
    client.force_login(cluster_manager)
    response = client.get(export_url(event, "?format=csv&columns=name,question_999"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "question_999" in text
    assert f"network_member, question_{dinner.pk}, question_{note.pk}" in text
    assert not AuditEntry.objects.filter(action__contains="export").exists()
    other = _ask(EventFactory(organisers=event.organisers.all()), "Fremd")
    response = client.get(export_url(event, f"?format=csv&columns=question_{other.pk}"))
    assert response.status_code == 400 and f"question_{other.pk}" in response.content.decode()


def test_a_saved_choice_keeps_its_questions_and_drops_them_elsewhere(
        client, event, cluster, cluster_manager, asked):
    dinner, note = asked
    client.force_login(cluster_manager)
    keys = ["name", f"question_{dinner.pk}", f"question_{note.pk}"]
    response = client.post(chooser(event), {
        "order": keys, "columns": keys, "name": "Abendessen", "share": str(cluster.pk),
        "action": "save", "filters": ""})
    assert response.status_code == 303
    preset = ExportPreset.objects.get()
    assert preset.columns == keys
    html = client.get(chooser(event, f"?preset={preset.pk}")).content.decode()
    assert html.index('id="column-name" checked') < html.index(
        f'id="column-question_{dinner.pk}" checked')
    assert f"columns=name,question_{dinner.pk},question_{note.pk}" in html
    assert "Name, Teilnahme am Abendessen, Anmerkung" in html

    # On another event of the organiser (its own questions): the choice without them.
    later = EventFactory(organisers=[cluster])
    _ask(later, "Übernachtung")
    response = client.get(chooser(later, f"?preset={preset.pk}"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"question_{dinner.pk}" not in html
    assert export_url(later, "?format=csv&amp;columns=name\"") in html
    assert client.get(export_url(later, "?format=csv&columns=name")).status_code == 200

    # A question deleted since: its column is left out, the others stay.
    dinner.answers.all().delete()
    dinner.delete()
    html = client.get(chooser(event, f"?preset={preset.pk}")).content.decode()
    assert f"question_{dinner.pk}" not in html
    assert f"columns=name,question_{note.pk}\"" in html
    data = read_csv(client.get(export_url(event, f"?format=csv&columns=name,question_{note.pk}"
                                                 "&sort=name")))
    assert data[0] == ["Name", "Anmerkung"]


@pytest.mark.parametrize("query", ["?format=csv", "?format=xlsx"])
def test_the_export_with_questions_costs_the_same_for_few_and_many(
        client, event, cluster_manager, query):
    """2 and 30 registrations, 1 and 5 questions, all columns or a choice with a question."""
    client.force_login(cluster_manager)
    questions = [_ask(event, "Frage 0")]

    def count(url_query):
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            response = client.get(export_url(event, url_query))
            assert response.status_code == 200
            b"".join(response.streaming_content)
        return len(context.captured_queries)

    def add(n):
        for _ in range(n):
            registration = RegistrationFactory(event=event)
            for question in questions:
                Answer.objects.create(registration=registration, question=question, value="ja")

    add(2)
    chosen = f"{query}&columns=name,question_{questions[0].pk}"
    baseline = count(query)
    assert count(chosen) == baseline
    add(28)
    assert count(query) == count(chosen) == baseline
    questions += [_ask(event, f"Frage {n}") for n in range(1, 5)]
    add(2)
    assert count(query) == count(chosen) == baseline
    assert count(f"{query}&columns=question_{questions[4].pk},name") == baseline
