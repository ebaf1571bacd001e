"""The everyday pages at a desktop's 1366 px and a phone's 390 px: nothing wider than the screen, no broken dates.

For the dashboard, the item list, an item's page and 我的任务 (the import review has its own browser test)
the page must not scroll sideways (a wide table may scroll inside its own box), and no date or status in a
table cell may break over two lines ("2025-04-/30", "待签/收"). Screenshots are kept for a person to look at.
"""

import datetime as dt

import pytest

from tests.browser.pages import BROWSER_TESTS, shot, sign_in
from tracker.models import Milestone

pytestmark = BROWSER_TESTS

#: Each table cell's dates and statuses that a browser broke over more than one line, with the cell's text.
BROKEN_CELL_TEXT = """() => {
  const pattern = /\\d{4}-\\d{2}-\\d{2}|待签收|推进中|已报完成|已办结|已撤销/g;
  const broken = [];
  for (const cell of document.querySelectorAll('td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(pattern)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(cell.innerText.trim().slice(0, 40));
      }
    }
  }
  return broken;
}"""
#: Elements that stick out past the right edge of the screen, outside any box that scrolls on its own.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const element of document.querySelectorAll('body *')) {
    if (element.getBoundingClientRect().right <= width + 1) continue;
    let scrolls = false;
    for (let p = element.parentElement; p; p = p.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) { scrolls = true; break; }
    }
    if (!scrolls) out.push(element.tagName + '.' + element.className);
  }
  return out.slice(0, 5);
}"""


@pytest.fixture
def ledger(db, make_unit, make_user, make_item, make_document):
    """Long unit and document names, overdue and open items: what makes cells wrap."""
    unit = make_unit(name="县住房和城乡建设管理局")
    make_user(username="office", password="office-password", role="supervisor")
    make_user(username="staff", password="staff-password", role="unit_staff", unit=unit)
    plan = make_document(
        number="交政办发〔2025〕4号", title="关于印发交城县县域节水型社会达标建设工作实施方案的通知"
    )
    items = []
    for n, (due, status) in enumerate(
        [(dt.date(2025, 4, 30), "assigned"), (dt.date(2025, 12, 31), "in_progress"), (None, "submitted")]
    ):
        item = make_item(
            lead_unit=unit,
            document=plan,
            status=status,
            title=f"动员部署阶段(2025年4月底前)工作专班各成员单位根据各自承担的工作任务制定方案{n}",
        )
        if due:
            item.milestones.append(Milestone(phrase="4月底前", due_on=due, original_due_on=due))
            item.refresh_due_on()
        items.append(item)
    db.session.commit()
    return items


@pytest.mark.parametrize("width", [1366, 390])
def test_everyday_pages_fit_the_screen_and_keep_dates_whole(live_server, browser, db, ledger, width):
    backend = db.engine.dialect.name
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    problems = {}
    for user, password, paths in (
        ("office", "office-password", ["/", "/items/", f"/items/{ledger[0].id}"]),
        ("staff", "staff-password", ["/my/", f"/items/{ledger[1].id}"]),
    ):
        sign_in(page, live_server, user, password)
        page.wait_for_load_state()
        for path in paths:
            page.goto(live_server + path)
            name = (path.strip("/").replace("/", "-") or "dashboard") + f"-{user}-{width}"
            shot(page, name, backend)
            overflowing, broken = page.evaluate(OVERFLOWING), page.evaluate(BROKEN_CELL_TEXT)
            if overflowing or broken:
                problems[f"{path} as {user}"] = {"overflowing": overflowing, "broken": broken}
        page.click('button:has-text("退出")')
    context.close()
    assert problems == {}
