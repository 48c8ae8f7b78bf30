"""Every form field stops where its database column stops.

PostgreSQL refuses a value longer than a varchar column with an error (a 500 page), where SQLite
stores it. So each form field whose value lands in a column allows at most the column's length,
checked here for every form of the apps and for allauth's forms as the portal uses them; and
over-long values posted through the real views get a form error, on PostgreSQL.
"""

import inspect

import pytest
from allauth.account.models import EmailAddress
from allauth.account.views import EmailView, SignupView
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models

import accessibility.forms
import delegations.forms
import events.forms
import matchmaking.forms
import members.forms
import network_portal.forms
import portal.forms
import reports.forms
from accessibility.models import BarrierReport
from delegations.models import Application, TripMessage
from events.models import Answer, EventMessage, Registration
from events.tests.factories import EventFactory
from matchmaking.models import Interest, Introduction
from members.models import Membership, Organization, ProfileChangeRequest, Representative
from members.tests.factories import OrganizationFactory, RepresentativeFactory
from network_portal.models import OutgoingEmail
from network_portal.testing import make_user

User = get_user_model()

# Forms that are no ModelForm: the model their values are stored in, and fields stored under
# another name (or in another model). A form not listed here (nor in NOT_STORED) fails the test:
# say where its values go.
PLAIN_FORMS = {
    members.forms.MembershipForm: (Membership, {}),
    members.forms.RepresentationForm: (Representative, {}),
    members.forms.ReviewForm: (ProfileChangeRequest, {}),
    members.forms.LogoForm: (Organization, {}),
    members.forms.NewMemberForm: (Organization, {}),
    members.forms.ProposeOrganisationForm: (Organization, {"message": (Representative, "message")}),
    events.forms.RegistrationForm: (Registration, {}),
    # First and last name are stored together, with a space, in the name (100 + 1 + 99).
    events.forms.GuestRegistrationForm: (Registration, {"first_name": (Registration, "name"),
                                                        "last_name": (Registration, "name")}),
    events.forms.GroupForm: (Registration, {"first_name": (Registration, "name"),
                                            "last_name": (Registration, "name")}),
    events.forms.PersonForm: (Registration, {"first_name": (Registration, "name"),
                                             "last_name": (Registration, "name")}),
    events.forms.EventMessageForm: (EventMessage, {}),
    events.forms.WalkInForm: (Registration, {}),
    # One field per question of the event, made in __init__; all go to Answer.value (text).
    events.forms.AnswersForm: (Answer, {}),
    delegations.forms.ApplicationForm: (Application, {}),
    delegations.forms.TripMessageForm: (TripMessage, {}),
    delegations.forms.DecisionForm: (Application, {"message": (Application, "decision_message")}),
    accessibility.forms.BarrierReportForm: (BarrierReport, {}),
    matchmaking.forms.InterestsForm: (Interest, {"offer_text": (Interest, "text"),
                                                 "seek_text": (Interest, "text")}),
    matchmaking.forms.IntroductionForm: (Introduction, {}),
}
# Filters and confirmations: their values are never stored (the cancellation message of a trip
# only goes into the e-mails' text).
NOT_STORED = {events.forms.EventFilterForm, events.forms.ParticipantFilterForm,
              events.forms.PeriodExportForm, portal.forms.DeleteAccountForm,
              delegations.forms.CancelTripForm, reports.forms.PeriodForm,
              matchmaking.forms.PartnerFilterForm}
# allauth's forms as its views use them (ACCOUNT_FORMS), with where the address lands.
ALLAUTH_FORMS = [
    (SignupView().get_form_class(), {"email": [(User, "email"), (EmailAddress, "email")]}),
    (EmailView().get_form_class(), {"email": [(EmailAddress, "email")]}),
]
FORM_MODULES = [members.forms, events.forms, delegations.forms, accessibility.forms,
                network_portal.forms, portal.forms, reports.forms,
                matchmaking.forms]


def defined_forms():
    """Every form class the apps define, including the forms of their formsets."""
    found = set()
    for module in FORM_MODULES:
        for _name, value in vars(module).items():
            if not inspect.isclass(value):
                continue
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                found.add(value)
            elif issubclass(value, forms.BaseFormSet) and getattr(value, "model", None):
                found.add(value.form)
    return found


