"""The suite proves itself: against the mock with each named fault on, `leadping-contract` fails
naming the check that catches that fault; with no fault, it passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from contract_tests.target import local_mock
from mockserver.faults.catalogue import FAULTS
from mockserver.settings import Settings


def run_suite(base_url: str, report_dir: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "contract_tests.cli",
        "--base-url",
        base_url,
        "--allow-writes",
        "--max-examples",
        "10",
        "--seed",
        "3",
        "--report-dir",
        str(report_dir),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def test_a_conformant_mock_passes(tmp_path: Path) -> None:
    with local_mock(Settings()) as url:
        done = run_suite(url, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert list(tmp_path.glob("junit-*.xml"))
    assert list(tmp_path.glob("har-*.json"))


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_is_caught_by_its_check(fault: str, tmp_path: Path) -> None:
    with local_mock(Settings(faults=fault)) as url:
        done = run_suite(url, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert FAULTS[fault].reported_as in done.stdout, done.stdout
    junit = next(tmp_path.glob("junit-*.xml")).read_text()
    assert "curl" in junit, "each failure carries a reproducible curl command"
