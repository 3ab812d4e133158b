"""Swagger UI in Chromium: it opens on the contract, tried against this mock, and offers the admin
API as a second definition; the landing page links it."""

from __future__ import annotations

from pathlib import Path

from contract_tests.target import local_mock
from mockserver.settings import Settings
from tests.browser.playwright import browse


def test_swagger_ui_offers_the_contract_and_the_admin_api(tmp_path: Path) -> None:
    with local_mock(Settings()) as url:
        report = browse(
            {
                "url": url + "/",
                "steps": [
                    {"click": "a[href='/ui/']"},
                    {"waitForText": ["#swagger-ui", "/phone-numbers/outgoing/new"]},
                    {"evaluate": "[...document.querySelectorAll('.topbar select option')]"
                                 ".map(o => o.textContent)"},
                    {"select": [".topbar select", "The mock's admin API"]},
                    {"waitForText": ["#swagger-ui", "/__admin/clock/advance"]},
                ],
            },
            tmp_path,
        )  # fmt: skip
    assert report["ok"], report
    (options,) = report["results"]
    assert options == [
        "Leadping phone-numbers API (tried against this mock)", "The mock's admin API",
    ]  # fmt: skip
