"""Swagger UI and the served contract, at their paths only (the UI layer is entered only there)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.contract.loader import load_contract
from mockserver.settings import Settings
from tests.local_client import LocalClient


def test_the_ui_page_loads_the_served_contract(client: TestClient) -> None:
    page = client.get("/ui/")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert "openapi.json" in page.text
    assert client.get("/ui/swagger-ui.css").status_code == 200
    redirect = client.get("/ui", follow_redirects=False)
    assert (redirect.status_code, redirect.headers["location"]) == (307, "/ui/")


def test_the_served_contract_has_every_operation(client: TestClient) -> None:
    served = client.get("/openapi.json").json()
    operations = {
        operation["operationId"]
        for item in served["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    assert operations == set(load_contract().operations())


@pytest.mark.parametrize("path", ["/uix", "/ui-admin", "/openapi.jsonx"])
def test_look_alike_paths_are_not_the_ui(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_behind_a_root_path_the_ui_and_the_operations_answer() -> None:
    with LocalClient(create_app(Settings()), root_path="/api") as client:
        assert client.get("/api/ui/").status_code == 200
        assert client.get("/api/openapi.json").status_code == 200
        selection = client.post(
            "/api/phone-numbers/outgoing/new",
            json={"recipientPhoneNumber": "+15125550178", "channel": "sms"},
        )
        assert selection.status_code == 200
