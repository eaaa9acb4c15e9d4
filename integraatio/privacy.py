"""Nobody exposed: identifying columns dropped at load, respondent ids pseudonymised.

:func:`identifying_columns` finds the columns that identify a person (e-mail, name, IP
address, phone, postal address, location, contact token, a copy of the respondent id,
free text) by their name and by their content, so that the reader drops them before
anything else sees them. :func:`pseudonymise` replaces respondent ids by a keyed
HMAC-SHA256 pseudonym, or by sequential ids when no key is given; a plain hash is never
used, because survey ids are few and guessable, so anyone could hash every candidate.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .codebook import Codebook
from .exceptions import CodebookError, PrivacyError, UsageError
from .identifiers import emails, identity_codes, phones, sanitise
from .limits import compile_pattern
from .messages import said
from .options import PSEUDONYM_ENV

__all__ = ["MIN_KEY_BITS", "PSEUDONYM_ENV", "check_key", "identifying_columns", "key_bits", "privacy_settings", "pseudonymise"]

#: The least a pseudonym key must carry by :func:`key_bits`' estimate: a weaker key could
#: be found by trying keys (words, names, years) against ids an attacker knows.
MIN_KEY_BITS = 128
PSEUDONYM_LENGTH = 16  # hex digits of the HMAC kept: 64 bits, no collision in practice (checked)

# Words in a column name that mark it as identifying (Finnish, Swedish and English, and the
# column names of LimeSurvey, Qualtrics, SurveyMonkey and the Webropol API).
_NAME_WORDS = {
    "e-mail address": {"email", "mail", "sähköposti", "sposti", "posti", "epost", "mejl"},
    "name": {"name", "names", "nimi", "etunimi", "sukunimi", "firstname", "lastname", "fullname", "surname",
             "namn", "förnamn", "efternamn"},
    "IP address": {"ip", "ipaddr", "ipaddress"},
    "phone number": {"phone", "telephone", "mobile", "gsm", "puhelin", "puhelinnumero", "matkapuhelin", "telefon"},
    "postal address": {"address", "osoite", "katuosoite", "lähiosoite", "postiosoite", "adress", "postinumero"},
    "location": {"latitude", "longitude", "location", "sijainti", "gps"},
    "contact token": {"token", "recipient", "externalreference", "externaldatareference"},
    "personal identity code": {"henkilötunnus", "hetu", "henkilotunnus", "personbeteckning", "personnummer",
                               "socialsecurity", "ssn", "nationalid"},
    "date of birth": {"syntymäaika", "syntymäpäivä", "syntymapaiva", "födelsedatum", "födelsedag", "birthdate",
                      "birthday", "dob", "dateofbirth"},
    "contact person": {"yhteyshenkilö", "yhteyshenkilo", "kontaktperson", "contactperson", "nimesi", "yournames"},
    "free text": {"text", "comment", "comments", "kommentti", "kommentit", "feedback", "palaute", "vapaa",
                  "avoin", "freetext"},
}  # fmt: skip
_IP = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]*::[0-9A-Fa-f:]*|(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}")
#: A filled cell with this many words is a sentence someone wrote: free text.
SENTENCE_WORDS = 4


def _words(name: str) -> list[str]:
    """A column name as lower-case words: ``"RecipientEmail"`` -> ``["recipient", "email"]``."""
    words, word = [], ""
    for i, ch in enumerate(name):
        if not ch.isalpha():
            words.append(word)
            word = ""
            continue
        after_lower = word[-1:].islower()
        starts_word = word[-1:].isupper() and name[i + 1 : i + 2].islower()  # "IPAddress": IP | Address
        if ch.isupper() and (after_lower or starts_word):
            words.append(word)
            word = ""
        word += ch
    words.append(word)
    return [w.casefold() for w in words if w]


def _by_name(name: str) -> str | None:
    words = _words(name)
    candidates = set(words) | {"".join(words)}
    return next((kind for kind, marks in _NAME_WORDS.items() if candidates & marks), None)


def _by_content(texts: np.ndarray, codes: np.ndarray, ids: np.ndarray | None) -> str | None:
    """Why the cells (``texts[codes]``, stripped, ``""`` empty) identify a person, or None."""
    # Only texts some cell holds: a categorical column also lists unused values (a grid's heading).
    held = np.zeros(len(texts), dtype=bool)
    held[codes] = True
    filled = held & (texts != "")
    for kind, found in (("e-mail address", emails), ("personal identity code", identity_codes),
                        ("phone number", phones)):
        if any(found(t) for t in texts[filled]):
            return kind
    if any(_IP.fullmatch(t) for t in texts[filled]):
        return "IP address"
    cells = texts[codes]
    nonempty = cells != ""
    if ids is not None and nonempty.any() and (cells[nonempty] == ids[nonempty]).mean() >= 0.5:
        return "copy of the respondent id"
    # Free text: a sentence, or mostly different answers written in words.
    words = np.array([len(t.split()) for t in texts], dtype=int)
    if (words[filled] >= SENTENCE_WORDS).any():
        return "free text"
    distinct = int(filled.sum())
    if distinct >= 3 and distinct >= 0.5 * nonempty.sum() and (words[filled] > 1).mean() >= 0.5:
        return "free text"
    return None


def identifying_columns(
    frame: pd.DataFrame,
    /,
    *,
    respondent_ids: pd.Series | None = None,
    identifying: Sequence[str] = (),
    keep: Sequence[str] = (),
) -> dict[str, str]:
    """The columns that identify a person, each with the reason.

    Parameters
    ----------
    frame : pandas.DataFrame
        The columns to check (text cells; the caller leaves out the columns it needs, such
        as the background and item columns).
    respondent_ids : pandas.Series, optional
        The raw respondent id of each row, to find copies of it.
    identifying : sequence of str
        More regular expressions; a column whose name matches one (searched, ignoring case)
        is identifying.
    keep : sequence of str
        Column names never reported (the user vouches for them).

    Returns
    -------
    dict
        Column name -> reason (``"e-mail address"``, ``"name"``, ``"IP address"``,
        ``"phone number"``, ``"postal address"``, ``"location"``, ``"contact token"``,
        ``"copy of the respondent id"``, ``"free text"`` or ``"listed in the codebook's
        [privacy] identifying"``), in column order.

    Notes
    -----
    By name: a word of the column name (split at non-letters and at case changes) is one
    of the marks above, in Finnish, Swedish or English. By content: a cell holds an e-mail
    address, a phone number (``+`` or ``0`` and at least 9 digits) or a Finnish personal
    identity code with a valid check character anywhere in its text, or is an IP address;
    half the filled cells equal the row's respondent id; or the column is free text: a
    cell of :data:`SENTENCE_WORDS` or more words, or at least 3 different filled values,
    as many as half the filled cells, at least half of them of more than one word. Every
    check is linear in the length of a cell. Pass one row per respondent (a long layout
    repeats a respondent's comment on each of their rows).

    Examples
    --------
    >>> frame = pd.DataFrame({"Sähköposti": ["a@b.fi", ""], "team": ["x", "y"], "Note": ["ok", "x@y.org"]})
    >>> identifying_columns(frame)
    {'Sähköposti': 'e-mail address', 'Note': 'e-mail address'}
    """
    from .survey.cells import coded_values

    listed = [compile_pattern("(?i)" + p, where="[privacy] identifying") for p in identifying]
    ids = None
    if respondent_ids is not None:
        codes, uniques = coded_values(respondent_ids)
        ids = uniques[codes]
    found = {}
    for name in frame.columns:
        if name in keep:
            continue
        if any(p.search(str(name)) for p in listed):
            found[name] = "listed in the codebook's [privacy] identifying"
            continue
        codes, texts = coded_values(frame[name])
        reason = _by_name(str(name)) or _by_content(texts, codes, ids)
        if reason:
            found[name] = reason
    return found


def check_published_columns(data: pd.DataFrame, columns: Sequence[str], /, *, codebook: Codebook, why: str) -> None:
    """Refuse to publish survey columns that identify a person (grouping columns, kept columns).

    Parameters
    ----------
    data : pandas.DataFrame
        The survey's long table (:attr:`integraatio.survey.Survey.data`).
    columns : sequence of str
        The columns an option would carry into outputs; those not in ``data`` are left to
        the option's own check.
    codebook : Codebook
        Its ``[privacy]`` table.
    why : str
        The option, for the message (``"--compare-by"``).

    Returns
    -------
    None

    Raises
    ------
    PrivacyError
        A column is identifying by :func:`identifying_columns` (one row per respondent).
    """
    present = [c for c in columns if c in data.columns]
    if not present:
        return
    identifying, keep = privacy_settings(codebook)
    first = ~data["respondent_id"].duplicated().to_numpy()
    frame = data.loc[first, present].astype(str).replace({"nan": "", "<NA>": ""}).reset_index(drop=True)
    found = identifying_columns(frame, identifying=identifying, keep=keep)
    if found:
        listed = ", ".join(f"{sanitise(n)!r} ({reason})" for n, reason in found.items())
        raise PrivacyError(
            said("privacy.column", why=why, listed=listed)
        )


def privacy_settings(codebook: Codebook) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The codebook's ``[privacy]`` table: ``identifying`` patterns and ``keep`` columns.

    Parameters
    ----------
    codebook : Codebook

    Returns
    -------
    identifying, keep : tuple of str

    Raises
    ------
    CodebookError
        A key is unknown, or not a list of text, or a pattern is not a regular expression.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> privacy_settings(load_codebook())
    ((), ())
    """
    table: Mapping = codebook.privacy or {}
    where = f"Codebook {codebook.path}: [privacy]"
    unknown = sorted(set(table) - {"identifying", "keep"})
    if unknown:
        raise CodebookError(f"{where} has unknown keys {unknown}; the keys are identifying and keep.")
    out = []
    for key in ("identifying", "keep"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CodebookError(f"{where} `{key}` must be a list of column names; got {value!r}.")
        out.append(tuple(value))
    for pattern in out[0]:
        compile_pattern(pattern, where=f"{where} `identifying`")
    return out[0], out[1]


def key_bits(key: str, /) -> float:
    """An upper estimate of a key's entropy in bits: its length times the Shannon entropy
    of its own characters, :math:`-n \\sum_c p_c \\log_2 p_c`.

    It cannot see that a key is made of words, so :func:`check_key` adds two structural
    checks; it undercounts short random keys (32 random hex digits, 128 bits, score about
    110), so keys of 256 bits are the ones to make.

    Examples
    --------
    >>> round(key_bits("abab"), 1), round(key_bits("kuntaliitto2020!"))
    (4.0, 53)
    """
    n = len(key)
    return -n * sum(c / n * math.log2(c / n) for c in Counter(key).values()) if n else 0.0


def check_key(key: str | bytes, /) -> bytes:
    """The key as bytes, or a :class:`~integraatio.exceptions.UsageError` saying why it is
    too weak and how to make a good one.

    The rule: :func:`key_bits` at least :data:`MIN_KEY_BITS`, no part of six or more
    characters repeated, and at most half of it in runs of neighbouring characters
    (``aaaa``, ``abcd``, ``1234``). Keys from ``integraatio key`` (256 random bits, 43
    characters) pass; one in 10,000 random 64-digit hex keys repeats six digits and is
    refused, with the advice to make another.

    Examples
    --------
    >>> len(check_key("J3mHw9rTq0vX7LkP2sYb8NcZ4dFgA6uEiO1tRyWxKqB"))
    43
    """
    text = key.decode("utf-8", errors="replace") if isinstance(key, bytes) else key
    seen, repeated = set(), False
    for i in range(len(text) - 5):
        repeated |= text[i:i + 6] in seen
        seen.add(text[i:i + 6])
    steps = sum(abs(ord(b) - ord(a)) <= 1 for a, b in zip(text, text[1:]))
    why = [said("privacy.key_bits", bits=f"{key_bits(text):.0f}", least=MIN_KEY_BITS)] if key_bits(text) < MIN_KEY_BITS else []
    why += [said("privacy.key_repeats")] if repeated else []
    why += [said("privacy.key_runs")] if steps * 2 > len(text) else []
    if why:
        raise UsageError(
            said("privacy.weak_key", why="; ".join(why), env=PSEUDONYM_ENV)
        )
    return key.encode("utf-8") if isinstance(key, str) else bytes(key)


def pseudonymise(ids: pd.Series, /, *, key: str | bytes | None = None) -> pd.Series:
    """Replace respondent ids by pseudonyms.

    Parameters
    ----------
    ids : pandas.Series
        Respondent ids (text); an empty or missing id stays missing.
    key : str or bytes, optional
        Secret key of at least 16 bytes. With a key, the same id always gets the same
        pseudonym (so runs on the same data, or on more waves of it, can be linked by whoever
        holds the key); without one, ids are numbered in order of first appearance.

    Returns
    -------
    pandas.Series
        The pseudonyms, text, same index.

    Raises
    ------
    UsageError
        The key is too weak (:func:`check_key`).

    Notes
    -----
    With a key :math:`k`, the pseudonym of id :math:`x` is the first 16 hex digits of
    :math:`\\mathrm{HMAC\\text{-}SHA256}(k, \\mathrm{utf8}(x))`. Without the key it cannot be
    inverted or recomputed, unlike a plain hash of a guessable id. Without a key:
    ``R0001``, ``R0002``, ... (more digits when there are more than 9,999 ids).

    Examples
    --------
    >>> ids = pd.Series(["anna@kunta.fi", "b7", "anna@kunta.fi"])
    >>> pseudonymise(ids).tolist()
    ['R0001', 'R0002', 'R0001']
    >>> pseudonymise(ids, key="J3mHw9rTq0vX7LkP2sYb8NcZ4dFgA6uEiO1tRyWxKqB").tolist()[0]  # from `integraatio key`
    '130b9813d7a4c93b'
    """
    codes, uniques = pd.factorize(ids.where(ids.astype("str").str.strip() != ""))
    if key is None:
        width = max(4, len(str(len(uniques))))
        names = [f"R{i:0{width}d}" for i in range(1, len(uniques) + 1)]
    else:
        secret = check_key(key)
        names = [
            hmac.new(secret, str(u).encode("utf-8"), hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH] for u in uniques
        ]
        if len(set(names)) < len(names):  # 64 bits: about 1 in 10^8 for a million ids
            raise ValueError("Two respondent ids got the same pseudonym; use another `pseudonym_key`.")
    return pd.Series(np.array(names + [None], dtype=object)[codes], index=ids.index, dtype="str")
