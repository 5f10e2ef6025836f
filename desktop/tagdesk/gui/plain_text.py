"""Article text in places that would otherwise take it for rich text.

Qt renders a tooltip or a message box's text as HTML when the string looks
like markup, so a title holding `<b>` or `<script>` (or an error quoting it)
would be drawn as markup; escaped inside `<qt>`, it shows as the characters
it is.
"""

from __future__ import annotations


def escape(text: str) -> str:
    """Plain text for a rich-text string (the `html` module costs start-up time)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def literal(text: str) -> str:
    """A tooltip or message text that shows `text` literally, whatever it holds."""
    if "<" not in text and "&" not in text:
        return text
    return "<qt>" + escape(text).replace("\n", "<br>") + "</qt>"
