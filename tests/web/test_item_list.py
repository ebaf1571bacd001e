"""The item list: filters in the URL, sorting, unit scoping, bulk changes by the office."""

import datetime as dt

import pytest

from tests.conftest import csrf_token_from
from tracker import clock
from tracker.models import Event, Milestone, WorkItem

TODAY = dt.datetime(2025, 6, 2, 9, 0, tzinfo=clock.timezone())


@pytest.fixture(autouse=True)
def frozen_today():
    with clock.freeze(TODAY):
        yield


@pytest.fixture
def ledger(db, make_unit, make_item, make_document):
    water, stats = make_unit(name="县水利局"), make_unit(name="县统计局")
    plan = make_document(number="交政办发〔2025〕4号")
    items = {
        "overdue": make_item(
            lead_unit=water, document=plan, title="节水改造工程", due_on=dt.date(2025, 5, 20)
        ),
        "soon": make_item(
            lead_unit=stats, title="统计年报审核", due_on=dt.date(2025, 6, 5), leaders=["王县长"]
        ),
        "later": make_item(lead_unit=water, co_units=[stats], title="河道清淤", due_on=dt.date(2025, 12, 31)),
        "done": make_item(lead_unit=stats, title="人口普查总结", due_on=dt.date(2025, 3, 1), status="done"),
        "open": make_item(lead_unit=water, title="水资源长效管理", source_text="建立长效机制，常态化推进。"),
    }
    db.session.commit()
    return items, water, stats, plan


def titles(response) -> list[str]:
    html = response.get_data(as_text=True)
    return [
        t for t in ["节水改造工程", "统计年报审核", "河道清淤", "人口普查总结", "水资源长效管理"] if t in html
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lights=red", ["节水改造工程"]),
        ("lights=yellow", ["统计年报审核"]),
        ("lights=red&lights=yellow", ["节水改造工程", "统计年报审核"]),
        ("lights=blue", ["水资源长效管理"]),
        ("statuses=done", ["人口普查总结"]),
        ("q=常态化", ["水资源长效管理"]),
        ("leader=王县长", ["统计年报审核"]),
        ("due_from=2025-06-01&due_to=2025-12-31", ["统计年报审核", "河道清淤"]),
        (
            "lights=purple&statuses=lost&page=abc&per_page=-3",
            ["节水改造工程", "统计年报审核", "河道清淤", "人口普查总结", "水资源长效管理"],
        ),
    ],
)
def test_filters_in_the_url(client_as, ledger, query, expected):
    assert titles(client_as("supervisor").get(f"/items/?{query}")) == expected


def test_unit_filter_includes_items_where_the_unit_cooperates(client_as, ledger):
    _, _, stats, _ = ledger
    assert titles(client_as("viewer").get(f"/items/?unit_id={stats.id}")) == [
        "统计年报审核",
        "河道清淤",
        "人口普查总结",
    ]


def test_document_filter(client_as, ledger):
    _, _, _, plan = ledger
    assert titles(client_as("viewer").get(f"/items/?document_id={plan.id}")) == ["节水改造工程"]


def test_sorting_by_due_date_descending_puts_undated_last(client_as, ledger):
    html = client_as("supervisor").get("/items/?sort=due&descending=1").get_data(as_text=True)
    positions = [
        html.index(t) for t in ["河道清淤", "统计年报审核", "节水改造工程", "人口普查总结", "水资源长效管理"]
    ]
    assert positions == sorted(positions)


def test_overdue_rows_say_by_how_many_days(client_as, ledger):
    assert "超期 13 天" in client_as("supervisor").get("/items/?lights=red").get_data(as_text=True)


def test_unit_staff_see_only_their_items_even_when_filtering_for_another_unit(client_as, ledger):
    _, water, stats, _ = ledger
    staff = client_as("unit_staff", unit=stats)
    assert titles(staff.get(f"/items/?unit_id={water.id}")) == ["河道清淤"]


def test_pagination_keeps_the_filters(client_as, db, make_item, make_unit):
    unit = make_unit()
    for n in range(3):
        make_item(lead_unit=unit, title=f"分页事项{n}", status="done")
    db.session.commit()
    html = client_as("supervisor").get("/items/?statuses=done&per_page=2").get_data(as_text=True)
    assert "statuses=done" in html.split("下一页")[0].rsplit("href=", 1)[1]


def bulk(client, **form):
    token = csrf_token_from(client.get("/items/").get_data(as_text=True))
    return client.post("/items/bulk", data={"csrf_token": token, **form})


def test_office_moves_deadlines_in_bulk_and_history_keeps_the_reason(client_as, db, ledger):
    items, *_ = ledger
    office = client_as("supervisor")
    ids = [str(items["overdue"].id), str(items["open"].id)]
    response = bulk(office, action="deadline", item_ids=ids, due_on="2025-07-31", reason="汛期顺延")
    assert response.status_code == 302
    db.session.expire_all()
    overdue, undated = (
        db.session.get(WorkItem, items["overdue"].id),
        db.session.get(WorkItem, items["open"].id),
    )
    assert overdue.due_on == undated.due_on == dt.date(2025, 7, 31)
    notes = db.session.scalars(db.select(Event.note).where(Event.kind == "item.deadline")).all()
    assert notes == ["汛期顺延", "汛期顺延"]
    assert (
        db.session.scalars(db.select(Milestone).where(Milestone.work_item_id == undated.id)).one().phrase
        == "（督查室调整）"
    )


def test_bulk_reassign_keeps_the_old_lead_as_co_unit(client_as, db, ledger):
    items, water, stats, _ = ledger
    bulk(
        client_as("supervisor"),
        action="reassign",
        item_ids=[str(items["overdue"].id)],
        unit_id=str(stats.id),
        reason="职能调整",
    )
    db.session.expire_all()
    item = db.session.get(WorkItem, items["overdue"].id)
    assert item.lead_unit_id == stats.id
    assert {u.name for u in item.co_units} == {"县水利局"}


def test_bulk_change_without_reason_changes_nothing(client_as, db, ledger):
    items, *_ = ledger
    office = client_as("supervisor")
    bulk(office, action="deadline", item_ids=[str(items["overdue"].id)], due_on="2025-07-31", reason=" ")
    db.session.expire_all()
    assert db.session.get(WorkItem, items["overdue"].id).due_on == dt.date(2025, 5, 20)
    assert "请填写原因" in office.get("/items/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["viewer", "unit_staff"])
def test_only_the_office_changes_in_bulk(client_as, make_unit, ledger, role):
    items, *_ = ledger
    client = client_as(role, unit=make_unit() if role == "unit_staff" else None)
    response = bulk(
        client, action="deadline", item_ids=[str(items["overdue"].id)], due_on="2025-07-31", reason="x"
    )
    assert response.status_code == 403


def test_with_many_units_the_filters_are_text_boxes(client_as, db, ledger, make_unit, monkeypatch):
    from tracker.web import choices

    monkeypatch.setattr(choices, "CHOICES_LIMIT", 1)
    page = client_as("supervisor").get("/items/?unit_name=统计").get_data(as_text=True)
    assert 'name="unit_name"' in page
    assert '<select name="unit_id">' not in page
    assert titles_in(page) == ["统计年报审核", "河道清淤", "人口普查总结"]


def test_document_text_filter(client_as, ledger):
    assert titles(client_as("supervisor").get("/items/?document_text=交政办发〔2025〕4号")) == [
        "节水改造工程"
    ]


def titles_in(html: str) -> list[str]:
    return [
        t for t in ["节水改造工程", "统计年报审核", "河道清淤", "人口普查总结", "水资源长效管理"] if t in html
    ]
