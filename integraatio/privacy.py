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
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .codebook import Codebook
from .exceptions import CodebookError, UsageError

__all__ = ["PSEUDONYM_ENV", "identifying_columns", "privacy_settings", "pseudonymise"]

#: Environment variable that holds the pseudonym key for the command line.
PSEUDONYM_ENV = "INTEGRAATIO_PSEUDONYM_KEY"
#: Shortest key accepted: a short key could be found by trying keys against known ids.
MIN_KEY_LENGTH = 16
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
    "free text": {"text", "comment", "comments", "kommentti", "kommentit", "feedback", "palaute", "vapaa",
                  "avoin", "freetext"},
}  # fmt: skip
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_IP = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]*::[0-9A-Fa-f:]*|(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}")
_PHONE = re.compile(r"(?:\+|0)\d[\d \-]{7,}\d")


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
    filled = texts != ""
    for kind, found in (("e-mail address", _EMAIL.search), ("IP address", _IP.fullmatch), ("phone number", _PHONE.fullmatch)):
        if any(found(t) for t in texts[filled]):
            return kind
    cells = texts[codes]
    nonempty = cells != ""
    if ids is not None and nonempty.any() and (cells[nonempty] == ids[nonempty]).mean() >= 0.5:
        return "copy of the respondent id"
    # Free text: mostly different answers, written in words.
    worded = np.array([" " in t for t in texts], dtype=bool)
    distinct = int(filled.sum())
    if distinct >= 3 and distinct >= 0.5 * nonempty.sum() and worded[filled].mean() >= 0.5:
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
    address, or is an IP address or a phone number (``+`` or ``0`` and at least 9 digits);
    half the filled cells equal the row's respondent id; or the column is free text: at
    least 3 different filled values, as many as half the filled cells, and at least half
    of the different values hold a space.

    Examples
    --------
    >>> frame = pd.DataFrame({"Sähköposti": ["a@b.fi", ""], "team": ["x", "y"], "Note": ["ok", "x@y.org"]})
    >>> identifying_columns(frame)
    {'Sähköposti': 'e-mail address', 'Note': 'e-mail address'}
    """
    from .validate import _coded

    listed = [re.compile(p, re.IGNORECASE) for p in identifying]
    ids = None
    if respondent_ids is not None:
        codes, uniques = _coded(respondent_ids)
        ids = uniques[codes]
    found = {}
    for name in frame.columns:
        if name in keep:
            continue
        if any(p.search(str(name)) for p in listed):
            found[name] = "listed in the codebook's [privacy] identifying"
            continue
        codes, texts = _coded(frame[name])
        reason = _by_name(str(name)) or _by_content(texts, codes, ids)
        if reason:
            found[name] = reason
    return found


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
        try:
            re.compile(pattern)
        except re.error as err:
            raise CodebookError(f"{where} `identifying` {pattern!r} is not a valid regular expression: {err}.") from err
    return out[0], out[1]


def _key_bytes(key: str | bytes) -> bytes:
    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if len(raw) < MIN_KEY_LENGTH:
        raise UsageError(
            f"`pseudonym_key` must be at least {MIN_KEY_LENGTH} bytes long; got {len(raw)}. A short key can be "
            "found by trying keys against known ids: use a long random one, e.g. `python -c \"import secrets; "
            "print(secrets.token_hex(32))\"`, and keep it out of the results."
        )
    return raw


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
    ValueError
        The key is shorter than 16 bytes.

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
    >>> pseudonymise(ids, key="a long secret key, kept elsewhere").tolist()[0]
    'fc10ae0505842207'
    """
    codes, uniques = pd.factorize(ids.where(ids.astype("str").str.strip() != ""))
    if key is None:
        width = max(4, len(str(len(uniques))))
        names = [f"R{i:0{width}d}" for i in range(1, len(uniques) + 1)]
    else:
        secret = _key_bytes(key)
        names = [
            hmac.new(secret, str(u).encode("utf-8"), hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH] for u in uniques
        ]
        if len(set(names)) < len(names):  # 64 bits: about 1 in 10^8 for a million ids
            raise ValueError("Two respondent ids got the same pseudonym; use another `pseudonym_key`.")
    return pd.Series(np.array(names + [None], dtype=object)[codes], index=ids.index, dtype="str")
