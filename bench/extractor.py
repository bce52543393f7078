"""Benchmark: how fast the quantity extractor reads text.

    .venv/bin/python bench/extractor.py

Times ordinary reporting (the test corpus, repeated) and degenerate input where every token is a
candidate number, at 10,000 and 100,000 characters, and prints the best of several runs.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claims.extraction import extract_quantities
from tests.domain.quantity_corpus import CORPUS


def best_time(text: str, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        extract_quantities(text)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    reporting = " ".join(sentence for sentence, _ in CORPUS)
    inputs = {
        "reporting": reporting,
        "'one one one ...'": "one " * 25_000,
        "'5 drones 5 drones ...'": "5 drones " * 11_112,
        "'downed 5 and ...'": "downed 5 and " * 7_700,
    }
    for label, text in inputs.items():
        for size in (10_000, 100_000):
            sample = (text * (size // len(text) + 1))[:size]
            print(f"{label:<26} {size:>7,} chars  {best_time(sample):8.1f} ms")


if __name__ == "__main__":
    main()
