"""How names of people, organisations and places vary in English news, as data.

The matcher (core/name_matching.py) reads these tables and nothing else decides
what counts as the same spelling, so a new variation is a new row here. The
pairs come from how Arabic and Persian names reach English: the ALA-LC tables
(Qāsim Sulaymānī, Abū Mahdī al-Muhandis, ʻAlī Khāmanaʼī) with their diacritics
and ayn/hamza marks dropped, Persian e and o where Arabic has i, a and u
(Qasem/Qasim, Mohandes/Muhandis, Haider/Haidar), and the newsrooms' own habits
(doubled consonants, Gh and K for q, ou for u, ey and ai for the diphthong ay).
"""

from __future__ import annotations

# Marks that stand for ayn, hamza or an elided letter inside a word: dropped
# (Kata'ib = Kataib, Khāmanaʼī = Khamanai). A possessive 's is cut first.
APOSTROPHES = "'’‘ʼʻʿʾ`´"

# Dashes that join the parts of a name (al-Muhandis, Mir-Hossein): the parts
# are compared as words of their own.
HYPHENS = "-‐‑‒–—"

# Leading words that say who someone is, not which one: stripped from the front
# of a PERSON mention, longest first, as many as there are, never the last word.
# Dots are dropped before the comparison, so "Gen." is "gen" and "Maj. Gen." is
# "maj gen". Epithets that pick out the person (Imam Hussein is not Saddam
# Hussein) are deliberately absent.
PERSON_TITLES: tuple[str, ...] = (
    "gen",
    "general",
    "major general",
    "maj gen",
    "brigadier general",
    "brig gen",
    "lieutenant general",
    "lt gen",
    "colonel",
    "col",
    "commander",
    "cmdr",
    "captain",
    "capt",
    "admiral",
    "adm",
    "sardar",
    "haj",
    "hajj",
    "haji",
    "ayatollah",
    "grand ayatollah",
    "ayatullah",
    "hojatoleslam",
    "hojjat al-islam",
    "sheikh",
    "shaikh",
    "sheik",
    "shaykh",
    "sayyid",
    "sayyed",
    "seyed",
    "seyyed",
    "mullah",
    "cleric",
    "mohandes",
    "muhandis",
    "engineer",
    "prime minister",
    "president",
    "vice president",
    "supreme leader",
    "leader",
    "foreign minister",
    "defence minister",
    "defense minister",
    "minister",
    "secretary of state",
    "senator",
    "sen",
    "army",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "chief",
    "mr",
    "mrs",
    "ms",
    "dr",
    "former",
    "late",
    "the",
)

# Nationalities before a title ("Iranian Gen Qasem Soleimani"): stripped like
# titles from PERSON mentions only; in an organisation's name they tell one
# army from another and stay.
PERSON_DESCRIPTORS: tuple[str, ...] = (
    "iranian",
    "iraqi",
    "syrian",
    "lebanese",
    "saudi",
    "kurdish",
    "american",
    "us",
    "british",
    "russian",
    "turkish",
    "afghan",
    "yemeni",
    "palestinian",
    "israeli",
)

# Nationalities in front of an organisation's name ("Iranian Revolutionary
# Guards", "Iran's Revolutionary Guard"): each row is the nationality and the
# ways it is written, a country's name counting only as a possessive. They are
# set aside (Name.descriptor) when at least ORGANISATION_PART_WORDS words stay,
# so that "Iranian Army" and "Iraqi Army" stay two names; two names with
# different nationalities never match, and a name without one joins the named
# nationality only when the corpus writes it with one nationality alone.
ORGANISATION_DESCRIPTORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("iranian", ("iranian", "iran's")),
    ("iraqi", ("iraqi", "iraq's")),
    ("syrian", ("syrian", "syria's")),
    ("lebanese", ("lebanese", "lebanon's")),
    ("egyptian", ("egyptian", "egypt's")),
    ("palestinian", ("palestinian",)),
    ("saudi", ("saudi",)),
    ("kurdish", ("kurdish",)),
    ("turkish", ("turkish", "turkey's")),
    ("israeli", ("israeli", "israel's")),
    ("american", ("american", "us", "america's")),
    ("british", ("british", "britain's")),
    ("russian", ("russian", "russia's")),
)

