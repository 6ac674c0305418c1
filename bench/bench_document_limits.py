"""Benchmark the anonymiser's document limits: a hostile .docx is refused fast and small, and a
large but legal report is read and anonymised within the budget.

Builds (in a temporary folder):
  hostile.docx  a few hundred KB zipped, 190 MB of Word XML unzipped (the issue #12 attack:
                0.7 MB expanding to 190 MB drove a gunicorn worker to 5 GB and a 500 after 120 s);
  legal.docx    just under DOCUMENT_TEXT_MAX_CHARS of synthetic review prose (the anonymiser
                corpus's findings, chronologies and statements), ordinary Word markup;
  too-long.docx about 4,000,000 characters of text in 5.5 MB of XML (over the text limit only);
  heavy.docx    just under DOCUMENT_DOCX_MAX_XML_BYTES of XML with a run per word (the worst
                markup python-docx may be given);
  long.pdf      DOCUMENT_PDF_MAX_PAGES pages of text;
  legal.pdf     500 pages of text, just under DOCUMENT_TEXT_MAX_CHARS (read for its structure by
                pdfplumber as well as by pypdf).
and measures each step in a fresh child process (peak RSS: /proc/self/status VmHWM, or
resource.getrusage elsewhere; every figure includes the interpreter and the libraries it
imported, about 25 MB):
  the refusal of hostile.docx by `check_limits` (the upload request) and `extract_text` (the
  worker and the CLI); `check_limits`, `extract_text` and `anonymise` on the legal documents.

Budget (issue #12): no request above 512 MB peak or 10 s. The upload request runs
`check_limits`; anonymisation runs in the task worker, so its figures are reported beside it.

Run: .venv/bin/python bench/bench_document_limits.py [--quick]
(--quick: a 40 MB hostile document and a quarter-size legal one, for a smoke test.)
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "anonymiser_corpus"))

from manx_learning.lib.anonymiser import (  # noqa: E402
    DocumentError,
    DocumentLimits,
    anonymise,
    check_limits,
    extract_text,
    parse_register,
)

LIMITS = DocumentLimits()
BUDGET_MB, BUDGET_S = 512, 10.0
PARAGRAPH = (
    "<w:p><w:r><w:t>The social worker visited the family home and found the children well, "
    "but the health visitor had not been told about the earlier referral.</w:t></w:r></w:p>"
)
HEAVY_RUN = (
    '<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:b/><w:sz w:val="24"/></w:rPr>'
    '<w:t xml:space="preserve">word </w:t></w:r>'
)


def _template_parts() -> dict[str, bytes]:
    import io

    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as source:
        return {name: source.read(name) for name in source.namelist()}


def write_expanding_docx(path: Path, xml_bytes: int, paragraph: str) -> Path:
    """document.xml is `paragraph` repeated to about `xml_bytes`, written in chunks."""
    parts = _template_parts()
    head, tail = parts.pop("word/document.xml").decode().split("<w:body>", 1)
    chunk = (paragraph * max(1, (1 << 20) // len(paragraph))).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
        with target.open("word/document.xml", "w", force_zip64=True) as part:
            part.write((head + "<w:body>").encode())
            written = 0
            while written + len(chunk) <= xml_bytes:
                part.write(chunk)
                written += len(chunk)
            part.write(tail.encode())
    return path


def write_legal_docx(path: Path, chars: int) -> tuple[Path, dict]:
    """Synthetic review prose up to `chars` characters, one register (the first document's)."""
    import docx
    from generate import generate

    corpus = generate(docs=2_000, seed=2024)
    document, total, i = docx.Document(), 0, 0
    while True:
        for line in corpus[i % len(corpus)]["text"].split("\n"):
            if total + len(line) + 1 > chars:
                document.save(path)
                return path, corpus[0]["register"]
            document.add_paragraph(line)
            total += len(line) + 1
        i += 1


def write_long_pdf(path: Path, pages: int) -> Path:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    line = "The health visitor had not been told about the earlier referral from the school."
    body = " ".join(f"({line}) Tj 0 -14 Td" for _ in range(45))
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 9 Tf 40 760 Td {body} ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as out:
        writer.write(out)
    return path


# One measurement, in this (child) process -------------------------------------------------


def measure(step: str, path: str, register: str | None) -> dict:
    started = time.perf_counter()
    outcome = ""
    try:
        if step == "check_limits":
            check_limits(path, LIMITS)
            outcome = "accepted"
        elif step == "extract_text":
            outcome = f"{len(extract_text(path, LIMITS).text):,} characters"
        else:  # extract_text + anonymise, as the worker does
            text = extract_text(path, LIMITS).text
            result = anonymise(text, parse_register(json.loads(register or "{}")))
            outcome = f"{len(text):,} characters, {len(result.spans):,} spans"
    except DocumentError as error:
        outcome = f"refused: {error}"
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": peak_rss_mb(), "outcome": outcome}


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, because ru_maxrss keeps the high-water mark
    of the parent that forked this child (the document builder); ru_maxrss elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(step: str, path: Path, register: dict | None = None) -> dict:
    command = [sys.executable, __file__, "--child", step, str(path)]
    if register is not None:
        command.append(json.dumps(register))
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        step, path, *register = args.child
        print(json.dumps(measure(step, path, register[0] if register else None)))
        return

    scale = 4 if args.quick else 1
    folder = Path(tempfile.mkdtemp(prefix="bench-doclimits-"))
    print(f"Limits: {LIMITS}")
    built = time.perf_counter()
    hostile = write_expanding_docx(folder / "hostile.docx", 190 * 2**20 // scale, PARAGRAPH)
    legal, register = write_legal_docx(
        folder / "legal.docx", (LIMITS.document_text_max_chars - 50_000) // scale
    )
    heavy = write_expanding_docx(
        folder / "heavy.docx",
        LIMITS.document_docx_max_xml_bytes // scale - 2**20,
        "<w:p>" + HEAVY_RUN * 20 + "</w:p>",
    )
    too_long = write_expanding_docx(folder / "too-long.docx", 11 * 2**20 // (2 * scale), PARAGRAPH)
    long_pdf = write_long_pdf(folder / "long.pdf", LIMITS.document_pdf_max_pages // scale)
    legal_pdf = write_long_pdf(folder / "legal.pdf", 500 // scale)
    print(f"Built the documents in {time.perf_counter() - built:.1f} s:")
    for path in (hostile, too_long, legal, heavy, long_pdf, legal_pdf):
        with zipfile.ZipFile(path) if path.suffix == ".docx" else open(path, "rb") as opened:
            unzipped = (
                sum(i.file_size for i in opened.infolist())
                if isinstance(opened, zipfile.ZipFile)
                else path.stat().st_size
            )
        print(
            f"  {path.name:13} {path.stat().st_size / 2**20:8.2f} MB on disk, "
            f"{unzipped / 2**20:8.1f} MB unzipped"
        )

    cases = [
        ("hostile.docx refused at upload (check_limits)", "check_limits", hostile, None, True),
        (
            "hostile.docx refused by the worker/CLI (extract_text)",
            "extract_text",
            hostile,
            None,
            True,
        ),
        ("too-long.docx refused at upload (check_limits)", "check_limits", too_long, None, True),
        (
            "too-long.docx refused by the worker (extract_text)",
            "extract_text",
            too_long,
            None,
            True,
        ),
        ("legal.docx upload check (check_limits)", "check_limits", legal, None, True),
        ("legal.docx read + anonymised (worker)", "anonymise", legal, register, False),
        ("heavy.docx upload check (check_limits)", "check_limits", heavy, None, True),
        ("heavy.docx read (worker, python-docx)", "extract_text", heavy, None, False),
        ("long.pdf upload check (check_limits)", "check_limits", long_pdf, None, True),
        ("legal.pdf upload check (check_limits)", "check_limits", legal_pdf, None, True),
        ("legal.pdf read, with its structure (worker)", "extract_text", legal_pdf, None, False),
    ]
    print(f"\n{'step':56} {'seconds':>8} {'peak MB':>8}  outcome")
    over = []
    for label, step, path, reg, is_request in cases:
        figures = in_child(step, path, reg)
        outcome = figures["outcome"]
        print(f"{label:56} {figures['seconds']:8.2f} {figures['peak_mb']:8.0f}  {outcome[:110]}")
        if is_request and (figures["seconds"] > BUDGET_S or figures["peak_mb"] > BUDGET_MB):
            over.append(label)
    print(
        f"\nRequest budget {BUDGET_MB} MB / {BUDGET_S:.0f} s: "
        + ("every request step within it" if not over else f"OVER in {', '.join(over)}")
    )
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
