"""The contract side's installed commands: without the contract extra they say how to get it
in one line; --version and --contract as for the mock."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pytest

from contract_tests import cli
from mockserver import cli as mock_cli

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


def test_a_min_coverage_that_is_no_gate_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """NaN passed every run (no comparison with it is true); past 100 or below 0, no gate."""
    for bad in ("nan", "150", "-1", "abc"):
        with pytest.raises(SystemExit, match="2"):
            cli.parser().parse_args(["--min-coverage", bad])
        said = capsys.readouterr().err.splitlines()[-1]
        assert said.endswith(
            f"--min-coverage: expected a percentage from 0 to 100, e.g. 80; got {bad!r}"
        )
    assert cli.parser().parse_args(["--min-coverage", "80"]).min_coverage == 80


BAD_CONTRACTS = {
    "empty.yaml": (b"{}\n", "expected an OpenAPI document (a mapping) at the top level"),
    "binary.yaml": (b"\xff\xfe", "not UTF-8 text (invalid start byte at byte 0)"),
    "invalid.yaml": (b"foo: 1\n", 'invalid at $: "openapi" is a required property (4 problem'),
    "other.yaml": (
        b"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n",
        "not a copy of the Leadping contract: no operation createPhoneNumber, ",
    ),
    "folder": (None, "a folder, not a contract file (name its openapi.yaml)"),
}


@pytest.mark.parametrize("name", sorted(BAD_CONTRACTS))
def test_an_unusable_contract_is_one_line_and_exit_2(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each was a traceback (prance's AssertionError, IsADirectoryError, UnicodeDecodeError, a
    KeyError deep in the mock) or a message that went on for lines."""
    content, message = BAD_CONTRACTS[name]
    contract = tmp_path / name
    if content is None:
        contract.mkdir()
    else:
        contract.write_bytes(content)
    commands: list[tuple[str, Callable[[list[str]], int], list[str]]] = [
        ("leadping-contract", cli.main, ["--report-dir", str(tmp_path / "reports")]),
        ("leadping-mock", mock_cli.main, ["--port", "0"]),
    ]
    for prog, main, options in commands:
        assert main(["--contract", str(contract), *options]) == 2, prog
        said = capsys.readouterr().err
        assert said.startswith(f"{prog}: {contract}: {message}"), said
        assert said.count("\n") == 1, said


def test_an_unusable_report_folder_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each was a traceback from mkdir, in leadping-contract and in the action's step."""
    (tmp_path / "a-file").write_text("")
    for folder, rule in (
        (tmp_path / "a-file", "a file is there, not a folder"),
        (tmp_path / "a-file" / "reports", "cannot create it: Not a directory"),
    ):
        assert cli.main(["--report-dir", str(folder), "--base-url", "http://127.0.0.1:9"]) == 2
        assert capsys.readouterr().err == f"leadping-contract: --report-dir {folder}: {rule}\n"


def test_a_token_or_header_http_cannot_send_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each was httpx's UnicodeEncodeError traceback (or a line break sent on)."""
    base = ["--base-url", "http://127.0.0.1:9", "--report-dir", str(tmp_path)]
    for token in ("t\u00f6ken", "first\nsecond"):
        monkeypatch.setenv("LEADPING_API_TOKEN", token)
        assert cli.main(base) == 2
        assert capsys.readouterr().err == (
            "leadping-contract: $LEADPING_API_TOKEN: expected a token of printable ASCII; it "
            "holds other characters\n"
        )
    monkeypatch.delenv("LEADPING_API_TOKEN")
    assert cli.main([*base, "--header", "X-Team: \u00e9quipe"]) == 2
    assert capsys.readouterr().err == (
        "leadping-contract: --header 'X-Team: \u00e9quipe': expected printable ASCII, as HTTP "
        "sends\n"
    )
