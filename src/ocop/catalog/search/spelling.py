"""The spelling fallback, one rule for both backends: each query word that matches no indexed word is
replaced by the indexed words within a typing-error budget of it, or the fallback gives up.

Why a budget of edits and not a similarity score: Vietnamese words are syllables of two to seven
letters, and most one-letter changes of a three-letter syllable are another real syllable. A score
cannot separate a typo from a different word there (pg_trgm: `cha muk` → *cha muc* 0.75, but the
unrelated `cha ca` → *cha muc* 0.67 and the real typo `tra hoa vnag` → *tra hoa vang* only 0.69).
Counting what a typist does wrong can:

- a *slip* costs 0.5: two neighbouring letters swapped (`vnag` → `vang`, `hao` → `hoa`), or a letter
  written for one that sounds the same in Vietnamese (`muk` → `muc`: c/k/q; i/y; s/x);
- any other edit (a letter missing, extra or different: `lonh` → `long`) costs 1.

A word may carry (the budget, by length, after Lucene's "AUTO" fuzziness, tightened for syllables):
nothing under three letters; one slip for three letters (`dam` is not `dac` or `dau`: `dam ha` finds
nothing, as it should); one edit for four to seven (`camelia` → `camellia`); two for eight or more
(English words of the names).
Each replaced word becomes the indexed words at the smallest cost found (at most MAX_ALTERNATIVES);
every word of the query must still match, as in the exact search. Words with digits (GTINs, weights)
are neither corrected nor offered as corrections. A correction starts with the typed first letter,
the second one (a swap) or a same-sound letter, so only those ranges of the word list are read.

The word list is `catalog.SearchWord`, kept by the indexing services: the same on every database,
so the same query is corrected the same way on SQLite and PostgreSQL.
"""

from collections.abc import Callable, Iterable

SLIP = 0.5
EDIT = 1.0
MAX_ALTERNATIVES = 3
MIN_LETTERS = 3
_SAME_SOUND = [set("ckq"), set("iy"), set("sx")]


def budget(word: str) -> float:
    """The typing-error cost a word of this length may carry and still be corrected."""
    length = len(word)
    if length < MIN_LETTERS:
        return 0.0
    if length == MIN_LETTERS:
        return SLIP
    if length < 8:
        return EDIT
    return 2 * EDIT


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return SLIP if any(a in group and b in group for group in _SAME_SOUND) else EDIT


def typing_cost(typed: str, word: str, limit: float) -> float:
    """Weighted optimal-string-alignment distance (see the module docstring); above `limit` may be inexact."""
    if abs(len(typed) - len(word)) * EDIT > limit:
        return limit + EDIT
    previous2: list[float] = []
    previous = [float(j) * EDIT for j in range(len(word) + 1)]
    for i in range(1, len(typed) + 1):
        current = [i * EDIT] + [0.0] * len(word)
        for j in range(1, len(word) + 1):
            cost = min(
                previous[j] + EDIT,
                current[j - 1] + EDIT,
                previous[j - 1] + _substitution(typed[i - 1], word[j - 1]),
            )
            swapped = i > 1 and j > 1 and typed[i - 1] == word[j - 2] and typed[i - 2] == word[j - 1]
            if swapped and typed[i - 1] != typed[i - 2]:
                cost = min(cost, previous2[j - 2] + SLIP)
            current[j] = cost
        if min(current) > limit and min(previous) > limit:  # a swap reaches back two rows, no further
            return limit + EDIT
        previous2, previous = previous, current
    return previous[len(word)]


def alternatives(typed: str, vocabulary: Iterable[str]) -> list[str]:
    """The indexed words closest to `typed` within its budget, best first (alphabetical among equals)."""
    limit = budget(typed)
    if not limit:
        return []
    scored = []
    for word in vocabulary:
        if word == typed or not word.isalpha():
            continue
        cost = typing_cost(typed, word, limit)
        if cost <= limit:
            scored.append((cost, word))
    if not scored:
        return []
    best = min(cost for cost, _word in scored)
    return sorted(word for cost, word in scored if cost == best)[:MAX_ALTERNATIVES]


def initials(typed: str) -> list[str]:
    """The first letters a correction of `typed` may start with: its own, the second one (the first two
    swapped), or one that sounds the same. A word whose first letter is wrong otherwise is not looked
    for: it keeps the vocabulary read small (a range of the index per letter)."""
    letters = {typed[0], typed[1] if len(typed) > 1 else typed[0]}
    for group in _SAME_SOUND:
        if typed[0] in group:
            letters |= group
    return sorted(letters)


def correct(
    tokens: list[str],
    *,
    known: Callable[[str, bool], bool],
    vocabulary: Callable[[int, int, list[str]], Iterable[str]],
) -> list[tuple[list[str], bool]] | None:
    """The corrected query as groups (alternative words, prefix?) to be matched all together, or None.

    `known(word, prefix)` says whether the index holds the word (as a prefix for the last word);
    `vocabulary(shortest, longest, initials)` lists the indexed words of those lengths starting with one
    of those letters. None when a word can
    be neither matched nor corrected, or when nothing needed correcting.
    """
    groups: list[tuple[list[str], bool]] = []
    changed = False
    for position, token in enumerate(tokens):
        last = position == len(tokens) - 1
        if known(token, last):
            groups.append(([token], last))
            continue
        reach = int(budget(token) // EDIT)
        near = []
        if budget(token) and token.isalpha():  # numbers and codes are not spelling
            near = alternatives(token, vocabulary(len(token) - reach, len(token) + reach, initials(token)))
        if not near:
            return None
        groups.append((near, False))
        changed = True
    return groups if changed else None


# --- the word list (catalog.SearchWord, kept by the indexing services): the same on every database --


def known(token: str, prefix: bool) -> bool:
    """Whether an indexed word is `token` (or, for the last word typed, starts with it)."""
    from ocop.catalog.models import SearchWord

    words = SearchWord.objects.filter(word__startswith=token) if prefix else SearchWord.objects.filter(word=token)
    return words.exists()


def vocabulary(shortest: int, longest: int, initials: list[str]) -> list[str]:
    """The indexed words of these lengths starting with one of these letters (a primary-key range each)."""
    from django.db.models.functions import Length

    from ocop.catalog.models import SearchWord

    found: list[str] = []
    for letter in initials:
        found += (
            SearchWord.objects.filter(word__gte=letter, word__lt=chr(ord(letter) + 1))
            .annotate(length=Length("word"))
            .filter(length__range=(shortest, longest))
            .values_list("word", flat=True)
        )
    return found
