"""Finding recommendations that say much the same thing: TF-IDF cosine similarity, offline.

Plain Python (no Django, no model downloads), so it can be measured alone
(bench/bench_similarity.py) and runs anywhere. Recommendations are short and full of
safeguarding vocabulary, so:

1. a small thesaurus folds the field's synonyms and abbreviations into one term each ("A&E",
   "ED" and "emergency department"; "social care", "children's services" and "Children and
   Families"), and turns a few set phrases into single terms ("early help", "strategy
   discussion", "wishes and feelings") so they are not confused with their parts;
2. words that say nothing about the lesson are dropped (function words, "should", "ensure",
   "agencies", "practitioners", "safeguarding": every recommendation has them);
3. the rest are reduced to their stems (Porter's algorithm), so "refer", "referral" and
   "referred" match;
4. each text becomes a TF-IDF vector, with IDF from the register being searched, and two texts
   score the cosine of their vectors (0 to 1; 1 for the same words).

How well this works, and why THRESHOLD is what it is, is measured in docs/recommendations.md."""

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

# Both chosen on the tuning half of the labelled pairs in bench/similarity_pairs.py, by the rules
# printed by bench/bench_similarity.py; docs/recommendations.md has the held-out figures.
# THRESHOLD: the best F1 on the tuning pairs among thresholds that flag at most 1 in 100
# unrelated recommendations. It decides what "Previously identified" lists.
THRESHOLD = 0.25
# CLUSTER_THRESHOLD: the lowest threshold at which no cluster of the tuning sentences has more
# than five members. Clusters are single-link (A~B and B~C join A and C), so a lower threshold
# chains neighbouring lessons into one long, useless group.
CLUSTER_THRESHOLD = 0.40

_STOP = frozenset(
    """
    a about above after again against all also an and any are as at be been before being
    between both but by can could did do does doing done during each either for from further
    had has have having he her here hers him his how i if in into is it its itself just may me
    might more most much must my no nor not now of off on once one only or other our ours out
    over own same she should so some such than that the their theirs them then there these they
    this those through to too under until up upon very was we were what when where whether which
    while who whom whose why will with within without would you your yours
    able across already always another anyone anything every everyone everything make makes
    made sure ensure ensures ensuring need needs needed take takes given give use used using
    including include includes new better well way ways still whenever wherever
    board agency agencies partner partners partnership organisation organisations member members
    safeguarding practitioner practitioners professional professionals staff worker workers
    frontline recommendation recommendations recommend recommends recommended review reviews
    day days week weeks month months year years hour hours time times quarter quarterly
    annual annually yearly working least promptly regularly regular routinely soon delay
    two three four five six seven eight nine ten twelve several first second
    """.split()  # noqa: SIM905
)

# Synonyms and set phrases, each folded into one term before stop words and stems. The longest
# phrase wins where they overlap ("children's social care" before "social care").
_THESAURUS: dict[str, tuple[str, ...]] = {
    "emergency": (
        "a&e",
        "a and e",
        "accident and emergency",
        "ed",
        "emergency department",
        "emergency departments",
    ),
    "csc": (
        "children's services",
        "children's social care",
        "children and families",
        "social care",
        "social services",
        "social worker",
        "social workers",
        "social work",
    ),
    "gp": (
        "gp",
        "gps",
        "general practitioner",
        "general practitioners",
        "general practice",
        "primary care",
        "gp practice",
        "gp practices",
    ),
    "police": ("police", "officers", "police officers", "constabulary"),
    "notify": (
        "notify",
        "notified",
        "notifies",
        "tell",
        "tells",
        "told",
        "inform",
        "informs",
        "informed",
        "alert",
        "alerted",
        "alerts",
        "let know",
        "pass on",
    ),
    "domestic": ("domestic abuse", "domestic violence", "da"),
    "marac": ("marac", "maracs", "multi-agency risk assessment conference"),
    "mental": (
        "mental health",
        "mental illness",
        "mentally ill",
        "mentally unwell",
        "psychiatric",
        "camhs",
    ),
    "earlyhelp": ("early help", "early intervention", "early support"),
    "threshold": ("threshold", "thresholds", "continuum of need", "levels of need"),
    "stratdisc": (
        "strategy discussion",
        "strategy discussions",
        "strategy meeting",
        "strategy meetings",
    ),
    "cpconf": (
        "child protection conference",
        "child protection conferences",
        "case conference",
        "case conferences",
        "icpc",
    ),
    "cpplan": ("child protection plan", "child protection plans", "protection plan"),
    "thinkfamily": ("think family", "whole family", "whole-family"),
    "voice": ("wishes and feelings", "voice", "views", "point of view"),
    "livedexp": ("lived experience", "daily life", "day-to-day life", "everyday life"),
    "escalate": (
        "escalation",
        "escalate",
        "escalated",
        "disagreement",
        "disagreements",
        "disagree",
        "dispute",
    ),
    "policy": ("policy", "policies", "protocol", "protocols", "procedure", "procedures"),
    "caseload": ("caseload", "caseloads", "workload", "workloads"),
    "home": ("home", "household", "households", "house"),
    "baby": ("baby", "babies", "infant", "infants", "newborn", "newborns"),
    "young": ("young person", "young people", "adolescent", "adolescents", "teenager"),
    "child": ("child", "children", "pupil", "pupils"),
    "ehe": ("home educated", "educated at home", "home education", "elective home education"),
    "exclude": ("excluded", "exclusion", "exclusions", "suspended", "suspension"),
    "dsl": (
        "designated safeguarding lead",
        "designated safeguarding leads",
        "safeguarding lead",
        "safeguarding leads",
    ),
    "online": ("online", "internet", "social media", "apps", "gaming"),
    "nudeimage": (
        "nude images",
        "nudes",
        "sexual photos",
        "sexual images",
        "indecent images",
        "sexting",
    ),
    "concern": ("concern", "concerns", "worry", "worries", "worried"),
    "alone": ("on their own", "on his own", "on her own", "alone"),
    "record": ("write down", "written down", "writes down", "write up", "written up"),
    "risk": ("risk", "risks", "danger", "dangers", "dangerous"),
    "mash": ("multi-agency safeguarding hub", "mash", "hub"),
    "teach": ("teach", "teaches", "taught", "learn", "learns"),
}
_PHRASES = {
    re.sub(r"'s\b", "", phrase): term for term, phrases in _THESAURUS.items() for phrase in phrases
}
_PHRASE = re.compile(
    r"(?<![\w&'-])("
    + "|".join(re.escape(p) for p in sorted(_PHRASES, key=lambda p: (-len(p), p)))
    + r")(?![\w&'-])"
)


