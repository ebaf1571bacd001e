"""The names panel of the import review: each unknown printed name decided once, never a junk unit."""

from pathlib import Path

import pytest

from tests.web.test_imports import count, submit_review, upload
from tracker.models import ImportBatch, Unit, UnitAlias, WorkItem

GAZETTE = Path(__file__).resolve().parents[1] / "data" / "linshui-gazette-2026-02.txt"
COUNTY = "临水县"


@pytest.fixture
def office(client_as):
    return client_as("supervisor")


@pytest.fixture
def linshui_units(db, make_unit):
    """What 临水县's directory knows before its gazette is imported."""
    units = {
        name: make_unit(name=name, county=COUNTY, kind=kind)
        for name, kind in [
            ("县应急管理局", "department"),
            ("县市场监督管理局", "department"),
            ("县教育局", "department"),
            ("县住房和城乡建设局", "department"),
            ("县城市管理局", "department"),
            ("县文体广电和旅游局", "department"),
            ("各乡(镇)人民政府", "group"),
        ]
    }
    units["各乡(镇)人民政府"].aliases.append(UnitAlias(alias="各乡镇"))
    db.session.commit()
    return units


def batch_of(db, batch_url: str) -> ImportBatch:
    db.session.expire_all()
    return db.session.get(ImportBatch, int(batch_url.rsplit("/", 1)[1]))


def name_fields(batch: ImportBatch, name: str) -> str:
    """The field prefix of ``name``'s row in the panel as rendered now."""
    index = [entry["name"] for entry in batch.review["names"]].index(name)
    return f"n{index}-"


def test_panel_lists_each_unknown_name_once_with_its_task_count_and_a_strong_guess(office, db, linshui_units):
    batch_url = upload(office, GAZETTE.read_bytes(), GAZETTE.name).headers["Location"]
    page = office.get(batch_url).get_data(as_text=True)

    names = {entry["name"]: entry for entry in batch_of(db, batch_url).review["names"]}
    assert set(names) == {"县消防救援大队", "建设单位", "县文旅局", "市生态环境局临水分局", "县城管局"}
    assert names["县城管局"]["guess"]["name"] == "县城市管理局"
    assert names["县城管局"]["decision"] == "map"
    assert names["建设单位"]["decision"] == "drop"
    assert page.count(">县消防救援大队</strong>") == 1
    assert "可能是：县城市管理局（临水县）" in page
    assert "确认后将新建 3 个单位：" in page


def test_confirming_as_proposed_creates_no_role_word_and_maps_the_guess_as_an_alias(
    office, db, linshui_units
):
    batch_url = upload(office, GAZETTE.read_bytes(), GAZETTE.name).headers["Location"]
    submit_review(office, batch_url)

    created = set(db.session.scalars(db.select(Unit.name).where(Unit.county == COUNTY))) - set(linshui_units)
    assert created == {"县消防救援大队", "县文旅局", "市生态环境局临水分局"}
    assert count(db, WorkItem) == 8
    city = linshui_units["县城市管理局"]
    db.session.refresh(city)
    assert "县城管局" in [alias.alias for alias in city.aliases]
    building = db.session.scalars(db.select(WorkItem).where(WorkItem.title.contains("建筑施工"))).one()
    assert [link.unit.name for link in building.unit_links] == ["县住房和城乡建设局"]


def test_the_next_import_resolves_a_confirmed_mapping_by_itself(office, db, linshui_units):
    first = upload(office, GAZETTE.read_bytes(), GAZETTE.name).headers["Location"]
    prefix = name_fields(batch_of(db, first), "县文旅局")
    submit_review(
        office,
        first,
        **{f"{prefix}decision": "map", f"{prefix}unit": str(linshui_units["县文体广电和旅游局"].id)},
    )

    again = (
        GAZETTE.read_text(encoding="utf-8")
        .replace("2026年第2期", "2026年第2期(重印)")
        .replace("国庆前", "9月底前")
    )
    second = upload(office, again.encode(), "reprint.txt").headers["Location"]
    assert "县文旅局" not in {entry["name"] for entry in batch_of(db, second).review["names"]}


def test_a_role_word_cannot_be_created_even_when_chosen(office, db, linshui_units):
    batch_url = upload(office, GAZETTE.read_bytes(), GAZETTE.name).headers["Location"]
    prefix = name_fields(batch_of(db, batch_url), "建设单位")
    response = submit_review(office, batch_url, **{f"{prefix}decision": "create"})
    assert response.status_code == 422
    assert "是职责称谓，不能建为单位" in response.get_data(as_text=True)
    assert batch_of(db, batch_url).review["names"][int(prefix[1:-1])]["decision"] == "drop"


