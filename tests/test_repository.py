"""Repository hygiene that a reviewer would otherwise have to catch by eye."""

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MARKERS = ("<<<<<<< ", ">>>>>>> ")


def tracked_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return [
        REPO / name
        for name in names
        if (REPO / name).suffix
        in {".py", ".html", ".css", ".js", ".txt", ".md", ".csv", ".toml", ".ini", ".cfg"}
    ]


def test_no_merge_conflict_markers_are_committed():
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in tracked_text_files()
        if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if line.startswith(MARKERS) or line == "======="
    ]
    assert offenders == []
