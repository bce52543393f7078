"""The admin's login locks out a username from one address after 5 failures (django-axes), with
the count kept in the cache every worker shares."""

import pytest

from tests.factories import UserFactory

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", password=PASSWORD, is_staff=True)


def log_in(client, username="editor", password="wrong", address="203.0.113.7"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def test_five_failures_lock_the_username_out_even_with_the_right_password(client, editor):
    # The fifth failure is answered with the lockout already.
    assert [log_in(client).status_code for _ in range(5)] == [200] * 4 + [429]

    locked = log_in(client, password=PASSWORD)

    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_four_failures_still_let_the_right_password_in(client, editor):
    for _ in range(4):
        log_in(client)

    assert log_in(client, password=PASSWORD).status_code == 302


def test_the_lockout_is_of_the_username_from_that_address(client, editor):
    UserFactory(username="verifier", password=PASSWORD, is_staff=True)
    for _ in range(5):
        log_in(client)

    assert log_in(client, username="verifier", password=PASSWORD).status_code == 302
    client.logout()
    assert log_in(client, password=PASSWORD, address="198.51.100.1").status_code == 302


def test_a_success_resets_the_count(client, editor):
    for _ in range(4):
        log_in(client)
    assert log_in(client, password=PASSWORD).status_code == 302
    client.logout()

    assert [log_in(client).status_code for _ in range(4)] == [200] * 4
    assert log_in(client, password=PASSWORD).status_code == 302
