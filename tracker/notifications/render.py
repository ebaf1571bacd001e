"""Render an e-mail from its three templates: templates/email/<kind>.subject.txt, .txt and .html."""

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
    ``item_url(item)`` gives each item's absolute address under BASE_URL.
    """
    context.setdefault("item_url", item_url)
    env = current_app.jinja_env
    subject = env.get_template(f"email/{kind}.subject.txt").render(**context)
    return RenderedMail(
        subject=" ".join(subject.split()),
        text=env.get_template(f"email/{kind}.txt").render(**context),
        html=env.get_template(f"email/{kind}.html").render(**context),
    )


def item_url(item) -> str:
    """The absolute address of an item's page, for links in e-mails."""
    path = current_app.url_map.bind("localhost").build("items.detail", {"item_id": item.id})
    return current_app.config["BASE_URL"].rstrip("/") + path
