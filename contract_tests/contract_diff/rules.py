"""The rule catalogue: every rule id the engine emits, its severity and why (ids as in oasdiff).

oasdiff has three levels (ERR, WARN, INFO); this kit has two. Each WARN was decided one by one
(docs/decisions.md, "Contract changes"): a gate that passes on "maybe breaking" passes breaks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from contract_tests.contract_diff.change import Severity, Side

B: Severity = "breaking"
C: Severity = "compatible"

REQUEST_PREFIXES = ("request-body", "request-property", "request-parameter")
RESPONSE_PREFIXES = ("response-body", "response-property")


@dataclass(frozen=True)
class Rule:
    """A rule id, its severity, and why a change under it breaks clients or does not."""

    id: str
    severity: Severity
    why: str


_STRUCTURAL: tuple[tuple[str, Severity, str], ...] = (
    ("api-removed-without-deprecation", B, "clients calling it now get an error"),
    ("api-removed-with-deprecation", C, "it was deprecated first, which announced the removal"),
    ("api-path-removed-without-deprecation", B, "clients calling it now get an error"),
    ("api-path-removed-with-deprecation", C, "it was deprecated first, which announced it"),
    ("endpoint-added", C, "no client calls it yet"),
    ("new-required-request-property", B, "requests without it, valid before, are now rejected"),
    ("new-optional-request-property", C, "clients may leave it out"),
    ("request-property-became-required", B, "requests without it are now rejected"),
    ("request-property-became-optional", C, "requests with it are still valid"),
    ("request-property-removed", B, "the server stops reading what clients send in it"),
    ("new-required-request-parameter", B, "requests without it, valid before, are now rejected"),
    ("new-optional-request-parameter", C, "clients may leave it out"),
    ("request-parameter-became-required", B, "requests without it are now rejected"),
    ("request-parameter-became-optional", C, "requests with it are still valid"),
    ("request-parameter-removed", B, "the server stops reading what clients send in it"),
    ("request-body-added-required", B, "requests without a body are now rejected"),
    ("request-body-added-optional", C, "clients may leave it out"),
    ("request-body-became-required", B, "requests without a body are now rejected"),
    ("request-body-became-optional", C, "requests with a body are still valid"),
    ("request-body-removed", B, "the server stops reading what clients send"),
    ("request-body-media-type-removed", B, "requests in that media type are now rejected"),
    ("request-body-media-type-added", C, "requests in the old media types are still valid"),
    ("response-required-property-removed", B, "clients reading it find it missing"),
    ("response-optional-property-removed", B, "clients reading it when present never get it"),
    ("response-required-property-added", C, "clients ignore properties they do not know"),
    ("response-optional-property-added", C, "clients ignore properties they do not know"),
    ("response-property-became-optional", B, "clients reading it may find it missing"),
    ("response-property-became-required", C, "it is now always there"),
    ("response-media-type-removed", B, "clients reading that media type no longer get it"),
    ("response-media-type-added", C, "clients keep getting the media types they know"),
    ("response-success-status-removed", B, "clients expecting that success get another status"),
    ("response-non-success-status-removed", B, "clients handling that error get another status"),
    ("response-success-status-added", C, "the statuses clients know are still answered"),
    ("response-non-success-status-added", C, "clients treat an error status by its class"),
)

# Schema rules: (suffix, request verdict, response verdict); the id is a prefix above plus the
# suffix. A request narrowed breaks clients that send; a response widened breaks clients that read.
_Verdict = tuple[Severity, str] | None
_SCHEMA: tuple[tuple[str, _Verdict, _Verdict], ...] = (
    ("type-changed", (B, "values valid before are now rejected"),
     (B, "clients parsing the old type cannot read the new one")),
    ("type-generalized", (C, "every value valid before is still valid"),
     (B, "the server may send values of a wider type than clients parse")),
    ("type-specialized", None, (C, "everything the server sends now was valid before")),
    ("became-nullable", (C, "null is now accepted as well"),
     (B, "clients that do not expect null may fail on it")),
    ("became-not-nullable", (B, "requests sending null are now rejected"),
     (C, "the server no longer sends null")),
    ("enum-value-removed", (B, "requests using that value are now rejected"),
     (C, "the server no longer sends that value")),
    ("enum-value-added", (C, "values valid before are still valid"),
     (B, "clients that switch over the enum meet a value they do not know")),
    ("became-enum", (B, "values outside the list, valid before, are now rejected"),
     (C, "the server now sends listed values only")),
    ("enum-removed", (C, "any value is now accepted"),
     (B, "the server may send values outside the old list")),
    ("pattern-added", (B, "values that do not match, valid before, are now rejected"),
     (C, "the server only narrows what it sends")),
    ("pattern-changed", (B, "no one can prove the new pattern accepts every value the old one did"),
     (C, "a pattern in an answer documents the server's output; clients do not match it")),
    ("pattern-generalized", (C, "the new pattern accepts any string"),
     (C, "a pattern in an answer documents the server's output")),
    ("pattern-removed", (C, "any string is now accepted"),
     (C, "a pattern in an answer documents the server's output")),
    ("max-length-decreased", (B, "longer values, valid before, are now rejected"),
     (C, "the server sends shorter values only")),
    ("max-length-increased", (C, "values valid before are still valid"),
     (B, "clients that keep the value in a bounded field may get longer values")),
    ("max-length-set", (B, "longer values, valid before, are now rejected"),
     (C, "the server sends bounded values only")),
    ("max-length-unset", (C, "values valid before are still valid"),
     (B, "clients that keep the value in a bounded field may get longer values")),
    ("min-length-increased", (B, "shorter values, valid before, are now rejected"),
     (C, "the server sends longer values only")),
    ("min-length-decreased", (C, "values valid before are still valid"),
     (B, "clients may get shorter (even empty) values")),
    ("max-decreased", (B, "larger values, valid before, are now rejected"),
     (C, "the server sends smaller values only")),
    ("max-increased", (C, "values valid before are still valid"),
     (B, "clients may get values larger than they handle")),
    ("max-set", (B, "larger values, valid before, are now rejected"),
     (C, "the server sends bounded values only")),
    ("max-unset", (C, "values valid before are still valid"),
     (B, "clients may get values larger than they handle")),
    ("min-increased", (B, "smaller values, valid before, are now rejected"),
     (C, "the server sends larger values only")),
    ("min-decreased", (C, "values valid before are still valid"),
     (B, "clients may get values smaller than they handle")),
    ("min-set", (B, "smaller values, valid before, are now rejected"),
     (C, "the server sends bounded values only")),
    ("min-unset", (C, "values valid before are still valid"),
     (B, "clients may get values smaller than they handle")),
    ("max-items-decreased", (B, "longer lists, valid before, are now rejected"),
     (C, "the server sends shorter lists only")),
    ("max-items-increased", (C, "lists valid before are still valid"),
     (B, "clients may get longer lists than they handle")),
    ("max-items-set", (B, "longer lists, valid before, are now rejected"),
     (C, "the server sends bounded lists only")),
    ("max-items-unset", (C, "lists valid before are still valid"),
     (B, "clients may get longer lists than they handle")),
    ("min-items-increased", (B, "shorter lists, valid before, are now rejected"),
     (C, "the server sends longer lists only")),
    ("min-items-decreased", (C, "lists valid before are still valid"),
     (B, "clients may get shorter (even empty) lists")),
    ("any-of-removed", (B, "values matching only that branch are now rejected"),
     (C, "the server no longer sends that shape")),
    ("any-of-added", (C, "values valid before are still valid"),
     (B, "clients that handle each documented shape meet a new one")),
    ("one-of-removed", (B, "values matching only that branch are now rejected"),
     (C, "the server no longer sends that shape")),
    ("one-of-added", (B, "a value valid before may match the new branch too, and oneOf then "
                         "refuses it"),
     (B, "clients that handle each documented shape meet a new one")),
    ("all-of-added", (B, "every value must now meet one more schema"),
     (C, "everything the server sends meets one more schema")),
    ("all-of-removed", (C, "values valid before are still valid"),
     (B, "the server may send values that miss a schema they met before")),
)  # fmt: skip


def structural_ids() -> tuple[str, ...]:
    """The ids of the rules that are not about a schema keyword, for docs and tests."""
    return tuple(rule_id for rule_id, _, _ in _STRUCTURAL)


def schema_suffixes() -> tuple[tuple[str, _Verdict, _Verdict], ...]:
    """The schema rules as (suffix, request verdict, response verdict), for docs and tests."""
    return _SCHEMA


def _catalogue() -> Mapping[str, Rule]:
    rules = {rule_id: Rule(rule_id, severity, why) for rule_id, severity, why in _STRUCTURAL}
    for suffix, request, response in _SCHEMA:
        for prefixes, verdict in ((REQUEST_PREFIXES, request), (RESPONSE_PREFIXES, response)):
            if verdict is not None:
                for prefix in prefixes:
                    rules[f"{prefix}-{suffix}"] = Rule(f"{prefix}-{suffix}", *verdict)
    return MappingProxyType(rules)


RULES = _catalogue()


def schema_rule_id(side: Side, at_root: bool, in_parameter: bool, suffix: str) -> str:
    """The id of a schema rule: the prefix says whether it is a parameter, a body or a property."""
    if in_parameter:
        return f"request-parameter-{suffix}"
    place = "body" if at_root else "property"
    return f"{side}-{place}-{suffix}"
