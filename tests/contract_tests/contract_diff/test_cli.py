"""The three command lines: exit codes, reports written, and one line (no traceback) for every
kind of bad input."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from contract_tests.cli import main
from contract_tests.contract_diff.cli import (
    consumer_contract_main,
    diff_main,
    verify_consumer_main,
)
from contract_tests.target import local_mock
from mockserver.contract.loader import DEFAULT_CONTRACT
from mockserver.settings import Settings
from tests.contract_tests.contract_diff.journals import selection_entry, status_entry
from tests.contract_tests.contract_diff.recorded import recorded_calls

TEAM_ID = "POST /phone-numbers/outgoing/new request application/json /teamId"
NESTED_TEAM_ID = (
    "POST /phone-numbers/outgoing/manual-override request application/json /selection/teamId"
)


SELECTING_CONSUMER = {
    "consumer": "web",
    "interactions": [
        {
            "operationId": "selectOutgoingNumber",
            "method": "POST",
            "path": "/phone-numbers/outgoing/new",
            "status": 200,
            "requestBody": {"channel": "sms"},
        }
    ],
}


@pytest.fixture
def old() -> str:
    return str(DEFAULT_CONTRACT)


@pytest.fixture
def breaking(tmp_path: Path) -> str:
    """openapi.yaml with the selection request's teamId required: a break for both operations
    that send one (the selection, and the override's `selection`)."""
    text = DEFAULT_CONTRACT.read_text("utf-8")
    anchor = (
        "    OutgoingNumberSelectionRequest:\n"
        "      description: Request payload for outgoing number selection.\n"
        "      type: object\n"
    )
    assert anchor in text
    target = tmp_path / "new.yaml"
    target.write_text(text.replace(anchor, anchor + "      required: [teamId]\n"), "utf-8")
    return str(target)


def _write(tmp_path: Path, name: str, text: str) -> str:
    (tmp_path / name).write_text(text, "utf-8")
    return str(tmp_path / name)


def _one_line_error(capsys: pytest.CaptureFixture[str], *expected: str) -> None:
    err = capsys.readouterr().err
    assert err.startswith("leadping-contract: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    for part in expected:
        assert part in err


def test_an_unchanged_contract_exits_0(old: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert diff_main([old, old, "--no-payloads"]) == 0
    assert "0 breaking changes" in capsys.readouterr().out


def test_a_breaking_change_exits_1_and_says_what_it_breaks(
    old: str, breaking: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert diff_main([old, breaking]) == 1
    out = capsys.readouterr().out
    assert f"BREAKING   request-property-became-required  {TEAM_ID}" in out
    assert f"BREAKING   request-property-became-required  {NESTED_TEAM_ID}" in out
    assert "breaks payload case selectOutgoingNumber/" in out


def test_an_accepted_break_exits_0(old: str, breaking: str, tmp_path: Path) -> None:
    entry = "  - rule: request-property-became-required\n    where: '{}'\n"
    allow = _write(tmp_path, "allow.yaml", "accepted:\n" + entry.format(TEAM_ID))
    assert diff_main([old, breaking, "--allow-list", allow, "--no-payloads"]) == 1
    allow = _write(tmp_path, "allow.yaml", "accepted:\n" + entry.format("POST * /*teamId"))
    assert diff_main([old, breaking, "--allow-list", allow, "--no-payloads"]) == 0


def test_reports_are_written_in_every_format_at_once(
    old: str, breaking: str, tmp_path: Path
) -> None:
    out = {name: tmp_path / f"report.{name}" for name in ("md", "xml", "json", "out")}
    code = diff_main(
        [
            old,
            breaking,
            "--no-payloads",
            "--markdown",
            str(out["md"]),
            "--junit",
            str(out["xml"]),
            "--json",
            str(out["json"]),
            "--format",
            "json",
            "--output",
            str(out["out"]),
        ]
    )
    assert code == 1
    assert "| `request-property-became-required` |" in out["md"].read_text()
    assert ET.parse(out["xml"]).getroot().get("failures") == "2"
    assert json.loads(out["json"].read_text())["summary"]["blocking"] == 2
    assert out["out"].read_text() == out["json"].read_text()


def test_a_consumer_contract_adds_its_impact(
    old: str, breaking: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    consumer = _write(tmp_path, "web.json", json.dumps(SELECTING_CONSUMER))
    assert diff_main([old, breaking, "--consumer", consumer, "--no-payloads"]) == 1
    assert "breaks consumer web: POST /phone-numbers/outgoing/new" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: str(d / "absent.yaml"), "absent.yaml: no such file"),
        (lambda d: _write(d, "bad.yaml", "openapi: [3.0\n"), "YAML syntax error"),
        (lambda d: _write(d, "bad.yaml", "openapi: 3.0.3\npaths: {}\n"), "invalid at"),
        (lambda _: "no-such-rev:openapi.yaml", "no-such-rev:openapi.yaml: not a file"),
    ],
)
def test_a_bad_contract_exits_2_in_one_line(
    old: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], str],
    expected: str,
) -> None:
    assert diff_main([old, make(tmp_path), "--no-payloads"]) == 2
    _one_line_error(capsys, expected)


