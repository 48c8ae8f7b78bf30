from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from delegations.models import Application
from events.models import Registration
from members import permissions
from members.models import Organization
from network_portal.models import User


def generate():
    call_command("generate_bench_data", "--organisations", "60", "--events", "3",
                 "--registrations", "5", "--trips", "2", "--applications", "4", stdout=StringIO())


def test_it_fills_every_list_the_benchmark_requests(client, db):
    generate()

    assert Organization.objects.filter(slug__startswith="bench-").count() == 60
    assert Registration.objects.count() == 15
    assert Application.objects.count() == 8
    assert permissions.is_economic_development(User.objects.get(email="bench-staff@bench.example"))
    for path in ["/members/bench-7/", "/events/bench-event-1/", "/delegations/bench-trip-1/"]:
        assert client.get(path).status_code == 200


def test_it_refuses_to_fill_a_database_twice(db):
    generate()

    with pytest.raises(CommandError, match="already there"):
        generate()
