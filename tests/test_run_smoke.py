"""``python run.py`` on a fresh machine: creates the database and the admin, then serves."""

import json
import os
import re
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.processes import spawn, stop

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 30.0) -> int:
    """Poll ``url`` until it answers; return its status code."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"run.py exited early with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def start(instance: Path, port: int, *arguments: str, **variables: str) -> subprocess.Popen:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "TRACKER_ADMIN_PASSWORD", "TRACKER_LOG_FORMAT"}
    }
    env.update(
        TRACKER_INSTANCE_PATH=str(instance), TRACKER_SCHEDULER="off", PYTHONUNBUFFERED="1", **variables
    )
    return spawn(["run.py", "--port", str(port), *arguments], env)


@pytest.mark.slow
def test_first_start_creates_database_and_admin_then_serves(tmp_path):
    port = free_port()
    process = start(tmp_path, port)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz", process) == 200
        assert wait_for(f"http://127.0.0.1:{port}/login", process) == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login") as response:
            assert "登录督办台账" in response.read().decode("utf-8")
    finally:
        output = stop(process)
    assert (tmp_path / "tracker.db").exists()
    match = re.search(r"已创建用户 admin，密码 (\S+)", output)
    assert match, output
    assert len(match.group(1)) >= 12
    assert re.search(r"已导入样例公报：\d+ 个文件，\d+ 个工作事项。", output)
    assert "本县：交城县" in output  # no terminal to ask at: the sample gazette's county
    assert re.search(r"request id=\S+ method=GET path=/login status=200", output), output

    port = free_port()
    process = start(tmp_path, port)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz", process) == 200
    finally:
        second_output = stop(process)
    assert "密码" not in second_output, "the admin password must be shown only once"
    assert "样例公报" not in second_output, "the sample is imported on first start only"


@pytest.mark.slow
def test_run_py_writes_the_request_log_as_json_after_migrating(tmp_path):
    """Alembic's logging set-up (run at the migration) used to replace run.py's and silence the request log."""
    port = free_port()
    process = start(tmp_path, port, "--no-sample", TRACKER_LOG_FORMAT="json")
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz", process) == 200
    finally:
        output = stop(process)
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "tracker.request"]
    assert requests, output
    assert "path=/healthz status=200" in requests[-1]["message"]


def lock_rows(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT count(*) FROM scheduler_locks").fetchone()[0]


@pytest.mark.slow
def test_sigterm_frees_the_scheduler_lock_so_the_next_start_runs_jobs_at_once(tmp_path):
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "TRACKER_ADMIN_PASSWORD"}
    }
    env.update(TRACKER_INSTANCE_PATH=str(tmp_path), TRACKER_SCHEDULER="on", PYTHONUNBUFFERED="1")
    process = spawn(["run.py", "--port", str(port), "--no-sample"], env)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz", process) == 200
        assert lock_rows(tmp_path / "tracker.db") == 1, "the in-process scheduler holds the lock"
    finally:
        output = stop(process)  # SIGTERM
    assert process.returncode == 0, output
    assert lock_rows(tmp_path / "tracker.db") == 0, output
