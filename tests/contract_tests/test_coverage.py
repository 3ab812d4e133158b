"""What a run exercised: the report lists every documented status and response enum value, seen
or never; the gate fails naming what was never seen; test data comes from options and files,
and a bad file is one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contract_tests.cli import main
from contract_tests.coverage.documented import documented
from contract_tests.coverage.recorder import Recorder, sent_fields
from contract_tests.coverage.report import coverage_of, markdown
from contract_tests.known_data import ConfigError, read_config
from contract_tests.target import local_mock
from mockserver.contract.loader import load_contract
from mockserver.settings import Settings

REASONS = {
    "ManualOverride", "StickyConversation", "LeadAssigned", "CampaignOrSource", "Preferred",
    "LocalArea", "HealthyPool", "FallbackDefault",
}  # fmt: skip


def test_the_documented_statuses_and_enums_come_from_the_contract() -> None:
    doc = documented(load_contract())
    assert doc.statuses["createPhoneNumber"] == (201, 400, 404, 409, 413, 415)
    assert set(doc.enums["/selectionReason"]) == REASONS
    assert "Needs Attention" in doc.enums["/healthStatus"]
    assert "body.selection.teamId" in doc.request_fields["validateManualOverride"]


def test_the_recorder_counts_statuses_values_nulls_and_fields() -> None:
    recorder = Recorder(documented(load_contract()))
    fields = sent_fields({}, {}, {"teamId": "t", "leadId": None})
    recorder.observe(
        "selectOutgoingNumber", 200, fields, {"selectionReason": "Preferred", "x": None}
    )
    recorder.observe("selectOutgoingNumber", 400, set(), {"title": "Bad"})
    coverage = coverage_of(recorder, excluded={"createPhoneNumber"})
    part = coverage.data["operations"]["selectOutgoingNumber"]
    assert part["statuses"] == {
        "seen": {"200": 1, "400": 1},
        "never": [413, 415],
        "undocumented": {},
    }
    assert part["requestFields"]["sent"] == ["body.teamId"]
    assert part["alwaysNull"] == ["/x"]
    reasons = next(e for e in coverage.data["enums"] if e["field"] == "/selectionReason")
    assert reasons["seen"] == ["Preferred"]
    assert len(reasons["never"]) == 7
    created = next(e for e in coverage.data["enums"] if e["field"] == "/inventoryState")
    assert created["run"] is False, "only create answers with it, and create was not run"
    assert "LeadAssigned" in markdown(coverage)
    assert "selectOutgoingNumber 413" in coverage.never_seen()


def run_quick(tmp_path: Path, *args: str) -> int:
    with local_mock(Settings()) as url:
        return main(["--base-url", url, "--quick", "--report-dir", str(tmp_path), *args])


def test_a_run_writes_the_report_and_the_gate_names_what_was_never_seen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_quick(
        tmp_path,
        "--require-status",
        "validateManualOverride:413",
        "--require-status",
        "getPhoneNumberStatus:200",
        "--min-coverage",
        "99.5",
    )
    captured = capsys.readouterr()
    assert code == 1
    errors = [line for line in captured.err.splitlines() if line.startswith("leadping-contract:")]
    assert any("--require-status validateManualOverride:413" in line for line in errors)
    assert not any("getPhoneNumberStatus:200" in line for line in errors)
    assert any("is below --min-coverage 99.5; never seen:" in line for line in errors)
    data = json.loads((tmp_path / "coverage.json").read_text())
    reasons = next(e for e in data["enums"] if e["field"] == "/selectionReason")
    assert set(reasons["seen"]) | set(reasons["never"]) == REASONS
    summary = (tmp_path / "coverage.md").read_text()
    assert summary.startswith("## Contract coverage")
    assert "| getPhoneNumberStatus |" in summary


def test_a_gate_that_holds_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_quick(
        tmp_path, "--require-status", "getPhoneNumberStatus:200", "--min-coverage", "20"
    )
    assert code == 0, capsys.readouterr().out[-2000:]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[known\nnumbers = 1", "not valid TOML"),
        ("[known]\nnumber = ['+15125550143']", "unknown key 'number'"),
        ("[known]\nnumbers = ['5125550143']", "is not an E.164 number"),
        ("[known]\nleads = 'lead_0001'", r"\[known\].leads: expected a list of strings"),
        ("[unknown]\n", "unknown table 'unknown'"),
    ],
)
def test_a_bad_config_file_names_its_place(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "contract.toml"
    config.write_text(text)
    with pytest.raises(ConfigError, match=message):
        read_config(config)


def test_config_errors_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "contract.toml"
    config.write_text("[known]\nnumbers = ['+1']\n")
    for args in (
        ["--config", str(config)],
        ["--config", str(tmp_path / "missing.toml")],
        ["--known-number", "555"],
        ["--require-status", "nope:200"],
        ["--operation", "createPhoneNumber"],
    ):
        assert main(["--base-url", "http://127.0.0.1:9", *args]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1, err
        assert err[0].startswith("leadping-contract: ")


def test_known_data_from_a_file_reaches_the_status_operation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "contract.toml"
    config.write_text('[known]\nnumbers = ["+13034542945"]\n')
    code = run_quick(tmp_path, "--no-discovery", "--config", str(config))
    out = capsys.readouterr().out
    assert code == 0, out[-2000:]
    data = json.loads((tmp_path / "coverage.json").read_text())
    assert data["operations"]["getPhoneNumberStatus"]["statuses"]["seen"].get("200", 0) > 0
    assert "test data: 1 real number(s)" in out