# Labels whose names may have a nationality in front (above) and whose parts of
# ORGANISATION_PART_WORDS words or more stand for the whole ("Revolutionary
# Guards" for "Islamic Revolutionary Guard Corps") when the corpus has one
# bearer of them, the way a surname does. One word is never enough: Hezbollah
# is not Kataib Hezbollah.
# Labels of values, not of names (spaCy's English scheme): a date or an amount is not an
# entity of the corpus, so linking leaves their spans alone.
VALUE_LABELS: frozenset[str] = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
)
ORGANISATION_LABELS: frozenset[str] = frozenset({"ORG"})
ORGANISATION_PART_WORDS = 2

# Small words left out when an organisation's name is compared: Islamic State
# in Iraq and Syria / Islamic State of Iraq and Syria.
ORGANISATION_SKIPPED: frozenset[str] = frozenset({"of", "the", "and", "for", "in", "on", "&"})
# Of these, the words that join two names into one (Islamic State of Iraq and
# Syria): a part never takes one side alone, so Islamic State of Iraq is no
# part of Islamic State of Iraq and Syria.
ORGANISATION_JOINERS: frozenset[str] = frozenset({"and"})

# Names no rule derives from one another that English news uses for one
# entity: a translation, a name in the entity's own language, or its Arabic
# acronym. Each row is a label and the equivalent names, the first the one
# the others are folded to. Kept short: a row is a fact about one entity.
EQUIVALENT_NAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Sepah-e Pasdaran-e Enqelab-e Eslami, "Sepah" for short in Persian.
    ("ORG", ("Islamic Revolutionary Guard Corps", "Sepah")),
    # al-Hashd al-Shaabi translated.
    ("ORG", ("Popular Mobilisation Forces", "Hashd al-Shaabi")),
    # al-Sham rendered as Syria or as the Levant; Daesh is its Arabic acronym.
    ("ORG", ("Islamic State of Iraq and Syria", "Islamic State of Iraq and the Levant", "Daesh")),
    # The Kurdish name of the city.
    ("GPE", ("Sulaymaniyah", "Slemani")),
)

# Leading words stripped from every label's mention.
ARTICLES_IN_FRONT: tuple[str, ...] = ("the",)

# The Arabic article, alone or hyphenated to a name, and its assimilated forms
# before sun letters (ash-Shaabi, ad-Din): not a part that tells names apart.
ARTICLES: frozenset[str] = frozenset({"al", "el", "ul"})
HYPHENATED_ARTICLES: frozenset[str] = frozenset(
    {"al", "el", "ul", "ad", "an", "ar", "as", "ash", "at", "az", "ath", "adh"}
)

# Rewrites of the whole folded mention before it is split into words, in order:
# (pattern, replacement) as regular expressions.
PHRASE_RULES: tuple[tuple[str, str], ...] = (
    # Ruh Allah, Ruhollah, Rouhollah: Allah joined to the word before it.
    (r"\b([a-z]+)[\s-]+allah\b", r"\1allah"),
    # Abd al-Mahdi, Abdul Mahdi, Abdel-Mahdi, Abdulmahdi: one word "abdul...".
    (r"\babd(?:[\s-]*(?:al|el|ul|ol|ur|ar|an|as|ad))?[\s-]*(?=[a-z])", "abdul"),
    # ibn, ben, bin: the same "son of".
    (r"\b(?:ibn|ben)\b", "bin"),
    # Abu, Abou, Abo: the same "father of".
    (r"\b(?:abou|abo)\b", "abu"),
)

