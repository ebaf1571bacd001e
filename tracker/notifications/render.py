"""Render an e-mail from its three templates: templates/email/<kind>.subject.txt, .txt and .html."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def render_mail(kind: str, **context) -> RenderedMail:
    """Render the subject, plain text and HTML bodies of ``kind`` with ``context``.

    Uses the app's Jinja environment directly (not ``render_template``) so
    rendering works in the scheduler, which has an app context but no request;
    the HTML body is autoescaped by its extension, the text ones are not.
    ``item_url(item)`` gives each item's absolute address under BASE_URL, and
    ``items_url(**filters)`` the item list's with those filters.
    """
    context.setdefault("item_url", item_urls())
    context.setdefault("items_url", items_list_url)
    env = current_app.jinja_env
    subject = env.get_template(f"email/{kind}.subject.txt").render(**context)
    return RenderedMail(
        subject=" ".join(subject.split()),
        text=env.get_template(f"email/{kind}.txt").render(**context),
        html=env.get_template(f"email/{kind}.html").render(**context),
    )


def items_list_url(**filters) -> str:
    """The absolute address of the item list with ``filters`` (e.g. lights="red"), for a mail that lists a few."""
    adapter = current_app.url_map.bind("localhost")
    return current_app.config["BASE_URL"].rstrip("/") + adapter.build("items.index", filters)


def item_urls() -> Callable[[object], str]:
    """``item_url(item)``: the absolute address of an item's page, for links in e-mails.

    The URL map is bound and BASE_URL read once per mail rather than per
    link, and each address built once per mail although both bodies link it:
    a weekly digest has a link per item, and a sweep 10^5 of them. One per
    mail, so the memo stays as small as a mail.
    """
    adapter = current_app.url_map.bind("localhost")
    base = current_app.config["BASE_URL"].rstrip("/")
    built: dict[int, str] = {}

    def item_url(item) -> str:
        if item.id not in built:
            built[item.id] = base + adapter.build("items.detail", {"item_id": item.id})
        return built[item.id]

    return item_url
