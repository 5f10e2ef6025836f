"""Label Studio's check of a labeling config, as its server runs it, for the tags Tagdesk uses.

Label Studio (label_studio/core/label_config.py, `validate_label_config`)
parses the XML with ElementTree, turns it into a dict with
`xmljson.badgerfish` (attributes as `@name`, text as `$`, repeated children as
a list), wraps a lone `Choice` of a `Choices` tag in a list, and validates the
dict against its published JSON schema
(label_studio/core/utils/schema/label_config_schema.json); then every `name`
must be unique and every `toName` must name one. This module does the same
parse with the same library and checks the schema's rules for the tags it
covers (View, Labels, Label, Choices, Choice, Text, HyperText, Image,
TextArea), written here from reading it; it does not copy the schema. The
schema says nothing of `Relations`; Label Studio's editor wants each of its
`Relation` tags to have a value, which is checked here too.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any
from xml.etree import ElementTree

import xmljson  # type: ignore[import-untyped]

_VALUE_TYPES = (str, bool, int, float)


def parse(config: str) -> dict[str, Any]:
    """The config as Label Studio's `parse_config_to_json` sees it."""
    parsed = xmljson.badgerfish.data(ElementTree.fromstring(config))
    return _fix_choices(parsed)


def _fix_choices(config: Any) -> Any:
    """Label Studio's workaround for a `Choices` with one `Choice` (its issue 1259), as it is."""
    if "Choices" in config:
        choices = config["Choices"]
        if "Choice" in choices and not isinstance(choices["Choice"], list):
            choices["Choice"] = [choices["Choice"]]
        elif isinstance(choices, list) and all("Choice" in tag for tag in choices):
            for tag in choices:
                if not isinstance(tag["Choice"], list):
                    tag["Choice"] = [tag["Choice"]]
    if "View" in config:
        view = config["View"]
        if isinstance(view, OrderedDict):
            config["View"] = _fix_choices(view)
        else:
            config["View"] = [_fix_choices(item) for item in view]
    return config


def problems(config: str) -> list[str]:
    """What Label Studio would refuse in `config`; empty when it accepts it."""
    try:
        parsed = parse(config)
    except ElementTree.ParseError as error:
        return [f"not XML: {error}"]
    found: list[str] = []
    if not isinstance(parsed, dict) or "View" not in parsed:
        return ["the config must be a <View>"]
    _views(parsed["View"], "View", found)
    if found:
        return found
    names = re.findall(r'name="([^"]*)"', config)
    if len(set(names)) != len(names):
        return ["Label config contains non-unique names"]
    for to_names in re.findall(r'toName="([^"]*)"', config):
        for to_name in to_names.split(","):
            if to_name not in names:
                return [f'toName="{to_name}" not found in names: {sorted(set(names))}']
    return []


def _each(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _views(value: Any, where: str, found: list[str]) -> None:
    for view in _each(value):
        if not isinstance(view, dict):
            found.append(f"{where}: must be an object")
            continue
        checks = {
            "Labels": _labels,
            "Choices": _choices,
            "Label": _valued,
            "Choice": _valued,
            "Text": _object_tag,
            "HyperText": _object_tag,
            "Image": _object_tag,
            "TextArea": _text_area,
            "Relations": _relations,
            "View": _views,
        }
        for tag, check in checks.items():
            if tag in view:
                check(view[tag], f"{where}/{tag}", found)


def _required(
    tag: dict[str, Any], alternatives: list[list[str]], where: str, found: list[str]
) -> None:
    """anyOf required: the first alternative's missing property is what Label Studio names."""
    if not any(all(key in tag for key in keys) for keys in alternatives):
        missing = next(key for key in alternatives[0] if key not in tag)
        found.append(f"{where}: '{missing}' is a required property")


def _labels(value: Any, where: str, found: list[str]) -> None:
    for tag in _each(value):
        if not isinstance(tag, dict):
            found.append(f"{where}: must be an object")
            continue
        common = ["@name", "@toName"]
        _required(tag, [[*common, "Label"], [*common, "@value"], [*common, "View"]], where, found)
        if "Label" in tag:
            _valued(tag["Label"], f"{where}/Label", found)
        if "View" in tag:
            _views(tag["View"], f"{where}/View", found)


def _choices(value: Any, where: str, found: list[str]) -> None:
    for tag in _each(value):
        if not isinstance(tag, dict):
            found.append(f"{where}: must be an object")
            continue
        common = ["@name", "@toName"]
        _required(tag, [[*common, "Choice"], [*common, "@value"], [*common, "View"]], where, found)
        if "Choice" in tag:
            if not isinstance(tag["Choice"], list):
                found.append(f"{where}/Choice: is not of type 'array'")
            else:
                _valued(tag["Choice"], f"{where}/Choice", found)
        if "View" in tag:
            _views(tag["View"], f"{where}/View", found)


def _valued(value: Any, where: str, found: list[str]) -> None:
    """Label and Choice: each needs a value that is text, a number or true/false."""
    for tag in _each(value):
        if not isinstance(tag, dict) or "@value" not in tag:
            found.append(f"{where}: '@value' is a required property")
        elif not isinstance(tag["@value"], _VALUE_TYPES):
            found.append(f"{where}: '@value' must be text, a number or a boolean")


def _object_tag(value: Any, where: str, found: list[str]) -> None:
    """Text, HyperText, Image: a name, and a value (or a valueList)."""
    for tag in _each(value):
        if not isinstance(tag, dict):
            found.append(f"{where}: must be an object")
            continue
        with_value = "@name" in tag and "@value" in tag
        with_list = "@name" in tag and "@valueList" in tag
        if with_value == with_list:  # oneOf: exactly one of the two
            found.append(f"{where}: needs a name and exactly one of value and valueList")


def _text_area(value: Any, where: str, found: list[str]) -> None:
    for tag in _each(value):
        if not isinstance(tag, dict):
            found.append(f"{where}: must be an object")
            continue
        _required(tag, [["@name", "@toName"]], where, found)


def _relations(value: Any, where: str, found: list[str]) -> None:
    for tag in _each(value):
        if not isinstance(tag, dict) or "Relation" not in tag:
            found.append(f"{where}: holds no Relation")
        else:
            _valued(tag["Relation"], f"{where}/Relation", found)
