"""The codebook: everything study-specific, read from TOML.

Nothing about the task groups, the organisations or the cluster names lives in Python:
it all comes from the codebook, so the toolkit runs on any survey of this shape.
See ``survey_data/codebook.toml`` for the shipped survey's codebook and docs/contract.md
for the contract.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .exceptions import CodebookError, InputFileError
from .limits import check_strings
from .messages import said
from .options import ITEMS, RESUBMISSIONS

__all__ = [
    "ITEMS",
    "ORGANISERS",
    "Codebook",
    "Group",
    "Level",
    "RESUBMISSIONS",
    "ReferenceCluster",
    "Scale",
    "code_key",
    "load_codebook",
    "name_key",
]

#: The three questionnaire items in questionnaire order (wide columns ``<code>.1`` to ``.3``).
#: Who organises a task after the reform (the codebook's ``organiser`` values).
ORGANISERS = ("wellbeing_area", "municipality", "external")


# Characters that do not show: zero-width space, non-joiner and joiner, word joiner, the
# zero-width no-break space (BOM) and the soft hyphen (a hyphenation hint).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def name_key(text: object) -> str:
    """A name or answer text as texts are matched: what a reader sees, not its bytes.

    Unicode NFKC (a ligature or full-width letter is its plain letter, a no-break space a
    space), characters that do not show removed (zero-width spaces and joiners, the soft
    hyphen), runs of whitespace as one space, case folded.

    Examples
    --------
    >>> name_key("  TAMPERE\u200b "), name_key("Kunta\u00a0A"), name_key("Vanhus\u00adpalvelut")
    ('tampere', 'kunta a', 'vanhuspalvelut')
    """
    return " ".join(_INVISIBLE.sub("", unicodedata.normalize("NFKC", str(text))).split()).casefold()


def code_key(code: str) -> tuple:
    """Sort key that orders group codes naturally: ``2.2 < 2.10 < 2.21``.

    Examples
    --------
    >>> sorted(["1.10", "1.2", "1.1"], key=code_key)
    ['1.1', '1.2', '1.10']
    """
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.split("."))


@dataclass(frozen=True)
class Scale:
    """Answer scale: integers ``min..max``; ``missing`` codes mean "can't say".

    ``labels`` gives, for an item, the answer text of each code from ``min`` to ``max``
    (``[scale] labels``), by language (``fi``, ``en``; ``""`` for texts in no stated
    language): how the direction of a file's codes is checked and its answer texts read,
    and how the questionnaire names each item's answers. ``reversed`` names the items
    whose numbers a file writes the other way round (1 = the most): a number ``x`` of
    theirs is read as ``min + max - x``.
    """

    min: int
    max: int
    missing: tuple[int, ...] = ()
    labels: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    reversed: tuple[str, ...] = ()

    def meaning(self, item: str) -> dict[str, int]:
        """The item's answer texts in every language (:func:`name_key`) -> their codes; empty
        without ``labels``.

        Examples
        --------
        >>> Scale(1, 3, labels={"need": {"fi": ("Ei", "Jonkin verran", "Suuri")}}).meaning("need")
        {'ei': 1, 'jonkin verran': 2, 'suuri': 3}
        """
        return {name_key(t): self.min + k for texts in self.labels.get(item, {}).values() for k, t in enumerate(texts)}

    def answer_labels(self, item: str, lang: str) -> tuple[str, ...] | None:
        """The texts of ``item``'s answers ``min..max`` in ``lang`` (or in no stated language),
        or None when the codebook gives none."""
        texts = self.labels.get(item, {})
        return texts.get(lang, texts.get(""))


@dataclass(frozen=True)
class Group:
    """A task group (or an outside actor that was only rated)."""

    code: str
    fi: str
    en: str
    organiser: str
    responds: bool = True
    #: Other names of the group in survey files (matched as :func:`name_key` matches).
    aliases: tuple[str, ...] = ()

    def label(self, lang: str = "fi") -> str:
        """The group's name in ``lang`` (``"fi"`` or ``"en"``)."""
        return self.fi if lang == "fi" else self.en


@dataclass(frozen=True)
class ReferenceCluster:
    """A named cluster from earlier work; found clusters are named by best overlap."""

    fi: str
    en: str
    members: frozenset[str]

    def name(self, lang: str = "fi") -> str:
        """The cluster's name in ``lang``."""
        return self.fi if lang == "fi" else self.en


