"""E.164 numbers of the North American Numbering Plan: area codes, places and display form."""

from __future__ import annotations

# Real area codes and the city each first served; enough variety for local-area matching.
AREA_CODES: dict[str, tuple[str, str]] = {
    "512": ("Austin", "TX"),
    "214": ("Dallas", "TX"),
    "713": ("Houston", "TX"),
    "303": ("Denver", "CO"),
    "415": ("San Francisco", "CA"),
    "213": ("Los Angeles", "CA"),
    "619": ("San Diego", "CA"),
    "206": ("Seattle", "WA"),
    "503": ("Portland", "OR"),
    "602": ("Phoenix", "AZ"),
    "702": ("Las Vegas", "NV"),
    "312": ("Chicago", "IL"),
    "612": ("Minneapolis", "MN"),
    "314": ("St. Louis", "MO"),
    "615": ("Nashville", "TN"),
    "404": ("Atlanta", "GA"),
    "305": ("Miami", "FL"),
    "407": ("Orlando", "FL"),
    "704": ("Charlotte", "NC"),
    "202": ("Washington", "DC"),
    "215": ("Philadelphia", "PA"),
    "212": ("New York", "NY"),
    "617": ("Boston", "MA"),
    "313": ("Detroit", "MI"),
}


def area_code(e164: str | None) -> str | None:
    """The area code of a +1 number, else None."""
    if e164 and e164.startswith("+1") and len(e164) == 12 and e164[1:].isdigit():
        return e164[2:5]
    return None


def display_number(e164: str) -> str:
    """(512) 555-0143 for a NANP number; other numbers are shown as given."""
    if area_code(e164) is None:
        return e164
    return f"({e164[2:5]}) {e164[5:8]}-{e164[8:]}"


def place(e164: str) -> tuple[str | None, str | None, str | None]:
    """(city, state, country code) of a number, as far as its area code tells."""
    code = area_code(e164)
    if code is None:
        return None, None, None
    city, state = AREA_CODES.get(code, (None, None))
    return city, state, "US"
