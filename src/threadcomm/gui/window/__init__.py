"""The main window and what sits in it: actions, run controls, data field, banner, status, help."""
