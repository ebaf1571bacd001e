"""Measure OCR of scanned gazettes: character error rate, task F1 and seconds per page (issue 20).

Run from the repository root: ``python -m bench.ocr [--chars N] [--dpi 150 300]``.
Needs the OCR extra (requirements-ocr.txt) for RapidOCR, Debian's tesseract-ocr
with tesseract-ocr-chi-sim for Tesseract, and pdftoppm (poppler-utils).

The sample: from each seed gazette a window of consecutive source lines (about
two printed pages, ``--chars``) that starts just before the title of the first
document holding gold tasks. The window is printed with WeasyPrint like a
gazette (indented paragraphs, a running head with the issue, "— N —" page
numbers), rasterised with pdftoppm at each resolution and read back by each
engine on one thread; the text then goes through the same layout clean-up as
the product (tracker.extraction.layout). Figures:

- CER: edit distance between the window's text and the OCR text (white space
  and markdown marks ignored) over the window's length, also after NFKC (full-
  and half-width punctuation alike, as the seeds mix them);
- task F1: the extraction of the OCR text scored with ../shared/eval/score.py
  against the gold tasks of the window's lines, beside the same for the
  window's source text ("text version") and for the PDF's text layer; also
  with task texts and gold snippets folded to NFKC (score.py matches snippets
  literally, and OCR reads "1." as "1．");
- seconds per page: OCR only (rendering excluded), one thread: CPU seconds
  (this process and its children; what one free core would take) and wall
  seconds (which include waiting for the shared machine's cores).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from html import escape
from pathlib import Path

import numpy

from bench.summary import write_summary
from tracker.extraction import extract
from tracker.extraction.layout import Box, Page, page_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "eval" / "gold"
SCORE = SHARED / "eval" / "score.py"
RESULTS = ROOT / "bench" / "results"
COMMAND = "python -m bench.ocr"
MARKS = re.compile(r"^#+\s*|\s+", re.MULTILINE)
# Gazette-like pages: A4, GB/T 9704 margins, 16 pt text, 2-character paragraph indent, furniture in the margins.
CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
  @top-center { content: "%(head)s"; font-size: 10.5pt; }
  @bottom-center { content: "— " counter(page) " —"; font-size: 14pt; } }
body { font-family: "WenQuanYi Micro Hei"; font-size: 16pt; line-height: 1.5; }
p { margin: 0; text-indent: 2em; text-align: justify; }
h1 { font-size: 20pt; text-align: center; margin: 0.5em 0; }
"""


