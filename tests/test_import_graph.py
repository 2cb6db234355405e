"""The package's import graph: no circles, and the layers point one way.

The graph is read from the source with ``ast``, so it counts every import,
including those under ``if TYPE_CHECKING:`` and inside functions: a circle
that only type checkers follow is still a circle a reader has to untangle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import threadcomm

SRC = Path(threadcomm.__file__).resolve().parent
PACKAGE = "threadcomm"


def module_name(path: Path) -> str:
    """``src/threadcomm/gui/run/bridge.py`` -> ``threadcomm.gui.run.bridge``."""
    parts = [PACKAGE, *path.relative_to(SRC).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The project's modules that ``path`` imports, each named as a module of ``modules``."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from pkg import mod`` imports the module pkg.mod when there is one.
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            if target in modules and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports."""
    paths = sorted(SRC.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imported_modules(p, modules) for p in paths}


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports (its modules in order, the first repeated at the end), or None."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(node: str) -> list[str] | None:
        path.append(node)
        on_path.add(node)
        for nxt in sorted(graph[node]):
            if nxt in on_path:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in done and (circle := visit(nxt)):
                return circle
        on_path.discard(path.pop())
        done.add(node)
        return None

    for start in sorted(graph):
        if start not in done and (circle := visit(start)):
            return circle
    return None


def test_the_finder_sees_a_circle_and_a_clean_graph() -> None:
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_module_takes_part_in_an_import_circle() -> None:
    circle = find_circle(import_graph())
    assert circle is None, "import circle: " + " -> ".join(circle or [])


def test_the_core_imports_nothing_of_the_gui_or_the_command_line() -> None:
    graph = import_graph()
    core = {m: deps for m, deps in graph.items() if m.startswith(f"{PACKAGE}.core")}
    assert core, "no core modules found"
    outward = {
        m: sorted(d for d in deps if not d.startswith(f"{PACKAGE}.core") and d != PACKAGE)
        for m, deps in core.items()
    }
    allowed = {f"{PACKAGE}.assets"}  # finding the resources folder is not a layer
    assert {m: [d for d in deps if d not in allowed] for m, deps in outward.items()} == {
        m: [] for m in core
    }


def test_no_gui_module_imports_the_command_line() -> None:
    graph = import_graph()
    offenders = sorted(
        m
        for m, deps in graph.items()
        if m.startswith(f"{PACKAGE}.gui") and f"{PACKAGE}.cli" in deps
    )
    assert offenders == []
