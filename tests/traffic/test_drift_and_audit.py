"""Drift between the mock and a deployment reports the differences of shape and meaning a
changed world makes, and none between the mock and itself; the audit command judges a HAR."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contract_tests.cli import main
from contract_tests.drift.compare import DEFAULT_IGNORED, differences
from contract_tests.target import local_mock
from mockserver.settings import Settings


def drift(deployment: Settings, tmp_path: Path, *args: str) -> tuple[int, dict[str, object]]:
    with local_mock(deployment) as url:
        code = main(["drift", "--base-url", url, "--report-dir", str(tmp_path), *args])
    return code, json.loads((tmp_path / "drift.json").read_text())


def kinds(report: dict[str, object]) -> set[tuple[str, str]]:
    found = report["differences"]
    assert isinstance(found, list)
    return {(d["kind"], d["field"]) for d in found}


def test_the_mock_does_not_drift_from_itself(tmp_path: Path) -> None:
    code, report = drift(Settings(), tmp_path)
    assert code == 0
    assert report["differences"] == []
    assert isinstance(report["replayed"], int)
    assert report["replayed"] > 100


def test_an_empty_world_drifts_in_statuses(tmp_path: Path) -> None:
    code, report = drift(Settings(scenario="empty"), tmp_path)
    assert code == 1
    assert ("status", "") in kinds(report), "numbers the mock has are 404s there"


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("missing-required-field", ("missing-field", "/canSend")),
        ("enum-wrong-case", ("enum-value", "/healthStatus")),
    ],
)
def test_a_deployment_with_a_fault_drifts_where_the_fault_is(
    tmp_path: Path, fault: str, expected: tuple[str, str]
) -> None:
    code, report = drift(Settings(faults=fault), tmp_path)
    assert code == 1
    assert expected in kinds(report)


def test_another_seed_keeps_the_shape(tmp_path: Path) -> None:
    _code, report = drift(Settings(seed=42), tmp_path)
    assert not {kind for kind, _ in kinds(report)} & {"status", "type", "missing-field"}


def test_a_baseline_accepts_known_drift(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    first, _ = drift(Settings(scenario="empty"), tmp_path, "--baseline", str(baseline),
                     "--baseline-update")  # fmt: skip
    again, report = drift(Settings(scenario="empty"), tmp_path, "--baseline", str(baseline))
    assert first == 1
    assert again == 0
    assert report["new"] == []


def test_a_json_type_difference_is_named() -> None:
    found = differences(
        "case-1",
        (200, {"messagesPossible": 12, "createdAt": "x"}),
        (200, {"messagesPossible": "12", "createdAt": None}),
        DEFAULT_IGNORED,
    )
    assert [(d.kind, d.field, d.mock, d.deployment) for d in found] == [
        ("type", "/messagesPossible", "integer", "string")
    ]


def test_the_audit_command_judges_a_har(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = {
        "request": {"method": "POST", "url": "http://127.0.0.1/phone-numbers/outgoing/new",
                    "headers": [{"name": "content-type", "value": "application/json"}],
                    "postData": {"mimeType": "application/json", "text": '{"channel": "fax"}'}},
        "response": {"status": 200, "content": {"mimeType": "application/json", "text": "{}"}},
    }  # fmt: skip
    har = tmp_path / "session.har"
    har.write_text(json.dumps({"log": {"entries": [entry]}}))
    assert main(["audit", str(har), "--report-dir", str(tmp_path / "audit")]) == 1
    lines = (tmp_path / "audit" / "findings.ndjson").read_text().splitlines()
    assert {json.loads(line)["rule"] for line in lines} >= {"request-schema", "response-schema"}
    bad = tmp_path / "bad.har"
    bad.write_text("not json")
    assert main(["audit", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("leadping-contract: ")
    assert "not JSON" in err[-1]
