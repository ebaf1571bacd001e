"""Two ``flask --app run scheduler`` processes on one database: one runs the jobs, the other stands by."""

import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.processes import spawn, stop
from tracker.models import JobRun

REPO = Path(__file__).resolve().parents[2]


def start_scheduler(database_url: str, instance: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "TRACKER_", "DATABASE_URL"))}
    env.update(
        TRACKER_ENV="development",
        DATABASE_URL=database_url,
        SECRET_KEY="two-scheduler-test",
        TRACKER_INSTANCE_PATH=str(instance),
        PYTHONUNBUFFERED="1",
    )
    return spawn(["-m", "flask", "--app", "run", "scheduler"], env)


@pytest.mark.slow
def test_two_scheduler_processes_run_the_start_up_job_once(app, db, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    processes = [start_scheduler(url, tmp_path), start_scheduler(url, tmp_path)]
    try:
        deadline = time.monotonic() + 30
        while db.session.get(JobRun, "flag_overdue") is None and time.monotonic() < deadline:
            db.session.rollback()
            time.sleep(0.2)
        time.sleep(1.0)  # time enough for a second, unguarded scheduler to run the job as well
    finally:
        outputs = [stop(process) for process in processes]
    db.session.rollback()

    run = db.session.get(JobRun, "flag_overdue")
    assert run is not None, outputs
    assert run.run_count == 1, outputs
    assert sum("Scheduler lock acquired" in output for output in outputs) == 1, outputs
    assert sum("standing by" in output for output in outputs) == 1, outputs
    assert all(process.returncode is not None for process in processes)
