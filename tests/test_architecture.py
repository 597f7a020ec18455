"""The package's shape (DESIGN.md): no import cycle anywhere in nntui/, no module over 400
lines, core free of UI imports, plotting free of Textual widgets, screens that never
import the App.

Run it as a script to print the import graph: ``python -m tests.test_architecture``.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "nntui"
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the nntui modules it imports, anywhere in its body (imports inside
    functions and under TYPE_CHECKING count too: a cycle hidden there is still a cycle)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_pkg = path.name == "__init__.py"
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    pkg = name.split(".") if is_pkg else name.split(".")[:-1]
                    pkg = pkg[: len(pkg) - node.level + 1]
                    base = ".".join([*pkg, base] if base else pkg)
                # `from pkg import mod` imports the module pkg.mod when there is one.
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                           for a in node.names]
            for t in targets:
                while t and t not in modules:
                    t = t.rpartition(".")[0]
                if t and t != name and t.startswith("nntui"):
                    deps.add(t)
        graph[name] = deps
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, ..., a], or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return path[path.index(dep):] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_in_nntui() -> None:
    graph = import_graph()
    assert len(graph) > 50 and "nntui.tui.app" in graph  # the walk found the package
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_in_nntui_over_400_lines() -> None:
    sizes = {module_name(p): len(p.read_text(encoding="utf-8").splitlines())
             for p in PACKAGE.rglob("*.py")}
    too_big = {m: n for m, n in sizes.items() if n > MAX_LINES}
    assert not too_big, too_big


def test_layers_import_only_downward() -> None:
    graph = import_graph()

    def deps(prefix: str) -> set[str]:
        return {d for m, ds in graph.items() if m.startswith(prefix) for d in ds}

    # nntui.i18n (translations, stdlib gettext only) sits below every layer, core included.
    assert not {d for d in deps("nntui.core") if not d.startswith(("nntui.core", "nntui.i18n"))}
    assert not {d for d in deps("nntui.i18n") if not d.startswith("nntui.i18n")}
    assert not {d for d in deps("nntui.tui.plotting")
                if d.startswith("nntui.tui") and not d.startswith("nntui.tui.plotting")}
    assert not {d for d in deps("nntui.tui.widgets")
                if d.startswith(("nntui.tui.screens", "nntui.tui.panels", "nntui.tui.app"))}
    assert "nntui.tui.app" not in deps("nntui.tui.screens")
    assert not {d for d in deps("nntui.pipeline") if d.startswith("nntui.tui")}


if __name__ == "__main__":
    graph = import_graph()
    for module in sorted(graph):
        print(f"{module} -> {', '.join(sorted(graph[module])) or '-'}")
    cycle = find_cycle(graph)
    print("cycle: " + " -> ".join(cycle) if cycle else "no import cycle")
