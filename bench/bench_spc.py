"""Benchmark the SPC engine: 10,000 series of 60 points on one core, target under 2 s.

Run: .venv/bin/python bench/bench_spc.py [--series N] [--points N] [--repeat N]
Prints the best of the repeats (least disturbed by other work on the machine).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

# Allow running as a plain script from the repository root without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from manx_learning.lib.spc import SpcSettings, analyse_series

TARGET_SECONDS = 2.0


def make_series(count: int, points: int, seed: int = 2018) -> list[list[float]]:
    """Noisy series with the odd step change, trend and outlier, so every rule does work."""
    rng = random.Random(seed)
    series = []
    for _ in range(count):
        level = rng.uniform(20, 80)
        values = [level + rng.gauss(0, 5) for _ in range(points)]
        shape = rng.random()
        if shape < 0.25:  # a sustained shift part-way through
            at = rng.randrange(points)
            values[at:] = [v + 12 for v in values[at:]]
        elif shape < 0.4:  # a steady climb
            at = rng.randrange(points - 10)
            values[at : at + 10] = [values[at] + 3 * k for k in range(10)]
        if rng.random() < 0.3:  # an outlier
            values[rng.randrange(points)] += 40
        series.append(values)
    return series


def run(series: list[list[float]], settings: SpcSettings, as_dict: bool = False) -> float:
    started = time.perf_counter()
    for values in series:
        result = analyse_series(values, settings)
        if as_dict:
            result.to_dict()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--points", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    series = make_series(args.series, args.points)
    settings = SpcSettings(improvement="up", target=50.0)
    best = min(run(series, settings) for _ in range(args.repeat))
    with_dict = min(run(series, settings, as_dict=True) for _ in range(args.repeat))
    total = args.series * args.points
    verdict = "MET" if best < TARGET_SECONDS else "NOT MET"
    print(f"series:          {args.series:,} x {args.points} points ({total:,} points)")
    print(f"elapsed:         {best:.3f} s (best of {args.repeat})")
    print(f"throughput:      {total / best:,.0f} points/s ({args.series / best:,.0f} series/s)")
    print(f"target < {TARGET_SECONDS:.0f} s:    {verdict}")
    print(f"with to_dict():  {with_dict:.3f} s (analysis plus the CLI's JSON-ready dicts)")


if __name__ == "__main__":
    main()
