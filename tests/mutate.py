"""Mutation testing of the modules a change touched (``make mutate``), with mutmut 3.

For each module, mutmut puts small bugs in it one at a time (a ``<`` for a ``<=``, a ``+ 1``
dropped, a string changed) and runs the tests that import the module, and its doctests,
against each; a mutant the tests pass is a *survivor*: either a gap in the tests or a change
that cannot alter a result (equivalent). Review the survivors of a module before an issue that
changes its statistics or privacy code is resolved.

Each module runs in its own folder, ``~/.cache/integraatio-mutmut/<checkout>/<module>/``
(links to the checkout, and a ``setup.cfg`` that names the module and its test files), so
runs do not share state and a second run re-tests only what changed. It is outside the
checkout: the links would otherwise be packed into the sdist. Tests marked ``slow`` are left out, and a module's run
stops after ``--budget`` seconds (mutmut tries the mutants with the quickest tests first); the
mutants left unchecked are counted apart, not as survivors.

Usage::

    python tests/mutate.py [--budget SECONDS] [--tests FILES] [--only NAMES] [--sample N [--seed S]] [--diff] [--survivors] [MODULE ...]

MODULE is a path (``integraatio/planning.py``) or a dotted name (``integraatio.planning``);
by default, the package's modules changed since ``main`` (``git diff main...``, plus
uncommitted changes). ``--diff`` prints each survivor's change; ``--survivors`` tests only
the last run's survivors again (after adding tests); ``--tests`` names the test files
(comma-separated) instead, and ``--only`` limits the run to some mutants (names or globs,
e.g. ``*x_pair_table*`` for one function). ``--sample N`` tests a random sample of N of the
module's mutants (``--seed``, default 0, picks it; the same seed, the same sample): for modules
whose every mutant would take hours on one core. Its score is an estimate of the module's,
printed with its 95 % (Wilson) interval.
"""

from __future__ import annotations

import argparse
import ast
import doctest
import fnmatch
import hashlib
import importlib
import json
import math
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "integraatio"
WORK = (Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "integraatio-mutmut"
        / f"{ROOT.name}-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]}")
#: What the tests read besides the package and the tests (mutmut copies them next to the mutants).
LINKED = ("survey_data", "docs", "README.md", "pyproject.toml", "tests")
#: mutmut's exit codes of a mutant, as its ``status_by_exit_code`` reads them.
KILLED, SURVIVED, UNCHECKED = {1, 3}, {0}, {None, 2}


def changed_modules(base: str = "main") -> list[str]:
    """The package's Python files changed since ``base`` (committed or not), that still exist."""
    names = set()
    for args in (["diff", "--name-only", f"{base}..."], ["diff", "--name-only", "HEAD"]):
        out = subprocess.run(["git", *args, "--", f"{PACKAGE}/"], cwd=ROOT, capture_output=True, text=True, check=True)
        names |= set(out.stdout.split())
    return sorted(n for n in names if n.endswith(".py") and (ROOT / n).is_file() and not n.endswith("__init__.py"))


def module_path(name: str) -> str:
    """``integraatio/x/y.py`` for a path or a dotted name."""
    path = name if name.endswith(".py") else name.replace(".", "/") + ".py"
    if not (ROOT / path).is_file():
        raise SystemExit(f"mutate: no module {name!r} ({path} not found).")
    return Path(path).as_posix()