def column(model, name):
    """The varchar column a value is stored in, or None (text, numbers, relations, files)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # A file field's column holds the storage's name, cut to fit by the storage itself.
    if not field.concrete or field.is_relation or isinstance(field, models.FileField):
        return None
    return field if field.max_length else None


def problems(form_field, model_field, where: str) -> list[str]:
    limit = model_field.max_length
    if isinstance(form_field, forms.ModelChoiceField):
        return []
    if isinstance(form_field, forms.ChoiceField):
        too_long = [value for value, _label in form_field.choices if len(str(value)) > limit]
        return [f"{where}: choices {too_long} longer than {limit}"] if too_long else []
    if isinstance(form_field, forms.CharField):
        if form_field.max_length is None or form_field.max_length > limit:
            return [f"{where}: max_length {form_field.max_length}, column {limit}"]
        return []
    return [f"{where}: a {type(form_field).__name__} stored in a column of {limit} characters"]


def check_fields(form_fields: dict, targets) -> list[str]:
    found = []
    for name, form_field in form_fields.items():
        for model, column_name in targets(name):
            model_field = column(model, column_name)
            if model_field:
                found += problems(form_field, model_field,
                                  f"{name} -> {model.__name__}.{column_name}")
    return found


def test_every_form_of_the_apps_is_checked():
    unknown = {f"{form.__module__}.{form.__name__}" for form in defined_forms()
               if not issubclass(form, forms.ModelForm)} - {
        f"{form.__module__}.{form.__name__}"
        for form in {*PLAIN_FORMS, *NOT_STORED, *(form for form, _ in ALLAUTH_FORMS)}}

    assert not unknown, f"Add these forms to PLAIN_FORMS or NOT_STORED: {sorted(unknown)}"


@pytest.mark.parametrize("form_class", sorted(
    (f for f in defined_forms() if issubclass(f, forms.ModelForm)), key=lambda f: f.__name__))
def test_model_form_fields_fit_their_columns(form_class):
    model = form_class._meta.model

    assert check_fields(form_class.base_fields, lambda name: [(model, name)]) == []


@pytest.mark.parametrize("form_class", sorted(PLAIN_FORMS, key=lambda f: f.__name__))
def test_plain_form_fields_fit_their_columns(form_class):
    model, elsewhere = PLAIN_FORMS[form_class]

    assert check_fields(form_class.base_fields,
                        lambda name: [elsewhere.get(name, (model, name))]) == []


@pytest.mark.parametrize("form_class,stored_in", ALLAUTH_FORMS,
                         ids=[form.__name__ for form, _ in ALLAUTH_FORMS])
def test_allauth_forms_as_used_fit_their_columns(db, form_class, stored_in):
    form = form_class() if form_class.__name__ != "AddEmailForm" else form_class(user=None)

    assert check_fields(form.fields, lambda name: stored_in.get(name, [])) == []
    assert form.fields["email"].widget.attrs["maxlength"] == "254"


# Through the real views ---------------------------------------------------------------------

def long_email(length: int) -> str:
    domain = "@zellwerk.example"
    return "a" * (length - len(domain)) + domain


def long_url(length: int) -> str:
    start = "https://zellwerk.example/"
    return start + "a" * (length - len(start))


def test_a_sign_up_address_longer_than_the_column_is_refused_not_cut(client, db):
    address = long_email(300)

    response = client.post("/accounts/signup/", {
        "first_name": "Nele", "last_name": "Neumann", "email": address,
        "password1": "Akku-Campus-2027!", "password2": "Akku-Campus-2027!"})

    assert response.status_code == 200
    assert "höchstens 254 Zeichen" in response.content.decode()
    assert not User.objects.exists() and not EmailAddress.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_the_adapter_refuses_long_addresses_for_every_allauth_form(db):
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="254"):
        get_adapter().clean_email(long_email(255))
    assert get_adapter().clean_email(long_email(254)) == long_email(254)


@pytest.mark.postgres
def test_a_colleagues_address_of_264_characters_is_a_form_error(client, member):
    event = EventFactory()
    client.force_login(member)

    response = client.post(f"/events/{event.slug}/register/", {
        "registers_for": "colleague", "name": "Kai Kollege", "email": long_email(264),
        "organisation_name": "Zellwerk GmbH", "language": "de"})

    assert response.status_code == 200
    assert "höchstens 254 Zeichen" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.postgres
def test_a_website_of_300_characters_on_the_proposal_form_is_a_form_error(client, member, cluster):
    client.force_login(member)

    response = client.post("/members/new/", {
        "name": "Zellwerk GmbH", "kind": "company", "cluster": cluster.pk,
        "website": long_url(300)})

    assert response.status_code == 200
    assert "höchstens 200 Zeichen" in response.content.decode()
    assert not Organization.objects.filter(name="Zellwerk GmbH").exists()


@pytest.mark.postgres
def test_a_website_of_300_characters_on_the_profile_form_is_a_form_error(client, db):
    organisation = OrganizationFactory(status=Organization.Status.DRAFT)
    person = make_user("vertretung@zellwerk.example")
    RepresentativeFactory(user=person, organization=organisation)
    client.force_login(person)

    response = client.post(f"/members/{organisation.slug}/edit/", {"website": long_url(300)})

    assert response.status_code == 200
    assert "höchstens 200 Zeichen" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.website == ""


@pytest.mark.postgres
def test_adding_an_address_longer_than_the_column_is_a_form_error(client, member):
    client.force_login(member)

    response = client.post("/accounts/email/", {"action_add": "", "email": long_email(300)})

    assert response.status_code == 200
    assert "höchstens 254 Zeichen" in response.content.decode()
    assert EmailAddress.objects.filter(user=member).count() == 1
