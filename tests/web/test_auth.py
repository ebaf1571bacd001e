"""Signing in and out: passwords, throttling, CSRF, session fixation, session invalidation."""

import datetime as dt
from email.utils import parsedate_to_datetime

from tests.conftest import csrf_token_from
from tracker.models import Event, LoginFailure
from tracker.services.accounts import update_user


def sign_in(client, username, password, address="10.0.0.1", next_url="", remember=False):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    data = {"username": username, "password": password, "csrf_token": token}
    if remember:
        data["remember"] = "y"
    return client.post("/login" + next_url, data=data, environ_base={"REMOTE_ADDR": address})


def log_out(client):
    token = csrf_token_from(client.get("/account/password").get_data(as_text=True))
    return client.post("/logout", data={"csrf_token": token})


def change_password(client, current, new):
    """Change the signed-in user's password on the 修改密码 page."""
    token = csrf_token_from(client.get("/account/password").get_data(as_text=True))
    return client.post(
        "/account/password", data={"current": current, "new": new, "confirm": new, "csrf_token": token}
    )


def copy_cookies(source, names, app):
    """A new client holding copies of ``source``'s cookies ``names`` (a stolen or backed-up cookie jar)."""
    copy = app.test_client()
    for name in names:
        copy.set_cookie(name, source.get_cookie(name).value)
    return copy


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_sign_in_with_the_right_password_shows_the_overview(client, db, make_user):
    make_user(username="duchashi", password="right-password", display_name="王督查")
    db.session.commit()
    assert sign_in(client, "duchashi", "right-password").status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "督查总览" in page
    assert "王督查" in page


def test_user_name_is_not_case_sensitive(client, db, make_user):
    make_user(username="DuChaShi", password="right-password")
    db.session.commit()
    assert sign_in(client, "duchashi", "right-password").status_code == 302


