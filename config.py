"""Configuration classes, read from environment variables.

``create_app`` picks one of these: ``TRACKER_ENV`` chooses by name
(``development`` is the default, ``production``, ``testing``), or a caller
passes the class itself. Every value has a typed default that runs out of the
box (SQLite under ``instance/``, mail to the log) except in production, where
:meth:`ProductionConfig.validate` refuses to start without a secret key and an
explicit database.
"""

import datetime as dt
import json
import os


def env_bool(name: str, default: bool) -> bool:
    """Read an on/off environment variable (on, off, true, false, 1, 0, yes, no)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "on", "true", "yes"}:
        return True
    if value in {"0", "off", "false", "no"}:
        return False
    raise ValueError(f"{name}={raw!r}: expected on or off")


def env_int(name: str, default: int) -> int:
    """Read an integer environment variable, naming the variable when it is not a number."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r}: expected a whole number") from None


#: The address links point at until BASE_URL is set: right only on the machine that runs the app.
DEFAULT_BASE_URL = "http://127.0.0.1:5000"


class Config:
    """Defaults shared by every environment."""

    #: Signs sessions and CSRF tokens. Development generates a throwaway one per start.
    SECRET_KEY = os.environ.get("SECRET_KEY")
    #: None means "instance/tracker.db", resolved by the factory against the instance folder.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    #: JSON columns keep Chinese readable (and searchable with LIKE) instead of \uXXXX escapes.
    SQLALCHEMY_ENGINE_OPTIONS = {
        "pool_pre_ping": True,
        "json_serializer": lambda value: json.dumps(value, ensure_ascii=False),
    }

    SMTP_HOST = os.environ.get("SMTP_HOST")
    SMTP_PORT = env_int("SMTP_PORT", 25)
    SMTP_USER = os.environ.get("SMTP_USER")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD")
    SMTP_STARTTLS = env_bool("SMTP_STARTTLS", False)
    #: Seconds to wait for the mail server before counting a try as failed.
    SMTP_TIMEOUT = env_int("SMTP_TIMEOUT", 30)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "督办台账 <tracker@localhost>")
    #: Absolute address of the site, used for links in e-mails and calendar feeds.
    BASE_URL = os.environ.get("BASE_URL", DEFAULT_BASE_URL)
    #: Whether mail is refused while BASE_URL is the default (links to 127.0.0.1 work on no other PC).
    TRACKER_REQUIRE_BASE_URL = False

    TRACKER_TIMEZONE = os.environ.get("TRACKER_TIMEZONE", "Asia/Shanghai")
    #: An item turns yellow when its next deadline is this many working days away or closer.
    TRACKER_DUE_SOON_DAYS = env_int("TRACKER_DUE_SOON_DAYS", 7)
    #: The office's county until it is set on the 本县设置 page (empty: every county, chosen per filter).
    TRACKER_COUNTY = os.environ.get("TRACKER_COUNTY", "").strip()
    TRACKER_SCHEDULER = env_bool("TRACKER_SCHEDULER", True)
    #: Reverse proxies (nginx …) in front of the app whose X-Forwarded-For/-Proto are trusted.
    #: 0 reads neither header, so a client cannot forge its address to dodge sign-in throttling.
    TRACKER_PROXY_COUNT = env_int("TRACKER_PROXY_COUNT", 0)
    #: New items not signed for (签收) after this many working days are listed on the dashboard.
    TRACKER_SIGN_WITHIN_DAYS = env_int("TRACKER_SIGN_WITHIN_DAYS", 3)

    BABEL_DEFAULT_LOCALE = "zh"
    BABEL_DEFAULT_TIMEZONE = TRACKER_TIMEZONE
    #: Uploaded gazettes and evidence files; checked again by each upload form.
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    #: The import review of a large gazette posts a few thousand fields.
    MAX_FORM_MEMORY_SIZE = 8 * 1024 * 1024
    MAX_FORM_PARTS = 20_000

    #: A form's CSRF token lives as long as the session it is bound to (logout, a password change or the
    #: 14-day remember limit end it), not one hour: an import review can take longer, and an expired
    #: token threw the reviewer's edits away.
    WTF_CSRF_TIME_LIMIT = None

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    #: 保持登录 lasts two weeks (Flask-Login's default is a year); logout and password changes end it sooner.
    REMEMBER_COOKIE_DURATION = dt.timedelta(days=14)

    @classmethod
    def validate(cls, config: dict) -> None:
        """Check the loaded values; raise RuntimeError naming what is wrong."""
        if config["TRACKER_DUE_SOON_DAYS"] < 0:
            raise RuntimeError("TRACKER_DUE_SOON_DAYS must not be negative")
        if config["TRACKER_PROXY_COUNT"] < 0:
            raise RuntimeError("TRACKER_PROXY_COUNT must not be negative")


class DevelopmentConfig(Config):
    """``python run.py`` on a laptop: embedded SQLite, in-process scheduler, mail to the log."""

    DEBUG = False


class TestingConfig(Config):
    """pytest: a throwaway database, no scheduler, an SMTP port nothing listens on."""

    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production"
    #: A PostgreSQL URL from the environment, else the factory uses a SQLite file in the instance folder.
    SQLALCHEMY_DATABASE_URI = os.environ.get("TRACKER_TEST_DATABASE_URL")
    TRACKER_SCHEDULER = False
    SMTP_HOST = "127.0.0.1"
    #: Port 0 can never be connected to, so no test reaches a real mail server by accident.
    SMTP_PORT = 0
    SMTP_USER = None
    SMTP_PASSWORD = None
    BASE_URL = "http://tracker.test"


class ProductionConfig(Config):
    """gunicorn behind HTTPS with PostgreSQL and a separate scheduler process."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    TRACKER_REQUIRE_BASE_URL = True

    @classmethod
    def validate(cls, config: dict) -> None:
        """Refuse to start without the values a shared deployment cannot guess."""
        super().validate(config)
        missing = [
            name
            for name, key in (("SECRET_KEY", "SECRET_KEY"), ("DATABASE_URL", "SQLALCHEMY_DATABASE_URI"))
            if not config.get(key)
        ]
        if missing:
            raise RuntimeError(
                "Production configuration refused: "
                + ", ".join(missing)
                + " not set. SECRET_KEY signs sessions (a fixed default would let anyone forge a login);"
                " DATABASE_URL must name the production database (e.g. postgresql+psycopg://user@host/db)"
                " so data never lands in a local SQLite file by mistake."
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """Return the configuration class named by ``TRACKER_ENV`` (default: development)."""
    name = os.environ.get("TRACKER_ENV", "development").strip().lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"TRACKER_ENV={name!r}: expected one of {', '.join(CONFIGS)}") from None