@dataclass(frozen=True)
class Level:
    """Display labels of one level of a grouping (e.g. size class ``large``: "Suuret")."""

    name: str
    fi: str
    en: str

    def label(self, lang: str = "fi") -> str:
        """The level's label in ``lang``."""
        return self.fi if lang == "fi" else self.en


@dataclass(frozen=True)
class Codebook:
    """A parsed codebook. Build it with :func:`load_codebook`."""

    scale: Scale
    groups: tuple[Group, ...]
    municipalities: Mapping[str, str] = field(default_factory=dict)
    reference_clusters: tuple[ReferenceCluster, ...] = ()
    wide: Mapping[str, Any] | None = None
    #: ``[privacy]``: more ``identifying`` column patterns, columns to ``keep`` (integraatio.privacy).
    privacy: Mapping[str, Any] | None = None
    #: Every key of each ``[[municipalities]]`` entry but ``name`` (size_class and any
    #: extra attribute), usable as a grouping variable in comparisons.
    municipality_attributes: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: ``[[size_classes]]`` labels in display order, and the ``[pooled]`` level's label.
    size_classes: tuple[Level, ...] = ()
    pooled: Level | None = None
    path: Path | None = None
    sha256: str | None = None
    #: Each ``[[municipalities]]`` name and alias (``aliases = [...]``), as :func:`name_key`
    #: gives it, -> the name.
    municipality_names: Mapping[str, str] = field(default_factory=dict)
    #: ``[responses] resubmissions``: what reading does with a response that repeats an
    #: earlier one's answers under another id (``keep``, ``drop``, ``stop``; None: the default).
    resubmissions: str | None = None

    def municipality(self, text: str) -> str | None:
        """The codebook's name of a municipality written ``text``, or None when none matches.

        A name matches when it, or one of its ``aliases``, reads the same (:func:`name_key`:
        case, spacing, Unicode form and characters that do not show do not matter).

        Examples
        --------
        >>> cb = load_codebook()
        >>> name = next(iter(cb.municipalities))
        >>> cb.municipality(name.upper() + "\u200b") == name, cb.municipality(name + "n kaupunki")
        (True, None)
        """
        return self.municipality_names.get(name_key(text))

    @property
    def codes(self) -> list[str]:
        """All group codes in natural sort order (the order of every matrix and graph)."""
        return sorted((g.code for g in self.groups), key=code_key)

    @property
    def responding_codes(self) -> list[str]:
        """Codes of the groups whose task holders answered (``responds = true``)."""
        return [c for c in self.codes if self.group(c).responds]

    def group(self, code: str) -> Group:
        """The :class:`Group` with this code."""
        return self._by_code[code]

    def label(self, code: str, lang: str = "fi") -> str:
        """A group's label in ``lang``."""
        return self._by_code[code].label(lang)

    def level_label(self, by: str, level: str, lang: str = "fi") -> str:
        """Display label of a comparison level: ``[[size_classes]]`` for ``by ==
        "size_class"``, ``[pooled]`` for the level ``"all"``, else the level itself."""
        if level == "all" and self.pooled is not None:
            return self.pooled.label(lang)
        known = {s.name: s for s in self.size_classes} if by == "size_class" else {}
        return known[level].label(lang) if level in known else str(level)

    @property
    def _by_code(self) -> dict[str, Group]:
        return {g.code: g for g in self.groups}


