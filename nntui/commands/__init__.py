"""Subcommands kept out of cli.py (each registered there with one line); every module
imports only Typer at the top, so `nntui --help` stays fast."""