def test_a_name_failing_the_grammar_is_created_only_on_an_explicit_choice(office, db, make_unit):
    text = GAZETTE.read_text(encoding="utf-8").replace("县教育局", "成立县政府")
    batch_url = upload(office, text.encode(), GAZETTE.name).headers["Location"]
    batch = batch_of(db, batch_url)
    entry = next(entry for entry in batch.review["names"] if entry["name"] == "成立县政府")
    assert (entry["is_unit"], entry["decision"]) == (False, "drop")

    prefix = name_fields(batch, "成立县政府")
    submit_review(office, batch_url, **{f"{prefix}decision": "create", f"{prefix}kind": "other"})
    unit = db.session.scalars(db.select(Unit).where(Unit.name == "成立县政府")).one()
    assert unit.kind == "other"


def test_mapping_needs_a_unit_of_the_directory(office, db, linshui_units, make_unit):
    other_county = make_unit(name="县文化和旅游局", county="别的县")
    db.session.commit()
    batch_url = upload(office, GAZETTE.read_bytes(), GAZETTE.name).headers["Location"]
    prefix = name_fields(batch_of(db, batch_url), "县文旅局")
    response = submit_review(
        office,
        batch_url,
        **{f"{prefix}decision": "map", f"{prefix}unit": str(other_county.id), f"{prefix}unitname": ""},
    )
    assert response.status_code == 422
    assert "请从单位目录中选择要对应的单位" in response.get_data(as_text=True)


def test_a_typed_unit_name_maps_without_the_picker(office, db, linshui_units):
    batch_url = upload(office, GAZETTE.read_bytes(), GAZETTE.name).headers["Location"]
    prefix = name_fields(batch_of(db, batch_url), "县文旅局")
    submit_review(
        office,
        batch_url,
        action="save",
        **{f"{prefix}decision": "map", f"{prefix}unit": "", f"{prefix}unitname": "县文体广电和旅游局"},
    )
    entry = next(e for e in batch_of(db, batch_url).review["names"] if e["name"] == "县文旅局")
    assert (entry["decision"], entry["unit_name"]) == ("map", "县文体广电和旅游局")


def test_suggest_lists_units_of_the_county_and_shared_ones_with_the_county(office, db, make_unit):
    make_unit(name="县应急管理局", county=COUNTY)
    make_unit(name="县应急管理局", county="别的县")
    make_unit(name="应急管理部", county="")
    db.session.commit()
    units = office.get("/units/suggest", query_string={"q": "应急", "county": COUNTY}).get_json()["units"]
    assert [(unit["name"], unit["county"]) for unit in units] == [
        ("县应急管理局", COUNTY),
        ("应急管理部", "通用"),
    ]


def test_suggest_is_for_the_office_only(client_as, make_unit):
    client = client_as("unit_staff", unit=make_unit())
    assert client.get("/units/suggest", query_string={"q": "局"}).status_code == 403


def test_sixty_unknown_names_are_settled_twenty_five_at_a_time(office, db):
    places = "东西南北中上下前后左右"
    stations = [f"{a}{b}水利管理站" for a in places for b in places if a != b][:60]
    lines = [f"({n + 1})开展第{n + 1}项检查,年底前完成。(责任单位:{name})" for n, name in enumerate(stations)]
    text = "临水县人民政府办公室关于开展专项检查的通知\n临政办发〔2026〕40号\n" + "\n".join(lines)
    text += "\n临水县人民政府办公室\n2026年7月1日\n"
    batch_url = upload(office, text.encode(), "many-names.txt").headers["Location"]
    assert len(batch_of(db, batch_url).review["names"]) == 60
    page = office.get(batch_url).get_data(as_text=True)
    assert page.count('class="name-row') == 25

    third = submit_review(office, batch_url, action="save", **{"names-goto": "3"})
    assert third.headers["Location"].endswith("names=3")
    on_third = office.get(third.headers["Location"]).get_data(as_text=True)
    assert on_third.count('class="name-row') == 10
    assert (
        submit_review(office, third.headers["Location"], action="save", **{"n0-decision": "drop"}).status_code
        == 302
    )
    decisions = [entry["decision"] for entry in batch_of(db, batch_url).review["names"]]
    assert decisions.count("drop") == 1
    assert decisions[50] == "drop"


def test_a_name_typed_into_a_row_joins_the_panel_and_a_fragment_is_not_created(office, db, linshui_units):
    batch_url = upload(office, GAZETTE.read_bytes(), GAZETTE.name).headers["Location"]
    key = batch_of(db, batch_url).review["documents"][0]["tasks"][2]["key"]
    submit_review(
        office, batch_url, action="save", **{f"{key}-lead": "会同有关部门", f"{key}-co": "县教育局"}
    )
    entry = next(e for e in batch_of(db, batch_url).review["names"] if e["name"] == "会同有关部门")
    assert entry["decision"] == "drop"
    assert "县教育局" not in {e["name"] for e in batch_of(db, batch_url).review["names"]}

    submit_review(office, batch_url)
    school = db.session.scalars(db.select(WorkItem).where(WorkItem.title.contains("校园安全"))).one()
    assert school.lead_unit is None
    assert [link.unit.name for link in school.unit_links] == ["县教育局"]
    assert not db.session.scalars(db.select(Unit).where(Unit.name == "会同有关部门")).first()
