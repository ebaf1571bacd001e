"""``flask --app run users …``: create and manage accounts from the command line."""

import click
from flask.cli import AppGroup

from tracker.cli.unit_option import county_option, unit_or_fail
from tracker.extensions import db
from tracker.models import User
from tracker.models.user import ROLES
from tracker.services.accounts import AccountError, create_user, find_user, reset_password, update_user
from tracker.services.unit_lookup import full_name

users_group = AppGroup("users", help="Create and manage user accounts.")
# Commands act as the system: history records them with no acting user (actor None).


def _user_or_fail(username: str) -> User:
    user = find_user(username)
    if user is None:
        raise click.ClickException(f"no user named {username!r}")
    return user


def _commit_or_fail(action) -> object:
    try:
        result = action()
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    return result


@users_group.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--unit", "unit_name", help="Unit name (required for unit_staff).")
@click.option("--name", "display_name", default="", help="The person's name as shown in the app.")
@click.option("--email", default=None)
@county_option
def create_command(username, role, unit_name, display_name, email, county):
    """Create a user; the generated password is printed once."""
    unit = unit_or_fail(unit_name, county)
    user, password = _commit_or_fail(
        lambda: create_user(
            None, username=username, role=role, unit=unit, display_name=display_name, email=email
        )
    )
    click.echo(f"Created {user.username} ({user.role}). Password (shown once): {password}")


@users_group.command("list")
def list_command():
    """List every user with role, unit and whether the account is active."""
    for user in db.session.scalars(db.select(User).order_by(User.username)):
        unit = full_name(user.unit) if user.unit else "-"
        state = "active" if user.is_active else "disabled"
        click.echo(f"{user.username:<20} {user.role:<11} {state:<8} {unit}")


@users_group.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
@click.option("--unit", "unit_name", help="The user's unit, needed when the new role is unit_staff.")
@county_option
def set_role_command(username, role, unit_name, county):
    """Change a user's role."""
    user = _user_or_fail(username)
    unit = unit_or_fail(unit_name, county)
    _commit_or_fail(lambda: update_user(None, user, role=role, unit=unit))
    click.echo(f"{user.username} is now {user.role}.")


@users_group.command("set-unit")
@click.argument("username")
@click.argument("unit_name")
@county_option
def set_unit_command(username, unit_name, county):
    """Move a unit_staff user to another unit."""
    user = _user_or_fail(username)
    unit = unit_or_fail(unit_name, county)
    _commit_or_fail(lambda: update_user(None, user, unit=unit))
    click.echo(f"{user.username} now works for {full_name(unit)}.")


@users_group.command("reset-password")
@click.argument("username")
def reset_password_command(username):
    """Give a user a new generated password (printed once); their sessions end."""
    user = _user_or_fail(username)
    password = _commit_or_fail(lambda: reset_password(None, user))
    click.echo(f"New password for {user.username} (shown once): {password}")
