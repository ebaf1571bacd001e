"""In a real browser: the office imports another county's gazette, settles its unknown names, confirms.

The gazette (tests/data/linshui-gazette-2026-02.txt) is from 临水县, not one of the seeds; its
directory knows some bodies under other names. Screenshots of the review at 1366 px and 390 px
go to ``TRACKER_TEST_ARTIFACTS`` (default build/test-artifacts).
"""

from pathlib import Path

from tests.browser.pages import BROWSER_TESTS, desktop_page, shot, sign_in
from tracker.models import Unit, UnitAlias, WorkItem

pytestmark = BROWSER_TESTS

GAZETTE = Path(__file__).resolve().parents[1] / "data" / "linshui-gazette-2026-02.txt"
COUNTY = "临水县"
KNOWN = [
    "县应急管理局",
    "县市场监督管理局",
    "县教育局",
    "县住房和城乡建设局",
    "县城市管理局",
    "县文体广电和旅游局",
]


def name_row(page, name: str):
    return page.locator(f"tr.name-row[data-name='{name}']")


def test_office_settles_unknown_names_in_the_panel_and_confirms(
    live_server, browser, db, make_unit, make_user
):
    for name in KNOWN:
        make_unit(name=name, county=COUNTY)
    towns = make_unit(name="各乡(镇)人民政府", county=COUNTY, kind="group")
    towns.aliases.append(UnitAlias(alias="各乡镇"))
    make_user(username="duchashi", password="supervisor-password", role="supervisor", display_name="王督查")
    db.session.commit()
    backend = db.engine.dialect.name
    errors: list[str] = []
    context, page = desktop_page(browser, errors)

    sign_in(page, live_server, "duchashi", "supervisor-password")
    page.wait_for_url(f"{live_server}/")
    page.goto(f"{live_server}/imports/new")
    page.set_input_files("input[type=file]", str(GAZETTE))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#names")
    review_url = page.url
    assert page.locator("tr.name-row").count() == 5
    assert name_row(page, "建设单位").locator("select[name$=-decision]").input_value() == "drop"
    assert name_row(page, "县城管局").locator("select[name$=-decision]").input_value() == "map"

    # 县文旅局 is the county's 县文体广电和旅游局: pick it with the keyboard in the unit picker.
    row = name_row(page, "县文旅局")
    row.locator("select[name$=-decision]").select_option("map")
    picker = row.locator("input[data-unit-picker]")
    picker.fill("")
    picker.press_sequentially("旅游")
    row.locator(".unit-picker-list li[role=option]", has_text="县文体广电和旅游局").wait_for()
    assert row.locator(".unit-picker-meta").first.inner_text() == f"{COUNTY} · 部门"
    picker.press("Enter")  # picks the highlighted unit; does not submit the form
    assert picker.input_value() == "县文体广电和旅游局"
    assert page.url == review_url

    # Enter in a task's field moves on to the next field, as in a spreadsheet.
    lead = page.locator("input[name='d0t0-lead']")
    lead.focus()
    lead.press("Enter")
    assert page.evaluate("document.activeElement.name") == "d0t0-co"

    page.click(".actions-bar button[value=save]")
    page.wait_for_selector("text=已保存修改")
    assert (
        "确认后将新建 2 个单位：县消防救援大队、市生态环境局临水分局"
        in page.locator(".to-create").inner_text()
    )
    shot(page, "import-review-1366", backend)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    sign_in(phone, live_server, "duchashi", "supervisor-password")
    phone.wait_for_url(f"{live_server}/")
    phone.goto(review_url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400, "the review must fit a phone screen"
    shot(phone, "import-review-390", backend)

    asked: list[str] = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    page.click(".actions-bar button[value=confirm]")
    page.wait_for_selector("text=导入完成")
    assert "将新建 2 个单位：县消防救援大队、市生态环境局临水分局" in asked[0]

    db.session.expire_all()
    created = set(db.session.scalars(db.select(Unit.name).where(Unit.county == COUNTY))) - {
        *KNOWN,
        towns.name,
    }
    assert created == {"县消防救援大队", "市生态环境局临水分局"}
    aliases = dict(db.session.execute(db.select(UnitAlias.alias, Unit.name).join(Unit)).all())
    assert aliases["县文旅局"] == "县文体广电和旅游局"
    assert aliases["县城管局"] == "县城市管理局"
    assert db.session.scalar(db.select(db.func.count()).select_from(WorkItem)) == 8
    tourism = db.session.scalars(db.select(WorkItem).where(WorkItem.title.contains("旅游景区"))).one()
    assert tourism.lead_unit.name == "县文体广电和旅游局"
    context.close()
    assert errors == [], f"browser console errors (CSP violations show here): {errors}"
