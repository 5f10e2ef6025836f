"""The label scheme: names, colours and hotkeys."""

from __future__ import annotations

import colorsys
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from tagdesk.paths import resource_path

_NAME = re.compile(r"[^\s]{1,64}")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class LabelSpec:
    name: str
    colour: str
    hotkey: str = ""
    description: str = ""


def default_scheme() -> list[LabelSpec]:
    """spaCy's English entity labels with the displaCy colours."""
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
    return bool(_NAME.fullmatch(name))  # match() would let a final line break through


def is_valid_colour(colour: str) -> bool:
    return bool(_COLOUR.fullmatch(colour))
