"""Reading the package's shape from its source (for tests/test_architecture.py): the module
import graph, the rooms it is built of and their floors, imports hidden inside functions,
and uses of Textual's private API.

Everything here parses files; nothing of nntui is imported except by
`textual_private_uses`, which needs the classes' real bases.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "nntui"

#: The rooms of nntui (a package, or a package's part with a rule of its own) and the floor
#: each stands on. A room imports from rooms on lower floors only: an arrow to its own floor
#: or one back up is a layering error.
FLOORS: dict[str, int] = {
    "nntui.i18n": 0,  # translations: stdlib gettext only
    "nntui.core": 1,  # NumPy only, no thread started
    "nntui.presets": 2,  # the catalogue (domain) and its views
    "nntui.tui.plotting": 2,  # drawing with no Textual: lists of Strips
    "nntui.experiments": 3,  # experiment files -> presets
    "nntui.runs": 3,  # the run folder: results, replay, failure
    "nntui.pipeline": 4,  # request, one run session, driver, exit codes
    "nntui.headless": 5,  # --headless: progress, printed charts
    "nntui.tui": 5,  # the dashboard
    "nntui.cli": 6,  # the command line
    "nntui.entry": 7,  # the console script: the picker, or the command line
    "nntui.__main__": 8,  # python -m nntui
    "nntui": 0,  # the package itself: its version
}
#: The one module allowed to touch Textual's private API (tui/textual_seam.py).
TEXTUAL_SEAM = "nntui.tui.textual_seam"


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the nntui modules it imports, anywhere in its body (imports inside
    functions and under TYPE_CHECKING count too: a cycle hidden there is still a cycle)."""
    modules = {module_name(p, package): p for p in package.rglob("*.py")}
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


def room_of(module: str) -> str:
    """The room a module belongs to: the longest `FLOORS` prefix of its name."""
    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        if ".".join(parts[:i]) in FLOORS:
            return ".".join(parts[:i])
    raise KeyError(module)


def room_arrows(graph: dict[str, set[str]]) -> Counter[tuple[str, str]]:
    """(room, room it imports from) -> how many module imports make that arrow."""
    return Counter((room_of(m), room_of(d)) for m, deps in graph.items() for d in deps
                   if room_of(m) != room_of(d))


def arrows_back_up(graph: dict[str, set[str]]) -> list[tuple[str, str, str, str]]:
    """Every import that points to the same floor or up: (module, its room, what it
    imports, that room)."""
    return sorted((m, room_of(m), d, room_of(d)) for m, deps in graph.items() for d in deps
                  if room_of(m) != room_of(d) and FLOORS[room_of(d)] >= FLOORS[room_of(m)])


# -- imports inside functions ---------------------------------------------------------------
def unexplained_function_imports(package: Path = PACKAGE) -> list[str]:
    """`module:line` of every import inside a function with no comment saying why: on the
    import's own lines, or above it or above the run of imports (blank lines allowed) it
    starts. A reason is e.g. "NumPy loads with the command, not with `nntui --help`"."""
    found = []
    for path in sorted(package.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        nodes = {}
        for fn in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    if isinstance(node, (ast.Import, ast.ImportFrom)):
                        nodes[node.lineno] = node
        for start, node in sorted(nodes.items()):
            if any("#" in lines[k] for k in range(start - 1, node.end_lineno)):
                continue
            j = start - 2
            while j >= 0 and (not lines[j].strip() or j + 1 in nodes):
                if "#" in lines[j]:
                    break
                j -= 1
            if j >= 0 and "#" in lines[j]:
                continue
            found.append(f"{module_name(path, package)}:{start}")
    return found


# -- Textual's private API ------------------------------------------------------------------
def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _self_stores(tree: ast.AST) -> set[str]:
    return {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
            and isinstance(n.value, ast.Name) and n.value.id == "self"
            and isinstance(n.ctx, ast.Store) and _private(n.attr)}


@cache
def _textual_privates_of(cls: type) -> frozenset[str]:
    """The private names a Textual class defines: in its body and as `self._x` it sets."""
    names = {n for n in vars(cls) if _private(n)}
    try:
        names |= _self_stores(ast.parse(textwrap.dedent(inspect.getsource(cls))))
    except (OSError, TypeError, SyntaxError):  # no source: its body's names suffice
        pass
    return frozenset(names)


@lru_cache(maxsize=1)
def _all_textual_privates() -> frozenset[str]:
    import textual

    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names |= _self_stores(node)
                names |= {n.name for n in ast.walk(node)
                          if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                          and _private(n.name)}
    return frozenset(names)


def textual_private_uses(package: Path = PACKAGE) -> list[str]:
    """Where nntui touches Textual's private API outside `TEXTUAL_SEAM`: an import of a
    private Textual module or name; a class of ours (a Textual subclass) that overrides or
    uses a private name of its Textual bases; `x._name` or getattr(x, "_name") reaching
    into a private name Textual defines (names nntui gives its own objects excepted)."""
    ours = set()
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        ours |= _self_stores(tree) | {n.name for n in ast.walk(tree) if isinstance(
            n, (ast.FunctionDef, ast.AsyncFunctionDef)) and _private(n.name)}
    textual_names = _all_textual_privates()
    found = []
    for path in sorted(package.rglob("*.py")):
        name = module_name(path, package)
        if name == TEXTUAL_SEAM:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = importlib.import_module(name) if "textual" in path.read_text() else None
        for node in ast.walk(tree):
            where = f"{name}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
                if (any(_private(p) for p in (node.module or "").split("."))
                        or any(_private(a.name) for a in node.names)):
                    found.append(f"{where} imports {node.module}")
            elif isinstance(node, ast.ClassDef) and module is not None:
                cls = getattr(module, node.name, None)
                bases = [b for b in getattr(cls, "__mro__", ())[1:]
                         if b.__module__.split(".")[0] == "textual"]
                theirs = set().union(*(_textual_privates_of(b) for b in bases))
                defined = {n.name for n in node.body
                           if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
                used = {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)
                        and isinstance(n.value, ast.Name) and n.value.id == "self"}
                found += [f"{where} {node.name} overrides or uses {n}"
                          for n in sorted((defined | used) & theirs)]
            elif (isinstance(node, ast.Attribute) and node.attr in textual_names
                  and node.attr not in ours
                  and not (isinstance(node.value, ast.Name) and node.value.id == "self")):
                found.append(f"{where} reaches into .{node.attr}")
            elif (isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                    "getattr", "setattr", "hasattr") and len(node.args) > 1
                  and isinstance(node.args[1], ast.Constant)
                  and node.args[1].value in textual_names):
                found.append(f"{where} {node.func.id}(…, {node.args[1].value!r})")  # type: ignore[attr-defined]
    return found
