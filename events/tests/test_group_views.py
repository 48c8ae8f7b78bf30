"""The group registration page: works without JavaScript ("add another person" sends the form)."""

import pytest

from events.models import Answer, Question, Registration
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def url(event):
    return f"/events/{event.slug}/register/group/"


def rows(*people, total=None):
    data = {"people-TOTAL_FORMS": str(total or len(people)), "people-INITIAL_FORMS": "0",
            "people-MIN_NUM_FORMS": "0", "people-MAX_NUM_FORMS": "10"}
    for i, (first, last, email, language) in enumerate(people):
        data.update({f"people-{i}-first_name": first, f"people-{i}-last_name": last,
                     f"people-{i}-email": email, f"people-{i}-language": language})
    return data


GUEST = {"first_name": "Gabi", "last_name": "Gast", "email": "gabi@zellwerk.example",
         "language": "de", "organisation_name": "Zellwerk GmbH"}


def test_add_another_person_without_javascript_keeps_what_was_typed(client, event):
    response = client.post(url(event), {**GUEST, **rows(("Anna", "A", "anna@z.example", "en"),
                                                         ("", "", "", "de")), "add_row": "1"})

    assert response.status_code == 200
    people = response.context["people"]
    assert people.total_form_count() == 3
    assert people.forms[0].initial["first_name"] == "Anna"
    assert not Registration.objects.exists()


def test_a_guest_registers_themself_and_two_colleagues(client, event):
    response = client.post(url(event), {**GUEST, "attend": "on", **rows(
        ("Anna", "A", "anna@z.example", "en"), ("Ben", "B", "ben@z.example", "de"),
        ("", "", "", "de"))})

    assert response.status_code == 302 and response["Location"].endswith("/register/sent/")
    assert list(event.registrations.order_by("sequence").values_list("email", "status")) == [
        ("gabi@zellwerk.example", "held"), ("anna@z.example", "held"), ("ben@z.example", "held")]
    assert set(event.registrations.values_list("organisation_name", flat=True)) == {
        "Zellwerk GmbH"}
    assert OutgoingEmail.objects.filter(template="events_guest_confirm").count() == 3
    assert OutgoingEmail.objects.filter(template="events_group_summary").count() == 1


def test_a_half_filled_row_is_an_error_and_nothing_is_registered(client, event):
    response = client.post(url(event), {**GUEST, **rows(("Anna", "", "", "de"))})

    assert response.status_code == 200
    assert response.context["people"].forms[0].errors
    assert not Registration.objects.exists() and not OutgoingEmail.objects.exists()


def test_a_member_registers_colleagues_and_lands_in_my_portal(client, member, event):
    client.force_login(member)

    response = client.post(url(event), {"organisation_name": "Zellwerk GmbH", **rows(
        ("Anna", "A", "anna@z.example", "en"))})

    assert response.status_code == 302 and response["Location"] == "/my/"
    registration = Registration.objects.get()
    assert registration.user == member and registration.status == "confirmed"
    assert registration.language == "en"


def test_nobody_to_register_says_so(client, member, event):
    client.force_login(member)

    response = client.post(url(event), {"organisation_name": "Z", **rows(("", "", "", "de"))})

    assert response.status_code == 200 and not Registration.objects.exists()
    assert response.context["form"].non_field_errors()


def dinner(event):
    return Question.objects.create(event=event, label_de="Teilnahme am Abendessen",
                                   label_en="Dinner", kind="yes_no", required=True)


def test_each_row_asks_the_events_questions_and_stores_the_answers_per_person(client, event):
    question = dinner(event)
    page = client.get(url(event))
    assert page.content.decode().count(f'name="people-0-question_{question.pk}"') == 2  # ja/nein

    response = client.post(url(event), {
        **GUEST, "attend": "on", f"question_{question.pk}": "no",
        **rows(("Anna", "A", "anna@z.example", "en"), ("Ben", "B", "ben@z.example", "de")),
        f"people-0-question_{question.pk}": "yes", f"people-1-question_{question.pk}": "no"})

    assert response.status_code == 302
    assert dict(Answer.objects.values_list("registration__email", "value")) == {
        "gabi@zellwerk.example": "no", "anna@z.example": "yes", "ben@z.example": "no"}


def test_a_person_without_the_required_answer_refuses_the_whole_group(client, event):
    question = dinner(event)

    response = client.post(url(event), {
        **GUEST, **rows(("Anna", "A", "anna@z.example", "en"), ("Ben", "B", "ben@z.example", "de")),
        f"people-0-question_{question.pk}": "yes"})

    assert response.status_code == 200
    assert f"question_{question.pk}" in response.context["people"].forms[1].errors
    assert not Registration.objects.exists() and not OutgoingEmail.objects.exists()


def test_attending_oneself_the_registrant_answers_too(client, member, event):
    question = dinner(event)
    client.force_login(member)

    response = client.post(url(event), {"organisation_name": "Z", "attend": "on", **rows(
        ("Anna", "A", "anna@z.example", "en")), f"people-0-question_{question.pk}": "yes"})

    assert response.status_code == 200
    assert f"question_{question.pk}" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_add_another_person_keeps_the_answers_typed(client, event):
    question = dinner(event)

    response = client.post(url(event), {**GUEST, **rows(("Anna", "A", "anna@z.example", "en")),
                                        f"people-0-question_{question.pk}": "yes", "add_row": "1"})

    assert response.context["people"].forms[0].initial[f"question_{question.pk}"] == "yes"
