"""Names brought to comparable forms, and a score for how surely two name one entity.

Everything that decides which spellings are alike is a table in
core/name_rules.py; this module only applies the tables. A name is folded
(case, diacritics, apostrophes, titles, articles, romanisation pairs) into a
tuple of words; two names of one label then match in full (every word alike),
as a part (a surname alone, an acronym) of a longer one, or not at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from tagdesk.core import name_rules as rules

_WORD_RULES = tuple((re.compile(pattern), replacement) for pattern, replacement in rules.WORD_RULES)
_PHRASE_RULES = tuple(
    (re.compile(pattern), replacement) for pattern, replacement in rules.PHRASE_RULES
)
_APOSTROPHE = re.compile(f"[{re.escape(rules.APOSTROPHES)}]")
_POSSESSIVE = re.compile(f"[{re.escape(rules.APOSTROPHES)}]s?$")
_HYPHEN = re.compile(f"[{re.escape(rules.HYPHENS)}]+")
_LEADING = re.compile(r"^\W+")
_TRAILING = re.compile(r"\W+$")
_NOT_LETTER = re.compile(r"[^a-z0-9]")
_VOWEL_CLASS = str.maketrans({"a": "V", "e": "V", "i": "V"})


@dataclass(frozen=True)
class KnownEntity:
    """An entity of the registry, as the matcher sees it."""

    key: str
    name: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Name:
    """One spelling brought to comparable words.

    `words` are folded (name_rules.WORD_RULES); `acronym` is set when the
    spelling is itself an acronym (IRGC, U.S.); `initials` are the acronyms a
    longer name could be written as; `shown` is the spelling without titles,
    as written, for naming a new entity.
    """

    label: str
    words: tuple[str, ...]
    shown: str
    acronym: str = ""
    initials: frozenset[str] = field(default_factory=frozenset)

    @property
    def block(self) -> tuple[str, tuple[str, ...]]:
        """Names that can match in full share this key (vowels a, e, i as one)."""
        if self.acronym:
            return self.label, ("#" + self.acronym,)
        return self.label, tuple(word.translate(_VOWEL_CLASS) for word in self.words)

    @property
    def joined_block(self) -> tuple[str, tuple[str, ...]]:
        """Names written with their words run together share this key (Amirabdollahian)."""
        return self.label, ("=" + "".join(self.words).translate(_VOWEL_CLASS),)

    @property
    def last_block(self) -> tuple[str, str]:
        """The key of the last word, where a surname alone is looked up."""
        return self.label, self.words[-1].translate(_VOWEL_CLASS) if self.words else ""


def _fold_text(text: str) -> str:
    """Lower case without diacritics: Qāsim Sulaymānī -> qasim sulaymani."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.casefold()


def _trim(word: str) -> str:
    """A word without the punctuation around it ("IRGC)"), keeping an abbreviation's dot (U.S.)."""
    word = _LEADING.sub("", word)
    trimmed = _TRAILING.sub("", word)
    if "." in trimmed and word[len(trimmed) : len(trimmed) + 1] == ".":
        return trimmed + "."
    return trimmed


def _strip_front(raw_words: list[str], phrases: Sequence[tuple[str, ...]]) -> int:
    """How many leading words are titles or descriptors; never all of them."""
    cut = 0
    while True:
        for phrase in phrases:
            end = cut + len(phrase)
            if end < len(raw_words) and tuple(raw_words[cut:end]) == phrase:
                cut = end
                break
        else:
            return cut


@lru_cache(maxsize=64)
def _front_phrases(label: str) -> tuple[tuple[str, ...], ...]:
    words: list[str] = list(rules.ARTICLES_IN_FRONT)
    if label in rules.SURNAME_LABELS:
        words += rules.PERSON_TITLES + rules.PERSON_DESCRIPTORS
    phrases = {tuple(word.split()) for word in words}
    return tuple(sorted(phrases, key=len, reverse=True))


def fold_word(word: str, label: str = "") -> str:
    """One word through the romanisation rules: Qassem -> kasem, Suleimani -> sulemani."""
    for pattern, replacement in _WORD_RULES:
        word = pattern.sub(replacement, word)
    if label in rules.PLURAL_LABELS and len(word) > 3 and word.endswith("s"):
        word = word[:-1]
    return word


