"""Users, units and the outbox: uniqueness rules the database enforces."""

import pytest
from sqlalchemy.exc import IntegrityError

from tracker.models import OutboxMail, Unit, UnitAlias, User


def test_password_is_stored_only_as_a_scrypt_hash(db, make_user):
    user = make_user()
    user.set_password("s3cret-passphrase")
    db.session.commit()
    assert "s3cret-passphrase" not in user.password_hash
    assert user.password_hash.startswith("scrypt:")
    assert user.check_password("s3cret-passphrase")
    assert not user.check_password("wrong")


def test_usernames_are_unique(db, make_user):
    make_user(username="zhang")
    with pytest.raises(IntegrityError):
        make_user(username="zhang")


def test_unknown_role_is_refused(db, make_user):
    with pytest.raises(IntegrityError):
        make_user(role="superuser")


def test_unit_name_is_unique_within_a_county_only(db, make_unit):
    make_unit(name="县水利局", county="交城县")
    make_unit(name="县水利局", county="中阳县")
    db.session.commit()
    with pytest.raises(IntegrityError):
        make_unit(name="县水利局", county="交城县")


def test_aliases_are_removed_with_their_unit(db, make_unit):
    unit = make_unit(name="县发展和改革局")
    unit.aliases.extend([UnitAlias(alias="县发改局"), UnitAlias(alias="发改局")])
    db.session.commit()
    db.session.expire_all()
    assert sorted(a.alias for a in db.session.get(Unit, unit.id).aliases) == sorted(["县发改局", "发改局"])
    db.session.delete(unit)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(UnitAlias)) == 0


def test_a_second_mail_with_the_same_dedupe_key_is_refused(db):
    mail = dict(kind="digest", recipient="a@example.cn", subject="s", body_text="t")
    db.session.add(OutboxMail(dedupe_key="digest:unit-1:2026-W48", **mail))
    db.session.commit()
    db.session.add(OutboxMail(dedupe_key="digest:unit-1:2026-W48", **mail))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMail)) == 1


def test_user_can_belong_to_a_unit(db, make_user, make_unit):
    unit = make_unit(name="县应急管理局")
    user = make_user(role="unit_staff", unit=unit)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(User, user.id).unit.name == "县应急管理局"
