"""Contract tests that CI points at any deployment (schemathesis plus the domain's checks)."""
