"""JUnit XML for CI systems: one `<testcase>` per check, classname = the asset, name = the check.

`merge_junit` combines the files of several shards into one report, so that a CI matrix ends with
the same document a single machine would have written (in shard order).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path

from aemviewer.delivery.errors import InvalidInput, LocalFileError
from aemviewer.qa.checks.results import CheckResult, Outcome

_SUITE_COUNTS = ("tests", "failures", "errors")


def junit_document(results: Sequence[CheckResult], suite_name: str) -> bytes:
    """The results as a JUnit XML document (UTF-8, with the XML declaration)."""
    suites = ET.Element("testsuites")
    suite = ET.SubElement(suites, "testsuite", name=suite_name)
    for result in results:
        case = ET.SubElement(
            suite, "testcase", classname=result.asset, name=result.check, time=f"{result.seconds:.3f}"
        )
        if result.outcome is not Outcome.PASSED:
            tag = "failure" if result.outcome is Outcome.FAILED else "error"
            problem = ET.SubElement(case, tag, message=result.message, type=result.outcome.value)
            problem.text = f"{result.message}\n{result.url or ''}".strip()
        elif result.message:
            ET.SubElement(case, "system-out").text = result.message
    _count(suites)
    return _serialised(suites)


def merge_junit(documents: Iterable[bytes], names: Sequence[str] = ()) -> bytes:
    """One document holding every test suite of `documents` (`names` label them in errors)."""
    merged = ET.Element("testsuites")
    for index, document in enumerate(documents):
        name = names[index] if index < len(names) else f"document {index + 1}"
        try:
            root = ET.fromstring(document)
        except ET.ParseError as exc:
            raise InvalidInput(
                f"{name} is not JUnit XML: {exc}.",
                hint="Give the --junit files that `aemviewer check` wrote.",
            ) from exc
        suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
        if root.tag not in ("testsuite", "testsuites"):
            raise InvalidInput(
                f"{name} is XML but not JUnit (its root is <{root.tag}>).",
                hint="Give the --junit files that `aemviewer check` wrote.",
            )
        merged.extend(suites)
    _count(merged)
    return _serialised(merged)


def read_and_merge(paths: Sequence[Path]) -> bytes:
    """`merge_junit` over files; `LocalFileError` when one cannot be read."""
    documents = []
    for path in paths:
        try:
            documents.append(path.read_bytes())
        except OSError as exc:
            raise LocalFileError(
                f"Cannot read the JUnit file {path}: {exc.strerror or exc}.", hint="Check the path."
            ) from exc
    return merge_junit(documents, [str(path) for path in paths])


def junit_results(document: bytes) -> list[CheckResult]:
    """The test cases of a JUnit document as results (to print a merged report and its exit code)."""
    results = []
    for case in ET.fromstring(document).iter("testcase"):
        outcome, message = Outcome.PASSED, case.findtext("system-out") or ""
        for tag, kind in (("failure", Outcome.FAILED), ("error", Outcome.ERROR)):
            problem = case.find(tag)
            if problem is not None:
                outcome, message = kind, problem.get("message", "")
        seconds = float(case.get("time") or 0)
        results.append(
            CheckResult(case.get("classname", ""), case.get("name", ""), outcome, message, None, seconds)
        )
    return results


def _count(root: ET.Element) -> None:
    totals = dict.fromkeys(_SUITE_COUNTS, 0)
    for suite in root.iter("testsuite"):
        cases = list(suite.iter("testcase"))
        counts = {
            "tests": len(cases),
            "failures": sum(case.find("failure") is not None for case in cases),
            "errors": sum(case.find("error") is not None for case in cases),
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))


def _serialised(root: ET.Element) -> bytes:
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
