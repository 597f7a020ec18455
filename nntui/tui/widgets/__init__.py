"""Textual widgets, one a file. Each owns the data it shows (reactive attributes for
anything that changes what is drawn) and calls `nntui.tui.plotting` to draw it."""
