"""The translation catalogs: every marked string has Japanese with the same format fields,
the compiled .mo is the .po's, a missing translation falls back to English, and the language
is chosen as the CLI contract says (--lang, then LC_ALL / LC_MESSAGES / LANG)."""

from __future__ import annotations

import gettext
import io
from fnmatch import fnmatch
from pathlib import Path

import pytest
import tomllib

from nntui import i18n
from nntui.i18n import catalog
from nntui.i18n.catalog import Entry, mo_bytes, placeholders, problems

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_catalogs_are_complete_and_compiled() -> None:
    assert problems() == []


def test_the_catalogs_translate_many_strings() -> None:
    # The walk found the marked strings (a broken walk would make the test above vacuous).
    marked = catalog.marked_strings()
    assert len(marked) > 50
    assert ("", "Look for: ") in marked


def _package(tmp_path: Path, source: str, po: str) -> tuple[Path, Path, Path]:
    root = tmp_path / "nntui"
    (root / "tui").mkdir(parents=True)
    (root / "tui" / "m.py").write_text(source, encoding="utf-8")
    po_dir = tmp_path / "po"
    po_dir.mkdir()
    (po_dir / "tui.po").write_text(po, encoding="utf-8")
    mo = tmp_path / "nntui.mo"
    mo.write_bytes(mo_bytes(catalog.read_po(po_dir / "tui.po")))
    return root, po_dir, mo


def test_problems_finds_missing_mismatched_stale_and_uncompiled(tmp_path: Path) -> None:
    source = ('from nntui.i18n import _, N_, pgettext\n'
              '_("{n} series")\nN_("loss")\npgettext("status", "done")\n_(name)\n')
    po = ('msgid "{n} series"\nmsgstr "{m} 系列"\n\n'
          'msgctxt "status"\nmsgid "done"\nmsgstr "完了"\n\n'
          'msgid "gone"\nmsgstr "消えた"\n')
    root, po_dir, mo = _package(tmp_path, source, po)
    found = problems(root, po_dir, mo)
    assert any("'{n} series'" in p and "['{m}']" in p for p in found), found
    assert any("no Japanese for 'loss'" in p for p in found), found
    assert any("stale: 'gone'" in p for p in found), found
    assert not any("'done'" in p for p in found), found  # context-marked, translated
    assert not any("out of date" in p for p in found)
    mo.write_bytes(b"")
    assert any("out of date" in p for p in problems(root, po_dir, mo))


def test_update_keeps_translations_adds_new_strings_and_drops_stale(tmp_path: Path) -> None:
    source = 'from nntui.i18n import _\n_("kept")\n_("new")\n'
    root, po_dir, _mo = _package(tmp_path, source,
                                 'msgid "kept"\nmsgstr "残す"\n\nmsgid "old"\nmsgstr "古い"\n')
    assert catalog.update(root, po_dir) == {"core": 0, "presets": 0, "tui": 1, "cli": 0}
    entries = {e.msgid: e for e in catalog.read_po(po_dir / "tui.po")}
    assert entries["kept"].msgstr == "残す" and entries["new"].msgstr == ""
    assert "old" not in entries
    assert entries["kept"].places == ["nntui/tui/m.py:2"]


def test_po_round_trip_keeps_escapes_and_context(tmp_path: Path) -> None:
    entries = [Entry("", 'a "quoted"\nline\twith\\tab', "「引用」\n行"),
               Entry("status", "done", "完了", ["x.py:1"], fuzzy=True)]
    catalog.write_po(tmp_path / "t.po", entries)
    assert catalog.read_po(tmp_path / "t.po") == entries


def test_mo_is_read_by_gettext_with_context_and_english_fallback() -> None:
    entries = [Entry("", "loss", "損失"), Entry("status", "done", "完了"),
               Entry("", "paused", "一時停止", fuzzy=True), Entry("", "empty", "")]
    t = gettext.GNUTranslations(io.BytesIO(mo_bytes(entries)))
    assert t.gettext("loss") == "損失"
    assert t.pgettext("status", "done") == "完了"
    assert t.gettext("done") == "done"  # only under its context
    assert t.gettext("paused") == "paused"  # fuzzy: not shipped
    assert t.gettext("empty") == "empty"
    assert t.gettext("never marked") == "never marked"


def test_placeholders_sees_named_formatted_and_percent_fields() -> None:
    assert placeholders("{n} of {total:,} at {lr:.3g} 100%% %s {{literal}}") == \
        sorted(["{n}", "{total:,}", "{lr:.3g}", "%%", "%s"])


def test_active_language_switches_and_falls_back() -> None:
    assert i18n.use_language("ja") == "ja" and i18n.language() == "ja"
    assert i18n._("Look for: ") == "注目点: "
    assert i18n._("a string nobody marked") == "a string nobody marked"
    assert i18n._("") == ""
    assert i18n.use_language("fr") == "en"  # not spoken: English
    assert i18n._("Look for: ") == "Look for: "


@pytest.mark.parametrize(("explicit", "env", "want"), [
    ("ja", {"LANG": "en_US.UTF-8"}, "ja"),
    ("en", {"LANG": "ja_JP.UTF-8"}, "en"),
    ("JA_jp", {}, "ja"),
    (None, {"LANG": "ja_JP.UTF-8"}, "ja"),
    (None, {"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
    (None, {"LC_MESSAGES": "ja_JP.UTF-8", "LANG": "en_GB.UTF-8"}, "ja"),
    (None, {}, "en"),
])
def test_pick_language(monkeypatch, explicit, env, want) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert i18n.pick_language(explicit) == want


def test_the_compiled_catalog_ships_in_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["nntui.i18n"]
    shipped = catalog.MO_PATH.relative_to(ROOT / "nntui" / "i18n").as_posix()
    assert any(fnmatch(shipped, p) for p in patterns)
    assert catalog.MO_PATH.exists()


def test_a_series_name_in_japanese_names_no_technique_its_preset_does_not() -> None:
    # One msgid serves every preset that uses the word: "plain" is batchnorm's net without
    # BN and noise-and-augmentation's untouched copy. Translated 「BN なし」 for the first,
    # the second's legend read 「BN なし、ノイズ、データ拡張」 (a net with no BN anywhere).
    import re

    from nntui.presets import PRESETS
    from tests.i18n.helpers import ja

    def latin(text: str) -> set[str]:
        return set(re.findall(r"[A-Za-z]{2,}", text))

    for name, preset in PRESETS.items():
        # batchnorm's 「BN なし w=1」 names BN: its own series ("BN w=1") do too.
        # Spelled out as the book writes it is the same name: "norm" -> 「Normalization」.
        own = {w.lower() for w in latin(" ".join(preset.series)) | latin(preset.title)}
        for series in preset.series:
            added = {w for w in latin(ja(series))
                     if not any(w.lower().startswith(o) for o in own)}
            assert not added, (name, series, ja(series))
