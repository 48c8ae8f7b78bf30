"""A cluster takes in an organisation others already speak for only with their consent (issue 9).

Personas (members/tests/conftest.py): `cluster` X managed by `cluster_manager`, `org_a` in X;
`other_cluster` Y managed by `other_manager`, `org_b` in Y.
"""

import pytest
from django.urls import reverse

from members import permissions, selectors, services
from members.models import Membership, Organization, ProfileChange, Representative
from members.tests.factories import (
    ChangeRequestFactory,
    ClusterFactory,
    OrganizationFactory,
    RepresentativeFactory,
)
from network_portal.models import OutgoingEmail
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db


def fresh(obj):
    """The same account or organisation without the rights cached on the instance."""
    return type(obj).objects.get(pk=obj.pk)


def ask(client, manager, cluster, organisation, role="member"):
    client.force_login(manager)
    return client.post(reverse("members:memberships", args=[cluster.slug]),
                       {"action": "add", "organization": organisation.pk, "role": role})


# The path of issue 9, item 2 ---------------------------------------------------------------------

def test_adding_another_clusters_member_hands_over_nothing(client, cluster_manager, cluster,
                                                           org_b, other_manager):
    response = ask(client, cluster_manager, cluster, org_b)

    assert response.status_code == 302
    membership = Membership.objects.get(cluster=cluster, organization=org_b)
    assert membership.status == Membership.Status.PENDING
    assert membership.requested_by == cluster_manager
    assert not permissions.can_curate_organisation(fresh(cluster_manager), org_b)
    assert not permissions.can_edit_profile(fresh(cluster_manager), org_b)
    for name in ("curate", "edit", "contacts"):
        assert client.get(reverse(f"members:{name}", args=[org_b.slug])).status_code == 403


def test_a_manager_cannot_confirm_their_own_representation_request(client, cluster_manager,
                                                                   cluster, org_b):
    ask(client, cluster_manager, cluster, org_b)
    client.post(reverse("members:represent", args=[org_b.slug]), {"message": "Clustermanager"})
    request = Representative.objects.get(user=cluster_manager, organization=org_b)

    response = client.post(reverse("members:decide_representative", args=[request.pk]),
                           {"decision": "confirm"})

    assert response.status_code == 403
    with pytest.raises(services.CurationError):
        services.decide_representation(request, by=cluster_manager, confirm=True)
    request.refresh_from_db()
    assert request.status == Representative.Status.REQUESTED
    assert org_b.pk not in permissions.represented_organisation_ids(fresh(cluster_manager))


def test_the_pending_member_is_not_in_the_requesting_managers_work_queue(
        client, cluster_manager, cluster, org_b):
    ask(client, cluster_manager, cluster, org_b)
    ChangeRequestFactory(organization=org_b, requested_by=make_user("b-rep@example.com"))
    RepresentativeFactory(organization=org_b, user=make_user("b-new@example.com"),
                          status=Representative.Status.REQUESTED)

    queue = client.get(reverse("members:queue")).context

    assert queue["change_requests"] == []
    assert queue["representative_requests"] == []
    assert queue["membership_requests"] == []


def test_an_organisation_with_representatives_but_no_cluster_needs_consent(cluster_manager,
                                                                          cluster):
    organisation = OrganizationFactory()
    RepresentativeFactory(organization=organisation, user=make_user("own@example.com"))

    membership = services.add_membership(cluster, organisation, by=cluster_manager, role="member")

    assert membership.status == Membership.Status.PENDING
    assert not permissions.can_curate_organisation(fresh(cluster_manager), organisation)


def test_a_cluster_with_managers_joins_another_only_with_their_consent(cluster_manager, cluster,
                                                                      other_cluster,
                                                                      other_manager):
    membership = services.add_membership(cluster, other_cluster, by=cluster_manager,
                                         role="partner")

    assert membership.status == Membership.Status.PENDING
    assert not permissions.can_curate_organisation(fresh(cluster_manager), other_cluster)
    services.decide_membership(membership, by=other_manager, accept=True)
    assert permissions.can_curate_organisation(fresh(cluster_manager), fresh(other_cluster))


