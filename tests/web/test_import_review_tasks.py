"""The task side of the review: one document at a time, marks and filters, candidates, bulk actions.

The engine's confidence, reasons and candidates are built here as the new engine will fill them
(today's engine leaves the defaults), so the review is tested against what it must show.
"""

import datetime as dt
import hashlib

import pytest

from tests.forms import form_fields
from tracker.extraction.result import Document, ExtractionResult, Task
from tracker.models import ImportBatch, WorkItem
from tracker.services.import_names import refresh_names
from tracker.services.import_review import build_review

COUNTY = "临水县"


def task(
    line: int, title: str, lead: str | None = "县教育局", deadline: str | None = "2026-09-30", **kw
) -> Task:
    return Task(
        label=f"({line})",
        title=title,
        text=f"{title}。原文第{line}行。",
        line=line,
        lead_unit=lead,
        units=[lead] if lead else [],
        deadlines=[{"text": "9月底前", "date": deadline, "start": None}] if deadline else [],
        **kw,
    )


def result() -> ExtractionResult:
    first = Document(
        number="临政办发〔2026〕20号",
        title="关于做好秋季开学工作的通知",
        issuer="临水县人民政府办公室",
        issued_on=dt.date(2026, 8, 1),
        line=10,
        tasks=[
            task(12, "完成校舍安全排查", confidence=0.95, reasons=["责任单位括注"]),
            task(14, "落实学生资助政策", confidence=0.4, reasons=["句子主语推断"], deadline=None),
            task(16, "做好校车安全管理", lead=None, confidence=0.8),
        ],
        candidates=[task(18, "加强师德师风建设", lead=None, deadline=None, confidence=0.3)],
    )
    second = Document(
        number="临政办发〔2026〕21号",
        title="关于开展秋季爱国卫生运动的通知",
        issuer="临水县人民政府办公室",
        issued_on=dt.date(2026, 8, 5),
        line=40,
        tasks=[
            task(42, "开展环境卫生整治", lead="县卫生健康局"),
            task(44, "开展病媒生物防制", lead="县卫生健康局"),
        ],
    )
    return ExtractionResult(source="linshui-2026-20.txt", documents=[first, second])


def stored_batch(db, extracted: ExtractionResult) -> str:
    """A pending batch whose review comes from ``extracted`` (as prepare_import stores it); its page URL."""
    batch = ImportBatch(
        source_name=extracted.source,
        source_checksum=hashlib.sha256(extracted.source.encode()).hexdigest(),
        county=COUNTY,
        source_text="\n" * 60,
        review=refresh_names(build_review(extracted, COUNTY), COUNTY),
        created_at=dt.datetime(2026, 8, 10, tzinfo=dt.UTC),
    )
    db.session.add(batch)
    db.session.commit()
    return f"/imports/{batch.id}"


@pytest.fixture
def batch_url(db, client_as, make_unit):
    make_unit(name="县教育局", county=COUNTY)
    make_unit(name="县卫生健康局", county=COUNTY)
    db.session.commit()
    return client_as("supervisor"), stored_batch(db, result())


def post(office, url: str, page_url: str | None = None, **changes):
    fields = form_fields(office.get(page_url or url).get_data(as_text=True), "review")
    fields.update({name: value for name, value in changes.items() if value is not None})
    for name in [name for name, value in changes.items() if value is None]:
        fields.pop(name, None)
    return office.post(url, data=fields)


def review_of(db, url: str) -> dict:
    db.session.expire_all()
    return db.session.get(ImportBatch, int(url.rsplit("/", 1)[1])).review


def test_the_page_shows_one_document_with_a_side_list_of_all_and_their_counts(batch_url):
    office, url = batch_url
    page = office.get(url).get_data(as_text=True)
    assert "完成校舍安全排查" in page
    assert "开展环境卫生整治" not in page
    assert "关于开展秋季爱国卫生运动的通知" in page  # in the side list
    assert '3 项 · <span class="warn">2 项待核</span>' in page
    second = office.get(url, query_string={"doc": "d1"}).get_data(as_text=True)
    assert "开展环境卫生整治" in second
    assert "完成校舍安全排查" not in second


def test_rows_show_confidence_and_reasons_and_marks_can_be_filtered(batch_url):
    office, url = batch_url
    page = office.get(url).get_data(as_text=True)
    assert "置信度 40%" in page
    assert "句子主语推断" in page
    low = office.get(url, query_string={"doc": "d0", "only": "low"}).get_data(as_text=True)
    assert "落实学生资助政策" in low
    assert "完成校舍安全排查" not in low
    no_lead = office.get(url, query_string={"doc": "d0", "only": "nolead"}).get_data(as_text=True)
    assert "做好校车安全管理" in no_lead
    assert "落实学生资助政策" not in no_lead


def test_saving_a_filtered_page_leaves_the_hidden_rows_as_they_were(db, batch_url):
    office, url = batch_url
    post(office, url, page_url=f"{url}?doc=d0&only=low", action="save", **{"d0t1-include": None})
    tasks = {t["key"]: t["include"] for t in review_of(db, url)["documents"][0]["tasks"]}
    assert tasks == {"d0t0": True, "d0t1": False, "d0t2": True}


