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


def counted(count: int, noun: str, *, grouped: bool = False) -> str:
    """`count` and the noun in the number it needs: counted(1, "span") is "1 span".

    `grouped` writes thousands with commas (4,164 characters) where the
    number is read, not copied.
    """
    number = f"{count:,}" if grouped else str(count)
    return f"{number} {noun if count == 1 else plural(noun)}"


def sentence(text: str) -> str:
    """A message for a dialog or the status bar: its first letter a capital.

    The store and formats say "a label named X already exists", in the voice
    of the command line; the window shows it as a sentence. A message that
    starts with a file or model name ("data.jsonl:3: ...") keeps it as written.
    """
    first = text.split(" ", 1)[0]
    if not text or first.endswith(":") or ":" in first or "/" in first or "\\" in first:
        return text
    return text[:1].upper() + text[1:]
