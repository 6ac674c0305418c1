#!/usr/bin/env python3
"""Check the same-event corpus: headers, date/time formats, labels; print per-case figures.

Standard library only. Run: python3 bench/same_event_corpus/check.py
Exit status 1 if any problem is found.
"""

import csv
import os
import re
import sys
from collections import defaultdict
from datetime import datetime
from itertools import combinations

HEADER = ["date", "time", "agency", "source", "event", "practitioner", "same_event"]
HERE = os.path.dirname(os.path.abspath(__file__))
LABEL = re.compile(r"^E\d{2,3}$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def main():
    problems = []
    cases = sorted(
        d for d in os.listdir(HERE) if d.startswith("case") and os.path.isdir(os.path.join(HERE, d))
    )
    totals = defaultdict(int)
    print(f"{'case':8} {'agencies':>8} {'entries':>7} {'labelled':>8} {'pairs':>6}")
    for case in cases:
        cdir = os.path.join(HERE, case)
        files = sorted(f for f in os.listdir(cdir) if f.endswith(".csv"))
        by_label = defaultdict(list)  # label -> [(file, rownum)]
        entries = 0
        for fname in files:
            path = os.path.join(cdir, fname)
            with open(path, newline="", encoding="utf-8") as fh:
                rows = list(csv.reader(fh))
            if not rows or rows[0] != HEADER:
                problems.append(f"{case}/{fname}: bad header {rows[:1]}")
                continue
            agencies = set()
            for n, row in enumerate(rows[1:], start=2):
                where = f"{case}/{fname}:{n}"
                if len(row) != len(HEADER):
                    problems.append(f"{where}: {len(row)} columns")
                    continue
                date, time, agency, source, event, _prac, label = row
                entries += 1
                try:
                    datetime.strptime(date, "%d/%m/%Y")
                    if not re.match(r"^\d{2}/\d{2}/\d{4}$", date):
                        raise ValueError
                except ValueError:
                    problems.append(f"{where}: bad date {date!r}")
                if time and not TIME.match(time):
                    problems.append(f"{where}: bad time {time!r}")
                for name, val in (("agency", agency), ("source", source), ("event", event)):
                    if not val.strip():
                        problems.append(f"{where}: empty {name}")
                agencies.add(agency)
                if label:
                    if not LABEL.match(label):
                        problems.append(f"{where}: bad label {label!r}")
                    by_label[label].append(fname)
            if len(agencies) > 1:
                problems.append(f"{case}/{fname}: more than one agency name {sorted(agencies)}")
        pairs = 0
        for label, fs in sorted(by_label.items()):
            if len(set(fs)) < 2:
                problems.append(f"{case}: label {label} appears only in {fs[0]}")
            pairs += sum(1 for a, b in combinations(fs, 2) if a != b)
        if not 3 <= len(files) <= 6:
            problems.append(f"{case}: {len(files)} agency files")
        print(f"{case:8} {len(files):>8} {entries:>7} {len(by_label):>8} {pairs:>6}")
        totals["agencies"] += len(files)
        totals["entries"] += entries
        totals["labelled"] += len(by_label)
        totals["pairs"] += pairs
    print(
        f"{'total':8} {totals['agencies']:>8} {totals['entries']:>7} "
        f"{totals['labelled']:>8} {totals['pairs']:>6}"
    )
    split = os.path.join(HERE, "split.csv")
    if os.path.exists(split):
        with open(split, newline="", encoding="utf-8") as fh:
            srows = list(csv.reader(fh))
        if srows[0] != ["case", "split"]:
            problems.append("split.csv: bad header")
        named = {r[0]: r[1] for r in srows[1:]}
        if set(named) != set(cases):
            problems.append("split.csv: cases differ from directories")
        counts = defaultdict(int)
        for v in named.values():
            counts[v] += 1
        if set(counts) - {"tune", "heldout"}:
            problems.append(f"split.csv: unknown split values {sorted(counts)}")
        print("split:", dict(sorted(counts.items())))
    else:
        problems.append("split.csv missing")
    for p in problems:
        print("PROBLEM:", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
