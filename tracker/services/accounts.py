"""User accounts: creation by the admin, passwords, roles, and sign-in throttling."""

import datetime as dt
import functools
import logging
import secrets

from sqlalchemy import func
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.errors import TrackerError
from tracker.extensions import db
from tracker.models import LoginFailure, Unit, User
from tracker.models.user import ROLES
from tracker.services.access_tokens import revoke_tokens_of
from tracker.services.addresses import AddressError, normalise_address
from tracker.services.history import record_event

#: Failures allowed per account and address inside THROTTLE_WINDOW before sign-in is refused.
MAX_FAILURES_PER_ACCOUNT = 5
#: Failures allowed per address across all accounts (password spraying).
MAX_FAILURES_PER_ADDRESS = 20
THROTTLE_WINDOW = dt.timedelta(minutes=1)
#: Failure rows older than this are deleted as new ones arrive.
FAILURE_RETENTION = dt.timedelta(days=1)
MIN_PASSWORD_LENGTH = 10

logger = logging.getLogger(__name__)


class AccountError(TrackerError):
    """A user-management request that cannot be carried out (message shown as is)."""


def generate_password() -> str:
    """Return a random password of 16 URL-safe characters (about 96 bits)."""
    return secrets.token_urlsafe(12)


def check_password_rules(password: str, username: str) -> None:
    """Refuse passwords that are short or equal to the user name."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符。")
    if password.strip().lower() == username.strip().lower():
        raise AccountError("密码不能与用户名相同。")


def _check_role_and_unit(role: str, unit: Unit | None) -> None:
    if role not in ROLES:
        raise AccountError(f"未知角色：{role}（可选：{', '.join(ROLES)}）。")
    if role == "unit_staff" and unit is None:
        raise AccountError("责任单位用户必须指定所属单位。")


def _checked_email(email: str | None) -> str | None:
    """The address to store (None for blank); one that cannot receive mail is refused."""
    if not (email or "").strip():
        return None
    try:
        return normalise_address(email, max_length=User.email.type.length)
    except AddressError as error:
        raise AccountError(str(error)) from None


def _describe(user: User) -> dict:
    """The fields of a user that history records (never the password or its hash)."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "leader_name": user.leader_name,
        "role": user.role,
        # Through the relationship: unit_id is stale until the next flush after ``user.unit = …``.
        "unit_id": user.unit.id if user.unit else None,
        "is_active": user.is_active,
    }


def create_user(
    actor: User | None,
    *,
    username: str,
    role: str,
    unit: Unit | None = None,
    display_name: str = "",
    email: str | None = None,
    password: str | None = None,
    leader_name: str | None = None,
) -> tuple[User, str]:
    """Create a user; return it with its password (generated when not given) to show once."""
    username = username.strip()
    if not username:
        raise AccountError("请填写用户名。")
    _check_role_and_unit(role, unit)
    if db.session.execute(db.select(User.id).filter(func.lower(User.username) == username.lower())).first():
        raise AccountError(f"用户名 {username} 已存在。")
    chosen = password or generate_password()
    check_password_rules(chosen, username)
    user = User(
        username=username,
        role=role,
        unit=unit if role == "unit_staff" else None,
        display_name=display_name.strip(),
        email=_checked_email(email),
        leader_name=(leader_name or "").strip() or None,
    )
    user.set_password(chosen)
    db.session.add(user)
    db.session.flush()
    record_event("user.created", actor, unit=user.unit, after=_describe(user))
    logger.info("Created user %s with role %s", user.id, user.role)
    return user, chosen


