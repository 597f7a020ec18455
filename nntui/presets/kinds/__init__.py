"""Builders: one per kind of run, shared by every preset of that kind.

Each builder has the `Builder` signature `(config, data_dir, progress) -> Run`.
"""