@pytest.mark.parametrize(
    ("option", "text", "expected"),
    [
        ("--allow-list", "accepted: [{rule: request-property-removed}]", "where: is missing"),
        ("--consumer", '{"consumer": "web", "interactions": [{"status": 200}]}', "interactions[0]"),
        ("--consumer", "{not json", "the consumer contract is not JSON"),
    ],
)
def test_a_malformed_side_file_exits_2_naming_the_field(
    old: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    option: str,
    text: str,
    expected: str,
) -> None:
    assert diff_main([old, old, option, _write(tmp_path, "side.txt", text), "--no-payloads"]) == 2
    _one_line_error(capsys, expected)


def test_a_missing_payload_catalogue_exits_2(
    old: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert diff_main([old, old, "--payloads", str(tmp_path)]) == 2
    _one_line_error(capsys, "no catalogue here")


def test_a_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert diff_main(["only-one"]) == 2
    assert "usage:" in capsys.readouterr().err


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with local_mock(Settings()) as url:
        yield url


def _recorded_contract(tmp_path: Path, base_url: str) -> str:
    journal = _write(tmp_path, "journal.json", json.dumps(recorded_calls(base_url)))
    target = tmp_path / "web.json"
    assert consumer_contract_main([journal, "--consumer", "web", "--output", str(target)]) == 0
    return str(target)


def test_verify_consumer_exits_0_when_every_interaction_holds(
    tmp_path: Path, mock_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    contract = _recorded_contract(tmp_path, mock_url)
    assert verify_consumer_main([contract, "--base-url", mock_url]) == 0
    assert "2 of 2 interactions of web hold" in capsys.readouterr().out


def test_verify_consumer_exits_1_naming_each_broken_interaction(
    tmp_path: Path, mock_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    contract = _recorded_contract(tmp_path, mock_url)
    with local_mock(Settings(faults="missing-required-field")) as faulty:
        assert verify_consumer_main([contract, "--base-url", faulty]) == 1
    out = capsys.readouterr().out
    selection = "POST /phone-numbers/outgoing/new (selectOutgoingNumber)"
    assert f"BROKEN {selection}: the answer no longer carries /canSend" in out


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--base-url", "http://127.0.0.1:9"], "cannot reach http://127.0.0.1:9"),
        (["--base-url", "http://127.0.0.1:9", "-H", "no colon"], "expected 'Name: value'"),
    ],
)
def test_verify_consumer_exits_2_on_a_bad_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], expected: str
) -> None:
    contract = _write(tmp_path, "web.json", json.dumps({"consumer": "web", "interactions": []}))
    assert verify_consumer_main([contract, *extra]) == 2
    _one_line_error(capsys, expected)


def test_verify_consumer_exits_2_on_a_malformed_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contract = _write(tmp_path, "web.json", json.dumps({"consumer": "", "interactions": []}))
    assert verify_consumer_main([contract, "--base-url", "http://127.0.0.1:9"]) == 2
    _one_line_error(capsys, "consumer: expected a non-empty string")


def test_consumer_contract_writes_the_contract_and_a_pact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = _write(
        tmp_path, "journal.json", json.dumps({"entries": [selection_entry(), status_entry()]})
    )
    pact = tmp_path / "pact.json"
    assert consumer_contract_main([journal, "--consumer", "web", "--pact", str(pact)]) == 0
    captured = capsys.readouterr()
    assert [i["operationId"] for i in json.loads(captured.out)["interactions"]] == [
        "selectOutgoingNumber",
        "getPhoneNumberStatus",
    ]
    assert "2 interactions of web from 2 entries" in captured.err
    assert json.loads(pact.read_text())["metadata"]["pactSpecification"]["version"] == "4.0"


def test_consumer_contract_exits_2_on_a_malformed_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = _write(tmp_path, "journal.json", json.dumps([{"method": "GET"}]))
    assert consumer_contract_main([journal, "--consumer", "web"]) == 2
    _one_line_error(capsys, "entries[0].path: expected a non-empty string")


def test_leadping_contract_runs_each_command_by_name(
    old: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", old, old, "--no-payloads"]) == 0
    assert main(["diff", old]) == 2
    journal = _write(tmp_path, "journal.json", "[]")
    capsys.readouterr()
    assert main(["consumer-contract", journal, "--consumer", "web"]) == 0
    assert json.loads(capsys.readouterr().out)["consumer"] == "web"
    assert main(["verify-consumer", "--help"]) == 0
    assert "verify-consumer" in capsys.readouterr().out
