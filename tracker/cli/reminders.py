"""``flask --app run scheduler | flag-overdue | reminders … | outbox …``: the scheduler and the mail it sends."""

import logging

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from tracker import clock
from tracker.cli.unit_option import county_option, unit_or_fail
from tracker.extensions import db
from tracker.notifications.dispatch import dispatch_pending, requeue
from tracker.notifications.outbox import STATES, outbox_query
from tracker.notifications.reminders import run_reminders
from tracker.notifications.render import render_mail
from tracker.scheduling import run_scheduler
from tracker.services import flags
from tracker.services.digests import build_unit_digest, iso_week
from tracker.services.holidays import refresh_calendar_if_changed

reminders_group = AppGroup("reminders", help="Preview and send the weekly reminder e-mails.")
outbox_group = AppGroup("outbox", help="Inspect and retry queued e-mail.")


@click.command("scheduler")
@with_appcontext
def scheduler_command():
    """Run the scheduled jobs in this process (production: one such process next to the web workers).

    If another scheduler holds the database lock, wait as a standby and take
    over when it stops. Stop with Ctrl-C or SIGTERM.
    """
    # A long-running process: show what the jobs do (one line per run) on stderr.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run_scheduler(current_app._get_current_object())


@click.command("flag-overdue")
@with_appcontext
def flag_overdue_command():
    """Record items that turned red or yellow, and missed report duties, since the last run."""
    refresh_calendar_if_changed()
    result = flags.flag_overdue(clock.now())
    db.session.commit()
    click.echo(result.summary())


@reminders_group.command("preview")
@click.option("--unit", "unit_name", required=True, help="The unit's name as in the unit directory.")
@click.option("--html", "as_html", is_flag=True, help="Print the HTML body instead of the text one.")
@county_option
def preview_command(unit_name, as_html, county):
    """Print this week's digest for one unit as it would be sent; nothing is queued or sent."""
    unit = unit_or_fail(unit_name, county)
    refresh_calendar_if_changed()
    today = clock.today()
    digest = build_unit_digest(unit, today)
    if digest.is_empty:
        click.echo(f"{unit.name} has nothing due: no digest would be sent.")
        return
    mail = render_mail("weekly_digest", digest=digest, week=iso_week(today))
    click.echo(f"Subject: {mail.subject}\n")
    click.echo(mail.html if as_html else mail.text)


@reminders_group.command("send-now")
def send_now_command():
    """Queue this week's digests now (even before the digest day) and due duty reminders, then send.

    Mail already queued this week is not queued again.
    """
    refresh_calendar_if_changed()
    result = run_reminders(clock.now(), force_digest=True)
    db.session.commit()
    click.echo(result.summary())
    click.echo(dispatch_pending().summary())


@outbox_group.command("list")
@click.option("--state", type=click.Choice(list(STATES)), help="Only mail in this state.")
@click.option("--limit", default=50, show_default=True)
def outbox_list_command(state, limit):
    """List the newest mail in the outbox with its state, attempts and last error."""
    for mail in db.session.scalars(outbox_query(state).limit(limit)):
        error = f"  {mail.last_error}" if mail.last_error and mail.state != "sent" else ""
        click.echo(f"{mail.id:>6} {mail.state:<6} {mail.attempts:>2}x {mail.kind:<14} {mail.subject}{error}")


@outbox_group.command("retry")
@click.argument("mail_ids", nargs=-1, type=int)
def outbox_retry_command(mail_ids):
    """Send failed mail (or the given unsent mail ids) again now."""
    count = requeue(list(mail_ids) or None)
    db.session.commit()
    click.echo(f"{count} mail(s) queued again")
    click.echo(dispatch_pending().summary())
