"""Each service checks the rule it guards, whoever calls it (a view, the admin, a command): called
directly by the wrong person it refuses with CurationError and writes nothing, no history and
no audit entry."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members import services
from members.models import (
    ContactPerson,
    Membership,
    Organization,
    ProfileChange,
    ProfileChangeRequest,
    Representative,
)
from members.tests.factories import (
    ChangeRequestFactory,
    MembershipFactory,
    OrganizationFactory,
    RepresentativeFactory,
)
from network_portal.models import AuditEntry, OutgoingEmail
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db


def logo():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (11, 110, 79)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def world(org_a, cluster, representative, cluster_manager, other_manager, member, settings,
          tmp_path):
    """org_a in `cluster` with its representative; requests waiting for a decision."""
    settings.MEDIA_ROOT = tmp_path
    draft = OrganizationFactory(name="Entwurf AG", status=Organization.Status.DRAFT)
    MembershipFactory(organization=draft, cluster=cluster)
    return {
        "org_a": org_a, "cluster": cluster, "draft": draft, "representative": representative,
        "cluster_manager": cluster_manager, "other_manager": other_manager, "member": member,
        "asking": RepresentativeFactory(user=make_user("asking@example.com"), organization=org_a,
                                        status=Representative.Status.REQUESTED),
        "confirmed": Representative.objects.get(user=representative),
        "change_request": ChangeRequestFactory(organization=org_a, requested_by=representative),
        "membership": org_a.memberships.get(),
        "newcomer": OrganizationFactory(name="Neu GmbH"),
        "pending_membership": MembershipFactory(
            organization=org_a, cluster=OrganizationFactory(kind=Organization.Kind.CLUSTER),
            status=Membership.Status.PENDING, requested_by=other_manager),
    }


# (what is tried, who tries it) -> the call; each would change something if it were allowed.
CASES = {
    "a visitor asks to represent": lambda w: services.request_representation(
        w["org_a"], by=AnonymousUser()),
    "someone asks to represent an unpublished profile": lambda w: services.request_representation(
        w["draft"], by=w["member"]),
    "another cluster's manager confirms a representative": lambda w: services.decide_representation(
        w["asking"], by=w["other_manager"], confirm=True),
    "a representative confirms a representative": lambda w: services.decide_representation(
        w["asking"], by=w["representative"], confirm=True),
    "another cluster's manager removes a representative": lambda w: services.revoke_representation(
        w["confirmed"], by=w["other_manager"]),
    "a member without rights edits the profile": lambda w: services.edit_profile(
        w["org_a"], by=w["member"], values={"city": "Plauen"}),
    "another cluster's manager edits the profile": lambda w: services.edit_profile(
        w["org_a"], by=w["other_manager"], values={"city": "Plauen"}),
    "a member without rights replaces the logo": lambda w: services.set_logo(
        w["org_a"], logo(), by=w["member"]),
    "a member without rights saves contact persons": lambda w: services.save_contacts(
        w["org_a"], by=w["member"], rows=[{"id": None, "delete": False, "name": "X",
                                           "function": "", "email": "", "phone": "",
                                           "public_consent": False}]),
    "another cluster's manager reviews a change": lambda w: services.review_change_request(
        w["change_request"], by=w["other_manager"], approve=True),
    "the representative approves their own change": lambda w: services.review_change_request(
        w["change_request"], by=w["representative"], approve=True),
    "a member without rights submits a draft": lambda w: services.submit_for_review(
        w["draft"], by=w["member"]),
    "a representative publishes the profile": lambda w: services.curate(
        w["org_a"], by=w["representative"], status=Organization.Status.ARCHIVED, stages=[],
        topics=[]),
    "another cluster's manager publishes the profile": lambda w: services.curate(
        w["org_a"], by=w["other_manager"], status=Organization.Status.ARCHIVED, stages=[],
        topics=[]),
    "a representative adds a member to the cluster": lambda w: services.add_membership(
        w["cluster"], w["newcomer"], by=w["representative"], role="member"),
    "another cluster's manager adds a member to the cluster": lambda w: services.add_membership(
        w["cluster"], w["newcomer"], by=w["other_manager"], role="member"),
    "another cluster's manager removes a member": lambda w: services.remove_membership(
        w["membership"], by=w["other_manager"]),
    "a member without rights accepts a membership": lambda w: services.decide_membership(
        w["pending_membership"], by=w["member"], accept=True),
    "the requester accepts their own membership request": lambda w: services.decide_membership(
        w["pending_membership"], by=w["other_manager"], accept=True),
    "another cluster's manager creates a draft member": lambda w: services.create_member(
        w["cluster"], by=w["other_manager"], name="Neu AG", kind="company"),
    "a visitor registers an organisation": lambda w: services.propose_organisation(
        by=AnonymousUser(), name="Neu AG", kind="company", cluster=w["cluster"]),
}


def snapshot():
    return {
        "audit entries": AuditEntry.objects.count(),
        "history": ProfileChange.objects.count(),
        "e-mails": OutgoingEmail.objects.count(),
        "organisations": list(Organization.objects.order_by("pk").values_list("pk", "status",
                                                                               "city", "logo")),
        "representatives": list(Representative.objects.order_by("pk").values_list("pk", "status")),
        "change requests": list(ProfileChangeRequest.objects.order_by("pk")
                                .values_list("pk", "status")),
        "memberships": list(Membership.objects.order_by("pk").values_list("pk", "status")),
        "contacts": ContactPerson.objects.count(),
    }


@pytest.mark.parametrize("case", CASES)
def test_the_service_refuses_the_wrong_person_and_changes_nothing(world, case):
    attempt = CASES[case]
    before = snapshot()

    with pytest.raises(services.CurationError):
        attempt(world)

    assert snapshot() == before


def test_the_right_person_passes_the_same_checks(world):
    """The cases above fail for the person, not for the data: the rightful caller succeeds."""
    services.decide_representation(world["asking"], by=world["cluster_manager"], confirm=True)
    services.review_change_request(world["change_request"], by=world["cluster_manager"],
                                   approve=True)
    services.curate(world["org_a"], by=world["cluster_manager"],
                    status=Organization.Status.ARCHIVED, stages=[], topics=[])
    services.submit_for_review(world["draft"], by=world["cluster_manager"])
    services.decide_membership(world["pending_membership"], by=world["representative"],
                               accept=True)
    services.remove_membership(world["membership"], by=world["cluster_manager"])

    assert AuditEntry.objects.count() == 6
