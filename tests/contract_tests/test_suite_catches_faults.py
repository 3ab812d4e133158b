"""The suite proves itself: against the mock with each named fault on, a run fails naming the
check that catches that fault, in read-only mode and with writes, wherever the fault can be
seen; with no fault, both modes pass. Runs are in process (quick, one fault's operations)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contract_tests.cli import main
from contract_tests.target import local_mock
from mockserver.faults.catalogue import FAULTS
from mockserver.settings import Settings

MODES = {"read-only": [], "writes": ["--allow-writes"]}
RUNS = [(name, mode) for name in sorted(FAULTS) for mode in sorted(FAULTS[name].modes)]


def run_suite(settings: Settings, report_dir: Path, *args: str) -> int:
    with local_mock(settings) as url:
        return main(["--base-url", url, "--seed", "3", "--report-dir", str(report_dir), *args])


@pytest.mark.parametrize("mode", sorted(MODES))
def test_a_conformant_mock_passes_in_both_modes(
    mode: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_suite(Settings(), tmp_path, "--max-examples", "30", *MODES[mode])
    out = capsys.readouterr().out
    assert code == 0, out[-3000:]
    assert list(tmp_path.glob("junit-*.xml"))
    assert list(tmp_path.glob("har-*.json"))
    coverage = json.loads((tmp_path / "coverage.json").read_text())
    status = coverage["operations"]["getPhoneNumberStatus"]["statuses"]["seen"]
    assert status.get("200", 0) > 10, "status answers for real numbers were validated"
    assert f"getPhoneNumberStatus answered 200 {status['200']} time(s)" in out


@pytest.mark.parametrize(("fault", "mode"), RUNS, ids=[f"{f}-{m}" for f, m in RUNS])
def test_each_fault_is_caught_by_its_check(
    fault: str, mode: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    operations = [arg for op in FAULTS[fault].operations for arg in ("--operation", op)]
    # A rule across several operations needs the stateful phase to reach a sequence of them.
    budget = ["--max-examples", "25"] if len(FAULTS[fault].operations) > 1 else ["--quick"]
    code = run_suite(Settings(faults=fault), tmp_path, *budget, *operations, *MODES[mode])
    out = capsys.readouterr().out
    assert code == 1, out[-3000:]
    assert FAULTS[fault].reported_as in out, out[-3000:]
    junit = next(tmp_path.glob("junit-*.xml")).read_text()
    assert "curl" in junit, "each failure carries a reproducible curl command"


def test_every_fault_is_tried_in_every_mode_that_can_see_it() -> None:
    writes_only = {name for name, fault in FAULTS.items() if fault.modes == {"writes"}}
    assert all(FAULTS[name].operation == "createPhoneNumber" or "createPhoneNumber" in
               FAULTS[name].operations for name in writes_only)  # fmt: skip
    assert len(RUNS) == 2 * len(FAULTS) - len(writes_only)
