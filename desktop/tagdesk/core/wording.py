"""How counts and messages read: "1 document", "2 documents", sentences with a capital."""

from __future__ import annotations

IRREGULAR = {"entity": "entities", "this": "these"}


def plural(noun: str) -> str:
    """The plural of a noun or of a phrase ending in one ("GPE suggestion")."""
    head, _, last = noun.rpartition(" ")
    made = IRREGULAR.get(last) or (
        last + "es" if last.endswith(("s", "x", "ch", "sh")) else last + "s"
    )
    return f"{head} {made}" if head else made


def counted(count: int, noun: str) -> str:
    """`count` and the noun in the number it needs: counted(1, "span") is "1 span"."""
    return f"{count} {noun if count == 1 else plural(noun)}"


def sentence(text: str) -> str:
    """A message for a dialog or the status bar: its first letter a capital.

    The store and formats say "a label named X already exists", in the voice
    of the command line; the window shows it as a sentence.
    """
    return text[:1].upper() + text[1:] if text else text
