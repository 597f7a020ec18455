"""Translations: every user-facing string is written in English in the code and marked, and
its Japanese comes from the package's gettext catalog.

- `_("text")` translates now, in the active language; `_("{n} series").format(n=3)` keeps
  placeholders named so a translation may reorder them.
- `N_("text")` only marks a string for the catalog (module-level constants, preset texts);
  translate it where it is shown: `_(preset.title)`.
- `pgettext("status", "done")` gives a short word a context where one English word needs two
  Japanese ones.

The catalog sources are `nntui/i18n/ja/*.po` (one per area of the package); `python -m
nntui.i18n.catalog update` adds newly marked strings to them, `compile` writes the `.mo` the
program reads (`locale/ja/LC_MESSAGES/nntui.mo`). A string without a translation shows in
English, never as a key. This module imports nothing from nntui: every layer, core included,
may use it.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterable
from pathlib import Path

DOMAIN = "nntui"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: Languages the program speaks; English is the source language (no catalog).
LANGUAGES = ("en", "ja")

_NULL = gettext.NullTranslations()
_loaded: dict[str, gettext.NullTranslations] = {"en": _NULL}
_active: gettext.NullTranslations = _NULL
_language = "en"


def pick_language(explicit: str | None = None) -> str:
    """"ja" when asked for (`--lang ja`) or when LC_ALL / LC_MESSAGES / LANG says ja_*
    (the first one set decides, as in POSIX), else "en"."""
    if explicit:
        return "ja" if explicit.strip().lower().startswith("ja") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of `lang` (loaded once); English, or a missing catalog, translates nothing."""
    if lang not in _loaded:
        try:
            _loaded[lang] = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
        except OSError:  # no .mo for it: fall back to the English source strings
            _loaded[lang] = _NULL
    return _loaded[lang]


def use_language(lang: str) -> str:
    """Make `lang` ("en" or "ja") the language of every later `_()`; returns it.

    One language per process: the CLI sets it once from `--lang`/the locale, an App when it
    starts (tests that switch call it again)."""
    global _active, _language
    lang = lang if lang in LANGUAGES else "en"
    _active, _language = translations(lang), lang
    return lang


def language() -> str:
    """The active language: "en" or "ja"."""
    return _language


def _(message: str) -> str:
    """`message` in the active language (itself when there is no translation)."""
    return _active.gettext(message) if message else message


def pgettext(context: str, message: str) -> str:
    """`message` in the active language, translated as meant in `context`."""
    return _active.pgettext(context, message)


def join_list(items: Iterable[str]) -> str:
    """``items`` as a list in running text: "a, b, c" in English, "a、b、c" in Japanese."""
    return pgettext("list separator", ", ").join(items)


def translate(message: str, lang: str) -> str:
    """`message` in `lang`, whatever the active language (e.g. both titles in `list --json`)."""
    return translations(lang).gettext(message) if message else message


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it (translate where shown)."""
    return message


__all__ = ["LANGUAGES", "N_", "_", "join_list", "language", "pgettext", "pick_language",
           "translate", "translations", "use_language"]
