"""Typer's own usage errors (a misspelt option, a value that is not a number, a missing
argument, an unknown command) in the active language.

Typer 0.28 runs on its own copy of click whose messages are plain English f-strings, not
gettext calls, so no catalog can reach them where they are made. `localized` rebuilds such
an error's message from what the exception holds (the option, the parameter, the value)
with the words from our catalog; the `nntui.cli.app` root command raises the result in its
place, and Typer shows it and exits with code 2 as it would have. A message this module
does not know stays in English.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

import typer

from nntui.i18n import _, join_list, language, pgettext

#: The click Typer runs on (its own copy, or click itself in older Typers).
_errors = sys.modules[typer.BadParameter.__module__]
UsageError: type[Exception] = _errors.UsageError
_BadParameter = _errors.BadParameter
_MissingParameter = _errors.MissingParameter
_NoSuchOption = _errors.NoSuchOption


def _type_name(name: str) -> str:
    integer = pgettext("value type", "integer")
    names = {"int": integer, "integer": integer, "float": pgettext("value type", "number"),
             "boolean": pgettext("value type", "boolean")}
    return names.get(name, name)


#: click's plain messages: an English pattern and its message in the active language.
_PLAIN: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"No such command (?P<name>'.*')\.(?: Did you mean (?P<matches>.+)\?)?$"),
     lambda m: (_("No such command {name}. Did you mean {names}?") if m["matches"]
                else _("No such command {name}.")).format(name=m["name"], names=m["matches"])),
    (re.compile(r"Missing command\.$"), lambda m: _("Missing command.")),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)$"),
     lambda m: _("Unexpected extra argument ({args}).").format(args=m["args"])),
    (re.compile(r"Option (?P<name>'.*') requires an argument\.$"),
     lambda m: _("Option {name} needs a value.").format(name=m["name"])),
    (re.compile(r"Option (?P<name>'.*') does not take a value\.$"),
     lambda m: _("Option {name} takes no value.").format(name=m["name"])),
    (re.compile(r"(?P<value>'.*') is not a valid (?P<type>[a-z ]+)\.$"),
     lambda m: _("{value} is not a valid {type}.").format(value=m["value"],
                                                          type=_type_name(m["type"]))),
]


def _plain(message: str) -> str:
    for pattern, words in _PLAIN:
        match = pattern.match(message)
        if match:
            return words(match)
    return message


def _param_hint(exc: Any) -> str | None:
    """The parameter an error names, as click writes it: "'--seed' / '-s'"."""
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx)
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(x) for x in hint)
    return hint


def message(exc: Any) -> str:
    """The text after "Error: " for the usage error ``exc``, in the active language."""
    if isinstance(exc, _MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        forms = {"argument": _("Missing argument {name}."), "option": _("Missing option {name}.")}
        text = forms.get(kind, _("Missing parameter {name}.")).format(
            name=_param_hint(exc) or "")
        return f"{text} {exc.message}" if exc.message else text
    if isinstance(exc, _BadParameter):
        hint = _param_hint(exc)
        value = _plain(exc.message)
        if hint is None:
            return _("Invalid value: {message}").format(message=value)
        return _("Invalid value for {name}: {message}").format(name=hint, message=value)
    if isinstance(exc, _NoSuchOption):
        if exc.message != f"No such option: {exc.option_name}":
            return _plain(exc.message)
        if exc.possibilities:
            return _("No such option: {name} (Possible options: {options})").format(
                name=exc.option_name, options=join_list(sorted(exc.possibilities)))
        return _("No such option: {name}").format(name=exc.option_name)
    return _plain(exc.message)


class LocalizedUsageError(UsageError):  # type: ignore[misc,valid-type]
    """A usage error whose words are in the active language; shown as click shows one:
    the usage line, how to get help, then the error."""

    def __init__(self, original: Any) -> None:
        super().__init__(message(original), original.ctx)
        self.exit_code = original.exit_code

    def format_message(self) -> str:
        return self.message

    def show(self, file: IO[Any] | None = None) -> None:
        echo: Callable[..., None] = typer.echo
        ctx = self.ctx
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = _("Try '{command} {option}' for help.").format(
                    command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
            echo(f"{ctx.get_usage()}\n{hint}", file=file, err=True, color=ctx.color)
        echo(_("Error: {message}").format(message=self.format_message()), file=file,
             err=True, color=None if ctx is None else ctx.color)


@contextmanager
def localized_usage_errors() -> Iterator[None]:
    """Re-raise a usage error in the active language (English: as it is)."""
    try:
        yield
    except UsageError as exc:
        if language() == "en" or isinstance(exc, LocalizedUsageError):
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":  # shows the (translated) help
            raise
        raise LocalizedUsageError(exc) from None
