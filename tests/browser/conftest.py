"""The browser tests' fixtures: the app served on a free loopback port, and Debian's Chromium driven by Playwright."""

import threading

import pytest
from werkzeug.serving import make_server

from tests.browser.pages import CHROMIUM


def buffered(app):
    """Each response read whole (and its file closed) before werkzeug writes it to the socket.

    When the browser drops a request it no longer needs (the favicon, as it
    navigates on), werkzeug's development server can fail on the closed
    socket before it closes a streamed file, and the unclosed file surfaces
    later as a ResourceWarning in whichever test is running.
    """

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi


@pytest.fixture
def live_server(app, db):
    """The app served by werkzeug in a background thread on a free port."""
    server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-dev-shm-usage",
            ],
        )
        yield instance
        instance.close()
