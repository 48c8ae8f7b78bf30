"""Profile edits and change requests: direct edits, proposals, their review and e-mails."""

import pytest
from django.urls import reverse

from members import services
from members.models import (
    Organization,
    ProfileChange,
    ProfileChangeRequest,
)
from members.tests.factories import (
    ChangeRequestFactory,
    profile_data,
    region,
    stage,
)
from network_portal.models import OutgoingEmail


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


def test_withdrawing_a_proposal_says_so(client, org_a, representative):
    client.force_login(representative)
    url = reverse("members:edit", args=[org_a.slug])
    client.post(url, profile_data(org_a, city="Chemnitz"))

    response = client.post(url, profile_data(org_a), follow=True)

    text = response.content.decode()
    assert "Ihre vorgeschlagenen Änderungen wurden zurückgezogen" in text
    assert "Das Profil wurde gespeichert." not in text
