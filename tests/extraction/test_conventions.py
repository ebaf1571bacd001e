"""Conventions of task-assignment documents (../shared/docs/document-conventions.md), one test each.

The fixture conventions_plan.txt is written from the conventions, not copied from any seed:
a 任务分工方案 whose items use each way of assigning work.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.extraction import extract

PLAN = Path(__file__).with_name("conventions_plan.txt").read_bytes()


@pytest.fixture(scope="module")
def tasks():
    [document] = extract(PLAN, "plan.txt").documents
    return {task.line: task for task in document.tasks}


def test_a_bracket_listing_units_gives_them_in_order(tasks):
    assert tasks[9].units == ["县工信和科技局", "县发改局", "县财政局"]


def test_a_partner_named_with_hui_tong_is_kept(tasks):
    assert tasks[10].units == ["县发改局", "有关部门"]


def test_a_contact_department_is_the_unit(tasks):
    assert tasks[11].units == ["县商务局"]


def test_a_bracket_after_the_last_sub_item_covers_the_group(tasks):
    assert tasks[13].units == ["县林业局", "县水利局"]
    assert tasks[14].units == ["县林业局", "县水利局"]


def test_a_lead_named_for_assessment_inside_the_sentence(tasks):
    assert tasks[16].lead_unit == "县民政局"
    assert tasks[16].deadlines[0]["date"] == "2024-06-30"


def test_unit_headed_duty_entries(tasks):
    assert tasks[19].units == ["县工信和科技局"], "2. 县工信和科技局。负责…"
    assert tasks[20].units == ["县市场监督管理局", "县商务局"], (
        "a unit alone on its line heads the duties below"
    )


def test_stages_are_items_with_their_limits(tasks):
    assert tasks[23].label == "第一阶段："
    assert tasks[23].units == ["各乡镇"]
    assert tasks[23].deadlines[0]["date"] == "2024-06-15"
    assert tasks[24].deadlines[0]["date"] == "2024-09-30"


def test_a_heading_that_assigns_its_section(tasks):
    assert tasks[26].units == ["教育体育局"]
    assert tasks[29].leaders == ["任海涛"]


def test_a_bracket_on_its_own_line_stays_with_its_item_when_siblings_have_their_own():
    text = (
        "关于印发方案的通知\n各乡镇：\n一、重点任务\n1.完成造林绿化。（县林业局负责）\n2.推进河湖长制落实工作。\n"
        "（县水利局负责）\n某县人民政府办公室\n2024年3月1日\n"
    )
    [document] = extract(text.encode(), "x.txt").documents
    assert [t.units for t in document.tasks] == [["县林业局"], ["县水利局"]]


def test_enumerated_paragraphs_under_a_bare_heading_are_its_items():
    text = (
        "关于推动整改的通知\n各区民政局：\n二、推进重点问题整改\n"
        "一是针对持证人员不足问题。各区民政局要督促养老机构组织培训。\n"
        "二是针对灭火装置问题。各区民政局要督促加装装置，到2024年底前完成。\n"
        "三、加强培训。一是区消防支队要组织演练。二是各街道要开展检查。\n"
        "上海市民政局\n2024年8月9日\n"
    )
    [document] = extract(text.encode(), "x.txt").documents
    assert [t.label for t in document.tasks] == ["一是", "二是", "三、"]
    assert document.tasks[1].deadlines[0]["date"] == "2024-12-31"


def test_a_requirement_addressed_only_to_everyone_is_a_candidate_not_a_task():
    text = (
        "关于印发重点工作任务分工的通知\n各乡镇，各部门：\n一、立即动员部署。各乡镇、各部门要高度重视，迅速制定实施方案。\n"
        "二、狠抓落实。各有关单位要于6月底前报送进展情况。\n三、加强督查。县政府督查室要定期通报。\n"
        "某县人民政府办公室\n2024年3月1日\n"
    )
    [document] = extract(text.encode(), "x.txt").documents
    assert [t.label for t in document.tasks] == ["二、", "三、"], (
        "a time limit or a named unit makes it a task"
    )
    [candidate] = document.candidates
    assert candidate.label == "一、"
    assert "generic actor only" in candidate.reasons


def test_a_web_notice_with_word_css_junk():
    data = Path(__file__).with_name("conventions_web_notice.txt").read_bytes()
    [document] = extract(data, "notice.txt").documents
    assert document.number == "岚综管办〔2013〕3号"
    assert document.title == "关于开展除火患保平安冬春消防安全专项行动的通知", (
        "the page's title when the body prints none"
    )
    assert [(t.label, t.units) for t in document.tasks] == [
        ("（一）", ["区公安消防支队", "区安监局"]),
        ("（二）", ["区教育局"]),
        ("（三）", ["区卫生局"]),
        ("四、", ["各单位"]),
    ]
    assert document.tasks[-1].recurrence == "monthly, by day 25", (
        "a recurring report makes a requirement a task"
    )
    schedule = document.candidates[0]
    assert schedule.label == "一、"
    assert "schedule line" in schedule.reasons, "排查整治时间：… says when, it assigns no work"


def test_a_safeguards_section_gives_tasks_to_named_units_but_not_exhortations():
    text = (
        "关于印发试点工作方案的通知\n各省人民政府：\n一、主要任务\n（一）建设平台。（各省级政府负责）\n二、保障措施\n"
        "（一）加强组织领导。试点地区要高度重视试点工作，主要负责同志亲自抓。\n"
        "（二）强化运维保障。试点地区要为平台运维安排必要经费，配齐专职人员。\n"
        "（三）加强宣传。各有关单位要加大宣传力度。\n国务院办公厅\n2018年10月27日\n"
    )
    [document] = extract(text.encode(), "x.txt").documents
    assert [(t.label, t.units) for t in document.tasks] == [
        ("（一）", ["各省级政府"]),
        ("（二）", ["试点地区"]),
    ]
    assert sorted(c.label for c in document.candidates) == ["（一）", "（三）"]
