"""The translation catalogs' tool (for developers; the program only reads the `.mo`).

    python -m nntui.i18n.catalog update    # add newly marked strings to nntui/i18n/ja/*.po
    python -m nntui.i18n.catalog compile   # write locale/ja/LC_MESSAGES/nntui.mo from them
    python -m nntui.i18n.catalog check     # what is missing, stale or inconsistent (exit 1)

A string is marked by a call with literal arguments: `_("…")`, `N_("…")` or
`pgettext("context", "…")`. Each marked string lives in the `.po` of the area of the first
file that marks it (core, presets, tui, cli: everything else), so people translating
different parts of the program edit different files. `update` keeps every translation whose
string is still marked and drops the rest; git keeps the history.
"""

from __future__ import annotations

import ast
import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

from nntui.i18n import DOMAIN, LOCALE_DIR

PACKAGE = Path(__file__).resolve().parent.parent
PO_DIR = Path(__file__).resolve().parent / "ja"
MO_PATH = LOCALE_DIR / "ja" / "LC_MESSAGES" / f"{DOMAIN}.mo"
AREAS = ("core", "presets", "tui", "cli")
HEADER = ("Project-Id-Version: nntui\nLanguage: ja\nMIME-Version: 1.0\n"
          "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n")

#: (context or "", msgid): the key of a message, as gettext looks it up.
Key = tuple[str, str]


@dataclass
class Entry:
    """One message of a `.po` file."""

    context: str
    msgid: str
    msgstr: str = ""
    places: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def key(self) -> Key:
        return (self.context, self.msgid)


def area_of(path: Path, root: Path = PACKAGE) -> str:
    """The catalog a source file's strings go to."""
    parts = path.resolve().relative_to(root.resolve()).parts
    return parts[0] if parts[0] in AREAS else "cli"


