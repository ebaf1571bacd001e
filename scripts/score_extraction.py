"""Score the extraction engine on the seed gazettes against the hand-checked gold.

Usage (from the repository root): ``python scripts/score_extraction.py [--show N]``

Runs ``python -m tracker.extraction ../shared/seeds/*.txt --out TMP`` and then
``../shared/eval/score.py``; extra arguments go to score.py. Exits 0 with a
message when ../shared (the evaluation material kept outside the repository)
is absent.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main(argv: list[str]) -> int:
    """Run extraction and scoring; return score.py's exit code."""
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    gold = sorted((SHARED / "eval" / "gold").glob("*.jsonl"))
    scorer = SHARED / "eval" / "score.py"
    if not seeds or not gold or not scorer.exists():
        print(f"{SHARED} not found: nothing to score")
        return 0
    with tempfile.TemporaryDirectory() as out:
        extract = [sys.executable, "-m", "tracker.extraction", *map(str, seeds), "--out", out]
        done = subprocess.run(extract, cwd=ROOT, check=False)
        if done.returncode != 0:
            return done.returncode
        predictions = sorted(str(p) for p in Path(out).glob("*.json"))
        score = [sys.executable, str(scorer), "--gold", *map(str, gold), "--pred", *predictions, *argv]
        return subprocess.run(score, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
