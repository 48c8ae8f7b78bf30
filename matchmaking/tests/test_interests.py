"""Offers and needs: who may edit them, what is stored, the audit entry, the profile."""

import pytest
from django.urls import reverse

from matchmaking import selectors, services
from matchmaking.models import Interest
from matchmaking.tests.conftest import state
from members.models import Organization
from network_portal.models import AuditEntry

pytestmark = pytest.mark.django_db

OFFERS = {"stages": ["cell-manufacturing"], "topics": ["hydrogen"], "text": "Pouchzellen"}
NEEDS = {"stages": ["testing", "active-materials"], "topics": [], "text": "Prüflabor gesucht"}


def test_a_representative_states_offers_and_needs(cell_maker, representative):
    changed = services.save_interests(cell_maker, by=representative, offers=OFFERS, needs=NEEDS)

    interests = selectors.interests_of(cell_maker)
    assert changed == ["offer", "seek"]
    assert [s.code for s in interests["offer"].stages.all()] == ["cell-manufacturing"]
    assert [t.code for t in interests["offer"].topics.all()] == ["hydrogen"]
    assert sorted(s.code for s in interests["seek"].stages.all()) == ["active-materials", "testing"]
    assert interests["seek"].text == "Prüflabor gesucht"


def test_saving_writes_one_audit_entry_on_the_organisation(cell_maker, representative):
    services.save_interests(cell_maker, by=representative, offers=OFFERS, needs=NEEDS)

    [entry] = AuditEntry.objects.filter(action="matchmaking.interests.saved")
    assert entry.object_id == cell_maker.pk and entry.actor == representative
    assert entry.data["needs"]["stages"] == ["active-materials", "testing"]


def test_saving_the_same_again_changes_nothing_and_logs_nothing(cell_maker, representative):
    services.save_interests(cell_maker, by=representative, offers=OFFERS, needs=NEEDS)

    assert services.save_interests(cell_maker, by=representative, offers=OFFERS, needs=NEEDS) == []
    assert AuditEntry.objects.filter(action="matchmaking.interests.saved").count() == 1
    assert Interest.objects.filter(organization=cell_maker).count() == 2


def test_a_curator_of_the_cluster_may_edit_them(cell_maker, cluster_manager):
    services.save_interests(cell_maker, by=cluster_manager, offers=OFFERS, needs=NEEDS)

    assert selectors.interests_of(cell_maker)["offer"].text == "Pouchzellen"


@pytest.mark.parametrize("persona", ["member", "other_manager"])
def test_others_may_not_edit_them(request, cell_maker, persona):
    with pytest.raises(services.MatchmakingError):
        services.save_interests(cell_maker, by=request.getfixturevalue(persona), offers=OFFERS,
                                needs=NEEDS)
    assert not Interest.objects.exists()


def test_the_form_saves_through_the_service(client, cell_maker, representative):
    client.force_login(representative)
    url = reverse("matchmaking:edit", args=[cell_maker.slug])
    assert client.get(url).status_code == 200

    response = client.post(url, {"offer_stages": ["cell-manufacturing"], "offer_text": "Zellen",
                                 "seek_stages": ["testing"], "seek_topics": ["hydrogen"],
                                 "seek_text": ""})

    assert response.status_code == 302 and response["Location"] == cell_maker.get_absolute_url()
    assert selectors.interests_of(cell_maker)["seek"].topics.get().code == "hydrogen"


def test_the_form_keeps_the_text_within_its_column(client, cell_maker, representative):
    client.force_login(representative)

    response = client.post(reverse("matchmaking:edit", args=[cell_maker.slug]),
                           {"offer_text": "x" * 501})

    assert response.status_code == 200 and "offer_text" in response.context["form"].errors


@pytest.mark.parametrize("persona,status", [("member", 403), ("other_manager", 403)])
def test_the_form_is_refused_to_others(request, client, cell_maker, persona, status):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("matchmaking:edit", args=[cell_maker.slug])).status_code == status


def test_the_form_asks_visitors_to_log_in(client, cell_maker):
    response = client.get(reverse("matchmaking:edit", args=[cell_maker.slug]))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_profile_shows_offers_and_needs_to_signed_in_members(client, member, cell_maker):
    state(cell_maker, offers=["cell-manufacturing"], seeks=["testing"])
    client.force_login(member)

    page = client.get(cell_maker.get_absolute_url()).content.decode()

    assert "Angebote und Bedarfe" in page and "Prüfung, Validierung &amp; Zertifizierung" in page
    assert "Kontakt anfragen" in page


def test_visitors_are_asked_to_log_in_first(client, cell_maker):
    state(cell_maker, offers=["cell-manufacturing"], seeks=["testing"])

    page = client.get(cell_maker.get_absolute_url()).content.decode()

    assert "Melden Sie sich an" in page and "Prüfung, Validierung" not in page
    assert "Kontakt anfragen" not in page


def test_the_profile_links_the_editors_to_the_form(client, cell_maker, representative):
    client.force_login(representative)

    page = client.get(cell_maker.get_absolute_url()).content.decode()

    assert reverse("matchmaking:edit", args=[cell_maker.slug]) in page
    assert "Kontakt anfragen" not in page  # not to one's own organisation


def test_a_draft_has_no_offers_to_the_public(client, representative, cell_maker):
    Organization.objects.filter(pk=cell_maker.pk).update(status=Organization.Status.DRAFT)

    assert client.get(cell_maker.get_absolute_url()).status_code == 404
