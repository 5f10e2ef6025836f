"""The label scheme: names, colours and hotkeys."""

from __future__ import annotations

import colorsys
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from tagdesk.paths import resource_path

# Control characters (C0, DEL, C1) and the invisible direction controls that would
# let a label show as other text than it is; whitespace, as a label is one word.
UNSEEN = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
# fullmatch: `$` would also match before a trailing newline.
_NAME = re.compile(f"[^\\s{UNSEEN}]{{1,64}}")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class LabelSpec:
    name: str
    colour: str
    hotkey: str = ""
    description: str = ""


def default_scheme() -> list[LabelSpec]:
    """spaCy's English entity labels, each in a colour of its own that black text reads on.

    Close to displaCy's where that kept them apart; tests/core/test_label_colours.py
    holds every pair apart, also for colour vision deficiencies.
    """
    raw = json.loads(resource_path("labels.json").read_text(encoding="utf-8"))
    return [LabelSpec(**item) for item in raw]


def colour_for(name: str) -> str:
    """A stable pastel colour for a label that arrived without one."""
    import hashlib

    digest = hashlib.sha1(name.encode("utf-8")).digest()
    hue = digest[0] / 255.0
    red, green, blue = colorsys.hls_to_rgb(hue, 0.78, 0.75)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


@lru_cache(maxsize=4096)  # asked once for every span of an import
def is_valid_label_name(name: str) -> bool:
    return bool(_NAME.fullmatch(name))


def is_valid_colour(colour: str) -> bool:
    return bool(_COLOUR.fullmatch(colour))
