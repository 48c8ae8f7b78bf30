import pytest
from django.urls import reverse

from members import services
from members.models import (
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
    region,
    stage,
)
from network_portal.models import OutgoingEmail
from network_portal.testing import make_user


def profile_data(organisation, **changes):
    data = {f: getattr(organisation, f) or "" for f in services.PROFILE_FIELDS if f != "region"}
    data["region"] = organisation.region.slug if organisation.region else ""
    data.update(changes)
    return data


# Representative requests ------------------------------------------------------------------------

def test_a_person_asks_to_represent_and_the_cluster_manager_is_told(client, org_a, member,
                                                                   cluster_manager):
    client.force_login(member)

    response = client.post(reverse("members:represent", args=[org_a.slug]), {"message": "CEO"})

    assert response.status_code == 302
    representative = Representative.objects.get(user=member, organization=org_a)
    assert representative.status == Representative.Status.REQUESTED
    assert OutgoingEmail.objects.get(to=cluster_manager.email).subject == \
        "Anfrage als Vertreter/in für Anoden AG"


def test_the_cluster_manager_confirms_and_the_person_is_told_in_their_language(
        client, org_a, cluster_manager):
    person = make_user("ines@example.com", language="en")
    representative = RepresentativeFactory(user=person, organization=org_a,
                                           status=Representative.Status.REQUESTED)
    client.force_login(cluster_manager)

    client.post(reverse("members:decide_representative", args=[representative.pk]),
                {"decision": "confirm"})

    representative.refresh_from_db()
    assert representative.status == Representative.Status.CONFIRMED
    assert representative.decided_by == cluster_manager
    assert OutgoingEmail.objects.get(to=person.email).subject == "You now represent Anoden AG"


def test_a_manager_of_another_cluster_cannot_decide(client, org_a, other_manager):
    representative = RepresentativeFactory(user=make_user("x@example.com"), organization=org_a,
                                           status=Representative.Status.REQUESTED)
    client.force_login(other_manager)

    response = client.post(reverse("members:decide_representative", args=[representative.pk]),
                           {"decision": "confirm"})

    assert response.status_code == 403
    representative.refresh_from_db()
    assert representative.status == Representative.Status.REQUESTED


def test_asking_twice_is_refused(org_a, member):
    services.request_representation(org_a, member)

    with pytest.raises(services.CurationError):
        services.request_representation(org_a, member)


def test_anonymous_visitors_must_log_in_to_ask(client, org_a):
    response = client.post(reverse("members:represent", args=[org_a.slug]))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Editing and change requests --------------------------------------------------------------------

def test_a_representative_edit_of_a_published_profile_becomes_a_change_request(
        client, org_a, representative, cluster_manager):
    client.force_login(representative)

    client.post(reverse("members:edit", args=[org_a.slug]),
                profile_data(org_a, city="Chemnitz", region="sachsen"))

    org_a.refresh_from_db()
    assert org_a.city == "Zwickau"
    change_request = ProfileChangeRequest.objects.get()
    assert change_request.proposed == {"city": "Chemnitz", "region": "sachsen"}
    assert OutgoingEmail.objects.filter(to=cluster_manager.email).exists()


def test_the_edit_form_shows_the_current_region(client, org_a, representative):
    org_a.region = region("sachsen")
    org_a.save()
    client.force_login(representative)

    content = client.get(reverse("members:edit", args=[org_a.slug])).content.decode()

    assert '<option value="sachsen" selected>' in content


def test_a_draft_profile_changes_directly_with_history(client, cluster, representative, org_a):
    Organization.objects.filter(pk=org_a.pk).update(status=Organization.Status.DRAFT)
    client.force_login(representative)

    client.post(reverse("members:edit", args=[org_a.slug]), profile_data(org_a, city="Plauen"))

    org_a.refresh_from_db()
    assert org_a.city == "Plauen"
    change = ProfileChange.objects.get()
    assert (change.field, change.old_value, change.new_value, change.changed_by) == (
        "city", "Zwickau", "Plauen", representative)
    assert not ProfileChangeRequest.objects.exists()


