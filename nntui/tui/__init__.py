"""The Textual dashboard: screens, the training worker and NumPy braille plot widgets."""
