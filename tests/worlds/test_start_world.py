"""The start-up world: a scenario's own seed is honoured (an export saved as a named scenario
answers as the world that was saved), a --seed wins over it, and a bare reset returns to the
world exactly as it started."""

from __future__ import annotations

import shutil
from pathlib import Path

from mockserver.contract.loader import load_contract
from mockserver.domain.store import StoreLimits
from mockserver.worlds.control import WorldConfig, WorldControl
from mockserver.worlds.history_check import HistoryCheck
from mockserver.worlds.scenario_files import DEFAULT_FOLDER, ScenarioFolder, dump_scenario


def control(world: WorldConfig, folder: ScenarioFolder = DEFAULT_FOLDER) -> WorldControl:
    check = HistoryCheck(load_contract(None), StoreLimits().history)
    return WorldControl(world, history_check=check, scenarios=folder)


def saved_folder(tmp_path: Path) -> ScenarioFolder:
    """A scenarios folder holding the default scenario and an export of it with seed 42."""
    for name in ("default.yaml", "scenario.schema.json"):
        shutil.copy(DEFAULT_FOLDER.directory / name, tmp_path / name)
    clicked = control(WorldConfig(42, "default"))
    (tmp_path / "saved.yaml").write_text(dump_scenario(clicked.export()))
    return ScenarioFolder(tmp_path)


def numbers(world: WorldControl) -> list[str]:
    return [n.number for n in world.service.store.numbers()]


def test_without_a_seed_the_default_world_has_seed_7() -> None:
    assert control(WorldConfig()).seed == 7


def test_an_export_saved_as_a_scenario_starts_with_its_own_seed(tmp_path: Path) -> None:
    folder = saved_folder(tmp_path)
    saved = control(WorldConfig(None, "saved"), folder)
    assert saved.seed == 42
    assert numbers(saved) == numbers(control(WorldConfig(42, "default")))
    assert numbers(saved) != numbers(control(WorldConfig(7, "default")))


def test_a_seed_given_at_start_wins_over_the_scenarios(tmp_path: Path) -> None:
    assert control(WorldConfig(5, "saved"), saved_folder(tmp_path)).seed == 5


def test_a_bare_reset_returns_to_the_start_up_scenario_and_seed(tmp_path: Path) -> None:
    world = control(WorldConfig(None, "saved"), saved_folder(tmp_path))
    started = numbers(world)
    world.reset(seed=3, scenario="default")
    assert (world.scenario, world.seed) == ("default", 3)
    world.reset()
    assert (world.scenario, world.seed) == ("saved", 42)
    assert numbers(world) == started


def test_a_reset_naming_a_scenario_comes_with_its_seed(tmp_path: Path) -> None:
    world = control(WorldConfig(9, "default"), saved_folder(tmp_path))
    world.reset(scenario="saved")
    assert world.seed == 42, "the export's own seed"
    world.reset(scenario="default")
    assert world.seed == 9, "no seed of its own: the start-up seed"