def test_the_change_request_round_trip(client, org_a, representative, cluster_manager):
    change_request = services.edit_profile(org_a, by=representative, values={
        "city": "Chemnitz", "region": "sachsen", "description_de": "Neu"})
    client.force_login(cluster_manager)

    page = client.get(reverse("members:review", args=[change_request.pk])).content.decode()
    assert "Zwickau" in page and "Chemnitz" in page and "Sachsen" in page
    client.post(reverse("members:review", args=[change_request.pk]), {"decision": "approve"})

    org_a.refresh_from_db()
    assert (org_a.city, org_a.region, org_a.description_de) == ("Chemnitz", region("sachsen"), "Neu")
    change_request.refresh_from_db()
    assert change_request.status == ProfileChangeRequest.Status.APPROVED
    assert set(ProfileChange.objects.values_list("field", flat=True)) == {
        "city", "region", "description_de"}
    assert ProfileChange.objects.filter(changed_by=cluster_manager,
                                        change_request=change_request).count() == 3
    email = OutgoingEmail.objects.get(to=representative.email)
    assert email.subject == "Your changes to Anoden AG are published"  # representative reads English
    assert "Chemnitz" in email.body_text


def test_rejecting_needs_a_comment_and_sends_it(client, org_a, representative, cluster_manager):
    change_request = services.edit_profile(org_a, by=representative, values={"city": "Chemnitz"})
    client.force_login(cluster_manager)
    url = reverse("members:review", args=[change_request.pk])

    without = client.post(url, {"decision": "reject"})
    client.post(url, {"decision": "reject", "comment": "Der Sitz ist Zwickau."})

    assert without.status_code == 200
    org_a.refresh_from_db()
    assert org_a.city == "Zwickau"
    change_request.refresh_from_db()
    assert change_request.status == ProfileChangeRequest.Status.REJECTED
    email = OutgoingEmail.objects.get(to=representative.email)
    assert "were not accepted" in email.subject and "Der Sitz ist Zwickau." in email.body_text


def test_a_decided_request_cannot_be_decided_again(org_a, representative, cluster_manager):
    change_request = services.edit_profile(org_a, by=representative, values={"city": "Chemnitz"})
    services.review_change_request(change_request, by=cluster_manager, approve=True)

    with pytest.raises(services.CurationError):
        services.review_change_request(change_request, by=cluster_manager, approve=False,
                                       comment="zu spät")


def test_a_curator_edit_of_a_published_profile_applies_directly(client, org_a, cluster_manager):
    client.force_login(cluster_manager)

    client.post(reverse("members:edit", args=[org_a.slug]), profile_data(org_a, city="Aue"))

    org_a.refresh_from_db()
    assert org_a.city == "Aue"


def test_history_is_visible_to_managers_only(client, org_a, cluster_manager, representative):
    services.edit_profile(org_a, by=cluster_manager, values={"city": "Aue"})

    client.force_login(cluster_manager)
    assert "Änderungsverlauf" in client.get(org_a.get_absolute_url()).content.decode()
    client.force_login(representative)
    assert "Änderungsverlauf" not in client.get(org_a.get_absolute_url()).content.decode()


# Permissions ------------------------------------------------------------------------------------

