"""Marking words for translation where they are defined, translating them where they are shown.

Labels that live in models and services (statuses, lights, roles, kinds of unit and of event) are plain
Chinese strings, so every layer can use them without Flask. ``N_`` marks them for the message catalogue;
pages show them through the ``tr`` template filter (gettext at render time), so English readers get them
in English and mail rendered outside a request stays Chinese.
"""


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name, found by pybabel
    """Return ``message`` unchanged; pybabel extracts it into the catalogue."""
    return message
