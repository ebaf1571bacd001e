"""``flask --app run users …``."""

import re

from tracker.models import User


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_create_list_set_role_set_unit_and_reset(app, db, make_unit):
    make_unit(name="县水利局")
    make_unit(name="县财政局")
    db.session.commit()
    result = invoke(app, "users", "create", "shuili", "--role", "viewer", "--name", "钱水利")
    assert result.exit_code == 0, result.output
    password = re.search(r"shown once\): (\S+)", result.output).group(1)

    assert "必须指定所属单位" in invoke(app, "users", "set-role", "shuili", "unit_staff").output
    assert "只有责任单位用户" in invoke(app, "users", "set-unit", "shuili", "县水利局").output
    assert invoke(app, "users", "set-role", "shuili", "unit_staff", "--unit", "县财政局").exit_code == 0
    assert invoke(app, "users", "set-unit", "shuili", "县水利局").exit_code == 0
    listing = invoke(app, "users", "list").output
    assert re.search(r"shuili\s+unit_staff\s+active\s+县水利局", listing)

    reset = invoke(app, "users", "reset-password", "shuili")
    new_password = re.search(r"shown once\): (\S+)", reset.output).group(1)
    db.session.expire_all()
    user = db.session.scalars(db.select(User).where(User.username == "shuili")).one()
    assert user.check_password(new_password)
    assert not user.check_password(password)


def test_errors_are_one_line_messages(app, db):
    result = invoke(app, "users", "set-role", "nobody", "viewer")
    assert result.exit_code == 1
    assert "no user named 'nobody'" in result.output
    assert "Traceback" not in result.output
    result = invoke(app, "users", "create", "x", "--role", "unit_staff", "--unit", "不存在的局")
    assert "no unit named" in result.output


def test_create_refuses_an_address_that_cannot_receive_mail(app, db):
    result = invoke(app, "users", "create", "zhang", "--role", "viewer", "--email", "not")
    assert result.exit_code == 1
    assert "电子邮箱地址无效：not" in result.output
    assert db.session.scalar(db.select(User).where(User.username == "zhang")) is None
