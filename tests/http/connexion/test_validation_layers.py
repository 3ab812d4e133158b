"""The validation layers (Connexion's, in their lean form): answers outside the contract are
caught, and what they remember per Content-Type neither leaks between types nor grows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from mockserver import app as app_module
from mockserver.domain.service import PhoneNumberService
from mockserver.http.connexion.lean_validation import REMEMBERED_CONTENT_TYPES
from mockserver.http.endpoint import Answer, Call, Handler
from mockserver.http.handlers import make_handlers
from mockserver.settings import Settings
from tests.local_client import LocalClient

SELECTION = {"recipientPhoneNumber": "+15125550178", "channel": "sms", "teamId": "team_0001"}


@pytest.fixture
def broken_selection(monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A mock whose selection handler answers without the required `number`."""

    def with_broken_selection(service: PhoneNumberService) -> dict[str, Handler]:
        handlers = make_handlers(service)
        select = handlers["selectOutgoingNumber"]

        def broken(call: Call) -> Answer:
            answer = select(call)
            body = {k: v for k, v in answer.body.items() if k != "number"}
            return Answer(body, answer.status)

        return {**handlers, "selectOutgoingNumber": broken}

    monkeypatch.setattr(app_module, "make_handlers", with_broken_selection)
    with LocalClient(app_module.create_app(Settings()), raise_server_exceptions=False) as client:
        yield client


def test_an_answer_outside_the_contract_is_a_500_problem(broken_selection: TestClient) -> None:
    response = broken_selection.post("/phone-numbers/outgoing/new", json=SELECTION)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "number" in response.json()["detail"]


def test_the_same_answer_within_the_contract_passes(client: TestClient) -> None:
    response = client.post("/phone-numbers/outgoing/new", json=SELECTION)
    assert response.status_code == 200
    assert response.json()["number"].startswith("+1")


def test_each_charset_is_read_as_declared(client: TestClient) -> None:
    name = "Café line"
    created = []
    for n, charset in enumerate(("utf-8", "utf-16", "UTF-16LE", "utf-8")):
        body = f'{{"name": "{name}", "number": "+1512555012{n}", "businessId": "biz_0002"}}'
        response = client.post(
            "/phone-numbers",
            content=body.encode(charset),
            headers={"content-type": f"application/json; charset={charset}"},
        )
        assert response.status_code == 201, response.text
        created.append(response.json()["name"])
    assert created == [name] * 4
    # Latin-1 bytes declared as UTF-8 are not UTF-8, whatever was read before.
    body = f'{{"name": "{name}", "number": "+15125550129", "businessId": "biz_0002"}}'
    response = client.post(
        "/phone-numbers",
        content=body.encode("latin-1"),
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["rule"] == "encoding"


def test_many_content_types_are_each_validated_and_the_mock_stays_well(client: TestClient) -> None:
    for n in range(REMEMBERED_CONTENT_TYPES * 3):
        media = f"application/json; profile=p{n}"
        valid = client.post(
            "/phone-numbers/outgoing/new", json=SELECTION, headers={"content-type": media}
        )
        invalid = client.post(
            "/phone-numbers/outgoing/new",
            json={**SELECTION, "channel": "fax"},
            headers={"content-type": media},
        )
        assert (valid.status_code, invalid.status_code) == (200, 400)
        assert invalid.json()["errors"][0]["field"] == "/channel"


@pytest.mark.parametrize(
    "charset", ["klingon", "latin-1", "rot13", "base64", "undefined", "idna", "", "x" * 500]
)
def test_a_charset_the_service_does_not_read_is_a_415_naming_it(
    client: TestClient, charset: str
) -> None:
    response = client.post(
        "/phone-numbers/outgoing/new",
        content=b'{"channel": "sms"}',
        headers={"content-type": f"application/json; charset={charset}"},
    )
    assert response.status_code == 415
    assert response.headers["content-type"] == "application/problem+json"
    assert f"charset {charset[:40]!r}" in response.json()["detail"]
