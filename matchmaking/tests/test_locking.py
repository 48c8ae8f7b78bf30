"""Concurrent matchmaking on PostgreSQL: the row locks in matchmaking.services hold."""


import pytest

from matchmaking import services
from matchmaking.models import Introduction
from members.tests.factories import MembershipFactory, OrganizationFactory
from network_portal import testing
from network_portal.models import OutgoingEmail

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MESSAGE = "Wir suchen einen Partner für die Prüfung unserer Zellen."



def run_together(*calls):
    return testing.run_together(*calls, refused=services.MatchmakingError)


def test_parallel_requests_cannot_pass_the_daily_limit(settings, member, cluster,
                                                       cluster_manager):
    settings.PORTAL_MAX_INTRODUCTIONS_PER_DAY = 1
    targets = [OrganizationFactory() for _ in range(3)]
    for target in targets:
        MembershipFactory(organization=target, cluster=cluster)

    outcomes = run_together(*(
        (lambda target=target: services.request_introduction(target, by=member, message=MESSAGE))
        for target in targets))

    assert outcomes == ["done", "refused", "refused"]
    assert Introduction.objects.filter(requested_by=member).count() == 1


def test_two_answers_at_once_answer_once_and_mail_once(supplier, supplier_rep, representative):
    from members.tests.factories import RepresentativeFactory
    from network_portal.testing import make_user

    colleague = make_user("colleague@example.com")
    RepresentativeFactory(user=colleague, organization=supplier)
    introduction = services.request_introduction(supplier, by=representative, message=MESSAGE)

    outcomes = run_together(
        lambda: services.decide_introduction(introduction, by=supplier_rep, accept=True),
        lambda: services.decide_introduction(introduction, by=colleague, accept=False))

    assert outcomes == ["done", "refused"]
    answers = OutgoingEmail.objects.exclude(template="matchmaking_introduction_requested")
    introduction.refresh_from_db()
    assert answers.count() == (2 if introduction.status == Introduction.Status.ACCEPTED else 1)
