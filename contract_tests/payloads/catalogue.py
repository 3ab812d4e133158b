"""The catalogue on disk: one JSON file per case under <dir>/<operationId>/, the whole catalogue
as NDJSON, and a shell file of curl commands."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path

from contract_tests.payloads.derived import derived_cases
from contract_tests.payloads.generated import generated_cases
from contract_tests.payloads.model import PayloadCase
from mockserver.contract.loader import Contract
from mockserver.files.installed_kit import kit_file

DEFAULT_DIR = kit_file("fixtures", "payloads")
NDJSON = "catalogue.ndjson"
CURL = "curl.sh"


def build(contract: Contract, seed: int, generated_per_mode: int) -> list[PayloadCase]:
    cases = [*derived_cases(contract), *generated_cases(contract, seed, generated_per_mode)]
    ids = [case.id for case in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate case ids: {', '.join(duplicates)}")
    return sorted(cases, key=lambda case: case.id)


def _dump(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write(cases: Iterable[PayloadCase], directory: Path, seed: int) -> int:
    """Replace the catalogue in `directory`; the output depends only on the cases."""
    cases = list(cases)
    if directory.exists():
        for child in directory.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            elif child.name in (NDJSON, CURL):
                child.unlink()
    directory.mkdir(parents=True, exist_ok=True)
    for case in cases:
        target = directory / f"{case.id}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_dump(case.as_json()), encoding="utf-8")
    # ASCII-escaped, so no generated character (U+2028, say) can break a line in two.
    lines = [json.dumps(case.as_json()) for case in cases]
    (directory / NDJSON).write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = [
        "#!/usr/bin/env sh",
        f"# {len(cases)} edge cases of the Leadping contract (seed {seed}); make payloads rewrites",
        "# Usage: BASE_URL=http://127.0.0.1:8080 sh fixtures/payloads/curl.sh",
        ': "${BASE_URL:=http://127.0.0.1:8080}"',
    ]
    for case in cases:
        expected = "accepted" if case.accepted else f"rejected with {case.expect_status}"
        script += ["", f"# {case.id}: {case.description} (expect {expected})", case.curl()]
    (directory / CURL).write_text("\n".join(script) + "\n", encoding="utf-8")
    return len(cases)


def read(directory: Path) -> list[PayloadCase]:
    source = directory / NDJSON
    if not source.is_file():
        raise FileNotFoundError(f"{source}: no catalogue here; run make payloads")
    lines = source.read_text(encoding="utf-8").split("\n")
    return [PayloadCase.from_json(json.loads(line)) for line in lines if line.strip()]
