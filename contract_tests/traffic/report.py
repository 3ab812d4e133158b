"""What traffic showed, reported as it goes and completed at the end: findings.ndjson (one line
per finding) and exchanges.ndjson (one HAR entry per exchange), both flushed as they come; one
terminal line per finding; junit.xml and summary.md rewritten whole (never half-written) every
couple of seconds; traffic.har assembled from the exchanges at the end."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import Counter, deque
from pathlib import Path
from typing import TextIO
from xml.etree import ElementTree

import orjson

from contract_tests.traffic import har
from contract_tests.traffic.auditor import Tally
from contract_tests.traffic.exchange import Exchange
from contract_tests.traffic.findings import Finding

# Exchanges kept for the HAR (the later ones left out: a proxy may run for days).
MAX_HAR_ENTRIES = 50_000
MAX_FINDINGS_KEPT = 20_000
REWRITE_EVERY_SECONDS = 2.0


class TrafficReport:
    def __init__(self, directory: Path, title: str, terminal: TextIO | None = None) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.title = title
        self.terminal = terminal if terminal is not None else sys.stderr
        self._stream = (directory / "findings.ndjson").open("a", encoding="utf-8")
        self._exchanges = (directory / "exchanges.ndjson").open("w", encoding="utf-8")
        self._entries = 0
        self._findings: deque[Finding] = deque(maxlen=MAX_FINDINGS_KEPT)
        self.counts: Counter[str] = Counter()
        self.total_findings = 0
        self._written = 0.0
        self._lock = threading.Lock()

    def add(self, exchange: Exchange, findings: list[Finding] | None) -> None:
        with self._lock:
            if self._entries < MAX_HAR_ENTRIES:
                self._entries += 1
                # orjson: the HAR entry is every body as text, which json.dumps took ~40 µs
                # an exchange to escape, on the proxy's core (docs/performance.md).
                self._exchanges.write(orjson.dumps(har.entry(exchange)).decode() + "\n")
                self._exchanges.flush()
            for finding in findings or []:
                self.total_findings += 1
                self.counts[finding.rule] += 1
                self._findings.append(finding)
                self._stream.write(json.dumps(finding.as_json()) + "\n")
                print(f"leadping: {finding.line()}", file=self.terminal, flush=True)
            self._stream.flush()

    def maybe_write(self, tally: Tally) -> None:
        if time.monotonic() - self._written >= REWRITE_EVERY_SECONDS:
            self.write(tally)

    def write(self, tally: Tally) -> None:
        """Rewrite the small reports whole, each atomically."""
        with self._lock:
            self._written = time.monotonic()
            _replace(self.directory / "junit.xml", self._junit(tally))
            _replace(self.directory / "summary.md", self._markdown(tally))

    def close(self, tally: Tally) -> None:
        self.write(tally)
        with self._lock:
            self._stream.close()
            self._exchanges.close()
            lines = (self.directory / "exchanges.ndjson").read_text(encoding="utf-8").splitlines()
            har.write(self.directory / "traffic.har", [json.loads(line) for line in lines if line])

    def _junit(self, tally: Tally) -> str:
        suite = ElementTree.Element(
            "testsuite",
            name=self.title,
            tests=str(max(1, tally.audited)),
            failures=str(self.total_findings),
        )
        by_rule: dict[str, list[Finding]] = {}
        for finding in self._findings:
            by_rule.setdefault(finding.rule, []).append(finding)
        if not by_rule:
            ElementTree.SubElement(suite, "testcase", name="traffic conforms", classname=self.title)
        for rule, found in sorted(by_rule.items()):
            case = ElementTree.SubElement(suite, "testcase", name=rule, classname=self.title)
            failure = ElementTree.SubElement(
                case, "failure", message=f"{len(found)} finding(s): {found[0].line()[:200]}"
            )
            failure.text = "\n".join(f.line() for f in found[:200])
        return ElementTree.tostring(suite, encoding="unicode")

    def _markdown(self, tally: Tally) -> str:
        lines = [
            f"## {self.title}",
            "",
            f"{tally.audited} exchange(s) of the contract checked, {tally.skipped} other(s) "
            f"skipped; **{self.total_findings} finding(s)**.",
            "",
        ]
        if self.counts:
            lines += ["| rule | findings | first |", "|---|---:|---|"]
            for rule, count in self.counts.most_common():
                first = next(f for f in self._findings if f.rule == rule)
                lines.append(f"| `{rule}` | {count} | {first.line()[:160].replace('|', '/')} |")
        if tally.by_operation:
            lines += ["", "| operation | exchanges |", "|---|---:|"]
            lines += [f"| {op} | {n} |" for op, n in sorted(tally.by_operation.items())]
        return "\n".join(lines) + "\n"


def _replace(path: Path, text: str) -> None:
    partial = path.with_suffix(path.suffix + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
