"""Finding recommendations that say much the same thing: TF-IDF cosine similarity, offline.

Plain Python (no Django, no model downloads), so it can be measured alone
(bench/bench_similarity.py) and runs anywhere. Recommendations are short and full of
safeguarding vocabulary, so the words are stemmed lightly, common board words are dropped, and a
few synonyms are folded together."""

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Chosen on the labelled pairs in bench/similarity_pairs.py: see docs/performance.md.
THRESHOLD = 0.30

_STOP = set(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "should",
        "that",
        "the",
        "their",
        "them",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "all",
        "any",
        "each",
        "every",
        "must",
        "ensure",
        "ensures",
        "ensuring",
        "board",
        "agencies",
        "agency",
        "partners",
        "partner",
        "safeguarding",
        "practitioners",
        "staff",
        "professionals",
        "review",
        "reviews",
        "recommendation",
        "recommend",
        "recommends",
        "within",
        "where",
        "which",
        "who",
        "how",
        "when",
        "there",
        "these",
        "those",
        "our",
        "they",
        "can",
        "able",
        "more",
        "better",
        "new",
        "use",
        "used",
        "using",
        "including",
        "include",
    ]
)
_SYNONYMS = {
    "a&e": "emergency",
    "ed": "emergency",
    "emergency department": "emergency",
    "icpc": "conference",
    "strategy discussion": "strategy",
    "strategy meeting": "strategy",
    "children's services": "csc",
    "children and families": "csc",
    "social care": "csc",
    "camhs": "mental",
    "da": "domestic",
    "domestic abuse": "domestic",
    "domestic violence": "domestic",
    "marac": "domestic",
    "think family": "family",
    "whole-family": "family",
    "whole family": "family",
    "information sharing": "share",
    "share information": "share",
}
_TOKEN = re.compile(r"[a-z][a-z&']+")


def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ness", "ment", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix in {"ies", "ied"} else "")
    return word


def tokens(text: str) -> list[str]:
    lowered = text.lower()
    for phrase, replacement in sorted(_SYNONYMS.items(), key=lambda kv: -len(kv[0])):
        lowered = re.sub(rf"\b{re.escape(phrase)}\b", f" {replacement} ", lowered)
    return [_stem(w.strip("'")) for w in _TOKEN.findall(lowered) if w.strip("'") not in _STOP]


@dataclass(frozen=True)
class Match:
    key: object
    score: float


class Index:
    """A TF-IDF index over a set of texts, each with a key (e.g. a recommendation's id)."""

    def __init__(self, items: Iterable[tuple[object, str]]) -> None:
        self.keys: list[object] = []
        counts: list[Counter[str]] = []
        for key, text in items:
            self.keys.append(key)
            counts.append(Counter(tokens(text)))
        document_frequency: Counter[str] = Counter()
        for count in counts:
            document_frequency.update(count.keys())
        total = max(len(counts), 1)
        self.idf = {
            term: math.log((1 + total) / (1 + df)) + 1.0 for term, df in document_frequency.items()
        }
        self.vectors = [self._vector(count) for count in counts]

    def _vector(self, count: Counter[str]) -> dict[str, float]:
        weights = {
            term: (1 + math.log(n)) * self.idf.get(term, math.log(1 + len(self.keys)) + 1.0)
            for term, n in count.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {term: w / norm for term, w in weights.items()}

    def vector_for(self, text: str) -> dict[str, float]:
        return self._vector(Counter(tokens(text)))

    @staticmethod
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        return sum(w * b.get(term, 0.0) for term, w in a.items())

    def similar(
        self, text: str, *, threshold: float = THRESHOLD, limit: int = 5, exclude: object = None
    ) -> list[Match]:
        query = self.vector_for(text)
        scored = [
            Match(key, round(self.cosine(query, vector), 3))
            for key, vector in zip(self.keys, self.vectors, strict=True)
            if key != exclude
        ]
        scored = [m for m in scored if m.score >= threshold]
        return sorted(scored, key=lambda m: -m.score)[:limit]

    def clusters(self, *, threshold: float = THRESHOLD) -> list[list[object]]:
        """Groups of two or more items linked by similarity at or above the threshold
        (single-link: A~B and B~C put A, B and C together)."""
        parent = list(range(len(self.keys)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i in range(len(self.vectors)):
            for j in range(i + 1, len(self.vectors)):
                if self.cosine(self.vectors[i], self.vectors[j]) >= threshold:
                    parent[find(i)] = find(j)
        groups: dict[int, list[object]] = {}
        for i, key in enumerate(self.keys):
            groups.setdefault(find(i), []).append(key)
        return [members for members in groups.values() if len(members) > 1]


def pair_score(a: str, b: str, corpus: Sequence[str] = ()) -> float:
    """Similarity of two texts, with IDF taken from `corpus` (plus the two texts)."""
    index = Index(enumerate([*corpus, a, b]))
    return Index.cosine(index.vector_for(a), index.vector_for(b))
