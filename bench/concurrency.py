"""Many users at once: gunicorn serving the app, wrk sending requests from a second process.

    python -m bench.concurrency --db URL [--workers 3] [--threads 1] [--connections 50] [--seconds 60] [--timeout 2]

The database must hold a benchmark load (``python -m bench``). Requests rotate
over the dashboard, three item-list views and an item page, as the signed-in
benchmark supervisor (the session cookie is signed with the server's key).
Writes bench/results/concurrency-<backend>.md (and .json) and refreshes
bench/RESULTS.md. A request slower than --timeout counts as an error, as wrk
counts it. Traffic stays on 127.0.0.1.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.summary import write_summary
from config import ProductionConfig
from tracker import create_app
from tracker.extensions import db
from tracker.models import User

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PATHS = ["/", "/items/", "/items/?lights=red&page=3", "/items/?statuses=in_progress&sort=due", "/items/1"]
LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Cookie"] = "session=%s"})
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_cookie(app) -> str:
    """A signed session for the benchmark supervisor, as Flask-Login would write it at sign-in."""
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.username == "bench-supervisor"))
        if user is None:
            raise SystemExit("no benchmark data in this database: run `python -m bench --db URL` first")
        serializer = app.session_interface.get_signing_serializer(app)
        return serializer.dumps({"_user_id": user.get_id(), "_fresh": True})


def refresh_dashboard_figures(app) -> None:
    """Do the scheduler's dashboard job once, as production's scheduler process does every few minutes.

    The figures are then fresh for the whole run (they are kept five
    minutes), so no request computes them under load, as in production.
    """
    from tracker import clock
    from tracker.services.dashboard import refresh_office_figures

    with app.app_context():
        refresh_office_figures(clock.now())
        db.session.commit()


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.concurrency", description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument(
        "--workers", type=int, default=3, help="default: 3, the cores + 1 of a 2-core machine"
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="default: 1 (sync workers; pages are CPU-bound)"
    )
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--timeout", type=int, default=2, help="seconds before wrk counts a request as a time-out error"
    )
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    secret = secrets.token_hex(32)
    app = create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI=args.db, SECRET_KEY=secret)  # as gunicorn's
    cookie = session_cookie(app)
    port = free_port()
    env = {
        **os.environ,
        "TRACKER_ENV": "production",
        "DATABASE_URL": args.db,
        "SECRET_KEY": secret,
        "TRACKER_LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(args.workers),
            "--threads",
            str(args.threads),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "run:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server)
        refresh_dashboard_figures(app)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA % (", ".join(f'"{p}"' for p in PATHS), cookie))
        command = [
            "wrk",
            "-t2",
            f"-c{args.connections}",
            f"-d{args.seconds}s",
            f"--timeout={args.timeout}s",
            "--latency",
            "-s",
            script.name,
            base,
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures = parse_wrk(output)
    backend = "postgresql" if args.db.startswith("postgresql") else "sqlite"
    command = f"python -m bench.concurrency {' '.join(argv if argv is not None else sys.argv[1:])}"
    machine = f"{platform.machine()}, {os.cpu_count()} cores (wrk and PostgreSQL share them)"
    text = "\n".join(
        [
            f"# Concurrency: {args.connections} connections for {args.seconds} s, {backend}",
            "",
            f"- date: {time.strftime('%Y-%m-%d')}",
            f"- machine: {machine}",
            f"- command: `{command}`",
            f"- gunicorn: {args.workers} workers x {args.threads} threads; paths rotated: {', '.join(PATHS)}",
            "",
            f"Requests per second: **{figures['rps']}**; non-2xx/3xx responses: **{figures['non_2xx']}**; "
            f"socket errors (connect, read, write, time-outs over {args.timeout} s): "
            f"**{figures['socket_errors']}**.",
            "",
            "```",
            output.strip(),
            "```",
            "",
        ]
    )
    out = RESULTS / f"concurrency-{backend}.md"
    out.write_text(text, encoding="utf-8")
    figures.update(
        backend=backend,
        machine=machine,
        date=time.strftime("%Y-%m-%d"),
        command=command,
        connections=args.connections,
        workers=args.workers,
        threads=args.threads,
        timeout_s=args.timeout,
    )
    out.with_suffix(".json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    write_summary()
    print(text)
    return 0


def parse_wrk(output: str) -> dict:
    """Requests per second, errors and latency percentiles from wrk's --latency report."""
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    latency = {
        percent: _ms(value, unit)
        for percent, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    }
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        "latency_p50_ms": latency.get("50", 0.0),
        "latency_p99_ms": latency.get("99", 0.0),
    }


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


if __name__ == "__main__":
    sys.exit(main())
