"""Exact-match accuracy on the gold deadline phrases: our normaliser against dateparser.

Run from the repository root: python -m bench.gold_phrases [GOLD_DIR]
(default ../shared/eval/gold). Each gold phrase is read with its document's
date as reference; a phrase counts as exact when both date and start match
the gold. dateparser is given the same reference (RELATIVE_BASE) and Chinese
plus English; it has no notion of a range start, so for it only the date is
compared, against the gold date.
"""

import datetime
import json
import sys
import warnings
from pathlib import Path

import dateparser

from tracker.extraction.deadlines import normalise


def gold_phrases(gold_dir: Path) -> list[tuple[str, datetime.date, str | None, str | None]]:
    phrases = []
    for path in sorted(gold_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            task = json.loads(line)
            reference = datetime.date.fromisoformat(task["doc_date"])
            phrases.extend((d["text"], reference, d["date"], d["start"]) for d in task["deadlines"])
    return phrases


def ours(phrase: str, reference: datetime.date) -> tuple[str | None, str | None]:
    deadline = normalise(phrase, reference)
    if deadline is None:
        return None, None
    return deadline.to_json()["date"], deadline.to_json()["start"]


def dateparser_date(phrase: str, reference: datetime.date) -> str | None:
    base = datetime.datetime.combine(reference, datetime.time())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(phrase, languages=["zh", "en"], settings={"RELATIVE_BASE": base})
    return parsed.date().isoformat() if parsed else None


def main() -> None:
    gold_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/gold")
    phrases = gold_phrases(gold_dir)
    our_exact = our_wrong = parser_exact = parser_wrong = 0
    for text, reference, date, start in phrases:
        got = ours(text, reference)
        our_exact += got == (date, start)
        our_wrong += got[0] is not None and got[0] != date
        parsed = dateparser_date(text, reference)
        parser_exact += parsed == date
        parser_wrong += parsed is not None and parsed != date
        if got != (date, start):
            print(f"ours differs: {text!r} ref {reference}: gold {(date, start)}, ours {got}")
    total = len(phrases)
    print(f"gold phrases: {total}")
    print(f"ours:       {our_exact} exact ({our_exact / total:.1%}), {our_wrong} wrong dates")
    print(f"dateparser: {parser_exact} exact ({parser_exact / total:.1%}), {parser_wrong} wrong dates")
    with_date = sum(1 for _, _, date, _ in phrases if date)
    parser_dated = sum(1 for t, r, d, _ in phrases if d and dateparser_date(t, r) == d)
    print(
        f"dateparser on the {with_date} phrases with a gold date: {parser_dated} exact ({parser_dated / with_date:.1%})"
    )


if __name__ == "__main__":
    main()
