"""The walk the body checks share: every member of every object, depth first, each before its
own members and those before its next sibling; `where` keeps only the members it names."""

from __future__ import annotations

from contract_tests.checks._json import walk

BODY: dict[str, object] = {
    "number": "+1",
    "eligibleNumbers": [{"number": "+2", "usage": {"sentAt": "x"}}, [{"number": "+3"}], 4],
    "empty": {},
    "last": None,
}


def test_members_come_depth_first_with_their_pointers() -> None:
    assert [pointer for pointer, _key, _value in walk(BODY)] == [
        "/number",
        "/eligibleNumbers",
        "/eligibleNumbers/0/number",
        "/eligibleNumbers/0/usage",
        "/eligibleNumbers/0/usage/sentAt",
        "/eligibleNumbers/1/0/number",
        "/empty",
        "/last",
    ]


def test_where_keeps_the_members_it_names_in_the_same_order() -> None:
    found = list(walk(BODY, where={"number", "sentAt"}.__contains__))
    assert found == [
        ("/number", "number", "+1"),
        ("/eligibleNumbers/0/number", "number", "+2"),
        ("/eligibleNumbers/0/usage/sentAt", "sentAt", "x"),
        ("/eligibleNumbers/1/0/number", "number", "+3"),
    ]
