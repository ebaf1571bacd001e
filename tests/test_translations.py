"""Every user-facing message marked for translation has its English, and English users get it."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import csrf_token_from

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "tracker" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def test_every_marked_message_has_an_english_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        wanted = {message.id for message in read_po(handle) if message.id}
    with PO.open("rb") as handle:
        english = {message.id: message.string for message in read_po(handle) if message.id}
    missing = sorted(m for m in wanted if not english.get(m))
    assert missing == [], "run `python scripts/translations.py update` and translate these"


@pytest.mark.parametrize(("locale", "text"), [("en", "My tasks"), ("zh", "我的任务")])
def test_unit_staff_see_their_chosen_language(client_as, make_unit, locale, text):
    client = client_as("unit_staff", unit=make_unit(), locale=locale)
    assert text in client.get("/my/").get_data(as_text=True)


def test_switching_language_is_remembered(client_as, db):
    client = client_as("viewer")
    token = csrf_token_from(client.get("/items/").get_data(as_text=True))
    response = client.post("/account/language", data={"locale": "en", "next": "/items/", "csrf_token": token})
    assert response.headers["Location"] == "/items/"
    db.session.refresh(client.user)
    assert client.user.locale == "en"
    assert client.post("/account/language", data={"locale": "xx", "csrf_token": token}).status_code == 400


def test_anonymous_visitors_get_the_browsers_language(client):
    english = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert "Sign in to the Task Tracker" in english
    assert "登录督办台账" in client.get("/login").get_data(as_text=True)


ENGLISH_PAGES = [
    "/",
    "/items/",
    "/admin/users",
    "/units/",
    "/reports/weekly",
    "/admin/events",
    "/settings/office",
]


def test_english_pages_show_no_chinese_but_the_data(client_as, db, make_unit, make_item, make_document):
    """Every word the app itself prints is English for an English reader; only names and titles stay Chinese."""
    import datetime as dt

    from tests.web.test_every_page import visible_text

    unit = make_unit(name="县水利局")
    document = make_document(number="交政办发〔2025〕4号", title="关于印发实施方案的通知")
    make_item(lead_unit=unit, document=document, title="完成节水改造", due_on=dt.date(2020, 1, 1))
    make_item(lead_unit=unit, document=document, title="建立长效机制")
    db.session.commit()
    client = client_as("admin", locale="en")
    data = [
        "县水利局",
        "交城县",
        "交政办发〔2025〕4号",
        "关于印发实施方案的通知",
        "完成节水改造",
        "建立长效机制",
        "中文",
    ]
    found = {}
    for path in ENGLISH_PAGES:
        text = visible_text(client.get(path).get_data(as_text=True))
        for known in data:
            text = text.replace(known, "")
        chinese = sorted(set(re.findall(r"[\u3400-\u9fff]+", text)))
        if chinese:
            found[path] = chinese
    assert found == {}
