"""Stage 5: responsible units, the lead, leaders and persons."""

from __future__ import annotations

import pytest

from tracker.extraction.names import clean_unit
from tracker.extraction.subjects import subjects
from tracker.extraction.units import explicit, heading


@pytest.mark.parametrize(
    ("text", "units", "lead"),
    [
        pytest.param("责任单位：县农业农村局、县住房和城乡建设管理局、各有关乡镇、村(社区)",
                     ["县农业农村局", "县住房和城乡建设管理局", "各有关乡镇", "村(社区)"], "县农业农村局",
                     id="label-line"),
        pytest.param("牵头单位：县水利局\n配合单位：县财政局、县统计局", ["县水利局", "县财政局", "县统计局"], "县水利局",
                     id="lead-and-co-lines"),
        pytest.param("配合单位：县财政局\n牵头单位：县水利局", ["县财政局", "县水利局"], "县水利局",
                     id="lead-line-printed-second"),
        pytest.param("完善机制。（县应急管理局、县林业局、县气象局等部门分工负责）",
                     ["县应急管理局", "县林业局", "县气象局"], "县应急管理局", id="dengbumen-fengong"),
        pytest.param("开展宣传。(县安委会各成员单位按职责负责)", ["县安委会各成员单位"], "县安委会各成员单位",
                     id="half-width-by-duty"),
        pytest.param("推进治理。〔市生态环境局泽州分局牵头,县工业和信息化局等按职责分工负责,各乡镇人民政府负责落实〕",
                     ["市生态环境局泽州分局", "县工业和信息化局", "各乡镇人民政府"], "市生态环境局泽州分局",
                     id="tortoise-brackets-lead"),
        pytest.param("出台激励机制。(由县水利局牵头，县财政局、县发展和改革局配合)",
                     ["县水利局", "县财政局", "县发展和改革局"], "县水利局", id="you-x-qiantou-y-peihe"),
        pytest.param("（责任部门：县司法局牵头，各行政执法机关、各乡镇人民政府落实）",
                     ["县司法局", "各行政执法机关", "各乡镇人民政府"], "县司法局", id="zeren-bumen"),
        pytest.param("（县公安局、县应急局配合，县交通局牵头）", ["县公安局", "县应急局", "县交通局"], "县交通局",
                     id="lead-marked-after-others"),
        pytest.param("列入学习内容（县委组织部，县委办；各乡镇）。", ["县委组织部", "县委办", "各乡镇"], "县委组织部",
                     id="bare-unit-list-bracket"),
        pytest.param("（各乡(镇)人民政府、县民政局等负责）", ["各乡(镇)人民政府", "县民政局"], "各乡(镇)人民政府",
                     id="nested-brackets-and-trailing-deng"),
        pytest.param("加大力度。住建部门牵头、各相关部门配合，开展排查。", ["住建部门", "各相关部门"], "住建部门",
                     id="qiantou-in-running-text"),
        pytest.param("（各行政执法机关、各乡镇人民政府和县司法局按职责落实）",
                     ["各行政执法机关", "各乡镇人民政府", "县司法局"], "各行政执法机关", id="he-between-units"),
    ],
)  # fmt: skip
def test_explicit_responsibility(text, units, lead):
    found = explicit(text)
    assert found.units == units
    assert found.lead == lead


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("把安全生产作为党委(党组)第一议题", id="annotation-bracket"),
        pytest.param("养老机构（敬老院）等场所", id="example-bracket-mid-sentence"),
        pytest.param("对照《条例》(国办发〔2024〕54号)执行", id="citation"),
        pytest.param("主要负责人(法定代表人、实际控制人等)要履职", id="people-not-units"),
    ],
)
def test_brackets_that_assign_nothing(text):
    assert explicit(text).units == []


def test_leaders_and_persons_blocks():
    text = "责任单位：县林业局、县自然资源局\n责任领导：高建军 秦勇勇\n责任人：刘新明、徐利中\n完成时限：2024年6月底"
    found = explicit(text)
    assert found.units == ["县林业局", "县自然资源局"]
    assert found.leaders == ["高建军", "秦勇勇"]
    assert found.persons == ["刘新明", "徐利中"]


