"""Exchanges against the contract: requests and answers checked as the mock checks its own, HAR
files read back whatever tools recorded them, and reports that never hold a secret."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from contract_tests.traffic import har
from contract_tests.traffic.auditor import Auditor
from contract_tests.traffic.exchange import NOT_RECORDED, Exchange
from contract_tests.traffic.findings import Finding
from contract_tests.traffic.report import TrafficReport
from mockserver.contract.loader import load_contract

CONTRACT = load_contract()
EXAMPLES = CONTRACT.resolved()["components"]["examples"]
SELECTION = EXAMPLES["Selection"]["value"]
JSON = (("content-type", "application/json"),)
SELECT = "/phone-numbers/outgoing/new"
MEDIA = "application/json"
ASKED = {"campaignId": "camp_0001", "recipientPhoneNumber": "+15125550178"}


def exchange(body: object, answer: object, status: int = 200, **kw: object) -> Exchange:
    return Exchange(
        str(kw.get("method", "POST")),
        str(kw.get("url", SELECT)),
        JSON,
        json.dumps(body).encode(),
        status,
        JSON,
        json.dumps(answer).encode(),
    )


@pytest.fixture
def auditor() -> Auditor:
    return Auditor(CONTRACT)


def rules(found: list[Finding] | None) -> list[str]:
    return sorted(f.rule for f in found or [])


def test_a_conforming_exchange_has_no_findings(auditor: Auditor) -> None:
    body = {"campaignId": "camp_0001", "recipientPhoneNumber": "+15125550178"}
    assert auditor.audit(exchange(body, SELECTION)) == []


def test_an_invalid_request_and_a_broken_answer_are_each_named(auditor: Auditor) -> None:
    found = auditor.audit(exchange({"channel": "fax"}, {**SELECTION, "canSend": "yes"}))
    assert "request-schema" in rules(found)
    assert "response-schema" in rules(found)


def test_an_undocumented_status_and_a_wrong_media_type(auditor: Auditor) -> None:
    assert rules(auditor.audit(exchange({}, {}, status=302))) == ["undocumented-status"]
    plain = Exchange("POST", SELECT, JSON, b"{}", 200, (("content-type", "text/html"),), b"<p>")
    assert rules(auditor.audit(plain)) == ["response-content-type"]


def test_domain_rules_apply_to_traffic(auditor: Auditor) -> None:
    two = [{**n, "isSelected": True} for n in SELECTION["eligibleNumbers"]]
    found = auditor.audit(exchange({}, {**SELECTION, "eligibleNumbers": two}))
    assert "one_number_selected_iff_can_send" in rules(found)


def test_other_paths_are_not_the_contracts(auditor: Auditor) -> None:
    assert auditor.audit(Exchange("GET", "/static/app.js", status=200)) is None
    assert auditor.tally.skipped == 1


def test_a_body_the_recording_left_out_is_not_judged(auditor: Auditor) -> None:
    missing = Exchange("POST", SELECT, JSON, NOT_RECORDED, 200, JSON, NOT_RECORDED)
    assert auditor.audit(missing) == []


def har_file(tmp_path: Path, entries: list[dict[str, object]]) -> Path:
    path = tmp_path / "session.har"
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}))
    return path


def test_har_entries_read_back_with_base64_missing_bodies_and_other_hosts(tmp_path: Path) -> None:
    encoded = base64.b64encode(json.dumps(SELECTION).encode()).decode()
    entries: list[dict[str, object]] = [
        {
            "startedDateTime": "2026-12-02T10:00:00Z",
            "time": 12,
            "request": {"method": "POST", "url": f"https://api.example.com{SELECT}",
                        "headers": [{"name": "Content-Type", "value": "application/json"}],
                        "postData": {"mimeType": MEDIA, "text": json.dumps(ASKED)}},
            "response": {"status": 200, "headers": [{"name": "content-type", "value": MEDIA}],
                         "content": {"mimeType": MEDIA, "text": encoded, "encoding": "base64"}},
        },
        {"request": {"method": "GET", "url": "https://cdn.example.com/app.js"},
         "response": {"status": 200, "content": {"mimeType": "text/javascript"}}},
        {"request": {"method": "GET", "url": "https://api.example.com/phone-numbers/%2B1/status"},
         "response": {"status": 404, "content": {"mimeType": "application/problem+json"}}},
    ]  # fmt: skip
    exchanges = har.read(har_file(tmp_path, entries))
    assert exchanges[0].response_json() == SELECTION
    assert exchanges[1].response_body == NOT_RECORDED
    auditor = Auditor(CONTRACT)
    findings = [auditor.audit(e) for e in exchanges]
    assert findings[0] == []
    assert findings[1] is None, "another host's asset"
    assert findings[2] == [], "a 404 whose body was not recorded"


@pytest.mark.parametrize(
    ("text", "message"),
    [("{not json", "not JSON"), ('{"log": {}}', "expected log.entries"), ("[]", "not a HAR"),
     ('{"log": {"entries": [1]}}', "an entry must be an object")],
)  # fmt: skip
def test_a_bad_har_names_its_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.har"
    path.write_text(text)
    with pytest.raises(har.HarError, match=message):
        har.read(path)


def test_no_report_holds_a_secret(tmp_path: Path) -> None:
    secret = "s3cr3t-t0ken"
    headers = (("authorization", f"Bearer {secret}"), ("cookie", f"session={secret}"), *JSON)
    sent = Exchange(
        "GET", f"/phone-numbers/%2B1/status?api_key={secret}", headers, b"", 404,
        (("set-cookie", f"id={secret}"), ("content-type", "application/problem+json")), b"{}",
    )  # fmt: skip
    auditor = Auditor(CONTRACT)
    with (tmp_path / "terminal.txt").open("w") as terminal:
        report = TrafficReport(tmp_path, "secrets", terminal=terminal)
        report.add(sent, auditor.audit(sent))
        report.close(auditor.tally)
    written = list(tmp_path.iterdir())
    expected = {"traffic.har", "junit.xml", "summary.md", "findings.ndjson", "exchanges.ndjson",
                "terminal.txt"}  # fmt: skip
    assert {p.name for p in written} == expected
    for path in written:
        assert secret not in path.read_text(), path.name
    assert "[Filtered]" in (tmp_path / "traffic.har").read_text()
