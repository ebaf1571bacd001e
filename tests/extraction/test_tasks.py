"""Stage 4 and the whole pipeline: which items are tasks, with what units, leaders and deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from tests.extraction.conftest import gazette
from tracker.extraction.tasks import is_task_document, short_title

PLAN = """关于印发某某县大气污染减排方案的通知

某政发〔2024〕5号

各乡(镇)人民政府,县直各单位:

现将方案印发给你们,请认真贯彻落实。

某某县人民政府

2024年3月5日

某某县大气污染减排方案

一、指导思想

以习近平新时代中国特色社会主义思想为指导,由县生态环境局牵头推进。

二、主要目标

到2025年底,全县空气质量明显改善。

三、重点任务

(一)淘汰落后产能。2025年底前,完成焦化产能淘汰。(市生态环境局某某分局、县工信局负责)

(二)整合登记阶段(2025年2月底前)

1. 摸清底数。

2. 建立台账。

(三)分行业专项整治。

煤矿方面:重点解决瓦斯超限问题。(煤矿安全专业委员会办公室牵头负责)

非煤矿山方面:汛期前开展"五个一"行动。(非煤矿山安全专业委员会办公室牵头负责)

四、组织领导

成立领导小组。组长:张三 副组长:李四

各乡镇要高度重视,加强组织领导。
"""

DIVISION = """关于印发重点工作任务责任分工的通知

某政办发〔2024〕13号

各乡镇,县直各单位:

请抓好落实。

某某县人民政府办公室

2024年6月14日

重点工作任务责任分工

一、孙燕飞县长负责的工作

全面负责各项工作任务的完成。

二、任海涛副县长负责的工作

（一）政府办牵头负责的工作

办好人大代表议案建议和政协提案。

（二）教育体育局牵头负责的

工作

1. 年内开工建设府南学校。

2. 举办好马拉松系列赛事。

三、王小红副县长负责的工作

（三）统计局牵头负责的工作

强化统计监督。
"""


def _tasks(run, *documents):
    result = run(gazette(*documents))
    return [task for document in result.documents for task in document.tasks]


def test_work_items_with_units_or_deadlines_are_tasks_and_boilerplate_is_not(run):
    tasks = _tasks(run, PLAN)
    labels = [task.label for task in tasks]
    assert labels == ["(一)", "1.", "2.", None, None]
    assert not any(
        "指导思想" in t.text or "空气质量明显改善" in t.text or "领导小组" in t.text for t in tasks
    )


def test_bracket_units_lead_and_deadline(run):
    first = _tasks(run, PLAN)[0]
    assert first.units == ["市生态环境局某某分局", "县工信局"]
    assert first.lead_unit == "市生态环境局某某分局"
    assert [(d["text"], d["date"]) for d in first.deadlines] == [("2025年底前", "2025-12-31")]
    assert first.title == "淘汰落后产能"
    assert first.line > 1


def test_sub_items_inherit_the_deadline_of_their_heading(run):
    survey = _tasks(run, PLAN)[1]
    assert survey.text == "1. 摸清底数。"
    assert [d["date"] for d in survey.deadlines] == ["2025-02-28"]


def test_unnumbered_sector_paragraphs_are_separate_tasks(run):
    coal, mines = _tasks(run, PLAN)[3:]
    assert coal.units == ["煤矿安全专业委员会办公室"]
    assert mines.text.startswith("非煤矿山方面")
    assert mines.lead_unit == "非煤矿山安全专业委员会办公室"


def test_leader_and_unit_headings_are_inherited(run):
    tasks = _tasks(run, DIVISION)
    assert [(t.label, t.lead_unit, t.leaders) for t in tasks] == [
        ("（一）", "政府办", ["任海涛"]),
        ("1.", "教育体育局", ["任海涛"]),
        ("2.", "教育体育局", ["任海涛"]),
        ("（三）", "统计局", ["王小红"]),
    ]
    assert "全面负责" not in " ".join(t.text for t in tasks), "the county head's overall line is no task"
    assert tasks[0].text.endswith("办好人大代表议案建议和政协提案。"), "the heading's text runs into its body"
    assert tasks[1].deadlines == [{"text": "年内", "date": "2024-12-31", "start": None}]


def test_blocks_of_responsibility_lines(run):
    plan = """关于印发通用机场项目推进方案的通知

某政办发〔2024〕14号

县直各有关单位:

请认真贯彻落实。

某某县人民政府办公室

2024年6月18日

二、具体推进步骤

（一）选址阶段

1. 地方选址

一期场址由县自然资源局出具意见。

责任单位：县林业局、县自然资源局

责任领导：高建军 秦勇勇

