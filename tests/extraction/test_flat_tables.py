"""Task tables that arrive with one cell per line (web pages, exports) are read as rows."""

from __future__ import annotations

from datetime import date

from tracker.extraction.flat_tables import find_flat_tables
from tracker.extraction.reflow import split_flattened
from tracker.extraction.row_tasks import row_task

CELLS = """附件
2019年任务分解表
序号
任务名称
任务内容
牵头部门
配合部门
时间节点
1
加强组织领导
召开全区动员大会。
区政府办公室
各联席会议成员单位
2019年3月
2
将垃圾管理纳入督查体系。
区委组织部（区公务员局）
区绿化市容局
2019年
3
推进基层建设
建立健全垃圾分类责任体系。
区政府办公室、区民政局
——
2019年6月
附件2
其他内容
"""


def test_rows_are_read_by_their_numbers_and_columns():
    lines = CELLS.split("\n")
    [table] = find_flat_tables(lines)
    assert [role for role, _ in table.columns] == ["label", "group", "task", "lead", "co", "deadline"]
    assert [row.label for row in table.rows] == ["1", "2", "3"]
    first, second, third = table.rows
    assert first.text("task") == "召开全区动员大会。"
    assert first.text("lead") == "区政府办公室"
    assert lines[first.line] == "召开全区动员大会。", "a row points at its task cell"
    assert second.group == "加强组织领导", "a group cell printed once names the rows after it"
    assert second.text("lead") == "区委组织部（区公务员局）"
    assert third.group == "推进基层建设"
    assert third.text("co") == "", "an empty cell (——) gives nothing"
    assert lines[table.end - 1] == "2019年6月", "the table ends before the attachment heading"


def test_a_row_becomes_a_task_with_explicit_units():
    [table] = find_flat_tables(CELLS.split("\n"))
    task = row_task(table.rows[2], date(2019, 5, 5))
    assert task.label == "3"
    assert task.lead_unit == "区政府办公室"
    assert task.units == ["区政府办公室", "区民政局"]
    assert task.unit_sources == {"区政府办公室": "explicit", "区民政局": "explicit"}
    assert task.deadlines == [{"text": "2019年6月", "date": "2019-06-30", "start": None}]
    assert task.title == "建立健全垃圾分类责任体系"
    assert "table-row" in task.reasons


ONE_LINE = (
    "附件2 签约项目任务分解汇总表 序号 项目名称 项目内容 牵头领导 责任单位 责任单位负责人 负责事项 "
    "一、省领导见证签约项目 1 海峡证券项目 两家公司拟共同设立证券公司。 郭小童 区财政金融局 邓连生 "
    "区财政金融局负责对接。 2 京东方智慧健康园 拟设立健康产业研究中心。 谭运涛 区社会事业局 区财政金融局 "
    "区招商局 欧阳晓波 邓连生 李华 1.区社会事业局负责对接； 2、区财政金融局积极配合； 3.区招商局做好协调。 "
    "3 慧谷项目 建设众创空间。 谭运涛 牵头单位：金井湾片区开发管理局配合单位：区规划局 张遵耀 孙树群 "
    "金井湾片区开发管理局负责征迁。 附件3 联系人名单"
) + " 说明" * 300


def test_a_table_flattened_on_one_line_splits_multi_unit_cells_by_type():
    lines = split_flattened(ONE_LINE)
    [table] = find_flat_tables(lines)
    assert [row.label for row in table.rows] == ["1", "2", "3"]
    second = table.rows[1]
    assert second.cells["leaders"] == ["谭运涛"]
    assert second.cells["units"] == ["区社会事业局", "区财政金融局", "区招商局"]
    assert second.cells["persons"] == ["欧阳晓波", "邓连生", "李华"]
    assert second.cells["task"][0].startswith("1.区社会事业局"), "a numbered duty list stays in its column"
    task = row_task(table.rows[2], date(2015, 9, 10))
    assert task.lead_unit == "金井湾片区开发管理局"
    assert task.units == ["金井湾片区开发管理局", "区规划局"]
    assert task.leaders == ["谭运涛"]
    assert task.persons == ["张遵耀", "孙树群"]


def test_a_header_without_a_unit_or_time_column_is_no_task_table():
    lines = ["序号", "单位名称", "地址", "建筑面积", "1", "某某大厦", "某路1号", "2000"]
    assert find_flat_tables(lines) == []


def test_a_flattened_table_in_a_document_gives_row_tasks(run):
    text = "关于印发2019年任务分解表的通知\n各街镇：\n现将任务分解表印发给你们。\n" + CELLS
    [document] = run(text).documents
    assert [task.label for task in document.tasks] == ["1", "2", "3"]
    assert document.tasks[0].line == 14
    assert document.tasks[1].units == ["区委组织部（区公务员局）", "区绿化市容局"]


KEYED = """2019年街镇生活垃圾分类目标任务分解表
街镇、园区
目标任务
罗店镇
垃圾分类绿色账户推进全覆盖，上半年创建达标小区61个，下半年完成验收。
大场镇
垃圾分类绿色账户推进全覆盖，上半年创建达标小区86个。
"""


def test_a_table_keyed_by_unit_gives_one_task_per_unit(run):
    text = (
        "关于印发目标任务分解表的通知\n各街镇：\n现将分解表印发给你们。\n某区人民政府办公室\n2019年5月5日\n"
        + KEYED
    )
    [document] = run(text).documents
    assert [(t.label, t.units) for t in document.tasks] == [(None, ["罗店镇"]), (None, ["大场镇"])]
    assert [d["text"] for d in document.tasks[0].deadlines] == ["上半年", "下半年"]


def test_a_table_of_figures_per_unit_is_a_quota_not_tasks():
    lines = ["街镇", "建设任务", "罗店镇", "12", "大场镇", "8"]
    tables = find_flat_tables(lines)
    assert all(row_task(row, date(2022, 1, 1)) is None for table in tables for row in table.rows)


def test_a_keyed_table_without_a_work_column_is_not_read():
    assert find_flat_tables(["街镇", "2025年目标", "罗店镇", "12个", "大场镇", "8个"]) == []


def test_a_row_without_a_unit_cell_takes_the_units_its_duty_names():
    lines = [
        "序号",
        "项目名称",
        "牵头领导",
        "责任单位",
        "负责事项",
        "1",
        "充电设施项目",
        "陈东荣",
        "区交通与建设局负责对接，区经济发展局配合。",
    ]
    [table] = find_flat_tables(lines)
    task = row_task(table.rows[0], date(2015, 9, 10))
    assert task.units[0] == "区交通与建设局"
    assert task.unit_sources["区交通与建设局"] == "inferred"


def test_glued_names_and_a_list_introduction_keep_the_columns_apart():
    lines = split_flattened(
        "序号 项目名称 牵头领导 责任单位 责任单位负责人 负责事项 1 慧谷项目 梁秦龙 区社会事业局 区规划局 "
        "邓连生孙树群 在符合法律法规的前提下： 1.区社会事业局负责对接； 2.区规划局负责选址。 附件下载"
        + " 说明"
        * 400
    )
    [table] = find_flat_tables(lines)
    [row] = table.rows
    assert row.cells["units"] == ["区社会事业局", "区规划局"]
    assert row.cells["persons"] == ["邓连生孙树群"]
    assert row.cells["task"][0] == "在符合法律法规的前提下："