def test_an_organisation_nobody_speaks_for_joins_at_once(client, cluster_manager, cluster):
    newcomer = OrganizationFactory(name="Neuling GmbH")

    response = ask(client, cluster_manager, cluster, newcomer)

    assert response.status_code == 302
    assert newcomer.memberships.get().status == Membership.Status.ACTIVE
    assert permissions.can_curate_organisation(fresh(cluster_manager), newcomer)
    assert not OutgoingEmail.objects.exists()


def test_a_draft_the_manager_created_is_a_member_at_once(cluster_manager, cluster):
    draft = services.create_member(cluster, by=cluster_manager, name="Entwurf AG", kind="company")

    assert draft.memberships.get().status == Membership.Status.ACTIVE
    assert permissions.can_curate_organisation(fresh(cluster_manager), draft)


# Who is asked, and how ---------------------------------------------------------------------------

def test_those_who_speak_for_the_organisation_are_asked_in_their_language(
        client, cluster_manager, cluster, org_b, other_manager, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    other_manager.language = "en"
    other_manager.save(update_fields=["language"])
    rep = make_user("rep-b@example.com", language="de")
    RepresentativeFactory(organization=org_b, user=rep)
    RepresentativeFactory(organization=org_b, user=make_user("asking-b@example.com"),
                          status=Representative.Status.REQUESTED)  # not yet a representative

    ask(client, cluster_manager, cluster, org_b)

    mails = {mail.to: mail for mail in OutgoingEmail.objects.all()}
    assert set(mails) == {other_manager.email, rep.email}
    assert mails[other_manager.email].subject == \
        "Batterie-Cluster Test asks to take in Bipolar GmbH as a member"
    assert "https://portal.example.org/members/curation/" in mails[other_manager.email].body_text
    assert mails[rep.email].subject == \
        "Batterie-Cluster Test möchte Bipolar GmbH als Mitglied aufnehmen"
    # The link opens the page in the mail's language (?lang=, README "Languages").
    assert "https://portal.example.org/members/bipolar-gmbh/?lang=de#membership-requests" in \
        mails[rep.email].body_text
    assert "manager@example.com" not in mails


def test_the_requester_is_never_asked(cluster_manager, cluster, other_cluster, org_b):
    # A manager of both clusters asks: the consent must come from someone else.
    other_cluster.managers.add(cluster_manager)
    colleague = make_user("colleague@example.com", role="cluster-manager", cluster=other_cluster)

    services.add_membership(cluster, org_b, by=fresh(cluster_manager), role="member")

    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [colleague.email]


# Deciding ----------------------------------------------------------------------------------------

def test_the_other_clusters_manager_accepts_and_the_rights_follow(client, cluster_manager,
                                                                  cluster, org_b, other_manager):
    cluster_manager.language = "en"
    cluster_manager.save(update_fields=["language"])
    membership = services.add_membership(cluster, org_b, by=cluster_manager, role="partner")
    client.force_login(other_manager)
    queue = client.get(reverse("members:queue"))
    assert [m.pk for m in queue.context["membership_requests"]] == [membership.pk]
    assert reverse("members:decide_membership", args=[membership.pk]) in queue.content.decode()

    response = client.post(reverse("members:decide_membership", args=[membership.pk]),
                           {"decision": "accept", "back": "queue"})

    assert response["Location"] == reverse("members:queue")
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.decided_by == other_manager and membership.decided_at
    assert permissions.can_curate_organisation(fresh(cluster_manager), org_b)
    assert org_b in selectors.curated_organisations(fresh(cluster_manager))
    mail = OutgoingEmail.objects.get(to=cluster_manager.email)
    assert mail.subject == "Bipolar GmbH is now a member of Batterie-Cluster Test"
    assert "/members/batterie-cluster-test/memberships/" in mail.body_text
    history = [(c.old_value, c.new_value, c.changed_by) for c in
               ProfileChange.objects.filter(organization=org_b, field="memberships")
               .order_by("pk")]
    assert history == [
        ("", "Batterie-Cluster Test (partner): pending", cluster_manager),
        ("Batterie-Cluster Test (partner): pending", "Batterie-Cluster Test (partner)",
         other_manager),
    ]


def test_a_representative_declines_on_the_profile(client, cluster_manager, cluster, org_b):
    rep = make_user("rep-b@example.com")
    RepresentativeFactory(organization=org_b, user=rep)
    membership = services.add_membership(cluster, org_b, by=cluster_manager, role="member")
    client.force_login(rep)
    page = client.get(org_b.get_absolute_url())
    assert [m.pk for m in page.context["membership_requests"]] == [membership.pk]
    assert 'id="membership-requests"' in page.content.decode()

    response = client.post(reverse("members:decide_membership", args=[membership.pk]),
                           {"decision": "decline", "back": "queue"})

    # A representative has no work queue: back to the profile.
    assert response["Location"] == org_b.get_absolute_url() + "#membership-requests"
    membership.refresh_from_db()
    assert membership.status == Membership.Status.DECLINED
    assert membership.decided_by == rep
    assert not permissions.can_curate_organisation(fresh(cluster_manager), org_b)
    mail = OutgoingEmail.objects.get(to=cluster_manager.email)
    assert mail.subject == "Bipolar GmbH hat die Mitgliedschaft in Batterie-Cluster Test abgelehnt"
    assert ProfileChange.objects.filter(
        organization=org_b, field="memberships", changed_by=rep,
        new_value="Batterie-Cluster Test (member): declined").exists()


def test_a_declined_request_is_refused_until_removed(client, cluster_manager, cluster, org_b,
                                                     other_manager):
    membership = services.add_membership(cluster, org_b, by=cluster_manager, role="member")
    services.decide_membership(membership, by=other_manager, accept=False)
    client.force_login(cluster_manager)
    page = client.get(reverse("members:memberships", args=[cluster.slug]))
    assert [m.pk for m in page.context["declined"]] == [membership.pk]

    with pytest.raises(services.CurationError, match="abgelehnt"):
        services.add_membership(cluster, org_b, by=cluster_manager, role="member")
    client.post(reverse("members:memberships", args=[cluster.slug]),
                {"action": "remove", "membership": membership.pk})
    again = services.add_membership(cluster, org_b, by=cluster_manager, role="member")

    assert again.status == Membership.Status.PENDING


def test_the_requester_withdraws_a_waiting_request(client, cluster_manager, cluster, org_b):
    membership = services.add_membership(cluster, org_b, by=cluster_manager, role="member")
    client.force_login(cluster_manager)
    page = client.get(reverse("members:memberships", args=[cluster.slug]))
    assert [m.pk for m in page.context["pending"]] == [membership.pk]
    assert page.context["members"] == []

    client.post(reverse("members:memberships", args=[cluster.slug]),
                {"action": "remove", "membership": membership.pk})

    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert ProfileChange.objects.filter(organization=org_b, field="memberships",
                                        old_value="Batterie-Cluster Test (member): pending",
                                        new_value="").exists()


def test_nobody_decides_a_membership_they_asked_for(client, cluster_manager, cluster,
                                                    other_cluster, org_b):
    # The requester also manages Y, so would otherwise be one who may consent.
    other_cluster.managers.add(cluster_manager)
    membership = services.add_membership(cluster, org_b, by=fresh(cluster_manager),
                                         role="member")
    client.force_login(cluster_manager)

    queue = client.get(reverse("members:queue"))
    response = client.post(reverse("members:decide_membership", args=[membership.pk]),
                           {"decision": "accept", "back": "queue"}, follow=True)

    assert [m.own for m in queue.context["membership_requests"]] == [True]
    assert reverse("members:decide_membership", args=[membership.pk]) not in \
        queue.content.decode()
    assert "selbst gestellt" in response.content.decode()
    with pytest.raises(services.CurationError) as error:
        services.decide_membership(membership, by=fresh(cluster_manager), accept=True)
    assert error.value.messages == [str(services.OWN_REQUEST)]
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


def test_an_admin_decides_others_requests_but_not_their_own(admin_user, cluster, org_b,
                                                            cluster_manager):
    own = services.add_membership(ClusterFactory(), org_b, by=admin_user, role="member")
    other = services.add_membership(cluster, org_b, by=cluster_manager, role="member")

    with pytest.raises(services.CurationError):
        services.decide_membership(own, by=admin_user, accept=True)
    services.decide_membership(other, by=admin_user, accept=True)

    assert own.status == Membership.Status.PENDING
    other.refresh_from_db()
    assert other.status == Membership.Status.ACTIVE


def test_strangers_cannot_decide(client, cluster_manager, cluster, org_b, member):
    third = make_user("third@example.com", role="cluster-manager", cluster=ClusterFactory())
    membership = services.add_membership(cluster, org_b, by=cluster_manager, role="member")
    url = reverse("members:decide_membership", args=[membership.pk])

    for person in (third, member):
        client.force_login(person)
        assert client.post(url, {"decision": "accept"}).status_code == 403
        assert "membership_requests" not in client.get(org_b.get_absolute_url()).context
        with pytest.raises(services.CurationError):
            services.decide_membership(membership, by=person, accept=True)
    client.logout()
    assert client.post(url, {"decision": "accept"}).status_code == 302  # to the login
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


def test_a_decision_that_is_neither_accept_nor_decline_changes_nothing(client, cluster_manager,
                                                                       cluster, org_b,
                                                                       other_manager):
    membership = services.add_membership(cluster, org_b, by=cluster_manager, role="member")
    client.force_login(other_manager)

    response = client.post(reverse("members:decide_membership", args=[membership.pk]),
                           {"decision": "maybe"}, follow=True)

    assert response.status_code == 200
    assert "annehmen oder ablehnen" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


def test_deciding_twice_or_a_withdrawn_request_is_refused(cluster_manager, cluster, org_b,
                                                          other_manager):
    membership = services.add_membership(cluster, org_b, by=cluster_manager, role="member")
    services.decide_membership(membership, by=other_manager, accept=True)

    with pytest.raises(services.CurationError, match="bereits entschieden"):
        services.decide_membership(membership, by=other_manager, accept=False)
    services.remove_membership(membership, by=cluster_manager)
    with pytest.raises(services.CurationError, match="zurückgezogen"):
        services.decide_membership(membership, by=other_manager, accept=True)


# Nobody decides their own request: representation and change requests ---------------------------

def test_a_curator_cannot_confirm_themselves_as_representative(client, cluster_manager, org_a,
                                                               cluster):
    services.request_representation(org_a, by=cluster_manager)
    request = Representative.objects.get(user=cluster_manager, organization=org_a)
    client.force_login(cluster_manager)

    queue = client.get(reverse("members:queue"))
    response = client.post(reverse("members:decide_representative", args=[request.pk]),
                           {"decision": "confirm"}, follow=True)

    assert [r.own for r in queue.context["representative_requests"]] == [True]
    assert reverse("members:decide_representative", args=[request.pk]) not in \
        queue.content.decode()
    assert "selbst gestellt" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Representative.Status.REQUESTED
    colleague = make_user("colleague@example.com", role="cluster-manager", cluster=cluster)
    services.decide_representation(request, by=colleague, confirm=True)
    request.refresh_from_db()
    assert request.status == Representative.Status.CONFIRMED


def test_nobody_reviews_their_own_change_request(client, org_a, representative, cluster):
    from network_portal.services import grant_role

    change_request = ChangeRequestFactory(organization=org_a, requested_by=representative)
    # The representative later becomes a manager of the organisation's cluster.
    grant_role(fresh(representative), "cluster-manager", cluster=cluster)
    client.force_login(representative)

    page = client.get(reverse("members:review", args=[change_request.pk]))
    queue = client.get(reverse("members:queue"))

    assert page.status_code == 200 and page.context["can_decide"] is False
    assert 'name="decision"' not in page.content.decode()
    assert [c.own for c in queue.context["change_requests"]] == [True]
    with pytest.raises(services.CurationError) as error:
        services.review_change_request(change_request, by=fresh(representative), approve=True)
    assert error.value.messages == [str(services.OWN_REQUEST)]
    response = client.post(reverse("members:review", args=[change_request.pk]),
                           {"decision": "approve", "comment": "", "seen": ""}, follow=True)
    assert "selbst gestellt" in response.content.decode()
    change_request.refresh_from_db()
    org_a.refresh_from_db()
    assert change_request.status == "pending" and org_a.city == "Zwickau"


def test_the_django_admin_cannot_confirm_a_representative(client, admin_user, org_a):
    request = RepresentativeFactory(organization=org_a, user=admin_user,
                                    status=Representative.Status.REQUESTED)
    client.force_login(admin_user)
    url = reverse("admin:members_representative_change", args=[request.pk])

    client.post(url, {"user": admin_user.pk, "organization": org_a.pk, "status": "confirmed"})

    request.refresh_from_db()
    assert request.status == Representative.Status.REQUESTED
    assert client.get(reverse("admin:members_representative_add")).status_code == 403


# Only active memberships count -------------------------------------------------------------------

def test_a_waiting_membership_appears_in_no_list(client, cluster_manager, cluster, org_b,
                                                 economic_development):
    services.add_membership(cluster, org_b, by=cluster_manager, role="member")

    directory = client.get(reverse("members:list"), {"cluster": cluster.slug})
    cluster_page = client.get(cluster.get_absolute_url())
    profile = client.get(org_b.get_absolute_url())
    client.force_login(economic_development)
    export = client.get(reverse("members:list"), {"cluster": "cluster-y", "format": "csv"})

    assert list(directory.context["page"].object_list) == []
    assert list(cluster_page.context["members"]) == []
    assert [m.cluster.slug for m in profile.context["memberships"]] == [
        "cluster-y"]
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[1].split(";")[10] == "Cluster Y"


def test_a_waiting_member_s_requests_are_not_mailed_to_the_requesting_cluster(
        cluster_manager, cluster, org_b, other_manager, member):
    services.add_membership(cluster, org_b, by=cluster_manager, role="member")
    OutgoingEmail.objects.all().delete()

    services.request_representation(org_b, by=member)

    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [other_manager.email]


def test_my_portal_shows_a_representative_the_requests_to_decide(client, cluster_manager,
                                                                 cluster, org_b):
    rep = make_user("rep-b@example.com")
    RepresentativeFactory(organization=org_b, user=rep)
    services.add_membership(cluster, org_b, by=cluster_manager, role="member")
    client.force_login(rep)

    content = client.get(reverse("my_portal")).content.decode()

    assert "Batterie-Cluster Test möchte Bipolar GmbH aufnehmen" in content
    assert "/members/bipolar-gmbh/#membership-requests" in content


def test_the_privacy_export_lists_the_memberships_a_person_asked_for(cluster_manager, cluster,
                                                                     org_b):
    from members import privacy

    services.add_membership(cluster, org_b, by=cluster_manager, role="member")

    rows = privacy.export(cluster_manager)["membership_requests"]

    assert [(r["cluster"], r["organisation"], r["status"]) for r in rows] == [
        ("Batterie-Cluster Test", "Bipolar GmbH", "pending")]


def test_the_history_shows_a_waiting_membership_in_the_readers_language():
    from django.utils import translation

    from members import history

    with translation.override("en"):
        assert history.show("memberships", "X (partner): pending") == \
            "X (Partner): Waiting for consent"
    with translation.override("de"):
        assert history.show("memberships", "X (member): declined") == "X (Mitglied): Abgelehnt"


# The data migration ------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_memberships_from_before_the_consent_step_stay_active():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("members", "0007_search_document")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldOrganization = old.get_model("members", "Organization")
    cluster = OldOrganization.objects.create(name="Alt-Cluster", slug="alt-cluster",
                                             kind="cluster", status="published")
    member = OldOrganization.objects.create(name="Alt AG", slug="alt-ag", kind="company",
                                            status="published")
    old.get_model("members", "Membership").objects.create(cluster=cluster, organization=member)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    membership = Membership.objects.get(organization__slug="alt-ag")
    assert membership.status == Membership.Status.ACTIVE
    assert Organization.objects.get(slug="alt-ag") in selectors.curated_organisations(
        make_user("alt@example.com", role="cluster-manager",
                  cluster=Organization.objects.get(slug="alt-cluster")))
