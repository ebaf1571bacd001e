"""Configuration: production refuses unsafe defaults, environment values are typed."""

import pytest

from config import ProductionConfig, TestingConfig, config_from_env, env_bool, env_int
from tracker import create_app


def test_production_refuses_to_start_without_secret_key_and_database():
    with pytest.raises(RuntimeError, match="SECRET_KEY, DATABASE_URL not set"):
        create_app(ProductionConfig, SECRET_KEY=None, SQLALCHEMY_DATABASE_URI=None)


def test_production_names_the_one_missing_value():
    with pytest.raises(RuntimeError, match=r"refused: DATABASE_URL not set"):
        create_app(ProductionConfig, SECRET_KEY="k" * 32, SQLALCHEMY_DATABASE_URI=None)


def test_production_starts_with_both_and_uses_secure_cookies(tmp_path):
    app = create_app(
        ProductionConfig, SECRET_KEY="k" * 32, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/p.db"
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=None)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/tracker.db"


def test_testing_config_cannot_reach_a_mail_server():
    assert TestingConfig.SMTP_PORT == 0
    assert TestingConfig.TRACKER_SCHEDULER is False


@pytest.mark.parametrize(
    ("raw", "expected"), [("on", True), ("OFF", False), ("1", True), ("no", False), ("", True)]
)
def test_on_off_values(monkeypatch, raw, expected):
    monkeypatch.setenv("TRACKER_SCHEDULER", raw)
    assert env_bool("TRACKER_SCHEDULER", True) is expected


def test_bad_values_name_the_variable(monkeypatch):
    monkeypatch.setenv("TRACKER_DUE_SOON_DAYS", "seven")
    with pytest.raises(ValueError, match="TRACKER_DUE_SOON_DAYS='seven'"):
        env_int("TRACKER_DUE_SOON_DAYS", 7)
    monkeypatch.setenv("TRACKER_SCHEDULER", "maybe")
    with pytest.raises(ValueError, match="expected on or off"):
        env_bool("TRACKER_SCHEDULER", True)


def test_unknown_environment_name_is_refused(monkeypatch):
    monkeypatch.setenv("TRACKER_ENV", "staging")
    with pytest.raises(RuntimeError, match="staging"):
        config_from_env()
