"""Brokered introductions: who is asked, no address before the acceptance, the answer, limits."""

import pytest
from django.urls import reverse

from matchmaking import selectors, services
from matchmaking.models import Introduction
from members.models import Organization
from members.tests.factories import MembershipFactory, OrganizationFactory, RepresentativeFactory
from network_portal.models import AuditEntry, OutgoingEmail
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db

MESSAGE = "Wir suchen einen Partner für die Prüfung unserer Zellen. Gespräch?"


def ask(organisation, by, **kwargs):
    return services.request_introduction(organisation, by=by, message=MESSAGE, **kwargs)


def test_the_request_goes_to_the_representatives_without_the_askers_address(
        supplier, supplier_rep, representative, cell_maker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        introduction = ask(supplier, representative, on_behalf_of=cell_maker)

    [email] = OutgoingEmail.objects.all()
    assert email.to == "supplier@example.com"
    assert email.language == "en" and "Request for an introduction to Partner AG" in email.subject
    assert "Rita Rep asks" in email.body_text and "Zellfabrik Zwickau GmbH" in email.body_text
    assert MESSAGE in email.body_text and "rep@example.com" not in email.body_text
    assert introduction.get_absolute_url() in email.body_text
    assert introduction.status == Introduction.Status.REQUESTED
    assert AuditEntry.objects.filter(action="matchmaking.introduction.requested").count() == 1


def test_without_representatives_the_request_goes_to_the_cluster_managers(
        cell_maker, cluster_manager, member):
    ask(cell_maker, member)

    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [cluster_manager.email]


def test_nobody_to_ask_is_refused(member):
    lonely = OrganizationFactory()

    with pytest.raises(services.MatchmakingError):
        ask(lonely, member)
    assert not Introduction.objects.exists()


def test_one_cannot_ask_ones_own_organisation(cell_maker, representative):
    with pytest.raises(services.MatchmakingError):
        ask(cell_maker, representative)


def test_an_unpublished_organisation_cannot_be_asked(cell_maker, member, cluster_manager):
    Organization.objects.filter(pk=cell_maker.pk).update(status=Organization.Status.DRAFT)
    cell_maker.refresh_from_db()

    with pytest.raises(services.MatchmakingError):
        ask(cell_maker, member)


def test_on_behalf_of_only_an_organisation_one_represents(supplier, supplier_rep, member,
                                                          cell_maker):
    introduction = ask(supplier, member, on_behalf_of=cell_maker)

    assert introduction.on_behalf_of is None


def test_requests_are_limited_per_person_and_day(settings, member, cluster):
    settings.PORTAL_MAX_INTRODUCTIONS_PER_DAY = 2
    make_user("m@example.com", role="cluster-manager", cluster=cluster)
    targets = [OrganizationFactory() for _ in range(3)]
    for target in targets:
        MembershipFactory(organization=target, cluster=cluster)
    ask(targets[0], member)
    ask(targets[1], member)

    with pytest.raises(services.MatchmakingError, match="2"):
        ask(targets[2], member)
    assert Introduction.objects.count() == 2


def test_accepting_sends_both_the_others_contact(supplier, supplier_rep, representative,
                                                 cell_maker):
    introduction = ask(supplier, representative, on_behalf_of=cell_maker)
    OutgoingEmail.objects.all().delete()

    services.decide_introduction(introduction, by=supplier_rep, accept=True)

    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.ACCEPTED
    assert introduction.decided_by == supplier_rep
    to_asker = OutgoingEmail.objects.get(to="rep@example.com")
    to_answerer = OutgoingEmail.objects.get(to="supplier@example.com")
    assert "supplier@example.com" in to_asker.body_text and "Sven Supplier" in to_asker.body_text
    assert "Partner AG" in to_asker.body_text
    assert "rep@example.com" in to_answerer.body_text and "Zellfabrik" in to_answerer.body_text
    assert to_answerer.language == "en" and "the contacts" in to_answerer.subject


def test_declining_tells_the_asker_politely_without_an_address(supplier, supplier_rep,
                                                               representative):
    introduction = ask(supplier, representative)
    OutgoingEmail.objects.all().delete()

    services.decide_introduction(introduction, by=supplier_rep, accept=False)

    [email] = OutgoingEmail.objects.all()
    assert email.to == "rep@example.com" and "vielen Dank für Ihr Interesse" in email.body_text
    assert "supplier@example.com" not in email.body_text
    assert AuditEntry.objects.filter(action="matchmaking.introduction.declined").count() == 1


def test_nobody_answers_their_own_request(cell_maker, cluster_manager):
    """A cluster manager who asks an organisation of their own cluster cannot accept it."""
    other = make_user("other-cm@example.com", role="cluster-manager",
                      cluster=cell_maker.memberships.get().cluster)
    introduction = ask(cell_maker, cluster_manager)

    with pytest.raises(services.MatchmakingError):
        services.decide_introduction(introduction, by=cluster_manager, accept=True)
    services.decide_introduction(introduction, by=other, accept=True)
    introduction.refresh_from_db()
    assert introduction.decided_by == other


def test_others_may_not_answer(supplier, supplier_rep, representative, member, cluster_manager):
    introduction = ask(supplier, representative)

    for person in (member, cluster_manager, representative):
        with pytest.raises(services.MatchmakingError):
            services.decide_introduction(introduction, by=person, accept=True)


def test_a_request_is_answered_once(supplier, supplier_rep, representative):
    colleague = make_user("colleague@example.com")
    RepresentativeFactory(user=colleague, organization=supplier)
    introduction = ask(supplier, representative)
    services.decide_introduction(introduction, by=supplier_rep, accept=False)

    with pytest.raises(services.MatchmakingError):
        services.decide_introduction(introduction, by=colleague, accept=True)
    assert OutgoingEmail.objects.filter(template="matchmaking_introduction_accepted").count() == 0


def test_cluster_managers_see_the_figures_of_their_clusters(cluster, other_cluster, cell_maker,
                                                            cluster_manager, supplier,
                                                            supplier_rep, member):
    first = ask(cell_maker, member)
    ask(cell_maker, supplier_rep)
    ask(supplier, member)
    services.decide_introduction(first, by=make_user(
        "cm2@example.com", role="cluster-manager", cluster=cluster), accept=True)

    figures = selectors.cluster_figures({cluster.pk})

    assert figures == [{"cluster_id": cluster.pk, "cluster__name": cluster.name, "total": 2,
                        "accepted": 1, "declined": 0, "waiting": 1}]


# Views ---------------------------------------------------------------------------------------

def test_the_form_sends_the_request_and_shows_it_to_the_asker(client, supplier, supplier_rep,
                                                              representative, cell_maker):
    client.force_login(representative)
    url = reverse("matchmaking:contact", args=[supplier.slug])
    assert client.get(url).status_code == 200

    response = client.post(url, {"message": MESSAGE, "on_behalf_of": cell_maker.pk})

    introduction = Introduction.objects.get()
    assert response["Location"] == introduction.get_absolute_url()
    assert introduction.on_behalf_of == cell_maker
    page = client.get(introduction.get_absolute_url()).content.decode()
    assert "Wartet auf Antwort" in page and "Annehmen" not in page


def test_a_short_message_is_refused(client, supplier, supplier_rep, member):
    client.force_login(member)

    response = client.post(reverse("matchmaking:contact", args=[supplier.slug]), {"message": "Hi"})

    assert response.status_code == 200 and "message" in response.context["form"].errors


def test_the_limit_is_a_message_in_the_form(client, settings, supplier, supplier_rep, member):
    settings.PORTAL_MAX_INTRODUCTIONS_PER_DAY = 0
    client.force_login(member)

    response = client.post(reverse("matchmaking:contact", args=[supplier.slug]),
                           {"message": MESSAGE})

    assert response.status_code == 200 and "morgen" in response.content.decode()


def test_the_contact_form_is_for_signed_in_members(client, supplier, representative):
    url = reverse("matchmaking:contact", args=[supplier.slug])
    assert "/accounts/login/" in client.get(url)["Location"]


def test_the_contact_form_is_refused_for_ones_own_organisation(client, cell_maker,
                                                               representative):
    client.force_login(representative)

    assert client.get(reverse("matchmaking:contact",
                              args=[cell_maker.slug])).status_code == 403


def test_the_answerer_accepts_on_the_page(client, supplier, supplier_rep, representative):
    introduction = ask(supplier, representative)
    client.force_login(supplier_rep)
    page = client.get(introduction.get_absolute_url()).content.decode()
    assert "Rita Rep" in page and "rep@example.com" not in page and "Annehmen" in page

    response = client.post(introduction.get_absolute_url(), {"decision": "accept"})

    assert response.status_code == 302
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.ACCEPTED


@pytest.mark.parametrize("persona", ["member", "cluster_manager"])
def test_strangers_neither_see_nor_answer_a_request(request, client, supplier, supplier_rep,
                                                    representative, persona):
    introduction = ask(supplier, representative)
    client.force_login(request.getfixturevalue(persona))

    assert client.get(introduction.get_absolute_url()).status_code == 403
    assert client.post(introduction.get_absolute_url(),
                       {"decision": "accept"}).status_code == 403
    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.REQUESTED


def test_the_asker_cannot_accept_through_the_page(client, supplier, supplier_rep, representative):
    introduction = ask(supplier, representative)
    client.force_login(representative)

    assert client.post(introduction.get_absolute_url(),
                       {"decision": "accept"}).status_code == 403


def test_my_portal_lists_requests_to_answer_and_asked(client, supplier, supplier_rep,
                                                      representative, cluster_manager):
    ask(supplier, representative)

    client.force_login(supplier_rep)
    assert "Anfrage an Partner AG" in client.get(reverse("my_portal")).content.decode()
    client.force_login(representative)
    assert "Ihre Kontaktanfragen" in client.get(reverse("my_portal")).content.decode()


def test_my_portal_shows_cluster_managers_the_figures(client, cell_maker, cluster_manager,
                                                      member):
    ask(cell_maker, member)
    client.force_login(cluster_manager)

    page = client.get(reverse("my_portal")).content.decode()

    assert "Kooperationsanbahnungen in Ihren Clustern" in page
    assert "Anfrage an Zellfabrik Zwickau GmbH" in page  # no representative: theirs to answer
