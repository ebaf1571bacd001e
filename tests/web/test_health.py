"""The health check."""

import pytest

from config import TestingConfig
from tracker import create_app
from tracker.models import JobRun


def test_healthz_answers_200_with_the_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.db")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_every_page_carries_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_scripts(client):
    page = client.get("/login").get_data(as_text=True)
    assert "<script>" not in page
    assert "onclick=" not in page


def test_readyz_reports_schema_scheduler_and_jobs_to_the_office(app, client_as, db):
    from flask_migrate import stamp

    from tracker.models import JobRun
    from tracker.services.readiness import migration_head

    with app.app_context():
        stamp(revision="head")
    db.session.add(JobRun(name="flag_overdue", run_count=0, summary="", last_error="RuntimeError: boom"))
    db.session.commit()
    response = client_as("supervisor").get("/readyz")
    body = response.get_json()
    assert response.status_code == 200
    assert body["migrations"] == {"current": migration_head(), "head": migration_head(), "at_head": True}
    assert body["scheduler"] == "no scheduler holds the lock"
    assert body["jobs"]["flag_overdue"]["last_error"] == "RuntimeError: boom"


@pytest.mark.parametrize("role", [None, "unit_staff", "viewer"])
def test_readyz_tells_others_only_whether_it_is_ready(app, client, client_as, make_unit, db, role):
    from flask_migrate import stamp

    with app.app_context():
        stamp(revision="head")
    db.session.add(JobRun(name="flag_overdue", run_count=0, summary="", last_error="RuntimeError: boom"))
    db.session.commit()
    caller = client if role is None else client_as(role, unit=make_unit() if role == "unit_staff" else None)
    response = caller.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_503_when_the_schema_is_behind(app, client_as, db):
    from flask_migrate import stamp

    with app.app_context():
        stamp(revision="cc0beea284b7")
    response = client_as("admin").get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["migrations"]["at_head"] is False
