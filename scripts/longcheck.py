"""Long-article check: does one huge article cost what the same text costs as several normal ones?

What it measures: it builds articles of real news sentences by concatenating the paragraphs
(blank-line separated blocks of 80 characters or more) of ``../shared/eval/gva-dev/articles.jsonl``
in file order (each record there is ``{id, title, published, url, text, incident}``; see
``../shared/eval/README.md``), as many whole paragraphs as fit in the wanted length, joined by blank
lines. Each run must store every article it is given (one refused as too long would be timed at
nothing). Every input is ingested in a fresh
Python process into a fresh temporary ledger (``Ledger.ingest``: segment, parse, every extractor,
store, link), so the peak resident memory printed is that run's own (the child's ``ru_maxrss``,
read when it ends, spaCy's model included). The seconds are the ingest's alone: the child loads
the spaCy pipeline before the clock starts.

It runs, by default:

* one article of each ``--sizes`` (100k, 200k, 500k characters): seconds, seconds per 100k
  characters (flat when the cost grows linearly) and peak RSS;
* the done-when comparison: the 500k-character text as one article against the same text cut at
  paragraph ends into five articles of about 100k, in one JSONL file of five records.

It prints one line per run, then the ratio ``one 500k article / five 100k articles`` and exits 1
when that ratio is 4 or more or a run's peak RSS is 1 GB or more, 0 otherwise.

It is a measurement, not a test: the figures depend on the machine (and on what else runs on it).

Reproduce::

    .venv/bin/python scripts/longcheck.py
    .venv/bin/python scripts/longcheck.py --sizes 100000 200000 500000 1000000   # up to pipeline.MAX_ARTICLE_CHARS
    .venv/bin/python scripts/longcheck.py --sizes 100000 --no-compare
    .venv/bin/python scripts/longcheck.py --profile 200000      # cProfile of one ingest, top 40 by cumulative time
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GVA_ARTICLES = ROOT.parent / "shared" / "eval" / "gva-dev" / "articles.jsonl"
#: What one 500k-character article may cost against the same text as five articles, and its memory ceiling.
MAX_RATIO = 4.0
MAX_PEAK_MB = 1024.0


def paragraphs(path: Path = GVA_ARTICLES) -> Iterator[str]:
    """The paragraphs of the GVA articles, in file order, each stripped; very short ones (bylines) skipped."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            for block in json.loads(line)["text"].split("\n\n"):
                block = block.strip()
                if len(block) >= 80:
                    yield block


def news_text(chars: int) -> str:
    """About ``chars`` characters (never more) of real news paragraphs joined by blank lines, ending at a
    paragraph end."""
    taken: list[str] = []
    length = -2
    for block in paragraphs():
        if length + 2 + len(block) > chars:
            return "\n\n".join(taken)
        taken.append(block)
        length += len(block) + 2
    raise SystemExit(f"longcheck: {GVA_ARTICLES}: only {length:,} characters of paragraphs, {chars:,} wanted")


def split_text(text: str, parts: int) -> list[str]:
    """``text`` cut at paragraph ends into ``parts`` pieces of about equal length."""
    blocks = text.split("\n\n")
    target = len(text) / parts
    pieces: list[list[str]] = [[]]
    length = 0
    for block in blocks:
        if length >= target * len(pieces) and len(pieces) < parts:
            pieces.append([])
        pieces[-1].append(block)
        length += len(block) + 2
    return ["\n\n".join(piece) for piece in pieces]


def write_jsonl(texts: list[str], path: Path) -> Path:
    """One JSONL record (one article) per text, dated so times resolve as they would in real input."""
    with path.open("w", encoding="utf-8") as out:
        for number, text in enumerate(texts):
            out.write(json.dumps({"id": f"long-{number}", "published": "2014-01-28", "text": text}) + "\n")
    return path


CHILD = """
import json, resource, sys, time
from pathlib import Path
from newsledger.ledger import Ledger
from newsledger.nlp import load_nlp
load_nlp()
started = time.perf_counter()
with Ledger(Path(sys.argv[2])) as ledger:
    report = ledger.ingest([sys.argv[1]])
seconds = time.perf_counter() - started
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
errors = [str(e) for e in report.errors]
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "articles": report.new_articles, "errors": errors}))
"""

PROFILE_CHILD = """
import cProfile, pstats, sys
from pathlib import Path
from newsledger.ledger import Ledger
from newsledger.nlp import load_nlp
load_nlp()
profile = cProfile.Profile()
with Ledger(Path(sys.argv[2])) as ledger:
    profile.enable()
    ledger.ingest([sys.argv[1]])
    profile.disable()
pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
pstats.Stats(profile).sort_stats("tottime").print_stats(25)
"""


def ingest_in_child(path: Path, folder: Path, code: str = CHILD, articles: int = 1) -> dict[str, float]:
    """Ingest ``path`` into a fresh ledger in a fresh process; its seconds and peak RSS. The run must
    store its ``articles`` (an article refused as too long would be timed at nothing)."""
    ledger = folder / f"{path.stem}.db"
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), str(ledger)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"longcheck: ingest of {path} failed:\n{done.stderr[-3000:]}")
    if code is not CHILD:
        print(done.stdout)
        return {}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["errors"] or result["articles"] != articles:
        raise SystemExit(f"longcheck: {path}: stored {result['articles']} of {articles} articles: {result['errors']}")
    return {"seconds": float(result["seconds"]), "peak_mb": float(result["peak_mb"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 200_000, 500_000])
    parser.add_argument("--no-compare", action="store_true", help="skip the 500k against 5 x 100k comparison")
    parser.add_argument("--profile", type=int, metavar="CHARS", help="cProfile one ingest of an article this long")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if args.profile:
            ingest_in_child(write_jsonl([news_text(args.profile)], folder / "profile.jsonl"), folder, PROFILE_CHILD)
            return 0
        worst_peak = 0.0
        for size in args.sizes:
            text = news_text(size)
            run = ingest_in_child(write_jsonl([text], folder / f"one-{size}.jsonl"), folder)
            worst_peak = max(worst_peak, run["peak_mb"])
            print(
                f"one article of {len(text):>9,} characters: {run['seconds']:7.1f} s "
                f"({run['seconds'] * 100_000 / len(text):5.1f} s per 100k), peak RSS {run['peak_mb']:6,.0f} MB"
            )
        if args.no_compare:
            return 1 if worst_peak >= MAX_PEAK_MB else 0
        text = news_text(500_000)
        one = ingest_in_child(write_jsonl([text], folder / "one.jsonl"), folder)
        pieces = split_text(text, 5)
        five = ingest_in_child(write_jsonl(pieces, folder / "five.jsonl"), folder, articles=len(pieces))
        ratio = one["seconds"] / five["seconds"]
        worst_peak = max(worst_peak, one["peak_mb"], five["peak_mb"])
        sizes = ", ".join(f"{len(p):,}" for p in pieces)
        print(f"one article of {len(text):,} characters: {one['seconds']:.1f} s, peak RSS {one['peak_mb']:,.0f} MB")
        print(f"five articles ({sizes} characters): {five['seconds']:.1f} s, peak RSS {five['peak_mb']:,.0f} MB")
        print(f"ratio one / five: {ratio:.2f} (must be under {MAX_RATIO:g}); worst peak RSS {worst_peak:,.0f} MB")
        return 1 if ratio >= MAX_RATIO or worst_peak >= MAX_PEAK_MB else 0


if __name__ == "__main__":
    sys.exit(main())