def _imported(test: Path) -> set[str]:
    """Dotted names a test file imports from the package: ``integraatio.x`` and, for
    ``from integraatio.x import y``, also ``integraatio.x.y`` (y may be a submodule)."""
    names = set()
    for node in ast.walk(ast.parse(test.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return {n for n in names if n == PACKAGE or n.startswith(PACKAGE + ".")}


def _reexported(dotted: str) -> set[str]:
    """Names that ``integraatio/__init__.py`` takes from ``dotted`` or its package."""
    init = ast.parse((ROOT / PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(init):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            if dotted == f"{PACKAGE}.{node.module}" or dotted.startswith(f"{PACKAGE}.{node.module}."):
                names |= {a.asname or a.name for a in node.names}
    return names


def test_files(path: str) -> list[str]:
    """The test files that import the module at ``path``, its package, or a name the
    package's ``__init__`` takes from it; ``tests/test_<name>.py`` always when it exists."""
    dotted = path[: -len(".py")].replace("/", ".")
    parents = {dotted.rsplit(".", k)[0] for k in range(1, dotted.count("."))}  # integraatio.survey for survey/x
    wanted = {dotted} | parents - {PACKAGE} | {f"{PACKAGE}.{n}" for n in _reexported(dotted)}
    found = []
    for test in sorted((ROOT / "tests").glob("test_*.py")):
        if _imported(test) & wanted or test.stem == f"test_{Path(path).stem}":
            found.append(f"tests/{test.name}")
    return found


def doctests(path: str) -> list[str]:
    """The pytest node ids of the module's own doctests: selecting the module's path would also
    collect the copy of every docstring in each mutant's trampoline, running one doctest once
    per mutant of its function."""
    module = importlib.import_module(path[: -len(".py")].replace("/", "."))
    found = doctest.DocTestFinder().find(module)
    return [f"{path}::{t.name}" for t in sorted(found, key=lambda t: t.name)
            if t.examples and t.name.startswith(module.__name__)]


def _setup_cfg(path: str, tests: list[str]) -> str:
    lines = [
        "[mutmut]", f"source_paths = {PACKAGE}", f"only_mutate = {path}",
        "pytest_add_cli_args_test_selection =", *(f"    {t}" for t in [*tests, *doctests(path)]),
        "pytest_add_cli_args =", "    -q", "    -p", "    no:cacheprovider", "    -m", "    not slow",
        "also_copy =", *(f"    {n}" for n in LINKED if n not in ("tests", "pyproject.toml")),
        # A mutant that loops is stopped after 6 x (its tests' time + 10 s) of CPU: mutmut's default
        # (30 x (time + 1 s)) held the one worker for many minutes per looping mutant.
        "timeout_multiplier = 3", "timeout_constant = 10",
    ]
    return "\n".join(lines) + "\n"


def prepare(path: str, tests: list[str] | None = None) -> tuple[Path, list[str]]:
    """The module's run folder, with links to the checkout and its ``setup.cfg`` (``tests``:
    the test files to run, default :func:`test_files`)."""
    tests = tests or test_files(path)
    folder = WORK / path[: -len(".py")].replace("/", ".")
    folder.mkdir(parents=True, exist_ok=True)
    for name in (PACKAGE, *LINKED):
        link = folder / name
        if not link.is_symlink():
            link.symlink_to(os.path.relpath(ROOT / name, folder))
    (folder / "setup.cfg").write_text(_setup_cfg(path, tests), encoding="utf-8")
    return folder, tests


def sample(folder: Path, path: str, n: int, seed: int) -> list[str]:
    """``n`` of the module's mutant names, drawn with ``seed`` (all of them when it has no more).

    The names exist once mutmut has generated the mutants, which its ``run`` does before its
    slow first pass over the tests; this runs only the generation, in the module's folder.
    """
    generate = ("import os, mutmut.__main__ as m\nos.makedirs('mutants', exist_ok=True)\n"
                "m.copy_src_dir(); m.copy_also_copy_files(); m.setup_source_paths()\n"
                "m.store_lines_covered_by_tests(); m.create_mutants(1)")
    subprocess.run([sys.executable, "-c", generate], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    meta = folder / "mutants" / (path + ".meta")
    names = sorted(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return sorted(random.Random(seed).sample(names, min(n, len(names))))


def interval(killed: int, tried: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson's 95 % interval of a sampled score (``killed`` of ``tried`` mutants).

    >>> [round(x, 3) for x in interval(90, 100)]
    [0.826, 0.945]
    """
    p, centre = killed / tried, z * z / (2 * tried)
    half = z * math.sqrt(p * (1 - p) / tried + z * z / (4 * tried * tried))
    return ((p + centre - half) / (1 + 2 * centre), (p + centre + half) / (1 + 2 * centre))


def run(folder: Path, budget: float, names: list[str] = ()) -> None:
    """``mutmut run`` on one core at low priority (only the mutants ``names`` when given),
    stopped (as by Ctrl-C) after ``budget`` s."""
    mutmut = Path(sys.executable).with_name("mutmut")
    with open(folder / "mutmut.log", "w", encoding="utf-8") as log:
        # Ctrl-C stops mutmut cleanly; a shell's background job starts with it ignored, so restore it.
        proc = subprocess.Popen(["nice", str(mutmut), "run", "--max-children", "1", *names], cwd=folder, stdout=log,
                                stderr=subprocess.STDOUT, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            proc.wait(timeout=budget)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGINT)
            proc.wait()


def results(folder: Path, path: str, before: dict | None = None, only: list[str] = ()) -> dict[str, object]:
    """Killed, survived, unchecked and other (no tests, timeout, ...) mutants of the module
    (those matching ``only`` when given); with ``before`` (an earlier run's), its figures
    with only its survivors tested again."""
    meta = folder / "mutants" / (path + ".meta")
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"] if meta.is_file() else {}
    if only:
        codes = {k: c for k, c in codes.items() if any(fnmatch.fnmatch(k, g) for g in only)}
    if before is not None:
        again = {k: codes.get(k) for k in before["survived"]}
        codes = {**{f"killed before {i}": 1 for i in range(before["killed"])}, **again,
                 **{f"unchecked before {i}": None for i in range(before["unchecked"])},
                 **{name: codes.get(name, -1) for name in before["other"]}}
    killed = sum(c in KILLED for c in codes.values())
    survived = sorted(k for k, c in codes.items() if c in SURVIVED)
    unchecked = sum(c in UNCHECKED for c in codes.values())
    other = sorted(k for k, c in codes.items() if c not in KILLED | SURVIVED | UNCHECKED)
    tried = killed + len(survived)
    return {"mutants": len(codes), "killed": killed, "survived": survived, "unchecked": unchecked, "other": other,
            "score": killed / tried if tried else float("nan")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="paths or dotted names; default: changed since main")
    parser.add_argument("--budget", type=float, default=float(os.environ.get("MUTATE_BUDGET", 600)),
                        help="seconds per module (default 600, or $MUTATE_BUDGET)")
    parser.add_argument("--diff", action="store_true", help="print each survivor's change")
    parser.add_argument("--tests", default="", help="comma-separated test files instead of those that import the module")
    parser.add_argument("--only", default="", help="comma-separated mutant names or globs, e.g. '*x_pair_table*'")
    parser.add_argument("--sample", type=int, default=0, help="test a random sample of this many mutants")
    parser.add_argument("--seed", type=int, default=0, help="the sample's seed (default 0)")
    parser.add_argument("--survivors", action="store_true",
                        help="test again only the last run's survivors (after adding tests: which does it kill now?)")
    args = parser.parse_args(argv)
    paths = [module_path(m) for m in args.modules] or changed_modules()
    if not paths:
        print("mutate: no module of the package changed since main; name some, e.g. MODULES=integraatio/planning.py")
        return 0
    mutmut = Path(sys.executable).with_name("mutmut")
    for path in paths:
        folder, tests = prepare(path, [t for t in args.tests.split(",") if t])
        print(f"{path}: {len(tests)} test files ({', '.join(t[len('tests/'):] for t in tests) or 'doctests only'})", flush=True)
        last = folder / "last.json"
        before = json.loads(last.read_text(encoding="utf-8")) if args.survivors and last.is_file() else None
        if args.survivors and not (before or {}).get("survived"):
            print("  no survivor of an earlier run to test again")
            continue
        only = [g for g in args.only.split(",") if g]
        if args.sample and not before:
            only = sample(folder, path, args.sample, args.seed)
            print(f"  a sample of {len(only)} mutants (seed {args.seed})", flush=True)
        run(folder, args.budget, before["survived"] if before else only)
        r = results(folder, path, before, only)
        if args.sample and not before:
            r["sample"] = {"n": len(only), "seed": args.seed}
        elif before and "sample" in before:
            r["sample"] = before["sample"]
        last.write_text(json.dumps(r, indent=1), encoding="utf-8")
        print(f"  {r['mutants']} mutants: {r['killed']} killed, {len(r['survived'])} survived, {r['unchecked']} not "
              f"checked within the budget, {len(r['other'])} other; score {r['score']:.0%}", flush=True)
        tried = r["killed"] + len(r["survived"])
        if "sample" in r and tried:
            low, high = interval(r["killed"], tried)
            print(f"  the module's score, estimated from the sample: {low:.0%} to {high:.0%} (95 % interval)", flush=True)
        for name in r["survived"]:
            print(f"  survived: {name}")
            if args.diff:
                shown = subprocess.run([str(mutmut), "show", name], cwd=folder, capture_output=True, text=True)
                print("    " + shown.stdout.strip().replace("\n", "\n    "))
        if r["other"]:
            functions = sorted({name.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[-1] for name in r["other"]})
            print(f"  {len(r['other'])} neither killed nor survived (no selected test calls them, or a timeout): "
                  f"mutants of {', '.join(functions)}; `mutmut results` in the module's folder says which")
    print(f"A survivor's change: cd {WORK}/<module> && {Path(sys.executable).with_name('mutmut')} show <name>")
    return 0


if __name__ == "__main__":
    sys.exit(main())
