"""PerObject: derived values per immutable object, never stale, never unbounded."""

from __future__ import annotations

from dataclasses import dataclass, replace

from mockserver.domain.memo import PerObject


@dataclass(frozen=True)
class Box:
    value: int


def test_a_value_is_derived_once_per_object() -> None:
    calls: list[int] = []

    def double(box: Box) -> int:
        calls.append(box.value)
        return box.value * 2

    memo = PerObject(double)
    box = Box(3)
    assert [memo(box), memo(box)] == [6, 6]
    assert calls == [3]


def test_an_equal_but_new_object_is_derived_again() -> None:
    # Replacing a value makes a new object: its derived value must be its own.
    memo: PerObject[Box, int] = PerObject(lambda box: box.value)
    first = Box(1)
    assert memo(first) == 1
    changed = replace(first, value=2)
    assert memo(changed) == 2
    assert memo(Box(1)) == 1  # equal to `first`, but another object: derived, not looked up


def test_it_keeps_no_more_than_its_bound() -> None:
    memo: PerObject[Box, int] = PerObject(lambda box: box.value, keep=10)
    boxes = [Box(i) for i in range(100)]
    assert [memo(box) for box in boxes] == list(range(100))
    assert len(memo) <= 10
