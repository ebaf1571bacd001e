"""Stage 3: a document -> the tree of its numbered items."""

from __future__ import annotations

import pytest

from tracker.extraction.outline import build_outline, match_label


@pytest.mark.parametrize(
    ("text", "level", "label", "number"),
    [
        pytest.param("一、提升安全意识", 1, "一、", 1, id="level1"),
        pytest.param("十二、其他", 1, "十二、", 12, id="level1-compound-numeral"),
        pytest.param("（一）坚定理念。", 2, "（一）", 1, id="level2-full-width"),
        pytest.param("(二十一)开展比武", 2, "(二十一)", 21, id="level2-half-width"),
        pytest.param("（ 三 )混合括号", 2, "（三)", 3, id="level2-ocr-mixed-spaces"),
        pytest.param("(十 八) 交通局牵头负责的工作", 2, "(十八)", 18, id="level2-space-inside-numeral"),
        pytest.param("1. 强化学习。", 3, "1.", 1, id="level3-dot"),
        pytest.param("12．持续优化", 3, "12．", 12, id="level3-full-width-dot"),
        pytest.param("3、加强联动", 3, "3、", 3, id="level3-comma"),
        pytest.param("（1）细化任务", 4, "（1）", 1, id="level4"),
        pytest.param("2）压实责任", 4, "2）", 2, id="level4-closing-bracket-only"),
        pytest.param("②加强宣传", 5, "②", 2, id="level5-circled"),
    ],
)
def test_labels_and_their_ocr_variants(text, level, label, number):
    assert match_label(text) == (level, label, number)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("10.5%以上", id="decimal"),
        pytest.param("2025年底前完成", id="year"),
        pytest.param("一是加强领导", id="enumeration-in-text"),
        pytest.param("一期项目", id="word-starting-with-numeral"),
    ],
)
def test_text_that_only_looks_like_a_label(text):
    assert match_label(text) is None


def test_items_nest_by_level_and_unlabelled_lines_continue_the_open_item():
    lines = [
        "# 一、重点任务",
        "（一）加强监管。各部门要",
        "",
        "加强监管。（县应急局负责）",
        "- 1. 开展检查。",
        "2. 建立台账。",
        "（二）完善机制。",
        "二、保障措施",
    ]
    root = build_outline(lines, first_line=10)
    first, second = root.children
    assert (first.label, first.line, second.label) == ("一、", 10, "二、")
    monitor, mechanism = first.children
    assert monitor.paragraphs == ["（一）加强监管。各部门要", "加强监管。（县应急局负责）"]
    assert monitor.paragraph_lines == [11, 13]
    assert [c.label for c in monitor.children] == ["1.", "2."]
    assert mechanism.parent is first


def test_signature_and_attachment_start_a_fresh_tree():
    lines = [
        "一、工作要求",
        "各乡镇要落实。",
        "某某县人民政府办公室",
        "2024年6月14日",
        "附件1",
        "责任分工",
        "一、张三副县长负责的工作",
    ]
    root = build_outline(lines, first_line=1)
    assert [c.label for c in root.children] == ["一、", "一、"]
    assert root.children[0].paragraphs == ["一、工作要求", "各乡镇要落实。"], (
        "the signing organ is no item text"
    )
    assert root.paragraphs[:2] == ["某某县人民政府办公室", "2024年6月14日"]
    assert "责任分工" in root.paragraphs


def test_page_numbers_are_dropped_and_broken_headings_read_whole():
    lines = ["（二十二）住房和城乡建设管理局牵", "— 12 —", "头的工作", "1. 开工建设污水处理厂。"]
    root = build_outline(lines, first_line=1)
    [heading] = root.children
    assert heading.section_heading == "住房和城乡建设管理局牵头的工作"


def test_running_heads_of_the_gazette_are_dropped():
    lines = ["1. 开展检查，", "某某县人民政府公报 2024年第2期", "完成整改。"]
    [item] = build_outline(lines, first_line=1).children
    assert item.paragraphs == ["1. 开展检查，", "完成整改。"]


def test_item_run_into_the_previous_line_is_split_off():
    lines = [
        "（二）办公室负责日常工作;编制工作方案。 (三)专班运行至2025年底。",
        "引用“（五）”的文字。（五）不是新项",
    ]
    root = build_outline(lines, first_line=1)
    assert [(c.label, c.line) for c in root.children] == [("（二）", 1), ("(三)", 1)]
    assert root.children[0].paragraphs == ["（二）办公室负责日常工作;编制工作方案。"]
    assert root.children[1].paragraphs[-1] == "引用“（五）”的文字。（五）不是新项"
