"""责任分工 tables (markdown pipes from OCR, HTML, Word tables from .docx) are read as rows with their columns."""

from __future__ import annotations

import io

import docx

from tests.extraction.conftest import gazette
from tracker.extraction import extract
from tracker.extraction.tables import find_grid_tables

TABLE = [
    "| 序号 | 重点工作任务 | 牵头单位 | 配合单位 | 完成时限 | 责任领导 |",
    "|---|---|---|---|---|---|",
    "| 1 | 建成城南污水处理厂 | 县住建局 | 县财政局、县水利局 | 2024年10月底前 | 张三 李四 |",
    "| 2 | 开展秸秆禁烧 | 县农业农村局 |  | 年底前 |  |",
]


def test_task_table_rows_keep_their_cells_by_column():
    [table] = find_grid_tables(["前言", *TABLE, "结尾"])
    assert (table.start, table.end) == (1, 5)
    first, second = table.rows
    assert first.label == "1"
    assert first.line == 3, "a row points at its own line"
    assert first.cells == {
        "task": ["建成城南污水处理厂"],
        "lead": ["县住建局"],
        "co": ["县财政局、县水利局"],
        "deadline": ["2024年10月底前"],
        "leaders": ["张三、李四"],
    }
    assert second.cells == {"task": ["开展秸秆禁烧"], "lead": ["县农业农村局"], "deadline": ["年底前"]}


def test_other_tables_are_left_alone():
    members = ["| 职务 | 姓名 |", "|---|---|", "| 组长 | 张三 |"]
    assert find_grid_tables(members) == []


def test_a_row_title_is_its_task_cell_without_the_columns(run):
    [document] = run(gazette(_notice("\n".join(TABLE)))).documents
    assert [task.title for task in document.tasks] == ["建成城南污水处理厂", "开展秸秆禁烧"]


def _notice(body: str) -> str:
    return f"关于印发重点工作任务分工的通知\n\n某政办发〔2024〕8号\n\n各乡镇:\n\n{body}\n\n某某县人民政府办公室\n\n2024年3月1日\n"


def test_tasks_come_from_a_markdown_table(run):
    [document] = run(gazette(_notice("\n".join(TABLE)))).documents
    first, second = document.tasks
    assert (first.lead_unit, first.units) == ("县住建局", ["县住建局", "县财政局", "县水利局"])
    assert first.leaders == ["张三", "李四"]
    assert [d["date"] for d in first.deadlines] == ["2024-10-31"]
    assert (second.label, second.units, second.deadlines[0]["date"]) == ("2", ["县农业农村局"], "2024-12-31")


def test_tasks_come_from_a_word_table():
    document = docx.Document()
    for line in _notice("").split("\n")[:6]:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["序号", "工作任务", "责任单位", "完成时限"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "完成河道清淤", "县水利局", "6月底前"], strict=True):
        cell.text = text
    document.add_paragraph("某某县人民政府办公室")
    document.add_paragraph("2024年3月1日")
    buffer = io.BytesIO()
    document.save(buffer)
    [doc] = extract(buffer.getvalue(), "notice.docx").documents
    [task] = doc.tasks
    assert (task.text, task.units) == ("1 完成河道清淤 县水利局 6月底前", ["县水利局"])
    assert task.deadlines[0]["date"] == "2024-06-30"


def test_html_table_on_one_line_gives_items_on_that_line(run):
    html = (
        "<table><tr><td>序号</td><td>工作任务</td><td>责任单位</td><td>完成时限</td></tr>"
        "<tr><td>1</td><td>完成河道清淤</td><td>县水利局</td><td>6月底前</td></tr>"
        "<tr><td>2</td><td>建成污水管网</td><td>县住建局、县财政局</td><td>年底前</td></tr></table>"
    )
    [document] = run(gazette(_notice(html))).documents
    assert [(t.label, t.units, t.deadlines[0]["date"]) for t in document.tasks] == [
        ("1", ["县水利局"], "2024-06-30"),
        ("2", ["县住建局", "县财政局"], "2024-12-31"),
    ]
    assert document.tasks[0].line == document.tasks[1].line
