"""What in a text identifies a person: e-mail addresses, phone numbers and Finnish identity
codes, and the text without them.

Plain text functions with no dependency inside the package, so that every place a text
leaves the program (the problem reports of :class:`~integraatio.exceptions.DataValidationError`,
notes, headers) can use them.
"""

from __future__ import annotations

import re

__all__ = ["emails", "identity_codes", "phones", "sanitise"]

# Runs that could be phone numbers, and Finnish identity codes (ddmmyy, century sign, nnn,
# check character): each character is looked at a bounded number of times, so the search is
# linear in the text's length, as is the e-mail check (no backtracking regular expression).
_DIGIT_RUN = re.compile(r"[+0-9][0-9 \-]*")
_HETU = re.compile(r"(?<![0-9A-Za-z])(\d{6})([-+ABCDEFYXWVU])(\d{3})([0-9A-Y])(?![0-9A-Za-z])")
_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
#: What a text puts around an address: quotes, brackets, punctuation.
_AROUND = "\"'`()<>[]{},;:!?."


def emails(text: str) -> list[str]:
    """The e-mail addresses in a text: words with one @, a name before it and a dotted domain,
    without the quotes, brackets or punctuation around them.

    Examples
    --------
    >>> emails("named 'anna@kunta.fi', or <x.y@b.fi>.")
    ['anna@kunta.fi', 'x.y@b.fi']
    """
    found = []
    for word in text.split():
        word = word.strip(_AROUND)
        if word.count("@") == 1:
            name, domain = word.split("@")
            if name and "." in domain.strip("."):
                found.append(word)
    return found


def phones(text: str) -> list[str]:
    """Phone numbers in a text: ``+`` or ``0``, then at least 9 digits with spaces or dashes."""
    runs = (m.group().strip(" -") for m in _DIGIT_RUN.finditer(text))
    return [r for r in runs if r[:1] in "+0" and sum(ch.isdigit() for ch in r) >= 9]


def identity_codes(text: str) -> list[str]:
    """Finnish personal identity codes (henkilötunnus) with a valid check character in a text.

    Every century sign counts: ``+`` (1800s), ``-`` and, since 2023, ``Y X W V U`` (1900s),
    ``A`` and, since 2023, ``B C D E F`` (2000s).

    Returns
    -------
    list of str

    Examples
    --------
    >>> identity_codes("hetu 131052-308T, ei 131052-308U")
    ['131052-308T']
    >>> identity_codes("010594Y9032, 010594A9032, 010594B903W")  # 10594903 = 31 * 341771 + 2: check "2"
    ['010594Y9032', '010594A9032']
    """
    found = []
    for m in _HETU.finditer(text):
        date, _, number, check = m.groups()
        if _HETU_CHECK[int(date + number) % 31] == check and 1 <= int(date[:2]) <= 31 and 1 <= int(date[2:4]) <= 12:
            found.append(m.group())
    return found


def sanitise(text: str) -> str:
    """A text with its e-mail addresses, phone numbers and identity codes replaced by ``[removed]``.

    For column headers and notes that outputs repeat (a survey tool writes the question
    text, sometimes with a contact address, as the header).

    Returns
    -------
    str

    Examples
    --------
    >>> sanitise("Q7. Kysy lisää: anna.k@kunta.fi tai 040 123 4567")
    'Q7. Kysy lisää: [removed] tai [removed]'
    """
    for found in (emails, phones, identity_codes):
        for hit in sorted(set(found(text)), key=len, reverse=True):
            text = text.replace(hit, "[removed]")
    return text
