"""The command line and the package boundary (no Flask, no database)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.extraction.conftest import gazette
from tracker.extraction.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
NOTICE = """关于开展安全检查的通知

某政发〔2024〕9号

各乡镇:

一、开展检查。年底前完成排查。(县应急局负责)

某某县人民政府

2024年5月7日
"""


@pytest.fixture
def gazette_file(tmp_path):
    path = tmp_path / "gazette.txt"
    path.write_text(gazette(NOTICE), encoding="gb18030")
    return path


def test_prints_the_json_shape_for_one_file(gazette_file, capsys):
    assert main([str(gazette_file)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == "gazette.txt"
    [document] = data["documents"]
    assert set(document) == {"number", "title", "issuer", "issued_on", "line", "tasks", "candidates"}
    [task] = document["tasks"]
    assert {"confidence", "reasons", "unit_sources"} <= set(task)
    assert task["lead_unit"] == "县应急局"
    assert task["deadlines"] == [{"text": "年底前", "date": "2024-12-31", "start": None}]


def test_out_writes_one_json_file_per_input(gazette_file, tmp_path):
    out = tmp_path / "pred"
    assert main([str(gazette_file), "--out", str(out)]) == 0
    written = json.loads((out / "gazette.txt.json").read_text(encoding="utf-8"))
    assert written["documents"][0]["number"] == "某政发〔2024〕9号"


def test_summary_prints_a_table(gazette_file, capsys):
    assert main([str(gazette_file), "--summary"]) == 0
    out = capsys.readouterr().out
    assert "某政发〔2024〕9号" in out
    assert "关于开展安全检查的通知" in out


def test_bad_input_gives_one_line_on_stderr_and_exit_code_2(gazette_file, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main([str(empty), str(gazette_file)]) == 2
    captured = capsys.readouterr()
    assert captured.err == "error: empty.txt: file is empty\n"
    assert json.loads(captured.out)["source"] == "gazette.txt", "good files are still processed"


def test_module_runs_without_traceback_on_unsupported_file(tmp_path):
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"PK\x03\x04")
    done = subprocess.run(
        [sys.executable, "-m", "tracker.extraction", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_importing_the_engine_pulls_in_neither_flask_nor_sqlalchemy():
    code = (
        "import sys, tracker.extraction, tracker.extraction.__main__; "
        "assert 'flask' not in sys.modules and 'sqlalchemy' not in sys.modules, sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_unwritable_output_directory_is_one_line_and_exit_code_1(gazette_file, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert main([str(gazette_file), "--out", str(blocker / "pred")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot write to ")
    assert err.count("\n") == 1


def test_closed_pipe_ends_quietly(tmp_path):
    big = tmp_path / "big.txt"
    items = "\n".join(f"{n % 900 + 1}. 开展第{n}次检查。(县应急局负责)" for n in range(3000))
    big.write_text(
        gazette(NOTICE.replace("一、开展检查。年底前完成排查。(县应急局负责)", items)), encoding="utf-8"
    )
    done = subprocess.run(
        f"{sys.executable} -m tracker.extraction {big} | head -c 100",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.startswith("{")
    assert "Traceback" not in done.stderr
