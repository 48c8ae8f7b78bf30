"""Suggestions that explain themselves: both directions, the chain table, filters, counts."""

import pytest
from django.urls import reverse
from django.utils import translation

from matchmaking import selectors
from matchmaking.models import StageComplement
from matchmaking.tests.conftest import state
from members.models import Organization
from members.tests.factories import OrganizationFactory, region, stage

pytestmark = pytest.mark.django_db


def names(found):
    return [s.organisation.name for s in found]


def test_an_offer_that_meets_a_need_is_suggested_both_ways_with_reasons(cell_maker, supplier):
    state(cell_maker, offers=["cell-manufacturing"], seeks=["testing"])
    state(supplier, offers=["testing"], seeks=["cell-manufacturing"])

    with translation.override("de"):
        [suggestion] = selectors.suggestions(cell_maker)

    assert suggestion.organisation == supplier
    assert suggestion.reason == ("bietet Prüfung, Validierung & Zertifizierung, die Sie suchen; "
                                 "sucht Zellfertigung, die Sie anbieten")
    assert suggestion.score == 6


def test_the_reasons_are_in_english_for_english_readers(cell_maker, supplier):
    state(cell_maker, seeks=["testing", "production-equipment"])
    state(supplier, offers=["testing", "production-equipment"])

    with translation.override("en"):
        [suggestion] = selectors.suggestions(cell_maker)

    assert suggestion.they_offer == ["offers Production equipment & automation and "
                                     "Testing, validation & certification, which you are "
                                     "looking for"]


def test_the_chain_table_suggests_what_a_cell_maker_needs_without_stated_needs(cell_maker):
    materials = OrganizationFactory(name="Anoden AG", stages=["active-materials"])
    OrganizationFactory(name="Kanzlei", stages=["services"])

    with translation.override("de"):
        [suggestion] = selectors.suggestions(cell_maker)

    assert suggestion.organisation == materials
    assert suggestion.reason == ("bietet Aktivmaterialien & Zellkomponenten (Zellfertiger "
                                 "brauchen Aktivmaterialien und Zellkomponenten)")


def test_the_chain_works_the_other_way_round_too(cell_maker):
    state(cell_maker, offers=["cell-manufacturing"])
    packs = OrganizationFactory(name="Packbau GmbH", stages=["modules-packs"])

    with translation.override("de"):
        [suggestion] = selectors.suggestions(cell_maker)

    assert suggestion.organisation == packs
    assert suggestion.they_seek == ["braucht vielleicht Zellfertigung, die Sie anbieten "
                                    "(Modul- und Systemhersteller verbauen Zellen)"]


def test_a_recycler_is_suggested_for_what_second_life_returns():
    second_life = OrganizationFactory(name="Zweitleben GmbH", stages=["second-life"])
    recycler = OrganizationFactory(name="Recycling AG", stages=["recycling"])

    assert recycler in [s.organisation for s in selectors.suggestions(second_life)]


def test_better_fits_come_first(cell_maker):
    state(cell_maker, seeks=["testing", "production-equipment"])
    one = OrganizationFactory(name="A Prüflabor", stages=["testing"])
    two = OrganizationFactory(name="B Anlagen und Prüfung", stages=["testing", "production-equipment"])
    chain = OrganizationFactory(name="C Anoden", stages=["active-materials"])

    found = selectors.suggestions(cell_maker)

    assert names(found) == [two.name, one.name, chain.name]  # 6, then 3 and 3 (chain) by name


def test_the_table_is_data_a_curator_changes_the_ranking_with(cell_maker):
    first = OrganizationFactory(name="A Anoden", stages=["active-materials"])
    second = OrganizationFactory(name="B Anlagen", stages=["production-equipment"])
    assert names(selectors.suggestions(cell_maker)) == [first.name, second.name]

    StageComplement.objects.filter(offered=stage("production-equipment"),
                                   meets=stage("cell-manufacturing")).update(weight=5)

    assert names(selectors.suggestions(cell_maker)) == [second.name, first.name]


