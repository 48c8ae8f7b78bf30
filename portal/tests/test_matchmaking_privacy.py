"""Matchmaking at the root: a person's introductions in the data download and the erasure; the
demo's part (the root gathers both from every app)."""

import pytest
from django.core.management import call_command

from matchmaking import services
from matchmaking.models import Interest, Introduction
from matchmaking.tests import conftest as personas
from portal import privacy

# matchmaking's personas, as fixtures of this module
cell_maker, representative = personas.cell_maker, personas.representative
supplier, supplier_rep = personas.supplier, personas.supplier_rep

pytestmark = pytest.mark.django_db

MESSAGE = "Wir suchen einen Partner für die Prüfung unserer Zellen."


def test_the_download_holds_the_introductions_one_asked_for(supplier, supplier_rep, member):
    services.request_introduction(supplier, by=member, message=MESSAGE)

    [entry] = privacy.export(member)["matchmaking"]["introductions_asked"]

    assert entry["organisation"] == "Partner AG" and entry["message"] == MESSAGE
    assert privacy.export(supplier_rep)["matchmaking"]["introductions_asked"] == []


def test_deleting_the_account_deletes_ones_requests_and_keeps_the_answered_ones(
        supplier, supplier_rep, member, representative):
    services.request_introduction(supplier, by=member, message=MESSAGE)
    answered = services.request_introduction(supplier, by=representative, message=MESSAGE)
    services.decide_introduction(answered, by=supplier_rep, accept=True)

    privacy.delete_account(member)
    privacy.delete_account(supplier_rep)

    [left] = Introduction.objects.all()
    assert left.pk == answered.pk and left.decided_by is None


def test_the_demo_has_offers_needs_and_one_introduction(settings):
    settings.DEBUG = True
    with open("/dev/null", "w") as devnull:
        call_command("seed_demo", stdout=devnull)
        call_command("seed_demo", stdout=devnull)  # idempotent

    assert Interest.objects.filter(organization__slug="manz").count() == 2
    [introduction] = Introduction.objects.all()
    assert introduction.organization.slug == "volkswagen-sachsen"
    assert introduction.on_behalf_of.slug == "whz"
