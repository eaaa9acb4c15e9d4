"""The package's shape, read from its source: no import cycle (imports inside functions
counted), no private name used outside its module, colours without matplotlib."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "integraatio"
TESTS = Path(__file__).resolve().parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _runs(tree: ast.AST):
    """Every node that can run: ``if TYPE_CHECKING:`` blocks are for type checkers only."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            yield from (n for child in node.orelse for n in [child, *_runs(child)])
            continue
        yield node
        yield from _runs(node)


def _imports(name: str, path: Path):
    """``(module, imported name or None)`` for every import in ``path``, wherever it is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in _runs(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((a.name, None) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            yield from ((base, a.name) for a in node.names)


def _edges(name: str, path: Path) -> set[str]:
    out = set()
    for module, imported in _imports(name, path):
        if imported and f"{module}.{imported}" in MODULES:  # from . import plot: the submodule
            out.add(f"{module}.{imported}")
        elif module in MODULES:
            out.add(module)
    return out - {name}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that returns to its start, or None."""
    state: dict[str, int] = {}

    def visit(v: str, path: list[str]) -> list[str] | None:
        state[v] = 1
        for w in sorted(graph.get(v, ())):
            if state.get(w) == 1:
                return path[path.index(w):] + [w]
            if w not in state and (found := visit(w, [*path, w])):
                return found
        state[v] = 2
        return None

    for v in sorted(graph):
        if v not in state and (found := visit(v, [v])):
            return found
    return None


def test_the_cycle_finder_finds_cycles():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_import_graph_has_no_cycle():
    graph = {name: _edges(name, path) for name, path in MODULES.items()}
    assert sum(map(len, graph.values())) > 50  # the graph was read: modules do import each other
    assert "integraatio.pipeline" in graph["integraatio.cli"] and "integraatio.plot" in graph["integraatio.results"]
    assert _cycle(graph) is None


def _private_uses(path: Path, own: str | None):
    """Private names (``_x``, not dunders) that ``path`` imports from another module of the
    package, or reads as an attribute of one it imported whole."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = {}
    for module, imported in _imports(own or "tests.x", path):
        if not module.startswith("integraatio"):
            continue
        if imported and imported.startswith("_") and not imported.startswith("__") and module != own:
            yield f"{module}.{imported}"
        if imported and f"{module}.{imported}" in MODULES:
            aliases[imported] = f"{module}.{imported}"
    for node in ast.walk(tree):
        for alias in getattr(node, "names", []) if isinstance(node, ast.Import) else []:
            if alias.name in MODULES:
                aliases[alias.asname or alias.name.split(".")[0]] = alias.name
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            yield f"{aliases[node.value.id]}.{node.attr}"


@pytest.mark.slow
def test_no_private_name_is_used_outside_its_module():
    used = {f"{path.relative_to(PACKAGE.parent)}: {name}"
            for own, path in MODULES.items() for name in _private_uses(path, own)}
    used |= {f"tests/{path.name}: {name}" for path in sorted(TESTS.glob("*.py")) for name in _private_uses(path, None)}
    assert sorted(used) == []


def test_the_private_name_check_sees_both_kinds_of_use(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from integraatio.matrix import _check\nfrom integraatio import communities\ncommunities._seed()\n")
    assert sorted(_private_uses(probe, None)) == ["integraatio.communities._seed", "integraatio.matrix._check"]


@pytest.mark.parametrize("module", ["integraatio.style", "integraatio.options", "integraatio.cli"])
def test_light_modules_load_no_plotting_or_data_library(module):
    code = f"import sys, {module}; print(sorted(m for m in ('matplotlib', 'pandas', 'numpy', 'scipy') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


#: The longest a function of the package may be, docstring included: a function past it
#: does several jobs, which go into functions of their own.
LONGEST = 100


def _lengths(source: str):
    """``(name, lines)`` of every function in ``source``, nested ones included."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node.end_lineno - node.lineno + 1


def test_no_function_is_over_a_hundred_lines():
    long = [f"{path.relative_to(PACKAGE.parent)}: {name} ({lines} lines)" for path in MODULES.values()
            for name, lines in _lengths(path.read_text(encoding="utf-8")) if lines > LONGEST]
    assert long == []


def test_the_length_check_counts_the_docstring_and_nested_functions():
    body = "\n".join(f"    x{i} = {i}" for i in range(97))
    source = f'def f():\n    """Doc."""\n{body}\n    def g():\n        pass\n'
    assert dict(_lengths(source)) == {"f": 101, "g": 2}
