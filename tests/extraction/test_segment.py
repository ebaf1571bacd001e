"""Stage 2: a gazette -> its documents (title, 文号, issuer, signing date, first line)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.extraction.segment import find_issue_date, find_issue_year, normalise_number, segment

NOTICE = """### 某某县人民政府办公室 关于印发某某县节水型社会建设实施方案的通知

某政办发〔2024〕3号

各乡(镇)人民政府,县直各单位:

现将《实施方案》印发给你们,请认真贯彻落实。

某某县人民政府办公室

2024年6月14日

(此件公开发布)

附件1

某某县节水型社会建设实施方案

一、主要任务
"""


@pytest.mark.parametrize(
    ("line", "number"),
    [
        pytest.param("交政发〔2025〕1号", "交政发〔2025〕1号", id="hexagonal-brackets"),
        pytest.param("交政发 [2025] 1号", "交政发〔2025〕1号", id="square-brackets-spaces"),
        pytest.param("中政发(2024)7 号", "中政发〔2024〕7号", id="half-width-round"),
        pytest.param("中政发（2024）12号", "中政发〔2024〕12号", id="full-width-round"),
        pytest.param("泽政函【2024】6号", "泽政函〔2024〕6号", id="lenticular"),
        pytest.param("### 晋政办发〔2023〕79号", "晋政办发〔2023〕79号", id="markdown-heading"),
        pytest.param("吕政发〔2024〕3号 签发人：张三", "吕政发〔2024〕3号", id="with-signer"),
    ],
)
def test_doc_number_alone_on_its_line_is_normalised(line, number):
    assert normalise_number(line) == number


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("泽政发〔2024〕1号 1", id="toc-page-number"),
        pytest.param("关于做好工作的通知(交政发〔2025〕1号)......1", id="toc-title-line"),
        pytest.param("按照《通知》(国办发〔2024〕54号)要求", id="citation-in-text"),
    ],
)
def test_doc_number_inside_other_text_is_not_a_document(line):
    assert normalise_number(line) is None


def test_document_fields_are_read_from_gb9704_layout():
    lines = ("目 录\n关于印发实施方案的通知(某政办发〔2024〕3号)......1\n\n" + NOTICE).split("\n")
    [document] = segment(lines)
    assert document.number == "某政办发〔2024〕3号"
    assert document.title == "关于印发某某县节水型社会建设实施方案的通知"
    assert document.issuer == "某某县人民政府办公室"
    assert document.issued_on == date(2024, 6, 14)
    assert lines[document.start].startswith("### 某某县人民政府办公室")
    assert document.addressee == "各乡(镇)人民政府"
    assert "一、主要任务" in lines[document.start : document.end], "the attachment belongs to its document"


def test_title_broken_over_lines_and_signature_on_one_line():
    text = """(此件公开发布)

### 交城县人民政府

### 关于对某公司在非法占用土地上新建建筑物予以 没收的决定

交政发[2025]2号

某某公司:

正文。

> 交城县人民政府 2025 年 3 月 3 日
"""
    [document] = segment(text.split("\n"))
    assert document.title == "关于对某公司在非法占用土地上新建建筑物予以没收的决定"
    assert document.issued_on == date(2025, 3, 3)
    assert document.issuer == "交城县人民政府"


def test_signing_date_in_chinese_numerals():
    text = "关于开展检查的通知\n某政发〔2024〕5号\n各乡镇:\n正文。\n某某县人民政府\n二〇二四年六月十四日\n"
    [document] = segment(text.split("\n"))
    assert document.issued_on == date(2024, 6, 14)


def test_number_printed_above_the_title_is_supported():
    text = "某政发〔2024〕8号\n\n某某县人民政府关于开展安全检查的通知\n\n各乡镇:\n正文。\n"
    [document] = segment(text.split("\n"))
    assert document.title == "关于开展安全检查的通知"


def test_consecutive_documents_split_at_the_next_title():
    second = NOTICE.replace("某政办发〔2024〕3号", "某政办发〔2024〕4号").replace("节水型社会", "化工园区")
    lines = (NOTICE + "\n" + second).split("\n")
    first, following = segment(lines)
    assert first.end == following.start
    assert following.title == "关于印发某某县化工园区建设实施方案的通知"


def test_issue_date_and_year_come_from_the_front_matter():
    lines = ["# 某某县人民政府公报", "2025年第1期(总第16期)", "2025年3月31日出版(季刊)"]
    assert find_issue_date(lines) == date(2025, 3, 31)
    assert find_issue_year(lines) == 2025
    assert find_issue_date(["2024年第2期"]) is None


def test_document_without_a_number_line_starts_at_a_title_followed_by_its_addressee():
    text = """目 录
关于开展春季造林的通知......3

某某县人民政府办公室关于开展春季造林的通知

各乡镇人民政府:

一、各乡镇要完成造林任务。

关于印发防汛预案的通知(某政办发〔2024〕7号)

县直各单位:

正文。
"""
    lines = text.split("\n")
    first, second = segment(lines)
    assert (first.number, first.title, first.issuer) == (
        None,
        "关于开展春季造林的通知",
        "某某县人民政府办公室",
    )
    assert lines[first.start].startswith("某某县人民政府办公室关于")
    assert (second.number, second.title) == ("某政办发〔2024〕7号", "关于印发防汛预案的通知")


def test_contents_without_page_numbers_is_not_taken_for_documents():
    contents = "目 录\n\n关于做好安全生产工作的通知\n\n某政发〔2024〕1号\n\n关于开展检查的通知\n\n某政发〔2024〕2号\n\n"
    body = "关于做好安全生产工作的通知\n\n某政发〔2024〕1号\n\n各乡镇:\n\n正文。\n"
    numbers = [s.number for s in segment((contents + body).split("\n"))]
    assert numbers == ["某政发〔2024〕2号", "某政发〔2024〕1号"]


def test_signing_date_printed_with_yinfa():
    text = (
        "关于开展检查的通知\n某政办发〔2024〕5号\n各乡镇:\n正文。\n某某县人民政府办公室 2024年6月14日印发\n"
    )
    [document] = segment(text.split("\n"))
    assert document.issued_on == date(2024, 6, 14)


def test_a_quoted_title_inside_a_document_starts_no_document():
    text = "关于开展检查的通知\n某政发〔2024〕5号\n各乡镇:\n一、转发文件\n关于加强安全生产的通知\n具体要求如下:\n二、各乡镇要落实。\n"
    [document] = segment(text.split("\n"))
    assert document.number == "某政发〔2024〕5号"


def test_a_cited_number_alone_on_a_line_starts_no_document():
    text = (
        "关于开展检查的通知\n某政发〔2024〕5号\n各乡镇:\n一、按照\n国办发〔2024〕54号\n文件要求开展检查。\n"
    )
    assert [s.number for s in segment(text.split("\n"))] == ["某政发〔2024〕5号"]
