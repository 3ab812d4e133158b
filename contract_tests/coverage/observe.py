"""Every answer of a run noted for the coverage report: schemathesis calls after_call for each
request it sends, in every phase and mode, and for the kit's own follow-ups."""

from __future__ import annotations

from typing import Any

import schemathesis

from contract_tests import run_context
from contract_tests.coverage.recorder import sent_fields


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    del context
    run = run_context.current()
    if run is None or run.recorder is None:
        return
    operation_id = case.operation.definition.raw.get("operationId")
    if not isinstance(operation_id, str):
        return
    try:
        answer = response.json()
    except ValueError:
        answer = None
    body = case.body if isinstance(case.body, dict) else None
    fields = sent_fields(case.path_parameters or {}, case.query or {}, body)
    run.recorder.observe(operation_id, response.status_code, fields, answer)
