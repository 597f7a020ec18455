"""Commands of the `nntui` command line that live outside cli.py (one module each)."""
