"""Shared fixtures: the app on each database backend, an isolated db per test, clients, factories.

Every database test runs on SQLite, and also on PostgreSQL when
``TRACKER_TEST_DATABASE_URL`` is set (``.ci/run`` sets it). If that variable is
set and the server does not answer, those tests fail rather than skip.
"""

import asyncio
import contextlib
import datetime as dt
import email
import email.policy
import os
import re
import smtplib
import socket

import pytest
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from sqlalchemy import text as sa_text
from werkzeug.security import generate_password_hash

from config import TestingConfig
from tracker import clock, create_app
from tracker.extensions import db as _db
from tracker.models import Document, Unit, User, WorkItem, WorkItemUnit
from tracker.models.work_item import ROLE_CO, ROLE_LEAD

#: Fixture modules shared by several test packages.
pytest_plugins = ["tests.ledger_fixtures"]

POSTGRES_URL = os.environ.get("TRACKER_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def database_url(backend: str, tmp_path_factory) -> str:
    """Return the URL of the throwaway database for ``backend``."""
    if backend == "postgresql":
        return POSTGRES_URL
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    Tests hold an app context open for ``db``; without this, requests would
    share its ``g`` (and so Flask-Login's cached user) and its database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session", params=BACKENDS)
def app(request, tmp_path_factory):
    """The application with a fresh schema on one backend; the tables are dropped afterwards."""
    instance = tmp_path_factory.mktemp("instance")
    application = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=database_url(request.param, tmp_path_factory),
        TRACKER_UPLOADS=str(instance / "uploads"),
    )
    application.instance_path = str(instance)
    application.test_client_class = IsolatedClient
    with application.app_context():
        _db.drop_all()
        _db.create_all()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.drop_all()
        with _db.engine.begin() as connection:  # left by tests that stamp a migration revision
            connection.execute(sa_text("DROP TABLE IF EXISTS alembic_version"))
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Forget any holiday table a test installed into the process's working-day calendar."""
    yield
    from tracker.services.holidays import invalidate_calendar

    invalidate_calendar()


@pytest.fixture
def db(app):
    """The database inside an app context; every row is deleted with real commits afterwards."""
    with app.app_context():
        yield _db
        _db.session.rollback()
        _db.session.remove()
        with _db.engine.begin() as connection:
            for table in reversed(_db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def client(app, db):
    """A test client for the app (database cleaned after the test)."""
    return app.test_client()


@pytest.fixture
def make_unit(db):
    """Create and flush a Unit; keyword arguments override the defaults."""
    counter = iter(range(1, 10_000))

    def make(**kwargs) -> Unit:
        kwargs.setdefault("name", f"县测试局{next(counter)}")
        kwargs.setdefault("county", "交城县")
        unit = Unit(**kwargs)
        db.session.add(unit)
        db.session.flush()
        return unit

    return make


@pytest.fixture
def make_document(db):
    """Create and flush a Document."""
    counter = iter(range(1, 10_000))

    def make(**kwargs) -> Document:
        n = next(counter)
        kwargs.setdefault("number", f"测试发〔2025〕{n}号")
        kwargs.setdefault("title", f"关于印发测试实施方案{n}的通知")
        kwargs.setdefault("issued_on", dt.date(2025, 3, 1))
        kwargs.setdefault("source_name", "gazette.txt")
        kwargs.setdefault("source_checksum", f"{n:064x}")
        document = Document(**kwargs)
        db.session.add(document)
        db.session.flush()
        return document

    return make


@pytest.fixture
def make_item(db, make_document, make_unit):
    """Create and flush a WorkItem with a lead unit (and optional co-units)."""

    def make(*, co_units=(), **kwargs) -> WorkItem:
        if "document" not in kwargs and "document_id" not in kwargs:
            kwargs["document"] = make_document()
        lead = kwargs.pop("lead_unit", None) or make_unit()
        kwargs.setdefault("title", "完成县域节水型社会达标建设")
        kwargs.setdefault("source_text", "（一）完成县域节水型社会达标建设。（责任单位：县水利局）")
        item = WorkItem(lead_unit=lead, **kwargs)
        item.unit_links.append(WorkItemUnit(unit=lead, role=ROLE_LEAD, position=0))
        for position, unit in enumerate(co_units, start=1):
            item.unit_links.append(WorkItemUnit(unit=unit, role=ROLE_CO, position=position))
        db.session.add(item)
        db.session.flush()
        return item

    return make


#: A cheap hash for fixtures: scrypt costs ~0.1 s per user, too slow for a permission matrix.
FAST_HASH = "pbkdf2:sha256:1000"


@pytest.fixture
def make_user(db):
    """Create and flush a User with a known password ("correct horse battery")."""
    counter = iter(range(1, 10_000))

    def make(**kwargs) -> User:
        password = kwargs.pop("password", "correct horse battery")
        kwargs.setdefault("username", f"user{next(counter)}")
        kwargs.setdefault("role", "supervisor")
        user = User(password_hash=generate_password_hash(password, FAST_HASH), **kwargs)
        db.session.add(user)
        db.session.flush()
        return user

    return make


CSRF_INPUT = re.compile(
    r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"|<input[^>]*value="([^"]+)"[^>]*name="csrf_token"'
)


def csrf_token_from(page_html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = CSRF_INPUT.search(page_html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


@pytest.fixture
def client_as(app, db, make_user):
    """Return a test client signed in as a new user with ``role`` (and ``unit`` for unit staff).

    The session is written directly, as Flask-Login would after a form sign-in;
    tests of the sign-in form itself live in tests/web/test_auth.py.
    """

    def make(role: str, unit=None, **kwargs):
        user = make_user(role=role, unit=unit, **kwargs)
        db.session.commit()
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        client.user = user
        return client

    return make


class SmtpServer:
    """A real local SMTP server (aiosmtpd) on a free port; stop() and start() it to play an outage."""

    host = "127.0.0.1"

    def __init__(self) -> None:
        self.port = free_port()
        #: Every message received, parsed; ``refuse`` lists recipients answered with 550, ``greylist`` those
        #: answered with 451 at their first RCPT (as a greylisting server does) and accepted afterwards.
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()
        self.greylist: set[str] = set()
        self._greylisted: set[str] = set()
        #: Lost replies, once per address: ``drop_reply`` takes the message and hangs up instead of answering
        #: 250; ``slow_reply`` takes it and answers only after that many seconds (past the client's timeout).
        self.drop_reply: set[str] = set()
        self.slow_reply: dict[str, float] = {}
        #: Whether the server offers SMTPUTF8 (as Postfix does; aiosmtpd does not by default).
        self.smtputf8 = False
        self._controller = None
        self._silent: socket.socket | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        if address in self.greylist and address not in self._greylisted:
            self._greylisted.add(address)
            return "451 4.7.1 greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        for address in envelope.rcpt_tos:
            if address in self.drop_reply:
                self.drop_reply.discard(address)
                server.transport.close()
                return "250 OK"  # never reaches the client
            if address in self.slow_reply:
                await asyncio.sleep(self.slow_reply.pop(address))
        return "250 OK"

    def start(self) -> None:
        if self._silent is not None:
            self._silent.close()
            self._silent = None
        # A stopped controller's event loop is closed, so every start needs a new controller.
        self._controller = Controller(
            self, hostname=self.host, port=self.port, enable_SMTPUTF8=self.smtputf8, decode_data=False
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def hang(self) -> None:
        """Stop, and leave a socket on the port that accepts connections but never says a word."""
        self.stop()
        self._silent = socket.socket()
        self._silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._silent.bind((self.host, self.port))
        self._silent.listen(16)

    @property
    def running(self) -> bool:
        return self._controller is not None

    def recipients(self) -> list[str]:
        return sorted(message["To"] for message in self.messages)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_ALLOWED_SMTP = set()


@pytest.fixture(autouse=True)
def no_real_smtp(monkeypatch):
    """Fail any test that opens an SMTP connection to anything but its own ``smtp_server``."""
    original = smtplib.SMTP._get_socket

    def guarded(self, host, port, timeout):
        if (host, port) not in _ALLOWED_SMTP:
            pytest.fail(f"a test tried to open an SMTP connection to {host}:{port}")
        return original(self, host, port, timeout)

    monkeypatch.setattr(smtplib.SMTP, "_get_socket", guarded)


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A running local SMTP server the app sends to (SMTP_HOST/SMTP_PORT point at it for the test)."""
    server = SmtpServer()
    _ALLOWED_SMTP.add((server.host, server.port))
    monkeypatch.setitem(app.config, "SMTP_HOST", server.host)
    monkeypatch.setitem(app.config, "SMTP_PORT", server.port)
    server.start()
    yield server
    server.stop()
    if server._silent is not None:
        server._silent.close()
    _ALLOWED_SMTP.discard((server.host, server.port))


@pytest.fixture
def frozen_clock():
    """Freeze tracker.clock at a local (TRACKER_TIMEZONE) time: ``frozen_clock(2026, 11, 23, 8, 35)``.

    Call it again to move the clock; it is released after the test.
    """
    with contextlib.ExitStack() as stack:

        def freeze(*parts) -> dt.datetime:
            moment = dt.datetime(*parts, tzinfo=clock.timezone())
            stack.enter_context(clock.freeze(moment))
            return moment

        yield freeze
