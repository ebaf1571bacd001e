"""The health check and signing in."""

from config import TestingConfig
from tracker import create_app


def test_healthz_answers_200_with_the_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.db")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def login(client, username, password, **extra):
    page = client.get("/login")
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token, **extra}
    )


def test_sign_in_with_the_right_password_shows_the_overview(client, db, make_user):
    make_user(username="duchashi", password="right-password", display_name="王督查")
    db.session.commit()
    response = login(client, "duchashi", "right-password")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "督查总览" in page
    assert "王督查" in page


def test_wrong_password_is_refused_with_a_message(client, db, make_user):
    make_user(username="duchashi", password="right-password")
    db.session.commit()
    response = login(client, "duchashi", "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_login_without_csrf_token_is_refused(client, db, make_user):
    make_user(username="duchashi", password="right-password")
    db.session.commit()
    response = client.post("/login", data={"username": "duchashi", "password": "right-password"})
    assert response.status_code in (200, 400)
    assert client.get("/").status_code == 302


def test_next_parameter_cannot_redirect_off_site(client, db, make_user):
    make_user(username="duchashi", password="right-password")
    db.session.commit()
    page = client.get("/login?next=https://evil.example/")
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/login?next=https://evil.example/",
        data={"username": "duchashi", "password": "right-password", "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_overview_lists_documents_with_item_counts(client, db, make_user, make_item, make_document):
    make_user(username="duchashi", password="right-password")
    document = make_document(number="交政办发〔2025〕4号", title="关于印发节水型社会达标建设实施方案的通知")
    make_item(document=document)
    make_item(document=document, status="done")
    db.session.commit()
    login(client, "duchashi", "right-password")
    page = client.get("/").get_data(as_text=True)
    assert "交政办发〔2025〕4号" in page
    assert "关于印发节水型社会达标建设实施方案的通知" in page
