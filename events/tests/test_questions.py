"""Questions per event: organisers ask them, people answer them, the lists show the answers."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from events import services
from events.exporters import ParticipantExporter
from events.models import Answer, Question, Registration
from events.tests.factories import (
    EventFactory,
    RegistrationFactory,
    attendee,
    event_data,
    register_data,
)

pytestmark = pytest.mark.django_db


def questions_data(*rows, initial=0):
    data = {"questions-TOTAL_FORMS": str(len(rows)), "questions-INITIAL_FORMS": str(initial),
            "questions-MIN_NUM_FORMS": "0", "questions-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        data.update({f"questions-{index}-{key}": value for key, value in row.items()})
    return data


DINNER = {"position": "0", "label_de": "Teilnahme am Abendessen", "label_en": "Dinner",
          "kind": "yes_no", "required": "on", "on_badge": "on"}
DAY = {"position": "1", "label_de": "Austauschtag", "label_en": "Exchange day",
       "kind": "choice", "options_de": "Dienstag\nMittwoch", "options_en": "Tuesday\nWednesday"}


def dinner(event, **fields):
    return Question.objects.create(event=event, label_de="Teilnahme am Abendessen",
                                   label_en="Dinner", kind=Question.Kind.YES_NO, required=True,
                                   **fields)


def day(event, **fields):
    return Question.objects.create(event=event, label_de="Austauschtag", label_en="Exchange day",
                                   kind=Question.Kind.CHOICE, options_de="Dienstag\nMittwoch",
                                   options_en="Tuesday\nWednesday", **fields)


def topics(event):
    return Question.objects.create(event=event, label_de="Themen", kind=Question.Kind.MULTIPLE,
                                   options_de="Recycling\nZellchemie\nLogistik")


# Editing the questions ------------------------------------------------------------------------

def test_organisers_add_questions_on_the_edit_page(client, cluster, cluster_manager, event):
    client.force_login(cluster_manager)
    data = event_data(cluster, slug=event.slug, **questions_data(DINNER, DAY))

    response = client.post(f"/events/{event.slug}/edit/", data)

    assert response.status_code == 302
    asked = list(event.questions.values_list("label_de", "kind", "required", "on_badge",
                                             "options_de"))
    assert asked == [("Teilnahme am Abendessen", "yes_no", True, True, ""),
                     ("Austauschtag", "choice", False, False, "Dienstag\nMittwoch")]


def test_a_choice_question_needs_two_options_and_saves_nothing(client, cluster, cluster_manager,
                                                                event):
    client.force_login(cluster_manager)
    data = event_data(cluster, slug=event.slug, title_de="Neuer Titel",
                      **questions_data({**DAY, "options_de": "Dienstag"}))

    response = client.post(f"/events/{event.slug}/edit/", data)

    assert response.status_code == 200
    assert "Give at least two options" in response.content.decode() or \
        "mindestens zwei" in response.content.decode()
    event.refresh_from_db()
    assert event.title_de != "Neuer Titel" and not event.questions.exists()


def test_english_options_must_match_the_german_ones(client, cluster, cluster_manager, event):
    client.force_login(cluster_manager)
    data = event_data(cluster, slug=event.slug,
                      **questions_data({**DAY, "options_en": "Tuesday"}))

    response = client.post(f"/events/{event.slug}/edit/", data)

    assert response.status_code == 200 and not event.questions.exists()
    assert response.context["questions"].forms[0].errors["options_en"]


def test_only_the_events_organisers_edit_its_questions(client, cluster, other_manager, event):
    client.force_login(other_manager)
    data = event_data(cluster, slug=event.slug, **questions_data(DINNER))

    response = client.post(f"/events/{event.slug}/edit/", data)

    assert response.status_code == 403
    assert not Question.objects.exists()


def test_an_answered_question_cannot_be_deleted(client, cluster, cluster_manager, event):
    question = dinner(event)
    registration = RegistrationFactory(event=event)
    Answer.objects.create(registration=registration, question=question, value="yes")
    client.force_login(cluster_manager)
    row = {**DINNER, "id": str(question.pk), "DELETE": "on"}
    data = event_data(cluster, slug=event.slug, **questions_data(row, initial=1))

    response = client.post(f"/events/{event.slug}/edit/", data)

    assert response.status_code == 200
    assert Question.objects.filter(pk=question.pk).exists()
    assert "cannot be deleted" in response.content.decode() or \
        "nicht gelöscht" in response.content.decode()


def test_a_copy_takes_the_questions(event, cluster_manager):
    dinner(event)
    copy = services.copy_event(event, by=cluster_manager)
    assert list(copy.questions.values_list("label_de", flat=True)) == ["Teilnahme am Abendessen"]


# Answering ------------------------------------------------------------------------------------

def test_the_registration_form_asks_the_questions(client, member, event):
    question, choice = dinner(event), day(event)
    client.force_login(member)

    page = client.get(f"/events/{event.slug}/register/").content.decode()
    assert "Teilnahme am Abendessen" in page and "Mittwoch" in page

    response = client.post(f"/events/{event.slug}/register/", register_data(**{
        f"question_{question.pk}": "yes", f"question_{choice.pk}": "Mittwoch"}))

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert dict(registration.answers.values_list("question__label_de", "value")) == {
        "Teilnahme am Abendessen": "yes", "Austauschtag": "Mittwoch"}


def test_a_required_question_left_empty_registers_nobody(client, member, event):
    dinner(event)
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", register_data())

    assert response.status_code == 200 and not Registration.objects.exists()
    assert response.context["form"].errors


def test_an_option_not_offered_registers_nobody(client, member, event):
    choice = day(event)
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", register_data(**{
        f"question_{choice.pk}": "Sonntag"}))

    assert response.status_code == 200 and not Registration.objects.exists()


def test_the_service_refuses_bad_answers(event):
    question, choice = dinner(event), day(event)
    with pytest.raises(services.AnswerRefused) as refused:
        services.register(event, attendee(), answers={choice.pk: "Mittwoch"})
    assert refused.value.code == "required"
    with pytest.raises(services.AnswerRefused) as refused:
        services.register(event, attendee(), answers={question.pk: "vielleicht"})
    assert refused.value.code == "not_offered"
    other = dinner(EventFactory())
    with pytest.raises(services.AnswerRefused) as refused:
        services.register(event, attendee(), answers={question.pk: "yes", other.pk: "yes"})
    assert refused.value.code == "unknown_question"
    assert not Registration.objects.exists() and not Answer.objects.exists()


def test_several_of_several_are_stored_in_the_questions_order(event):
    question = topics(event)
    registration = services.register(event, attendee(),
                                      answers={question.pk: ["Logistik", "Recycling"]})
    assert registration.answers.get().value == "Recycling\nLogistik"
    assert registration.answers.get().shown == "Recycling, Logistik"


def test_answers_show_in_the_readers_language(event):
    question = day(event)
    registration = services.register(event, attendee(), answers={question.pk: "Mittwoch"})
    answer = registration.answers.get()
    with translation.override("en"):
        assert answer.shown == "Wednesday" and question.label == "Exchange day"
    with translation.override("de"):
        assert answer.shown == "Mittwoch"


def test_the_secret_link_changes_the_answers(client, event):
    question, choice = dinner(event), day(event)
    registration = services.register(event, attendee(), answers={question.pk: "yes"})
    url = f"/events/registration/{registration.token}/answers/"

    assert "Mittwoch" in client.get(url).content.decode()
    refused = client.post(url, {f"question_{question.pk}": "", f"question_{choice.pk}": "Mittwoch"})
    assert refused.status_code == 200
    assert registration.answers.get().value == "yes"  # nothing changed

    response = client.post(url, {f"question_{question.pk}": "no",
                                 f"question_{choice.pk}": "Mittwoch"})

    assert response.status_code == 302
    assert dict(registration.answers.values_list("question_id", "value")) == {
        question.pk: "no", choice.pk: "Mittwoch"}


def test_a_cancelled_registration_keeps_its_answers(client, event):
    question = dinner(event)
    registration = services.register(event, attendee(), answers={question.pk: "yes"})
    services.cancel_registration(registration)
    url = f"/events/registration/{registration.token}/answers/"

    assert client.get(url).status_code == 404
    with pytest.raises(services.RegistrationError):
        services.update_answers(registration, {question.pk: "no"})
    assert registration.answers.get().value == "yes"


# The lists ------------------------------------------------------------------------------------

def test_the_participant_list_shows_and_filters_by_answer(client, cluster_manager, event):
    question, choice = dinner(event), day(event)
    services.register(event, attendee(1, name="Anna Abend"),
                      answers={question.pk: "yes", choice.pk: "Dienstag"})
    services.register(event, attendee(2, name="Bernd Bett"),
                      answers={question.pk: "no", choice.pk: "Mittwoch"})
    client.force_login(cluster_manager)
    url = f"/events/{event.slug}/participants/"

    page = client.get(url).content.decode()
    assert "Antworten" in page and "Dienstag" in page and "Mittwoch" in page

    page = client.get(url, {f"answer_{question.pk}": "yes"}).content.decode()
    assert "Anna Abend" in page and "Bernd Bett" not in page
    page = client.get(url, {f"answer_{choice.pk}": "Mittwoch"}).content.decode()
    assert "Bernd Bett" in page and "Anna Abend" not in page
    refused = client.get(url, {f"answer_{choice.pk}": "Sonntag"}).content.decode()
    assert "nicht verstanden" in refused or "not understood" in refused


def test_filtering_by_one_of_several_options(client, cluster_manager, event):
    question = topics(event)
    services.register(event, attendee(1, name="Anna"), answers={question.pk: ["Recycling"]})
    services.register(event, attendee(2, name="Berta"),
                      answers={question.pk: ["Recycling", "Zellchemie", "Logistik"]})
    services.register(event, attendee(3, name="Carla"), answers={question.pk: ["Logistik"]})
    client.force_login(cluster_manager)
    url = f"/events/{event.slug}/participants/"

    def names(value):
        rows = client.get(url, {f"answer_{question.pk}": value}).context["registrations"]
        return {row.name for row in rows}

    assert names("Recycling") == {"Anna", "Berta"}
    assert names("Zellchemie") == {"Berta"}
    assert names("Logistik") == {"Berta", "Carla"}


def test_the_export_has_a_column_per_question(event):
    question, choice = dinner(event), day(event)
    services.register(event, attendee(1), answers={question.pk: "yes", choice.pk: "Dienstag"})
    services.register(event, attendee(2), answers={question.pk: "no"})
    with translation.override("de"):
        exporter = ParticipantExporter(event, event.registrations.order_by("sequence"), {})
        headers, rows = exporter.headers(), list(exporter.rows())
    assert headers[-2:] == ["Teilnahme am Abendessen", "Austauschtag"]
    assert [row[-2:] for row in rows] == [["Ja", "Dienstag"], ["Nein", ""]]
    assert all(len(row) == len(headers) for row in rows)


def test_badges_show_the_answers_marked_for_them(client, cluster_manager, event):
    question, choice = dinner(event, on_badge=True), day(event)
    services.register(event, attendee(1), answers={question.pk: "yes", choice.pk: "Dienstag"})
    client.force_login(cluster_manager)

    page = client.get(f"/events/{event.slug}/participants/?print=badges").content.decode()

    assert "Teilnahme am Abendessen: Ja" in page and "Dienstag" not in page


def _count(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_participant_list_with_answers_costs_the_same_for_few_and_many(
        client, cluster_manager, event):
    question, choice = dinner(event), day(event)
    client.force_login(cluster_manager)
    url = f"/events/{event.slug}/participants/"

    def add(first, n):
        for _ in range(first, first + n):
            registration = RegistrationFactory(event=event)
            Answer.objects.create(registration=registration, question=question, value="yes")
            Answer.objects.create(registration=registration, question=choice, value="Dienstag")

    add(0, 2)
    few = _count(client, url)
    add(2, 40)
    assert _count(client, url) == few
    filtered = f"{url}?answer_{question.pk}=yes"
    assert _count(client, filtered) == few


def test_an_english_reader_is_asked_in_english(client, member, event):
    from events.models import AgendaItem
    from events.tests.factories import AgendaItemFactory

    choice = day(event)
    AgendaItemFactory(event=event, title_de="Recycling", title_en="Recycling",
                      starts_at=event.starts_at, kind=AgendaItem.Kind.ISLAND)
    client.force_login(member)
    client.cookies["django_language"] = "en"

    page = client.get(f"/events/{event.slug}/register/").content.decode()

    assert "Exchange day" in page and "Wednesday" in page and "No answer" in page
    assert "Discussion islands" in page and "choose one" in page and "None of them" in page
    client.post(f"/events/{event.slug}/register/", register_data(**{
        f"question_{choice.pk}": "Mittwoch"}))
    assert Registration.objects.get().answers.get().value == "Mittwoch"  # stored in German
