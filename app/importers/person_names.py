"""Splitting a name written in one piece ("Jean de La Fontaine") into first and last names.

JSON Resume, like many forms, keeps a person's name in one string; Rallier keeps two.
The split is a heuristic for when nothing better is known: a particle after the first
word starts the last name, "Last, First" is read as such, titles are dropped.
"""

from __future__ import annotations

# Words listed as text: one per line would hide the list.
PARTICLES = frozenset(
    "al bin da das de del della der des di do dos du el ibn la le les st st. ste ste. "  # noqa: SIM905
    "saint sainte ten ter van von".split()
)
TITLES = frozenset("dr dr. prof prof. mr mr. mrs mrs. ms ms. mx mx. mme mlle".split())  # noqa: SIM905
SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())  # noqa: SIM905
CREDENTIALS = frozenset("phd md mba msc bsc ma ba llb".split())  # noqa: SIM905


def split_name(full: str) -> tuple[str, str]:
    """(first name, last name) of a name written in one piece.

    A particle after the first word starts the last name; "Last, First" is read as
    such; titles are dropped; "Jr." and the like stay with the last name.

    >>> split_name("Jean de La Fontaine")
    ('Jean', 'de La Fontaine')
    >>> split_name("Marie-Ève Le Blanc")
    ('Marie-Ève', 'Le Blanc')
    >>> split_name("Tremblay, José")
    ('José', 'Tremblay')
    >>> split_name("Dr. Lena Vasquez")
    ('Lena', 'Vasquez')
    >>> split_name("Madonna")
    ('Madonna', '')
    """
    text = " ".join(full.split())
    head, comma, tail = text.partition(",")
    tail = tail.strip()
    if comma and head and tail:
        if tail.lower() in SUFFIXES:
            text = f"{head} {tail}"
        elif all(_is_credential(part) for part in tail.split(",")):  # "Jane Doe, CPA"
            text = head
        else:
            return tail, head.strip()
    words = text.split()
    while len(words) > 1 and words[0].lower() in TITLES:
        words.pop(0)
    if len(words) < 2:
        return (words[0] if words else ""), ""
    end = len(words) - 1 if len(words) > 2 and words[-1].lower() in SUFFIXES else len(words)
    start = next((n for n in range(1, end - 1) if _is_particle(words[n])), end - 1)
    return " ".join(words[:start]), " ".join(words[start:])


def _is_credential(word: str) -> bool:
    word = word.strip()
    return word.isupper() or word.replace(".", "").lower() in CREDENTIALS


def _is_particle(word: str) -> bool:
    return word.lower() in PARTICLES or word.startswith(("d'", "d’"))
