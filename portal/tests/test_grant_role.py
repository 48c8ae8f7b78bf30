import pytest
from django.core.management import CommandError, call_command

from members.permissions import managed_cluster_ids
from network_portal import permissions
from network_portal.testing import make_user


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("grant_role", *args, stdout=out)
    return out.getvalue()


def test_it_makes_a_cluster_manager_of_a_cluster(db, cluster):
    user = make_user("karla@example.com")

    output = run("karla@example.com", "cluster-manager", "--cluster", cluster.slug)

    assert "is now cluster-manager" in output
    assert permissions.is_cluster_manager(user)
    assert managed_cluster_ids(user) == {cluster.pk}


def test_it_grants_economic_development_and_admin(db):
    user = make_user("wenzel@example.com")

    run("wenzel@example.com", "economic-development")
    run("WENZEL@example.com", "admin")

    user.refresh_from_db()
    assert permissions.is_economic_development(user)
    assert user.is_superuser and user.is_staff


def test_running_it_twice_changes_nothing(db, cluster):
    make_user("karla@example.com")
    run("karla@example.com", "cluster-manager", "--cluster", cluster.slug)

    output = run("karla@example.com", "cluster-manager", "--cluster", cluster.slug)

    assert "nothing changed" in output
    assert cluster.managers.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody@example.com", "admin"], "No account with the e-mail address nobody@example.com"),
        (["karla@example.com", "emperor"], "Unknown role"),
        (["karla@example.com", "cluster-manager"], "needs a cluster"),
        (["karla@example.com", "cluster-manager", "--cluster", "nope"], "No organisation"),
    ],
)
def test_it_refuses_unknown_people_roles_and_clusters(db, args, message):
    user = make_user("karla@example.com")

    with pytest.raises(CommandError, match=message):
        run(*args)

    assert not user.groups.exists() and not user.is_superuser


def test_it_refuses_to_make_a_company_a_managed_cluster(db):
    from members.models import Organization

    Organization.objects.create(name="Zellwerk GmbH", slug="zellwerk", kind=Organization.Kind.COMPANY)
    make_user("karla@example.com")

    with pytest.raises(CommandError, match="is not a cluster"):
        run("karla@example.com", "cluster-manager", "--cluster", "zellwerk")


def test_roles_exist_after_migrating(db):
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {permissions.CLUSTER_MANAGERS, permissions.ECONOMIC_DEVELOPMENT} <= names
