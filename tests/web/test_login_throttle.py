"""Sign-in throttling under load and behind a reverse proxy: simultaneous guesses, forwarded addresses.

The simultaneous guesses run in threads, each request with its own app
context and database connection, on SQLite and on PostgreSQL.
"""

import threading

import pytest
from werkzeug.security import generate_password_hash

from config import TestingConfig
from tests.conftest import FAST_HASH, IsolatedClient, csrf_token_from
from tracker import create_app
from tracker.extensions import db as _db
from tracker.services import accounts
from tracker.services.accounts import MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS


def login_form(client, username, password):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    return {"username": username, "password": password, "csrf_token": token}


def sign_in(client, username, password, **headers):
    return client.post("/login", data=login_form(client, username, password), **headers)


def test_thirty_simultaneous_guesses_get_at_most_the_limit_checked(app, db, make_user):
    user = make_user(username="duchashi")
    user.password_hash = generate_password_hash("right-password", method="scrypt")  # as slow as in production
    db.session.commit()
    clients = [app.test_client() for _ in range(30)]
    forms = [login_form(client, "duchashi", f"guess-{n}") for n, client in enumerate(clients)]
    barrier = threading.Barrier(len(clients))
    statuses = []

    def guess(client, form):
        barrier.wait()
        try:
            statuses.append(
                client.post("/login", data=form, environ_base={"REMOTE_ADDR": "10.0.0.5"}).status_code
            )
        except Exception as error:  # would be a 500 in production
            statuses.append(error)

    threads = [threading.Thread(target=guess, args=pair) for pair in zip(clients, forms, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    checked = statuses.count(200)  # all 30 may be refused: each counts every guess committed before its own
    assert checked <= MAX_FAILURES_PER_ACCOUNT
    assert statuses.count(429) == 30 - checked


def test_a_forged_forwarded_address_is_ignored_without_a_configured_proxy(client, db, make_user):
    make_user(username="duchashi", password="right-password")
    db.session.commit()
    for n in range(MAX_FAILURES_PER_ACCOUNT):
        sign_in(client, "duchashi", "guess", headers={"X-Forwarded-For": f"198.51.100.{n}"})
    assert (
        sign_in(
            client, "duchashi", "right-password", headers={"X-Forwarded-For": "198.51.100.99"}
        ).status_code
        == 429
    )


@pytest.fixture
def behind_nginx(app, db):
    """The app as configured behind one reverse proxy (TRACKER_PROXY_COUNT=1), on the test database."""
    proxied = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        TRACKER_UPLOADS=app.config["TRACKER_UPLOADS"],
        TRACKER_PROXY_COUNT=1,
    )
    proxied.test_client_class = IsolatedClient
    yield proxied
    with proxied.app_context():
        _db.engine.dispose()


def test_behind_the_proxy_one_guesser_does_not_lock_out_the_others(behind_nginx, db, make_user, monkeypatch):
    monkeypatch.setattr(accounts, "_dummy_hash", lambda: generate_password_hash("dummy", FAST_HASH))
    make_user(username="target", password="right-password")
    db.session.commit()
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    guesser, colleague = behind_nginx.test_client(), behind_nginx.test_client()
    for n in range(MAX_FAILURES_PER_ADDRESS):
        sign_in(
            guesser, f"someone{n}", "guess", environ_base=proxy, headers={"X-Forwarded-For": "203.0.113.9"}
        )
    refused = sign_in(
        guesser, "target", "right-password", environ_base=proxy, headers={"X-Forwarded-For": "203.0.113.9"}
    )
    assert refused.status_code == 429
    accepted = sign_in(
        colleague, "target", "right-password", environ_base=proxy, headers={"X-Forwarded-For": "198.51.100.7"}
    )
    assert accepted.status_code == 302
