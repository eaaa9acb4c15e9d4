"""The codebook's ``[wide]`` table: how a survey tool's export names its columns.

A wide export has one row per respondent and one column per rated target and item. The
codebook's ``[wide]`` table says how its columns are named and what its cells hold; a
``preset`` (a shipped file in ``survey_data/presets/`` or the user's own) fills in the keys
that a survey tool always writes the same way. See README.md, "Survey-tool exports".

Texts that the codebook maps (item and target tokens, answer texts, group labels, recoded
answers) are compared with :func:`normalise`: case and runs of whitespace do not matter.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..codebook import ITEMS, Codebook, code_key, name_key
from ..exceptions import CodebookError, UsageError
from ..limits import MAX_PRESET_BYTES, check_regular_file, compile_pattern
from ..messages import said

__all__ = ["BACKGROUND_COLUMNS", "COMPLETE_RULES", "DELIMITER_NAMES", "WideSpec", "file_delimiter", "group_lookup",
           "heading_code", "is_item", "item_values", "normalise", "preset_names", "target_code", "wide_spec"]

#: Columns that describe the respondent in the wide layout (one row per respondent).
BACKGROUND_COLUMNS = ("respondent_id", "municipality", "size_class", "own_group", "subgroup")
_DEFAULT_ITEMS = {str(k): item for k, item in enumerate(ITEMS, start=1)}
_KEYS = {"preset", "pattern", "items", "targets", "values", "missing", "columns", "recode", "group_labels",
         "header_rows", "drop", "complete", "code_headings", "example", "delimiter"}  # fmt: skip
#: How a text file's delimiter may be named (``[wide] delimiter``, ``--delimiter``).
DELIMITER_NAMES = {",": ",", ";": ";", "\t": "\t", "comma": ",", "semicolon": ";", "tab": "\t"}
#: What a ``[wide] complete`` rule may say of its column's cell: filled, the file's largest number.
COMPLETE_RULES = ("filled", "max")
# A "code. text" heading (LimeSurvey's "Question code & question text"): the code has no spaces.
_CODE_HEADING = re.compile(r"^(?P<code>[^\s.][^\s]*?)\.\s+\S")


def normalise(text: object) -> str:
    """Text as the codebook's tables compare it: :func:`integraatio.codebook.name_key` (Unicode
    NFKC, invisible characters removed, runs of whitespace as one space, case folded).

    Examples
    --------
    >>> normalise("  En osaa\\n sanoa\u200b ")
    'en osaa sanoa'
    """
    return name_key(text)


@dataclass(frozen=True)
class WideSpec:
    """The codebook's ``[wide]`` table with its preset and defaults filled in.

    Tables are keyed by :func:`normalise`-d text.
    """

    pattern: re.Pattern
    items: Mapping[str, str]  # item token -> item name
    item_tokens: tuple[str, ...]  # the tokens as written, to quote in messages
    targets: Mapping[str, str] | str | None  # token -> code, "position", or None (the token is the code)
    values: Mapping[str, Mapping[str, int]]  # item name -> answer text (or number) -> code
    missing: frozenset[str]  # answer texts that mean "can't say"
    columns: Mapping[str, tuple[str, ...]]  # canonical name -> the export's names for it, first found wins
    recode: Mapping[str, Mapping[str, str]]  # canonical background column -> answer -> text
    group_labels: bool
    header_rows: int | None  # None: "auto", the header row and the rows under it that hold no answers
    drop: tuple[re.Pattern, ...]
    preset: str | None
    complete: tuple[tuple[str, object], ...] = ()  # (column, "filled" | "max" | accepted values), first found decides
    code_headings: bool = False
    example: str | None = None  # an item column name as the export writes it, for messages
    header_given: bool = False  # header_rows set by the codebook or preset: the rows are counted, not found

    def expected_items(self) -> str:
        """How item columns are named, in words with an example (never the regular expression)."""
        if self.example:
            return said("expected.example", example=self.example)
        if self.preset is None and "(?P<target>" in self.pattern.pattern and self.pattern.pattern.endswith(r"\.(?P<item>\d+)$"):
            return said("expected.numbered")
        return said("expected.pattern")

    def maps_answer(self, text: str) -> bool:
        """Whether an item answer text is in ``values`` (of any item) or ``missing``."""
        key = normalise(text)
        return key in self.missing or any(key in table for table in self.values.values())


def preset_names() -> list[str]:
    """The shipped presets (``survey_data/presets/<name>.toml``).

    Returns
    -------
    list of str

    Examples
    --------
    >>> preset_names()
    ['limesurvey', 'qualtrics', 'webropol']
    """
    from ..paths import data_dir

    return sorted(p.stem for p in (data_dir() / "presets").glob("*.toml"))


def _preset_table(name: object, codebook: Codebook) -> dict:
    """The ``[wide]`` table of a preset: a shipped name or a TOML file (relative to the codebook)."""
    from ..paths import data_dir

    where = f"Codebook {codebook.path}: [wide] `preset`"
    if not isinstance(name, str) or not name:
        raise CodebookError(f"{where} must be a preset name or a file path; got {name!r}.")
    shipped = data_dir() / "presets" / f"{name}.toml"
    if re.fullmatch(r"[\w-]+", name) and shipped.is_file():
        path = shipped
    else:
        base = codebook.path.parent if codebook.path is not None else Path.cwd()
        path = base / name
    if path.exists():
        check_regular_file(path, max_bytes=MAX_PRESET_BYTES, what=where)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise CodebookError(
            f"{where} {name!r} is neither a shipped preset ({', '.join(preset_names())}) nor a readable TOML "
            f"file ({path}: {err}). Name a shipped preset or give the path of your own preset file."
        ) from err
    table = doc.get("wide")
    if not isinstance(table, dict):
        raise CodebookError(f"Preset {path} has no [wide] table; a preset file holds one [wide] table.")
    if "preset" in table:
        raise CodebookError(f"Preset {path} names another preset; presets cannot be chained.")
    _known_keys(table, f"Preset {path}: [wide]")
    return table


def file_delimiter(codebook: Codebook, /, given: str | None = None) -> str | None:
    """The delimiter a text survey is read with: ``given`` (``--delimiter``), else the codebook's
    ``[wide] delimiter`` (or its preset's), else None (chosen from the file).

    Raises
    ------
    UsageError, CodebookError
        ``given``, or the codebook's, is not one of :data:`DELIMITER_NAMES`.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> file_delimiter(load_codebook()) is None, file_delimiter(load_codebook(), "semicolon")
    (True, ';')
    """
    where = "--delimiter"
    if given is None:
        if not codebook.wide:
            return None
        given, where = _merged(codebook)[0].get("delimiter"), f"Codebook {codebook.path}: [wide] `delimiter`"
    if given is None:
        return None
    if given not in DELIMITER_NAMES:
        error = UsageError if where == "--delimiter" else CodebookError
        raise error(f"{where} must be one of {', '.join(map(repr, DELIMITER_NAMES))}; got {given!r}.")
    return DELIMITER_NAMES[given]


def _known_keys(table: Mapping, where: str) -> None:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise CodebookError(f"{where} has unknown keys {unknown}; the keys are {', '.join(sorted(_KEYS))}.")


def _merged(codebook: Codebook) -> tuple[dict, str | None]:
    """The codebook's ``[wide]`` over its preset: tables merge key by key, other values replace."""
    table = dict(codebook.wide or {})
    _known_keys(table, f"Codebook {codebook.path}: [wide]")
    preset = table.pop("preset", None)
    if preset is None:
        return table, None
    merged = _preset_table(preset, codebook)
    for key, value in table.items():
        both = isinstance(value, Mapping) and isinstance(merged.get(key), Mapping)
        merged[key] = {**merged[key], **value} if both else value
    return merged, preset


def _keyed(value: Mapping, what: str, where: str) -> dict:
    """A table keyed by normalised text; two keys that normalise alike are an error."""
    out: dict = {}
    for key, v in value.items():
        k = normalise(key)
        if k in out:
            raise CodebookError(f"{where} `{what}` has keys that differ only in case or spacing: {key!r}.")
        out[k] = v
    return out


def wide_spec(codebook: Codebook) -> WideSpec:
    """Read the codebook's ``[wide]`` table (and its preset) into a :class:`WideSpec`.

    Parameters
    ----------
    codebook : Codebook

    Returns
    -------
    WideSpec

    Raises
    ------
    CodebookError
        A key is unknown or malformed, or the preset cannot be read.

    Notes
    -----
    Without a ``[wide]`` table the item columns are ``<target code>.<item number>``
    (the default pattern of docs/contract.md), items 1 = frequency, 2 = reciprocity, 3 = need.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> spec = wide_spec(load_codebook())
    >>> spec.pattern.search("2.7.3")["target"], spec.header_rows
    ('2.7', 1)
    """
    table, preset = _merged(codebook)
    where = f"Codebook {codebook.path}: [wide]"
    pattern = _pattern(table, codebook, where)
    items = _mapping(table, "items", str, _DEFAULT_ITEMS, where)
    unknown = sorted(set(items.values()) - set(ITEMS))
    if unknown:
        raise CodebookError(f"{where} `items` maps to {unknown}; the items are {', '.join(ITEMS)}.")
    targets = _targets(table, codebook, where)
    columns, recode = _background(table, where)
    missing = table.get("missing", [])
    if not isinstance(missing, list) or not all(isinstance(m, str | int) for m in missing):
        raise CodebookError(f"{where} `missing` must be a list of answer texts; got {missing!r}.")
    drop = table.get("drop", [])
    if not isinstance(drop, list):
        raise CodebookError(f"{where} `drop` must be a list of regular expressions; got {drop!r}.")
    header_rows, complete, flags = _rows_and_flags(table, where)
    return WideSpec(
        pattern=pattern,
        items=_keyed(items, "items", where),
        item_tokens=tuple(items),
        targets=targets,
        values=item_values(table.get("values", {}), codebook, where),
        missing=frozenset(normalise(m) for m in missing),
        columns={c: tuple([v] if isinstance(v, str) else v) for c, v in columns.items()},
        recode=recode,
        group_labels=flags["group_labels"],
        header_rows=header_rows,
        drop=tuple(compile_pattern(d, where=f"{where} `drop`") for d in drop),
        preset=preset,
        complete=tuple((str(c), v if isinstance(v, str) else tuple(normalise(x) for x in v)) for c, v in complete.items()),
        code_headings=flags["code_headings"],
        example=flags["example"],
        header_given="header_rows" in table,
    )


def item_values(values: object, codebook: Codebook, where: str) -> dict[str, dict[str, int]]:
    """Each item's answer texts (and numbers) -> codes: ``[scale] labels``, then ``[wide] values``.

    ``values`` maps an answer text to a code for every item (``"Päivittäin" = 5``), or, under
    an item's name, for that item alone (``frequency = { "1" = 5, "5" = 1 }``, which reverses
    frequency and no other item). An item of ``[scale] reversed`` reads the number ``x`` as
    ``min + max - x``. A text that two sources map to different codes is an error: one of
    them runs the wrong way.

    Examples
    --------
    >>> from integraatio.codebook import load_codebook
    >>> tables = item_values({"En osaa sanoa": 6, "frequency": {"Päivittäin": 5, "1": 5}}, load_codebook(), "[wide]")
    >>> tables["frequency"]["1"], tables["frequency"]["ei koskaan"], tables["need"]["en osaa sanoa"]  # with [scale] labels
    (5, 1, 6)
    """
    scale = codebook.scale
    if not isinstance(values, Mapping):
        raise CodebookError(f"{where} `values` must be a table of answer text = code; got {values!r}.")
    every = {k: v for k, v in values.items() if k not in ITEMS}
    per_item = {k: v for k, v in values.items() if k in ITEMS}
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in every.values()) or not all(
            isinstance(t, Mapping) and all(isinstance(v, int) and not isinstance(v, bool) for v in t.values())
            for t in per_item.values()):
        raise CodebookError(
            f"{where} `values` must map answer texts to whole numbers, for every item (\"Päivittäin\" = 5) or under an "
            f"item's name for that item alone (frequency = {{ \"1\" = 5, \"5\" = 1 }}); got {dict(values)!r}.")
    _keyed(every, "values", where)
    for item, texts in per_item.items():
        _keyed(texts, f"values.{item}", where)
    out = {}
    for item in ITEMS:
        table = dict(scale.meaning(item))
        if item in scale.reversed:
            if any(str(k).strip().isdigit() for k in per_item.get(item, {})):
                raise CodebookError(f"{where} `values.{item}` maps numbers, and [scale] reversed reverses {item}'s numbers "
                                    "too: keep one of the two.")
            table |= {str(x): scale.min + scale.max - x for x in range(scale.min, scale.max + 1)}
        for text, code in (*every.items(), *per_item.get(item, {}).items()):
            key = normalise(text)
            said = scale.meaning(item).get(key)
            if said is not None and said != code:
                raise CodebookError(
                    f"{where} `values` reads {text!r} of {item} as {code}, but the codebook's [scale] labels say {text!r} "
                    f"is {said}: one of the two runs the wrong way. Correct it (or remove the [wide] values entry).")
            table[key] = code
        out[item] = table
    return out


