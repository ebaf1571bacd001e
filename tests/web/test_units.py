"""The unit directory pages: list, aliases and e-mail addresses, merging, access."""

import pytest

from tests.conftest import csrf_token_from
from tests.statements import recorded_statements, selects_from
from tracker.models import Event, ReminderSettings, Unit, UnitAlias


def test_list_shows_units_with_counts_and_filters(client_as, db, make_unit, make_item):
    water = make_unit(name="县水利局")
    make_unit(name="下枣林乡", county="中阳县", kind="township")
    make_item(lead_unit=water)
    make_item(lead_unit=water, status="done")
    db.session.commit()
    office = client_as("supervisor")
    page = office.get("/units/").get_data(as_text=True)
    assert "县水利局" in page
    assert "下枣林乡" in page
    assert "<td>1</td>\n      <td>2</td>" in page
    filtered = office.get("/units/?county=中阳县&kind=township&q=枣林").get_data(as_text=True)
    assert "下枣林乡" in filtered
    assert "县水利局" not in filtered
    assert 'href="/units/"' in page  # the nav link for office roles


def _detail_token(client, unit) -> str:
    return csrf_token_from(client.get(f"/units/{unit.id}").get_data(as_text=True))


def test_edit_reminder_emails(client_as, db, make_unit):
    unit = make_unit(reminder_emails=[])
    db.session.commit()
    office = client_as("supervisor")
    token = _detail_token(office, unit)
    response = office.post(
        f"/units/{unit.id}/emails",
        data={"emails": "a@example.cn\n\nb@example.cn", "csrf_token": token},
        follow_redirects=True,
    )
    assert "已保存提醒邮箱" in response.get_data(as_text=True)
    db.session.refresh(unit)
    assert unit.reminder_emails == ["a@example.cn", "b@example.cn"]


def test_a_bad_address_changes_nothing(client_as, db, make_unit):
    unit = make_unit(reminder_emails=["a@example.cn"])
    db.session.commit()
    office = client_as("admin")
    token = _detail_token(office, unit)
    response = office.post(
        f"/units/{unit.id}/emails",
        data={"emails": "b@example.cn\nnot an address", "csrf_token": token},
        follow_redirects=True,
    )
    assert "电子邮箱地址无效：not an address" in response.get_data(as_text=True)
    db.session.refresh(unit)
    assert unit.reminder_emails == ["a@example.cn"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 0


def test_add_and_remove_aliases(client_as, db, make_unit):
    unit = make_unit(name="县发展和改革局")
    make_unit(name="县财政局")
    db.session.commit()
    office = client_as("supervisor")
    token = _detail_token(office, unit)
    office.post(f"/units/{unit.id}/aliases", data={"alias": " 县发改局 ", "csrf_token": token})
    empty = office.post(
        f"/units/{unit.id}/aliases", data={"alias": "", "csrf_token": token}, follow_redirects=True
    )
    assert "请填写别名" in empty.get_data(as_text=True)
    taken = office.post(
        f"/units/{unit.id}/aliases", data={"alias": "县财政局", "csrf_token": token}, follow_redirects=True
    )
    assert "已是“县财政局”的名称或别名" in taken.get_data(as_text=True)
    assert db.session.scalars(db.select(UnitAlias.alias)).all() == ["县发改局"]
    office.post(f"/units/{unit.id}/aliases/remove", data={"alias": "县发改局", "csrf_token": token})
    assert db.session.scalars(db.select(UnitAlias.alias)).all() == []


def test_merge_through_the_page_asks_for_confirmation(client_as, db, make_unit, make_item):
    source = make_unit(name="县发改局")
    target = make_unit(name="县发展和改革局")
    make_unit(name="县发改局", county="中阳县")
    item = make_item(lead_unit=source)
    db.session.commit()
    admin = client_as("admin")
    form = admin.get(f"/units/{source.id}/merge").get_data(as_text=True)
    assert form.count("<option") == 2  # the blank choice and the one unit of the same county
    token = csrf_token_from(form)
    preview = admin.post(f"/units/{source.id}/merge", data={"target_id": target.id, "csrf_token": token})
    assert "牵头事项 1 项" in preview.get_data(as_text=True)
    assert source.is_active
    done = admin.post(
        f"/units/{source.id}/merge",
        data={"target_id": target.id, "confirm": "yes", "csrf_token": token},
        follow_redirects=True,
    )
    assert "已将“县发改局”并入“县发展和改革局”" in done.get_data(as_text=True)
    db.session.expire_all()
    assert item.lead_unit_id == target.id
    assert not db.session.get(Unit, source.id).is_active


def test_merge_refuses_a_forged_target_from_another_county(client_as, db, make_unit):
    source = make_unit()
    elsewhere = make_unit(county="中阳县")
    db.session.commit()
    admin = client_as("admin")
    token = csrf_token_from(admin.get(f"/units/{source.id}/merge").get_data(as_text=True))
    response = admin.post(
        f"/units/{source.id}/merge", data={"target_id": elsewhere.id, "confirm": "yes", "csrf_token": token}
    )
    assert response.status_code == 200
    assert "不是有效的选择" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Unit, source.id).is_active


