"""The one audit trail: entries written by services, read per object, kept without the person."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from network_portal import audit
from network_portal.models import AuditEntry
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _test_action():
    audit.register_actions({"tests.user.poked": _("Imprint")})


def test_it_records_who_did_what_to_which_object(member):
    other = make_user("other@example.com")

    entry = audit.log_action(other, "tests.user.poked", by=member, data={"fields": ["name"]})

    entry.refresh_from_db()
    assert (entry.actor, entry.action, entry.data) == (member, "tests.user.poked",
                                                       {"fields": ["name"]})
    assert list(audit.entries_for(other)) == [entry]
    assert list(audit.entries_for(member)) == []


def test_it_refuses_an_unregistered_action(member):
    with pytest.raises(ValueError, match="Unregistered audit action"):
        audit.log_action(member, "tests.user.unknown", by=member)
    assert not AuditEntry.objects.exists()


def test_it_records_the_portal_itself_without_an_actor(member):
    entry = audit.log_action(member, "tests.user.poked", by=None)

    assert entry.actor is None and not entry.actor_erased


def test_history_labels_entries_in_the_readers_language(member):
    audit.log_action(member, "tests.user.poked", by=member)

    with translation.override("de"):
        assert [e.label for e in audit.history(member)] == ["Impressum"]
    with translation.override("en"):
        assert [e.label for e in audit.history(member)] == ["Imprint"]


def test_erasing_the_actor_keeps_the_entry_without_the_person(member):
    other = make_user("other@example.com")
    audit.log_action(other, "tests.user.poked", by=member)

    assert [e["action"] for e in audit.entries_by(member)] == ["tests.user.poked"]
    audit.erase_actor(member)
    member.delete()

    entry = AuditEntry.objects.get()
    assert entry.actor is None and entry.actor_erased


def test_history_reads_in_one_query(member, django_assert_num_queries):
    for _round in range(30):
        audit.log_action(member, "tests.user.poked", by=member)

    # content type (cached after the first use), entries joined with their actors
    audit.history(member)
    with django_assert_num_queries(1):
        assert len(audit.history(member, limit=20)) == 20