def test_only_published_organisations_and_never_oneself(cell_maker):
    state(cell_maker, offers=["cell-manufacturing"], seeks=["cell-manufacturing"])
    OrganizationFactory(name="Entwurf", stages=["active-materials"],
                        status=Organization.Status.DRAFT)
    OrganizationFactory(name="Archiv", stages=["active-materials"],
                        status=Organization.Status.ARCHIVED)

    assert selectors.suggestions(cell_maker) == []


def test_stated_offers_replace_the_value_chain_stages(cell_maker):
    supplier = OrganizationFactory(name="Anoden AG", stages=["active-materials"])
    state(supplier, offers=["services"])

    assert selectors.suggestions(cell_maker) == []


def test_filters_by_region_and_kind(cell_maker):
    saxon = OrganizationFactory(name="Sächsische Anoden", stages=["active-materials"],
                                region=region("sachsen"))
    OrganizationFactory(name="Wallonische Anoden", stages=["active-materials"],
                        region=region("wallonie"))
    institute = OrganizationFactory(name="Institut", stages=["active-materials"],
                                    kind=Organization.Kind.RESEARCH, region=region("wallonie"))

    assert names(selectors.suggestions(cell_maker, region="sachsen")) == [saxon.name]
    assert names(selectors.suggestions(cell_maker, kind="research")) == [institute.name]


def test_the_partners_page_needs_the_same_queries_for_few_and_many(
        client, member, cell_maker, django_assert_num_queries):
    client.force_login(member)
    state(cell_maker, offers=["cell-manufacturing"], seeks=["testing"],
          seek_topics=["hydrogen"])
    url = reverse("matchmaking:partners", args=[cell_maker.slug])

    def grow(count):
        for _ in range(count):
            other = OrganizationFactory(stages=["testing", "modules-packs"], topics=["hydrogen"],
                                        region=region("sachsen"))
            state(other, offers=["testing"], offer_topics=["hydrogen"],
                  seeks=["cell-manufacturing"], by=member_admin)

    from network_portal.testing import make_user
    member_admin = make_user("admin-grow@example.com", role="admin")
    # 1 session, 2 user, 3 the organisation, 4 the region filter's value, 5-7 its offers and
    # needs shown on the page (rows, stages, topics); the suggestions: 8-9 the stage and topic
    # vocabularies, 10 the chain table, 11-14 its stages, offers and needs (rows, stages,
    # topics), 15 the candidates' ids and names, 16-19 their stages, offers and needs, 20 the
    # best as organisations with regions; 21 the region choices.
    grow(2)
    with django_assert_num_queries(21):
        response = client.get(url + "?region=sachsen")
    assert len(response.context["suggestions"]) == 2
    grow(40)
    with django_assert_num_queries(21):
        response = client.get(url + "?region=sachsen")
    assert len(response.context["suggestions"]) == 42


def test_the_partners_page_is_for_signed_in_members(client, cell_maker):
    response = client.get(reverse("matchmaking:partners", args=[cell_maker.slug]))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_partners_page_of_a_draft_is_hidden(client, member):
    draft = OrganizationFactory(status=Organization.Status.DRAFT)
    client.force_login(member)

    assert client.get(reverse("matchmaking:partners", args=[draft.slug])).status_code == 404


def test_an_unknown_filter_is_ignored_with_a_notice(client, member, cell_maker):
    OrganizationFactory(name="Anoden AG", stages=["active-materials"])
    client.force_login(member)

    response = client.get(reverse("matchmaking:partners", args=[cell_maker.slug]) + "?kind=alien")

    assert response.status_code == 200 and len(response.context["suggestions"]) == 1
    assert "unbekannten Wert" in response.content.decode()


def test_the_profile_shows_matching_partners_to_members_only(client, member, cell_maker):
    OrganizationFactory(name="Anoden AG", stages=["active-materials"])
    url = cell_maker.get_absolute_url()

    anonymous = client.get(url).content.decode()
    client.force_login(member)
    signed_in = client.get(url).content.decode()

    assert "Melden Sie sich an" in anonymous and "Anoden AG" not in anonymous
    assert "Anoden AG" in signed_in and "Zellfertiger brauchen Aktivmaterialien" in signed_in
