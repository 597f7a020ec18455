"""The package's shape (DESIGN.md): no import cycle anywhere in nntui/, no module over 400
lines, rooms that import only from lower floors, core free of UI imports, plotting free of
Textual widgets, screens that never import the App, no import hidden in a function without
a reason, Textual's private API touched in one module only, the view read by the front
ends only.

Run it as a script to print the import graph, module by module and room by room:
``python -m tests.test_architecture`` (``--rooms``: the rooms only).
"""

from __future__ import annotations

import ast
import sys

from tests.architecture import (
    FLOORS,
    PACKAGE,
    TEXTUAL_SEAM,
    arrows_back_up,
    import_graph,
    module_name,
    room_arrows,
    room_of,
    textual_private_uses,
    unexplained_function_imports,
)

MAX_LINES = 400


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


def test_every_module_is_in_a_room_and_no_arrow_points_back_up() -> None:
    graph = import_graph()
    assert {room_of(m) for m in graph} == set(FLOORS)  # every room holds modules
    assert arrows_back_up(graph) == []


def test_an_arrow_back_up_is_found() -> None:
    graph = {"nntui.core.x": {"nntui.presets.y"}, "nntui.presets.y": set(),
             "nntui.tui.a": {"nntui.headless.b"}, "nntui.headless.b": set()}
    assert arrows_back_up(graph) == [  # up a floor, and across to the same floor
        ("nntui.core.x", "nntui.core", "nntui.presets.y", "nntui.presets"),
        ("nntui.tui.a", "nntui.tui", "nntui.headless.b", "nntui.headless")]


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


def test_every_import_inside_a_function_says_why() -> None:
    """An import hidden in a function hides an arrow of the graph; the legitimate reason
    (`nntui --help` and the picker's first paint stay fast without NumPy, Textual, the
    catalog) is written beside it."""
    assert unexplained_function_imports() == []


def test_an_unexplained_function_import_is_found(tmp_path) -> None:
    package = tmp_path / "nntui"
    package.mkdir()
    (package / "m.py").write_text(
        "def a():\n    import json\n\n"
        "def b():\n    # the reason\n    import json\n\n    import os\n\n"
        "def c():\n    import json  # the reason\n")
    assert unexplained_function_imports(package) == ["nntui.m:2"]


def test_textual_private_api_only_in_the_seam() -> None:
    """Everything nntui needs of Textual's internals is in one module (with tests that fail
    when Textual changes them); anywhere else a private name is a silent break waiting."""
    assert textual_private_uses() == [], f"move these into {TEXTUAL_SEAM}"


def test_a_private_textual_use_is_found(tmp_path) -> None:
    package = tmp_path / "nntui"
    package.mkdir()
    (package / "m.py").write_text(
        "def f(app, node):\n    node._bindings = None\n    return getattr(app, '_driver')\n")
    assert textual_private_uses(package) == ["nntui.m:2 reaches into ._bindings",
                                             "nntui.m:3 getattr(…, '_driver')"]


def test_the_view_is_read_by_the_front_ends_only() -> None:
    """`Preset.view` (panels, labels, columns) is for the dashboard and the printed charts;
    the domain (core, the builders, the pipeline, the run folder) is told what to compute."""
    domain = ("nntui.core", "nntui.pipeline", "nntui.runs", "nntui.presets.base",
              "nntui.presets.params", "nntui.presets.budget", "nntui.presets.kinds",
              "nntui.experiments.load", "nntui.experiments.catalog")
    readers = []
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        if not name.startswith(domain):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        readers += [f"{name}:{n.lineno}" for n in ast.walk(tree)  # not ndarray.view()
                    if isinstance(n, ast.Attribute) and n.attr == "view" and id(n) not in called]
        imports = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        readers += [f"{name} imports nntui.presets.view" for m in imports
                    if m == "nntui.presets.view" and name != "nntui.presets.base"]
    assert readers == []


def print_graph(rooms_only: bool = False) -> None:
    graph = import_graph()
    if not rooms_only:
        for module in sorted(graph):
            print(f"{module} -> {', '.join(sorted(graph[module])) or '-'}")
        print()
    arrows = room_arrows(graph)
    for room in sorted(FLOORS, key=lambda r: (-FLOORS[r], r)):
        modules = sum(1 for m in graph if room_of(m) == room)
        out = sorted((FLOORS[d], d, n) for (r, d), n in arrows.items() if r == room)
        targets = ", ".join(f"{d} ({n})" for _f, d, n in reversed(out)) or "-"
        print(f"floor {FLOORS[room]}  {room} [{modules} modules] -> {targets}")
    back = arrows_back_up(graph)
    print(f"rooms: {len(FLOORS)}, floors: {len(set(FLOORS.values()))}, "
          f"arrows between rooms: {sum(arrows.values())}, arrows back up: {len(back)}")
    for m, r, d, rd in back:
        print(f"  back up: {m} ({r}, floor {FLOORS[r]}) -> {d} ({rd}, floor {FLOORS[rd]})")
    cycle = find_cycle(graph)
    print("cycle: " + " -> ".join(cycle) if cycle else "no import cycle")


if __name__ == "__main__":
    print_graph(rooms_only="--rooms" in sys.argv)
