"""The app's screens: picker, settings, dashboard, help, report and the too-small notice."""
