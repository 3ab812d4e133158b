"""The allow-list accepts the breaks it names (rule and place, `*` for any run), no others; a
malformed one is one line that names the offending field."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract_tests.contract_diff import AllowEntry, AllowList, allowed, read_allow_list
from contract_tests.contract_diff.errors import InputError
from tests.contract_tests.contract_diff.factories import select_changes

TEAM_ID = "POST /phone-numbers/outgoing/new request application/json /teamId"


def _write(tmp_path: Path, text: str) -> Path:
    target = tmp_path / "allow.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def test_an_entry_accepts_the_break_it_names_and_no_other(tmp_path: Path) -> None:
    found, _ = select_changes()
    allow_list = read_allow_list(
        _write(
            tmp_path,
            f"""
accepted:
  - rule: request-property-became-required
    where: "{TEAM_ID}"
    reason: every client sends teamId since v2
""",
        )
    )
    blocking, accepted = allowed(found, allow_list)
    assert [c.rule for c in accepted] == ["request-property-became-required"]
    assert [c.rule for c in blocking] == ["response-required-property-removed"]
    entry = allow_list.entry_for(accepted[0])
    assert entry is not None
    assert entry.reason == "every client sends teamId since v2"


def test_a_star_in_where_stands_for_any_run_of_characters() -> None:
    found, _ = select_changes()
    entry = AllowEntry(
        "response-required-property-removed", "POST /phone-numbers/outgoing/* /health*"
    )
    blocking, accepted = allowed(found, AllowList((entry,)))
    assert [c.rule for c in accepted] == ["response-required-property-removed"]
    assert len(blocking) == 1


def test_the_rule_must_match_as_well_as_the_place() -> None:
    found, _ = select_changes()
    entry = AllowEntry("request-property-removed", TEAM_ID)
    blocking, accepted = allowed(found, AllowList((entry,)))
    assert accepted == []
    assert len(blocking) == 2
    assert AllowList((entry,)).unused(found) == [entry]


def test_an_operation_id_narrows_the_entry() -> None:
    found, _ = select_changes()
    wrong = AllowEntry("request-property-became-required", "*", operation_id="createPhoneNumber")
    right = AllowEntry("request-property-became-required", "*", operation_id="selectOutgoingNumber")
    assert allowed(found, AllowList((wrong,)))[1] == []
    assert len(allowed(found, AllowList((right,)))[1]) == 1


def test_compatible_changes_are_neither_blocking_nor_accepted() -> None:
    found, _ = select_changes()
    blocking, accepted = allowed(
        found, AllowList((AllowEntry("response-optional-property-added", "*"),))
    )
    assert all(c.breaking for c in [*blocking, *accepted])
    assert accepted == []


def test_an_empty_file_accepts_nothing(tmp_path: Path) -> None:
    assert read_allow_list(_write(tmp_path, "")) == AllowList()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("accepted: [{where: x}]", "accepted[0].rule: is missing"),
        ("accepted: [{rule: request-property-removed}]", "accepted[0].where: is missing"),
        (
            "accepted: [{rule: request-property-removed, where: ''}]",
            "accepted[0].where: must be a non-empty string",
        ),
        (
            "accepted: [{rule: request-property-removed, where: x, wher: y}]",
            "accepted[0].wher: unknown field",
        ),
        (
            "accepted: [{rule: no-such-rule, where: x}]",
            "accepted[0].rule: unknown rule id 'no-such-rule'",
        ),
        (
            "accepted: [{rule: request-property-removed, where: x, reason: 3}]",
            "accepted[0].reason: must be",
        ),
        ("accepted: {rule: x}", "accepted: expected a list"),
        ("- rule: x", "expected a mapping with one key, accepted"),
        ("accepted: [3]", "accepted[0]: expected a mapping"),
        ("accepted: [", "not YAML"),
    ],
)
def test_a_malformed_allow_list_is_one_line_naming_the_field(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as raised:
        read_allow_list(path)
    assert message in str(raised.value)
    assert str(raised.value).startswith(str(path))
    assert "\n" not in str(raised.value)


def test_a_missing_allow_list_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the allow-list"):
        read_allow_list(tmp_path / "absent.yaml")
