"""A drift run's reports (drift.json, drift.md) and its baseline of accepted differences."""

from __future__ import annotations

import json
from pathlib import Path

from contract_tests.drift.compare import Difference
from contract_tests.drift.sources import SourceError


def read_baseline(path: Path) -> set[str]:
    try:
        keys = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SourceError(f"{path}: cannot read it as a baseline ({str(error)[:100]})") from None
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise SourceError(
            f"{path}: a baseline is a JSON list of strings (--baseline-update writes one)"
        )
    return set(keys)


def write(directory: Path, replayed: int, found: list[Difference], new: list[Difference]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    data = {
        "replayed": replayed,
        "differences": [d.as_json() for d in found],
        "new": [d.baseline_key for d in new],
    }
    (directory / "drift.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    lines = [
        "## Drift between the mock and the deployment",
        "",
        f"{replayed} request(s) replayed: **{len(found)} difference(s)**, {len(new)} new.",
        "",
    ]
    if found:
        lines += ["| kind | request | field | mock | deployment |", "|---|---|---|---|---|"]
        lines += [
            f"| {d.kind} | {d.key} | `{d.field}` | {d.mock} | {d.deployment} |".replace("``", "")
            for d in found[:200]
        ]
    (directory / "drift.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
