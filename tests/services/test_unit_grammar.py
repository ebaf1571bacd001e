"""The unit-name grammar: which printed names may become units without a person saying so."""

import pytest

from tracker.services.unit_directory import read_units_file
from tracker.services.unit_grammar import check_unit_name, guess_unit_kind


@pytest.mark.parametrize(
    "name",
    [
        "县应急管理局",
        "县市场监管局",
        "各乡镇",
        "县直各部门",
        "县安委会各成员单位",
        "水西村",
        "交城公路管理段",
        "县委组织部",
        "各乡(镇)人民政府",
        "市生态环境局交城分局",
        "县消防救援大队",
        "县农业农村局等",
        "全国工商联",
    ],
)
def test_names_of_bodies_and_collectives_pass(name):
    assert check_unit_name(name).is_unit


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("土地预审将按贵厅", "像是一句话的片段"),
        ("策划召开农产品上行方面的高峰会", "像是一句话的片段"),
        ("成立县政府", "含有“成立”"),
        ("会同有关部门", "含有“会同”"),
        ("实施主体", "职责称谓"),
        ("建设单位", "职责称谓"),
        ("各牵头单位", "职责称谓"),
        ("安全监管", "没有局、办、委"),
        ("相关资料及经纬度信息报区民防办", "像是一句话的片段"),
        ("供销合作总社等和各有关省级人民政府", "含有“等”"),
        ("应急避难场所所在单位", "含有“所在”"),
        ("项目实施单位", "职责称谓"),
        ("县政府，县财政局", "含有标点"),
        ("局", "没有局、办、委"),
    ],
)
def test_role_words_and_fragments_of_sentences_fail_with_a_reason(name, reason):
    verdict = check_unit_name(name)
    assert not verdict.is_unit
    assert reason in verdict.reason


def test_every_unit_of_the_shipped_directory_passes_except_the_ones_that_read_like_clauses():
    failing = {row.name for row in read_units_file() if not check_unit_name(row.name).is_unit}
    assert failing == {
        "负有安全生产监管职责的部门",
        "负有安全监管职责的部门",
        "各行业主管和负有安全生产监管职责的部门",
    }


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("各有关部门", "group"),
        ("县安委会成员单位", "group"),
        ("东关镇", "township"),
        ("县农商银行", "enterprise"),
        ("县水利局", "department"),
    ],
)
def test_the_kind_proposed_for_a_new_unit_follows_its_name(name, kind):
    assert guess_unit_kind(name) == kind


@pytest.mark.parametrize(
    "name", ["区委党校", "平潭广播电视台", "国际发展合作署", "市科协", "平潭时报社", "各区", "试点地区"]
)
def test_a_name_the_engine_reads_as_a_unit_is_not_refused_by_the_review(name):
    """The engine's grammar (tracker/data/unit_grammar.toml) and the review's must not disagree on a unit."""
    from tracker.extraction.names import clean_unit

    assert clean_unit(name) == name
    assert check_unit_name(name).is_unit, check_unit_name(name).reason
