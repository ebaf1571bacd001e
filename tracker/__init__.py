"""督办台账 · Policy Task Tracker.

The web application is built by :func:`create_app`. The import of Flask is kept
inside the function so that ``tracker.extraction`` and ``tracker.calendar`` stay
importable (and scoreable, fuzzable, benchmarkable) without Flask.
"""
