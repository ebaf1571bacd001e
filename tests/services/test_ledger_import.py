"""Importing an Excel 台账: the export read back (round trip), and bad workbooks refused row by row."""

import pytest

from tests.ledger_fixtures import HEADER, NOW, RULE, good_row, workbook_bytes
from tracker.errors import ImportRejected
from tracker.models import ImportBatch, WorkItem
from tracker.services import ledger_import
from tracker.services.imports import AlreadyImported, confirm_import
from tracker.services.item_query import ItemFilters
from tracker.services.ledger_export import ledger_rows, ledger_workbook
from tracker.services.ledger_import import LedgerRejected, prepare_ledger_import, read_deadlines


def empty_database(db):
    """Delete every row, as a fresh installation would have none."""
    db.session.commit()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def snapshot(db) -> list[tuple]:
    items = db.session.scalars(db.select(WorkItem).order_by(WorkItem.title)).all()
    return [
        (
            item.document.number,
            item.document.title,
            item.title,
            item.source_text,
            item.lead_unit.name,
            [unit.name for unit in item.co_units],
            item.leaders,
            [(m.phrase, m.due_on) for m in item.milestones],
        )
        for item in items
    ]


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.mark.parametrize("per_unit", [False, True], ids=["one-sheet", "sheet-per-unit"])
def test_exported_ledger_imports_into_an_empty_database_as_the_same_items(
    db, sample_ledger, make_user, per_unit
):
    before = snapshot(db)
    data = ledger_workbook(ledger_rows(make_user(role="supervisor"), ItemFilters(), RULE), per_unit=per_unit)
    empty_database(db)

    batch = prepare_ledger_import(data, "台账.xlsx", None, NOW)
    summary = confirm_import(batch, None, NOW)
    db.session.commit()

    assert summary["items_created"] == 4
    assert snapshot(db) == before


def test_ledger_rows_are_grouped_into_documents_in_the_review(db):
    data = workbook_bytes(
        HEADER, good_row(1), good_row(2), [3, "", "会议纪要", "第3项。", "天宁镇", "", "", "年底前"]
    )

    review = prepare_ledger_import(data, "台账.xlsx", None, NOW).review

    assert [(d["number"], d["title"], len(d["tasks"])) for d in review["documents"]] == [
        ("交政办发〔2025〕4号", "重点工作分工", 2),
        (None, "会议纪要", 1),
    ]
    task = review["documents"][1]["tasks"][0]
    assert task["line"] == 4
    assert task["deadlines"] == [{"text": "年底前", "date": "2025-12-31", "start": None}]


def test_heading_row_below_a_title_and_other_heading_names_are_read(db):
    header = ["序号", "文件名称", "重点任务", "责任单位", "完成时间"]
    data = workbook_bytes(
        header, [1, "分工方案", "修路。", "县交通运输局", "2025-09-30"], title_row="2025年督办台账"
    )

    task = prepare_ledger_import(data, "台账.xlsx", None, NOW).review["documents"][0]["tasks"][0]

    assert (task["lead_unit"], task["line"], task["deadlines"][0]["date"]) == (
        "县交通运输局",
        3,
        "2025-09-30",
    )


def test_importing_the_same_ledger_again_is_refused_after_confirmation(db):
    data = workbook_bytes(HEADER, good_row(1))
    confirm_import(prepare_ledger_import(data, "台账.xlsx", None, NOW), None, NOW)

    with pytest.raises(AlreadyImported):
        prepare_ledger_import(data, "台账-副本.xlsx", None, NOW)


