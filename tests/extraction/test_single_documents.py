"""A file that is not a gazette is one document: web pages, flattened pages, notices without a 文号 line."""

from __future__ import annotations

from datetime import date

from tracker.extraction.metadata import read_page_fields
from tracker.extraction.reflow import reflow, split_flattened
from tracker.extraction.subjects import division_of_labour
from tracker.extraction.units import explicit

PLAN = """关于推进示范工程的实施意见
为推进示范工程，提出以下实施意见。
一、重点任务
1.建设人才平台。2025年底前建成人才服务中心。（牵头单位：市人力资源和社会保障局；配合单位：市财政局）
2.开展技能培训。每年培训技工1000人。（市教育局负责）
"""


def test_a_plan_without_gazette_layout_is_one_document(run):
    result = run(PLAN)
    [document] = result.documents
    assert document.title == "关于推进示范工程的实施意见"
    assert document.number is None
    assert [t.label for t in document.tasks] == ["1.", "2."]
    assert document.tasks[0].lead_unit == "市人力资源和社会保障局"
    assert document.tasks[1].units == ["市教育局"]


def test_any_readable_text_gives_a_document(run):
    result = run("会议纪要\n会议听取了有关情况汇报。\n")
    assert len(result.documents) == 1
    assert result.documents[0].tasks == []


YAML_PAGE = """来源: public web text
---
标题: 上海市某区人民政府办公室关于印发示范方案的通知
文号: 沪某府办〔2019〕26号
发布日期: 2019-05-05
---

> 本文正文由脚本提取。

关于印发示范方案的通知
各街镇、区政府各委、办、局：
现将《示范方案》印发给你们，请认真贯彻执行。
一、工作任务
（一）完善收运体系。2019年6月底前完成。（责任单位：区绿化市容局）
"""


def test_page_fields_give_the_number_title_and_date():
    fields = read_page_fields(YAML_PAGE.split("\n"))
    assert fields.number == "沪某府办〔2019〕26号"
    assert fields.title == "上海市某区人民政府办公室关于印发示范方案的通知"
    assert fields.issued_on == date(2019, 5, 5)
    assert fields.body_start == 6


def test_a_web_page_document_takes_the_publishers_number(run):
    [document] = run(YAML_PAGE).documents
    assert document.number == "沪某府办〔2019〕26号"
    [task] = document.tasks
    assert task.units == ["区绿化市容局"]
    assert task.deadlines[0]["date"] == "2019-06-30"
    assert task.line == 14


def test_key_value_fields_end_at_the_body_marker():
    lines = [
        "标题: 关于开展检查的通知",
        "发布时间: 2015-09-14 16:02",
        "文号: ",
        "===== 正文 =====",
        "正文第一行",
    ]
    fields = read_page_fields(lines)
    assert fields.title == "关于开展检查的通知"
    assert fields.number is None
    assert fields.issued_on == date(2015, 9, 14)
    assert fields.body_start == 4


def test_a_page_without_fields_starts_at_its_first_line():
    assert read_page_fields(["关于推进工作的意见", "一、目标"]).body_start == 0


def test_a_flattened_page_is_cut_at_spaces_and_labels():
    line = (
        "当前位置：首页 岚综管办〔2015〕70号平潭综合实验区管委会办公室关于印发方案的通知 "
        "一、主要任务（一）建设美丽乡村。责任单位：区旅游文体局，各片区管理局。（二）打造完整社区"
        "1.开展普查。责任单位：区旅游文体局2.开展研究。"
    ) + "补充说明" * 250
    pieces = split_flattened(line)
    assert "岚综管办〔2015〕70号" in pieces
    assert "平潭综合实验区管委会办公室关于印发方案的通知" in pieces
    assert "一、主要任务" in pieces
    assert any(p.startswith("（一）建设美丽乡村") for p in pieces)
    assert any(p.startswith("（二）打造完整社区") for p in pieces)
    assert any(p.startswith("1.开展普查") for p in pieces)
    assert any(p.startswith("2.开展研究") for p in pieces), (
        "a glued label that continues the numbering is cut"
    )


def test_a_glued_number_that_does_not_continue_the_numbering_stays_text():
    pieces = split_flattened("一、目标 到2025年建成中心3.5万平方米（二）期工程" + "。" * 1000)
    assert not any(p.startswith("5万") or p.startswith("（二）期") for p in pieces)


def test_virtual_lines_remember_their_source_line():
    lines = ["第一行", "甲。" * 300 + " 一、任务 二、要求" + "乙" * 600, "末行"]
    virtual, origin = reflow(lines)
    assert virtual[0] == "第一行"
    assert origin[0] == 0
    assert virtual[-1] == "末行"
    assert origin[-1] == 2
    assert set(origin[1:-1]) == {1}
    assert "二、要求" + "乙" * 600 in virtual


def test_a_bracket_after_a_unit_lists_what_it_covers_not_who_is_responsible():
    found = explicit("整治流水镇（山门村、北港村、君山村）等村庄。")
    assert found.units == []


def test_a_responsibility_bracket_after_a_name_still_counts():
    found = explicit("整治流水镇（流水镇人民政府负责）。")
    assert found.units == ["流水镇人民政府"]


def test_a_division_of_labour_statement_names_each_clause_unit():
    found = division_of_labour(
        "责任分工：区规划局负责开展规划编制工作，所在乡镇人民政府组织实施,区直有关责任部门配合,"
        "区交通与建设局业务检查指导并协助区规划局做好规划编制工作。"
    )
    assert found.units == ["区规划局", "所在乡镇人民政府", "区直有关责任部门", "区交通与建设局"]
    assert found.lead == "区规划局"


