"""The NumPy engine of nntui: layers, networks, optimizers, experiments, data.

Pure NumPy and synchronous. Nothing here imports a UI library or starts a thread.
"""