@pytest.mark.parametrize(
    ("text", "units", "leaders"),
    [
        pytest.param("教育体育局牵头负责的工作", ["教育体育局"], [], id="unit-qiantou-heading"),
        pytest.param("生态环境保护委员会(生态环境分局)统筹协调的工作", ["生态环境保护委员会(生态环境分局)"], [],
                     id="unit-with-alias"),
        pytest.param("任海涛副县长负责的工作", [], ["任海涛"], id="vice-leader-heading"),
        pytest.param("孙燕飞县长负责的工作", [], ["孙燕飞"], id="leader-heading"),
        pytest.param("县人力资源和社会保障部门", ["县人力资源和社会保障部门"], [], id="bare-unit-heading"),
        pytest.param("行业主管部门职责", ["行业主管部门"], [], id="unit-duties-heading"),
        pytest.param("加强组织领导", [], [], id="ordinary-heading"),
    ],
)  # fmt: skip
def test_section_headings(text, units, leaders):
    found = heading(text)
    assert (found.units, found.leaders) == (units, leaders)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        pytest.param("县行政审批服务管理部门要将项目及时推送。", ["县行政审批服务管理部门"], id="yao"),
        pytest.param("由乡镇公开规范择优选择服务组织。", ["乡镇"], id="you-prefix"),
        pytest.param("县农业农村局与乡镇签订目标责任书。", ["县农业农村局", "乡镇"], id="yu-joined"),
        pytest.param("立即动员部署，全面细化落实。", [], id="verb-phrase-is-no-unit"),
        pytest.param("2024年底前，县司法局要完成培训。", ["县司法局"], id="after-time-phrase"),
        pytest.param("报县人力资源和社会保障部门备案。", [], id="mentioned-not-subject"),
    ],
)
def test_subjects_of_sentences(text, units):
    assert subjects(text).units == units


def test_your_unit_in_a_reply_is_the_addressee():
    assert subjects("你局要牵头组织实施。", addressee="县住房和城乡建设管理局").units == [
        "县住房和城乡建设管理局"
    ]


@pytest.mark.parametrize(
    ("token", "unit"),
    [
        pytest.param(" 县发 改局 ", "县发改局", id="ocr-spaces"),
        pytest.param("水利等部门", None, id="deng-bumen-leaves-no-unit-suffix"),
        pytest.param("县民政局等", "县民政局", id="trailing-deng"),
        pytest.param("各有关部门", "各有关部门", id="generic-kept"),
        pytest.param("县公路段", "县公路段", id="road-section-office"),
        pytest.param("人员密集场所", None, id="place-not-unit"),
    ],
)
def test_clean_unit(token, unit):
    assert clean_unit(token) == unit


def test_unit_line_broken_inside_a_name_is_joined():
    text = "村庄整洁。\n责任单位：县农业农村局、市生态环\n境局中阳分局、县水利局\n完成时限：年底前"
    assert explicit(text).units == ["县农业农村局", "市生态环境局中阳分局", "县水利局"]


def test_inline_unit_statement_without_line_break():
    text = "推进节水改造。责任单位：县水利局、县财政局。完成时限：2024年底前。"
    assert explicit(text).units == ["县水利局", "县财政局"]


def test_category_after_deng_is_dropped():
    found = explicit("（各乡镇，县应急局、县交通局等县减灾委有关成员单位分工负责）")
    assert found.units == ["各乡镇", "县应急局", "县交通局"]


def test_two_phrase_heading_does_not_hide_the_first_subject():
    text = "强化保障,确保认定工作落地\n各有关单位要高度重视。县政府将建立调度机制。"
    assert subjects(text).units == ["各有关单位", "县政府"]


def test_a_label_run_into_the_text_is_no_part_of_a_unit():
    assert clean_unit("(三)专班") is None


def test_bracket_of_labelled_parts_separated_by_commas():
    found = explicit("推进改造。（牵头单位：县发改局，配合单位：县财政局、县住建局；牵头领导：王五）")
    assert (found.units, found.lead, found.leaders) == (
        ["县发改局", "县财政局", "县住建局"],
        "县发改局",
        ["王五"],
    )


def test_unit_handed_the_work_by_you_mid_sentence():
    assert subjects("兼职保健人员由卫健部门负责调剂解决。").units == ["卫健部门"]


def test_seat_annotation_is_no_part_of_the_unit_name():
    text = "对欠薪线索,县联席会议办公室(设在县人力资源和社会保障局)要第一时间转办。"
    assert subjects(text).units == ["县联席会议办公室"]


def test_only_the_unit_labelled_lead_is_a_lead():
    found = explicit("牵头单位：县发改局，配合单位：县财政局")
    assert (found.units, found.leads) == (["县发改局", "县财政局"], ["县发改局"])


def test_you_x_lead_y_cooperate_in_running_text():
    found = explicit("由县发改局牵头，县财政局、县住建局等部门配合，完成项目申报。")
    assert (found.units, found.lead) == (["县发改局", "县财政局", "县住建局"], "县发改局")


def test_short_role_keys_inside_a_bracket():
    found = explicit("推进改造。（牵头：县发改局；配合：县财政局、县住建局）")
    assert (found.units, found.lead) == (["县发改局", "县财政局", "县住建局"], "县发改局")


@pytest.mark.parametrize(
    "name",
    [
        "县第一中学",
        "县人民医院",
        "城关镇中心幼儿园",
        "某某街道办事处",
        "国网某某县供电公司",
        "县融媒体中心",
        "县妇联",
    ],
)
def test_kinds_of_unit_names(name):
    assert clean_unit(name) == name
