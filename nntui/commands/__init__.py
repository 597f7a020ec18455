"""Commands of the `nntui` command line that live outside cli.py (one module each, each
registered there with one line); every module imports only Typer at the top, so
`nntui --help` stays fast."""
