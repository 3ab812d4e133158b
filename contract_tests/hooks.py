"""What the suite registers with schemathesis on import: the domain checks, the coverage
observer and the tagging of writes. schemathesis.toml names this module, so plain `st run` and
pytest load the same; each hook is inert without an active run. The test-data hooks, which shape
generation, are registered only for a run (contract_tests/test_data.py)."""

from contract_tests import checks, writes
from contract_tests.coverage import observe

__all__ = ["checks", "observe", "writes"]