# Porter's stemmer (1980), in its original form ---------------------------------------------


def _is_consonant(word: str, i: int) -> bool:
    if word[i] in "aeiou":
        return False
    if word[i] == "y":
        return i == 0 or not _is_consonant(word, i - 1)
    return True


def _measure(stem: str) -> int:
    """m in [C](VC)^m[V]."""
    pattern = "".join("c" if _is_consonant(stem, i) else "v" for i in range(len(stem)))
    return len(re.findall("vc", re.sub(r"(.)\1+", r"\1", pattern)))


def _has_vowel(stem: str) -> bool:
    return any(not _is_consonant(stem, i) for i in range(len(stem)))


def _double_consonant(word: str) -> bool:
    return len(word) > 1 and word[-1] == word[-2] and _is_consonant(word, len(word) - 1)


def _cvc(word: str) -> bool:
    return (
        len(word) > 2
        and _is_consonant(word, len(word) - 3)
        and not _is_consonant(word, len(word) - 2)
        and _is_consonant(word, len(word) - 1)
        and word[-1] not in "wxy"
    )


def _replace(word: str, rules: Sequence[tuple[str, str]], minimum: int) -> str:
    for suffix, replacement in rules:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            return stem + replacement if _measure(stem) > minimum else word
    return word


_STEP2 = (
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("bli", "ble"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("isation", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
    ("logi", "log"),
)
_STEP3 = (
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("alise", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
)
_STEP4 = (
    "al ance ence er ic able ible ant ement ment ent ion ou ism ate iti ous ive ize ise".split()  # noqa: SIM905
)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Porter's suffix-stripping stemmer, with the British "-ise" endings treated as "-ize"."""
    if len(word) <= 2:
        return word
    # Step 1a: plurals.
    if word.endswith(("sses", "ies")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    # Step 1b: -ed and -ing.
    tidy = False
    if word.endswith("eed"):
        if _measure(word[:-3]) > 0:
            word = word[:-1]
    elif word.endswith("ed") and _has_vowel(word[:-2]):
        word, tidy = word[:-2], True
    elif word.endswith("ing") and _has_vowel(word[:-3]):
        word, tidy = word[:-3], True
    if tidy:
        if word.endswith(("at", "bl", "iz", "is")):
            word += "e"
        elif _double_consonant(word) and word[-1] not in "lsz":
            word = word[:-1]
        elif _measure(word) == 1 and _cvc(word):
            word += "e"
    # Step 1c: y to i.
    if word.endswith("y") and _has_vowel(word[:-1]):
        word = word[:-1] + "i"
    word = _replace(word, _STEP2, 0)
    word = _replace(word, _STEP3, 0)
    # Step 4: drop the suffixes of a long enough stem.
    for suffix in _STEP4:
        if word.endswith(suffix):
            stem_ = word[: -len(suffix)]
            if _measure(stem_) > 1 and (suffix != "ion" or stem_.endswith(("s", "t"))):
                word = stem_
            break
    # Step 5: a final -e, and a final double l.
    if word.endswith("e"):
        stem_ = word[:-1]
        if _measure(stem_) > 1 or (_measure(stem_) == 1 and not _cvc(stem_)):
            word = stem_
    if _measure(word) > 1 and _double_consonant(word) and word.endswith("l"):
        word = word[:-1]
    # Not Porter's: "referral" and "referred" should meet at "refer".
    if _double_consonant(word) and word[-1] not in "lsz":
        word = word[:-1]
    return word


# Texts to terms -------------------------------------------------------------------------------


# "Who should act" says less about the lesson than "what they should do": "Health visitors should
# have supervision" and "Health visitors should weigh babies" are different lessons, "Health
# visitors should have supervision" and "Quarterly supervision for health visiting staff" the
# same one. So the words before the first "should" or "must" count half. (Measured on the tuning
# half: how often a repeat outscores a look-alike, AUC, goes from 0.55 to 0.64.)
_MODAL = re.compile(r"\b(should|must|needs? to|will|are to|is to)\b")
_SUBJECT_WEIGHT = 0.5


def _terms(text: str) -> list[tuple[str, float]]:
    """Each term of a text with its weight: the words before the first "should" or "must" (who
    is to act) weigh less than the words after it (what they are to do)."""
    lowered = text.lower().replace("\u2019", "'")
    lowered = re.sub(r"'s\b|(?<=s)'(?=\s)", "", lowered)
    found = _MODAL.search(lowered)
    cut = found.start() if found else 0
    out: list[tuple[str, float]] = []
    for part, weight in ((lowered[:cut], _SUBJECT_WEIGHT), (lowered[cut:], 1.0)):
        part = _PHRASE.sub(lambda m: f" {_PHRASES[m.group(1)].upper()} ", part)
        for word in re.findall(r"[A-Z]+|[a-z][a-z&]*", part):
            if word.isupper():
                out.append((word.lower(), weight))
            elif word not in _STOP and len(word) > 1:
                out.append((stem(word), weight))
    return out


def tokens(text: str) -> list[str]:
    """The terms of a text: thesaurus terms, then the stems of the words that are not stop
    words."""
    return [term for term, _ in _terms(text)]


def _bag(text: str) -> dict[str, tuple[int, float]]:
    """term -> (how often it occurs, its heaviest weight)."""
    bag: dict[str, tuple[int, float]] = {}
    for term, weight in _terms(text):
        count, most = bag.get(term, (0, 0.0))
        bag[term] = (count + 1, max(most, weight))
    return bag


@dataclass(frozen=True)
class Match:
    key: object
    score: float


class Index:
    """A TF-IDF index over a set of texts, each with a key (e.g. a recommendation's id)."""

    def __init__(self, items: Iterable[tuple[object, str]]) -> None:
        self.keys: list[object] = []
        counts: list[dict[str, tuple[int, float]]] = []
        for key, text in items:
            self.keys.append(key)
            counts.append(_bag(text))
        document_frequency: Counter[str] = Counter()
        for count in counts:
            document_frequency.update(count.keys())
        total = max(len(counts), 1)
        self.idf = {
            term: math.log((1 + total) / (1 + df)) + 1.0 for term, df in document_frequency.items()
        }
        self.vectors = [self._vector(count) for count in counts]

    def _vector(self, bag: dict[str, tuple[int, float]]) -> dict[str, float]:
        unseen = math.log(1 + len(self.keys)) + 1.0
        weights = {
            term: (1 + math.log(n)) * w * self.idf.get(term, unseen) for term, (n, w) in bag.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {term: w / norm for term, w in weights.items()}

    def vector_for(self, text: str) -> dict[str, float]:
        return self._vector(_bag(text))

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

    def clusters(self, *, threshold: float = CLUSTER_THRESHOLD) -> list[list[object]]:
        """Groups of two or more items linked by similarity at or above the threshold
        (single-link: A~B and B~C put A, B and C together).

        1. Go through the texts in order, keeping an inverted index (term -> earlier texts),
           so that a text is compared only with earlier texts it shares an indexed term with.
        2. Index only each text's heaviest terms: leave out its lightest terms for as long as
           their own length stays below the threshold. By Cauchy-Schwarz a text that shares none
           of the indexed terms cannot reach the threshold with it, so nothing is missed, and
           common light terms ("child") no longer make every pair a candidate.
        3. Score each candidate pair not already in the same group exactly, and join those at or
           above the threshold (union-find). Return the groups in the order of their first
           member."""
        parent = list(range(len(self.keys)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        # Scores are compared after rounding to 3 places, as in `similar`.
        bound = threshold - 0.0005
        postings: dict[str, list[int]] = defaultdict(list)
        for i, vector in enumerate(self.vectors):
            candidates = {j for term in vector for j in postings.get(term, ())}
            for j in candidates:
                # Already in the same group through others: single-link needs no score.
                if (
                    find(i) != find(j)
                    and round(self.cosine(vector, self.vectors[j]), 3) >= threshold
                ):
                    parent[find(i)] = find(j)
            left_out = 0.0
            for term, weight in sorted(vector.items(), key=lambda kv: kv[1]):
                left_out += weight * weight
                if math.sqrt(left_out) >= bound:
                    postings[term].append(i)
        groups: dict[int, list[object]] = {}
        for i, key in enumerate(self.keys):
            groups.setdefault(find(i), []).append(key)
        return [members for members in groups.values() if len(members) > 1]


def pair_score(a: str, b: str, corpus: Sequence[str] = ()) -> float:
    """Similarity of two texts, with IDF taken from `corpus` (plus the two texts)."""
    index = Index(enumerate([*corpus, a, b]))
    return Index.cosine(index.vector_for(a), index.vector_for(b))
