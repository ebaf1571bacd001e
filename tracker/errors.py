"""Domain exceptions raised by services and translated into messages by views and the CLI."""


class TrackerError(Exception):
    """Base class: a rule of the domain refused the request; the message is shown to the user."""


class StaleVersion(TrackerError):
    """Someone else saved the same record since it was loaded (optimistic locking)."""

    def __init__(self, what: str = "该记录"):
        super().__init__(f"{what}已被他人修改，请刷新页面后重试。")


class InvalidTransition(TrackerError):
    """A status change the workflow does not allow from the current status."""


class PermissionDenied(TrackerError):
    """The acting user may not do this."""


class ImportRejected(TrackerError):
    """A gazette or ledger cannot be imported; the message says why and nothing was written."""
