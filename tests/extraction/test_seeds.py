"""Each seed gazette (kept in ../shared, outside the repository) extracts to the agreed JSON shape."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.extraction import extract_file

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TASK_KEYS = {
    "label",
    "title",
    "text",
    "lead_unit",
    "units",
    "leaders",
    "persons",
    "deadlines",
    "recurrence",
    "line",
}


def _optional(value, kind) -> bool:
    return value is None or isinstance(value, kind)


@pytest.mark.skipif(not SEEDS, reason="../shared/seeds is not present")
@pytest.mark.parametrize("path", SEEDS, ids=[p.name for p in SEEDS])
def test_seed_output_matches_the_json_shape(path):
    data = json.loads(extract_file(path).dumps())
    assert data["source"] == path.name
    assert data["documents"]
    lines = path.read_text(encoding="utf-8").split("\n")
    for document in data["documents"]:
        assert set(document) == {"number", "title", "issuer", "issued_on", "line", "tasks", "candidates"}
        assert _optional(document["number"], str)
        assert _optional(document["issuer"], str)
        assert document["issued_on"] is None or ISO.match(document["issued_on"])
        assert isinstance(document["line"], int)
        assert 1 <= document["line"] <= len(lines)
        for task in document["tasks"] + document["candidates"]:
            assert TASK_KEYS <= set(task)
            assert 0 <= task["confidence"] <= 1
            assert set(task["unit_sources"]) <= set(task["units"])
            assert isinstance(task["text"], str)
            assert task["text"]
            assert isinstance(task["title"], str)
            assert 0 < len(task["title"]) <= 40
            assert all(isinstance(u, str) and u for u in task["units"])
            assert task["lead_unit"] is None or task["lead_unit"] in task["units"]
            assert all(isinstance(x, str) for x in task["leaders"] + task["persons"])
            assert _optional(task["recurrence"], str)
            assert isinstance(task["line"], int)
            assert 1 <= task["line"] <= len(lines)
            first = re.sub(r"\s+", "", task["text"].split("\n")[0])[:10]
            assert first in re.sub(r"\s+", "", lines[task["line"] - 1]), "line points at the item's start"
            for deadline in task["deadlines"]:
                assert set(deadline) == {"text", "date", "start"}
                assert all(deadline[k] is None or ISO.match(deadline[k]) for k in ("date", "start"))


SCORER = SHARED / "eval" / "score.py"
TARGETS = {"f1": 0.95, "units_f1": 0.95, "lead_acc": 0.95, "deadline_acc": 0.95, "docno_acc": 0.98}


@pytest.mark.skipif(not SEEDS or not SCORER.exists(), reason="../shared/eval is not present")
def test_seed_scores_meet_the_targets(tmp_path):
    """Guard the accuracy on the hand-checked gold against regressions (scripts/score_extraction.py prints it)."""
    predictions = []
    for path in SEEDS:
        out = tmp_path / f"{path.name}.json"
        out.write_text(extract_file(path).dumps(), encoding="utf-8")
        predictions.append(str(out))
    gold = sorted(str(p) for p in (SHARED / "eval" / "gold").glob("*.jsonl"))
    done = subprocess.run(
        [sys.executable, str(SCORER), "--gold", *gold, "--pred", *predictions, "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    overall = json.loads(done.stdout.strip().splitlines()[-1])
    below = {k: overall[k] for k, target in TARGETS.items() if overall[k] < target}
    assert not below, overall
