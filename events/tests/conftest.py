import pytest

from events.tests.factories import EventFactory


@pytest.fixture
def event(db, cluster):
    return EventFactory(organisers=[cluster])


@pytest.fixture(autouse=True)
def _event_content_type_cached(request):
    """The audit trail looks the Event's content type up once per process, then caches it. Warm
    that cache, so that a test counting a request's queries does not count the process's first
    lookup (which test runs first is chance)."""
    uses_db = request.node.get_closest_marker("django_db") or (
        {"db", "transactional_db", "live_server"} & set(request.fixturenames))
    if uses_db:
        from django.contrib.contenttypes.models import ContentType

        from events.models import Event

        request.getfixturevalue("_django_db_helper")
        ContentType.objects.get_for_model(Event)
