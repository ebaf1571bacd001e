"""What every browser test shares: where Chromium and screenshots are, the skip mark, signing in, screenshots."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(
    os.environ.get("TRACKER_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "build" / "test-artifacts")
)

BROWSER_TESTS = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM), reason=f"{CHROMIUM} is not installed (scripts/test.sh installs it)"
    ),
]


def sign_in(page, base: str, username: str, password: str):
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def shot(page, name: str, backend: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{backend}-{name}.png"), full_page=True)


def desktop_page(browser, errors: list[str]):
    """A 1366 x 768 Chinese-locale page whose console errors (CSP violations among them) go to ``errors``."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return context, page
