"""The `nntui` command line: the Typer app and its commands (`app`: run, list; one module
for each other command: data, new, demo, replay/export, serve; `help`: --help in the chosen
language). Every module imports only Typer at the top, so `nntui --help` stays fast.
"""
