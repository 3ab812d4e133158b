"""What a named fault is: the operation it breaks, the check that proves it, how it breaks the
answer (a rewrite), the request (a crash or a refusal) or the world (the faulty service), and
where it can be seen (a read-only run, or only one that writes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]
# (the request's fields: path, query and body together; the answer's body) -> (status, body)
Rewrite = Callable[[Json, Json], tuple[int | None, Json]]
Predicate = Callable[[Json], bool]

BOTH_MODES = frozenset({"read-only", "writes"})
WRITES_ONLY = frozenset({"writes"})

# How schemathesis reports a built-in check's failure; custom checks are reported by name.
REPORTED_AS = {
    "response_schema_conformance": "ST108",
    "not_a_server_error": "ST101",
    "negative_data_rejection": "ST201",
}


class DeliberateRefusal(Exception):
    """A fault refusing a valid request as invalid: answered 400, as a service's bug would be."""


@dataclass(frozen=True)
class Fault:
    name: str
    summary: str
    operation: str
    caught_by: str
    rewrite: Rewrite | None = None
    # A crash comes before any other outcome, a 409 included: it is decided from the request.
    crashes_on: Predicate | None = None
    # A valid request refused with 400, decided from the request.
    refuses_on: Predicate | None = None
    # The operation answers a canned success to bodies that break the contract.
    accepts_invalid_body: bool = False
    # Runs of the suite that can see it: a fault of creating numbers needs --allow-writes.
    modes: frozenset[str] = BOTH_MODES
    # The operations a run must test to see it (the fault's own, and those leading there).
    exercised_by: tuple[str, ...] = ()

    @property
    def reported_as(self) -> str:
        """What the suite's report shows when it catches this fault."""
        return REPORTED_AS.get(self.caught_by, f"Custom check failed: `{self.caught_by}`")

    @property
    def operations(self) -> tuple[str, ...]:
        return self.exercised_by or (self.operation,)
