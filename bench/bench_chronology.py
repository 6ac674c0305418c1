"""Benchmark the chronology merger: speed, memory, and same-event precision and recall.

1. Precision and recall of the same-event labels on the labelled synthetic set
   (bench/chronology_data.py: 600 shared events among about 5,500 entries, with distractors).
2. Merging 20 agency CSV files with 100,000 entries in total, in a fresh child process so that
   its peak resident memory is the merger's alone: time per phase and peak RSS.

Run: .venv/bin/python bench/bench_chronology.py [--strict]
Targets: under 5 s on one core, under 1 GB, precision >= 0.95, recall >= 0.9. With --strict the
exit status is 1 when a target is missed (timings vary between machines, so it is not the default).
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import chronology_data  # noqa: E402
from manx_learning.lib import chronology  # noqa: E402

TARGET_SECONDS = 5.0
TARGET_MEGABYTES = 1024
TARGET_PRECISION = 0.95
TARGET_RECALL = 0.9
BIG_ENTRIES = 100_000
BIG_SHARED_EVENTS = 11_000
BIG_DAYS = 10 * 365


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--merge-only", nargs=2, metavar=("DIR", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.merge_only:
        return _merge_only(Path(args.merge_only[0]), Path(args.merge_only[1]))
    return _report(strict=args.strict)


def _report(*, strict: bool) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        labelled = _score_labelled(Path(scratch) / "labelled")
        big = _time_big_merge(Path(scratch) / "big")
    print(f"labelled set: {labelled['entries']} entries, {labelled['true_pairs']} same-event pairs")
    print(f"  precision {labelled['precision']:.3f}  recall {labelled['recall']:.3f}")
    print(f"merge of {big['files']} CSV files, {big['entries']:,} entries (child process):")
    print(
        f"  read+sort {big['read_seconds']:.2f} s, same events {big['link_seconds']:.2f} s, "
        f"write {big['write_seconds']:.2f} s; total {big['seconds']:.2f} s"
    )
    print(f"  peak RSS {big['peak_megabytes']:.0f} MB; {big['groups']:,} same-event groups")
    print(f"  precision {big['precision']:.3f}  recall {big['recall']:.3f} (dense 100k set)")
    missed = [
        name
        for name, ok in (
            (f"time < {TARGET_SECONDS} s", big["seconds"] < TARGET_SECONDS),
            (f"memory < {TARGET_MEGABYTES} MB", big["peak_megabytes"] < TARGET_MEGABYTES),
            (f"precision >= {TARGET_PRECISION}", labelled["precision"] >= TARGET_PRECISION),
            (f"recall >= {TARGET_RECALL}", labelled["recall"] >= TARGET_RECALL),
        )
        if not ok
    ]
    print("targets met" if not missed else f"targets missed: {', '.join(missed)}")
    return 1 if strict and missed else 0


def _score_labelled(directory: Path) -> dict[str, float]:
    data = chronology_data.labelled_set()
    result = chronology.merge(chronology_data.write_files(data, directory))
    if result.errors:
        raise SystemExit("\n".join(result.errors))
    labels = {(entry.source_file, entry.source_row): entry.same_event for entry in result.entries}
    score = chronology_data.pairwise_score(labels, data.truth())
    return {
        "entries": len(result.entries),
        "true_pairs": score.true_pairs,
        "precision": score.precision,
        "recall": score.recall,
    }


def _time_big_merge(directory: Path) -> dict[str, float]:
    data = chronology_data.generate(
        7, shared_events=BIG_SHARED_EVENTS, total_entries=BIG_ENTRIES, days=BIG_DAYS
    )
    paths = chronology_data.write_files(data, directory)
    out = directory / "merged.csv"
    child = subprocess.run(
        [sys.executable, __file__, "--merge-only", str(directory), str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(child.stdout)
    score = chronology_data.pairwise_score(_labels_from(out), data.truth())
    return figures | {"files": len(paths), "precision": score.precision, "recall": score.recall}


def _labels_from(path: Path) -> dict[tuple[str, int], str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            (row["source_file"], int(row["source_row"])): row["same_event"]
            for row in csv.DictReader(handle)
        }


def _merge_only(directory: Path, out: Path) -> int:
    """The measured part, run in a child process: read, sort, link, write."""
    paths = sorted(directory.glob("*.csv"))
    started = time.perf_counter()
    result = chronology.merge(paths, link_same_events=False)
    read = time.perf_counter()
    groups = chronology.assign_same_events(result.entries)
    linked = time.perf_counter()
    chronology.write_merged_csv(result.entries, out)
    written = time.perf_counter()
    # ru_maxrss is in kilobytes on Linux.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "entries": len(result.entries),
        "errors": len(result.errors),
        "groups": len(groups),
        "read_seconds": read - started,
        "link_seconds": linked - read,
        "write_seconds": written - linked,
        "seconds": written - started,
        "peak_megabytes": peak,
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
