"""Store URLs as logs and errors may show them."""

from __future__ import annotations


def redact(url: str) -> str:
    """A store URL fit for logs and errors: any password replaced."""
    scheme, sep, rest = url.partition("://")
    credentials, at, place = rest.rpartition("@")
    if not sep or not at:
        return url
    user = credentials.partition(":")[0]
    return f"{scheme}://{user}:***@{place}" if user else f"{scheme}://***@{place}"
