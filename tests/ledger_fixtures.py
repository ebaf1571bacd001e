"""A small ledger shared by the export, import, report and feed tests (three units, four items), and workbooks."""

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from openpyxl import Workbook

from tracker.models import Milestone, ProgressReport, Unit, WorkItem
from tracker.services.lights import LightRule

#: The day the tests look at the ledger (a Wednesday; its week runs 2025-07-14 to 07-20).
TODAY = dt.date(2025, 7, 16)
RULE = LightRule.on(TODAY, 7)
NOW = dt.datetime(2025, 7, 16, 10, 0, tzinfo=dt.UTC)


@dataclass
class Ledger:
    """The rows made by the ``sample_ledger`` fixture."""

    water: Unit
    roads: Unit
    town: Unit
    overdue: WorkItem
    ongoing: WorkItem
    done: WorkItem
    undated: WorkItem


def milestone(phrase: str, due_on: dt.date | None, position: int = 0, **kwargs) -> Milestone:
    """A milestone whose original date is its date."""
    return Milestone(phrase=phrase, due_on=due_on, original_due_on=due_on, position=position, **kwargs)


@pytest.fixture
def sample_ledger(db, make_unit, make_document, make_item) -> Ledger:
    """Four items over two documents; the first overdue, with two deadlines and a progress report."""
    water = make_unit(name="县水利局")
    roads = make_unit(name="县交通运输局")
    town = make_unit(name="天宁镇")
    plan = make_document(number="交政办发〔2025〕4号", title="关于印发2025年重点工作任务分工的通知")
    memo = make_document(number=None, title="县长办公会议纪要")
    overdue = make_item(
        document=plan,
        position=0,
        title="完成县域节水型社会达标建设",
        source_text="完成县域节水型社会达标建设，6月底前完成验收。",
        lead_unit=water,
        co_units=[roads, town],
        leaders=["王副县长"],
        created_at=NOW,
    )
    overdue.milestones.extend(
        [milestone("6月底前", dt.date(2025, 6, 30)), milestone("年底前", dt.date(2025, 12, 31), 1)]
    )
    overdue.refresh_due_on()
    db.session.add(
        ProgressReport(
            work_item=overdue,
            unit_id=water.id,
            text="已完成初验",
            percent=40,
            submitted_at=NOW - dt.timedelta(days=9),
        )
    )
    db.session.add(
        ProgressReport(
            work_item=overdue, unit_id=water.id, text="正在整改验收问题", percent=60, submitted_at=NOW
        )
    )
    ongoing = make_item(
        document=plan,
        position=1,
        title="=SUM(A1) 改造农村公路",
        source_text="改造农村公路50公里。",
        lead_unit=roads,
        leaders=["李副县长", "赵局长"],
        created_at=NOW - dt.timedelta(days=30),
    )
    ongoing.milestones.append(milestone("9月底前", dt.date(2025, 9, 30)))
    ongoing.refresh_due_on()
    done = make_item(
        document=memo,
        title="整治集镇环境",
        source_text="整治集镇环境卫生。",
        lead_unit=town,
        status="done",
        closed_at=NOW,
        is_closed_on_time=False,  # closed on 07-16, after its deadline of 07-10
        created_at=NOW - dt.timedelta(days=40),
    )
    done.milestones.append(milestone("7月10日前", dt.date(2025, 7, 10), completed_at=NOW))
    undated = make_item(
        document=memo,
        position=1,
        title="建立长效机制",
        source_text="建立长效机制。",
        lead_unit=water,
        created_at=NOW,
    )
    undated.milestones.append(milestone("长期坚持", None))
    db.session.flush()
    return Ledger(water, roads, town, overdue, ongoing, done, undated)


#: The heading row of a ledger as offices keep it.
HEADER = ["序号", "文号", "文件名称", "任务内容", "牵头单位", "配合单位", "责任领导", "完成时限"]


def workbook_bytes(*rows, title_row: str | None = None) -> bytes:
    """An .xlsx file with ``rows`` on its one sheet, under an optional title row."""
    workbook = Workbook()
    if title_row:
        workbook.active.append([title_row])
    for row in rows:
        workbook.active.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def good_row(n: int, deadline="6月底前（2025-06-30）", lead="县水利局"):
    """A valid ledger row numbered ``n`` under :data:`HEADER`."""
    return [
        n,
        "交政办发〔2025〕4号",
        "重点工作分工",
        f"第{n}项任务的内容。",
        lead,
        "县财政局",
        "王副县长",
        deadline,
    ]
