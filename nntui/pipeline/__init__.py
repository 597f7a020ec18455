"""One run pipeline for both front ends (headless and dashboard).

`request.resolve_run` turns the user's choices into a frozen `RunRequest` (or raises
a `UserError`, shown the same way by both); `drive.TrainingDriver` is the one step loop
(pause, single step, speed, a progress callback). Nothing here imports Textual.
"""
