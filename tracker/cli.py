"""``flask --app run …`` commands: thin wrappers over the services."""

import click
from flask import Flask
from flask_migrate import upgrade

from tracker.extensions import db
from tracker.services.setup import ensure_first_admin


def register_commands(app: Flask) -> None:
    """Attach the tracker's commands to the app's CLI."""
    app.cli.add_command(init_command)


@click.command("init")
@click.option("--admin-password", envvar="TRACKER_ADMIN_PASSWORD", help="Password for the first admin.")
def init_command(admin_password: str | None) -> None:
    """Upgrade the database to the latest migration and create the first admin if there is none."""
    upgrade()
    password = ensure_first_admin(admin_password)
    db.session.commit()
    if password is None:
        click.echo("Database is up to date; users already exist.")
    elif admin_password:
        click.echo("Created user 'admin' with the given password.")
    else:
        click.echo(
            f"Created user 'admin' with password: {password}  (shown once; change it after signing in)"
        )
