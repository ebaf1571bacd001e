"""Page furniture and line wrapping: positioned text becomes one paragraph a line (issue 20, item 2)."""

from __future__ import annotations

from tracker.extraction.layout import Box, Page, page_text

WIDTH, HEIGHT, SIZE = 600, 800, 20
LEFT, RIGHT = 60, 540


def line(text: str, top: float, x0: float = LEFT, x1: float | None = None, size: float = SIZE) -> Box:
    return Box(x0, top, x1 if x1 is not None else x0 + len(text) * size, top + size, text)


def body(texts: list[str], first_top: float = 120, x0: float = LEFT, x1: float = RIGHT) -> list[Box]:
    """Lines of a paragraph set 1.5 lines apart; each runs to ``x1`` unless it is short."""
    return [
        line(text, first_top + i * 30, x0, min(x1, x0 + len(text) * SIZE)) for i, text in enumerate(texts)
    ]


def test_running_heads_and_page_numbers_are_dropped_and_a_paragraph_continues_over_the_page():
    first = Page(
        WIDTH,
        HEIGHT,
        [line("交城县人民政府公报 2025年第1期", 30, 150, 450, 12)]
        + body(
            [
                "（一）坚定树牢安全发展理念。各乡镇、各部门要把",
                "安全生产作为第一议题及时跟进学习，定期组织专题",
            ]
        )
        + [line("— 3 —", 760, 280, 320, 14)],
    )
    second = Page(
        WIDTH,
        HEIGHT,
        [line("交城县人民政府公报 2025年第1期", 30, 150, 450, 12)]
        + body(["学习。（县安委会各成员单位负责）"])
        + body(["（二）持续强化安全宣传引导。"], first_top=150, x0=LEFT + 2 * SIZE)
        + [line("第 4 页", 760, 280, 340, 14)],
    )
    assert page_text([first, second]).split("\n") == [
        "（一）坚定树牢安全发展理念。各乡镇、各部门要把安全生产作为第一议题及时跟进学习，定期组织专题学习。"
        "（县安委会各成员单位负责）",
        "（二）持续强化安全宣传引导。",
    ]


def test_an_indented_line_starts_a_paragraph_and_a_short_line_ends_one():
    page = Page(
        WIDTH,
        HEIGHT,
        body(["各乡镇人民政府，县直各有关单位："], x1=LEFT + 16 * SIZE)
        + body(["现将有关事项通知如下，请认真贯彻落实，确保各项"], first_top=150, x0=LEFT + 2 * SIZE)
        + body(["任务按时完成。"], first_top=180),
    )
    assert page_text([page]).split("\n") == [
        "各乡镇人民政府，县直各有关单位：",
        "现将有关事项通知如下，请认真贯彻落实，确保各项任务按时完成。",
    ]


def test_a_numbered_item_printed_flush_left_after_a_full_sentence_starts_its_own_paragraph():
    page = Page(
        WIDTH, HEIGHT, body(["加强督导跟踪问效，建立细化落实清单，确保落实。", "2.开展隐患排查整治。"])
    )
    assert page_text([page]).split("\n") == [
        "加强督导跟踪问效，建立细化落实清单，确保落实。",
        "2.开展隐患排查整治。",
    ]


def test_a_wrapped_title_in_larger_type_is_one_line():
    title = [
        Box(90, 100, 510, 130, "交城县人民政府关于做好2025年安全生产"),
        Box(240, 140, 360, 170, "工作的通知"),
    ]
    number = body(["交政发〔2025〕1号"], first_top=200, x0=230, x1=370)
    text = body(
        ["各乡镇人民政府，县直各有关单位：", "现将有关事项通知如下。"], first_top=240, x1=LEFT + 16 * SIZE
    )
    lines = page_text([Page(WIDTH, HEIGHT, title + number + text)]).split("\n")
    assert lines[:2] == ["交城县人民政府关于做好2025年安全生产工作的通知", "交政发〔2025〕1号"]


def test_two_columns_are_read_left_column_first():
    half = 280
    left = body([f"左栏第{i}行的文字内容写满本栏" for i in range(1, 5)], x0=LEFT, x1=half - 10)
    right = body([f"右栏第{i}行的文字内容写满本栏" for i in range(1, 5)], x0=half + 20, x1=RIGHT)
    text = page_text([Page(WIDTH, HEIGHT, right + left)])
    assert text.index("左栏第4行") < text.index("右栏第1行")
    assert "左栏第1行的文字内容写满本栏左栏第2行" in text


def test_table_cells_side_by_side_stay_on_their_row():
    cells = [("完善应急预案", "县应急管理局"), ("开展隐患排查", "县住建局"), ("加强宣传", "县融媒体中心")]
    rows = []
    for i, (task, unit) in enumerate(cells * 3):
        rows += [line(task, 120 + i * 30), line(unit, 120 + i * 30, 320)]
    lines = page_text([Page(WIDTH, HEIGHT, rows)]).split("\n")
    assert lines[:3] == ["完善应急预案 县应急管理局", "开展隐患排查 县住建局", "加强宣传 县融媒体中心"]


def test_one_printed_line_cut_by_ocr_into_boxes_of_different_heights_stays_one_line():
    boxes = [Box(LEFT, 120, 200, 150, "研讨内容，列"), Box(190, 132, RIGHT, 172, "入党政领导干部教育培训")]
    assert page_text([Page(WIDTH, HEIGHT, boxes)]) == "研讨内容，列入党政领导干部教育培训"


def test_a_line_that_runs_past_the_others_does_not_make_them_short():
    texts = [f"第{i}行写满了本栏的文字内容写满" for i in range(1, 11)]
    lines = body(texts, x1=RIGHT)
    lines[3] = Box(LEFT, lines[3].top, RIGHT + 5 * SIZE, lines[3].bottom, lines[3].text)  # narrow digits
    text = page_text([Page(WIDTH, HEIGHT, lines)])
    assert text == "".join(texts)
