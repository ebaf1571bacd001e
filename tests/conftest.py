"""Shared fixtures: the app on each database backend, an isolated db per test, clients, factories.

Every database test runs on SQLite, and also on PostgreSQL when
``TRACKER_TEST_DATABASE_URL`` is set (``.ci/run`` sets it). If that variable is
set and the server does not answer, those tests fail rather than skip.
"""

import datetime as dt
import os

import pytest

from config import TestingConfig
from tracker import create_app
from tracker.extensions import db as _db
from tracker.models import Document, Unit, User, WorkItem, WorkItemUnit
from tracker.models.work_item import ROLE_CO, ROLE_LEAD

POSTGRES_URL = os.environ.get("TRACKER_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def database_url(backend: str, tmp_path_factory) -> str:
    """Return the URL of the throwaway database for ``backend``."""
    if backend == "postgresql":
        return POSTGRES_URL
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


@pytest.fixture(scope="session", params=BACKENDS)
def app(request, tmp_path_factory):
    """The application with a fresh schema on one backend; the tables are dropped afterwards."""
    instance = tmp_path_factory.mktemp("instance")
    application = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=database_url(request.param, tmp_path_factory),
    )
    application.instance_path = str(instance)
    with application.app_context():
        _db.drop_all()
        _db.create_all()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


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
        kwargs.setdefault("number", f"交政办发〔2025〕{n}号")
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


@pytest.fixture
def make_user(db):
    """Create and flush a User with a known password ("correct horse battery")."""
    counter = iter(range(1, 10_000))

    def make(**kwargs) -> User:
        password = kwargs.pop("password", "correct horse battery")
        kwargs.setdefault("username", f"user{next(counter)}")
        kwargs.setdefault("role", "supervisor")
        user = User(**kwargs)
        user.set_password(password)
        db.session.add(user)
        db.session.flush()
        return user

    return make
