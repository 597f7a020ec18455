"""The run directory: what a run leaves on disk and how it is read back.

`results` writes config.json, metrics.csv, summary.json, report.json (and replay.npz through
`replay`); `folder` refuses to overwrite another run's folder; `failure` is how a run that
raised is told and recorded; `replay` plays a saved run again. No Textual, no printing.
"""
