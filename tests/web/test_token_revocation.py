"""API keys and calendar feed URLs end with the access of the person behind them, and can be revoked."""

import re

import pytest

from tests.conftest import csrf_token_from
from tests.web.test_auth import change_password
from tracker.services.accounts import update_user

SECRET = re.compile(r'<code class="secret">([^<]+)</code>')


def issue(client, action: str) -> str:
    """Issue a token on the account page; return the API key or the feed's path."""
    token = csrf_token_from(client.get("/account/tokens").get_data(as_text=True))
    page = client.post("/account/tokens", data={"csrf_token": token, "action": action}).get_data(as_text=True)
    value = SECRET.search(page).group(1)
    return value.removeprefix("http://tracker.test")


def api_status(client, key: str) -> int:
    return client.get("/api/v1/units", headers={"Authorization": f"Bearer {key}"}).status_code


def test_an_api_key_stops_working_when_the_admin_resets_the_password(client_as, client):
    owner = client_as("viewer")
    key = issue(owner, "api")
    assert api_status(client, key) == 200
    admin = client_as("admin")
    token = csrf_token_from(admin.get(f"/admin/users/{owner.user.id}").get_data(as_text=True))
    assert (
        admin.post(f"/admin/users/{owner.user.id}/reset-password", data={"csrf_token": token}).status_code
        == 200
    )
    assert api_status(client, key) == 401


def test_changing_ones_own_password_ends_ones_feed(client_as, client):
    owner = client_as("viewer", password="right-password-1")
    feed = issue(owner, "calendar")
    assert client.get(feed).status_code == 200
    change_password(owner, "right-password-1", "new-password-22")
    assert client.get(feed).status_code == 404


@pytest.mark.parametrize("change", ["deactivated", "moved"])
def test_a_unit_feed_ends_when_the_member_who_issued_it_leaves_the_unit(
    client_as, client, db, make_unit, change
):
    unit, other = make_unit(), make_unit()
    member = client_as("unit_staff", unit=unit)
    feed = issue(member, "unit_calendar")
    assert client.get(feed).status_code == 200
    if change == "deactivated":
        update_user(None, member.user, is_active=False)
    else:
        update_user(None, member.user, unit=other)
    db.session.commit()
    assert client.get(feed).status_code == 404


def test_a_name_change_keeps_the_tokens(client_as, client, db):
    owner = client_as("viewer")
    key = issue(owner, "api")
    update_user(None, owner.user, display_name="王副县长")
    db.session.commit()
    assert api_status(client, key) == 200


def test_the_token_page_lists_and_revokes_a_token(client_as, client):
    owner = client_as("viewer")
    key, feed = issue(owner, "api"), issue(owner, "calendar")
    page = owner.get("/account/tokens").get_data(as_text=True)
    assert page.count("已生成于") == 2
    assert page.count('name="revoke"') == 2

    response = owner.post(
        "/account/tokens",
        data={"csrf_token": csrf_token_from(page), "revoke": "calendar"},
        follow_redirects=True,
    )

    assert "已撤销" in response.get_data(as_text=True)
    assert client.get(feed).status_code == 404
    assert api_status(client, key) == 200
    assert owner.get("/account/tokens").get_data(as_text=True).count("已生成于") == 1


def test_nobody_revokes_another_units_feed(client_as, make_unit, db):
    member = client_as("unit_staff", unit=make_unit())
    token = csrf_token_from(member.get("/account/tokens").get_data(as_text=True))
    assert member.post("/account/tokens", data={"csrf_token": token, "revoke": "nonsense"}).status_code == 400