def test_a_candidate_is_collapsed_under_its_document_and_added_with_one_click(db, batch_url):
    office, url = batch_url
    page = office.get(url).get_data(as_text=True)
    assert "可能遗漏的任务（1）" in page
    assert "加强师德师风建设" in page
    post(office, url, action="add:d0c0")
    document = review_of(db, url)["documents"][0]
    assert [t["title"] for t in document["tasks"]][-1] == "加强师德师风建设"
    assert document["candidates"] == []


def test_bulk_lead_applies_to_the_selected_rows_only(db, batch_url):
    office, url = batch_url
    post(
        office,
        url,
        action="bulk",
        selected=["d0t1", "d0t2"],
        **{"bulk-action": "lead", "bulk-value": "县卫生健康局"},
    )
    leads = [t["lead_unit"] for t in review_of(db, url)["documents"][0]["tasks"]]
    assert leads == ["县教育局", "县卫生健康局", "县卫生健康局"]


def test_year_end_fills_only_rows_without_a_time_limit_from_the_documents_year(db, batch_url):
    office, url = batch_url
    post(office, url, action="bulk", **{"bulk-action": "year_end"})
    deadlines = [t["deadlines"] for t in review_of(db, url)["documents"][0]["tasks"]]
    assert deadlines[0] == [{"text": "9月底前", "date": "2026-09-30", "start": None}]
    assert deadlines[1] == [{"text": "年底前", "date": "2026-12-31", "start": None}]


def test_bulk_co_unit_and_exclude(db, batch_url):
    office, url = batch_url
    post(office, url, action="bulk", selected=["d0t0"], **{"bulk-action": "co", "bulk-value": "县卫生健康局"})
    post(office, url, action="bulk", selected=["d0t2"], **{"bulk-action": "exclude"})
    tasks = review_of(db, url)["documents"][0]["tasks"]
    assert tasks[0]["co_units"] == ["县卫生健康局"]
    assert [t["include"] for t in tasks] == [True, True, False]


def test_a_bulk_deadline_that_is_not_a_date_is_refused_and_changes_nothing(db, batch_url):
    office, url = batch_url
    before = review_of(db, url)
    response = post(
        office, url, action="bulk", selected=["d0t0"], **{"bulk-action": "deadline", "bulk-value": "下月"}
    )
    assert response.status_code == 422
    assert "无法识别日期" in response.get_data(as_text=True)
    assert review_of(db, url) == before


def test_excluding_a_whole_document_imports_only_the_other(db, batch_url):
    office, url = batch_url
    post(office, url, action="exclude-document")
    assert "整份文件不导入" in office.get(url).get_data(as_text=True)
    post(office, url, page_url=f"{url}?doc=d1", action="confirm")
    titles = set(db.session.scalars(db.select(WorkItem.title)))
    assert titles == {"开展环境卫生整治", "开展病媒生物防制"}


def test_dangerous_buttons_ask_for_confirmation_and_the_default_button_saves(batch_url):
    office, url = batch_url
    page = office.get(url).get_data(as_text=True)
    assert 'value="discard" class="danger" data-confirm=' in page
    assert 'value="confirm" class="primary"\n      data-confirm="确认导入 2 份文件、5 个事项？' in page
    first_button = page.index("<button", page.index('id="review-form"'))
    assert page[first_button:].startswith('<button type="submit" name="action" value="save"')


def test_a_long_document_is_shown_in_pages_of_twenty_rows_and_saving_one_page_keeps_the_others(
    db, client_as, make_unit
):
    make_unit(name="县教育局", county=COUNTY)
    long_document = Document(
        number="临政办发〔2026〕30号",
        title="关于印发政府工作报告重点任务分工的通知",
        issuer=None,
        issued_on=dt.date(2026, 3, 1),
        line=1,
        tasks=[task(10 + n, f"重点任务第{n + 1}项") for n in range(45)],
    )
    office, url = client_as("supervisor"), stored_batch(db, ExtractionResult("long.txt", [long_document]))

    first = office.get(url).get_data(as_text=True)
    assert first.count('class="row-select"') == 20
    third = office.get(url, query_string={"page": 3}).get_data(as_text=True)
    assert third.count('class="row-select"') == 5
    assert "重点任务第45项" in third

    post(office, url, page_url=f"{url}?page=2", action="save", **{"d0t20-include": None})
    included = [t["include"] for t in review_of(db, url)["documents"][0]["tasks"]]
    assert included.count(False) == 1
    assert included[20] is False


def test_a_lead_the_engine_inferred_from_running_text_asks_to_be_checked(db, client_as, make_unit):
    make_unit(name="县教育局", county=COUNTY)
    inferred = Document(
        number=None,
        title="关于做好招生工作的通知",
        issuer=None,
        issued_on=dt.date(2026, 3, 1),
        line=1,
        tasks=[task(3, "做好招生工作", unit_sources={"县教育局": "inferred"})],
    )
    url = stored_batch(db, ExtractionResult("inferred.txt", [inferred]))
    page = client_as("supervisor").get(url).get_data(as_text=True)
    assert "由正文推断，请核对" in page
