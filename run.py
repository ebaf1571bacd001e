"""Serve the tracker on an embedded SQLite database: ``python run.py``.

On first start this creates ``instance/tracker.db``, brings it to the latest
migration, creates the first administrator with a generated password (printed
once), starts the in-process scheduler (unless TRACKER_SCHEDULER=off or another
process already runs one on this database), and serves http://127.0.0.1:5000. ``flask --app run …`` finds
``create_app`` here for the CLI commands.
"""

import argparse
import os
import secrets
import signal
import sys
from pathlib import Path

from flask_migrate import upgrade

from tracker import clock, create_app
from tracker.extensions import db
from tracker.logs import configure_logging
from tracker.scheduling import start_if_enabled
from tracker.services.imports import detect_county, import_file
from tracker.services.office import known_counties, update_office
from tracker.services.setup import FIRST_ADMIN_USERNAME, ensure_first_admin
from tracker.services.unit_directory import seed_units

#: A real gazette (交城县人民政府公报 2025年第1期, public text) imported on first start.
SAMPLE_GAZETTE = Path(__file__).parent / "samples" / "jiaocheng-gazette-2025-01.txt"


def load_or_create_secret_key(instance_path: Path) -> str:
    """Return the key in instance/secret_key, creating it (owner-only) on first start.

    Keeping it in the instance folder means sessions survive a restart without
    anyone having to invent a key, and no key is ever committed.
    """
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def sample_text() -> str:
    return SAMPLE_GAZETTE.read_text(encoding="utf-8")


def choose_county(given: str | None, sample_county: str | None) -> str:
    """The office's county on first start: as given, else asked for at a terminal, else the sample's county.

    An answer that is not a county of the unit directory is asked again; an empty answer means every county.
    """
    counties = known_counties()
    if given:
        if given not in counties:
            raise SystemExit(f"单位名录中没有“{given}”。可选：{'、'.join(counties)}。")
        return given
    if not sys.stdin.isatty():
        return sample_county if sample_county in counties else ""
    default = sample_county if sample_county in counties else ""
    while True:
        answer = input(
            f"本督查室所在的县（可选：{'、'.join(counties)}；回车即“{default or '不限'}”）："
        ).strip()
        answer = answer or default
        if not answer or answer in counties:
            return answer
        print(f"单位名录中没有“{answer}”。")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description="督办台账: serve the dashboard on the embedded database.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5000, help="port to listen on (default 5000)")
    parser.add_argument(
        "--no-sample", action="store_true", help="do not import the bundled sample gazette on first start"
    )
    parser.add_argument(
        "--county",
        default=os.environ.get("TRACKER_COUNTY"),
        help="the office's county on first start, e.g. 交城县 (env TRACKER_COUNTY; asked for when omitted)",
    )
    parser.add_argument(
        "--admin-password",
        default=os.environ.get("TRACKER_ADMIN_PASSWORD"),
        help="password for the first admin (default: generated and printed once; env TRACKER_ADMIN_PASSWORD)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Prepare the embedded database on first start (schema, admin, sample gazette), then serve."""
    args = parse_args(argv)
    configure_logging()
    instance_path = Path(os.environ.get("TRACKER_INSTANCE_PATH") or Path(__file__).parent / "instance")
    instance_path.mkdir(parents=True, exist_ok=True)
    overrides = {}
    if not os.environ.get("SECRET_KEY"):
        overrides["SECRET_KEY"] = load_or_create_secret_key(instance_path)
    app = create_app(**overrides)
    with app.app_context():
        upgrade()
        configure_logging()  # again: Alembic's env.py reads alembic.ini's logging set-up, which silences INFO
        password = ensure_first_admin(args.admin_password)
        db.session.commit()
        first_start = password is not None
        if first_start:
            seed_units()  # before the sample, so its 县发改局 resolves to 县发展和改革局
            county = choose_county(args.county, None if args.no_sample else detect_county(sample_text()))
            update_office(None, clock.now(), county=county)
            db.session.commit()
            print(f"本县：{county}（可在“本县设置”页修改）" if county else "本县：不限（各页面按县筛选）")
        if first_start and not args.no_sample:
            summary = import_file(SAMPLE_GAZETTE.read_bytes(), SAMPLE_GAZETTE.name, None, clock.now())
            db.session.commit()
            print(
                f"已导入样例公报：{summary['documents_created']} 个文件，{summary['items_created']} 个工作事项。"
            )
    if password and not args.admin_password:
        print(f"首次启动：已创建用户 {FIRST_ADMIN_USERNAME}，密码 {password}")
        print("密码只显示这一次，请登录后修改。")
    # SIGTERM (systemd, `kill`) ends the process like Ctrl-C: through SystemExit, so the atexit hook
    # stops the scheduler and frees its lock row, and the next start need not wait for it to lapse.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    start_if_enabled(app)
    print(f"督办台账已启动：http://{args.host}:{args.port}/", flush=True)
    app.run(host=args.host, port=args.port, use_reloader=False, threaded=True)


if __name__ == "__main__":
    sys.exit(main())