@pytest.mark.parametrize("role", ["viewer", "unit_staff"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/units/"),
        ("get", "/units/{id}"),
        ("post", "/units/{id}/emails"),
        ("get", "/units/{id}/merge"),
    ],
)
def test_only_the_office_may_see_units(client_as, db, make_unit, role, method, path):
    unit = make_unit()
    db.session.commit()
    client = client_as(role, unit=unit if role == "unit_staff" else None)
    items_page = client.get("/items/").get_data(as_text=True)
    assert 'href="/units/"' not in items_page
    data = {"emails": "x@example.cn", "csrf_token": csrf_token_from(items_page)} if method == "post" else None
    assert getattr(client, method)(path.format(id=unit.id), data=data).status_code == 403


def test_unknown_unit_is_404(client_as, db):
    assert client_as("admin").get("/units/999999").status_code == 404


def test_a_province_sized_directory_is_paged_with_counts_and_aliases(client_as, db, make_item):
    units = [Unit(name=f"县测试局{n:03d}", county="交城县") for n in range(130)]
    db.session.add_all(units)
    db.session.flush()
    db.session.add_all(UnitAlias(unit_id=unit.id, alias=f"测试{unit.id}号") for unit in units)
    make_item(lead_unit=units[105])
    db.session.commit()
    office = client_as("supervisor")
    with recorded_statements(db.engine) as statements:
        first = office.get("/units/").get_data(as_text=True)
    assert "共 130 个单位" in first
    assert "县测试局099" in first
    assert "县测试局100" not in first
    assert f"测试{units[0].id}号" in first  # aliases are shown
    assert "第 1 / 2 页" in first
    assert selects_from(statements, "unit_aliases") == 1  # one load for the page, not one per unit
    second = office.get("/units/?page=2").get_data(as_text=True)
    assert "县测试局100" in second
    assert "县测试局099" not in second
    row = second[second.index("县测试局105") :]
    assert "<td>1</td>\n      <td>1</td>" in row[: row.index("</tr>")]  # its one open item, as lead


def test_a_unit_is_paused_and_resumed_from_its_own_page(client_as, db, make_unit):
    archive = make_unit(name="县档案馆")
    db.session.commit()
    office = client_as("supervisor")
    page = office.get(f"/units/{archive.id}").get_data(as_text=True)
    assert "暂停提醒" in page
    response = office.post(
        f"/units/{archive.id}/reminders",
        data={"csrf_token": csrf_token_from(page), "muted": "1"},
        follow_redirects=True,
    )
    assert "已暂停本单位的提醒。" in response.get_data(as_text=True)
    assert "本单位的提醒已暂停。" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ReminderSettings, 1).muted_unit_ids == [archive.id]
    (event,) = db.session.scalars(db.select(Event).where(Event.kind == "settings.reminders")).all()
    assert event.after["muted_unit_ids"] == [archive.id]
    settings_page = office.get("/reminders/settings").get_data(as_text=True)
    assert f'<option selected value="{archive.id}">县档案馆（交城县）</option>' in settings_page
    office.post(
        f"/units/{archive.id}/reminders",
        data={"csrf_token": csrf_token_from(page), "muted": "0"},
    )
    db.session.expire_all()
    assert db.session.get(ReminderSettings, 1).muted_unit_ids == []


def test_a_forged_or_malformed_pause_changes_nothing(client_as, db, make_unit):
    archive = make_unit(name="县档案馆")
    db.session.commit()
    office = client_as("supervisor")
    token = csrf_token_from(office.get(f"/units/{archive.id}").get_data(as_text=True))
    assert office.post(f"/units/{archive.id}/reminders", data={"muted": "1"}).status_code == 400
    office.post(f"/units/{archive.id}/reminders", data={"csrf_token": token, "muted": "yes"})
    unit_staff = client_as("unit_staff", unit=archive)
    staff_token = csrf_token_from(unit_staff.get("/my/").get_data(as_text=True))
    response = unit_staff.post(
        f"/units/{archive.id}/reminders", data={"csrf_token": staff_token, "muted": "1"}
    )
    assert response.status_code == 403
    assert db.session.get(ReminderSettings, 1) is None  # never saved
    assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 0


def test_with_a_province_of_units_the_settings_list_only_the_paused_ones(
    client_as, db, make_unit, monkeypatch
):
    from tracker.web import choices

    monkeypatch.setattr(choices, "CHOICES_LIMIT", 2)
    make_unit(name="县档案馆")
    water = make_unit(name="县水利局", county="中阳县")
    make_unit(name="县统计局")
    db.session.add(ReminderSettings(id=1, muted_unit_ids=[water.id]))
    db.session.commit()
    office = client_as("supervisor")
    page = office.get("/reminders/settings").get_data(as_text=True)
    assert f'<option selected value="{water.id}">县水利局（中阳县）</option>' in page
    assert "县档案馆" not in page
    assert "要暂停某个单位，请在" in page