DUTIES_ON_ONE_LINE = (
    "关于开展应急避难场所建设的通知\n各街镇：\n一、职责分工\n"
    "区民防办：负责全区应急避难场所的规划建设和日常管理。区规划土地局：负责将应急避难场所纳入城市规划。"
    "区绿化市容局：配合区民防办做好公园绿地避难场所建设。\n"
)


def test_a_duty_list_in_one_paragraph_gives_one_task_per_unit(run):
    [document] = run(DUTIES_ON_ONE_LINE).documents
    assert [t.units for t in document.tasks] == [
        ["区民防办"],
        ["区规划土地局"],
        ["区绿化市容局", "区民防办"],
    ], "a unit the entry gives a duty (配合X做好) is added"


def test_a_sentence_that_opens_with_its_time_limit_names_its_unit_after_it(run):
    text = "关于开展检查的通知\n各乡镇：\n一、工作步骤\n（一）排查整治。9月30日前，区建设管理委完成全区高层建筑消防设施检测。\n区消防安全委员会\n2017年4月10日\n"
    [document] = run(text).documents
    [task] = document.tasks
    assert task.units == ["区建设管理委"]
    assert task.deadlines[0]["date"] == "2017-09-30"


def test_a_name_the_office_knows_is_a_unit_where_the_grammar_would_not_say_so(run):
    from tracker.extraction import extract

    text = "关于推进试点的通知\n各单位：\n一、重点任务\n（一）推进综合试点。（流水小城镇综合试点负责）\n某区管委会\n2021年3月1日\n"
    [plain] = extract(text.encode(), "x.txt").documents
    assert plain.tasks == []
    assert [c.label for c in plain.candidates] == ["（一）"], "the item is offered for review, not lost"
    [known] = extract(text.encode(), "x.txt", lexicon=["流水小城镇综合试点"]).documents
    assert [t.units for t in known.tasks] == [["流水小城镇综合试点"]]
    [again] = extract(text.encode(), "x.txt").documents
    assert again.tasks == [], "the lexicon of one call does not leak into the next"


def test_the_cli_reads_a_lexicon_file(tmp_path, capsys):
    import json

    from tracker.extraction.__main__ import main

    source = tmp_path / "notice.txt"
    source.write_text(
        "关于推进试点的通知\n各单位：\n一、重点任务\n（一）推进综合试点。（流水小城镇综合试点负责）\n",
        encoding="utf-8",
    )
    names = tmp_path / "units.txt"
    names.write_text("流水小城镇综合试点\n区财政局\n", encoding="utf-8")
    assert main([str(source), "--lexicon", str(names)]) == 0
    [document] = json.loads(capsys.readouterr().out)["documents"]
    assert document["tasks"][0]["units"] == ["流水小城镇综合试点"]
    assert main([str(source), "--lexicon", str(tmp_path / "missing.txt")]) == 2


def test_tasks_say_how_their_units_were_found(run):
    text = (
        "关于推进工作的通知\n各乡镇：\n一、重点任务\n（一）完善机制。（责任单位：县财政局）\n"
        "（二）加强督查。县督查室要定期通报进展。\n某县人民政府办公室\n2024年3月1日\n"
    )
    first, second = run(text).documents[0].tasks
    assert first.unit_sources == {"县财政局": "explicit"}
    assert second.unit_sources == {"县督查室": "inferred"}
    assert first.confidence > second.confidence
    assert "units:field" in first.reasons
    assert "units:subject" in second.reasons


FIELD_PLAN = """海城市关于印发重点任务分解方案的通知
各镇人民政府，各街道办事处，市政府各部门：
现将方案印发给你们。
海城市人民政府办公室
2023年3月15日
一、提升政务服务效能
1.推进“一网通办”。全面推行政务服务事项网上办理。
牵头领导：王建国
牵头单位：市营商环境建设局
责任单位：市政务服务中心、各镇（街道）
完成时限：2023年6月底前
2.深化“证照分离”改革。
牵头单位:市市场监督管理局
配合单位:市司法局 市税务局
完成时限:2023年12月底
（一）规范涉企收费。清理规范行政事业性收费。
牵头领导 李明
牵头单位 市发展和改革局
责任单位 市财政局
"""


def _field_tasks(run, text):
    [document] = run(text).documents
    return [
        (t.label, t.lead_unit, t.units, t.leaders, [d["date"] for d in t.deadlines]) for t in document.tasks
    ]


EXPECTED_FIELDS = [
    (
        "1.",
        "市营商环境建设局",
        ["市营商环境建设局", "市政务服务中心", "各镇（街道）"],
        ["王建国"],
        ["2023-06-30"],
    ),
    ("2.", "市市场监督管理局", ["市市场监督管理局", "市司法局", "市税务局"], [], ["2023-12-31"]),
    ("（一）", "市发展和改革局", ["市发展和改革局", "市财政局"], ["李明"], []),
]


def test_field_lines_with_a_colon_or_a_space_and_names_a_space_apart(run):
    assert _field_tasks(run, FIELD_PLAN) == EXPECTED_FIELDS


def test_the_same_plan_flattened_on_one_line_gives_the_same_tasks(run):
    flattened = FIELD_PLAN.replace("\n", " ") + " 附" * 600
    assert _field_tasks(run, flattened) == EXPECTED_FIELDS
