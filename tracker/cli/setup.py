"""``flask --app run init``: bring the database to the latest schema and create the first admin."""

import os

import click
from flask import current_app
from flask_migrate import upgrade

from tracker.extensions import db
from tracker.services.accounts import AccountError
from tracker.services.setup import ensure_first_admin


@click.command("init")
@click.option("--admin-password", envvar="TRACKER_ADMIN_PASSWORD", help="Password for the first admin.")
def init_command(admin_password: str | None) -> None:
    """Upgrade the database to the latest migration and create the first admin if there is none."""
    os.makedirs(current_app.instance_path, exist_ok=True)
    upgrade()
    try:
        password = ensure_first_admin(admin_password)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    if password is None:
        click.echo("Database is up to date; users already exist.")
    elif admin_password:
        click.echo("Created user 'admin' with the given password.")
    else:
        click.echo(
            f"Created user 'admin' with password: {password}  (shown once; change it after signing in)"
        )
