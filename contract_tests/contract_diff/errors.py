"""The one error type for bad input to the diff tools: its message is one line naming the file."""

from __future__ import annotations


class InputError(ValueError):
    """A file the diff tools read is missing or malformed; the message names the file and field."""
