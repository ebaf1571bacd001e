"""API and calendar tokens: stored hashed, one live token per owner and kind."""

from tests.ledger_fixtures import NOW
from tracker.models import AccessToken
from tracker.services.access_tokens import current_token, find_token, hash_token, issue_token


def test_only_the_hash_is_stored(db, make_user):
    user = make_user()

    token = issue_token("api", user, NOW, user=user)

    stored = db.session.scalars(db.select(AccessToken.token_hash)).all()
    assert stored == [hash_token(token)]
    assert token not in stored
    assert find_token("api", token).user == user


def test_issuing_again_invalidates_the_old_token(db, make_user):
    user = make_user()
    old = issue_token("calendar", user, NOW, user=user)

    new = issue_token("calendar", user, NOW, user=user)

    assert find_token("calendar", old) is None
    assert find_token("calendar", new) is not None
    assert current_token("calendar", user=user).token_hash == hash_token(new)


def test_tokens_of_one_kind_do_not_open_the_other(db, make_user):
    user = make_user()
    token = issue_token("calendar", user, NOW, user=user)

    assert find_token("api", token) is None


def test_unit_tokens_and_deactivated_users(db, make_user, make_unit):
    unit = make_unit()
    user = make_user(role="unit_staff", unit=unit)
    unit_token = issue_token("calendar", user, NOW, unit=unit)
    user_token = issue_token("api", user, NOW, user=user)

    user.is_active = False

    assert find_token("calendar", unit_token).unit == unit
    assert find_token("api", user_token) is None
    assert find_token("api", "") is None