def test_wrong_password_is_refused_and_recorded(client, db, make_user):
    make_user(username="duchashi", password="right-password")
    db.session.commit()
    response = sign_in(client, "duchashi", "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(LoginFailure)) == 1
    assert db.session.scalar(db.select(Event.kind).where(Event.kind == "user.login_failed")) is not None


def test_disabled_account_cannot_sign_in(client, db, make_user):
    make_user(username="left", password="right-password", is_active=False)
    db.session.commit()
    sign_in(client, "left", "right-password")
    assert client.get("/").status_code == 302


def test_sixth_attempt_within_a_minute_is_refused_even_with_the_right_password(client, db, make_user):
    make_user(username="duchashi", password="right-password")
    db.session.commit()
    for _ in range(5):
        assert sign_in(client, "duchashi", "guess").status_code == 200
    response = sign_in(client, "duchashi", "right-password")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_throttling_is_per_address(client, db, make_user):
    make_user(username="duchashi", password="right-password")
    db.session.commit()
    for _ in range(5):
        sign_in(client, "duchashi", "guess", address="10.0.0.66")
    assert sign_in(client, "duchashi", "right-password", address="10.0.0.7").status_code == 302


def test_one_address_guessing_many_accounts_is_throttled(client, db, make_user):
    make_user(username="target", password="right-password")
    db.session.commit()
    for n in range(20):
        sign_in(client, f"someone{n}", "guess", address="10.9.9.9")
    assert sign_in(client, "target", "right-password", address="10.9.9.9").status_code == 429


def test_login_without_csrf_token_is_refused(client, db, make_user):
    make_user(username="duchashi", password="right-password")
    db.session.commit()
    response = client.post("/login", data={"username": "duchashi", "password": "right-password"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_logout_needs_a_post_with_csrf_token(client_as):
    client = client_as("supervisor")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200
    token = csrf_token_from(client.get("/account/password").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_next_parameter_cannot_redirect_off_site(client, db, make_user):
    make_user(username="duchashi", password="right-password")
    db.session.commit()
    response = sign_in(client, "duchashi", "right-password", next_url="?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_next_parameter_returns_to_the_page_asked_for(client, db, make_user):
    make_user(username="duchashi", password="right-password")
    db.session.commit()
    response = sign_in(client, "duchashi", "right-password", next_url="?next=/items/")
    assert response.headers["Location"] == "/items/"


def test_session_planted_before_sign_in_does_not_survive_it(client, db, make_user):
    """Session fixation: whatever an attacker put in the session before login is gone after it."""
    make_user(username="duchashi", password="right-password")
    db.session.commit()
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by-attacker"
        before = dict(session)
    sign_in(client, "duchashi", "right-password")
    with client.session_transaction() as session:
        after = dict(session)
    assert "planted" not in after
    assert after.get("_id") != before.get("_id")
    assert "_user_id" in after


def test_changing_the_password_ends_sessions_elsewhere(app, client, db, make_user):
    user = make_user(username="duchashi", password="right-password-1")
    db.session.commit()
    other_device = app.test_client()
    sign_in(other_device, "duchashi", "right-password-1")
    sign_in(client, "duchashi", "right-password-1")
    response = change_password(client, "right-password-1", "new-password-22")
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other_device.get("/").status_code == 302
    db.session.refresh(user)
    assert user.check_password("new-password-22")


def test_change_password_refuses_a_wrong_current_password(client_as, db):
    client = client_as("viewer", password="right-password-1")
    token = csrf_token_from(client.get("/account/password").get_data(as_text=True))
    response = client.post(
        "/account/password",
        data={"current": "nope", "new": "new-password-22", "confirm": "new-password-22", "csrf_token": token},
    )
    assert "当前密码不正确" in response.get_data(as_text=True)
    db.session.refresh(client.user)
    assert client.user.check_password("right-password-1")


def test_disabling_an_account_ends_its_session(client_as, db):
    client = client_as("supervisor")
    assert client.get("/").status_code == 200
    client.user.is_active = False
    db.session.commit()
    assert client.get("/").status_code == 302


def test_logout_ends_a_remembered_session(app, client, db, make_user):
    """保持登录 must not survive 退出登录: neither in this browser nor in a cookie copied before it."""
    make_user(username="duchashi", password="right-password")
    db.session.commit()
    sign_in(client, "duchashi", "right-password", remember=True)
    assert client.get_cookie("remember_token") is not None
    remembered = copy_cookies(client, ["remember_token"], app)
    whole_jar = copy_cookies(client, ["remember_token", "session"], app)
    assert remembered.get("/").status_code == 200
    assert log_out(client).status_code == 302
    assert client.get("/").status_code == 302
    assert remembered.get("/").status_code == 302
    assert whole_jar.get("/").status_code == 302


def test_remember_me_lasts_fourteen_days_not_a_year(client, db, make_user):
    make_user(username="duchashi", password="right-password")
    db.session.commit()
    response = sign_in(client, "duchashi", "right-password", remember=True)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    lasts = expires - dt.datetime.now(dt.UTC)
    assert dt.timedelta(days=13) < lasts <= dt.timedelta(days=14)


def test_a_remembered_cookie_dies_with_a_password_change_and_a_deactivation(app, client, db, make_user):
    user = make_user(username="duchashi", password="right-password-1")
    db.session.commit()
    sign_in(client, "duchashi", "right-password-1", remember=True)
    before_change = copy_cookies(client, ["remember_token"], app)
    change_password(client, "right-password-1", "new-password-22")
    assert before_change.get("/").status_code == 302
    other = app.test_client()
    sign_in(other, "duchashi", "new-password-22", remember=True)
    before_deactivation = copy_cookies(other, ["remember_token"], app)
    assert before_deactivation.get("/").status_code == 200
    db.session.refresh(user)
    update_user(None, user, is_active=False)
    db.session.commit()
    update_user(None, user, is_active=True)
    db.session.commit()
    assert before_deactivation.get("/").status_code == 302
