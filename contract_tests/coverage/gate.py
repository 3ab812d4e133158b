"""The coverage gate: `--min-coverage N` and `--require-status OPERATION:CODE`, each failing in
one line that names what was never seen."""

from __future__ import annotations

import math
from dataclasses import dataclass

from contract_tests.coverage.report import Coverage


def percentage(text: str) -> float:
    """A --min-coverage value: a number from 0 to 100. NaN would pass every run (no comparison
    with it is true), and past 100 fail every run: neither is a gate."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 100:
        raise ValueError(f"expected a percentage from 0 to 100, e.g. 80; got {text[:40]!r}")
    return value


@dataclass(frozen=True)
class RequiredStatus:
    operation_id: str
    status: int

    @classmethod
    def parse(cls, text: str, operations: list[str]) -> RequiredStatus:
        operation_id, sep, code = text.partition(":")
        if not sep or not code.strip().isdigit():
            raise ValueError(
                f"--require-status {text!r}: expected OPERATION:CODE, e.g. getPhoneNumberStatus:200"
            )
        if operation_id not in operations:
            raise ValueError(
                f"--require-status {text!r}: unknown operation {operation_id!r}; "
                f"the contract has {', '.join(operations)}"
            )
        return cls(operation_id, int(code))


def failures(
    coverage: Coverage, min_coverage: float | None, required: list[RequiredStatus]
) -> list[str]:
    found: list[str] = []
    if min_coverage is not None and coverage.percent < min_coverage:
        missing = coverage.never_seen()
        shown = ", ".join(missing[:12]) + (
            f" and {len(missing) - 12} more" if len(missing) > 12 else ""
        )
        found.append(
            f"coverage {coverage.percent}% is below --min-coverage {min_coverage:g}; never seen: "
            f"{shown}"
        )
    for need in required:
        if not coverage.saw_status(need.operation_id, need.status):
            found.append(
                f"--require-status {need.operation_id}:{need.status}: {need.operation_id} never "
                f"answered {need.status}"
            )
    return found
