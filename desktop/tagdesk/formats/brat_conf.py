"""The relation types of a brat `annotation.conf`, read and written.

brat declares a relation type on a line of its `[relations]` section: the
type, then comma-separated `ROLE:TYPES` arguments, TYPES one label or several
joined by `|`, or a macro (`<ENTITY>` and `<ANY>` allow any label, `<POG>`
whatever a `<POG>=Person|Organization|GPE` line defines):

    Employment   Arg1:Person, Arg2:Organization
    Alias        Arg1:Person, Arg2:Person, <REL-TYPE>:symmetric-transitive
    <OVERLAP>    Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>

The first argument is the head, the second the child. `<REL-TYPE>` marks a
symmetric type (`symmetric`, `symmetric-transitive`); `<OVERLAP>` lines say
which spans may overlap, and are no relation type. A type declared on several
lines (brat's BioNLP REL corpus does so) allows the labels of all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tagdesk.core.labels import colour_for, is_valid_label_name
from tagdesk.core.relations import RelationScheme, RelationTypeSpec

CONF = "annotation.conf"
ANY = frozenset({"<ENTITY>", "<ANY>"})  # brat's macros for "any text-bound annotation"
_MACRO = re.compile(r"^(<[^>\s]+>)\s*=\s*(\S.*)$")
_SECTION = re.compile(r"^\[(\w+)\]\s*$")
_SYMMETRIC = ("symmetric", "symmetric-transitive")


@dataclass
class _Declared:
    """What the lines naming one type say, merged."""

    roles: tuple[str, str] = ("Arg1", "Arg2")
    heads: set[str] = field(default_factory=set)
    children: set[str] = field(default_factory=set)
    any_head: bool = False
    any_child: bool = False
    symmetric: bool = False


@dataclass
class BratScheme:
    """A conf's relation types, with the role names each declares for its two arguments."""

    scheme: RelationScheme = field(default_factory=RelationScheme)
    roles: dict[str, tuple[str, str]] = field(default_factory=dict)

    def symmetric(self, name: str) -> bool:
        return any(spec.name == name and not spec.directed for spec in self.scheme.types)


def find_conf(ann_path: Path, root: Path) -> Path | None:
    """The annotation.conf brat uses for a document: in its folder, else the nearest above.

    The search stops at `root`, the folder the import names, so a conf outside
    it is never read.
    """
    folder = ann_path.parent
    while True:
        candidate = folder / CONF
        if candidate.is_file():
            return candidate
        if folder == root or folder.parent == folder or root not in folder.parents:
            return None
        folder = folder.parent


def parse_conf(text: str) -> BratScheme:
    """The relation types of an annotation.conf's `[relations]` section.

    Lines brat would not read as a relation type (a malformed argument, a name
    Tagdesk cannot hold) are passed over: the conf is brat's display setting,
    and the .ann files are the data.
    """
    macros: dict[str, set[str]] = {}
    declared: dict[str, _Declared] = {}
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        heading = _SECTION.match(line)
        if heading:
            section = heading[1].lower()
            continue
        macro = _MACRO.match(line)
        if macro:
            macros[macro[1]] = set(macro[2].strip().split("|"))
            continue
        if section == "relations":
            _relation_line(line, macros, declared)
    result = BratScheme()
    for name, said in declared.items():
        result.roles[name] = said.roles
        result.scheme.types.append(
            RelationTypeSpec(
                name=name,
                colour=colour_for(name),
                directed=not said.symmetric,
                heads=() if said.any_head else tuple(sorted(said.heads)),
                children=() if said.any_child else tuple(sorted(said.children)),
            )
        )
    return result


def _relation_line(line: str, macros: dict[str, set[str]], declared: dict[str, _Declared]) -> None:
    name, _, rest = line.partition(" ") if "\t" not in line else line.partition("\t")
    name = name.strip().lstrip("!-")
    if not name or name.startswith("<") or not is_valid_label_name(name):
        return  # <OVERLAP> and the like
    arguments: list[tuple[str, set[str] | None]] = []
    symmetric = False
    for part in rest.split(","):
        role, colon, types = part.strip().partition(":")
        if not colon:
            continue
        role, types = role.strip(), types.strip()
        if role == "<REL-TYPE>":
            symmetric = symmetric or any(kind in _SYMMETRIC for kind in types.split("|"))
            continue
        if role.startswith("<"):
            continue  # <OVL-TYPE> and brat's other options
        labels: set[str] | None = set()
        for label in types.split("|"):
            if label in ANY:
                labels = None
                break
            assert labels is not None
            labels |= macros.get(label, {label})
        arguments.append((role, labels))
    if len(arguments) < 2:
        return
    said = declared.setdefault(name, _Declared(roles=(arguments[0][0], arguments[1][0])))
    (_, heads), (_, children) = arguments[0], arguments[1]
    said.symmetric = said.symmetric or symmetric
    if heads is None:
        said.any_head = True
    else:
        said.heads |= {label for label in heads if is_valid_label_name(label)}
    if children is None:
        said.any_child = True
    else:
        said.children |= {label for label in children if is_valid_label_name(label)}


def relations_section(
    types: Iterable[RelationTypeSpec],
    roles: dict[str, tuple[str, str]] | None = None,
    equivalences: Iterable[str] = (),
) -> list[str]:
    """The `[relations]` lines declaring `types`, after the overlap rule Tagdesk's export needs.

    `roles` names a type's two arguments where they are not Arg1 and Arg2;
    `equivalences` are the symmetric types written as `*` lines, which brat
    wants declared symmetric-transitive.
    """
    transitive = set(equivalences)
    lines = ["<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"]
    for spec in sorted(types, key=lambda spec: spec.name):
        first, second = (roles or {}).get(spec.name, ("Arg1", "Arg2"))
        heads = "|".join(spec.heads) if spec.heads else "<ENTITY>"
        children = "|".join(spec.children) if spec.children else "<ENTITY>"
        if not spec.directed:  # brat's equivalences read either argument as either
            heads = children = "|".join(sorted({*spec.heads, *spec.children})) or "<ENTITY>"
        line = f"{spec.name} {first}:{heads}, {second}:{children}"
        if not spec.directed:
            kind = "symmetric-transitive" if spec.name in transitive else "symmetric"
            line += f", <REL-TYPE>:{kind}"
        lines.append(line)
    return lines
