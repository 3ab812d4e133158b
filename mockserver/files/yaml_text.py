"""YAML text to Python values, safely, with libyaml when it is there (the pure-Python parser
was a tenth of the mock's start-up).

Text from outside (an uploaded scenario) is read in two passes: libyaml's event stream first,
which is flat, to refuse aliases and bound nesting; only then the composer, which recurses once
per level (about 30,000 levels crash the process in a worker thread) and expands every alias
(a few hundred bytes of nested aliases expand to gigabytes).
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Deep enough for any scenario (they nest four levels), far below what the composer survives.
MAX_UPLOAD_DEPTH = 64


class UntrustedYamlError(yaml.YAMLError):
    """YAML from outside that the kit refuses to compose; the message says why."""


def load_yaml(text: str) -> Any:
    """yaml.safe_load, faster; raises yaml.YAMLError like it. For the kit's own files."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python


def load_untrusted_yaml(text: str, max_depth: int = MAX_UPLOAD_DEPTH) -> Any:
    """Like load_yaml, for text from outside: no anchors or aliases, nesting bounded."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise UntrustedYamlError(
                "anchors and aliases (&name, *name) are not accepted in an upload; write the "
                "values out (an export never uses them)"
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                raise UntrustedYamlError(f"the text nests deeper than {max_depth} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return load_yaml(text)
