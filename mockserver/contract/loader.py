"""The one loader of `openapi.yaml`: every part of the kit gets the contract from here."""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mockserver.files import cache
from mockserver.files.installed_kit import kit_file
from mockserver.files.yaml_text import load_yaml

CONTRACT_ENV = "LEADPING_CONTRACT"
# Part of every cache key: bump it when what is cached changes shape.
CACHE_FORMAT = "1"
DEFAULT_CONTRACT = kit_file("openapi.yaml")
# What the mock serves and the suite tests: another copy of the contract (--contract) must have
# them all, or it is not a copy of this one.
KIT_OPERATIONS = (
    "createPhoneNumber",
    "getPhoneNumberStatus",
    "selectOutgoingNumber",
    "validateManualOverride",
    "clearConversationOverride",
)

Spec = dict[str, Any]


class ContractError(Exception):
    """The contract file is missing, unparsable, invalid or has a dangling reference."""


@dataclass(frozen=True)
class Contract:
    """A parsed, validated contract; `resolved()` hands out private copies to mutate freely."""

    path: Path
    raw: Spec
    _resolved: Spec

    def resolved(self) -> Spec:
        # prance shares one object between every place a component is used (STACK-NOTES), so a
        # consumer that mutates its spec would change everyone's: give each caller its own copy.
        return copy.deepcopy(self._resolved)

    def operations(self) -> dict[str, tuple[str, str, Spec]]:
        """operationId -> (method, path, operation) over the resolved contract."""
        found: dict[str, tuple[str, str, Spec]] = {}
        for path, item in self._resolved["paths"].items():
            for method, operation in item.items():
                if isinstance(operation, dict) and "operationId" in operation:
                    found[operation["operationId"]] = (method.upper(), path, operation)
        return found


def contract_path(path: Path | str | None = None) -> Path:
    """The contract to load: the argument, else $LEADPING_CONTRACT, else the kit's openapi.yaml."""
    if path is not None:
        return Path(path)
    return Path(os.environ.get(CONTRACT_ENV) or DEFAULT_CONTRACT)


def load_contract(path: Path | str | None = None) -> Contract:
    """Load, validate and resolve the contract; ContractError names file, place and problem."""
    target = contract_path(path).resolve()
    try:
        stamp = target.stat().st_mtime_ns
    except FileNotFoundError:
        raise ContractError(f"{target}: contract file not found") from None
    if target.is_dir():
        raise ContractError(f"{target}: a folder, not a contract file (name its openapi.yaml)")
    return _load(target, stamp)


def load_kit_contract(path: Path | str | None = None) -> Contract:
    """`load_contract`, and ContractError unless it has every operation of KIT_OPERATIONS
    (another version read by contract-diff need not)."""
    contract = load_contract(path)
    missing = [name for name in KIT_OPERATIONS if name not in contract.operations()]
    if missing:
        raise ContractError(
            f"{contract.path}: not a copy of the Leadping contract: no operation "
            f"{', '.join(missing)}"
        )
    return contract


@functools.lru_cache(maxsize=4)
def _load(target: Path, _stamp: int) -> Contract:
    # The modification time is part of the cache key, so an edited contract is read again.
    try:
        text = target.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ContractError(
            f"{target}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    except OSError as error:
        raise ContractError(f"{target}: cannot read the contract: {error.strerror}") from None
    raw = _parse_yaml(target, text)
    entry = _cache_file(target, text)
    cached = _read_cache(entry)
    if cached is not None:
        return Contract(path=target, raw=raw, _resolved=cached)
    # Imported only here: a contract read back from the cache needs neither, and importing them
    # (pydantic-settings, requests) is a fifth of the mock's start-up.
    import prance
    import prance.util.url

    try:
        parser = prance.ResolvingParser(str(target), backend="openapi-spec-validator", strict=False)
    except prance.ValidationError:
        raise ContractError(_describe_invalid(target, raw)) from None
    except prance.util.url.ResolutionError as error:
        raise ContractError(f"{target}: unresolvable reference: {error}") from None
    _write_cache(entry, parser.specification)
    return Contract(path=target, raw=raw, _resolved=parser.specification)


# Validating the contract is most of the mock's start-up time, and its result depends only on the
# contract's text and the validators' versions: a contract that passed once is read back from a
# cache keyed by exactly those. An edited contract has another key and is validated again.
def _cache_file(target: Path, text: str) -> str:
    from importlib.metadata import version

    tools = f"{version('prance')}/{version('openapi-spec-validator')}/{CACHE_FORMAT}"
    return f"contract-{cache.key(tools, str(target), text)}.json"


def _read_cache(name: str) -> Spec | None:
    data = cache.read(name)
    try:
        spec = json.loads(data) if data is not None else None
    except ValueError:
        return None
    return spec if isinstance(spec, dict) else None


def _write_cache(name: str, resolved: Spec) -> None:
    # Not JSON (a YAML date, say): no cache, and the next start validates again.
    with contextlib.suppress(TypeError, ValueError):
        cache.write(name, json.dumps(resolved).encode())


def _parse_yaml(target: Path, text: str) -> Spec:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ContractError(f"{target}{where}: YAML syntax error: {problem}") from None
    # An empty mapping too: prance asserts on it instead of reporting it invalid.
    if not isinstance(data, dict) or not data:
        raise ContractError(f"{target}: expected an OpenAPI document (a mapping) at the top level")
    return data


def _describe_invalid(target: Path, raw: Spec) -> str:
    """Name the most specific violation: the validator's outer errors dump whole objects."""
    from openapi_spec_validator import OpenAPIV30SpecValidator

    errors = list(OpenAPIV30SpecValidator(raw).iter_errors())
    if not errors:
        return f"{target}: invalid OpenAPI document"
    where = errors[0].json_path
    specific = next((e for e in errors if isinstance(e.validator, str)), errors[0])
    detail = specific.json_path if specific.json_path != where else ""
    place = f"{where} ({detail})" if detail else where
    # The validator's message goes on to dump the schema and the instance on later lines.
    first = specific.message.strip().splitlines()[0] if specific.message.strip() else "invalid"
    message = first if len(first) < 300 else first[:300] + "..."
    return f"{target}: invalid at {place}: {message} ({len(errors)} problem(s) in all)"
