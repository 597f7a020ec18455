"""nntui: watch neural-network training techniques work, live in your terminal."""

__version__ = "0.1.0"
