"""Prefer as RFC 7240 reads it: what the mock does not know is ignored, what it honoured is named
in Preference-Applied, and a malformed preference of its own is a problem about the header."""

from __future__ import annotations

import pytest

from mockserver.app import create_app
from mockserver.settings import Settings
from tests.local_client import LocalClient

SELECT = "/phone-numbers/outgoing/new"
STATUS = "/phone-numbers/%2B16157605300/status"


@pytest.fixture
def client() -> LocalClient:
    return LocalClient(create_app(Settings()))


@pytest.mark.parametrize(
    "prefer",
    ["return=minimal", "return=representation", "respond-async, wait=10", "handling=lenient",
     "odata.maxpagesize=50", 'x-custom="a, b; c"', "dealy=100"],
)  # fmt: skip
def test_preferences_the_mock_does_not_know_are_ignored(client: LocalClient, prefer: str) -> None:
    plain = client.post(SELECT, json={})
    answer = client.post(SELECT, json={}, headers={"Prefer": prefer})
    assert answer.status_code == 200
    assert answer.content == plain.content
    assert "preference-applied" not in answer.headers


def test_what_was_honoured_is_named_in_preference_applied(client: LocalClient) -> None:
    answer = client.get(STATUS, headers={"Prefer": "return=minimal, code=404, delay=1"})
    assert answer.status_code == 404
    assert answer.headers["preference-applied"] == "code=404, delay=1"
    other = client.post(SELECT, json={}, headers={"Prefer": 'scenario="all-blocked"'})
    assert other.json()["canSend"] is False
    assert other.headers["preference-applied"] == "scenario=all-blocked"


def test_parameters_are_ignored_and_the_first_of_a_repeated_preference_counts(
    client: LocalClient,
) -> None:
    assert client.get(STATUS, headers={"Prefer": "code=404; lenient"}).status_code == 404
    answer = client.get(STATUS, headers=[("Prefer", "code=404"), ("Prefer", "code=400")])
    assert answer.status_code == 404


def test_a_malformed_preference_of_the_mocks_own_is_a_problem_about_the_header(
    client: LocalClient,
) -> None:
    answer = client.get(STATUS, headers={"Prefer": "return=minimal, code=418"})
    assert answer.status_code == 400
    problem = answer.json()
    assert problem["title"] == "Invalid Prefer header"
    (error,) = problem["errors"]
    assert error["in"] == "header"
    assert error["field"] == "Prefer"
    assert error["rule"] == "code"
    assert "418" in error["message"]
    forced = client.get(STATUS, headers={"Prefer": "code=400"}).json()
    assert forced["title"] != problem["title"], "a forced 400 does not look like a refused one"


def test_the_request_log_shows_what_was_applied(client: LocalClient) -> None:
    client.get(STATUS, headers={"Prefer": "code=404"})
    (entry,) = client.get("/__admin/requests").json()["entries"]
    assert entry["preferenceApplied"] == ["code=404"]


@pytest.mark.parametrize(
    "prefer", [b"code=\xb2\xb2\xb2", b"delay=" + b"1" * 4301, b"code=" + b"4" * 4301]
)
def test_digits_that_are_not_ascii_or_too_many_are_a_problem_not_a_500(
    client: LocalClient, prefer: bytes
) -> None:
    answer = client.get(STATUS, headers={"Prefer": prefer})
    assert answer.status_code == 400
    assert answer.json()["title"] == "Invalid Prefer header"
    assert len(answer.content) < 2_000
