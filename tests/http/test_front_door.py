"""What the mock serves besides the contract's operations: the contract exactly as written, the
admin API's own description, and a landing page at /."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from openapi_spec_validator import validate

from mockserver.app import create_app
from mockserver.settings import Settings
from tests.local_client import LocalClient

ROOT = Path(__file__).resolve().parents[2]


def test_openapi_json_is_openapi_yaml_exactly() -> None:
    client = LocalClient(create_app(Settings()))
    written = json.loads(json.dumps(yaml.safe_load((ROOT / "openapi.yaml").read_text())))
    served = client.get("/openapi.json")
    assert served.headers["content-type"] == "application/json"
    assert served.json() == written, "references and servers as written, for generators"
    assert client.get("/ui/openapi.json").json()["servers"] == [{"url": ""}], "Swagger UI's copy"


def test_the_admin_api_is_described_as_valid_openapi() -> None:
    client = LocalClient(create_app(Settings(admin_token="s3cret")))
    described = client.get("/__admin/openapi.json")
    assert described.status_code == 200, "a description, open like /openapi.json"
    validate(described.json())
    assert "/__admin/verify" in described.json()["paths"]
    assert client.get("/__admin/").status_code == 401, "the API itself still needs the token"


def test_a_post_to_the_landing_page_is_a_problem() -> None:
    client = LocalClient(create_app(Settings()))
    answer = client.post("/")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD"
    assert answer.headers["content-type"] == "application/problem+json"