def window(seed: Path, gold: list[dict], chars: int) -> tuple[int, int]:
    """(first, end) 0-based line range: from just before the first gold document's title, about ``chars`` long."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    first = min(gold, key=lambda g: g["line"])
    title = MARKS.sub("", first["doc_title"])[:10]
    start = next(
        (i for i in range(first["line"] - 1, -1, -1) if title and title in MARKS.sub("", lines[i])),
        max(first["line"] - 10, 0),
    )
    start = max(start - 3, 0)
    end, size = start, 0
    while end < len(lines) and size < chars:
        size += len(lines[end])
        end += 1
    return start, end


def render_pdf(lines: list[str], head: str) -> bytes:
    from weasyprint import HTML

    body = "".join(
        f"<h1>{escape(line.lstrip('#').strip())}</h1>" if line.startswith("#") else f"<p>{escape(line)}</p>"
        for line in lines
        if line.strip()
    )
    html = f"<html><head><style>{CSS % {'head': head}}</style></head><body>{body}</body></html>"
    return HTML(string=html).write_pdf()


def rasterise(pdf: Path, dpi: int, out: Path) -> list[Path]:
    prefix = f"{pdf.stem}-{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(out / prefix)], check=True)
    return sorted(out.glob(f"{prefix}-*.png"))


def rapidocr_page(image: Path) -> Page:
    from PIL import Image

    from tracker.extraction.ocr import recognise

    with Image.open(image) as img:
        return recognise(img)


def tesseract_page(image: Path) -> Page:
    """Tesseract's line boxes (TSV level 4) with their words, one thread."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    tsv = subprocess.run(
        ["tesseract", str(image), "-", "-l", "chi_sim", "--psm", "3", "tsv"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    rows = [row.split("\t") for row in tsv.splitlines()[1:]]
    words: dict[tuple[str, ...], list[list[str]]] = {}
    for row in rows:
        if len(row) == 12 and row[0] == "5" and row[11].strip():
            words.setdefault(tuple(row[1:5]), []).append(row)
    boxes = []
    for line in words.values():
        x0 = min(int(w[6]) for w in line)
        top = min(int(w[7]) for w in line)
        x1 = max(int(w[6]) + int(w[8]) for w in line)
        bottom = max(int(w[7]) + int(w[9]) for w in line)
        boxes.append(Box(x0, top, x1, bottom, "".join(w[11] for w in line)))
    from PIL import Image

    with Image.open(image) as img:
        return Page(img.width, img.height, boxes)


ENGINES = {"rapidocr": rapidocr_page, "tesseract": tesseract_page}


def cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def cer(reference: str, hypothesis: str, fold_width: bool = False) -> float:
    """Levenshtein distance over the reference length, row by row in numpy (insertions by a running minimum).

    ``fold_width`` compares after NFKC, so a full-width "，" read for a half-width "," is no error.
    """
    ref, hyp = MARKS.sub("", reference), MARKS.sub("", hypothesis)
    if fold_width:
        ref, hyp = unicodedata.normalize("NFKC", ref), unicodedata.normalize("NFKC", hyp)
    if not ref:
        return float(bool(hyp))
    hyp_codes = numpy.array([ord(c) for c in hyp])
    index = numpy.arange(len(hyp) + 1)
    row = index.copy()
    for i, char in enumerate(ref, 1):
        substitute = row[:-1] + (hyp_codes != ord(char))
        best = numpy.concatenate(([i], numpy.minimum(row[1:] + 1, substitute)))
        row = numpy.minimum.accumulate(best - index) + index
    return float(row[-1]) / len(ref)


def task_f1(
    texts: dict[str, str], gold: dict[str, list[dict]], work: Path, label: str
) -> tuple[float, float]:
    """Extract each seed's text and score all of them together with ../shared/eval/score.py.

    Returns (raw, NFKC): score.py matches a gold snippet inside a task's text, so a task OCR read with a
    full-width "1．" for the source's "1." is missed; the second figure folds both sides to NFKC first.
    """
    results = {seed: extract(text.encode("utf-8"), seed).to_json() for seed, text in texts.items()}
    return tuple(_score(results, gold, work, f"{label}-{fold}", fold) for fold in (False, True))


def _score(
    results: dict[str, dict], gold: dict[str, list[dict]], work: Path, label: str, fold: bool
) -> float:
    def norm(text: str) -> str:
        return unicodedata.normalize("NFKC", text) if fold else text

    preds, golds = [], []
    for seed, result in results.items():
        result = {**result, "source": seed}
        result["documents"] = [
            {**d, "tasks": [{**t, "text": norm(t["text"])} for t in d["tasks"]]} for d in result["documents"]
        ]
        pred = work / f"{label}-{seed}.json"
        pred.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        gold_path = work / f"gold-{label}-{seed}.jsonl"
        rows = [{**g, "snippet": norm(g["snippet"])} for g in gold[seed]]
        gold_path.write_text(
            "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in rows), encoding="utf-8"
        )
        preds.append(str(pred))
        golds.append(str(gold_path))
    out = subprocess.run(
        [sys.executable, str(SCORE), "--gold", *golds, "--pred", *preds, "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])["f1"]


def report(figures: dict) -> str:
    """The run's Markdown report (bench/results/ocr.md)."""
    lines = [
        "# OCR of scanned gazettes",
        "",
        f"- command: `{figures['command']}` (repository root); date: {figures['date']}",
        f"- machine: {figures['machine']}",
        f"- sample: {figures['sample']}",
        f"- task F1, raw / NFKC, of the source text of the same lines: {figures['text_f1']:.3f} / "
        f"{figures['text_f1_nfkc']:.3f}; of the rendered PDF's text layer: {figures['layer_f1']:.3f} / "
        f"{figures['layer_f1_nfkc']:.3f} (CER {figures['layer_cer']:.2%})",
        "",
        "| engine | dpi | CER | CER (NFKC) | task F1, raw / NFKC | CPU s / page | wall s / page |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['engine']} | {r['dpi']} | {r['cer']:.2%} | {r['cer_nfkc']:.2%} | {r['task_f1']:.3f} / {r['task_f1_nfkc']:.3f} | "
        f"{r['cpu_s_per_page']:.1f} | {r['s_per_page']:.1f} |"
        for r in figures["runs"]
    ]
    lines += [
        "",
        "Targets: CER ≤ 2 % at 300 dpi, task F1 within 0.03 of the text version, under 2 s a page on one core.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND)
    parser.add_argument(
        "--chars", type=int, default=2600, help="source characters per seed (about two pages)"
    )
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES))
    args = parser.parse_args(argv)
    from tracker.extraction.read import read_text

    seeds = sorted(SEEDS.glob("*.txt"))
    sources, gold, pdf_texts = {}, {}, {}
    runs: dict[tuple[str, int], dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pages = 0
        for seed in seeds:
            all_gold = [
                json.loads(line) for line in (GOLD / f"{seed.stem}.jsonl").read_text("utf-8").splitlines()
            ]
            start, end = window(seed, all_gold, args.chars)
            lines = seed.read_text(encoding="utf-8").split("\n")[start:end]
            sources[seed.name] = "\n".join(lines)
            gold[seed.name] = [g for g in all_gold if start < g["line"] <= end]
            head = f"{all_gold[0]['doc_number'][:3]}县人民政府公报　2025年第1期"
            pdf = work / f"{seed.stem}.pdf"
            pdf.write_bytes(render_pdf(lines, head))
            pdf_texts[seed.name] = read_text(pdf.read_bytes(), pdf.name)
            for dpi in args.dpi:
                images = rasterise(pdf, dpi, work)
                if dpi == args.dpi[0]:
                    pages += len(images)
                for engine in args.engines:
                    start_time, start_cpu = time.perf_counter(), cpu_seconds()
                    ocr_pages = [ENGINES[engine](image) for image in images]
                    run = runs.setdefault(
                        (engine, dpi), {"texts": {}, "seconds": 0.0, "cpu": 0.0, "pages": 0}
                    )
                    run["seconds"] += time.perf_counter() - start_time
                    run["cpu"] += cpu_seconds() - start_cpu
                    run["pages"] += len(images)
                    run["texts"][seed.name] = page_text(ocr_pages)
        text_f1, text_f1_nfkc = task_f1(sources, gold, work, "text")
        layer_f1, layer_f1_nfkc = task_f1(pdf_texts, gold, work, "layer")
        rows = []
        for (engine, dpi), run in sorted(runs.items()):
            ref = "".join(sources.values())
            hyp = "".join(run["texts"][name] for name in sources)
            rows.append(
                {
                    "engine": engine,
                    "dpi": dpi,
                    "cer": cer(ref, hyp),
                    "cer_nfkc": cer(ref, hyp, fold_width=True),
                    **dict(
                        zip(
                            ("task_f1", "task_f1_nfkc"),
                            task_f1(run["texts"], gold, work, f"{engine}{dpi}"),
                            strict=True,
                        )
                    ),
                    "s_per_page": run["seconds"] / run["pages"],
                    "cpu_s_per_page": run["cpu"] / run["pages"],
                }
            )
        layer_cer = cer("".join(sources.values()), "".join(pdf_texts.values()))
    figures = {
        "date": f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d}",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores shared (load {os.getloadavg()[0]:.1f}), "
        f"Python {platform.python_version()}",
        "command": f"{COMMAND} --chars {args.chars} --dpi {' '.join(map(str, args.dpi))}",
        "sample": f"{len(seeds)} seeds, {sum(len(s) for s in sources.values())} source characters, {pages} pages, "
        f"{sum(len(g) for g in gold.values())} gold tasks",
        "text_f1": text_f1,
        "text_f1_nfkc": text_f1_nfkc,
        "layer_f1": layer_f1,
        "layer_f1_nfkc": layer_f1_nfkc,
        "layer_cer": layer_cer,
        "runs": rows,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ocr.json").write_text(
        json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (RESULTS / "ocr.md").write_text(report(figures), encoding="utf-8")
    print(report(figures))
    print(f"written to {write_summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