@lru_cache(maxsize=200_000)
def normalise(text: str, label: str) -> Name:
    """A mention's text as comparable words; empty words when nothing of a name is left."""
    if label in rules.SURNAME_LABELS and text.count(",") == 1:
        surname, _, given = text.partition(",")
        if surname.split() and given.split():
            text = f"{given} {surname}"  # a catalogue's "Sulaymānī, Qāsim"
    raw = [_trim(word) for word in text.split()]
    raw = [_POSSESSIVE.sub("", word) for word in raw if word]
    raw = [word for word in raw if word]
    if not raw:
        return Name(label, (), "")
    dotless = [_fold_text(word).replace(".", "") for word in raw]
    cut = _strip_front(dotless, _front_phrases(label))
    shown = " ".join(raw[cut:])
    letters = "".join(raw[cut:]).replace(".", "")
    if (
        label in rules.ACRONYM_LABELS
        and len(raw) - cut == 1
        and 2 <= len(letters) <= 6
        and letters.isalpha()
        and letters.isupper()
    ):
        acronym = letters.casefold()
        return Name(label, (acronym,), shown, acronym=acronym)
    phrase = _APOSTROPHE.sub("", " ".join(dotless[cut:]))
    for pattern, replacement in _PHRASE_RULES:
        phrase = pattern.sub(replacement, phrase)
    parts: list[str] = []
    for word in phrase.split():
        pieces = [piece for piece in _HYPHEN.split(word) if piece]
        for index, piece in enumerate(pieces):
            bare = _NOT_LETTER.sub("", piece)
            if not bare:
                continue
            if bare in rules.ARTICLES or (
                index == 0 and len(pieces) > 1 and bare in rules.HYPHENATED_ARTICLES
            ):
                continue
            parts.append(bare)
    if not parts:
        return Name(label, (), shown)
    initials: frozenset[str] = frozenset()
    if label in rules.ACRONYM_LABELS and len(parts) > 1:
        kept = "".join(part[0] for part in parts if part not in rules.ACRONYM_SKIPPED)
        every = "".join(part[0] for part in parts)
        initials = frozenset({kept, every} - {""})
    words = tuple(fold_word(part, label) for part in parts)
    return Name(label, words, shown, initials=initials)


def _vowels_alike(one: str, other: str) -> bool:
    if len(one) != len(other):
        return False
    for left, right in zip(one, other, strict=True):
        if left != right and frozenset((left, right)) not in rules.COMPATIBLE_VOWELS:
            return False
    return True


def _words_alike(one: str, other: str, label: str) -> float:
    """1.0 the same, SCORE_VOWELS vowels apart, SCORE_PREFIX cut short (some labels), else 0."""
    if one == other:
        return rules.SCORE_SAME
    if _vowels_alike(one, other):
        return rules.SCORE_VOWELS
    if label in rules.PLURAL_LABELS:
        short, long_ = sorted((one, other), key=len)
        if len(short) >= rules.PREFIX_MIN_LETTERS and long_.startswith(short):
            return rules.SCORE_PREFIX
    return 0.0


def full_score(one: Name, other: Name) -> float:
    """How alike two names are word for word, in [0, 1]; 0 across labels."""
    if one.label != other.label or not one.words or not other.words:
        return 0.0
    if one.acronym or other.acronym:
        return rules.SCORE_SAME if one.acronym == other.acronym else 0.0
    if len(one.words) != len(other.words):
        joined = _words_alike("".join(one.words), "".join(other.words), "")
        return min(joined, rules.SCORE_VOWELS)
    scores = [_words_alike(a, b, one.label) for a, b in zip(one.words, other.words, strict=True)]
    worst = min(scores)
    if worst == rules.SCORE_PREFIX and len(one.words) < rules.PREFIX_MIN_WORDS:
        return 0.0
    return worst


def is_part_of(part: Name, whole: Name) -> bool:
    """Whether `part` is a shorter way of writing `whole`: its surname, or its acronym.

    A surname part keeps the last word and some of the others in order
    (Soleimani, Mahdi al-Muhandis); an acronym is the initials of the whole.
    """
    if part.label != whole.label or not part.words or not whole.words:
        return False
    if part.acronym:
        return part.acronym in whole.initials and not whole.acronym
    if part.label not in rules.SURNAME_LABELS or len(part.words) >= len(whole.words):
        return False
    if _words_alike(part.words[-1], whole.words[-1], part.label) == 0.0:
        return False
    index = 0
    for word in part.words[:-1]:
        last = len(whole.words) - 1
        while index < last and not _words_alike(word, whole.words[index], part.label):
            index += 1
        if index >= len(whole.words) - 1:
            return False
        index += 1
    return True


