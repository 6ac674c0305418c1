"""Benchmark the anonymiser on a labelled synthetic corpus, beside Presidio's pattern pipeline.

Prints, for ours and for Presidio (blank spaCy model, pattern recognisers only):
  recall of register identifiers (target 100%), recall of unregistered identifiers (≥ 95%),
  keep rate of agency names / roles / months / weekdays / towns (≥ 99%), words per second;
plus recall by category, on names held out of the anonymiser's lists, and wrong attributions.

A labelled span counts as caught when every letter and digit in it lies inside a replaced span;
a kept span survives when no replacement touches it. The corpus comes from
bench/anonymiser_corpus/generate.py (fixed seeds), whose name lists are separate from the
anonymiser's data files.

Usage: .venv/bin/python bench/bench_anonymiser.py [--docs 300] [--seed 2024] [--no-presidio]
       [--show-misses 20]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "anonymiser_corpus"))

from generate import generate  # noqa: E402
from heldout import generate_heldout  # noqa: E402

from manx_learning.lib.anonymiser import anonymise, parse_register  # noqa: E402
from manx_learning.lib.anonymiser.lexicon import fold, lexicon  # noqa: E402

PSEUDONYMS = {"Child A", "Mother", "Father"}


def covered(label: dict, spans: list[tuple[int, int]]) -> bool:
    """Every letter/digit of the label lies inside some replaced span."""
    text, start = label["text"], label["start"]
    needed = [start + i for i, c in enumerate(text) if c.isalnum()]
    return all(any(a <= pos < b for a, b in spans) for pos in needed)


def touched(label: dict, spans: list[tuple[int, int]]) -> bool:
    return any(a < label["end"] and label["start"] < b for a, b in spans)


def held_out(label: dict) -> bool:
    """A name with a word the anonymiser's lists do not know."""
    lex = lexicon()
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", label["text"])
    return any(len(w) > 1 and not lex.is_known_name(fold(w)) for w in words)


class Score:
    def __init__(self) -> None:
        self.hit: Counter = Counter()
        self.total: Counter = Counter()
        self.misses: dict[str, list[str]] = defaultdict(list)
        self.wrong_attribution: int | None = None
        self.spurious = 0  # replacements touching no labelled identifier
        self.spurious_examples: list[str] = []
        self.words = 0
        self.seconds = 0.0

    def add(
        self, doc: dict, spans: list[tuple[int, int]], replacements: dict | None = None
    ) -> None:
        text = doc["text"]
        for label in doc["labels"]:
            kind, category = label["kind"], label["category"]
            keys = [kind, f"{kind}:{category}"]
            if kind == "detected" and category == "name":
                keys.append("detected:name:" + ("held-out" if held_out(label) else "in-lexicon"))
            ok = not touched(label, spans) if kind == "keep" else covered(label, spans)
            for key in keys:
                self.total[key] += 1
                self.hit[key] += ok
            if not ok:
                context = text[max(0, label["start"] - 40) : label["end"] + 40].replace("\n", " ")
                self.misses[kind].append(f"{category:14} {label['text']!r:32} …{context}…")
            if ok and replacements is not None and kind == "register" and category == "name":
                got = {
                    replacements.get((a, b))
                    for a, b in spans
                    if a < label["end"] and label["start"] < b
                }
                wrong = {g for g in got if g in PSEUDONYMS and g != label["expect"]}
                self.wrong_attribution = (self.wrong_attribution or 0) + bool(wrong)

    def rate(self, key: str) -> str:
        if not self.total[key]:
            return "    n/a"
        return f"{100 * self.hit[key] / self.total[key]:6.2f}% ({self.hit[key]}/{self.total[key]})"


def run_ours(corpus: list[dict]) -> Score:
    score = Score()
    anonymise("warm up the lexicon", parse_register(corpus[0]["register"]))
    for doc in corpus:
        started = time.perf_counter()
        result = anonymise(doc["text"], parse_register(doc["register"]))
        score.seconds += time.perf_counter() - started
        score.words += len(doc["text"].split())
        spans = [(s.start, s.end) for s in result.spans]
        score.add(doc, spans, {(s.start, s.end): s.replacement for s in result.spans})
    return score


def presidio_analyzer(uk: bool):
    """Presidio with a blank spaCy model (no NER: none can be installed here)."""
    import logging

    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    # tldextract (used by Presidio's URL/e-mail recognisers) tries to download the public
    # suffix list, fails offline, logs a traceback and falls back to its bundled copy.
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    with tempfile.TemporaryDirectory(prefix="blank-en-") as tmp:
        model_dir = Path(tmp) / "model"
        spacy.blank("en").to_disk(model_dir)
        engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": str(model_dir)}])
        engine.load()  # read into memory: the folder can go
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=engine, languages=["en"])
    if uk:
        from presidio_analyzer.predefined_recognizers import UkNinoRecognizer, UkPostcodeRecognizer

        registry.add_recognizer(UkNinoRecognizer())
        registry.add_recognizer(UkPostcodeRecognizer())
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])


