"""Generation that reaches the deployment's real data: schemathesis hooks that give some cases
the run's known values (numbers, their ids, leads, teams, campaigns, sources) and add the
documented boundaries to the examples phase.

Registered only while a run of leadping-contract is on (`registered()`): schemathesis layers
every global case hook onto every strategy, and that alone changes what Hypothesis draws, so the
payload catalogue, generated elsewhere in the same process, would no longer be repeatable.

The values are frozen when the run starts and picked by a hash of the case, never at random:
a replayed or shrunk example must map the same way, or Hypothesis reports a flaky test.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from typing import Any

import schemathesis

from contract_tests import run_context, writes
from contract_tests.known_data import KnownData

# Values the contract's pages document as the edges of what is accepted (decisions R1, R6).
NAME_LIMIT = 255
WINDOW_LIMITS = ("1", "365")
SELECTION_FIELDS = ("leadId", "teamId", "campaignId", "sourceId", "recipientPhoneNumber")


def _hash(case: Any) -> int:
    key = repr((case.path_parameters, case.query, case.body)).encode("utf-8", "replace")
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big")


def _generated_positive(case: Any, location: str) -> bool:
    meta = case.meta
    if meta is None:
        return False
    return not any(
        loc.value == location and info.mode.is_negative for loc, info in meta.components.items()
    )


def _known() -> KnownData | None:
    run = run_context.current()
    return run.known if run is not None else None


def _pool(known: KnownData, field: str) -> tuple[str, ...]:
    return {
        "leadId": known.leads,
        "teamId": known.teams,
        "campaignId": known.campaigns,
        "sourceId": known.sources,
        "recipientPhoneNumber": known.numbers,  # a recipient in a real number's area code
    }[field]


def _with_known_context(body: dict[str, Any], known: KnownData, h: int) -> dict[str, Any]:
    """A selection body with up to two of its context fields set to known values, half the
    time: a known team with a recipient in a known number's area reaches LocalArea, say."""
    if h % 2:
        return body
    changed = dict(body)
    for turn in range(1 + (h >> 1) % 2):
        bits = h >> (3 + 8 * turn)
        field = SELECTION_FIELDS[bits % len(SELECTION_FIELDS)]
        pool = _pool(known, field)
        if pool:
            changed[field] = pool[(bits >> 3) % len(pool)]
    return changed


def _operation_id(operation: Any) -> str | None:
    found = operation.definition.raw.get("operationId")
    return found if isinstance(found, str) else None


def map_case(context: Any, case: Any) -> Any:
    """Each operation's generated cases, with known values where they reach real data."""
    mapping = {
        "getPhoneNumberStatus": status_of_real_numbers,
        "selectOutgoingNumber": selections_in_real_contexts,
        "validateManualOverride": overrides_of_real_numbers,
    }.get(_operation_id(context.operation) or "")
    return mapping(case) if mapping is not None else case


def before_add_examples(context: Any, examples: list[Any]) -> None:
    adding = {
        "getPhoneNumberStatus": status_examples,
        "createPhoneNumber": create_examples,
    }.get(_operation_id(context.operation) or "")
    if adding is not None:
        adding(context.operation, examples)


def status_of_real_numbers(case: Any) -> Any:
    known = _known()
    if known is None or not known.numbers or not _generated_positive(case, "path"):
        return case
    h = _hash(case)
    if h % 3:  # two cases in three ask about a real number; the rest stay generated
        number = known.numbers[h % len(known.numbers)]
        case.path_parameters = {**(case.path_parameters or {}), "phoneNumber": number}
    return case


def selections_in_real_contexts(case: Any) -> Any:
    known = _known()
    if known is None or not isinstance(case.body, dict) or not _generated_positive(case, "body"):
        return case
    case.body = _with_known_context(case.body, known, _hash(case))
    return case


def overrides_of_real_numbers(case: Any) -> Any:
    known = _known()
    if known is None or not isinstance(case.body, dict) or not _generated_positive(case, "body"):
        return case
    h = _hash(case)
    body = dict(case.body)
    if known.number_ids and h % 3:
        body["fromPhoneNumberId"] = known.number_ids[h % len(known.number_ids)]
    if isinstance(body.get("selection"), dict):
        body["selection"] = _with_known_context(body["selection"], known, h >> 5)
    case.body = body
    return case


def status_examples(operation: Any, examples: list[Any]) -> None:
    """Each known number once (up to five), and the first at the window's documented limits."""
    known = _known()
    if known is None or not known.numbers:
        return
    for number in known.numbers[:5]:
        examples.append(operation.Case(path_parameters={"phoneNumber": number}))
    for days in WINDOW_LIMITS:
        examples.append(
            operation.Case(
                path_parameters={"phoneNumber": known.numbers[0]}, query={"windowDays": days}
            )
        )


def create_examples(operation: Any, examples: list[Any]) -> None:
    """A name of exactly the documented 255 characters, which must be accepted."""
    log = writes.active()
    if log is None:
        return  # nothing is created without --allow-writes
    digits = int(hashlib.sha256(log.tag.encode()).hexdigest(), 16)
    number = f"+1512{200 + digits % 700}{digits % 10_000:04d}"
    # Tagged as every number the suite creates (decision T2), and still 255 characters.
    prefix = f"[{log.tag}] "
    body = {"name": prefix + "B" * (NAME_LIMIT - len(prefix)), "number": number}
    examples.append(operation.Case(body=body, media_type="application/json"))


@contextlib.contextmanager
def registered() -> Iterator[None]:
    """These hooks, with schemathesis, for the duration of a run."""
    hooks = (map_case, before_add_examples)
    for hook in hooks:
        schemathesis.hook(hook)
    try:
        yield
    finally:
        for hook in hooks:
            schemathesis.hooks.unregister(hook)
