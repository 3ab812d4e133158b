"""Scenario files: named worlds in fixtures/scenarios/, read before anything is built."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import yaml

from mockserver.domain.scenario import ScenarioError

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "scenarios"


def available(directory: Path = SCENARIO_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yaml"))


def load_scenario(name: str, directory: Path = SCENARIO_DIR) -> dict[str, Any]:
    """The scenario called `name`; an unknown name lists the ones there are."""
    path = directory / f"{name}.yaml"
    if not path.is_file():
        names = available(directory)
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise ScenarioError(f"unknown scenario '{name}'.{hint} Available: {', '.join(names)}")
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ScenarioError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(spec, dict):
        raise ScenarioError(f"{path}: expected a mapping at the top level")
    return spec
