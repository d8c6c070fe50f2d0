"""Jurisdictions a governing-law clause names, each under the one name the report states it by."""

from __future__ import annotations

import re

from contract_app.places import US_STATES

COUNTRIES = {  # as written -> as stated
    "England and Wales": "England and Wales",
    "England": "England",
    "Scotland": "Scotland",
    "Northern Ireland": "Northern Ireland",
    "Ireland": "Ireland",
    "the United Kingdom": "the United Kingdom",
    "United Kingdom": "the United Kingdom",
    "Hong Kong": "Hong Kong",
    "Singapore": "Singapore",
    "Ontario": "Ontario",
    "British Columbia": "British Columbia",
    "Quebec": "Quebec",
    "Alberta": "Alberta",
    "Canada": "Canada",
    "Federal Republic of Germany": "Germany",
    "Germany": "Germany",
    "France": "France",
    "Switzerland": "Switzerland",
    "Israel": "Israel",
    "Japan": "Japan",
    "India": "India",
    "People's Republic of China": "the People's Republic of China",
    "People’s Republic of China": "the People's Republic of China",
    "PRC": "the People's Republic of China",
    "P.R.C.": "the People's Republic of China",
    "China": "the People's Republic of China",
    "the Netherlands": "the Netherlands",
    "Netherlands": "the Netherlands",
    "Sweden": "Sweden",
    "New South Wales": "New South Wales",
    "Victoria": "Victoria",
    "Australia": "Australia",
    "Luxembourg": "Luxembourg",
    "Cayman Islands": "the Cayman Islands",
    "Bermuda": "Bermuda",
    "Republic of Korea": "South Korea",
    "Korea": "South Korea",
    "Taiwan": "Taiwan",
    "Italy": "Italy",
    "Spain": "Spain",
    "Mexico": "Mexico",
    "Denmark": "Denmark",
    "Finland": "Finland",
    "Norway": "Norway",
    "Belgium": "Belgium",
    "Austria": "Austria",
    "Brazil": "Brazil",
    "Puerto Rico": "Puerto Rico",
    "United States of America": "the United States",
    "United States": "the United States",
    "U.S.A.": "the United States",
    "USA": "the United States",
}
FEDERAL = frozenset({"the United States", "Canada", "Australia"})  # a state or province of them is more specific
_STATED = {name.lower(): name for name in US_STATES} | {k.lower(): v for k, v in COUNTRIES.items()}
_NAMES = "|".join(sorted((re.escape(p) for p in _STATED), key=len, reverse=True))
PLACE = re.compile(rf"(?:the\s+)?({_NAMES})(?!\w)", re.IGNORECASE)
"""A place name, matched where it is expected (``PLACE.match(text, position)``): text from PDFs can glue it to the
word before ("ofTexas")."""


def stated_place(written: str) -> str:
    """The name a place is stated by (``PRC`` -> ``the People's Republic of China``)."""
    return _STATED[" ".join(written.split()).lower()]