def run_presidio(corpus: list[dict], *, uk: bool, deny_register: bool) -> Score:
    from presidio_analyzer import PatternRecognizer

    analyzer = presidio_analyzer(uk)
    analyzer.analyze(text="warm up", language="en")
    score = Score()
    for doc in corpus:
        recognizers = []
        if deny_register:
            values = [n for p in doc["register"]["people"] for n in p["names"]]
            values += [v for i in doc["register"]["identifiers"] for v in i["values"]]
            recognizers.append(PatternRecognizer(supported_entity="REGISTER", deny_list=values))
        started = time.perf_counter()
        results = analyzer.analyze(text=doc["text"], language="en", ad_hoc_recognizers=recognizers)
        score.seconds += time.perf_counter() - started
        score.words += len(doc["text"].split())
        score.add(doc, [(r.start, r.end) for r in results])
    return score


def report(name: str, score: Score, details: bool) -> None:
    wps = score.words / score.seconds if score.seconds else 0.0
    print(f"\n== {name}")
    print(f"  recall, register identifiers    {score.rate('register')}   (target 100%)")
    print(f"  recall, unregistered            {score.rate('detected')}   (target >= 95%)")
    print(f"  keep rate, agencies/roles/...   {score.rate('keep')}   (target >= 99%)")
    print(f"  words per second                {wps:10,.0f}   ({score.words:,} words)")
    per_k = 1000 * score.spurious / score.words if score.words else 0
    print(f"  replacements of unlabelled text {score.spurious:10,}   ({per_k:.2f} per 1,000 words)")
    if not details:
        return
    if score.wrong_attribution is not None:
        print(f"  register names given another person's pseudonym: {score.wrong_attribution}")
    for key in sorted(score.total):
        if key.count(":"):
            print(f"    {key:34} {score.rate(key)}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Anonymiser benchmark")
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--heldout-docs", type=int, default=100)
    parser.add_argument("--no-presidio", action="store_true")
    parser.add_argument("--show-misses", type=int, default=0, help="print N misses of each kind")
    args = parser.parse_args()

    corpora = [
        ("development templates", args.seed, generate(args.docs, args.seed)),
        # Written after tuning; one round of fixes followed its first run (see docs/anonymiser.md).
        ("held-out templates", args.seed + 1, generate_heldout(args.heldout_docs, args.seed + 1)),
    ]
    started = time.perf_counter()
    lexicon()
    print(f"Lexicon load: {time.perf_counter() - started:.2f}s (once per process)")
    presidio = not args.no_presidio and _presidio_available()
    false_positives_on_clean_prose()
    for corpus_name, seed, corpus in corpora:
        labels = Counter(label["kind"] for doc in corpus for label in doc["labels"])
        print(
            f"\n#### Corpus: {corpus_name}: {len(corpus)} documents, seed {seed}, "
            f"labels {dict(labels)}"
        )
        ours = run_ours(corpus)
        report("Manx Learning anonymiser (register + detectors)", ours, details=True)
        for kind, misses in ours.misses.items():
            for line in misses[: args.show_misses]:
                print(f"  MISS {kind:9} {line}")
        for line in ours.spurious_examples[: args.show_misses]:
            print(f"  UNLABELLED  …{line}…")
        if not presidio:
            continue
        for title, uk, deny in (
            ("Presidio 2.2 default recognisers, blank spaCy model", False, False),
            ("Presidio + UK NINO/postcode recognisers", True, False),
            ("Presidio + UK recognisers + register values as a deny-list", True, True),
        ):
            report(title, run_presidio(corpus, uk=uk, deny_register=deny), details=False)
    if not presidio and not args.no_presidio:
        print("\nPresidio is not installed: no comparison (pip install presidio-analyzer).")


def false_positives_on_clean_prose() -> None:
    """Hand-written report prose with no identifiers at all: every replacement is a false one."""
    text = (ROOT / "bench" / "anonymiser_corpus" / "clean_prose.md").read_text(encoding="utf-8")
    register = parse_register(
        {
            "people": [
                {"pseudonym": "Child A", "names": ["Unused Person"]},
                {"pseudonym": "Mother", "names": ["Unused Mother"]},
                {"pseudonym": "Father", "names": ["Unused Father"]},
            ],
            "family": "Family K",
        }
    )
    result = anonymise(text, register)
    found = ", ".join(repr(s.original) for s in result.spans) or "none"
    print(
        f"\nFalse positives on clean_prose.md ({len(text.split())} words, no identifiers): "
        f"{len(result.spans)}: {found}"
    )


def _presidio_available() -> bool:
    try:
        import presidio_analyzer  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
