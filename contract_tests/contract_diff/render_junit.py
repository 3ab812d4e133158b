"""The report as JUnit XML: one testcase per change, the unaccepted breaking ones as failures."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from contract_tests.contract_diff.change import Change
from contract_tests.contract_diff.report import DiffReport

SUITE = "contract-diff"


def _case(suite: ET.Element, change: Change) -> ET.Element:
    return ET.SubElement(
        suite,
        "testcase",
        classname=f"{SUITE}.{change.operation_id}",
        name=f"{change.rule} {change.where}",
    )


def render_junit(report: DiffReport) -> str:
    total = len(report.blocking) + len(report.accepted) + len(report.compatible)
    counts = {"tests": str(total), "failures": str(len(report.blocking)), "errors": "0"}
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, "skipped": "0", **counts})
    properties = ET.SubElement(suite, "properties")
    compared = {"name": "compared", "value": f"{report.old} -> {report.new}"}
    ET.SubElement(properties, "property", compared)
    for change in report.blocking:
        failure = ET.SubElement(_case(suite, change), "failure", type=change.rule)
        failure.set("message", change.reason)
        breaks = [f"breaks {i.describe()}: {i.problem}" for i in report.impacts_of(change)]
        failure.text = "\n".join([change.reason, *breaks])
    for accepted in report.accepted:
        out = ET.SubElement(_case(suite, accepted.change), "system-out")
        out.text = f"accepted by the allow-list: {accepted.entry.reason or accepted.change.reason}"
    for change in report.compatible:
        _case(suite, change)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