def update_user(
    actor: User | None,
    user: User,
    *,
    role: str | None = None,
    unit: Unit | None = None,
    display_name: str | None = None,
    email: str | None = None,
    is_active: bool | None = None,
    leader_name: str | None = None,
) -> None:
    """Change a user's role, unit, name, address, leader link or active flag; history keeps before and after.

    ``actor`` None means a command-line administrator acting as the system.
    """
    before = _describe(user)
    new_role = role or user.role
    new_unit = unit if unit is not None else user.unit
    _check_role_and_unit(new_role, new_unit)
    if unit is not None and new_role != "unit_staff":
        raise AccountError("只有责任单位用户（unit_staff）隶属于单位。")
    if actor is not None and user.id == actor.id and (new_role != "admin" or is_active is False):
        raise AccountError("不能取消自己的管理员权限或停用自己的账号。")
    user.role = new_role
    user.unit = new_unit if new_role == "unit_staff" else None
    if display_name is not None:
        user.display_name = display_name.strip()
    if email is not None:
        user.email = _checked_email(email)
    if leader_name is not None:
        user.leader_name = leader_name.strip() or None
    if is_active is not None:
        user.is_active = is_active
    after = _describe(user)
    if after != before:
        if after["role"] != before["role"] or not user.is_active:
            user.rotate_session_token()
        if after["role"] != before["role"] or after["unit_id"] != before["unit_id"] or not user.is_active:
            revoke_tokens_of(user, actor, "账号停用或角色、单位变更")
        record_event("user.updated", actor, before=before, after=after)


def reset_password(actor: User | None, user: User) -> str:
    """Give ``user`` a new generated password (returned to show once) and end their sessions."""
    password = generate_password()
    user.set_password(password)
    revoke_tokens_of(user, actor, "密码重置")
    record_event("user.password_reset", actor, after={"username": user.username})
    logger.info("Reset the password of user %s", user.id)
    return password


def change_own_password(user: User, current: str, new: str) -> None:
    """Let a signed-in user replace their password after proving the current one."""
    if not user.check_password(current):
        raise AccountError("当前密码不正确。")
    check_password_rules(new, user.username)
    if user.check_password(new):
        raise AccountError("新密码不能与当前密码相同。")
    user.set_password(new)
    revoke_tokens_of(user, user, "修改密码")
    record_event("user.password_changed", user, after={"username": user.username})
    logger.info("User %s changed their password", user.id)


def find_user(username: str) -> User | None:
    """Look a user up by name, ignoring case."""
    return db.session.execute(
        db.select(User).filter(func.lower(User.username) == username.strip().lower())
    ).scalar_one_or_none()


def start_login_attempt(username: str, address: str, now: dt.datetime) -> LoginFailure:
    """Count a sign-in attempt as failed before its password is checked (and forget day-old failures).

    The caller commits this row before asking :func:`is_login_throttled`: each
    of many simultaneous guesses then counts every guess committed before its
    own, so no more than the limit get their password checked. A successful
    sign-in removes its row again (:func:`authenticate`).
    """
    db.session.execute(db.delete(LoginFailure).where(LoginFailure.occurred_at < now - FAILURE_RETENTION))
    attempt = LoginFailure(username=username.strip().lower()[:60], address=address[:64], occurred_at=now)
    db.session.add(attempt)
    db.session.flush()
    return attempt


def is_login_throttled(username: str, address: str, now: dt.datetime) -> bool:
    """Whether this attempt (already counted) is over the limit for the account or the address."""
    since = now - THROTTLE_WINDOW
    recent = db.select(func.count()).select_from(LoginFailure).where(LoginFailure.occurred_at > since)
    per_account = db.session.scalar(
        recent.where(LoginFailure.username == username.strip().lower()[:60], LoginFailure.address == address)
    )
    if per_account > MAX_FAILURES_PER_ACCOUNT:
        return True
    return db.session.scalar(recent.where(LoginFailure.address == address[:64])) > MAX_FAILURES_PER_ADDRESS


@functools.cache
def _dummy_hash() -> str:
    """A scrypt hash to check passwords typed for unknown or disabled users against.

    Checking costs the same as for a real user, so the answer's timing does not
    tell which user names exist.
    """
    return generate_password_hash(secrets.token_urlsafe(16), method="scrypt")


def authenticate(
    username: str, password: str, address: str, now: dt.datetime, attempt: LoginFailure
) -> User | None:
    """Return the active user these credentials belong to, or None (``attempt`` stays counted as failed)."""
    user = find_user(username)
    if user is None or not user.is_active:
        check_password_hash(_dummy_hash(), password)
        user = None
    elif not user.check_password(password):
        user = None
    if user is None:
        record_event("user.login_failed", None, note=f"{username.strip()[:60]} @ {address[:64]}", at=now)
        return None
    db.session.delete(attempt)
    user.last_login_at = now
    record_event("user.login", user, at=now)
    return user
