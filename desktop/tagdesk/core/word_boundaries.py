"""Word boundaries close to spaCy's English tokenizer, in plain Python.

The window snaps a selection to spaCy's tokens, which are kept in the
database once a background process has computed them. For the first moment
after a document without stored tokens opens, these boundaries stand in, so
a label key works at once instead of waiting a second for spaCy to load.
They follow the rules of spaCy's tokenizer that decide where an ordinary
news article's words start and end (contractions, abbreviations with
periods, numbers with separators or units, hyphens between letters, URLs,
e-mail addresses, handles) and agree with it on every word of the bundled
articles (tests/core/test_word_boundaries.py).
"""

from __future__ import annotations

import re

from tagdesk.core.tokens import Token

_TITLES = (
    "Adm|Apr|Aug|Bros|Co|Corp|Dec|Dr|Feb|Gen|Gov|Inc|Jan|Jr|Jul|Jun|Ltd|Mar|Messrs|Mr|Mrs|Ms"
    "|Mt|Nov|Oct|Prof|Rep|Rev|Sen|Sep|Sept|St|vs"
)
_CLITIC = r"(?i:['’](?:s|re|ll|ve|d|m))"
_WORD = re.compile(
    "|".join(
        (
            r"(?:https?|ftp)://\S+?(?=[.,;:!?)\]\"']*(?:\s|$))",  # a URL, without the full stop
            r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # an e-mail address
            r"@\w+",  # a handle (a hashtag is two tokens)
            rf"\b(?:{_TITLES})\.(?=\s|$)",  # Mr. Gen. Jan.
            r"(?:[^\W\d_]\.){2,}(?:-\w+)*",  # U.S. and U.S.-led
            r"\d+(?:[.,:/]\d+)+(?:am|pm)?",  # 1,000  3.5  10:30am  3/4/2020
            r"\d+s\b",  # the 1990s
            r"\d+(?=[^\W\d_])",  # 150 of 150km
            r"\w+(?=(?i:n['’]t)\b)",  # does of doesn't
            r"(?i:n['’]t)\b",
            rf"\w+(?={_CLITIC}\b)",  # Iran of Iran's
            rf"{_CLITIC}\b",
            r"\w+(?:['’]\w+)+",  # O'Neill
            r"\w+",
            r"--",
            r"[^\w\s]",  # any other mark is a token of its own
        )
    )
)


_CHUNK = re.compile(r"\S+")
_SPLIT = {"cannot": 3, "gonna": 3, "gotta": 3}  # spaCy makes two tokens of these: can|not


def word_boundaries(text: str) -> list[Token]:
    """(start, end, followed by a space) of each word and mark, in code points.

    No rule looks across whitespace, so the text is cut at whitespace first and
    only a chunk with something other than letters in it goes through the rules:
    most words of an article are one chunk of letters, which is one token.
    """
    found: list[Token] = []
    for chunk in _CHUNK.finditer(text):
        start, end = chunk.span()
        word = chunk[0]
        cut = _SPLIT.get(word.lower())
        if cut is not None:
            found += [(start, start + cut, False), (start + cut, end, text[end : end + 1] == " ")]
        elif word.isalpha():
            found.append((start, end, text[end : end + 1] == " "))
        else:
            for match in _WORD.finditer(word):
                stop = start + match.end()
                found.append((start + match.start(), stop, text[stop : stop + 1] == " "))
    return found
