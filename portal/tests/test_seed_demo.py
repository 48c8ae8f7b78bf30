from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members import permissions
from members.models import Membership, Organization
from network_portal.models import User


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_it_loads_the_organisations_and_memberships_from_the_sources(db, debug_on):
    seed()

    campus = Organization.objects.get(slug="akkumulatoren-campus-zwickau")
    assert campus.kind == Organization.Kind.CLUSTER
    initiators = Membership.objects.filter(cluster=campus, role=Membership.Role.INITIATOR)
    assert {m.organization.slug for m in initiators} >= {"volkswagen-sachsen", "landkreis-zwickau"}
    assert Organization.objects.get(slug="tweed").region.country == "BE"
    assert Organization.objects.get(slug="manz").stages.filter(code="production-equipment").exists()


def test_it_creates_one_demo_account_per_role_and_prints_the_passwords(db, debug_on):
    output = seed()

    manager = User.objects.get(email="clustermanager@demo.example")
    assert permissions.managed_cluster_ids(manager) == {
        Organization.objects.get(slug="akkumulatoren-campus-zwickau").pk}
    assert permissions.is_economic_development(User.objects.get(email="wirtschaftsfoerderung@demo.example"))
    assert User.objects.get(email="admin@demo.example").is_superuser
    role_accounts = ["clustermanager@demo.example", "wirtschaftsfoerderung@demo.example",
                     "admin@demo.example"]
    assert EmailAddress.objects.filter(email__in=role_accounts, verified=True).count() == 3
    assert "demo-cluster-2027" in output


def test_demo_accounts_can_log_in(client, db, debug_on):
    seed()

    assert client.login(email="clustermanager@demo.example", password="demo-cluster-2027")


def test_a_second_run_changes_nothing(db, debug_on):
    seed()
    before = {
        "organisations": list(Organization.objects.values().order_by("pk")),
        "memberships": list(Membership.objects.values().order_by("pk")),
        "users": list(User.objects.values().order_by("pk")),
    }

    with CaptureQueriesContext(connection) as queries:
        seed()

    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    assert before == {
        "organisations": list(Organization.objects.values().order_by("pk")),
        "memberships": list(Membership.objects.values().order_by("pk")),
        "users": list(User.objects.values().order_by("pk")),
    }


def test_it_refuses_to_run_in_production(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="runs only with"):
        call_command("seed_demo", stdout=StringIO())

    assert not User.objects.exists()
