"""Who is signed in (portal.auth): the user read with their roles and representations in one
statement, as fresh on every request as the separate queries were."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from members.models import Representative
from members.permissions import representation_ids, represented_organisation_ids
from members.tests.factories import OrganizationFactory, RepresentativeFactory
from network_portal import permissions
from network_portal.permissions import ECONOMIC_DEVELOPMENT
from network_portal.testing import PASSWORD, make_user
from portal import auth

pytestmark = pytest.mark.django_db


def test_the_user_comes_with_their_roles_and_representations_in_one_statement(
        member, django_assert_num_queries):
    group, _created = Group.objects.get_or_create(name=ECONOMIC_DEVELOPMENT)
    member.groups.add(group)
    zellwerk = OrganizationFactory(name="Zellwerk GmbH")
    anodenbau = OrganizationFactory(name="Anodenbau AG")
    RepresentativeFactory(organization=zellwerk, user=member)
    RepresentativeFactory(organization=anodenbau, user=member,
                          status=Representative.Status.REQUESTED)
    RepresentativeFactory(organization=OrganizationFactory(), user=member,
                          status=Representative.Status.REJECTED)

    with django_assert_num_queries(1):
        user = auth.ModelBackend().get_user(member.pk)
        assert permissions.is_economic_development(user)
        assert represented_organisation_ids(user) == {zellwerk.pk}
        assert representation_ids(user) == {zellwerk.pk, anodenbau.pk}
    assert user == member and user.email == member.email and user.check_password(PASSWORD)


def test_a_role_given_counts_on_the_next_request(client, member):
    client.force_login(member)
    assert "format=csv" not in client.get("/members/").content.decode()

    Group.objects.get_or_create(name=ECONOMIC_DEVELOPMENT)[0].user_set.add(member)

    assert "format=csv" in client.get("/members/").content.decode()


def test_a_confirmed_representation_counts_on_the_next_request(client, member):
    company = OrganizationFactory(name="Zellwerk GmbH", slug="zellwerk")
    edit = reverse("members:edit", args=["zellwerk"])
    client.force_login(member)
    request = RepresentativeFactory(organization=company, user=member,
                                    status=Representative.Status.REQUESTED)
    assert f'href="{edit}"' not in client.get("/members/zellwerk/").content.decode()

    Representative.objects.filter(pk=request.pk).update(status=Representative.Status.CONFIRMED)

    assert f'href="{edit}"' in client.get("/members/zellwerk/").content.decode()


def test_a_deactivated_or_deleted_account_is_signed_out(client, member):
    client.force_login(member)
    type(member).objects.filter(pk=member.pk).update(is_active=False)

    assert "/accounts/logout/" not in client.get("/").content.decode()
    assert auth.AuthenticationBackend().get_user(member.pk) is None

    other = make_user("zweite@example.com")
    client.force_login(other)
    other.delete()
    assert "/accounts/logout/" not in client.get("/").content.decode()
    assert auth.ModelBackend().get_user("not a number") is None
