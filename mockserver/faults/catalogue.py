"""The catalogue of named, off-by-default bugs the mock can be told to have, so the contract suite
can prove that it catches each violation it claims to catch (as schemathesis tests its checks on
buggy apps), and the set of them a mock runs with, parsed once at start-up."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mockserver.faults import answer_rewrites as a
from mockserver.faults.fault import WRITES_ONLY, DeliberateRefusal, Fault, Json

CREATE, STATUS, SELECT = "createPhoneNumber", "getPhoneNumberStatus", "selectOutgoingNumber"
OVERRIDE, CLEAR = "validateManualOverride", "clearConversationOverride"

FAULTS: dict[str, Fault] = {
    fault.name: fault
    for fault in (
        # The contract's schemas, held by schemathesis's own checks.
        Fault("int32-out-of-range", "status writes 2147483648 in an int32 field", STATUS,
              "response_schema_conformance", a.int32_out_of_range),
        Fault("enum-wrong-case", "selection writes healthStatus in lower case", SELECT,
              "response_schema_conformance", a.enum_wrong_case),
        Fault("missing-required-field", "selection leaves out canSend", SELECT,
              "response_schema_conformance", a.missing_required_field),
        Fault("nullable-field-omitted", "selection leaves out a null setupMessage", SELECT,
              "response_schema_conformance", a.nullable_field_omitted),
        Fault("server-error-on-boundary", "create answers 500 for a 255-character name", CREATE,
              "not_a_server_error", crashes_on=a.name_at_max_length, modes=WRITES_ONLY),
        Fault("accepts-invalid-body", "create accepts bodies that break the contract", CREATE,
              "negative_data_rejection", accepts_invalid_body=True, modes=WRITES_ONLY),
        # One answer's domain rules.
        Fault("two-selected", "selection marks several eligible numbers as selected", SELECT,
              "one_number_selected_iff_can_send", a.two_selected),
        Fault("status-for-another-number", "status answers for another number than asked", STATUS,
              "status_is_for_the_number_asked", a.status_for_another_number),
        Fault("create-renames", "create answers with another name than the one sent", CREATE,
              "created_number_echoes_request", a.renamed, modes=WRITES_ONLY),
        Fault("override-answers-another", "an override answers with another number", OVERRIDE,
              "override_answers_the_number_asked", a.override_answers_another),
        Fault("lead-assigned-without-lead", "selection says LeadAssigned with no lead asked",
              SELECT, "reason_backed_by_request", a.lead_assigned_without_lead),
        Fault("warning-without-attention", "selection warns about a healthy number", SELECT,
              "health_warning_iff_needs_attention", a.warning_without_attention),
        Fault("failures-miscounted", "status counts a failure more than sent minus delivered",
              STATUS, "failures_are_sent_minus_delivered", a.failures_miscounted),
        Fault("events-outside-window", "status lists an event from before its window", STATUS,
              "recent_events_within_window", a.events_outside_window),
        Fault("campaign-not-echoed", "selection answers without the campaign asked for", SELECT,
              "selection_echoes_campaign_and_source", a.campaign_not_echoed),
        Fault("rejects-long-name", "create refuses names of 200 or more characters", CREATE,
              "valid_boundaries_are_accepted", refuses_on=a.long_name, modes=WRITES_ONLY),
        Fault("rejects-window-limit", "status refuses windowDays=365", STATUS,
              "valid_boundaries_are_accepted", refuses_on=a.window_at_its_limit),
        # Rules across calls (the faulty service, or answers that contradict earlier ones).
        Fault("override-ignored", "an override answers as pinned but pins nothing", OVERRIDE,
              "override_is_honoured"),
        Fault("clear-does-not-clear", "clearing an override leaves it in place", CLEAR,
              "clear_removes_override", exercised_by=(SELECT, OVERRIDE, CLEAR)),
        Fault("sticky-hops", "a conversation's sticky answer names another number", SELECT,
              "sticky_means_sent_before", a.sticky_hops),
        Fault("clear-comes-back", "a cleared override comes back a selection later", CLEAR,
              "manual_override_means_overridden", exercised_by=(SELECT, OVERRIDE, CLEAR)),
        Fault("created-number-has-no-status", "a created number's status is 404", STATUS,
              "created_number_has_a_status", modes=WRITES_ONLY, exercised_by=(CREATE,)),
    )
}  # fmt: skip


class UnknownFault(ValueError):
    """A fault name the mock does not have; the message lists the ones it has."""


@dataclass(frozen=True)
class FaultSet:
    """The faults one mock runs with: every layer asks this value, none parses names again."""

    names: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, names: str | Iterable[str] | None) -> FaultSet:
        """Fault names, comma-separated or listed, each checked against FAULTS."""
        if not names:
            return cls()
        listed = names.split(",") if isinstance(names, str) else list(names)
        chosen = frozenset(n.strip() for n in listed if n.strip())
        unknown = sorted(chosen - FAULTS.keys())
        if unknown:
            raise UnknownFault(
                f"unknown fault(s) {', '.join(unknown)}; known: {', '.join(sorted(FAULTS))}"
            )
        return cls(chosen)

    def __bool__(self) -> bool:
        return bool(self.names)

    def has(self, name: str) -> bool:
        return name in self.names

    def of(self, operation_id: str | None) -> list[Fault]:
        """The active faults of one operation, in name order."""
        return [FAULTS[n] for n in sorted(self.names) if FAULTS[n].operation == operation_id]

    def accepts_invalid_body(self, operation_id: str | None) -> bool:
        return any(fault.accepts_invalid_body for fault in self.of(operation_id))

    def refuses(self, operation_id: str, request: Json) -> bool:
        """Whether an active fault refuses this valid request as invalid (a 400)."""
        return any(
            fault.refuses_on is not None and fault.refuses_on(request)
            for fault in self.of(operation_id)
        )

    def crashes(self, operation_id: str, request: Json) -> bool:
        """Whether an active fault makes this request crash the mock before it is handled."""
        return any(
            fault.crashes_on is not None and fault.crashes_on(request)
            for fault in self.of(operation_id)
        )

    def rewrite(
        self, operation_id: str, request: Json, status: int, body: Json
    ) -> tuple[int, Json]:
        """Apply the active wire faults of one operation to a successful JSON answer."""
        if not 200 <= status < 300:
            return status, body
        for fault in self.of(operation_id):
            if fault.rewrite is not None:
                new_status, body = fault.rewrite(request, body)
                status = new_status or status
        return status, body


__all__ = ["FAULTS", "DeliberateRefusal", "Fault", "FaultSet", "UnknownFault"]
