"""Same-event detection on the labelled synthetic set from bench/chronology_data.py.

Targets: pairwise precision >= 0.95 and recall >= 0.9. The set mixes agency wording, late
entries and same-day distractors (see the generator); bench/bench_chronology.py prints the figures.
"""

import pytest

from bench import chronology_data
from manx_learning.lib.chronology import merge


def score(data, tmp_path):
    result = merge(chronology_data.write_files(data, tmp_path))
    assert result.errors == []
    labels = {(entry.source_file, entry.source_row): entry.same_event for entry in result.entries}
    return chronology_data.pairwise_score(labels, data.truth())


def test_it_finds_shared_events_with_high_precision_and_recall_on_the_labelled_set(tmp_path):
    result = score(chronology_data.labelled_set(), tmp_path)
    assert result.true_pairs > 900
    assert result.precision >= 0.95
    assert result.recall >= 0.9


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_keeps_precision_and_recall_on_other_seeds(tmp_path, seed):
    data = chronology_data.generate(seed, shared_events=300, single_entries=2000, days=2 * 365)
    result = score(data, tmp_path)
    assert result.precision >= 0.95
    assert result.recall >= 0.9


def test_the_labelled_set_is_the_same_for_the_same_seed():
    assert chronology_data.labelled_set().truth() == chronology_data.labelled_set().truth()


def test_scoring_counts_pairs_of_entries():
    truth = {("a.csv", 2): "T1", ("b.csv", 2): "T1", ("c.csv", 2): "T1"}
    labels = {("a.csv", 2): "E1", ("b.csv", 2): "E1", ("c.csv", 2): ""}
    result = chronology_data.pairwise_score(labels, truth)
    assert (result.precision, result.recall) == (1.0, 1 / 3)
