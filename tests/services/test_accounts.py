"""Accounts: creation, password rules, role changes, throttling."""

import datetime as dt

import pytest

from tracker import clock
from tracker.models import Event, LoginFailure
from tracker.services import accounts
from tracker.services.accounts import (
    AccountError,
    authenticate,
    create_user,
    is_login_throttled,
    reset_password,
    start_login_attempt,
    update_user,
)

NOW = dt.datetime(2025, 5, 6, 9, 30, tzinfo=clock.timezone())


def test_created_user_gets_a_generated_password_that_works(db):
    user, password = create_user(None, username="li", role="supervisor")
    assert len(password) >= 16
    assert user.check_password(password)


def test_unit_staff_need_a_unit(db):
    with pytest.raises(AccountError, match="所属单位"):
        create_user(None, username="li", role="unit_staff")


def test_user_names_are_unique_ignoring_case(db):
    create_user(None, username="Li", role="viewer")
    with pytest.raises(AccountError, match="已存在"):
        create_user(None, username="li", role="viewer")


@pytest.mark.parametrize(("password", "message"), [("short", "至少"), ("wanglei1234", "用户名")])
def test_weak_passwords_are_refused(db, password, message):
    with pytest.raises(AccountError, match=message):
        create_user(None, username="WangLei1234", role="viewer", password=password)


def test_role_change_is_recorded_and_ends_sessions(db, make_user):
    admin = make_user(role="admin")
    user = make_user(role="viewer")
    token = user.session_token
    update_user(admin, user, role="supervisor")
    assert user.session_token != token
    event = db.session.scalars(db.select(Event).where(Event.kind == "user.updated")).one()
    assert event.before["role"] == "viewer"
    assert event.after["role"] == "supervisor"
    assert event.actor_id == admin.id


def test_admin_cannot_demote_themselves(db, make_user):
    admin = make_user(role="admin")
    with pytest.raises(AccountError, match="自己"):
        update_user(admin, admin, role="viewer")


def test_reset_password_replaces_the_old_one(db, make_user):
    user = make_user(password="old-password-1")
    new = reset_password(None, user)
    assert not user.check_password("old-password-1")
    assert user.check_password(new)


def test_throttle_counts_only_the_last_minute(db):
    for seconds in range(5):
        start_login_attempt("li", "10.0.0.1", NOW - dt.timedelta(seconds=70 + seconds))
    start_login_attempt("li", "10.0.0.1", NOW)
    assert not is_login_throttled("li", "10.0.0.1", NOW)
    for seconds in range(1, 5):
        start_login_attempt("li", "10.0.0.1", NOW - dt.timedelta(seconds=seconds))
    assert not is_login_throttled("li", "10.0.0.1", NOW)
    start_login_attempt("li", "10.0.0.1", NOW)
    assert is_login_throttled("LI", "10.0.0.1", NOW)
    assert not is_login_throttled("li", "10.0.0.2", NOW)


def failures(db) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(LoginFailure))


def test_authenticate_records_the_login_and_uncounts_the_attempt(db, make_user):
    user = make_user(username="li", password="right-password")
    assert (
        authenticate("li", "right-password", "10.0.0.1", NOW, start_login_attempt("li", "10.0.0.1", NOW))
        is user
    )
    assert user.last_login_at == NOW
    assert failures(db) == 0
    assert authenticate("li", "wrong", "10.0.0.1", NOW, start_login_attempt("li", "10.0.0.1", NOW)) is None
    assert failures(db) == 1


@pytest.mark.parametrize("who", ["nobody", "disabled"])
def test_a_password_for_an_unknown_or_disabled_user_is_hashed_like_a_real_one(
    db, make_user, monkeypatch, who
):
    """Without it a wrong password answered ten times faster for invented user names than for real ones."""
    make_user(username="disabled", password="right-password", is_active=False)
    checked = []

    def spy(pwhash, password):
        checked.append(pwhash.split(":")[0])
        return original(pwhash, password)

    original = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash", spy)
    assert (
        authenticate(who, "right-password", "10.0.0.1", NOW, start_login_attempt(who, "10.0.0.1", NOW))
        is None
    )
    assert checked == ["scrypt"]


@pytest.mark.parametrize("address", ["not", "a@example.cn\r\nBcc: b@example.cn", "a b@example.cn"])
def test_a_user_address_that_cannot_receive_mail_is_refused_on_create_and_update(db, make_user, address):
    with pytest.raises(AccountError, match="电子邮箱地址无效"):
        create_user(None, username="zhang", role="viewer", email=address)
    user = make_user(email="ok@example.cn")
    with pytest.raises(AccountError, match="电子邮箱地址无效"):
        update_user(None, user, email=address)
    assert user.email == "ok@example.cn"


def test_a_user_address_is_stored_normalised(db):
    user, _ = create_user(None, username="zhang", role="viewer", email="  Zhang@Example.CN ")
    assert user.email == "Zhang@example.cn"
