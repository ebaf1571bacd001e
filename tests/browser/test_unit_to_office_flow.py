"""In a real browser: a unit submits an item as done, the office accepts it, the dashboard changes.

Runs Debian's Chromium through Playwright against the app served on a free
loopback port. Screenshots of the dashboard, the item list and the item page
are saved under ``TRACKER_TEST_ARTIFACTS`` (default build/test-artifacts).
"""

import datetime as dt

import pytest

from tests.browser.conftest import shot, sign_in
from tracker.models import Milestone

pytestmark = pytest.mark.slow


def test_unit_submits_office_accepts_dashboard_changes(
    live_server, browser, db, make_unit, make_user, make_item
):
    water = make_unit(name="县水利局")
    make_user(
        username="shuili",
        password="unit-staff-password",
        role="unit_staff",
        unit=water,
        display_name="钱水利",
    )
    make_user(username="duchashi", password="supervisor-password", role="supervisor", display_name="王督查")
    item = make_item(lead_unit=water, title="完成县域节水型社会达标建设", status="in_progress")
    item.milestones.append(
        Milestone(phrase="2030年底前", due_on=dt.date(2030, 12, 31), original_due_on=dt.date(2030, 12, 31))
    )
    item.refresh_due_on()
    db.session.commit()
    backend = db.engine.dialect.name
    errors: list[str] = []

    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    sign_in(page, live_server, "shuili", "unit-staff-password")
    page.wait_for_url(f"{live_server}/my/")
    page.click(f"text={item.title}")
    page.fill("form.act-submit textarea[name=text]", "已完成节水型社会达标建设，验收报告已上传。")
    page.click("form.act-submit button[type=submit]")
    page.wait_for_selector("text=已报完成，等待督查室审核。")
    page.click('button:has-text("退出")')

    sign_in(page, live_server, "duchashi", "supervisor-password")
    page.wait_for_url(f"{live_server}/")
    done_before = page.locator("a.count[href*='statuses=done'] .number").inner_text()
    assert done_before == "0"
    assert page.locator("a.count[href*='statuses=submitted'] .number").inner_text() == "1"

    page.goto(f"{live_server}/items/")
    shot(page, "item-list", backend)
    page.click(f"text={item.title}")
    assert page.locator(".report p", has_text="已完成节水型社会达标建设，验收报告已上传。").count() == 1
    page.click("form.act-accept button[type=submit]")
    page.wait_for_selector("text=已办结。")
    shot(page, "item-page", backend)

    page.goto(f"{live_server}/")
    assert page.locator("a.count[href*='statuses=done'] .number").inner_text() == "1"
    assert page.locator("a.count[href*='statuses=submitted'] .number").inner_text() == "0"
    page.wait_for_function("document.querySelector('#trend-chart').width > 0")
    shot(page, "dashboard", backend)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    sign_in(phone, live_server, "duchashi", "supervisor-password")
    phone.wait_for_url(f"{live_server}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400, (
        "the dashboard must fit a phone screen"
    )
    shot(phone, "dashboard-phone", backend)
    context.close()
    assert errors == [], f"browser console errors (CSP violations show here): {errors}"
