"""The directory sorts names as a German reader expects (issue 14), on PostgreSQL (ICU) and on
SQLite (network_portal.collation) alike."""

import pytest

from members.models import Organization
from members.tests.factories import OrganizationFactory
from network_portal.collation import compare

pytestmark = pytest.mark.django_db

NAMES = ["Zellwerk Zwickau", "AWEX", "Sächsisches Batteriezentrum", "Akkumulatoren Aue",
         "Saxony Cells", "Sachsen Energie", "batterie-campus", "Öko-Akku", "Oberlausitz Storage"]
GERMAN_ORDER = ["Akkumulatoren Aue", "AWEX", "batterie-campus", "Oberlausitz Storage",
                "Öko-Akku", "Sachsen Energie", "Sächsisches Batteriezentrum", "Saxony Cells",
                "Zellwerk Zwickau"]


def test_the_database_orders_names_in_german():
    for n, name in enumerate(NAMES):
        OrganizationFactory(name=name, slug=f"org-{n}")

    assert list(Organization.objects.order_by("name").values_list("name", flat=True)) == GERMAN_ORDER


def test_the_directory_lists_akkumulatoren_before_awex_and_saechsisches_under_s(client):
    for n, name in enumerate(NAMES):
        OrganizationFactory(name=name, slug=f"org-{n}")

    html = client.get("/members/").content.decode()

    positions = [html.index(name) for name in GERMAN_ORDER]
    assert positions == sorted(positions)


def test_the_sqlite_collation_folds_case_and_umlauts_like_icu():
    assert compare("Akkumulatoren", "AWEX") < 0
    assert compare("Sächsisches", "Saxony") < 0 < compare("Sächsisches", "Sachsen")
    assert compare("Straße", "Strasse") > 0 and compare("Strasse", "Strassburg") > 0
