"""`nntui run --headless`: progress lines and, at the end, the printed charts and tables.

`run.run_headless` drives one run on the shared pipeline; `charts` draws with plotext.
"""
