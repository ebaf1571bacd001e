"""The one exception the extraction API raises for input it cannot use."""


class ExtractionError(Exception):
    """Raise when a gazette file cannot be read: empty, binary, unsupported or too large.

    Callers (the CLI, the import service) show ``str(error)`` to a person, so it is
    a single line naming the file and the reason; no traceback is needed to act on it.
    """

    def __init__(self, filename: str, reason: str) -> None:
        self.filename = filename
        self.reason = reason
        super().__init__(f"{filename}: {reason}")