def _mapping(table: Mapping, key: str, kind: type, default, where: str):
    """``table[key]``: a table whose values are all of ``kind`` (or ``default``)."""
    value = table.get(key, default)
    if value is not None and (
        not isinstance(value, Mapping)
        or not all(isinstance(v, kind) and not isinstance(v, bool) for v in value.values())
    ):
        raise CodebookError(f"{where} `{key}` must be a table of {kind.__name__} values; got {value!r}.")
    return value


def _pattern(table: Mapping, codebook: Codebook, where: str) -> re.Pattern:
    """The item columns' pattern: the codebook's, else ``<code>.<item>``."""
    if "pattern" in table:
        pattern = compile_pattern(table["pattern"], where=f"{where} `pattern`")
        if not {"item", "target"} <= set(pattern.groupindex):
            raise CodebookError(
                f"{where} `pattern` {pattern.pattern!r} needs the named groups (?P<item>...) and (?P<target>...)."
            )
        return pattern
    # <code>.<item>: a codebook code, or dotted numbers that look like one (to report it).
    codes = "|".join(re.escape(c) for c in sorted(codebook.codes, key=len, reverse=True))
    return re.compile(rf"^(?P<target>{codes}|\d+(?:\.\d+)+)\.(?P<item>\d+)$")


def _targets(table: Mapping, codebook: Codebook, where: str) -> Mapping[str, str] | str | None:
    """``[wide] targets``: a table of token -> code, ``"position"``, or None."""
    targets = table.get("targets")
    if isinstance(targets, str):
        if targets != "position":
            raise CodebookError(f"{where} `targets` must be a table or \"position\"; got {targets!r}.")
    elif targets is not None:
        targets = _keyed(_mapping(table, "targets", str, None, where), "targets", where)
        unknown = sorted(set(targets.values()) - set(codebook.codes), key=code_key)
        if unknown:
            raise CodebookError(f"{where} `targets` maps to {unknown}, which are not codebook codes.")
    return targets


