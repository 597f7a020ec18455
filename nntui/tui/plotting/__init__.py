"""Drawing with no Textual widget in sight: data -> lists of Strips (DESIGN.md "Drawing").

canvas (braille dots), axis (ticks, axes), legend (legend layout), frame (the framed plot),
style (shared styles, notices), and one module per plot kind (line, paths, scatter,
histogram, boundary). The widgets in `nntui.tui.widgets` own the data and call these.
"""
