"""The contract side's installed commands: without the contract extra they say how to get it
in one line; --version and --contract as for the mock."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from contract_tests import cli

WITHOUT_EXTRA = """\
import sys
sys.modules["schemathesis"] = None  # as if the contract extra were not installed
from contract_tests.entry_points import {command}
sys.exit({command}())
"""


@pytest.mark.parametrize("command", ["contract", "payloads", "proxy"])
def test_without_the_contract_extra_a_command_says_how_to_install_it(command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_EXTRA.format(command=command)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"leadping-{command}: needs schemathesis, from the kit's contract extra: "
        "install the kit with it, e.g. pipx install --force '.[contract]' (README: Installing)"
    ]


def test_version_and_another_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit, match="0"):
        cli.main(["--version"])
    version = metadata.version("leadping-contract-kit")
    assert capsys.readouterr().out.strip() == f"leadping-contract {version}"
    missing = tmp_path / "openapi.yaml"
    assert cli.main(["--contract", str(missing), "--report-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"leadping-contract: {missing}: contract file not found\n"
