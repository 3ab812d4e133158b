"""Which runs test the contract's authentication, and the copy of the contract for those that
do not (decision K21)."""

from __future__ import annotations

from contract_tests.authentication import checks_authentication, without_authentication
from mockserver.contract.loader import load_contract


def test_only_a_credential_sent_elsewhere_than_the_local_mock_checks_it() -> None:
    assert checks_authentication({"authorization": "Bearer t"}, local_mock=False)
    assert not checks_authentication({"Authorization": "Bearer t"}, local_mock=True)
    assert not checks_authentication({"X-Trace": "1"}, local_mock=False)


def test_the_copy_without_authentication_keeps_everything_else() -> None:
    resolved = load_contract().resolved()
    assert resolved["security"] == [{"bearerAuth": []}]
    copy = without_authentication(resolved)
    assert "security" not in copy
    assert "securitySchemes" not in copy["components"]
    assert copy["paths"] == resolved["paths"]
    assert resolved["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
