"""Experiment files: your own comparison of training settings, declared in TOML.

`load(path)` validates a file into an `ExperimentDef`; `to_preset(definition)` makes it a
`Preset` the run pipeline runs like any other; `write.experiment_toml` writes a preset's
resolved settings as a file to start from; `catalog` adds the files of a folder to the
presets the picker offers.
"""