def test_anonymous_visitors_cannot_edit_or_curate(client, org_a, cluster):
    for name, slug in [("edit", org_a.slug), ("curate", org_a.slug), ("memberships", cluster.slug)]:
        response = client.get(reverse(f"members:{name}", args=[slug]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("members:queue")).status_code == 302


def test_a_representative_of_a_cannot_edit_b(client, representative, org_b):
    client.force_login(representative)

    get = client.get(reverse("members:edit", args=[org_b.slug]))
    post = client.post(reverse("members:edit", args=[org_b.slug]), profile_data(org_b, city="X"))

    assert get.status_code == post.status_code == 403
    with pytest.raises(services.CurationError):
        services.edit_profile(org_b, by=representative, values={"city": "X"})
    org_b.refresh_from_db()
    assert org_b.city == "Zwickau"


def test_a_manager_of_cluster_x_cannot_curate_a_member_of_cluster_y(client, cluster_manager, org_b,
                                                                    other_cluster):
    client.force_login(cluster_manager)

    assert client.get(reverse("members:curate", args=[org_b.slug])).status_code == 403
    assert client.post(reverse("members:curate", args=[org_b.slug]),
                       {"status": "archived"}).status_code == 403
    assert client.get(reverse("members:memberships", args=[other_cluster.slug])).status_code == 403
    org_b.refresh_from_db()
    assert org_b.status == Organization.Status.PUBLISHED


def test_a_manager_cannot_review_changes_of_another_clusters_member(client, cluster_manager, org_b):
    change_request = ChangeRequestFactory(organization=org_b)
    client.force_login(cluster_manager)

    response = client.post(reverse("members:review", args=[change_request.pk]),
                           {"decision": "approve"})

    assert response.status_code == 403


def test_members_without_a_role_have_no_work_queue(client, member, representative):
    for user in (member, representative):
        client.force_login(user)
        assert client.get(reverse("members:queue")).status_code == 403


def test_the_work_queue_lists_only_the_managers_clusters(client, cluster_manager, org_a, org_b,
                                                         representative):
    ChangeRequestFactory(organization=org_a, requested_by=representative)
    ChangeRequestFactory(organization=org_b)
    RepresentativeFactory(organization=org_b, user=make_user("b@example.com"),
                          status=Representative.Status.REQUESTED)
    pending = OrganizationFactory(name="Wartend GmbH", status=Organization.Status.PENDING)
    MembershipFactory(organization=pending, cluster=org_a.memberships.get().cluster)
    OrganizationFactory(name="Fremd wartend", status=Organization.Status.PENDING)
    client.force_login(cluster_manager)

    response = client.get(reverse("members:queue"))

    assert [c.organization for c in response.context["change_requests"]] == [org_a]
    assert response.context["representative_requests"] == []
    assert response.context["pending_profiles"] == [pending]


def test_the_work_queue_query_count_is_fixed(client, cluster_manager, cluster, representative,
                                            other_cluster, other_manager,
                                            django_assert_num_queries):
    def grow(count):
        for _ in range(count):
            organisation = OrganizationFactory(status=Organization.Status.PENDING)
            MembershipFactory(organization=organisation, cluster=cluster)
            ChangeRequestFactory(organization=organisation, requested_by=representative)
            RepresentativeFactory(organization=organisation, user=representative,
                                  status=Representative.Status.REQUESTED)
            MembershipFactory(organization=organisation, cluster=other_cluster,
                              status=Membership.Status.PENDING, requested_by=other_manager)

    client.force_login(cluster_manager)
    # 1 session, 2 user, 3 groups, 4 managed clusters, 5 represented organisations,
    # 6 pending profiles, 7 change requests, 8 representative requests, 9 membership requests.
    grow(2)
    with django_assert_num_queries(9):
        response = client.get(reverse("members:queue"))
    assert len(response.context["membership_requests"]) == 2
    grow(20)
    with django_assert_num_queries(9):
        client.get(reverse("members:queue"))


# Curation and memberships -----------------------------------------------------------------------

def test_a_manager_publishes_and_sets_stages_and_topics(client, cluster_manager, cluster):
    pending = OrganizationFactory(status=Organization.Status.PENDING)
    MembershipFactory(organization=pending, cluster=cluster)
    client.force_login(cluster_manager)

    client.post(reverse("members:curate", args=[pending.slug]), {
        "status": "published", "stages": [stage("recycling").pk], "topics": []})

    pending.refresh_from_db()
    assert pending.status == Organization.Status.PUBLISHED
    assert list(pending.stages.values_list("code", flat=True)) == ["recycling"]
    assert set(ProfileChange.objects.values_list("field", flat=True)) == {"status", "stages"}


def test_a_manager_adds_and_removes_members_of_their_cluster(client, cluster_manager, cluster):
    newcomer = OrganizationFactory(name="Neu GmbH")
    client.force_login(cluster_manager)
    url = reverse("members:memberships", args=[cluster.slug])

    client.post(url, {"organization": newcomer.pk, "role": "partner", "since": "2027-01-01"})
    membership = newcomer.memberships.get()
    assert (membership.cluster, membership.role) == (cluster, "partner")
    client.post(url, {"remove": membership.pk})

    assert not newcomer.memberships.exists()
    assert ProfileChange.objects.filter(organization=newcomer, field="memberships").count() == 2


def test_a_representative_submits_a_draft_for_review(client, org_a, representative, cluster_manager):
    Organization.objects.filter(pk=org_a.pk).update(status=Organization.Status.DRAFT)
    client.force_login(representative)

    client.post(reverse("members:submit", args=[org_a.slug]))

    org_a.refresh_from_db()
    assert org_a.status == Organization.Status.PENDING
    assert OutgoingEmail.objects.filter(to=cluster_manager.email).exists()


def test_a_representative_sees_their_unpublished_profile(client, org_a, representative):
    Organization.objects.filter(pk=org_a.pk).update(status=Organization.Status.DRAFT)
    client.force_login(representative)

    assert client.get(org_a.get_absolute_url()).status_code == 200


# Contact persons and new members ----------------------------------------------------------------

def contact_post(prefix_rows, total, initial):
    data = {"contacts-TOTAL_FORMS": str(total), "contacts-INITIAL_FORMS": str(initial),
            "contacts-MIN_NUM_FORMS": "0", "contacts-MAX_NUM_FORMS": "20"}
    for index, row in enumerate(prefix_rows):
        for key, value in row.items():
            data[f"contacts-{index}-{key}"] = value
    return data


def test_a_representative_adds_changes_and_removes_contact_persons(client, org_a, representative):
    from members.tests.factories import ContactPersonFactory

    old = ContactPersonFactory(organization=org_a, name="Alt Kontakt")
    keep = ContactPersonFactory(organization=org_a, name="Bleibt", public_consent=False)
    client.force_login(representative)
    url = reverse("members:contacts", args=[org_a.slug])
    assert client.get(url).status_code == 200

    response = client.post(url, contact_post([
        {"id": old.pk, "name": old.name, "email": old.email, "DELETE": "on"},
        {"id": keep.pk, "name": "Bleibt", "function": "Leitung", "email": keep.email,
         "public_consent": "on"},
        {"name": "Neu Kontakt", "email": "neu@example.com"},
    ], total=3, initial=2))

    assert response.status_code == 302
    assert sorted(org_a.contacts.values_list("name", "function", "public_consent")) == [
        ("Bleibt", "Leitung", True), ("Neu Kontakt", "", False)]
    assert ProfileChange.objects.filter(organization=org_a, field="contacts").count() == 3


def test_others_cannot_manage_contact_persons(client, org_b, representative):
    client.force_login(representative)

    assert client.get(reverse("members:contacts", args=[org_b.slug])).status_code == 403


def test_a_manager_creates_a_draft_member_of_their_cluster(client, cluster_manager, cluster):
    client.force_login(cluster_manager)

    response = client.post(reverse("members:memberships", args=[cluster.slug]),
                           {"name": "Curation", "kind": "company", "city": "Plauen"})

    organisation = Organization.objects.get(name="Curation")
    assert organisation.slug == "curation-2"  # the address /members/curation/ is taken
    assert organisation.status == Organization.Status.DRAFT
    assert organisation.memberships.get().cluster == cluster
    assert response["Location"] == reverse("members:edit", args=[organisation.slug])


def test_a_bad_remove_value_is_not_found(client, cluster_manager, cluster):
    client.force_login(cluster_manager)

    response = client.post(reverse("members:memberships", args=[cluster.slug]), {"remove": "x"})

    assert response.status_code == 404


def test_a_person_registers_a_missing_organisation_for_review(client, member, cluster,
                                                              cluster_manager):
    client.force_login(member)

    response = client.post(reverse("members:propose"), {
        "name": "New", "kind": "company", "cluster": cluster.pk, "city": "Aue",
        "message": "Geschäftsführerin"})

    organisation = Organization.objects.get(name="New")
    assert organisation.slug == "new-2"  # /members/new/ is the form
    assert response["Location"] == reverse("my_portal")
    assert organisation.status == Organization.Status.PENDING
    assert organisation.representatives.get().user == member
    assert OutgoingEmail.objects.filter(to=cluster_manager.email).exists()
    client.force_login(cluster_manager)
    queue = client.get(reverse("members:queue")).context
    assert queue["pending_profiles"] == [organisation]
    assert [r.user for r in queue["representative_requests"]] == [member]


def test_registering_needs_a_login(client, db):
    assert client.get(reverse("members:propose")).status_code == 302


def test_the_profile_says_when_a_request_is_waiting(client, org_a, member):
    services.request_representation(org_a, member)
    client.force_login(member)

    content = client.get(org_a.get_absolute_url()).content.decode()

    assert "wartet auf das Clustermanagement" in content
    assert reverse("members:represent", args=[org_a.slug]) not in content


def test_e_mail_links_use_the_portal_address(org_a, representative, cluster_manager, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"

    change_request = services.edit_profile(org_a, by=representative, values={"city": "Aue"})

    body = OutgoingEmail.objects.get(to=cluster_manager.email).body_text
    assert f"https://portal.example.org/members/curation/changes/{change_request.pk}/" in body


def test_the_decision_lists_the_proposal_in_the_requesters_language(client, org_a, representative,
                                                                   cluster_manager):
    change_request = services.edit_profile(org_a, by=representative,
                                           values={"region": "sachsen", "size": "small"})
    client.force_login(cluster_manager)  # reviews in German

    client.post(reverse("members:review", args=[change_request.pk]), {"decision": "approve"})

    body = OutgoingEmail.objects.get(to=representative.email).body_text  # reads English
    assert "Saxony" in body and "10–49 employees" in body
    assert "Sachsen" not in body and "Beschäftigte" not in body


@pytest.mark.parametrize("decision", ["", "approve", "confirm "])
def test_a_decision_that_is_neither_confirm_nor_reject_changes_nothing(client, org_a,
                                                                       cluster_manager, decision):
    person = make_user("ines@example.com")
    representative = RepresentativeFactory(user=person, organization=org_a,
                                           status=Representative.Status.REQUESTED)
    client.force_login(cluster_manager)

    response = client.post(reverse("members:decide_representative", args=[representative.pk]),
                           {"decision": decision}, follow=True)

    representative.refresh_from_db()
    assert representative.status == Representative.Status.REQUESTED
    assert not OutgoingEmail.objects.filter(to=person.email).exists()
    assert "bestätigen oder ablehnen" in response.content.decode()


def test_deciding_a_representative_twice_is_refused_with_a_message(client, org_a,
                                                                  cluster_manager):
    person = make_user("ines@example.com")
    representative = RepresentativeFactory(user=person, organization=org_a,
                                           status=Representative.Status.REQUESTED)
    client.force_login(cluster_manager)
    url = reverse("members:decide_representative", args=[representative.pk])
    client.post(url, {"decision": "confirm"})

    response = client.post(url, {"decision": "reject"}, follow=True)

    representative.refresh_from_db()
    assert representative.status == Representative.Status.CONFIRMED
    assert "wurde bereits entschieden" in response.content.decode()
    assert OutgoingEmail.objects.filter(to=person.email).count() == 1


def test_the_service_refuses_a_manager_of_another_cluster(org_a, other_manager):
    representative = RepresentativeFactory(user=make_user("x@example.com"), organization=org_a,
                                           status=Representative.Status.REQUESTED)

    with pytest.raises(services.CurationError):
        services.decide_representation(representative, by=other_manager, confirm=True)


def test_deciding_a_change_request_twice_is_refused_with_a_message(client, org_a, representative,
                                                                   cluster_manager):
    change_request = services.edit_profile(org_a, by=representative, values={"city": "Chemnitz"})
    client.force_login(cluster_manager)
    url = reverse("members:review", args=[change_request.pk])
    client.post(url, {"decision": "approve"})

    response = client.post(url, {"decision": "reject", "comment": "doch nicht"}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert "bereits entschieden" in response.content.decode()
    change_request.refresh_from_db()
    assert (change_request.status, change_request.comment) == (
        ProfileChangeRequest.Status.APPROVED, "")
    assert OutgoingEmail.objects.filter(to=representative.email).count() == 1


def test_showing_the_contact_form_leaves_the_service_fields_alone(client, org_a, representative):
    client.force_login(representative)
    client.get(reverse("members:contacts", args=[org_a.slug]))

    services.save_contacts(org_a, by=representative, rows=[
        {"id": None, "name": "Neu", "function": "", "email": "", "phone": "",
         "public_consent": False}])

    assert services.CONTACT_FIELDS == ("name", "function", "email", "phone", "public_consent")
    assert org_a.contacts.get().name == "Neu"


def test_a_manager_cannot_take_over_another_clusters_unpublished_member(
        client, cluster_manager, cluster, other_cluster):
    hidden = OrganizationFactory(name="Geheim GmbH", status=Organization.Status.DRAFT)
    MembershipFactory(organization=hidden, cluster=other_cluster)
    client.force_login(cluster_manager)
    url = reverse("members:memberships", args=[cluster.slug])

    assert "Geheim GmbH" not in client.get(url).content.decode()
    response = client.post(url, {"organization": hidden.pk, "role": "member"})

    assert response.status_code == 200
    assert not hidden.memberships.filter(cluster=cluster).exists()
    with pytest.raises(services.CurationError):
        services.add_membership(cluster, hidden, by=cluster_manager, role="member")
    assert client.get(reverse("members:curate", args=[hidden.slug])).status_code == 403


def test_a_manager_asks_to_add_a_published_member_of_another_cluster(cluster_manager, cluster,
                                                                     org_b):
    # Until issue 9 this membership was active at once (and handed over the curation of org_b);
    # now it waits for the consent of cluster Y (test_membership_consent.py).
    membership = services.add_membership(cluster, org_b, by=cluster_manager, role="partner")

    assert membership.status == Membership.Status.PENDING
    assert set(org_b.memberships.values_list("cluster__slug", flat=True)) == {
        "cluster-y", "batterie-cluster-test"}


def test_an_approved_request_shows_the_values_before_and_after(client, org_a, representative,
                                                               cluster_manager):
    change_request = services.edit_profile(org_a, by=representative, values={"city": "Chemnitz"})
    services.review_change_request(change_request, by=cluster_manager, approve=True)
    client.force_login(cluster_manager)

    response = client.get(reverse("members:review", args=[change_request.pk]))

    assert [(row["old"], row["new"]) for row in response.context["diff"]] == [("Zwickau", "Chemnitz")]
    assert "Vorher" in response.content.decode()


def test_the_admin_cannot_decide_a_change_request_behind_the_services(client, admin_user, org_a):
    change_request = ChangeRequestFactory(organization=org_a)
    client.force_login(admin_user)
    url = reverse("admin:members_profilechangerequest_change", args=[change_request.pk])

    assert client.get(url).status_code == 200  # read-only view
    client.post(url, {"status": "approved", "organization": org_a.pk, "proposed": "{}"})

    change_request.refresh_from_db()
    assert change_request.status == ProfileChangeRequest.Status.PENDING


def test_a_second_edit_continues_the_waiting_proposal(client, org_a, representative):
    client.force_login(representative)
    url = reverse("members:edit", args=[org_a.slug])
    client.post(url, profile_data(org_a, city="Chemnitz"))

    form = client.get(url).context["form"]
    assert form["city"].value() == "Chemnitz"  # the proposal, not the published value
    client.post(url, profile_data(org_a, city="Chemnitz", phone="+49 375 1"))

    change_request = ProfileChangeRequest.objects.get()
    assert change_request.proposed == {"city": "Chemnitz", "phone": "+49 375 1"}


def test_editing_back_to_the_published_values_withdraws_the_proposal(client, org_a,
                                                                     representative):
    client.force_login(representative)
    url = reverse("members:edit", args=[org_a.slug])
    client.post(url, profile_data(org_a, city="Chemnitz"))

    client.post(url, profile_data(org_a))

    assert not ProfileChangeRequest.objects.exists()


def test_a_proposal_changed_during_the_review_is_not_decided(client, org_a, representative,
                                                             cluster_manager):
    change_request = services.edit_profile(org_a, by=representative, values={"city": "Chemnitz"})
    client.force_login(cluster_manager)
    url = reverse("members:review", args=[change_request.pk])
    seen = client.get(url).context["form"]["seen"].value()
    services.edit_profile(org_a, by=representative, values={"city": "Karl-Marx-Stadt"})

    response = client.post(url, {"decision": "approve", "seen": seen}, follow=True)

    assert "Bitte prüfen Sie ihn erneut." in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.city == "Zwickau"
    change_request.refresh_from_db()
    assert change_request.status == ProfileChangeRequest.Status.PENDING


def test_a_manager_removes_a_representative_who_left(client, org_a, representative,
                                                    cluster_manager):
    services.edit_profile(org_a, by=representative, values={"city": "Chemnitz"})
    client.force_login(cluster_manager)
    assert "rep@example.com" in client.get(org_a.get_absolute_url()).content.decode()
    link = Representative.objects.get(user=representative)

    client.post(reverse("members:revoke_representative", args=[link.pk]))

    assert not Representative.objects.filter(user=representative).exists()
    assert not ProfileChangeRequest.objects.exists()  # their waiting proposal is withdrawn
    assert ProfileChange.objects.filter(field="representatives", changed_by=cluster_manager,
                                        old_value__startswith="Rita Rep").exists()
    client.force_login(representative)
    assert client.get(reverse("members:edit", args=[org_a.slug])).status_code == 403


def test_only_the_organisations_curators_remove_representatives(client, org_a, representative,
                                                               other_manager):
    link = Representative.objects.get(user=representative)
    url = reverse("members:revoke_representative", args=[link.pk])

    for user in (other_manager, representative):
        client.force_login(user)
        assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    with pytest.raises(services.CurationError):
        services.revoke_representation(link, by=other_manager)
    assert Representative.objects.filter(pk=link.pk).exists()


def test_an_admin_edit_in_the_django_admin_is_kept_in_the_history(client, admin_user, org_a):
    client.force_login(admin_user)
    url = reverse("admin:members_organization_change", args=[org_a.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items()
            if value and not isinstance(value, list) and name != "logo"}
    data.update({"name": org_a.name, "slug": org_a.slug, "kind": org_a.kind, "city": "Aue",
                 "status": "archived", "stages": [stage("recycling").pk],
                 "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
                 "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"})

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    changes = {c.field: (c.old_value, c.new_value, c.changed_by)
               for c in ProfileChange.objects.filter(organization=org_a)}
    assert changes["city"] == ("Zwickau", "Aue", admin_user)
    # Codes, not labels: the history shows them in the reader's language (test_history.py).
    assert changes["status"] == ("published", "archived", admin_user)
    assert changes["stages"][1] == "recycling"


# E-mails people expect ---------------------------------------------------------------------------

def test_publishing_a_pending_profile_tells_its_representatives_in_their_language(
        client, cluster_manager, cluster):
    pending = OrganizationFactory(name="Neu GmbH", status=Organization.Status.PENDING)
    MembershipFactory(organization=pending, cluster=cluster)
    german = make_user("de@example.com", language="de")
    english = make_user("en@example.com", language="en")
    rejected = make_user("no@example.com", language="de")
    RepresentativeFactory(organization=pending, user=german)
    RepresentativeFactory(organization=pending, user=english,
                          status=Representative.Status.REQUESTED)
    RepresentativeFactory(organization=pending, user=rejected,
                          status=Representative.Status.REJECTED)
    client.force_login(cluster_manager)
    url = reverse("members:curate", args=[pending.slug])

    client.post(url, {"status": "published", "stages": [], "topics": []})

    assert OutgoingEmail.objects.get(to="de@example.com").subject == \
        "Neu GmbH steht jetzt im Verzeichnis"
    to_english = OutgoingEmail.objects.get(to="en@example.com")
    assert to_english.subject == "Neu GmbH is now in the directory"
    assert pending.get_absolute_url() in to_english.body_text
    assert to_english.reference == f"members.organization:{pending.pk}"
    assert not OutgoingEmail.objects.filter(to="no@example.com").exists()
    # Saving the published profile again (stages, say) sends nothing more.
    client.post(url, {"status": "published", "stages": [stage("recycling").pk], "topics": []})
    assert OutgoingEmail.objects.filter(template="members_profile_published").count() == 2


def test_no_publication_mail_for_other_status_changes_or_refused_curation(
        client, cluster_manager, other_manager, cluster):
    pending = OrganizationFactory(status=Organization.Status.PENDING)
    MembershipFactory(organization=pending, cluster=cluster)
    RepresentativeFactory(organization=pending, user=make_user("de@example.com"))
    url = reverse("members:curate", args=[pending.slug])

    client.force_login(other_manager)
    assert client.post(url, {"status": "published", "stages": [], "topics": []}).status_code == 403
    with pytest.raises(services.CurationError):
        services.curate(pending, by=other_manager, status="published", stages=[], topics=[])
    client.force_login(cluster_manager)
    client.post(url, {"status": "archived", "stages": [], "topics": []})
    client.post(url, {"status": "published", "stages": [], "topics": []})  # archived, not pending

    assert not OutgoingEmail.objects.filter(to="de@example.com").exists()


def test_a_removed_representative_is_told(client, org_a, representative, cluster_manager):
    link = Representative.objects.get(user=representative)
    client.force_login(cluster_manager)

    client.post(reverse("members:revoke_representative", args=[link.pk]))

    email = OutgoingEmail.objects.get(to=representative.email)  # representative reads English
    assert email.subject == "You no longer represent Anoden AG"
    assert "can no longer edit its profile" in email.body_text
    assert email.key == f"members:representative:{link.pk}:removed"


def test_a_refused_removal_sends_no_mail(client, org_a, representative, other_manager,
                                        cluster_manager):
    link = Representative.objects.get(user=representative)
    client.force_login(other_manager)

    assert client.post(reverse("members:revoke_representative", args=[link.pk])).status_code == 403
    with pytest.raises(services.CurationError):
        services.revoke_representation(link, by=other_manager)
    link.status = Representative.Status.REQUESTED  # not (yet) a representative: refused too
    link.save()
    with pytest.raises(services.CurationError):
        services.revoke_representation(link, by=cluster_manager)

    assert not OutgoingEmail.objects.filter(to=representative.email).exists()


def test_withdrawing_a_proposal_says_so(client, org_a, representative):
    client.force_login(representative)
    url = reverse("members:edit", args=[org_a.slug])
    client.post(url, profile_data(org_a, city="Chemnitz"))

    response = client.post(url, profile_data(org_a), follow=True)

    text = response.content.decode()
    assert "Ihre vorgeschlagenen Änderungen wurden zurückgezogen" in text
    assert "Das Profil wurde gespeichert." not in text