责任人：刘新明 徐利中

完成时限：一期选址于 2024 年 6 月底完成
"""
    [task] = _tasks(run, plan)
    assert (task.units, task.leaders, task.persons) == (
        ["县林业局", "县自然资源局"],
        ["高建军", "秦勇勇"],
        ["刘新明", "徐利中"],
    )
    assert [d["date"] for d in task.deadlines] == ["2024-06-30"]


def test_appointments_and_confiscations_hold_no_tasks(run):
    appointment = "关于张三等任免职务的通知\n\n某政任字〔2024〕1号\n\n各乡镇:\n\n一、任命张三为县应急局局长。(县委组织部负责)\n"
    result = run(gazette(appointment))
    assert result.documents[0].number == "某政任字〔2024〕1号"
    assert result.documents[0].tasks == []


def test_recurring_duty_becomes_the_recurrence(run):
    notice = """关于做好欠薪治理工作的通知

某政办发〔2024〕5号

各乡镇:

一、加强通报。县人力资源和社会保障部门每月将欠薪案件情况通报各责任单位。

某某县人民政府办公室

2024年3月31日
"""
    [task] = _tasks(run, notice)
    assert task.units == ["县人力资源和社会保障部门"]
    assert task.recurrence == "monthly"
    assert task.duties


def test_reference_date_falls_back_to_the_gazette_issue_date(run):
    undated = (
        "关于开展检查的通知\n\n某政发〔2024〕9号\n\n各乡镇:\n\n一、开展检查。年底前完成排查。(县应急局负责)\n"
    )
    [document] = run(gazette(undated)).documents
    assert document.issued_on is None
    assert document.tasks[0].deadlines[0]["date"] == "2024-12-31"
    assert date.fromisoformat(document.tasks[0].deadlines[0]["date"]).year == 2024


def test_short_title_is_the_heading_sentence_at_most_40_characters():
    assert short_title("（一）坚定树牢安全发展理念。各乡镇要学习。", "（一）") == "坚定树牢安全发展理念"
    assert (
        short_title("1. 开展美丽宜居村庄和美丽庭院建\n设，村域生态环境优美", "1.")
        == "开展美丽宜居村庄和美丽庭院建设，村域生态环境优美"
    )
    assert (
        short_title("煤矿方面: 持续抓好“两办意见”落实,重点解决瓦斯超限", None)
        == "煤矿方面：持续抓好“两办意见”落实"
    )
    assert short_title(
        "全面推进安全生产治本攻坚三年行动，深入开展重大事故隐患排查整治，坚决遏制重特大事故发生。", None
    ) == ("全面推进安全生产治本攻坚三年行动")
    assert (
        short_title("3. 军队选址（空域）\n一期申请临时空域，二期办理永久空域。", "3.") == "军队选址（空域）"
    )
    assert len(short_title("1. " + "很长的标题" * 20, "1.")) == 40


def test_reference_to_the_documents_own_time_limit_gets_its_date(run):
    plan = """关于印发节水型社会达标建设实施方案的通知

某政办发〔2025〕4号

各乡镇:

一、主要目标

到2025年底,全县节水型企业建成率提高至50%以上。

二、工作任务

(一)在创建时限内出台节水激励机制。(由县水利局牵头,县财政局配合)

(二)推进节水宣传。(县水利局负责)

某某县人民政府办公室

2025年3月31日
"""
    incentive, publicity = _tasks(run, plan)
    assert incentive.deadlines == [{"text": "在创建时限内", "date": "2025-12-31", "start": None}]
    assert publicity.deadlines == [], "the document's limit reaches only items that refer to it"
    assert incentive.units == ["县水利局", "县财政局"]


def test_heading_with_a_body_is_the_task_when_its_sub_items_are_criteria(run):
    plan = """关于印发农业生产托管服务组织实施方案的通知

某政办发〔2024〕5号

各乡镇:

四、项目实施流程

(一)确定服务组织。由乡镇公开择优选择服务组织。服务组织应具备以下条件:

1.具备法人资格;

2.拥有专业农业机械。

(二)签订目标责任书。县农业农村局与乡镇签订目标责任书。

某某县人民政府办公室

2024年6月28日
"""
    choose, sign = _tasks(run, plan)
    assert (choose.label, choose.units) == ("(一)", ["乡镇"])
    assert "1.具备法人资格" not in choose.text
    assert sign.units == ["县农业农村局", "乡镇"]


def test_duty_paragraphs_of_member_units_are_tasks(run):
    plan = """关于印发通用机场项目推进方案的通知

某政办发〔2024〕14号

各有关单位:

三、部门职责

政府办：负责需县政府上报文件的起草工作。

