"""The report as JSON, for tools: the summary, every change with its verdict, and the impacts."""

from __future__ import annotations

import json
from typing import Any

from contract_tests.contract_diff.report import DiffReport


def report_json(report: DiffReport) -> dict[str, Any]:
    changes = [{**c.as_json(), "accepted": False} for c in report.blocking]
    changes += [
        {**a.change.as_json(), "accepted": True, "acceptedBecause": a.entry.reason}
        for a in report.accepted
    ]
    changes += [{**c.as_json(), "accepted": False} for c in report.compatible]
    return {
        "old": report.old,
        "new": report.new,
        "failed": report.failed,
        "summary": {
            "blocking": len(report.blocking),
            "accepted": len(report.accepted),
            "compatible": len(report.compatible),
            "text": report.summary(),
        },
        "changes": changes,
        "impacts": [found.as_json() for found in report.impacts],
        "unusedAllowListEntries": [
            {"rule": e.rule, "where": e.where} for e in report.unused_entries
        ],
    }


def render_json(report: DiffReport) -> str:
    return json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"