def _background(table: Mapping, where: str) -> tuple[Mapping, dict]:
    """``[wide] columns`` and ``[wide] recode``: how background columns are named and recoded."""
    columns = table.get("columns", {})
    if not isinstance(columns, Mapping) or not all(
        isinstance(v, str) or (isinstance(v, list) and v and all(isinstance(x, str) for x in v)) for v in columns.values()
    ):
        raise CodebookError(
            f"{where} `columns` must be a table of column names (or lists of names, the first found is read); got "
            f"{columns!r}."
        )
    unknown = sorted(set(columns) - set(BACKGROUND_COLUMNS))
    if unknown:
        raise CodebookError(f"{where} `columns` renames {unknown}; it can rename {', '.join(BACKGROUND_COLUMNS)}.")
    recode = table.get("recode", {})
    if not isinstance(recode, Mapping) or sorted(set(recode) - set(BACKGROUND_COLUMNS)):
        raise CodebookError(
            f"{where} `recode` must be a table of tables keyed by {', '.join(BACKGROUND_COLUMNS)}; got {recode!r}."
        )
    return columns, {c: _keyed(_subtable(recode, c, where), f"recode.{c}", where) for c in recode}


def _rows_and_flags(table: Mapping, where: str) -> tuple[int | None, Mapping, dict]:
    """``[wide] header_rows``, ``complete``, ``group_labels``, ``code_headings`` and ``example``."""
    header_rows = table.get("header_rows", 1)
    if header_rows == "auto":
        header_rows = None
    elif not isinstance(header_rows, int) or isinstance(header_rows, bool) or header_rows < 1:
        raise CodebookError(f"{where} `header_rows` must be a whole number of at least 1 or \"auto\"; got {header_rows!r}.")
    complete = table.get("complete", {})
    if not isinstance(complete, Mapping) or not all(
        v in COMPLETE_RULES or (isinstance(v, list) and all(isinstance(x, str | int) for x in v)) for v in complete.values()
    ):
        raise CodebookError(
            f"{where} `complete` must be a table of column = \"filled\", \"max\" or a list of the values that mean "
            f"complete (e.g. Finished = [\"1\", \"True\"]); got {complete!r}."
        )
    flags = {}
    for key in ("group_labels", "code_headings"):
        flags[key] = table.get(key, False)
        if not isinstance(flags[key], bool):
            raise CodebookError(f"{where} `{key}` must be true or false; got {flags[key]!r}.")
    example = table.get("example")
    if example is not None and not isinstance(example, str):
        raise CodebookError(f"{where} `example` must be an item column name as the export writes it; got {example!r}.")
    return header_rows, complete, {**flags, "example": example}