def marked_strings(root: Path = PACKAGE) -> dict[Key, list[tuple[Path, int]]]:
    """Every marked string under `root` -> where it is marked (file, line), in file order."""
    found: dict[Key, list[tuple[Path, int]]] = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            args = [a.value for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if len(args) != len(node.args):
                continue  # _(variable): translates a string marked elsewhere
            if node.func.id in ("_", "N_") and len(args) == 1 and args[0]:
                key = ("", args[0])
            elif node.func.id == "pgettext" and len(args) == 2:
                key = (args[0], args[1])
            else:
                continue
            found.setdefault(key, []).append((path, node.lineno))
    return found


# --- .po files ----------------------------------------------------------------------------

def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # a .po string is a C string: same escapes as Python's


def _quote(text: str) -> str:
    body = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\t", "\\t"))
    return f'"{body}"'


def read_po(path: Path) -> list[Entry]:
    """The entries of a `.po` file, header excluded."""
    entries: list[Entry] = []
    current: Entry | None = None
    target = ""
    places: list[str] = []
    fuzzy = False
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if current is not None and current.msgid:
                entries.append(current)
            current, places, fuzzy = None, [], False
            continue
        if line.startswith("#:"):
            places += line[2:].split()
        elif line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgctxt ", "msgid ", "msgstr ")):
            word, _, rest = line.partition(" ")
            if current is None:
                current = Entry("", "", places=places, fuzzy=fuzzy)
            target = {"msgctxt": "context", "msgid": "msgid", "msgstr": "msgstr"}[word]
            setattr(current, target, _unquote(rest))
        elif line.startswith('"') and current is not None:
            setattr(current, target, getattr(current, target) + _unquote(line))
        else:
            raise ValueError(f"{path}: cannot read the line {raw!r}")
    return entries


def write_po(path: Path, entries: list[Entry]) -> None:
    lines = [f"# Japanese messages of nntui: the {path.stem} area.",
             "# Edit msgstr; run `python -m nntui.i18n.catalog update` after marking strings",
             "# and `... compile` after translating.",
             'msgid ""', f"msgstr {_quote(HEADER)}", ""]
    for e in entries:
        if e.places:
            lines.append("#: " + " ".join(e.places))
        if e.fuzzy:
            lines.append("#, fuzzy")
        if e.context:
            lines.append(f"msgctxt {_quote(e.context)}")
        lines += [f"msgid {_quote(e.msgid)}", f"msgstr {_quote(e.msgstr)}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def read_catalogs(po_dir: Path = PO_DIR) -> dict[str, list[Entry]]:
    """Area -> its entries (an area without a file has none)."""
    return {a: read_po(po_dir / f"{a}.po") if (po_dir / f"{a}.po").exists() else []
            for a in AREAS}


# --- update, compile, check ---------------------------------------------------------------

def update(root: Path = PACKAGE, po_dir: Path = PO_DIR) -> dict[str, int]:
    """Rewrite each area's `.po` with exactly the strings marked in its files (keeping their
    translations); returns area -> number of strings without a translation."""
    known = {e.key: e for entries in read_catalogs(po_dir).values() for e in entries}
    by_area: dict[str, list[Entry]] = {a: [] for a in AREAS}
    for key, where in marked_strings(root).items():
        old = known.get(key)
        places = [f"{p.relative_to(root.parent)}:{line}" for p, line in where]
        by_area[area_of(where[0][0], root)].append(
            Entry(key[0], key[1], old.msgstr if old else "", places, old.fuzzy if old else False))
    po_dir.mkdir(parents=True, exist_ok=True)
    for area, entries in by_area.items():
        write_po(po_dir / f"{area}.po", entries)
    return {a: sum(not e.msgstr for e in es) for a, es in by_area.items()}


def mo_bytes(entries: list[Entry]) -> bytes:
    """A GNU `.mo` file of the translated, non-fuzzy entries (sorted: the same input gives
    the same bytes)."""
    pairs = {"": HEADER}
    for e in entries:
        if e.msgstr and not e.fuzzy:
            pairs[f"{e.context}\x04{e.msgid}" if e.context else e.msgid] = e.msgstr
    keys = sorted(pairs, key=lambda k: k.encode())
    ids = [k.encode() for k in keys]
    strs = [pairs[k].encode() for k in keys]
    n = len(keys)
    ids_at, strs_at = 7 * 4, 7 * 4 + n * 8
    data_at = strs_at + n * 8
    offsets_ids, offsets_strs, blob = [], [], b""
    for raw in ids:
        offsets_ids.append((len(raw), data_at + len(blob)))
        blob += raw + b"\0"
    for raw in strs:
        offsets_strs.append((len(raw), data_at + len(blob)))
        blob += raw + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, n, ids_at, strs_at, 0, 0)
    table = b"".join(struct.pack("<2I", *o) for o in offsets_ids + offsets_strs)
    return head + table + blob


def compile_catalogs(po_dir: Path = PO_DIR, mo_path: Path = MO_PATH) -> int:
    """Write the `.mo`; returns how many messages it translates."""
    entries = [e for es in read_catalogs(po_dir).values() for e in es]
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    mo_path.write_bytes(mo_bytes(entries))
    return sum(bool(e.msgstr) and not e.fuzzy for e in entries)


_FIELD = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})|%[-+ #0]*\d*(?:\.\d+)?[sdfrg%]")


def placeholders(text: str) -> list[str]:
    """The format fields of a message (`{name}`, `{:>6.3f}`, `%s`), sorted."""
    return sorted(m.group(0) for m in _FIELD.finditer(text))


def problems(root: Path = PACKAGE, po_dir: Path = PO_DIR, mo_path: Path = MO_PATH) -> list[str]:
    """What is wrong with the catalogs, one line each (empty: all is well)."""
    out: list[str] = []
    catalogs = read_catalogs(po_dir)
    known: dict[Key, Entry] = {}
    for area, entries in catalogs.items():
        for e in entries:
            if e.key in known and known[e.key].msgstr != e.msgstr:
                out.append(f"{area}.po: {e.msgid!r} is translated twice, differently")
            known[e.key] = e
    for key, where in marked_strings(root).items():
        path, line = where[0]
        e = known.get(key)
        if e is None or not e.msgstr or e.fuzzy:
            out.append(f"{path.relative_to(root.parent)}:{line}: no Japanese for {key[1]!r}")
        elif placeholders(e.msgid) != placeholders(e.msgstr):
            out.append(f"{path.relative_to(root.parent)}:{line}: the Japanese of {key[1]!r} "
                       f"has fields {placeholders(e.msgstr)}, not {placeholders(e.msgid)}")
    marked = marked_strings(root)
    out += [f"stale: {k[1]!r} is in the catalog but marked nowhere" for k in known
            if k not in marked]
    if not mo_path.exists() or mo_path.read_bytes() != mo_bytes(list(known.values())):
        out.append(f"{mo_path.name} is out of date: run `python -m nntui.i18n.catalog compile`")
    return out


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        missing = update()
        print("untranslated: " + ", ".join(f"{a} {n}" for a, n in missing.items()))
        return 0
    if command == "compile":
        print(f"{compile_catalogs()} messages -> {MO_PATH}")
        return 0
    if command == "check":
        found = problems()
        print("\n".join(found) or "catalogs complete")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