def _require(table: Mapping, key: str, kind: type | tuple, where: str, path: Path) -> Any:
    if key not in table:
        raise CodebookError(
            said("codebook.no_key", path=path, where=where, key=key)
        )
    value = table[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else f" {said('or')} ".join(k.__name__ for k in kind)
        raise CodebookError(said("codebook.wrong_type", path=path, key=key, where=where, kind=names, value=value))
    return value


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and check a codebook TOML file.

    Parameters
    ----------
    path : str or Path, optional
        The codebook. Default: the shipped survey's ``survey_data/codebook.toml``.

    Returns
    -------
    Codebook

    Raises
    ------
    InputFileError
        The file does not exist or is not valid TOML.
    CodebookError
        A key is missing or has the wrong type, a group code is repeated, an ``organiser``
        is unknown, or a reference cluster names a code that is not a group.

    Examples
    --------
    >>> cb = load_codebook()
    >>> cb.scale.min, cb.scale.max
    (1, 5)
    """
    if path is None:
        from .paths import codebook_path

        path = codebook_path()
    path = Path(path)
    raw, doc = _read_toml(path)
    scale = _scale(doc, path)
    groups = _groups(doc, path)
    municipalities, attributes, spelled = {}, {}, {}
    for i, m in enumerate(doc.get("municipalities", []), start=1):
        where = said("codebook.entry", table="[[municipalities]]", i=i)
        name = _require(m, "name", str, where, path)
        municipalities[name] = _require(m, "size_class", str, where, path)
        attributes[name] = MappingProxyType({k: v for k, v in m.items() if k not in ("name", "aliases")})
        _add_names(spelled, name, [name, *_aliases(m, where, path)], "[[municipalities]]", path)
    size_classes = _levels(doc.get("size_classes", []), "[[size_classes]]", path)
    names = [s.name for s in size_classes]
    if len(set(names)) < len(names):
        raise CodebookError(f"Codebook {path}: [[size_classes]] names {names} repeat; give each size class one entry.")
    pooled = doc.get("pooled")
    if pooled is not None:
        pooled = Level("all", *(_require(pooled, k, str, "[pooled]", path) for k in ("fi", "en")))
    return Codebook(
        scale=scale,
        groups=groups,
        municipalities=MappingProxyType(municipalities),
        reference_clusters=_reference_clusters(doc, [g.code for g in groups], path),
        wide=MappingProxyType(doc["wide"]) if "wide" in doc else None,
        privacy=MappingProxyType(doc["privacy"]) if "privacy" in doc else None,
        municipality_attributes=MappingProxyType(attributes),
        size_classes=size_classes,
        pooled=pooled,
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        municipality_names=MappingProxyType(spelled),
        resubmissions=_resubmissions(doc, path),
    )


def _resubmissions(doc: Mapping, path: Path) -> str | None:
    """``[responses] resubmissions``: one of :data:`RESUBMISSIONS`, or None when not set."""
    table = doc.get("responses", {})
    value = table.get("resubmissions") if isinstance(table, Mapping) else table
    if value is not None and value not in RESUBMISSIONS:
        raise CodebookError(f"Codebook {path}: [responses] resubmissions must be one of {', '.join(RESUBMISSIONS)}; "
                            f"got {value!r}.")
    return value


def _aliases(entry: Mapping, where: str, path: Path) -> tuple[str, ...]:
    """An entry's ``aliases``: a list of texts (none when absent)."""
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and name_key(a) for a in aliases):
        raise CodebookError(f"Codebook {path}: `aliases` in {where} must be a list of names; got {aliases!r}.")
    return tuple(aliases)


def _add_names(names: dict[str, str], name: str, texts: list[str], where: str, path: Path) -> None:
    """``texts`` as other ways of writing ``name``; two entries that read the same are an error."""
    for text in texts:
        other = names.setdefault(name_key(text), name)
        if other != name:
            raise CodebookError(
                f"Codebook {path}: {where} {text!r} of {name!r} reads the same as {other!r} (case, spacing and "
                "invisible characters aside), so a survey's value could not be told apart; rename or remove one."
            )


