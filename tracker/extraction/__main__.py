"""Command line: ``python -m tracker.extraction FILE [FILE...] [--out DIR] [--summary] [--lexicon NAMES]``.

Prints the extraction JSON of one file (a JSON list for several), writes
DIR/<file name>.json per file with ``--out``, or prints a readable table with
``--summary``. Input that cannot be read gives a one-line message on stderr and
exit code 2; the other files are still processed. An output directory that
cannot be written gives a one-line message and exit code 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from tracker.extraction import ExtractionResult, extract_file
from tracker.extraction.errors import ExtractionError

EXIT_CANNOT_WRITE = 1
EXIT_BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m tracker.extraction",
        description="Extract documents and tasks from county government gazettes (政府公报).",
    )
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        help=".txt/.md (UTF-8 or GB18030), .docx, .doc, .pdf, .ofd or a .png/.jpg scan",
    )
    parser.add_argument("--out", type=Path, help="write DIR/<file name>.json per file instead of printing")
    parser.add_argument("--summary", action="store_true", help="print a readable table instead of JSON")
    parser.add_argument(
        "--lexicon", type=Path, help="a UTF-8 file of known unit names, one per line (the office's directory)"
    )
    args = parser.parse_args(argv)
    try:
        lexicon = args.lexicon.read_text(encoding="utf-8").split() if args.lexicon else None
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: cannot read {args.lexicon}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    results: list[ExtractionResult] = []
    failed = False
    for path in args.files:
        try:
            results.append(extract_file(path, lexicon))
        except ExtractionError as error:
            print(f"error: {error}", file=sys.stderr)
            failed = True
    if args.out:
        try:
            args.out.mkdir(parents=True, exist_ok=True)
            for result in results:
                (args.out / f"{result.source}.json").write_text(result.dumps(), encoding="utf-8")
        except OSError as error:
            print(f"error: cannot write to {args.out}: {error.strerror or error}", file=sys.stderr)
            return EXIT_CANNOT_WRITE
    if args.summary:
        for result in results:
            print(summary(result))
    elif not args.out and results:
        data = results[0].to_json() if len(results) == 1 else [r.to_json() for r in results]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    return EXIT_BAD_INPUT if failed else 0


def summary(result: ExtractionResult) -> str:
    """Return a plain-text table: one row per document with its 文号 and counts."""
    rows = [("文号", "tasks", "units", "deadlines", "document")]
    for document in result.documents:
        units = {unit for task in document.tasks for unit in task.units}
        deadlines = sum(len(task.deadlines) for task in document.tasks)
        rows.append(
            (
                document.number or "-",
                str(len(document.tasks)),
                str(len(units)),
                str(deadlines),
                document.title,
            )
        )
    width = max(_width(row[0]) for row in rows)
    lines = [f"{result.source}: {len(result.documents)} documents"]
    for number, tasks, units, deadlines, title in rows:
        pad = " " * (width - _width(number))
        lines.append(f"  {number}{pad}  {tasks:>5}  {units:>5}  {deadlines:>9}  {title}")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Return the display width of ``text``: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def run() -> int:
    """Run :func:`main`, ending quietly when the reader of our output goes away (``| head``)."""
    try:
        return main()
    except BrokenPipeError:
        # Python would report the pipe again while flushing stdout at exit; point it at devnull.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CANNOT_WRITE


if __name__ == "__main__":
    sys.exit(run())
