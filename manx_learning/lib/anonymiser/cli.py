"""Anonymise a document file: what both the Django command and ``python -m`` call."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from .documents import DocumentLimits, extract_text
from .errors import AnonymiserError
from .pipeline import Result, anonymise
from .register import load_register


@dataclass
class RunSummary:
    result: Result
    output: Path
    report: Path | None

    def message(self) -> str:
        summary = self.result.summary()
        lines = [
            f"Wrote {self.output}: {summary['replacements']} replacements "
            f"({summary['from_register']} from the register, {summary['detected']} detected, "
            f"{summary['to_review']} with low confidence to review).",
        ]
        if self.report:
            lines.append(f"Report: {self.report}")
        lines.extend(f"Warning: {w}" for w in self.result.warnings)
        lines.append(
            "Check the output by hand before publishing: no tool spots a combination of details "
            "(a rare event, a role, a date) that identifies a family on a small island."
        )
        return "\n".join(lines)


def run(
    input_path: str | Path,
    register_path: str | Path,
    output_path: str | Path,
    report_path: str | Path | None = None,
    limits: DocumentLimits | None = None,
) -> RunSummary:
    """Read, anonymise and write; raise AnonymiserError (never a traceback) on bad input.

    `limits` default to the DOCUMENT_* environment variables (the Django command passes its
    settings), so the command line refuses what the web pages refuse."""
    input_path, output_path = Path(input_path), Path(output_path)
    report = Path(report_path) if report_path else None
    if output_path.exists() and output_path.resolve() == input_path.resolve():
        raise AnonymiserError("The output would overwrite the input: choose another --out path.")
    register = load_register(register_path)
    extracted = extract_text(input_path, limits or DocumentLimits.from_environ())
    result = anonymise(extracted.text, register)
    result.warnings[:0] = extracted.warnings
    _write(output_path, result.text)
    if report:
        body = result.report(
            input=str(input_path),
            case=register.case,
            kind=extracted.kind,
            characters=len(extracted.text),
        )
        _write(report, json.dumps(body, indent=2, ensure_ascii=False) + "\n")
    return RunSummary(result, output_path, report)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AnonymiserError(f"Cannot write {path}: {exc.strerror or exc}.") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m manx_learning.lib.anonymiser",
        description="Anonymise a case review report using a register of names and identifiers.",
    )
    parser.add_argument("input", help="report to anonymise (.txt, .md, .docx or text PDF)")
    parser.add_argument("--register", required=True, help="register JSON file")
    parser.add_argument("--out", required=True, help="where to write the anonymised text")
    parser.add_argument("--report", help="where to write the JSON report of replacements")
    args = parser.parse_args(argv)
    try:
        summary = run(args.input, args.register, args.out, args.report)
    except AnonymiserError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(summary.message())
    return 0