def test_a_ledger_of_items_already_stored_is_marked_duplicate_by_document_number(
    db, sample_ledger, make_user
):
    data = ledger_workbook(ledger_rows(make_user(role="supervisor"), ItemFilters(), RULE))

    review = prepare_ledger_import(data, "台账.xlsx", None, NOW).review

    # Without a 文号 a document is only matched by title and date, and a ledger has no date:
    # two meetings' 会议纪要 share a title, so the unnumbered one is offered as new for the office to untick.
    assert [(d["number"], d["status"]) for d in review["documents"]] == [
        ("交政办发〔2025〕4号", "duplicate"),
        (None, "new"),
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            (HEADER, *[good_row(n) for n in range(1, 6)], good_row(6, "6月底前（2025-13-45）")),
            "第 7 行：完成时限",
        ),
        ((["序号", "文号", "任务内容"], [1, "x", "y"]), "缺少列：牵头单位、完成时限"),
        ((["序号", "牵头单位"], [1, "县水利局"]), "找不到表头"),
        ((HEADER, good_row(1, lead="县水利局、县财政局")), "第 2 行：牵头单位只能填写一个"),
        ((HEADER, [1, "", "", "内容", "县水利局", "", "", ""]), "第 2 行：文号和文件名称都为空"),
        ((HEADER, [1, "文号", "文件", "", "县水利局", "", "", "年底前"]), "第 2 行：任务内容为空"),
        ((HEADER,), "台账中没有事项"),
    ],
    ids=[
        "malformed-date-row-7",
        "missing-columns",
        "no-header",
        "two-leads",
        "no-document",
        "no-text",
        "empty",
    ],
)
def test_bad_workbooks_are_refused_with_a_message_per_row_and_nothing_stored(db, rows, expected):
    with pytest.raises(LedgerRejected) as refused:
        prepare_ledger_import(workbook_bytes(*rows), "台账.xlsx", None, NOW)

    assert any(expected in problem for problem in refused.value.problems), refused.value.problems
    assert count(db, ImportBatch) == 0
    assert count(db, WorkItem) == 0


def test_sheets_longer_than_the_limit_are_refused(db, monkeypatch):
    monkeypatch.setattr(ledger_import, "MAX_SHEET_ROWS", 3)

    with pytest.raises(LedgerRejected) as refused:
        prepare_ledger_import(
            workbook_bytes(HEADER, *(good_row(n) for n in range(1, 4))), "台账.xlsx", None, NOW
        )

    assert refused.value.problems == ["工作表超过 3 行，请拆分后分批导入。"]


def test_every_bad_row_is_reported_not_only_the_first(db):
    rows = (
        HEADER,
        good_row(1, "（2025-02-30）"),
        good_row(2),
        good_row(3, "年底前（明年）"),
        good_row(4, "（20250）"),
    )

    with pytest.raises(LedgerRejected) as refused:
        prepare_ledger_import(workbook_bytes(*rows), "台账.xlsx", None, NOW)

    assert [problem.split("：")[0] for problem in refused.value.problems] == ["第 2 行", "第 5 行"]


@pytest.mark.parametrize(
    ("data", "filename"),
    [(b"not a workbook", "台账.xlsx"), (b"PK\x03\x04broken", "台账.xlsx"), (b"a,b\n", "台账.csv")],
    ids=["text", "broken-zip", "csv"],
)
def test_files_that_are_not_xlsx_are_refused(db, data, filename):
    with pytest.raises(ImportRejected):
        prepare_ledger_import(data, filename, None, NOW)
    assert count(db, ImportBatch) == 0


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("6月底前（2025-06-30）", [("6月底前", "2025-06-30")]),
        (
            "一期：6月底前（2025-06-30）；二期：年底前(2025-12-31)",
            [("一期：6月底前", "2025-06-30"), ("二期：年底前", "2025-12-31")],
        ),
        ("2025/9/30", [("2025/9/30", "2025-09-30")]),
        ("汛期前（主汛期）", [("汛期前（主汛期）", None)]),
        ("", []),
    ],
    ids=["phrase-and-date", "two-milestones", "plain-date", "bracket-without-date", "empty"],
)
def test_deadline_cells(cell, expected):
    problems = []

    deadlines = read_deadlines(cell, "第 2 行", NOW.date(), problems)

    assert [(d["text"], d["date"]) for d in deadlines] == expected
    assert problems == []