联络人：县政府办科员张宇

林业局：负责项目前期手续办理。

某某县人民政府办公室

2024年6月18日
"""
    office, forestry = _tasks(run, plan)
    assert office.units == ["政府办"]
    assert forestry.units == ["林业局"]
    assert forestry.label is None


def test_an_undated_time_limit_still_makes_a_task(run):
    plan = """关于印发托育中心运行方案的通知

某政办发〔2024〕12号

各乡镇:

三、人员配备

4. 保安人员。应配备2名保安人员，在启动运行前全部到位。

某某县人民政府办公室

2024年5月17日
"""
    [task] = _tasks(run, plan)
    assert task.units == []
    assert [d["text"] for d in task.deadlines] == ["启动运行前"]
    assert task.deadlines[0]["date"] is None


@pytest.mark.parametrize(
    ("title", "may_hold_tasks"),
    [
        pytest.param("关于张三等任免职务的通知", False, id="appointment"),
        pytest.param("关于对某公司违法建筑予以没收的决定", False, id="confiscation"),
        pytest.param("关于2025-001号宗地国有建设用地使用权划拨方案的批复", False, id="land-use-approval"),
        pytest.param("关于印发《某县驻矿安全监管小组管理办法（试行）》的通知", False, id="regulation"),
        pytest.param(
            "关于贯彻落实《地方党政领导干部安全生产责任制规定》的通知", True, id="implementing-a-regulation"
        ),
        pytest.param("关于做好2024年安全生产工作的通知", True, id="work-notice"),
        pytest.param("关于印发《征收某村征地补偿安置方案》的通知", False, id="expropriation"),
        pytest.param("关于做好2024年度税费征收工作的通知", True, id="tax-collection-is-work"),
        pytest.param("关于推进节约集约用地工作的通知", True, id="land-saving-is-work"),
    ],
)
def test_documents_that_hold_no_tasks(title, may_hold_tasks):
    assert is_task_document(title) is may_hold_tasks


def test_numbered_duty_opening_with_its_unit(run):
    notice = """关于明确项目推进职责分工的通知

某政办发〔2024〕20号

各有关单位:

一、部门职责

1.县发改局：负责争取上级资金支持。

2.县财政局：负责资金筹措。

某某县人民政府办公室

2024年6月18日
"""
    assert [(t.label, t.units) for t in _tasks(run, notice)] == [("1.", ["县发改局"]), ("2.", ["县财政局"])]


def test_running_text_lead_keeps_the_other_acting_units(run):
    notice = """关于做好常态化治理欠薪工作的通知

某政办发〔2025〕5号

各乡镇:

一、建立舆情处置机制

由行业主管部门牵头,县人力资源和社会保障部门及其他相关部门上下配合,线上线下同步处置。对非法讨薪的,县公安机关要依法处理。

某某县人民政府办公室

2025年3月31日
"""
    [task] = _tasks(run, notice)
    assert task.lead_unit == "行业主管部门"
    assert task.units == ["行业主管部门", "县人力资源和社会保障部门", "其他相关部门", "县公安机关"]


@pytest.mark.parametrize(
    ("section", "body"),
    [
        pytest.param("基本原则", "(一)坚持统筹推进。县发改局要统筹协调。(县发改局负责)", id="principles"),
        pytest.param("指导思想", "坚持以人民为中心。(县委宣传部负责)", id="guiding-thought"),
        pytest.param(
            "组成人员", "组长：张三 县长\n副组长：李四 副县长\n成员：王五 县应急局局长", id="group-members"
        ),
        pytest.param("工作目标", "到2025年底,全县空气质量明显改善。", id="target-without-unit"),
        pytest.param("保障措施", "(一)加强组织领导。各乡镇要高度重视。", id="boilerplate-generic"),
    ],
)
def test_sections_that_hold_no_tasks(run, section, body):
    plan = f"关于印发某某实施方案的通知\n\n某政办发〔2024〕9号\n\n各乡镇:\n\n一、{section}\n\n{body}\n\n某某县人民政府办公室\n\n2024年3月1日\n"
    assert _tasks(run, plan) == []


def test_boilerplate_section_item_with_a_named_unit_and_a_limit_is_a_task(run):
    plan = (
        "关于印发某某实施方案的通知\n\n某政办发〔2024〕9号\n\n各乡镇:\n\n一、保障措施\n\n"
        "(一)及时总结报送。各乡镇要于12月底前报送全年工作总结。\n\n某某县人民政府办公室\n\n2024年3月1日\n"
    )
    [task] = _tasks(run, plan)
    assert (task.units, task.deadlines[0]["date"]) == (["各乡镇"], "2024-12-31")