def _part_keys(name: Name) -> list[tuple[str, str]]:
    """Keys under which the parts of `name` look it up (see CorpusNames)."""
    keys = []
    if name.label in rules.SURNAME_LABELS and len(name.words) > 1:
        keys.append(name.last_block)
    keys += [(name.label, "#" + initials) for initials in name.initials]
    return keys


def _lookup_key(name: Name) -> tuple[str, str]:
    if name.acronym:
        return name.label, "#" + name.acronym
    return name.last_block


class CorpusNames:
    """The longer names a corpus holds, so a part knows how many bearers it has.

    "Soleimani" alone stands for "Qasem Soleimani" only when no other longer
    name in the corpus (an entity's name or alias, or a mention) ends in it;
    names alike in full are one bearer, and so is a shorter full name that is a
    part of a longer one ("Mahdi al-Muhandis" of "Abu Mahdi al-Muhandis").
    Entities are told apart by their keys even where their names are alike.
    """

    def __init__(self) -> None:
        self._wholes: dict[tuple[str, str], list[tuple[Name, str]]] = defaultdict(list)
        self._seen: set[tuple[Name, str]] = set()

    @classmethod
    def build(
        cls, entities: Sequence[KnownEntity], texts: Iterable[tuple[str, str]] = ()
    ) -> CorpusNames:
        """From the entities' names and aliases and the (text, label) of the mentions."""
        corpus = cls()
        for entity in entities:
            for spelling in (entity.name, *entity.aliases):
                corpus.add(normalise(spelling, entity.label), entity.key)
        for text, label in texts:
            corpus.add(normalise(text, label), "")
        return corpus

    def add(self, name: Name, owner: str = "") -> None:
        """A longer name of the corpus; `owner` is its entity's key, "" for a mention's."""
        if (name, owner) in self._seen:
            return
        self._seen.add((name, owner))
        for key in _part_keys(name):
            self._wholes[key].append((name, owner))

    def wholes_of(self, part: Name) -> list[tuple[Name, str]]:
        """The longer names `part` is a part of, with their owners."""
        return [
            (whole, owner)
            for whole, owner in self._wholes.get(_lookup_key(part), ())
            if is_part_of(part, whole)
        ]

    def bearers(self, part: Name) -> int:
        """How many different entities the longer names `part` is a part of stand for."""
        return len(bearer_groups(self.wholes_of(part)))


def bearer_groups(wholes: Sequence[tuple[Name, str]]) -> list[list[tuple[Name, str]]]:
    """The longer names grouped into bearers: alike in full or one part of the other.

    Two entities' names stay two bearers; a mention's name joins the first
    group it is alike with.
    """
    groups: list[list[tuple[Name, str]]] = []
    ordered = sorted(wholes, key=lambda item: (-len(item[0].words), item[1] == ""))
    for name, owner in ordered:
        for group in groups:
            owners = {other_owner for _, other_owner in group} - {""}
            if owner and owners and owner not in owners:
                continue
            if any(
                full_score(name, other) >= rules.SCORE_PREFIX or is_part_of(name, other)
                for other, _ in group
            ):
                group.append((name, owner))
                break
        else:
            groups.append([(name, owner)])
    return groups


def score_entity(name: Name, entity: KnownEntity, corpus: CorpusNames) -> float:
    """The best score of `name` against the entity's name and aliases."""
    best = 0.0
    for spelling in (entity.name, *entity.aliases):
        other = normalise(spelling, entity.label)
        score = full_score(name, other)
        if score == 0.0 and (is_part_of(name, other) or is_part_of(other, name)):
            part = name if is_part_of(name, other) else other
            alone = corpus.bearers(part) <= 1
            score = rules.SCORE_PART_ALONE if alone else rules.SCORE_PART_SHARED
        best = max(best, score)
    return best


def rank_candidates(
    text: str,
    label: str,
    entities: Sequence[KnownEntity],
    corpus: CorpusNames | None = None,
) -> list[tuple[KnownEntity, float]]:
    """Entities of `label` that `text` may name, best first, with scores in (0, 1].

    Without a corpus, the entities themselves are the corpus a surname's
    bearers are counted in.
    """
    name = normalise(text, label)
    if not name.words:
        return []
    same_label = [entity for entity in entities if entity.label == label]
    if corpus is None:
        corpus = CorpusNames.build(same_label)
    scored = [(entity, score_entity(name, entity, corpus)) for entity in same_label]
    ranked = [(entity, score) for entity, score in scored if score > 0.0]
    ranked.sort(key=lambda item: (-item[1], item[0].name, item[0].key))
    return ranked