def _read_toml(path: Path) -> tuple[bytes, dict]:
    """The codebook file's bytes and its parsed TOML, its strings within the limits."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputFileError(
            said("codebook.unreadable", path=path, error=err.strerror)
        ) from err
    try:
        doc = tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputFileError(said("codebook.not_toml", path=path, error=err)) from err
    check_strings(doc, where=f"Codebook {path}")
    return raw, doc


def _scale(doc: Mapping, path: Path) -> Scale:
    """The ``[scale]`` table, its missing codes outside the valid answers."""
    sc = _require(doc, "scale", dict, said("codebook.the_file"), path)
    low, high = _require(sc, "min", int, "[scale]", path), _require(sc, "max", int, "[scale]", path)
    if low >= high:
        raise CodebookError(f"Codebook {path}: [scale] min ({low}) must be below max ({high}).")
    scale = Scale(min=low, max=high, missing=tuple(sc.get("missing", ())))
    inside = [m for m in scale.missing if not isinstance(m, int) or scale.min <= m <= scale.max]
    if inside:
        raise CodebookError(
            f"Codebook {path}: [scale] missing codes {inside} are not integers outside "
            f"{scale.min}..{scale.max}; a 'can't say' code must not be a valid answer."
        )
    reverse = sc.get("reversed", [])
    if not isinstance(reverse, list) or not set(reverse) <= set(ITEMS):
        raise CodebookError(f"Codebook {path}: [scale] reversed must be a list of items ({', '.join(ITEMS)}); got {reverse!r}.")
    return replace(scale, labels=_scale_labels(sc.get("labels", {}), scale, path), reversed=tuple(reverse))


def _scale_labels(labels: object, scale: Scale, path: Path) -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    """``[scale] labels``: the answer texts of each code from ``min`` to ``max``: one list
    for every item, a list per item (``[scale.labels] need = [...]``), or a table per item
    of a list per language (``[scale.labels.need]`` ``fi = [...]``, ``en = [...]``)."""
    table = dict.fromkeys(ITEMS, labels) if isinstance(labels, list) else labels
    if not isinstance(table, Mapping) or not set(table) <= set(ITEMS):
        raise CodebookError(f"Codebook {path}: [scale] labels must be a list of answer texts, or a table of one list "
                            f"(or one list per language, fi and en) per item ({', '.join(ITEMS)}).")
    size, out = scale.max - scale.min + 1, {}
    for item, texts in table.items():
        by_lang = {"": texts} if isinstance(texts, list) else texts
        if not isinstance(by_lang, Mapping) or not set(by_lang) <= {"", "fi", "en"}:
            raise CodebookError(f"Codebook {path}: [scale.labels.{item}] must be a list of answer texts or a table of "
                                f"lists fi and en; got {texts!r}.")
        for lang, listed in by_lang.items():
            if (not isinstance(listed, list) or len(listed) != size or not all(isinstance(t, str) and t for t in listed)
                    or len({name_key(t) for t in listed}) != size):
                raise CodebookError(
                    f"Codebook {path}: [scale.labels.{item}]{' ' + lang if lang else ''} must list {size} different "
                    f"answer texts, one per answer {scale.min}..{scale.max} in order (e.g. \"Ei lainkaan\" first, "
                    f"\"Päivittäin\" last); got {listed!r}."
                )
        out[item] = MappingProxyType({lang: tuple(v) for lang, v in by_lang.items()})
    return MappingProxyType(out)


def _groups(doc: Mapping, path: Path) -> tuple[Group, ...]:
    """The ``[[groups]]`` entries, each with a known organiser and a code of its own."""
    groups = []
    for i, g in enumerate(_require(doc, "groups", list, said("codebook.the_file"), path), start=1):
        where = said("codebook.entry", table="[[groups]]", i=i)
        code = _require(g, "code", str, where, path)
        where = said("codebook.entry_code", table="[[groups]]", i=i, code=code)
        organiser = _require(g, "organiser", str, where, path)
        if organiser not in ORGANISERS:
            raise CodebookError(
                f"Codebook {path}: {where} has organiser {organiser!r}; expected one of {', '.join(ORGANISERS)}."
            )
        groups.append(
            Group(
                code=code,
                fi=_require(g, "fi", str, where, path),
                en=_require(g, "en", str, where, path),
                organiser=organiser,
                responds=g.get("responds", True),
                aliases=_aliases(g, where, path),
            )
        )
    repeated = sorted((c for c, k in Counter(g.code for g in groups).items() if k > 1), key=code_key)  # linear: 10,000 groups
    if repeated:
        raise CodebookError(f"Codebook {path}: group codes {repeated} appear more than once; codes must be unique.")
    names: dict[str, str] = {}
    for g in groups:
        for text in (g.code, g.fi, g.en):
            names.setdefault(name_key(text), g.code)
    for g in groups:
        _add_names(names, g.code, list(g.aliases), "[[groups]] alias", path)
    return tuple(groups)


def _levels(entries: list, where: str, path: Path) -> tuple[Level, ...]:
    """Entries with a ``name``, ``fi`` and ``en`` (``[[size_classes]]``)."""
    return tuple(
        Level(*(_require(e, k, str, f"{where} entry {i}", path) for k in ("name", "fi", "en")))
        for i, e in enumerate(entries, start=1)
    )


def _reference_clusters(doc: Mapping, codes: list[str], path: Path) -> tuple[ReferenceCluster, ...]:
    """The ``[[reference_clusters]]`` entries, whose members must be group codes."""
    refs = []
    for i, r in enumerate(doc.get("reference_clusters", []), start=1):
        where = f"[[reference_clusters]] entry {i}"
        members = _require(r, "members", list, where, path)
        unknown = [c for c in members if c not in codes]
        if unknown:
            raise CodebookError(
                f"Codebook {path}: {where} lists members {unknown} that are not group codes."
            )
        refs.append(
            ReferenceCluster(
                fi=_require(r, "fi", str, where, path),
                en=_require(r, "en", str, where, path),
                members=frozenset(members),
            )
        )
    return tuple(refs)
