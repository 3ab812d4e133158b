"""Scenario files: named worlds in fixtures/scenarios/, checked against scenario.schema.json before
anything is built, and exported worlds written back in the same format (their history through
mockserver/wire/history_codec.py)."""

from __future__ import annotations

import difflib
import functools
import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

from mockserver.domain.errors import ScenarioError
from mockserver.files.yaml_text import load_yaml

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "scenarios"
SCHEMA_FILE = "scenario.schema.json"
Spec = dict[str, Any]


@functools.cache
def _schema_validator(directory: Path) -> Any:
    """The scenario schema, read and compiled once per folder (resets load scenarios often)."""
    schema = json.loads((directory / SCHEMA_FILE).read_text(encoding="utf-8"))
    return jsonschema_rs.Draft7Validator(schema)


def available(directory: Path = SCENARIO_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yaml"))


def load_scenario(name: str, directory: Path = SCENARIO_DIR) -> Spec:
    """The scenario called `name`; an unknown name lists the ones there are."""
    path = directory / f"{name}.yaml"
    if not path.is_file():
        names = available(directory)
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise ScenarioError(f"unknown scenario '{name}'.{hint} Available: {', '.join(names)}")
    return parse_scenario(path.read_text(encoding="utf-8"), str(path))


def parse_scenario(text: str, source: str, directory: Path = SCENARIO_DIR) -> Spec:
    """A scenario from YAML (or JSON) text; every error names `source` and the field."""
    try:
        spec = load_yaml(text)
    except yaml.YAMLError as error:
        raise ScenarioError(f"{source}: not valid YAML: {error}") from None
    if not isinstance(spec, dict):
        raise ScenarioError(f"{source}: expected a mapping at the top level")
    errors = list(_schema_validator(directory).iter_errors(spec))
    if errors:
        first = errors[0]
        field = "".join(
            f"[{p}]" if isinstance(p, int) else f".{p}" for p in first.instance_path
        ).lstrip(".")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ScenarioError(f"{source}: {field or '(top level)'}: {first.message}{more}")
    return spec


def dump_scenario(spec: Spec) -> str:
    header = "# yaml-language-server: $schema=scenario.schema.json\n"
    return header + yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=100)
