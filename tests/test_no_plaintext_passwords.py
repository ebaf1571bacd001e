"""No password appears in logs, in the database or in history, in any form but its hash."""

import logging
import re

from tests.conftest import csrf_token_from


def all_stored_text(db) -> str:
    """Every value of every row of every table, as one string."""
    chunks = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                chunks.append(repr(tuple(row)))
    return "\n".join(chunks)


def test_passwords_never_reach_logs_or_tables(app, db, client, caplog, make_unit):
    caplog.set_level(logging.DEBUG)
    make_unit(name="县水利局")
    db.session.commit()
    runner = app.test_cli_runner()

    created = runner.invoke(args=["users", "create", "boss", "--role", "admin"])
    first = re.search(r"shown once\): (\S+)", created.output).group(1)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    failed = client.post(
        "/login", data={"username": "boss", "password": "typo-" + first, "csrf_token": token}
    )
    assert "用户名或密码错误" in failed.get_data(as_text=True)
    assert (
        client.post("/login", data={"username": "boss", "password": first, "csrf_token": token}).status_code
        == 302
    )

    token = csrf_token_from(client.get("/account/password").get_data(as_text=True))
    chosen = "my-own-secret-passphrase"
    changed = client.post(
        "/account/password", data={"current": first, "new": chosen, "confirm": chosen, "csrf_token": token}
    )
    assert changed.status_code == 302
    page = client.get("/admin/users").get_data(as_text=True)
    token = csrf_token_from(page)
    boss_id = re.search(r"/admin/users/(\d+)/reset-password", page).group(1)
    reset_page = client.post(f"/admin/users/{boss_id}/reset-password", data={"csrf_token": token})
    generated = re.search(r"<code>(\S+)</code>", reset_page.get_data(as_text=True)).group(1)
    assert len(caplog.records) > 0

    stored = all_stored_text(db)
    for secret in (first, "typo-" + first, chosen, generated):
        assert secret not in caplog.text
        assert secret not in stored