# Rewrites of each word, in order. Together they fold the spellings a name takes
# in English into one comparable form; what they leave apart stays apart.
WORD_RULES: tuple[tuple[str, str], ...] = (
    (r"ization", "isation"),  # Mobilization / Mobilisation
    (r"ence$", "ense"),  # Defence / Defense
    (r"(?:a|o|u)llah?$", "ula"),  # Hezbollah / Hizballah / Hizbullah, Nasrallah / Nasrullah
    (r"ph", "f"),
    (r"kh", "x"),  # kept apart from k: Khamenei is not Kamenei
    (r"gh", "q"),  # Ghasem / Qasem
    (r"ck", "k"),
    (r"q", "k"),  # Qassem / Kassem
    (r"c(?=[aou]|$)", "k"),
    (r"zh", "j"),  # Ahmadinezhad / Ahmadinejad (Persian zh, news j)
    (r"ow(?![aeiou])", "u"),  # Rowhani / Rouhani
    (r"w", "v"),  # Musawi / Mousavi (Persian v, Arabic w)
    (r"ee", "i"),  # Ameer / Amir
    (r"oo", "u"),
    (r"ou", "u"),  # Mousavi / Musavi
    (r"o", "u"),  # Soleimani / Suleimani, Mohandes / Muhandis
    (r"(?:ei|ey|ai|ay|ae)(?![aeiou])", "e"),  # Soleimani / Soleymani / Sulaimani
    (r"(?<=[aeiu])h$", ""),  # Sulaymaniyah / Sulaymaniya
    (r"(.)\1+", r"\1"),  # Qassem / Qasem, Shaabi / Shabi
)

# Rewrites of each word for some labels only, before WORD_RULES.
LABEL_WORD_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    # Armed bodies translated as Forces or Units: Popular Mobilisation Units / Forces.
    "ORG": ((r"^units?$", "force"),),
    # The Arabic place name's -iyah where Kurdish and Persian end in -i:
    # Sulaymaniyah / Sulaimani.
    "GPE": ((r"(?<=[^aeiou])iyy?ah?$", "i"),),
}

# Vowels that different romanisations write for the same sound, after the rules
# above: Persian e for Arabic a and i (Haider / Haidar, Qasem / Qasim).
VOWELS = "aeiu"
COMPATIBLE_VOWELS: frozenset[frozenset[str]] = frozenset(
    {frozenset({"e", "a"}), frozenset({"e", "i"})}
)

# Labels of mentions a single surname can stand for ("Soleimani" for "Qasem
# Soleimani" when the corpus has no other bearer of it).
SURNAME_LABELS: frozenset[str] = frozenset({"PERSON", "PER"})

# Labels whose long names are abbreviated to their initials (IRGC, PMF, US).
ACRONYM_LABELS: frozenset[str] = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})

# Words left out of an acronym: Islamic State of Iraq and the Levant is ISIL.
ACRONYM_SKIPPED: frozenset[str] = frozenset(
    {"of", "the", "and", "for", "in", "on", "al", "el", "de", "&"}
)

# Labels whose words are also compared without a plural -s (Revolutionary
# Guards / Guard Corps, Popular Mobilisation Forces / Force).
PLURAL_LABELS: frozenset[str] = frozenset({"ORG"})

# An organisation's word may be cut short in another spelling (Islamic
# Revolution Guards Corps / Islamic Revolutionary Guard Corps) when the shorter
# word has at least this many letters and the names have at least
# PREFIX_MIN_WORDS words, all the others alike.
PREFIX_MIN_LETTERS = 6
PREFIX_MIN_WORDS = 3

# Scores (core/name_matching.py), best first.
SCORE_SAME = 1.0  # the same after folding: Qassem Soleimani / Qasem Soleimani
SCORE_VOWELS = 0.95  # vowels Persian and Arabic write apart: Qasem / Qasim
SCORE_PREFIX = 0.9  # an organisation's word cut short
SCORE_PART_ALONE = 0.92  # a surname or acronym whose corpus has one bearer of it
SCORE_DESCRIBED = 0.92  # an organisation with its nationality and without: Iranian Quds Force
SCORE_PART_SHARED = 0.5  # the same, with more than one bearer: the analyst decides
