"""Scenario files: named worlds in a folder (fixtures/scenarios/ by default), checked against
scenario.schema.json before anything is built, and exported worlds written back in the same
format (their history through mockserver/wire/history_codec.py).

A scenario is a name from the folder and nothing else: names are checked against the files
there, so no request can make the mock read another path, or grow a world per spelling.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

from mockserver.domain.errors import ScenarioError
from mockserver.files.installed_kit import kit_file
from mockserver.files.yaml_text import load_untrusted_yaml, load_yaml

SCENARIO_DIR = kit_file("fixtures", "scenarios")
SCHEMA_FILE = "scenario.schema.json"
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# What an error may quote of a value: enough to recognise it, never the whole of an upload.
QUOTED = 200
Spec = dict[str, Any]


def quoted(text: str, limit: int = QUOTED) -> str:
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


@functools.cache
def _schema_validator() -> Any:
    """The kit's scenario schema, read and compiled once (resets load scenarios often). It is
    the kit's for every folder: the code that builds worlds defines the format, so a folder of
    one's own (--scenarios) needs no copy of it."""
    schema = json.loads((SCENARIO_DIR / SCHEMA_FILE).read_text(encoding="utf-8"))
    return jsonschema_rs.Draft7Validator(schema)


def yaml_problem(error: yaml.YAMLError) -> str:
    """One line: the problem and where (PyYAML's own text spans three, quoting the input)."""
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return quoted(f"{problem}{where}")


class NoAliasDumper(yaml.SafeDumper):
    """Writes shared values out in full: an upload with anchors is refused, so none are made."""

    def ignore_aliases(self, data: Any) -> bool:
        del data
        return True


class ScenarioFolder:
    """The named worlds of one folder."""

    def __init__(self, directory: Path = SCENARIO_DIR) -> None:
        self.directory = directory

    def names(self) -> list[str]:
        found = self.directory.glob("*.yaml")
        return sorted(p.stem for p in found if NAME.match(p.stem) and p.is_file())

    def check_name(self, name: object) -> str:
        """The name itself when it is a scenario of this folder; else a ScenarioError that lists
        the scenarios there are (and never echoes more of the name than QUOTED allows)."""
        names = self.names()
        if isinstance(name, str) and name in names:
            return name
        if not names:
            raise ScenarioError(
                f"no scenario files in {self.directory} (each is NAME.yaml, NAME in lower case)"
            )
        if not isinstance(name, str):
            raise ScenarioError(
                f"scenario: expected a scenario name (a string), got {type(name).__name__}. "
                f"Available: {', '.join(names)}"
            )
        close = difflib.get_close_matches(name[:QUOTED], names, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise ScenarioError(
            f"unknown scenario {quoted(name, 64)!r}.{hint} Available: {', '.join(names)}"
        )

    def load(self, name: object) -> Spec:
        """The scenario called `name`; an unknown name lists the ones there are."""
        known = self.check_name(name)
        try:
            text = (self.directory / f"{known}.yaml").read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise ScenarioError(f"{known}.yaml: not UTF-8 text ({error.reason})") from None
        except OSError as error:  # removed since listed, or unreadable
            raise ScenarioError(f"{known}.yaml: cannot be read: {error.strerror}") from None
        return self.parse(text, f"{known}.yaml", trusted=True)

    def parse(self, text: str, source: str, *, trusted: bool = False) -> Spec:
        """A scenario from YAML (or JSON) text; every error names `source` and the field.
        Untrusted text (an upload) may hold no aliases and nest no deeper than 64 levels."""
        try:
            spec = load_yaml(text) if trusted else load_untrusted_yaml(text)
        except yaml.YAMLError as error:
            raise ScenarioError(f"{source}: not valid YAML: {yaml_problem(error)}") from None
        if not isinstance(spec, dict):
            raise ScenarioError(f"{source}: expected a mapping at the top level")
        odd = key_not_text(spec)
        if odd is not None:
            # YAML allows any key (`1:`, `? [a]`, a bare `?` is null); a scenario is JSON data,
            # and the schema validator raised on such keys (a 500 on upload).
            where, key = odd
            raise ScenarioError(
                f"{source}: {where or '(top level)'}: a key must be text, not {quoted(repr(key))}"
            )
        errors = list(_schema_validator().iter_errors(spec))
        if errors:
            first = errors[0]
            field = "".join(
                f"[{p}]" if isinstance(p, int) else f".{p}" for p in first.instance_path
            ).lstrip(".")
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise ScenarioError(
                f"{source}: {field or '(top level)'}: {quoted(first.message)}{more}"
            )
        return spec


def key_not_text(value: object) -> tuple[str, object] | None:
    """The first mapping key anywhere in `value` that is not a string, with where it is
    (iterative: an upload nests at most 64 levels, a trusted file any)."""
    stack: list[tuple[object, str]] = [(value, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            for key, child in node.items():
                if not isinstance(key, str):
                    return where, key
                stack.append((child, f"{where}.{key}".lstrip(".")))
        elif isinstance(node, list):
            stack.extend((child, f"{where}[{n}]") for n, child in enumerate(node))
    return None


DEFAULT_FOLDER = ScenarioFolder()


def available(directory: Path = SCENARIO_DIR) -> list[str]:
    return ScenarioFolder(directory).names()


def load_scenario(name: str, directory: Path = SCENARIO_DIR) -> Spec:
    return ScenarioFolder(directory).load(name)


def parse_scenario(text: str, source: str, directory: Path = SCENARIO_DIR) -> Spec:
    return ScenarioFolder(directory).parse(text, source)


def dump_scenario(spec: Spec) -> str:
    header = "# yaml-language-server: $schema=scenario.schema.json\n"
    body = yaml.dump(spec, Dumper=NoAliasDumper, sort_keys=False, allow_unicode=True, width=100)
    return header + body
