"""The one rule of what text a reader can see.

A character *renders as nothing* when it is whitespace (`str.isspace`), a control character
(category Cc), a format character (category Cf: zero-width spaces and joiners, U+FEFF, the
bidirectional controls such as U+202E, ...), a variation selector (U+FE00 to U+FE0F, U+E0100 to
U+E01EF), a Hangul filler (U+115F, U+1160, U+3164, U+FFA0), the braille blank (U+2800), or one of
the other default-ignorable marks (U+034F, U+17B4, U+17B5, U+180B to U+180F).

Text made only of such characters is *blank*: an explanation that is blank is missing, and an id
or a name that is blank is refused. The visible length of a text counts the other characters.
"""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = ["is_blank", "renders_as_nothing", "visible_length"]

#: Categories whose every character renders as nothing.
_INVISIBLE_CATEGORIES: Final = frozenset({"Cc", "Cf"})
#: Characters of other categories that render as nothing.
_INVISIBLE_CHARACTERS: Final = frozenset(
    {
        "\u034f",  # combining grapheme joiner (Mn)
        "\u115f",  # Hangul choseong filler (Lo)
        "\u1160",  # Hangul jungseong filler (Lo)
        "\u17b4",  # Khmer vowel inherent aq (Mn)
        "\u17b5",  # Khmer vowel inherent aa (Mn)
        *(chr(code) for code in range(0x180B, 0x1810)),  # Mongolian free variation selectors
        "\u2800",  # braille pattern blank (So)
        "\u3164",  # Hangul filler (Lo)
        *(chr(code) for code in range(0xFE00, 0xFE10)),  # variation selectors (Mn)
        "\uffa0",  # halfwidth Hangul filler (Lo)
        *(chr(code) for code in range(0xE0100, 0xE01F0)),  # variation selectors supplement (Mn)
    }
)
#: The ASCII characters a reader sees: every printable one but the space.
_VISIBLE_ASCII: Final = frozenset(chr(code) for code in range(0x21, 0x7F))


def renders_as_nothing(char: str) -> bool:
    """Whether the one character ``char`` renders as nothing (see the module's rule)."""
    return (
        char.isspace()
        or char in _INVISIBLE_CHARACTERS
        or unicodedata.category(char) in _INVISIBLE_CATEGORIES
    )


def visible_length(text: str) -> int:
    """The number of characters of ``text`` that a reader sees."""
    if text.isascii():  # most text: a set lookup per character instead of the full rule
        return sum(char in _VISIBLE_ASCII for char in text)
    return sum(not renders_as_nothing(char) for char in text)


def is_blank(text: str) -> bool:
    """Whether ``text`` is empty or made only of characters that render as nothing."""
    if text.isascii():
        return not any(char in _VISIBLE_ASCII for char in text)
    return all(renders_as_nothing(char) for char in text)
