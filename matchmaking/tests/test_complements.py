"""The complementarity of stages is data: seeded by migration, adjusted in the admin."""

import pytest
from django.urls import reverse

from matchmaking.models import StageComplement
from members.tests.factories import stage
from network_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("offered,meets", [
    ("active-materials", "cell-manufacturing"),
    ("production-equipment", "cell-manufacturing"),
    ("testing", "cell-manufacturing"),
    ("second-life", "recycling"),
    ("recycling", "raw-materials"),
])
def test_the_migration_seeds_the_battery_chain(offered, meets):
    row = StageComplement.objects.get(offered__code=offered, meets__code=meets)

    assert row.reason_de and row.reason_en and 1 <= row.weight <= 5


def test_the_reason_is_in_the_readers_language():
    from django.utils import translation

    row = StageComplement.objects.get(offered__code="second-life", meets__code="recycling")
    with translation.override("en"):
        assert row.reason == "Recyclers take what second life returns"
    with translation.override("de"):
        assert row.reason == "Recycler nehmen, was aus dem Second Life zurückkommt"


def test_a_pair_is_stored_once_and_weights_stay_between_1_and_5():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        StageComplement.objects.create(offered=stage("second-life"), meets=stage("recycling"),
                                       reason_de="x", reason_en="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        StageComplement.objects.create(offered=stage("training"), meets=stage("recycling"),
                                       weight=9, reason_de="x", reason_en="x")


def test_an_administrator_adjusts_a_pair_in_the_admin_with_an_audit_entry(client, admin_user):
    row = StageComplement.objects.get(offered__code="testing", meets__code="cell-manufacturing")
    client.force_login(admin_user)

    response = client.post(reverse("admin:matchmaking_stagecomplement_change", args=[row.pk]), {
        "offered": row.offered_id, "meets": row.meets_id, "weight": 4,
        "reason_de": row.reason_de, "reason_en": row.reason_en})

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.weight == 4
    entry = AuditEntry.objects.get(action="matchmaking.complement.changed")
    assert entry.actor == admin_user and entry.data["weight"] == 4
