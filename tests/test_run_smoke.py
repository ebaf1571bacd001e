"""``python run.py`` on a fresh machine: creates the database and the admin, then serves."""

import os
import re
import socket
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


def start(instance: Path, port: int) -> subprocess.Popen:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "TRACKER_ADMIN_PASSWORD"}
    }
    env.update(TRACKER_INSTANCE_PATH=str(instance), TRACKER_SCHEDULER="off", PYTHONUNBUFFERED="1")
    return spawn(["run.py", "--port", str(port)], env)


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
