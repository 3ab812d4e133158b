"""Markdown has a row per change, JUnit a failing testcase per unaccepted break, JSON all of it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from contract_tests.contract_diff import (
    AllowEntry,
    AllowList,
    DiffReport,
    build_report,
    render_json,
    render_junit,
    render_markdown,
)
from tests.contract_tests.contract_diff.factories import select_changes

TEAM_ID = "POST /phone-numbers/outgoing/new request application/json /teamId"


def _report(allow: AllowList | None = None) -> DiffReport:
    found, _ = select_changes()
    return build_report("main:openapi.yaml", "openapi.yaml", found, allow or AllowList())


def _table(markdown: str, heading: str) -> list[str]:
    """The body rows of the table under `heading`."""
    section = markdown.split(f"#### {heading}\n", 1)[1].split("\n#### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return rows[2:]


def test_markdown_has_a_summary_and_a_row_per_breaking_and_compatible_change() -> None:
    report = _report()
    markdown = render_markdown(report)
    assert "2 breaking changes not in the allow-list" in markdown.splitlines()[2]
    breaking = _table(markdown, "Breaking")
    assert len(breaking) == len(report.blocking) == 2
    assert any("`request-property-became-required`" in row and "blocks" in row for row in breaking)
    compatible = _table(markdown, "Compatible")
    assert len(compatible) == 1
    assert "`response-optional-property-added`" in compatible[0]


def test_markdown_marks_accepted_breaks_with_their_reason() -> None:
    allow = AllowList((AllowEntry("request-property-became-required", TEAM_ID, reason="v2"),))
    markdown = render_markdown(_report(allow))
    rows = _table(markdown, "Breaking")
    assert sum("blocks" in row for row in rows) == 1
    assert any("accepted: v2" in row for row in rows)


def test_markdown_escapes_pipes_in_cells() -> None:
    found, _ = select_changes()
    entry = AllowEntry("request-property-became-required", TEAM_ID, reason="a | b")
    markdown = render_markdown(build_report("a", "b", found, AllowList((entry,))))
    assert "a \\| b" in markdown


def test_no_breaking_change_says_so_and_has_no_breaking_table() -> None:
    report = build_report("a", "b", [c for c in select_changes()[0] if not c.breaking], AllowList())
    markdown = render_markdown(report)
    assert "No unaccepted breaking changes" in markdown
    assert "#### Breaking" not in markdown


def test_junit_has_a_testcase_per_change_and_failures_for_unaccepted_breaks() -> None:
    allow = AllowList((AllowEntry("request-property-became-required", TEAM_ID),))
    root = ET.fromstring(render_junit(_report(allow)))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 3
    failed = [case for case in cases if case.find("failure") is not None]
    assert [case.get("name", "").split()[0] for case in failed] == [
        "response-required-property-removed"
    ]
    assert root.get("failures") == "1"
    assert root.get("tests") == "3"
    failure = failed[0].find("failure")
    assert failure is not None
    assert "healthWarning" in failure.get("message", "")


def test_json_holds_every_change_with_its_verdict() -> None:
    data = json.loads(render_json(_report()))
    assert data["failed"] is True
    assert data["summary"]["blocking"] == 2
    assert {c["rule"]: c["severity"] for c in data["changes"]} == {
        "request-property-became-required": "breaking",
        "response-required-property-removed": "breaking",
        "response-optional-property-added": "compatible",
    }
    assert {c["side"] for c in data["changes"]} == {"request", "response"}
