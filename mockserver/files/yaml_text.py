"""YAML text to Python values, safely, with libyaml when it is there (the pure-Python parser
was a tenth of the mock's start-up)."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """yaml.safe_load, faster; raises yaml.YAMLError like it."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python
