"""Same-event linking on chronologies nobody here wrote (issue #13).

    .venv/bin/python bench/bench_same_event_corpus.py [--show-tune] [--tune-only] [--heldout-cases]

`bench/same_event_corpus/` holds 26 cases of per-agency chronologies written from public case
reviews by a writer who had not seen the linking rules, with a `same_event` label on entries of
different agencies that record one real-world event, and a random split (`split.csv`) into
`tune` and `heldout`. For each case the files are read without the label column, merged by the
product (`lib.chronology.merge`, the code a review's import uses), and every pair of entries of
different agencies is scored: the product links them (same group) or not, and the writer said
they are one event or not. Prints precision and recall per split, and per case for the tune
cases only: the held-out split prints just its aggregate line, so that nobody tuning the rules
sees which held-out case fails.

`--show-tune` lists the missed and wrong pairs of the tune split, to learn from. The held-out
split's pairs are never printed: tune on `tune` only, and report `heldout` as it comes.
`--tune-only` does not score the held-out split at all (use it while tuning, so that each look
at the held-out figure is a deliberate, counted run). `--heldout-cases` adds the held-out
per-case lines (figures only, never pairs), for a final report once tuning has stopped.
Target: recall >= 0.9 at precision >= 0.95 on the held-out split."""

import argparse
import csv
import itertools
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from manx_learning.lib import chronology  # noqa: E402

CORPUS = ROOT / "bench" / "same_event_corpus"
TARGET_PRECISION, TARGET_RECALL = 0.95, 0.9
Key = tuple[str, int]  # (file name, row number; the header is row 1)


@dataclass
class Tally:
    hits: int = 0
    predicted: int = 0
    true: int = 0
    missed: list[tuple[Key, Key]] = field(default_factory=list)
    wrong: list[tuple[Key, Key]] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        self.hits += other.hits
        self.predicted += other.predicted
        self.true += other.true

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.true if self.true else 1.0


def _cross_agency_pairs(labels: dict[Key, str]) -> set[tuple[Key, Key]]:
    groups: dict[str, list[Key]] = {}
    for key, label in labels.items():
        if label:
            groups.setdefault(label, []).append(key)
    return {
        tuple(sorted((a, b)))
        for members in groups.values()
        for a, b in itertools.combinations(members, 2)
        if a[0] != b[0]
    }


def score_case(case: Path, work: Path) -> tuple[Tally, dict[Key, str]]:
    """Merge one case's files (label column removed) and score its cross-agency pairs."""
    truth: dict[Key, str] = {}
    text: dict[Key, str] = {}
    paths = []
    for source in sorted(case.glob("*.csv")):
        with source.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        target = work / case.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", newline="", encoding="utf-8") as handle:
            columns = [c for c in rows[0] if c != "same_event"]
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        for number, row in enumerate(rows, start=2):
            truth[(source.name, number)] = row["same_event"].strip()
            text[(source.name, number)] = f"{row['date']} {row['time']} {row['event']}"
        paths.append(target)
    result = chronology.merge(paths)
    if result.errors:
        raise SystemExit(f"{case.name}: " + "; ".join(result.errors))
    predicted_labels = {
        (Path(e.source_file).name, e.source_row): e.same_event for e in result.entries
    }
    predicted = _cross_agency_pairs(predicted_labels)
    true = _cross_agency_pairs(truth)
    tally = Tally(hits=len(predicted & true), predicted=len(predicted), true=len(true))
    tally.missed = sorted(true - predicted)
    tally.wrong = sorted(predicted - true)
    return tally, text


def _splits() -> dict[str, str]:
    with (CORPUS / "split.csv").open(newline="", encoding="utf-8") as handle:
        return {row["case"]: row["split"] for row in csv.DictReader(handle)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show-tune", action="store_true", help="list the tune split's errors")
    parser.add_argument(
        "--tune-only", action="store_true", help="score the tune split only, not the held-out"
    )
    parser.add_argument(
        "--heldout-cases",
        action="store_true",
        help="also print the held-out split's per-case figures (for a final report only)",
    )
    options = parser.parse_args()
    splits = _splits()
    totals = {"tune": Tally(), "heldout": Tally()}
    with tempfile.TemporaryDirectory() as work:
        for case in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
            split = splits[case.name]
            if split != "tune" and options.tune_only:
                continue
            tally, text = score_case(case, Path(work))
            totals[split].add(tally)
            if split != "tune" and not options.heldout_cases:
                continue
            print(
                f"{case.name} ({split:7}) pairs {tally.true:3d}  linked {tally.predicted:3d}  "
                f"precision {tally.precision:.2f}  recall {tally.recall:.2f}"
            )
            if options.show_tune and split == "tune":
                for kind, pairs in (("missed", tally.missed), ("wrong", tally.wrong)):
                    for a, b in pairs:
                        print(f"    {kind}: {a[0]}:{a[1]} {text[a][:90]!r}")
                        print(f"            {b[0]}:{b[1]} {text[b][:90]!r}")
    print()
    met = True
    for split, tally in totals.items():
        if split != "tune" and options.tune_only:
            continue
        print(
            f"{split:8} pairs {tally.true:4d}  linked {tally.predicted:4d}  correct {tally.hits:4d}"
            f"  precision {tally.precision:.3f}  recall {tally.recall:.3f}"
        )
    if options.tune_only:
        return 0
    held = totals["heldout"]
    met = held.precision >= TARGET_PRECISION and held.recall >= TARGET_RECALL
    print(
        f"target on heldout (precision >= {TARGET_PRECISION}, recall >= {TARGET_RECALL}): "
        + ("met" if met else "NOT met")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
