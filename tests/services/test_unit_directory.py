"""The unit directory: resolution of printed names, seeding from the data file, editing, merging."""

import json
from pathlib import Path

import pytest
import sqlalchemy

from tracker.models import Event, ProgressReport, ReportDuty, Unit, WorkItemUnit
from tracker.models.work_item import ROLE_CO, ROLE_LEAD
from tracker.services.unit_directory import (
    UnitDirectory,
    UnitDirectoryError,
    UnitResolution,
    add_alias,
    create_unit,
    list_units_with_counts,
    merge_units,
    plan_merge,
    read_units_file,
    remove_alias,
    resolve_unit,
    seed_units,
    set_reminder_emails,
)
from tracker.services.unit_names import is_role_word, normalise_unit_name

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GOLD_COUNTIES = {"000": "交城县", "002": "中阳县", "003": "泽州县"}


@pytest.fixture
def seeded(db):
    seed_units()
    db.session.commit()


@pytest.fixture
def seeded_county(db):
    """Seed one county only (the resolution table has many rows; a county seeds three times faster)."""

    def seed(county: str) -> None:
        seed_units(counties=[county])
        db.session.commit()

    return seed


RESOLUTIONS = [
    # printed name, county, canonical name (None: unknown), method
    ("县发展和改革局", "中阳县", "县发展和改革局", "exact"),
    ("县发改局", "中阳县", "县发展和改革局", "alias"),
    ("发改局", "交城县", "县发展和改革局", "alias"),
    ("交城县发改局", "交城县", "县发展和改革局", "normalised"),
    ("交城县发展和改革局", "交城县", "县发展和改革局", "normalised"),
    ("县 发展和改革局", "交城县", "县发展和改革局", "normalised"),
    ("发展和改革局", "泽州县", "县发展和改革局", "normalised"),
    ("县发改委", "泽州县", "县发展和改革局", "normalised"),
    ("县卫健局", "中阳县", "县卫生健康局", "alias"),
    ("卫健部门", "中阳县", "县卫生健康局", "alias"),
    ("卫生健康局", "中阳县", "县卫生健康局", "normalised"),
    ("县卫健体局", "中阳县", "县卫生健康和体育局", "alias"),
    ("县市场监管局", "中阳县", "县市场监督管理局", "alias"),
    ("市场监督管理局", "中阳县", "县市场监督管理局", "normalised"),
    ("县市场局", "泽州县", "县市场监督管理局", "normalised"),
    ("县工信局", "泽州县", "县工业和信息化局", "normalised"),
    ("县人社局", "交城县", "县人力资源和社会保障局", "alias"),
    ("人社局", "泽州县", None, "unknown"),
    ("住建局", "泽州县", "县住房和城乡建设管理局", "normalised"),
    ("县应急局", "泽州县", "县应急管理局", "normalised"),
    ("审批局", "泽州县", "县行政审批服务管理局", "normalised"),
    ("县审批服务管理局", "泽州县", "县行政审批服务管理局", "alias"),
    ("交通局", "泽州县", "县交通运输局", "normalised"),
    ("县政府办", "中阳县", "县人民政府办公室", "alias"),
    ("县医保局", "中阳县", "县医疗保障局", "normalised"),
    ("县残联", "中阳县", "县残疾人联合会", "normalised"),
    ("县消防大队", "泽州县", "县消防救援大队", "normalised"),
    ("县交警大队", "中阳县", "县公安局交通警察大队", "normalised"),
    ("市生态环境局交城分局", "交城县", "市生态环境局交城分局", "exact"),
    ("生态环境局交城分局", "交城县", None, "unknown"),
    ("国家税务总局交城县税务局", "交城县", "国家税务总局交城县税务局", "exact"),
    ("县税务局", "交城县", "国家税务总局交城县税务局", "alias"),
    ("下枣林乡", "中阳县", "下枣林乡", "exact"),
    ("中阳县下枣林乡", "中阳县", "下枣林乡", "normalised"),
    ("南村镇人民政府", "泽州县", "南村镇", "normalised"),
    ("下村镇", "泽州县", "下村镇", "exact"),
    ("各乡镇", "交城县", "各乡(镇)人民政府", "alias"),
    (" 各乡镇 ", "交城县", "各乡(镇)人民政府", "alias"),
    ("各乡（镇）人民政府", "中阳县", "各乡(镇)人民政府", "normalised"),
    ("各乡 (镇)人民政府", "中阳县", "各乡(镇)人民政府", "normalised"),
    ("乡镇人民政府", "泽州县", "各乡镇人民政府", "normalised"),
    ("各有关部门", "交城县", "各有关部门", "exact"),
    ("县级相关部门", "中阳县", "各有关部门", "normalised"),
    ("县安委会成员单位", "泽州县", "县安委会成员单位", "exact"),
    ("各行业安全专委会办公室", "交城县", "各行业安全专业委员会办公室", "normalised"),
    ("县民政局等", "泽州县", "县民政局", "normalised"),
    ("牵头单位", "中阳县", None, "unknown"),
    ("实施主体", "泽州县", None, "unknown"),
    ("建设单位", "交城县", None, "unknown"),
    ("涉事企业", "交城县", None, "unknown"),
    ("中心", "中阳县", None, "unknown"),
    ("县级", "泽州县", None, "unknown"),
    ("县水利局", "泽州县", None, "unknown"),
    ("县发展和改革局", "文水县", None, "unknown"),
]


