"""The permission matrix: role × endpoint × own/other unit → the designed status code.

Every view checks on the server: a button that is not shown is not enough, and
an item id of another unit answers 404 (it does not even confirm the id exists).
"""

import pytest

from tests.conftest import csrf_token_from

#: Who asks: a role, and for unit staff whether the item belongs to their unit.
ACTORS = ["anonymous", "admin", "supervisor", "viewer", "unit_own", "unit_other"]

#: (method, path template, item status needed, {actor: expected status}).
MATRIX = [
    (
        "GET",
        "/",
        None,
        dict(anonymous=302, admin=200, supervisor=200, viewer=200, unit_own=302, unit_other=302),
    ),
    (
        "GET",
        "/items/",
        None,
        dict(anonymous=302, admin=200, supervisor=200, viewer=200, unit_own=200, unit_other=200),
    ),
    (
        "GET",
        "/items/{item}",
        None,
        dict(anonymous=302, admin=200, supervisor=200, viewer=200, unit_own=200, unit_other=404),
    ),
    (
        "GET",
        "/items/999999",
        None,
        dict(anonymous=302, admin=404, supervisor=404, viewer=404, unit_own=404, unit_other=404),
    ),
    (
        "POST",
        "/items/{item}/sign",
        "assigned",
        dict(anonymous=400, admin=403, supervisor=403, viewer=403, unit_own=302, unit_other=404),
    ),
    (
        "POST",
        "/items/{item}/report",
        "in_progress",
        dict(anonymous=400, admin=403, supervisor=403, viewer=403, unit_own=302, unit_other=404),
    ),
    (
        "POST",
        "/items/{item}/submit",
        "in_progress",
        dict(anonymous=400, admin=403, supervisor=403, viewer=403, unit_own=302, unit_other=404),
    ),
    (
        "POST",
        "/items/{item}/accept",
        "submitted",
        dict(anonymous=400, admin=302, supervisor=302, viewer=403, unit_own=403, unit_other=404),
    ),
    (
        "POST",
        "/items/{item}/return",
        "submitted",
        dict(anonymous=400, admin=302, supervisor=302, viewer=403, unit_own=403, unit_other=404),
    ),
    (
        "POST",
        "/items/{item}/cancel",
        "in_progress",
        dict(anonymous=400, admin=302, supervisor=302, viewer=403, unit_own=403, unit_other=404),
    ),
    (
        "GET",
        "/admin/users",
        None,
        dict(anonymous=302, admin=200, supervisor=403, viewer=403, unit_own=403, unit_other=403),
    ),
    (
        "GET",
        "/admin/users/new",
        None,
        dict(anonymous=302, admin=200, supervisor=403, viewer=403, unit_own=403, unit_other=403),
    ),
    (
        "GET",
        "/admin/events",
        None,
        dict(anonymous=302, admin=200, supervisor=403, viewer=403, unit_own=403, unit_other=403),
    ),
    (
        "POST",
        "/admin/users/{user}/reset-password",
        None,
        dict(anonymous=400, admin=200, supervisor=403, viewer=403, unit_own=403, unit_other=403),
    ),
    (
        "GET",
        "/account/password",
        None,
        dict(anonymous=302, admin=200, supervisor=200, viewer=200, unit_own=200, unit_other=200),
    ),
    (
        # Past any INTEGER id: no route matches, for anyone (it was a 500).
        "GET",
        "/items/99999999999999999999",
        None,
        dict(anonymous=404, admin=404, supervisor=404, viewer=404, unit_own=404, unit_other=404),
    ),
    (
        "POST",
        "/items/bulk",
        None,
        dict(anonymous=400, admin=302, supervisor=302, viewer=403, unit_own=403, unit_other=403),
    ),
]

CASES = [
    pytest.param(
        method, path, status, actor, expected[actor], id=f"{method} {path} {status or ''} as {actor}"
    )
    for method, path, status, expected in MATRIX
    for actor in ACTORS
]

FORM = {"text": "已完成第一阶段工作", "percent": "40", "reason": "材料不全", "note": "同意"}


@pytest.fixture
def world(app, db, make_unit, make_item, make_user, client_as):
    """Two units, an item led by the first, a victim user; and a way to get a client per actor."""
    own, other = make_unit(name="县水利局"), make_unit(name="县统计局")
    item = make_item(lead_unit=own)
    victim = make_user(username="victim", role="viewer")
    db.session.commit()

    def client_for(actor: str):
        if actor == "anonymous":
            return app.test_client()
        if actor == "unit_own":
            return client_as("unit_staff", unit=own)
        if actor == "unit_other":
            return client_as("unit_staff", unit=other)
        return client_as(actor)

    return item, victim, client_for


@pytest.mark.parametrize(("method", "path", "status", "actor", "expected"), CASES)
def test_permission_matrix(world, db, method, path, status, actor, expected):
    item, victim, client_for = world
    if status:
        item.status = status
        db.session.commit()
    client = client_for(actor)
    url = path.format(item=item.id, user=victim.id)
    if method == "GET":
        response = client.get(url)
    else:
        data = dict(FORM)
        if actor != "anonymous":
            data["csrf_token"] = csrf_token_from(client.get("/account/password").get_data(as_text=True))
        response = client.post(url, data=data)
    assert response.status_code == expected


@pytest.mark.parametrize("action", ["sign", "report", "submit"])
def test_state_changes_without_csrf_token_are_refused(world, db, action):
    item, _, client_for = world
    client = client_for("unit_own")
    response = client.post(f"/items/{item.id}/{action}", data=FORM)
    assert response.status_code == 400
    db.session.refresh(item)
    assert item.status == "assigned"
    assert item.progress_reports == []


def test_unit_staff_list_shows_only_their_units_items(world, make_item, make_unit, db):
    item, _, client_for = world
    foreign = make_item(lead_unit=make_unit(name="县财政局"), title="财政局的另一项工作")
    db.session.commit()
    page = client_for("unit_own").get("/items/").get_data(as_text=True)
    assert item.title in page
    assert foreign.title not in page


def test_co_unit_staff_see_the_item_but_cannot_submit_it(app, db, make_unit, make_item, client_as):
    lead, co = make_unit(name="县水利局"), make_unit(name="县统计局")
    item = make_item(lead_unit=lead, co_units=[co], status="in_progress")
    db.session.commit()
    client = client_as("unit_staff", unit=co)
    assert client.get(f"/items/{item.id}").status_code == 200
    token = csrf_token_from(client.get("/account/password").get_data(as_text=True))
    assert (
        client.post(f"/items/{item.id}/submit", data={"text": "完成", "csrf_token": token}).status_code == 403
    )
    reported = client.post(
        f"/items/{item.id}/report", data={"text": "统计数据已报", "percent": "10", "csrf_token": token}
    )
    assert reported.status_code == 302
    db.session.refresh(item)
    assert item.status == "in_progress"
    assert [r.text for r in item.progress_reports] == ["统计数据已报"]
