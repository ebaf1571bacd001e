"""The application factory.

It binds extensions and blueprints and checks the configuration. It never
migrates, seeds, starts the scheduler or touches the network: ``run.py`` and
the CLI do that explicitly.
"""

import os
import secrets
import sqlite3
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

import tracker.models  # noqa: F401  (registers every table for Migrate and the CLI)
from config import Config, config_from_env
from tracker import clock
from tracker.cli import register_commands
from tracker.extensions import babel, csrf, db, login_manager, migrate
from tracker.i18n import select_locale
from tracker.web import register_blueprints

REPO_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    """Build the Flask app from a configuration class (default: ``TRACKER_ENV``) plus overrides.

    ``TRACKER_INSTANCE_PATH`` moves the instance folder (database, uploads),
    for example to run a second copy from a temporary directory.
    """
    config = config or config_from_env()
    app = Flask(
        "tracker",
        root_path=str(REPO_ROOT / "tracker"),
        template_folder=str(REPO_ROOT / "templates"),
        instance_path=os.environ.get("TRACKER_INSTANCE_PATH") or str(REPO_ROOT / "instance"),
    )
    app.config.from_object(config)
    app.config.update(overrides)
    config.validate(app.config)
    app.config.setdefault("TRACKER_UPLOADS", str(Path(app.instance_path) / "uploads"))
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(app.instance_path) / "tracker.db")
    if not app.config.get("SECRET_KEY"):
        # Development CLI without a key: a throwaway one (production was refused above).
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    clock.configure(app.config["TRACKER_TIMEZONE"])

    db.init_app(app)
    migrate.init_app(app, db, directory=str(REPO_ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)

    register_blueprints(app)
    register_commands(app)
    proxies = app.config["TRACKER_PROXY_COUNT"]
    if proxies:
        # The client's address (sign-in throttling, request log) from the headers the proxies add.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    return app


#: How long a SQLite write waits for another writer's lock before failing with "database is locked".
#: Long enough to outwait a large import's commit or a backup, so neither fails other users' saves
#: or the scheduler's job store.
SQLITE_BUSY_TIMEOUT_MS = 30_000


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):
    """Turn on foreign keys and WAL for SQLite, which leaves both off by default, and wait for locks.

    WAL lets the in-process scheduler write while pages read.
    """
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_MS)}")
        cursor.close()


@event.listens_for(Engine, "savepoint")
def _open_sqlite_transaction_before_savepoint(connection, name):
    """Make a SAVEPOINT part of the surrounding transaction on SQLite.

    Python's sqlite3 module opens a transaction only at the first INSERT,
    UPDATE or DELETE. A SAVEPOINT issued before that started a transaction of
    its own, and releasing it committed: rows written in a savepoint survived
    a rollback. Beginning the transaction here keeps the module's lazy BEGIN
    for everything else (reads stay outside write transactions, which WAL
    concurrency relies on).
    """
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN")
