"""督办台账 · Policy Task Tracker.

The web application is built by :func:`create_app`. Flask is imported inside the
function, not here, so that ``tracker.extraction`` and ``tracker.calendar`` stay
importable (and scoreable, fuzzable, benchmarkable) without Flask.
"""


def create_app(config=None, **overrides):
    """Build the Flask application; see :func:`tracker.factory.create_app`."""
    from tracker.factory import create_app as build

    return build(config, **overrides)
