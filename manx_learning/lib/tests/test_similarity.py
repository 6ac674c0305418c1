"""Finding recommendations that say much the same thing (plain Python: no database).

How well it does on a labelled set is measured in bench/bench_similarity.py; these tests pin the
behaviour the register relies on."""

import itertools

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from manx_learning.lib.similarity import (
    CLUSTER_THRESHOLD,
    THRESHOLD,
    Index,
    pair_score,
    stem,
    tokens,
)

# A small register, as a Board might have after a few years.
REGISTER = [
    "Agencies should share information about children who go missing.",
    "The Board should agree an island-wide early help strategy with all member agencies.",
    "Train frontline staff in professional curiosity: asking, checking and challenging.",
    "Noble's Hospital should notify Children and Families of every ED attendance by a child "
    "known to them.",
    "Domestic abuse training should be delivered to GPs and practice nurses.",
    "Health should be represented at every strategy discussion about a child.",
    "Schools should teach pupils about the risks of sharing nude images.",
    "Health visitors should have safeguarding supervision at least every three months.",
]


def _best(text: str) -> tuple[int | None, float]:
    found = Index(enumerate(REGISTER)).similar(text, threshold=0.0, limit=1)
    return (found[0].key, found[0].score) if found else (None, 0.0)


@pytest.mark.parametrize(
    ("paraphrase", "earlier"),
    [
        ("A&E should notify social care whenever a child already known to them attends.", 3),
        ("A health professional must be invited to all child protection strategy meetings.", 5),
        ("Children should learn in school about the dangers of sending sexual photos.", 6),
        ("Quarterly child protection supervision should be provided for health visitors.", 7),
    ],
)
def test_it_finds_the_same_lesson_in_other_words(paraphrase, earlier):
    key, score = _best(paraphrase)
    assert key == earlier
    assert score >= THRESHOLD


@pytest.mark.parametrize(
    ("different", "lookalike"),
    [
        # Both about domestic abuse, but training GPs is not MARAC referrals by the police.
        ("Police should make a MARAC referral for every high-risk domestic abuse victim.", 4),
        # Both about health visitors every three months, but weighing babies is not supervision.
        ("Health visitors should record the weight of infants every three months.", 7),
        # Both about the Board's strategies, but early help is not missing children.
        ("The Board should agree a protocol for children who are missing education.", 1),
    ],
)
def test_it_does_not_call_a_different_lesson_in_the_same_words_a_repeat(different, lookalike):
    index = Index(enumerate(REGISTER))
    scores = {m.key: m.score for m in index.similar(different, threshold=0.0, limit=10)}
    assert scores.get(lookalike, 0.0) < THRESHOLD


def test_the_thesaurus_folds_synonyms_and_abbreviations():
    assert tokens("A&E") == tokens("ED") == tokens("the emergency department")
    assert tokens("children's social care") == tokens("Children and Families")
    assert tokens("domestic violence") == tokens("domestic abuse")
    # A set phrase is one term, not its parts: an early help strategy is not a strategy
    # discussion.
    assert set(tokens("early help strategy")).isdisjoint(tokens("strategy discussion"))


def test_words_that_say_nothing_about_the_lesson_are_dropped():
    assert tokens("The Board should ensure that all agencies and practitioners") == []


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("caresses", "caress"),
        ("ponies", "poni"),
        ("relational", "relat"),
        ("hopefulness", "hope"),
        ("adjustment", "adjust"),
        ("attendance", "attend"),
        ("attends", "attend"),
        ("referral", "refer"),
        ("referred", "refer"),
        ("organisation", "organ"),
    ],
)
def test_it_stems_words_with_porters_algorithm(word, expected):
    assert stem(word) == expected


def test_who_is_to_act_counts_less_than_what_they_are_to_do():
    same_actor = pair_score(
        "Health visitors should have supervision.", "Health visitors should weigh babies."
    )
    same_action = pair_score(
        "Health visitors should have supervision.", "Midwives should have supervision."
    )
    assert same_action > same_actor


def test_clusters_are_transitive():
    """A is like B and B is like C, though A is not like C: all three are one group."""
    texts = [
        "Share every emergency department attendance by a known child with children's services.",
        "Share every emergency department attendance by a known child with the school nurse "
        "and the GP.",
        "The school nurse and the GP should meet each month to discuss vulnerable children.",
        "Train frontline staff in professional curiosity: asking, checking and challenging.",
    ]
    index = Index(enumerate(texts))
    vectors = index.vectors
    assert Index.cosine(vectors[0], vectors[1]) >= 0.3
    assert Index.cosine(vectors[1], vectors[2]) >= 0.3
    assert Index.cosine(vectors[0], vectors[2]) < 0.3
    assert index.clusters(threshold=0.3) == [[0, 1, 2]]


def test_clusters_use_a_stricter_threshold_than_the_search():
    assert CLUSTER_THRESHOLD > THRESHOLD
    assert Index(enumerate(REGISTER)).clusters() == []


def test_similar_leaves_out_the_excluded_key_and_keeps_to_the_limit():
    texts = ["Share information about missing children."] * 4
    found = Index(enumerate(texts)).similar(texts[0], exclude=0, limit=2)
    assert [m.key for m in found] == [1, 2]
    assert all(m.score == 1.0 for m in found)


_WORDS = st.sampled_from(
    [
        "child",
        "missing",
        "police",
        "health",
        "school",
        "referral",
        "strategy",
        "neglect",
        "domestic",
        "abuse",
        "training",
        "supervision",
        "attendance",
        "notify",
        "share",
        "information",
        "early",
        "help",
        "assessment",
        "plan",
        "the",
        "should",
        "Board",
        "agencies",
        "ensure",
        "A&E",
        "GP",
    ]
)
_TEXTS = st.lists(_WORDS, min_size=1, max_size=25).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(text=_TEXTS, corpus=st.lists(_TEXTS, max_size=6))
def test_identical_texts_score_one(text, corpus):
    assume(tokens(text))
    assert pair_score(text, text, corpus) == pytest.approx(1.0)


@settings(max_examples=100, deadline=None)
@given(
    texts=st.lists(_TEXTS, min_size=2, max_size=12),
    threshold=st.floats(min_value=0.05, max_value=0.95),
)
def test_clusters_are_exactly_the_single_link_groups(texts, threshold):
    """The pruned search in `clusters` finds the same groups as comparing every pair."""
    index = Index(enumerate(texts))
    threshold = round(threshold, 3)
    group = list(range(len(texts)))
    for i, j in itertools.combinations(range(len(texts)), 2):
        if round(Index.cosine(index.vectors[i], index.vectors[j]), 3) >= threshold:
            old, new = group[j], group[i]
            group = [new if g == old else g for g in group]
    expected = {}
    for i, g in enumerate(group):
        expected.setdefault(g, []).append(i)
    assert sorted(index.clusters(threshold=threshold)) == sorted(
        members for members in expected.values() if len(members) > 1
    )
