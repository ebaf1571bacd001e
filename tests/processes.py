"""Starting and stopping the app's own processes (run.py, the scheduler) in tests."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def spawn(arguments: list[str], env: dict[str, str]) -> subprocess.Popen:
    """Run ``python ARGUMENTS`` from the repository root, output (stdout and stderr) captured as text."""
    return subprocess.Popen(
        [sys.executable, *arguments],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process: subprocess.Popen, timeout: float = 15) -> str:
    """Ask the process to end (SIGTERM), kill it if it does not, and return everything it printed."""
    process.terminate()
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output
