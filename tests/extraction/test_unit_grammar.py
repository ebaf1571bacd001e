"""The unit-name grammar kept in tracker/data/unit_grammar.toml."""

from __future__ import annotations

import pytest

from tracker.extraction.names import clean_unit


@pytest.mark.parametrize(
    "name",
    [
        "县应急管理局",
        "市生态环境局交城分局",
        "国家统计局兴县调查队",
        "各乡镇",
        "各镇（街道）",
        "各区",
        "各有关区",
        "各地",
        "各省（自治区、直辖市）",
        "全区各有关部门",
        "试点地区",
        "县级市",
        "市科协",
        "区委党校",
        "国际发展合作署",
        "平潭广播电视台",
    ],
)
def test_names_of_units_and_collectives_are_units(name):
    assert clean_unit(name) == name


@pytest.mark.parametrize(
    "words", ["消防场所", "基层干部", "加强县应急局", "我区", "全区", "集成办", "实施阶段"]
)
def test_words_that_only_end_or_start_like_a_unit_are_not(words):
    assert clean_unit(words) is None


@pytest.mark.parametrize(
    ("printed", "units"),
    [
        ("区环境与国土资源局区规划局", ["区环境与国土资源局", "区规划局"]),
        ("区交通与建设局区经济发展局", ["区交通与建设局", "区经济发展局"]),
        ("市生态环境局交城分局", ["市生态环境局交城分局"]),
        ("国家统计局兴县调查队", ["国家统计局兴县调查队"]),
        ("县委县政府督查室", ["县委县政府督查室"]),
    ],
)
def test_names_glued_without_a_separator_are_split_only_where_a_new_name_opens(printed, units):
    from tracker.extraction.names import split_units

    assert [unit for unit, _ in split_units(printed)] == units
