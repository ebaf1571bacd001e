"""E-mail addresses: the one check behind every path that stores an address, and behind sending.

Forms, the CLI, the units page and any later import all store addresses
through :func:`normalise_address`, so a CR/LF, a missing ``@`` or a space
never reaches the database; the dispatcher runs the same check again on what
it reads, for rows written by an older release or restored from a backup.
"""

from email_validator import EmailNotValidError, validate_email

from tracker.errors import TrackerError


class AddressError(TrackerError, ValueError):
    """An address that cannot receive mail; the message names it, in Chinese, for forms and the CLI."""


def normalise_address(text: str, *, max_length: int | None = None) -> str:
    """The address in its normal form (domain lower-cased), or AddressError.

    Internationalised addresses (督查室@例子.中国) are valid; ``max_length``
    is the column's limit, so SQLite and PostgreSQL accept the same addresses.
    """
    address = text.strip()
    normal = _validated(address).normalized
    if max_length is not None and len(normal) > max_length:
        raise AddressError(f"电子邮箱地址过长（最多 {max_length} 个字符）：{address}")
    return normal


def wire_address(text: str) -> str:
    """The address as it goes on the wire: an internationalised domain in its ASCII (IDNA) form.

    dcs@例子.中国 becomes dcs@xn--fsqu00a.xn--fiqs8s, which every server
    accepts; an address with a non-ASCII mailbox name (督查室@例子.中国)
    stays as it is and needs a server that offers SMTPUTF8.
    """
    valid = _validated(text.strip())
    return valid.ascii_email or valid.normalized


def _validated(address: str):
    try:
        return validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        raise AddressError(f"电子邮箱地址无效：{address}") from None
