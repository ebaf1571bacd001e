"""``flask --app run …`` commands: thin wrappers over the services, one module per area."""

from flask import Flask

from tracker.cli.holidays import holidays_group
from tracker.cli.imports import import_command
from tracker.cli.operations import backup_command, export_all_command, restore_command
from tracker.cli.reminders import (
    flag_overdue_command,
    outbox_group,
    reminders_group,
    scheduler_command,
)
from tracker.cli.setup import init_command
from tracker.cli.units import units_group
from tracker.cli.users import users_group


def register_commands(app: Flask) -> None:
    """Attach the tracker's commands to the app's CLI."""
    app.cli.add_command(init_command)
    app.cli.add_command(units_group)
    app.cli.add_command(users_group)
    app.cli.add_command(import_command)
    app.cli.add_command(holidays_group)
    for command in (backup_command, restore_command, export_all_command):
        app.cli.add_command(command)
    for command in (scheduler_command, flag_overdue_command, reminders_group, outbox_group):
        app.cli.add_command(command)
