"""Render an e-mail from its three templates: templates/email/<kind>.subject.txt, .txt and .html."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app

from config import DEFAULT_BASE_URL
from tracker.errors import TrackerError
from tracker.notifications.digest_mail import digest_context


class MailLinksUnset(TrackerError):
    """Production mail would link to the default BASE_URL, which no other PC can open."""


def links_problem(config) -> str | None:
    """Why mail must not go out now (BASE_URL still the default where that is refused), or None."""
    if config.get("TRACKER_REQUIRE_BASE_URL") and config["BASE_URL"].rstrip("/") == DEFAULT_BASE_URL:
        return (
            f"BASE_URL 仍是默认的 {DEFAULT_BASE_URL}：邮件里的链接在其他电脑上打不开，所以暂不生成和发送邮件。"
            "请把环境变量 BASE_URL 设为本系统的访问地址（如 https://dbt.example.gov.cn）后重启。"
        )
    return None


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
    ``items_url(**filters)`` the item list's with those filters. A weekly digest (``digest=``) also
    gets its numbered sections and naming helpers (:mod:`digest_mail`). Raises MailLinksUnset when
    production would link to the default BASE_URL: the job then fails and 系统状态 says why.
    """
    problem = links_problem(current_app.config)
    if problem:
        raise MailLinksUnset(problem)
    context.setdefault("item_url", item_urls())
    context.setdefault("items_url", items_list_url)
    if "digest" in context:
        context = {**digest_context(context["digest"]), **context}
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