@pytest.mark.parametrize(
    ("printed", "county", "canonical", "method"),
    RESOLUTIONS,
    ids=[f"{printed}@{county}" for printed, county, _, _ in RESOLUTIONS],
)
def test_alias_resolution_table(seeded_county, printed, county, canonical, method):
    seeded_county(county)
    resolution = resolve_unit(printed, county)
    assert (resolution.unit.name if resolution.unit else None, resolution.method) == (canonical, method)
    assert resolution.name == printed


def test_a_directory_resolves_a_gazette_worth_of_names_without_queries(seeded_county, db):
    seeded_county("中阳县")
    directory = UnitDirectory("中阳县")
    statements = []

    def record(connection, cursor, statement, *args):
        statements.append(statement)

    sqlalchemy.event.listen(db.engine, "before_cursor_execute", record)
    try:
        methods = {directory.resolve(name).method for name in ["县发改局", "卫生健康局", "牵头单位"] * 700}
    finally:
        sqlalchemy.event.remove(db.engine, "before_cursor_execute", record)
    assert methods == {"alias", "normalised", "unknown"}
    assert statements == []


def test_normalised_key_keeps_city_bodies_and_folds_brackets():
    assert normalise_unit_name("市生态环境局交城分局", "交城县") == "市生态环境局交城分局"
    assert normalise_unit_name("交城县水利局", "交城县") == normalise_unit_name("水利局", "交城县")
    assert normalise_unit_name("各乡（镇）人民政府", "中阳县") == normalise_unit_name("各乡(镇)人民政府", "")
    assert normalise_unit_name("县行政审批服务管理局", "") == normalise_unit_name("县审批局", "")


def test_role_words_are_never_matched_even_by_key(seeded):
    assert is_role_word(" 牵头 单位 ")
    assert UnitDirectory("中阳县").resolve("中心").method == "unknown"


def test_a_key_shared_by_two_units_resolves_to_nothing(db, make_unit):
    make_unit(name="县卫生健康局", county="X县")
    make_unit(name="卫生健康局", county="X县")
    assert UnitDirectory("X县").resolve("县卫健局").method == "unknown"


def test_county_units_win_over_shared_ones(db, make_unit):
    shared = make_unit(name="省水利厅", county="")
    local = make_unit(name="县水利局", county="X县")
    directory = UnitDirectory("X县")
    assert directory.resolve("省水利厅").unit == shared
    assert directory.resolve("水利局").unit == local


def test_data_file_has_no_duplicate_names_or_keys_within_a_county():
    seen: dict[tuple[str, str], str] = {}
    for row in read_units_file():
        for name in (row.name, *row.aliases):
            assert (row.county, name) not in seen, f"{name} twice in {row.county}"
            seen[(row.county, name)] = row.name
    keys: dict[tuple[str, str], str] = {}
    for row in read_units_file():
        key = (row.county, normalise_unit_name(row.name, row.county))
        assert keys.setdefault(key, row.name) == row.name, f"{row.name} and {keys[key]} share a key"


@pytest.mark.skipif(not (SHARED / "eval" / "gold").is_dir(), reason="../shared/eval/gold is not available")
def test_every_unit_in_the_gold_files_resolves_except_role_words(seeded):
    unresolved = set()
    for path in sorted((SHARED / "eval" / "gold").glob("*.jsonl")):
        directory = UnitDirectory(GOLD_COUNTIES[path.name[:3]])
        for line in path.read_text(encoding="utf-8").splitlines():
            for name in json.loads(line)["units"]:
                if not is_role_word(name) and not directory.resolve(name).is_known:
                    unresolved.add((directory.county, name))
    assert not unresolved


def test_seeding_twice_adds_only_what_is_missing(db):
    added = seed_units()
    db.session.commit()
    assert added == len(read_units_file())
    unit = resolve_unit("县发改局", "中阳县").unit
    remove_alias(None, unit, "县发改局")
    db.session.commit()
    assert seed_units() == 0
    assert sorted(a.alias for a in unit.aliases) == sorted(["发改局", "县发改局"])
    assert db.session.scalar(db.select(db.func.count()).select_from(Unit)) == added


def test_seeding_again_does_not_undo_a_merge(db):
    seed_units(counties=["泽州县"])
    source = resolve_unit("县发展改革和科技局", "泽州县").unit
    target = resolve_unit("县发展和改革局", "泽州县").unit
    merge_units(None, source, target)
    assert seed_units(counties=["泽州县"]) == 0
    assert resolve_unit("县发展改革和科技局", "泽州县") == UnitResolution(
        "县发展改革和科技局", target, "alias"
    )


