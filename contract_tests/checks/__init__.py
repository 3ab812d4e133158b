"""The domain's rules as schemathesis checks, one invariant per module, registered on import.

Load them in `st run` with `hooks = "contract_tests.hooks"` (schemathesis.toml does) or by
importing this package before building a schema in Python.
"""

from contract_tests.checks.clear_removes_override import clear_removes_override
from contract_tests.checks.created_number_echoes_request import created_number_echoes_request
from contract_tests.checks.created_number_has_a_status import created_number_has_a_status
from contract_tests.checks.failures_are_sent_minus_delivered import (
    failures_are_sent_minus_delivered,
)
from contract_tests.checks.health_warning_iff_needs_attention import (
    health_warning_iff_needs_attention,
)
from contract_tests.checks.labels_match_enums import labels_match_enums
from contract_tests.checks.manual_override_means_overridden import manual_override_means_overridden
from contract_tests.checks.numbers_are_e164 import numbers_are_e164
from contract_tests.checks.one_number_selected_iff_can_send import one_number_selected_iff_can_send
from contract_tests.checks.override_answers_the_number_asked import (
    override_answers_the_number_asked,
)
from contract_tests.checks.override_flag_matches_reason import override_flag_matches_reason
from contract_tests.checks.override_is_honoured import override_is_honoured
from contract_tests.checks.percentages_within_0_100 import percentages_within_0_100
from contract_tests.checks.pinned_conversation_answers_its_pin import (
    pinned_conversation_answers_its_pin,
)
from contract_tests.checks.rates_match_counts import rates_match_counts
from contract_tests.checks.reason_backed_by_request import reason_backed_by_request
from contract_tests.checks.recent_events_within_window import recent_events_within_window
from contract_tests.checks.selection_echoes_campaign_and_source import (
    selection_echoes_campaign_and_source,
)
from contract_tests.checks.status_counts_are_consistent import status_counts_are_consistent
from contract_tests.checks.status_is_for_the_number_asked import status_is_for_the_number_asked
from contract_tests.checks.sticky_means_sent_before import sticky_means_sent_before
from contract_tests.checks.timestamps_carry_a_zone import timestamps_carry_a_zone
from contract_tests.checks.valid_boundaries_are_accepted import valid_boundaries_are_accepted
from contract_tests.checks.window_matches_query import window_matches_query

# Single answers first, then the rules that span calls (follow-ups, the run's memory).
DOMAIN_CHECKS = (
    one_number_selected_iff_can_send,
    override_flag_matches_reason,
    labels_match_enums,
    health_warning_iff_needs_attention,
    reason_backed_by_request,
    selection_echoes_campaign_and_source,
    status_is_for_the_number_asked,
    status_counts_are_consistent,
    failures_are_sent_minus_delivered,
    percentages_within_0_100,
    rates_match_counts,
    timestamps_carry_a_zone,
    window_matches_query,
    recent_events_within_window,
    numbers_are_e164,
    created_number_echoes_request,
    valid_boundaries_are_accepted,
    override_answers_the_number_asked,
    override_is_honoured,
    clear_removes_override,
    sticky_means_sent_before,
    manual_override_means_overridden,
    pinned_conversation_answers_its_pin,
    created_number_has_a_status,
)
# The checks that make requests of their own: left out where only traffic is watched.
FOLLOWING_UP = (override_is_honoured, clear_removes_override, created_number_has_a_status)
PASSIVE_CHECKS = tuple(c for c in DOMAIN_CHECKS if c not in FOLLOWING_UP)
__all__ = [
    "DOMAIN_CHECKS",
    "FOLLOWING_UP",
    "PASSIVE_CHECKS",
    "clear_removes_override",
    "created_number_echoes_request",
    "created_number_has_a_status",
    "failures_are_sent_minus_delivered",
    "health_warning_iff_needs_attention",
    "labels_match_enums",
    "manual_override_means_overridden",
    "numbers_are_e164",
    "one_number_selected_iff_can_send",
    "override_answers_the_number_asked",
    "override_flag_matches_reason",
    "override_is_honoured",
    "percentages_within_0_100",
    "pinned_conversation_answers_its_pin",
    "rates_match_counts",
    "reason_backed_by_request",
    "recent_events_within_window",
    "selection_echoes_campaign_and_source",
    "status_counts_are_consistent",
    "status_is_for_the_number_asked",
    "sticky_means_sent_before",
    "timestamps_carry_a_zone",
    "valid_boundaries_are_accepted",
    "window_matches_query",
]
