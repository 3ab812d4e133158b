"""The one codec of writes: every kind round-trips, and the scenario schema's `op` enum, the
codec's names and the domain's Write union name the same kinds."""

from __future__ import annotations

import json
import re
import typing

import pytest

from mockserver.domain.enums import Channel
from mockserver.domain.errors import ScenarioError
from mockserver.domain.history import Advanced, Cleared, Created, Overridden, Selected, Write
from mockserver.domain.model import CreateRequest, SelectionRequest
from mockserver.wire.history_codec import (
    OPS,
    history_from_json,
    history_to_json,
    write_from_json,
    write_to_json,
)
from mockserver.worlds.scenario_files import SCENARIO_DIR

SELECTION = SelectionRequest(conversation_id="conv-1", channel=Channel.CALL, team_id="team_0001")
WRITES: list[Write] = [
    Created(CreateRequest(name="Line", number="+15125550100", business_id="biz_0002", id="x")),
    Selected(SELECTION),
    Overridden("pn_0003", SELECTION),
    Cleared("conv-1"),
    Advanced(3),
]


def test_the_schema_the_codec_and_the_union_name_the_same_kinds() -> None:
    schema = json.loads((SCENARIO_DIR / "scenario.schema.json").read_text())
    op_enum = schema["properties"]["history"]["items"]["properties"]["op"]["enum"]
    assert set(op_enum) == set(OPS)
    assert set(OPS.values()) == set(typing.get_args(Write))
    assert {type(w) for w in WRITES} == set(typing.get_args(Write)), "every kind is tested"


@pytest.mark.parametrize("write", WRITES, ids=lambda w: type(w).__name__)
def test_every_kind_round_trips(write: Write) -> None:
    entry = write_to_json(write)
    assert OPS[entry["op"]] is type(write)
    assert write_from_json(json.loads(json.dumps(entry))) == write


def test_a_history_reads_back_in_order() -> None:
    assert history_from_json(history_to_json(WRITES), "test") == WRITES


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"op": "override", "selection": {}}, "history[1]: override needs 'fromPhoneNumberId'"),
        ({"op": "advance", "days": "soon"}, "history[1]: advance:"),
        ({"op": "teleport"}, "history[1]: op: expected one of create, select"),
    ],
)
def test_a_bad_entry_names_its_place_and_field(entry: dict[str, object], message: str) -> None:
    with pytest.raises(ScenarioError, match=re.escape(message)):
        history_from_json([{"op": "clear", "conversationId": "c"}, entry], "my-world.yaml")
