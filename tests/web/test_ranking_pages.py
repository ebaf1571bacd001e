"""The unit ranking as its readers see it: the dashboard's cells, the 督查通报 (page and PDF) and the API agree."""

import datetime as dt
import io

import pdfplumber
import pytest

from tests.html_tables import body_rows
from tests.web.test_pages import NOW, with_deadline
from tracker import clock
from tracker.services.access_tokens import issue_token

#: (名次, 牵头单位, 按期办结率, 按期办结/已到期, 超期, 在办, 已办结, 事项) as printed.
EXPECTED = [
    ["1", "县统计局", "100%", "1/1", "0", "1", "1", "2"],
    ["2", "县水利局", "0%", "0/3", "2", "2", "1", "3"],
]


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.freeze(NOW):
        yield


@pytest.fixture
def ranked_county(db, make_unit, make_item):
    """县统计局 closed its one item due so far on time; 县水利局 closed one late and let two run over;
    县林业局 has nothing due yet."""
    water, stats = make_unit(name="县水利局"), make_unit(name="县统计局")
    for title, unit, day, status in (
        ("节水改造工程", water, dt.date(2025, 5, 12), "in_progress"),
        ("计量设施安装", water, dt.date(2025, 5, 30), "assigned"),
        ("河道清淤", water, dt.date(2025, 4, 1), "done"),
        ("统计年报审核", stats, dt.date(2025, 6, 6), "assigned"),
        ("人口普查总结", stats, dt.date(2025, 3, 1), "done"),
        ("植树造林", make_unit(name="县林业局"), dt.date(2025, 12, 31), "assigned"),
    ):
        item = with_deadline(make_item(lead_unit=unit, title=title, status=status), day)
        if status == "done":
            item.closed_at, item.is_closed_on_time = NOW, unit is stats
    db.session.commit()


def test_dashboard_ranking_cells_show_the_figures_in_rule_order(client_as, ranked_county):
    page = client_as("supervisor").get("/").get_data(as_text=True)

    assert body_rows(page, "units-table") == EXPECTED
    assert "另有 1 个单位尚无到期事项，不排名次：县林业局" in page
    assert "<built-in" not in page


def test_the_report_page_pdf_and_api_rank_as_the_dashboard_does(db, client_as, ranked_county):
    client = client_as("supervisor")
    report = client.get("/reports/weekly").get_data(as_text=True)
    assert body_rows(report, "ranking") == EXPECTED

    with pdfplumber.open(io.BytesIO(client.get("/reports/weekly.pdf").data)) as pdf:
        lines = "\n".join(page.extract_text() for page in pdf.pages).splitlines()
    assert [" ".join(row) for row in EXPECTED] == [
        line for line in lines if line.startswith(("1 县", "2 县"))
    ]

    token = issue_token("api", client.user, NOW, user=client.user)
    db.session.commit()
    api = client.get("/api/v1/ranking", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert [
        [str(r["rank"]), r["name"], f"{r['on_time_rate']:.0%}", f"{r['on_time']}/{r['due']}"]
        + [str(r[k]) for k in ("overdue", "open", "done", "total")]
        for r in api["ranked"]
    ] == EXPECTED
    assert [r["name"] for r in api["unranked"]] == ["县林业局"]
    assert api["rule"].startswith("排名规则")


def test_a_long_dashboard_ranking_shows_its_head_and_tail(
    client_as, make_unit, make_item, ranked_county, monkeypatch
):
    from tracker.services import dashboard

    monkeypatch.setattr(dashboard, "UNITS_SHOWN_TOP", 1)
    monkeypatch.setattr(dashboard, "UNITS_SHOWN_BOTTOM", 1)
    with_deadline(make_item(lead_unit=make_unit(name="县档案馆"), title="档案整理"), dt.date(2025, 5, 20))
    page = client_as("supervisor").get("/").get_data(as_text=True)

    rows = body_rows(page, "units-table")
    assert [row[:2] for row in rows] == [
        ["1", "县统计局"],
        ["…… 共 3 个单位，此处省略中间名次 ……"],
        ["3", "县水利局"],
    ]
