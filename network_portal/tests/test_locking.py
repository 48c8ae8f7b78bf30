"""The lock helper: a row lock exists only inside a transaction."""

import pytest
from django.db import transaction

from network_portal import locking
from network_portal.models import User


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_lock_outside_a_transaction():
    user = User.objects.create_user(email="a@example.com", password="x")

    with pytest.raises(locking.LockOutsideTransaction):
        locking.lock(User, pk=user.pk)


@pytest.mark.django_db(transaction=True)
def test_it_returns_the_locked_row_inside_a_transaction():
    user = User.objects.create_user(email="a@example.com", password="x")

    with transaction.atomic():
        assert locking.lock(User.objects.filter(is_active=True), pk=user.pk) == user
        assert locking.lock_if_exists(User, pk=user.pk + 1) is None