def heading_code(name: str, spec: WideSpec | None) -> str:
    """The name a heading is read by: its code when the export writes "code. text" headings.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from integraatio.codebook import load_codebook
    >>> spec = wide_spec(load_codebook())
    >>> heading_code("FREQ[SQ001]. Kuinka usein? [Vanhuspalvelut]", replace(spec, code_headings=True))
    'FREQ[SQ001]'
    >>> heading_code("2.7.3", replace(spec, code_headings=True))
    '2.7.3'
    """
    if spec is None or not spec.code_headings:
        return name
    match = _CODE_HEADING.match(name)
    return match["code"] if match else name


def _subtable(recode: Mapping, column: str, where: str) -> dict[str, str]:
    """``recode[column]`` as a table of answer -> text."""
    value = recode[column]
    if not isinstance(value, Mapping) or not all(isinstance(v, str | int) for v in value.values()):
        raise CodebookError(f"{where} `recode.{column}` must be a table of answer = \"text\"; got {value!r}.")
    return {k: str(v) for k, v in value.items()}


def group_lookup(codebook: Codebook) -> dict[str, str]:
    """Each group's code, its fi and en labels and its aliases, normalised, to the code."""
    lookup: dict[str, str] = {}
    for code in codebook.codes:
        group = codebook.group(code)
        for text in (group.fi, group.en, code, *group.aliases):
            lookup.setdefault(normalise(text), code)
    return lookup


def target_code(token: str, spec: WideSpec, codebook: Codebook, lookup: dict[str, str]) -> tuple[str | None, str | None]:
    """The group code a target token names, or None with the reason."""
    codes = codebook.codes
    if spec.targets == "position":
        # The subquestion's number: T01, SQ001, A1 and 1 are all the first group.
        digits = re.search(r"(\d+)$", token)
        if digits and 1 <= int(digits[1]) <= len(codes):
            return codes[int(digits[1]) - 1], None
        return None, said("problem.target_position", token=token, n=len(codes))
    if spec.targets is not None:
        code = spec.targets.get(normalise(token))
        return code, None if code else said("problem.target_unlisted", token=token)
    if spec.group_labels and token not in codes:
        return lookup.get(normalise(token), token), None
    return token, None




def is_item(name: str, spec: WideSpec | None) -> bool:
    """Whether a (renamed) column holds item answers: an item name (long), or one the pattern matches (wide)."""
    if spec is None:
        return name in ITEMS
    return name not in BACKGROUND_COLUMNS and spec.pattern.search(name) is not None
