"""``flask --app run users …``."""

import re

from tracker import clock
from tracker.models import User
from tracker.services.office import update_office
from tracker.services.unit_directory import seed_units


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
    assert re.search(r"shuili\s+unit_staff\s+active\s+交城县 · 县水利局", listing)

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
    assert "没有名为“不存在的局”的单位" in result.output


def test_a_unit_named_in_several_counties_is_answered_with_the_candidates(app, db):
    seed_units()  # the directory: 县水利局 in 交城县 and in 中阳县
    db.session.commit()

    ambiguous = invoke(app, "users", "create", "a", "--role", "unit_staff", "--unit", "县水利局")
    assert ambiguous.exit_code == 1
    assert "Traceback" not in ambiguous.output
    assert "“县水利局”在多个县都有：中阳县 · 县水利局；交城县 · 县水利局。" in ambiguous.output
    assert "--county" in ambiguous.output

    by_county = invoke(
        app, "users", "create", "b", "--role", "unit_staff", "--unit", "县水利局", "--county", "中阳县"
    )
    by_full_name = invoke(app, "users", "create", "c", "--role", "unit_staff", "--unit", "交城县水利局")
    assert (by_county.exit_code, by_full_name.exit_code) == (0, 0), by_county.output + by_full_name.output
    assert re.search(r"b\s+unit_staff\s+active\s+中阳县 · 县水利局", invoke(app, "users", "list").output)
    assert re.search(r"c\s+unit_staff\s+active\s+交城县 · 县水利局", invoke(app, "users", "list").output)
    wrong_county = invoke(app, "users", "set-unit", "b", "县水利局", "--county", "兴县")
    assert "没有名为“兴县”的县" in wrong_county.output


def test_the_office_county_is_the_default_county_of_a_unit_name(app, db):
    seed_units()
    update_office(None, clock.now(), county="中阳县")
    db.session.commit()

    result = invoke(app, "users", "create", "d", "--role", "unit_staff", "--unit", "县水利局")

    assert result.exit_code == 0, result.output
    assert re.search(r"d\s+unit_staff\s+active\s+中阳县 · 县水利局", invoke(app, "users", "list").output)
    missing = invoke(app, "users", "set-unit", "d", "县不存在局")
    assert "中阳县没有名为“县不存在局”的单位" in missing.output


def test_create_refuses_an_address_that_cannot_receive_mail(app, db):
    result = invoke(app, "users", "create", "zhang", "--role", "viewer", "--email", "not")
    assert result.exit_code == 1
    assert "电子邮箱地址无效：not" in result.output
    assert db.session.scalar(db.select(User).where(User.username == "zhang")) is None