def test_seeding_one_county(db):
    assert seed_units(counties=["泽州县"]) == sum(1 for row in read_units_file() if row.county == "泽州县")
    assert db.session.scalar(db.select(Unit.county).distinct()) == "泽州县"


def test_bad_data_file_row_is_refused(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("county,name,kind,aliases\n交城县,县水利局,bureau,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 2"):
        read_units_file(path)


def test_create_unit_and_aliases_refuse_names_in_use(db, make_unit):
    water = make_unit(name="县水利局")
    unit = create_unit(None, "交城县", " 县 财政局 ", aliases=["财政局"])
    assert unit.name == "县财政局"
    with pytest.raises(UnitDirectoryError, match="县财政局"):
        add_alias(None, water, "财政局")
    with pytest.raises(UnitDirectoryError, match="不能为空"):
        add_alias(None, water, "  ")
    with pytest.raises(UnitDirectoryError):
        create_unit(None, "交城县", "县水利局")
    assert create_unit(None, "中阳县", "县水利局").county == "中阳县"


def test_reminder_emails_are_validated_and_normalised(db, make_unit):
    unit = make_unit(reminder_emails=[])
    assert set_reminder_emails(None, unit, ["a@Example.org", " ", "a@example.org"]) == ["a@example.org"]
    with pytest.raises(UnitDirectoryError, match="无效"):
        set_reminder_emails(None, unit, ["b@example.org", "not-an-address"])
    assert unit.reminder_emails == ["a@example.org"]


def test_merge_moves_links_users_and_reports_and_keeps_the_old_name(db, make_unit, make_item, make_user):
    source = make_unit(name="县发改局")
    add_alias(None, source, "发改局")
    target = make_unit(name="县发展和改革局")
    other = make_unit(name="县财政局")
    only_source = make_item(lead_unit=source, co_units=[other])
    both_source_leads = make_item(lead_unit=source, co_units=[other, target])
    both_target_leads = make_item(lead_unit=target, co_units=[source])
    staff = make_user(role="unit_staff", unit=source)
    db.session.add(ProgressReport(work_item=only_source, unit_id=source.id, author_id=staff.id, text="进展"))
    db.session.add(ReportDuty(work_item=only_source, unit_id=source.id, phrase="每月上报"))
    db.session.commit()
    version = both_source_leads.version

    counts = merge_units(None, source, target)
    db.session.commit()

    assert (counts.links, counts.collapsed_links, counts.lead_items, counts.users) == (3, 2, 2, 1)
    assert only_source.lead_unit_id == target.id
    assert [(link.unit_id, link.role, link.position) for link in both_source_leads.unit_links] == [
        (target.id, ROLE_LEAD, 0),
        (other.id, ROLE_CO, 1),
    ]
    assert both_source_leads.version == version + 1
    assert [(link.unit_id, link.role) for link in both_target_leads.unit_links] == [(target.id, ROLE_LEAD)]
    assert db.session.scalar(db.select(db.func.count()).where(WorkItemUnit.unit_id == source.id)) == 0
    assert staff.unit_id == target.id
    assert db.session.scalar(db.select(ProgressReport.unit_id)) == target.id
    assert db.session.scalar(db.select(ReportDuty.unit_id)) == target.id
    assert not source.is_active
    assert source.aliases == []
    assert {"县发改局", "发改局"} <= {a.alias for a in target.aliases}
    assert resolve_unit("县发改局", "交城县").unit == target
    event = db.session.scalars(db.select(Event).where(Event.kind == "unit.merged")).one()
    assert (event.unit_id, event.before["name"], event.after["name"]) == (
        target.id,
        "县发改局",
        "县发展和改革局",
    )
    assert event.after["links"] == 3


def test_merge_refuses_itself_other_counties_and_merged_units(db, make_unit):
    a, b = make_unit(), make_unit()
    elsewhere = make_unit(county="中阳县")
    with pytest.raises(UnitDirectoryError, match="自己"):
        plan_merge(a, a)
    with pytest.raises(UnitDirectoryError, match="同一县"):
        merge_units(None, a, elsewhere)
    merge_units(None, a, b)
    with pytest.raises(UnitDirectoryError, match="已停用"):
        merge_units(None, a, b)


def test_list_units_counts_open_and_all_items(db, make_unit, make_item):
    water, money = make_unit(name="县水利局"), make_unit(name="县财政局")
    make_item(lead_unit=water, co_units=[money])
    make_item(lead_unit=water, status="done")
    make_unit(name="县林业局", is_active=False)
    rows = {row.unit.name: (row.open_items, row.total_items) for row in list_units_with_counts("交城县")}
    assert rows == {"县水利局": (1, 2), "县财政局": (1, 1)}
    assert [row.unit.name for row in list_units_with_counts(text="水利")] == ["县水利局"]
