"""Concurrent curation on PostgreSQL: the row locks in members.services hold."""

import threading

import pytest
from django.db import connection

from members import services
from members.models import ProfileChange, ProfileChangeRequest

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_managers_deciding_one_change_request_at_once_apply_it_once(
        org_a, representative, cluster_manager):
    change_request = services.edit_profile(org_a, by=representative, values={"city": "Chemnitz"})
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(approve):
        try:
            barrier.wait()
            services.review_change_request(change_request, by=cluster_manager, approve=approve,
                                           comment="" if approve else "nein")
            outcomes.append("decided")
        except services.CurationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(flag,)) for flag in (True, False)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["decided", "refused"]
    change_request.refresh_from_db()
    applied = ProfileChange.objects.filter(change_request=change_request).count()
    assert applied == (1 if change_request.status == ProfileChangeRequest.Status.APPROVED else 0)
