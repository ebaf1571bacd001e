"""Score the extraction engine against the gold of ../shared, and measure what each rule gains.

Usage (from the repository root)::

    python scripts/score_extraction.py [--show N] [--json]
    python scripts/score_extraction.py --ablate

Three sets are scored with ../shared/eval/score.py's own functions: the seed
gazettes (../shared/seeds), the development files of ../shared/corpus, and its
validation fold: every third corpus file by name, starting with the third
(05, 11, 17, …). The validation fold is printed as overall figures only, never
file by file, so that rules are written from conventions, not fitted to it.

``--ablate`` runs the engine once per rule of :mod:`tracker.extraction.rules`
with that rule switched off, over the seeds and the development files, and
lists how many correct tasks, units (summed unit F1 of the found tasks),
correct deadlines and correct 文号 each rule gains. A rule that gains nothing is a rule to delete.

Exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.extraction import extract  # noqa: E402
from tracker.extraction.rules import RULES, disabled  # noqa: E402

SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"


def load_scorer():
    """Import ../shared/eval/score.py as a module (it is not a package)."""
    spec = importlib.util.spec_from_file_location("gold_scorer", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sets() -> dict[str, list[tuple[Path, Path]]]:
    """Return (text, gold) pairs of the seeds, the corpus development files and the validation fold."""
    seeds = [
        (p, SHARED / "eval" / "gold" / f"{p.stem}.jsonl") for p in sorted((SHARED / "seeds").glob("*.txt"))
    ]
    corpus = [
        (p, SHARED / "corpus" / "gold" / f"{p.stem}.jsonl") for p in sorted((SHARED / "corpus").glob("*.txt"))
    ]
    corpus = [(text, gold) for text, gold in corpus if gold.exists()]
    validation = corpus[2::3]
    development = [pair for pair in corpus if pair not in validation]
    return {"seeds": seeds, "dev": development, "validation": validation}


class Scorer:
    """Extract each file (once per run) and score it with the shared scorer's functions."""

    def __init__(self) -> None:
        self.module = load_scorer()
        self.data: dict[Path, bytes] = {}

    def score(self, pairs: list[tuple[Path, Path]], rules_off=(), show: int = 0) -> tuple[dict, list[str]]:
        """Return the overall figures of ``pairs`` and the per-file lines (with ``show`` misses each)."""
        total: dict[str, float] = defaultdict(float)
        weights: dict[str, float] = defaultdict(float)
        lines = []
        with disabled(rules_off) if rules_off else nullcontext():
            for text, gold_path in pairs:
                data = self.data.setdefault(text, text.read_bytes())
                prediction = extract(data, text.name).to_json()
                gold = self.module.load_gold([str(gold_path)])[text.name]
                figures, missed, wrong = self.module.score_file(gold, prediction, show)
                lines.append(_file_line(text.name, figures, missed[:show], wrong))
                for key in ("gold", "pred", "found"):
                    total[key] += figures[key]
                for key in ("units_f1", "lead_acc", "deadline_acc", "docno_acc"):
                    total[key] += figures[key] * figures["found"]
                    weights[key] += figures["found"]
        recall = total["found"] / total["gold"] if total["gold"] else 0.0
        precision = total["found"] / total["pred"] if total["pred"] else 0.0
        overall = {
            "gold": int(total["gold"]),
            "pred": int(total["pred"]),
            "found": int(total["found"]),
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(2 * recall * precision / (recall + precision), 4) if recall + precision else 0.0,
            "units": round(total["units_f1"], 1),
            "deadlines": round(total["deadline_acc"], 1),
            "numbers": round(total["docno_acc"], 1),
        }
        for key in ("units_f1", "lead_acc", "deadline_acc", "docno_acc"):
            overall[key] = round(total[key] / weights[key], 4) if weights[key] else 0.0
        return overall, lines


def _file_line(name: str, figures: dict, missed: list, wrong: list) -> str:
    line = (
        f"  {name}: gold {figures['gold']} pred {figures['pred']} found {figures['found']} "
        f"F1 {figures['f1']:.3f} units {figures['units_f1']:.3f} lead {figures['lead_acc']:.3f} "
        f"deadline {figures['deadline_acc']:.3f}"
    )
    extra = [f"    MISSED line {g['line']} {g['snippet']}" for g in missed]
    extra += [
        f"    WRONG line {g['line']} {g['snippet'][:20]} gold {g.get('units')} pred {t.get('units')}"
        for g, t, *_ in wrong
    ]
    return "\n".join([line, *extra])


def _overall_line(name: str, overall: dict) -> str:
    return (
        f"{name}: tasks {overall['found']}/{overall['gold']} (pred {overall['pred']}) "
        f"P {overall['precision']:.3f} R {overall['recall']:.3f} F1 {overall['f1']:.3f} | "
        f"units F1 {overall['units_f1']:.3f} lead {overall['lead_acc']:.3f} "
        f"deadline {overall['deadline_acc']:.3f} 文号 {overall['docno_acc']:.3f}"
    )


def report(scorer: Scorer, groups: dict, show: int, as_json: bool) -> None:
    """Print the figures of every set; the validation fold overall only."""
    figures = {}
    for name, pairs in groups.items():
        overall, lines = scorer.score(pairs, show=show if name != "validation" else 0)
        figures[name] = overall
        print(_overall_line(name, overall))
        if name != "validation":
            print("\n".join(lines))
    if as_json:
        print(json.dumps(figures, ensure_ascii=False))


def ablate(scorer: Scorer, groups: dict) -> None:
    """Print what each rule gains on the seeds and the development files."""
    pairs = groups["seeds"] + groups["dev"]
    base, _ = scorer.score(pairs)
    print(f"all rules on: {_overall_line('seeds+dev', base)}")
    print(f"{'rule':24} {'tasks':>6} {'units':>7} {'dates':>7} {'文号':>5} {'F1':>7}  convention")
    rows = []
    for rule, convention in RULES.items():
        off, _ = scorer.score(pairs, rules_off=[rule])
        gains = (
            base["found"] - off["found"],
            base["units"] - off["units"],
            base["deadlines"] - off["deadlines"],
            base["numbers"] - off["numbers"],
            base["f1"] - off["f1"],
        )
        rows.append((rule, gains, convention))
    for rule, (tasks, units, dates, numbers, f1), convention in sorted(
        rows, key=lambda row: row[1], reverse=True
    ):
        gains = tasks > 0 or units > 0.05 or dates > 0.05 or numbers > 0.05 or f1 > 0.0005
        flag = "" if gains else "  <- gains nothing here"
        print(
            f"{rule:24} {tasks:>+6d} {units:>+7.1f} {dates:>+7.1f} {numbers:>+5.0f} {f1:>+7.3f}  {convention}{flag}"
        )


def main(argv: list[str] | None = None) -> int:
    """Score, or ablate; return the exit code."""
    parser = argparse.ArgumentParser(prog="python scripts/score_extraction.py")
    parser.add_argument("--show", type=int, default=0, help="list up to N misses per development file")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line last")
    parser.add_argument("--ablate", action="store_true", help="measure each rule by switching it off")
    args = parser.parse_args(argv)
    if not SCORER.exists():
        print(f"{SHARED} not found: nothing to score")
        return 0
    groups = sets()
    scorer = Scorer()
    if args.ablate:
        ablate(scorer, groups)
    else:
        report(scorer, groups, args.show, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
