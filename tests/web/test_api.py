"""The JSON API: bearer tokens only, and the same permissions as the pages."""

import pytest

from tests.conftest import csrf_token_from
from tests.ledger_fixtures import NOW
from tracker import clock
from tracker.models import ProgressReport
from tracker.services.access_tokens import issue_token


@pytest.fixture(autouse=True)
def frozen():
    with clock.freeze(NOW):
        yield


@pytest.fixture
def api_as(app, db, make_user):
    """A client and bearer headers for a new user with ``role`` (and ``unit``)."""

    def make(role: str, unit=None):
        user = make_user(role=role, unit=unit)
        token = issue_token("api", user, NOW, user=user)
        db.session.commit()
        client = app.test_client()
        client.user = user
        client.headers = {"Authorization": f"Bearer {token}"}
        return client

    return make


def get(client, path: str):
    return client.get(path, headers=client.headers)


def post_progress(client, item_id: int, body):
    return client.post(f"/api/v1/items/{item_id}/progress", json=body, headers=client.headers)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic dXNlcjpwdw=="}],
    ids=["none", "bad-token", "basic"],
)
def test_requests_without_a_valid_token_get_401_json(client, headers):
    response = client.get("/api/v1/items", headers=headers)

    assert response.status_code == 401
    assert response.json["error"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_session_cookie_does_not_open_the_api(client_as):
    assert client_as("supervisor").get("/api/v1/items").status_code == 401


@pytest.mark.parametrize(
    ("role", "unit", "expected"),
    [
        ("supervisor", None, 4),
        ("viewer", None, 4),
        ("unit_staff", "town", 2),
        ("unit_staff", "roads", 2),
        ("unit_staff", None, 0),
    ],
)
def test_item_list_shows_what_the_pages_show(sample_ledger, api_as, role, unit, expected):
    client = api_as(role, getattr(sample_ledger, unit) if unit else None)

    body = get(client, "/api/v1/items").json

    assert body["total"] == expected
    assert len(body["items"]) == expected


def test_item_list_filters_and_paginates(sample_ledger, api_as):
    client = api_as("supervisor")

    body = get(client, "/api/v1/items?lights=red&lights=green&per_page=1&page=2").json

    assert (body["total"], body["pages"], body["page"], body["per_page"]) == (2, 2, 2, 1)
    assert body["items"][0]["title"] == "=SUM(A1) 改造农村公路"


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "per_page=1000",
        "page=x",
        "statuses=open",
        "due_from=2025-13-01",
        "sort=evil",
        "descending=maybe",
    ],
)
def test_invalid_query_arguments_get_422(db, api_as, query):
    response = get(api_as("viewer"), f"/api/v1/items?{query}")

    assert response.status_code == 422
    assert response.json["error"] == "invalid_query"


def test_item_detail_with_milestones_and_reports(sample_ledger, api_as):
    body = get(api_as("viewer"), f"/api/v1/items/{sample_ledger.overdue.id}").json

    assert body["light"] == "red"
    assert body["days_overdue"] == 16
    assert [m["phrase"] for m in body["milestones"]] == ["6月底前", "年底前"]
    assert [r["text"] for r in body["reports"]] == ["已完成初验", "正在整改验收问题"]
    assert body["url"] == f"http://tracker.test/items/{sample_ledger.overdue.id}"


def test_items_of_other_units_are_404(sample_ledger, api_as):
    client = api_as("unit_staff", sample_ledger.town)

    assert get(client, f"/api/v1/items/{sample_ledger.ongoing.id}").status_code == 404
    assert post_progress(client, sample_ledger.ongoing.id, {"text": "x", "percent": 1}).status_code == 404
    assert get(client, "/api/v1/items/999999").json["error"] == "not_found"


def test_unit_staff_report_progress_through_the_workflow(sample_ledger, api_as, db):
    client = api_as("unit_staff", sample_ledger.roads)

    response = post_progress(client, sample_ledger.ongoing.id, {"text": "已完成路基30公里", "percent": 60})

    assert response.status_code == 201
    assert response.json["percent"] == 60
    db.session.expire_all()
    report = db.session.get(ProgressReport, response.json["id"])
    assert report.author_id == client.user.id
    assert report.work_item.status == "in_progress"  # the lead's first report signs for the item


@pytest.mark.parametrize("role", ["supervisor", "viewer"])
def test_roles_that_do_not_report_get_403(sample_ledger, api_as, role):
    response = post_progress(api_as(role), sample_ledger.ongoing.id, {"text": "x", "percent": 1})

    assert response.status_code == 403
    assert response.json["error"] == "forbidden"


def test_reporting_on_a_closed_item_is_a_conflict(sample_ledger, api_as):
    response = post_progress(
        api_as("unit_staff", sample_ledger.town), sample_ledger.done.id, {"text": "x", "percent": 1}
    )

    assert response.status_code == 409


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {"text": "", "percent": 1},
        {"text": "x", "percent": 101},
        {"text": "x", "percent": True},
        {"text": 5},
    ],
    ids=["no-body", "list", "empty-text", "percent-101", "percent-bool", "text-number"],
)
def test_invalid_progress_bodies_get_422(sample_ledger, api_as, body):
    response = post_progress(api_as("unit_staff", sample_ledger.roads), sample_ledger.ongoing.id, body)

    assert response.status_code == 422
    assert response.json["error"] == "invalid_body"


def test_units_and_documents_follow_visibility(sample_ledger, api_as):
    office, staff = api_as("supervisor"), api_as("unit_staff", sample_ledger.roads)

    assert get(office, "/api/v1/units").json["total"] == 3
    assert [u["name"] for u in get(staff, "/api/v1/units").json["items"]] == ["县交通运输局"]
    assert get(office, "/api/v1/documents").json["total"] == 2
    assert [d["number"] for d in get(staff, "/api/v1/documents").json["items"]] == ["交政办发〔2025〕4号"]


def test_openapi_document_is_public(client):
    body = client.get("/api/v1/openapi.json").json

    assert body["openapi"].startswith("3.")
    assert set(body["paths"]) == {
        "/items",
        "/items/{item_id}",
        "/items/{item_id}/progress",
        "/units",
        "/ranking",
        "/documents",
    }


def test_api_token_is_issued_on_the_account_page(client_as, client):
    user = client_as("viewer")
    token = csrf_token_from(user.get("/account/tokens").get_data(as_text=True))
    page = user.post("/account/tokens", data={"csrf_token": token, "action": "api"}).get_data(as_text=True)
    secret = page.split('<code class="secret">')[1].split("</code>")[0]

    assert client.get("/api/v1/units", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_unexpected_errors_are_json_too(sample_ledger, api_as, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("tracker.web.api_json.item_detail", broken)
    client = api_as("viewer")
    monkeypatch.setitem(client.application.config, "PROPAGATE_EXCEPTIONS", False)

    response = get(client, f"/api/v1/items/{sample_ledger.overdue.id}")

    assert response.status_code == 500
    assert response.json["error"] == "internal_server_error"
