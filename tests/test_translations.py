"""Every user-facing message marked for translation has its English, and English users get it."""

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
