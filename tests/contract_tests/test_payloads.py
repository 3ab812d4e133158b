"""QA's catalogue: reproducible from its seed, complete in the cases QA asked for, and every case
behaves as expected against the mock; replay reports the ones that do not."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from contract_tests.payloads import catalogue
from contract_tests.payloads.replay import replay
from contract_tests.target import local_mock
from mockserver.contract.loader import load_contract
from mockserver.settings import Settings

CHECKED_IN = catalogue.DEFAULT_DIR
SEED, GENERATED = 1, 5  # what `make payloads` uses


def test_regenerating_with_the_same_seed_gives_no_diff(tmp_path: Path) -> None:
    cases = catalogue.build(load_contract(), SEED, GENERATED)
    catalogue.write(cases, tmp_path, SEED)
    expected = sorted(p.relative_to(CHECKED_IN) for p in CHECKED_IN.rglob("*") if p.is_file())
    produced = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert produced == expected, "run `make payloads` and commit fixtures/payloads/"
    mismatched = [
        str(p) for p in expected if not filecmp.cmp(CHECKED_IN / p, tmp_path / p, shallow=False)
    ]
    assert mismatched == [], "run `make payloads` and commit fixtures/payloads/"


def test_the_catalogue_holds_the_cases_qa_asked_for() -> None:
    cases = {c.id: c for c in catalogue.read(CHECKED_IN)}
    descriptions = {(c.operation_id, c.description, c.accepted) for c in cases.values()}
    wanted = [
        ("createPhoneNumber", "name at its maximum of 255 characters", True),
        ("createPhoneNumber", "name one over its maximum (256 characters)", False),
        ("createPhoneNumber", "/name missing", False),
        ("createPhoneNumber", "/enabled null where not nullable", False),
        ("createPhoneNumber", "/businessId null", True),
        ("createPhoneNumber", "/enabled omitted", True),
        ("createPhoneNumber", "/enabled the string true", False),
        ("createPhoneNumber", "a JSON list as the body", False),
        ("getPhoneNumberStatus", "windowDays int32 maximum", True),
        ("getPhoneNumberStatus", "windowDays int32 minimum", True),
        ("getPhoneNumberStatus", "windowDays with a leading zero", False),
        ("getPhoneNumberStatus", "windowDays a decimal", False),
        ("getPhoneNumberStatus", "windowDays one over the int32 maximum", False),
        ("getPhoneNumberStatus", "startDate month 13", False),
        ("getPhoneNumberStatus", "E.164 number URL-encoded", True),
        ("getPhoneNumberStatus", "E.164 number with a raw plus", True),
        ("selectOutgoingNumber", "channel sms", True),
        ("selectOutgoingNumber", "channel call", True),
        ("selectOutgoingNumber", "/channel null", True),
        ("selectOutgoingNumber", "channel in the wrong case (SMS)", False),
        ("selectOutgoingNumber", "channel an unknown value", False),
        ("clearConversationOverride", "an unknown conversation id", False),
    ]
    missing = [w for w in wanted if w not in descriptions]
    assert missing == []
    kinds = {c.kind for c in cases.values()}
    assert kinds == {"valid", "invalid", "generated-valid", "generated-invalid"}
    assert all(c.rule and c.description for c in cases.values())


def test_every_case_behaves_as_expected_against_the_mock() -> None:
    cases = catalogue.read(CHECKED_IN)
    with local_mock(Settings()) as url:
        differences = replay(cases, url, headers={})
    assert [(d.case.id, d.status, d.problem) for d in differences] == []
    rejected = [c for c in cases if not c.accepted and c.expect_field]
    assert len(rejected) > 40, "the invalid cases name the field the problem must name"


def payloads(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "contract_tests.payloads.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def test_replay_lists_differences_with_curl_and_exits_1() -> None:
    with local_mock(Settings(faults="accepts-invalid-body")) as url:
        done = payloads(
            "replay",
            "--base-url",
            url,
            "--allow-writes",
            "--operation",
            "createPhoneNumber",
            "--rule",
            "maxLength",
        )
    assert done.returncode == 1, done.stdout
    assert (
        "createPhoneNumber/invalid-name-one-over-its-maximum-256-characters  got 201" in done.stdout
    )
    assert "curl -sS -X POST" in done.stdout
    assert "cases as expected" in done.stdout


def test_replay_skips_creates_unless_writes_are_allowed() -> None:
    with local_mock(Settings()) as url:
        done = payloads("replay", "--base-url", url, "--operation", "createPhoneNumber")
    assert done.returncode == 0
    assert "0 of 0 cases as expected" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--dir", "/nonexistent", "list"), "no catalogue here"),
        (("replay", "--base-url", "http://127.0.0.1:9"), "cannot reach"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    done = payloads(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_list_filters_by_operation_and_rule() -> None:
    done = payloads("list", "--operation", "getPhoneNumberStatus", "--rule", "int32")
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 11
    assert all(line.startswith("getPhoneNumberStatus/") for line in lines)
