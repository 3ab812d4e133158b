"""The domain's rules as schemathesis checks, one invariant per module, registered on import.

Load them in `st run` with `hooks = "contract_tests.checks"` (schemathesis.toml does) or by
importing this package before building a schema in Python.
"""

from contract_tests.checks.clear_removes_override import clear_removes_override
from contract_tests.checks.labels_match_enums import labels_match_enums
from contract_tests.checks.numbers_are_e164 import numbers_are_e164
from contract_tests.checks.one_number_selected_iff_can_send import one_number_selected_iff_can_send
from contract_tests.checks.override_flag_matches_reason import override_flag_matches_reason
from contract_tests.checks.override_is_honoured import override_is_honoured
from contract_tests.checks.percentages_within_0_100 import percentages_within_0_100
from contract_tests.checks.rates_match_counts import rates_match_counts
from contract_tests.checks.status_counts_are_consistent import status_counts_are_consistent
from contract_tests.checks.timestamps_carry_a_zone import timestamps_carry_a_zone
from contract_tests.checks.window_matches_query import window_matches_query

DOMAIN_CHECKS = (
    one_number_selected_iff_can_send,
    override_flag_matches_reason,
    labels_match_enums,
    status_counts_are_consistent,
    percentages_within_0_100,
    rates_match_counts,
    timestamps_carry_a_zone,
    window_matches_query,
    numbers_are_e164,
    override_is_honoured,
    clear_removes_override,
)
__all__ = [
    "DOMAIN_CHECKS",
    "clear_removes_override",
    "labels_match_enums",
    "numbers_are_e164",
    "one_number_selected_iff_can_send",
    "override_flag_matches_reason",
    "override_is_honoured",
    "percentages_within_0_100",
    "rates_match_counts",
    "status_counts_are_consistent",
    "timestamps_carry_a_zone",
    "window_matches_query",
]
