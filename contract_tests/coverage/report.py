"""The coverage report: JSON for tools, Markdown for a CI job summary, and one number for the
gate: the share of documented statuses and response enum values the run saw."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract_tests.coverage.recorder import Recorder


@dataclass(frozen=True)
class Coverage:
    data: dict[str, Any]

    @property
    def percent(self) -> float:
        value: float = self.data["coverage"]["percent"]
        return value

    def never_seen(self) -> list[str]:
        """Everything documented that the run never saw, as `operation status` and
        `field value`, for the gate's message."""
        missing = [
            f"{op} {status}"
            for op, part in self.data["operations"].items()
            if part["run"]
            for status in part["statuses"]["never"]
        ]
        missing += [
            f"{e['field'].lstrip('/')}={v}"
            for e in self.data["enums"]
            if e["run"]
            for v in e["never"]
        ]
        return missing

    def saw_status(self, operation_id: str, status: int) -> bool:
        part = self.data["operations"].get(operation_id)
        return bool(part) and str(status) in part["statuses"]["seen"]


def coverage_of(recorder: Recorder, excluded: set[str]) -> Coverage:
    doc = recorder.documented
    with recorder.lock:
        operations: dict[str, Any] = {}
        seen_total = documented_total = 0
        for op, statuses in doc.statuses.items():
            counts: Counter[int] = recorder.statuses.get(op) or Counter()
            run = op not in excluded
            seen = {str(s): counts[s] for s in statuses if s in counts}
            never = [s for s in statuses if s not in counts]
            undocumented = {str(s): n for s, n in counts.items() if s not in statuses}
            sent = recorder.sent.get(op, set())
            always_null = sorted(
                f for (o, f), valued in recorder.fields_valued.items() if o == op and not valued
            )
            operations[op] = {
                "run": run,
                "requests": sum(counts.values()),
                "statuses": {"seen": seen, "never": never, "undocumented": undocumented},
                "requestFields": {
                    "sent": [f for f in doc.request_fields[op] if f in sent],
                    "neverSent": [f for f in doc.request_fields[op] if f not in sent],
                },
                "alwaysNull": always_null,
            }
            if run:
                seen_total += len(seen)
                documented_total += len(statuses)
        enums = []
        for pointer, values in doc.enums.items():
            got = recorder.enum_values.get(pointer, set())
            # An enum only the operations not run answer with cannot be seen: not counted.
            run = not set(doc.enum_operations.get(pointer, ())) <= excluded
            enums.append(
                {
                    "field": pointer,
                    "run": run,
                    "operations": list(doc.enum_operations.get(pointer, ())),
                    "seen": [v for v in values if v in got],
                    "never": [v for v in values if v not in got],
                }
            )
            if run:
                seen_total += sum(v in got for v in values)
                documented_total += len(values)
    percent = round(100 * seen_total / documented_total, 1) if documented_total else 100.0
    return Coverage(
        {
            "coverage": {"percent": percent, "seen": seen_total, "documented": documented_total},
            "operations": operations,
            "enums": enums,
        }
    )


def markdown(coverage: Coverage) -> str:
    data = coverage.data
    total = data["coverage"]
    lines = [
        "## Contract coverage",
        "",
        f"**{total['percent']}%** of documented statuses and response enum values seen "
        f"({total['seen']} of {total['documented']}).",
        "",
        "| operation | requests | statuses seen | never seen | fields never sent |",
        "|---|---:|---|---|---|",
    ]
    for op, part in data["operations"].items():
        if not part["run"]:
            lines.append(f"| {op} | - | not run (read-only) | | |")
            continue
        seen = ", ".join(f"{s} ({n})" for s, n in part["statuses"]["seen"].items()) or "-"
        never = ", ".join(map(str, part["statuses"]["never"])) or "-"
        unsent = ", ".join(f"`{f}`" for f in part["requestFields"]["neverSent"]) or "-"
        lines.append(f"| {op} | {part['requests']} | {seen} | {never} | {unsent} |")
    lines += ["", "| response field | values seen | never seen |", "|---|---|---|"]
    for enum in data["enums"]:
        if not enum["run"]:
            only = ", ".join(enum["operations"])
            lines.append(f"| `{enum['field'].lstrip('/')}` | not run (only {only}) | |")
            continue
        seen = ", ".join(enum["seen"]) or "-"
        never = ", ".join(enum["never"]) or "-"
        lines.append(f"| `{enum['field'].lstrip('/')}` | {seen} | {never} |")
    nulls = [
        f"`{op}` {field}" for op, part in data["operations"].items() for field in part["alwaysNull"]
    ]
    if nulls:
        lines += ["", "Response fields that were null in every answer: " + ", ".join(nulls[:40])]
        if len(nulls) > 40:
            lines[-1] += f" and {len(nulls) - 40} more"
    return "\n".join(lines) + "\n"


def write(coverage: Coverage, directory: Path) -> tuple[Path, Path]:
    json_path, md_path = directory / "coverage.json", directory / "coverage.md"
    json_path.write_text(json.dumps(coverage.data, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(markdown(coverage), encoding="utf-8")
    return json_path, md_path
